import ArgumentParser
import Foundation
import KubeLegoACME
import KubeLegoChallengeSolvers
import KubeLegoCore
import KubeLegoHTTP
import KubeLegoTLS
import Logging

/// `kube-lego certonly`: issue one certificate without Kubernetes, answering HTTP-01 on a local port.
struct CertonlyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certonly",
        abstract: "Issue one certificate without Kubernetes (HTTP-01 answered on a local port).",
        discussion: "Writes tls.crt (leaf and chain) and tls.key (mode 0600) into --out. Exit code 0 on success; "
            + "otherwise one line naming the failing host and the CA's reason."
    )

    @Option(help: "ACME directory URL.") var acmeURL: String = Configuration.letsEncryptStaging
    @Option(help: "Contact e-mail for the ACME account.") var email: String?
    @Option(name: .customLong("domain"), help: "A name (DNS or IP) to put in the certificate; repeatable.")
    var domains: [String] = []
    @Option(help: "Certificate key type: rsa2048, rsa3072, rsa4096, ec256, ec384.") var keyType: String = "ec256"
    @Option(help: "Port of the built-in HTTP-01 responder.") var httpPort: Int = 80
    @Option(help: "Address the responder binds to.") var httpAddress: String = "0.0.0.0"
    @Option(help: "PEM file of extra CAs to trust for the ACME server.") var caFile: String?
    @Option(help: "External account binding key id.") var eabKid: String?
    @Option(help: "External account binding HMAC key (base64url).") var eabHmacKey: String?
    @Option(help: "Issuer common name of the chain to prefer.") var preferredChain: String?
    @Option(help: "Account key PEM file; created (EC P-256, mode 0600) when missing.") var accountKey: String?
    @Option(help: "Directory to write tls.crt and tls.key into.") var out: String = "."
    @Option(help: "Give up after this many seconds.") var timeout: Int = 300
    @Flag(help: "Log each step to stderr.") var verbose = false

    func validate() throws {
        guard !domains.isEmpty else { throw ValidationError("give at least one --domain") }
        guard KeyType(rawValue: keyType) != nil else {
            throw ValidationError("--key-type \(keyType): expected one of \(KeyType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (1...65535).contains(httpPort) else { throw ValidationError("--http-port \(httpPort): expected 1-65535") }
        guard (eabKid == nil) == (eabHmacKey == nil) else { throw ValidationError("give both --eab-kid and --eab-hmac-key, or neither") }
    }

    func run() async throws {
        var logger = Logger(label: "kube-lego.certonly")
        logger.logLevel = verbose ? .debug : .warning
        do {
            let started = ContinuousClock.now
            let issued = try await issue(logger: logger)
            let outputs = try CertificateFiles(directory: out).write(chainPEM: issued.certificate.chainPEM, keyPEM: issued.keyPEM)
            let leaf = issued.certificate.chain.leaf
            print("issued \((leaf.dnsNames + leaf.ipAddresses).joined(separator: ",")) valid until \(leaf.notAfter.formatted(.iso8601)) "
                + "-> \(outputs.certificate), \(outputs.key) (\(issued.certificate.requestCount) ACME requests, "
                + "\(String(format: "%.3f", (ContinuousClock.now - started).seconds)) s)")
        } catch {
            FileHandle.standardError.write(Data("kube-lego certonly: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func issue(logger: Logger) async throws -> (certificate: IssuedCertificate, keyPEM: String) {
        var httpConfiguration = HTTPClientConfiguration()
        httpConfiguration.userAgent = "kube-lego/\(KubeLegoVersion.current)"
        if let caFile { httpConfiguration.trust = .file(caFile, replacingSystem: false) }
        let http = try HTTPClient(configuration: httpConfiguration)
        defer { Task { await http.shutdown() } }
        let acme = ACMEClient(directoryURL: acmeURL, httpClient: http, logger: logger)
        let key = try accountKey.map(CertificateFiles.loadOrCreateAccountKey(at:)) ?? PrivateKey.generate(.ec256)
        let binding = try eabKid.map { try ExternalAccountBinding(keyID: $0, macKeyBase64URL: eabHmacKey ?? "") }
        let account = try await acme.createAccount(
            key: key, contact: email.map { ["mailto:\($0.lowercased())"] } ?? [], agreeToTermsOfService: true,
            externalAccountBinding: binding)
        let responder = HTTP01Responder(host: httpAddress, port: httpPort, version: KubeLegoVersion.current, logger: logger)
        let solver = HTTP01Solver(responder: responder, client: http, selfCheck: .init(enabled: false), logger: logger)
        let certificateKey = try PrivateKey.generate(KeyType(rawValue: keyType) ?? .ec256)
        return try await responder.serving { _ in
            let issued = try await acme.issueCertificate(
                for: domains.map(ACMEIdentifier.infer), certificateKey: certificateKey, account: account,
                solvers: [solver], options: IssuanceOptions(preferredChain: preferredChain, timeout: .seconds(timeout)))
            return (issued, try certificateKey.pemPKCS8())
        }
    }
}
