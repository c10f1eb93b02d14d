import Foundation
import KubeLegoSpawn

/// A throwaway CA with a server certificate for 127.0.0.1 and a client certificate, made with the openssl CLI.
struct TestCertificates {
    let caPEM: String
    let serverCertificatePEM: String
    let serverKeyPEM: String
    let clientCertificatePEM: String
    let clientKeyPEM: String

    init(in dir: ScratchDirectory) throws {
        let commands = [
            "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=kube-tests-CA",
            "req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1",
            "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext",
            "req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client.key -out client.csr -subj /CN=kube-lego/O=system:masters",
            "x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2 -extfile client.ext",
        ]
        try dir.write("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
        try dir.write("client.ext", "extendedKeyUsage=clientAuth\n")
        for command in commands {
            let process = SpawnedProcess()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = command.split(separator: " ").map(String.init)
            process.currentDirectoryURL = URL(fileURLWithPath: dir.path)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl \(command) failed"])
            }
        }
        func read(_ name: String) throws -> String { try String(contentsOfFile: dir.path + "/" + name, encoding: .utf8) }
        caPEM = try read("ca.pem")
        serverCertificatePEM = try read("server.pem")
        serverKeyPEM = try read("server.key")
        clientCertificatePEM = try read("client.pem")
        clientKeyPEM = try read("client.key")
    }
}
