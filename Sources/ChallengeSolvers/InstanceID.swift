/// Identifiers that tell responder instances apart in the self-check.
public enum InstanceID {
    private static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// 16 ASCII letters from the system's cryptographically secure generator (getrandom on Linux).
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
    }

    /// True when `value` has the shape `random()` produces; other kube-lego instances use the same shape.
    static func looksLikeInstanceID(_ value: some StringProtocol) -> Bool {
        value.count == 16 && value.allSatisfy { $0.isASCII && $0.isLetter }
    }
}
