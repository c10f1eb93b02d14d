import KubeLegoBasics

extension PrivateKey {
    /// Generates a key on a thread of its own and resumes the caller when done.
    ///
    /// RSA generation takes from a tenth of a second (2048 bits) to seconds (4096 bits) of CPU; run on Swift's
    /// cooperative pool (two threads on a two-core machine) it would stall every other task meanwhile.
    public static func generated(_ type: KeyType) async throws(TLSError) -> PrivateKey {
        let result: Result<PrivateKey, TLSError> = await withCheckedContinuation { continuation in
            let work: @Sendable () -> Void = {
                do throws(TLSError) {
                    continuation.resume(returning: .success(try generate(type)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            // Without a thread of its own (the system refused one) the key is made here, slowly but surely.
            if !DetachedThread.start(name: "kube-lego-keygen", work) { work() }
        }
        return try result.get()
    }
}
