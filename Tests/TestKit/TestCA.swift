public import Foundation

/// A throwaway certificate authority made with the `openssl` CLI in a directory, for TLS tests: it issues server
/// and client certificates (ECDSA P-256 keys, PKCS#8 PEM) signed by its self-signed root.
public struct TestCA: Sendable {
    /// What `issueServer` and `issueClient` return: the certificate and key as PEM and as files.
    public typealias Issued = (certificatePEM: String, keyPEM: String, certificateFile: URL, keyFile: URL)

    /// The directory holding the CA and everything it issues.
    public let directory: URL
    /// The CA certificate as PEM: what clients and servers trust.
    public let certificatePEM: String
    /// The CA certificate file (PEM).
    public let certificateFile: URL
    /// The CA's private key file (PEM).
    public let keyFile: URL

    /// Days every certificate is valid for.
    static let validityDays = "30"

    /// Makes a new CA ("CN=kube-lego test CA …") in `directory`, which must exist.
    public static func make(in directory: URL) throws -> TestCA {
        let certificateFile = directory.appendingPathComponent("ca.pem")
        let keyFile = directory.appendingPathComponent("ca.key")
        try openssl(
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", keyFile.path, "-out", certificateFile.path, "-days", validityDays,
                "-subj", "/CN=kube-lego test CA \(UUID().uuidString.prefix(8))",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ],
            in: directory
        )
        return TestCA(
            directory: directory,
            certificatePEM: try String(contentsOf: certificateFile, encoding: .utf8),
            certificateFile: certificateFile,
            keyFile: keyFile
        )
    }

    /// Issues a server certificate for `names` (IP addresses become IP SANs, the rest DNS SANs; the first name is
    /// also the CN when it fits 64 bytes), with extendedKeyUsage serverAuth.
    public func issueServer(names: [String]) throws -> Issued {
        precondition(!names.isEmpty, "a server certificate needs at least one name")
        let alternativeNames = names.map { Self.looksLikeIPAddress($0) ? "IP:\($0)" : "DNS:\($0)" }
        let commonName = names[0].utf8.count <= 64 ? names[0] : "server"
        return try issue(
            subject: "/CN=\(commonName)",
            extensions: [
                "subjectAltName=\(alternativeNames.joined(separator: ","))",
                "extendedKeyUsage=serverAuth",
            ]
        )
    }

    /// Issues a client certificate with subject CN=`commonName` (and O=`organization` when given: Kubernetes reads
    /// it as a group), with extendedKeyUsage clientAuth.
    public func issueClient(commonName: String, organization: String? = nil) throws -> Issued {
        let subject = "/CN=\(commonName)" + (organization.map { "/O=\($0)" } ?? "")
        return try issue(subject: subject, extensions: ["extendedKeyUsage=clientAuth"])
    }

    /// Makes a key and a certificate request, and signs it with the CA; each issue gets its own files and a
    /// random serial, so parallel tests can share one CA.
    private func issue(subject: String, extensions: [String]) throws -> Issued {
        let stem = "issued-\(UUID().uuidString)"
        let keyFile = directory.appendingPathComponent("\(stem).key")
        let requestFile = directory.appendingPathComponent("\(stem).csr")
        let extensionFile = directory.appendingPathComponent("\(stem).ext")
        let certificateFile = directory.appendingPathComponent("\(stem).pem")
        try Self.openssl(
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", keyFile.path, "-out", requestFile.path, "-subj", subject,
            ],
            in: directory
        )
        let allExtensions = ["basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature"] + extensions
        try Data((allExtensions.joined(separator: "\n") + "\n").utf8).write(to: extensionFile)
        let serial = "0x" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try Self.openssl(
            [
                "x509", "-req", "-in", requestFile.path, "-CA", self.certificateFile.path,
                "-CAkey", self.keyFile.path, "-set_serial", serial, "-days", Self.validityDays,
                "-extfile", extensionFile.path, "-out", certificateFile.path,
            ],
            in: directory
        )
        return (
            certificatePEM: try String(contentsOf: certificateFile, encoding: .utf8),
            keyPEM: try String(contentsOf: keyFile, encoding: .utf8),
            certificateFile: certificateFile,
            keyFile: keyFile
        )
    }

    /// Whether `name` is written as an IPv4 or IPv6 address (digits and dots, or containing a colon).
    static func looksLikeIPAddress(_ name: String) -> Bool {
        name.contains(":") || (!name.isEmpty && name.allSatisfy { $0.isNumber || $0 == "." })
    }
}
