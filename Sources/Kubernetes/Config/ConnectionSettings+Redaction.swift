import KubeLegoHTTP

extension ConnectionSettings: CustomStringConvertible, CustomReflectable {
    /// Server, origin and which credentials are present; never a token or a key.
    public var description: String {
        var parts = ["server: \(URLRedaction.redact(server))", "origin: \(origin)"]
        if let bearerToken { parts.append("token: \(bearerToken)") }
        if clientCertificatePEM != nil { parts.append("client certificate: yes") }
        if insecureSkipTLSVerify { parts.append("insecure-skip-tls-verify") }
        if let namespace { parts.append("namespace: \(namespace)") }
        return "ConnectionSettings(" + parts.joined(separator: ", ") + ")"
    }

    /// Reflection (`dump`, debuggers) shows the redacted description only.
    public var customMirror: Mirror {
        Mirror(self, children: ["description": description])
    }
}

extension BearerTokenSource: CustomStringConvertible, CustomReflectable {
    /// `literal(<redacted>)` or `file(<path>)`: the token itself is never shown.
    public var description: String {
        switch self {
        case .literal: "literal(<redacted>)"
        case .file(let path): "file(\(path))"
        }
    }

    /// Reflection shows the redacted description only.
    public var customMirror: Mirror {
        Mirror(self, children: ["description": description])
    }
}
