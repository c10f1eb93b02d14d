import CKubeLegoOpenSSL

/// Owns an OpenSSL `X509` decoded from DER; freed when this object goes.
final class X509Handle {
    /// The certificate handle, valid for this object's lifetime.
    let handle: OpaquePointer

    /// Decodes exactly one DER certificate, with no bytes left over.
    init(der: [UInt8]) throws(TLSError) {
        guard !der.isEmpty else { throw TLSError(code: .emptyInput, reason: "the certificate DER is empty") }
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            guard let certificate = d2i_X509(nil, &cursor, buffer.count) else { return nil }
            guard cursor == buffer.baseAddress.map({ $0 + buffer.count }) else {
                X509_free(certificate)
                return nil
            }
            return certificate
        }
        guard let decoded else { throw .openSSL(.invalidCertificate, "the bytes are not one DER X.509 certificate") }
        handle = decoded
    }

    deinit {
        X509_free(handle)
    }
}
