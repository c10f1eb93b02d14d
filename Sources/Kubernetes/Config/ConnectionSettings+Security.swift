import KubeLegoHTTP
public import Logging

extension ConnectionSettings {
    /// Risks in these settings an operator should hear about: server certificate verification turned off
    /// (`insecure-skip-tls-verify`), and credentials (a bearer token, or basic auth in the URL) sent over plain
    /// `http://`. Each names the server (without credentials), where the settings came from, and the risk;
    /// none contains a credential.
    public var securityWarnings: [String] {
        let shownServer = URLRedaction.redact(server)
        let plainHTTP = server.lowercased().hasPrefix("http://")
        var warnings: [String] = []
        if insecureSkipTLSVerify, !plainHTTP {
            warnings.append(
                "TLS verification of the Kubernetes API server \(shownServer) is disabled (insecure-skip-tls-verify, from "
                    + "\(origin)): anyone on the network path can impersonate the API server and receive kube-lego's credentials")
        }
        if plainHTTP, let bearerToken {
            warnings.append(
                "a bearer token (\(bearerToken)) is sent to the Kubernetes API server \(shownServer) over plain http (from "
                    + "\(origin)): anyone on the network path can read it and act with kube-lego's permissions")
        }
        if plainHTTP, shownServer != server {
            warnings.append(
                "basic-auth credentials in the server URL are sent to the Kubernetes API server \(shownServer) over plain "
                    + "http (from \(origin)): anyone on the network path can read them")
        }
        return warnings
    }

    /// Logs each of `securityWarnings` at warning level, with the server (without credentials) in
    /// `kube.server`; call it once, when the connection is set up.
    public func logSecurityWarnings(to logger: Logger) {
        for warning in securityWarnings {
            logger.warning("\(warning)", metadata: ["kube.server": "\(URLRedaction.redact(server))"])
        }
    }
}
