extension SandboxAPIServer {
    /// A kubeconfig (YAML) pointing kubectl or a client at this server: `certificateAuthorityPEM` is embedded
    /// for HTTPS; `token` defaults to the server's own; client certificate and key (PEM) are embedded when given.
    /// Note that kubectl sends bearer tokens only over HTTPS.
    public func kubeconfig(
        certificateAuthorityPEM: String? = nil, token: String? = nil, clientCertificatePEM: String? = nil,
        clientKeyPEM: String? = nil
    ) -> String {
        var cluster = "    server: \(baseURL)\n"
        if let certificateAuthorityPEM {
            cluster += "    certificate-authority-data: \(Base64.encode(Array(certificateAuthorityPEM.utf8)))\n"
        }
        var user = ""
        if let token = token ?? bearerToken { user += "    token: \(token)\n" }
        if let clientCertificatePEM, let clientKeyPEM {
            user += "    client-certificate-data: \(Base64.encode(Array(clientCertificatePEM.utf8)))\n"
            user += "    client-key-data: \(Base64.encode(Array(clientKeyPEM.utf8)))\n"
        }
        if user.isEmpty {
            // Over HTTPS kubectl prompts for a username when a user has no credentials at all; the sandbox
            // ignores tokens when it has none configured, so a placeholder keeps kubectl non-interactive.
            user = baseURL.hasPrefix("https:") ? "    token: sandbox-without-auth\n" : "    {}\n"
        }
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: sandbox
              cluster:
            \(cluster)contexts:
            - name: sandbox
              context:
                cluster: sandbox
                user: sandbox
                namespace: default
            current-context: sandbox
            users:
            - name: sandbox
              user:
            \(user)
            """
    }
}
