import Foundation

/// A throwaway CA with a server certificate for 127.0.0.1/localhost and a client certificate, made with the
/// `openssl` CLI (named apart from TestKit's TestCA so the two never clash).
struct SandboxTestCertificates {
    let caPEM: String
    let serverCertificatePEM: String
    let serverKeyPEM: String
    let clientCertificatePEM: String
    let clientKeyPEM: String
    /// Paths of the same files, for CLI tools.
    let caPath: String
    let clientCertificatePath: String
    let clientKeyPath: String

    /// Generates everything in `directory`.
    init(in directory: SandboxScratchDirectory) throws {
        let dir = directory.path
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "\(dir)/ca.key",
             "-out", "\(dir)/ca.pem", "-days", "2", "-subj", "/CN=sandbox test CA"],
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "\(dir)/server.key",
             "-out", "\(dir)/server.csr", "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", "\(dir)/server.csr", "-CA", "\(dir)/ca.pem", "-CAkey", "\(dir)/ca.key",
             "-CAcreateserial", "-out", "\(dir)/server.pem", "-days", "2", "-extfile", "\(dir)/server.ext"],
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "\(dir)/client.key",
             "-out", "\(dir)/client.csr", "-subj", "/CN=kube-lego/O=system:masters"],
            ["x509", "-req", "-in", "\(dir)/client.csr", "-CA", "\(dir)/ca.pem", "-CAkey", "\(dir)/ca.key",
             "-CAcreateserial", "-out", "\(dir)/client.pem", "-days", "2", "-extfile", "\(dir)/client.ext"],
        ]
        try directory.write("server.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
        try directory.write("client.ext", "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n")
        for arguments in steps {
            let result = try ProcessRunner.run("/usr/bin/openssl", arguments)
            guard result.status == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl failed: \(result.stderr)"])
            }
        }
        caPEM = try directory.read("ca.pem")
        serverCertificatePEM = try directory.read("server.pem")
        serverKeyPEM = try directory.read("server.key")
        clientCertificatePEM = try directory.read("client.pem")
        clientKeyPEM = try directory.read("client.key")
        caPath = "\(dir)/ca.pem"
        clientCertificatePath = "\(dir)/client.pem"
        clientKeyPath = "\(dir)/client.key"
    }
}
