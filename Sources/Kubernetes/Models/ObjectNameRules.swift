/// The name rules kube-apiserver applies, worded as it words them, so a client can refuse a name before the
/// server does (and the sandbox can refuse it as the server would).
public enum ObjectNameRules {
    /// Why `name` is not a DNS-1123 subdomain (the rule for most object names, Secrets included), or nil.
    public static func dns1123SubdomainProblem(_ name: String) -> String? {
        if name.utf8.count > 253 { return "must be no more than 253 characters" }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.allSatisfy({ isDNS1123Label($0) }) { return nil }
        return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation "
            + "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    }

    /// Why `name` is not a DNS-1123 label (the rule for Namespace names), or nil.
    public static func dns1123LabelProblem(_ name: String) -> String? {
        if name.utf8.count > 63 { return "must be no more than 63 characters" }
        if isDNS1123Label(Substring(name)) { return nil }
        return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
            + "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    }

    /// Whether a label is 1-63 of `[a-z0-9-]`, starting and ending alphanumeric.
    public static func isDNS1123Label(_ label: Substring) -> Bool {
        let bytes = Array(label.utf8)
        guard let first = bytes.first, let last = bytes.last, bytes.count <= 63 else { return false }
        let alnum: (UInt8) -> Bool = { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
        return alnum(first) && alnum(last) && bytes.allSatisfy { alnum($0) || $0 == 0x2D }
    }
}
