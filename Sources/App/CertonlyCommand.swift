import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoACME
import KubeLegoBasics
import KubeLegoChallengeSolvers
import KubeLegoCore
import KubeLegoDNS
import KubeLegoHTTP
import KubeLegoTLS
import Logging

/// `kube-lego certonly`: issue one certificate without Kubernetes, answering HTTP-01 on a local port or
/// DNS-01 through RFC 2136 updates (`--challenge dns-01`, needed for wildcard names).
struct CertonlyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certonly",
        abstract: "Issue one certificate without Kubernetes (HTTP-01 on a local port, or DNS-01 over RFC 2136).",
        discussion: "Writes tls.crt (leaf and chain) and tls.key (mode 0600) into --out, as symlinks through --out/..data "
            + "to a new directory per certificate, switched in one rename so the pair never mismatches. Exit code 0 on success; "
            + "otherwise one line naming the failing host and the CA's reason. With --challenge dns-01 every --dns01-* "
            + "flag not given is read from its LEGO_DNS01_* environment variable."
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
    @Option(help: "Challenge type to answer: http-01 or dns-01 (wildcards need dns-01).") var challenge: String = "http-01"
    @Option(name: .customLong("dns01-nameserver"), help: "DNS-01: server accepting RFC 2136 updates, host:port (LEGO_DNS01_NAMESERVER).")
    var dns01Nameserver: String?
    @Option(name: .customLong("dns01-tsig-key-name"), help: "DNS-01: TSIG key name (LEGO_DNS01_TSIG_KEY_NAME).")
    var dns01TsigKeyName: String?
    @Option(name: .customLong("dns01-tsig-secret"), help: "DNS-01: TSIG secret, base64 (LEGO_DNS01_TSIG_SECRET); prefer the file.")
    var dns01TsigSecret: String?
    @Option(name: .customLong("dns01-tsig-secret-file"), help: "DNS-01: file holding the TSIG secret (LEGO_DNS01_TSIG_SECRET_FILE).")
    var dns01TsigSecretFile: String?
    @Option(name: .customLong("dns01-tsig-algorithm"), help: "DNS-01: hmac-sha256 (default), hmac-sha512 or hmac-sha1 (LEGO_DNS01_TSIG_ALGORITHM).")
    var dns01TsigAlgorithm: String?
    @Option(name: .customLong("dns01-zone"), help: "DNS-01: zone to update; found by an SOA walk when omitted (LEGO_DNS01_ZONE).")
    var dns01Zone: String?
    @Option(name: .customLong("dns01-ttl"), help: "DNS-01: TTL of the TXT records in seconds, default 60 (LEGO_DNS01_TTL).")
    var dns01TTL: String?
    @Option(name: .customLong("dns01-propagation-timeout"),
            help: "DNS-01: how long to wait for every authoritative server, default 2m (LEGO_DNS01_PROPAGATION_TIMEOUT).")
    var dns01PropagationTimeout: String?

    func validate() throws {
        guard !domains.isEmpty else { throw ValidationError("give at least one --domain") }
        guard KeyType(rawValue: keyType) != nil else {
            throw ValidationError("--key-type \(keyType): expected one of \(KeyType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (1...65535).contains(httpPort) else { throw ValidationError("--http-port \(httpPort): expected 1-65535") }
        guard (eabKid == nil) == (eabHmacKey == nil) else { throw ValidationError("give both --eab-kid and --eab-hmac-key, or neither") }
        guard ["http-01", "dns-01"].contains(challenge) else { throw ValidationError("--challenge \(challenge): expected http-01 or dns-01") }
        if challenge == "http-01", let wildcard = domains.first(where: { $0.hasPrefix("*.") }) {
            throw ValidationError("--domain \(wildcard): wildcard names need --challenge dns-01")
        }
        if challenge == "dns-01" { _ = try dns01Configuration() }
    }

    /// The DNS-01 settings: each flag, else its LEGO_DNS01_* variable. Errors name the flag when one was given.
    private func dns01Configuration() throws -> RFC2136Configuration {
        let flags: [String: String?] = [
            "LEGO_DNS01_NAMESERVER": dns01Nameserver, "LEGO_DNS01_TSIG_KEY_NAME": dns01TsigKeyName,
            "LEGO_DNS01_TSIG_SECRET": dns01TsigSecret, "LEGO_DNS01_TSIG_SECRET_FILE": dns01TsigSecretFile,
            "LEGO_DNS01_TSIG_ALGORITHM": dns01TsigAlgorithm, "LEGO_DNS01_ZONE": dns01Zone, "LEGO_DNS01_TTL": dns01TTL,
            "LEGO_DNS01_PROPAGATION_TIMEOUT": dns01PropagationTimeout,
        ]
        let environment = ProcessInfo.processInfo.environment
        do {
            return try RFC2136Configuration.parse { variable in (flags[variable] ?? nil) ?? environment[variable] }
        } catch {
            var reason = error.reason
            for setting in RFC2136Configuration.settingDocs where (flags[setting.variable] ?? nil) != nil {
                reason = reason.replacing(setting.variable, with: setting.flag)
            }
            throw ValidationError(reason)
        }
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
                + "\((ContinuousClock.now - started).seconds.fixedText(places: 3)) s)")
        } catch {
            StandardError.write("kube-lego certonly: \(error)\n")
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
        let certificateKey = try PrivateKey.generate(KeyType(rawValue: keyType) ?? .ec256)
        let options = IssuanceOptions(preferredChain: preferredChain, timeout: .seconds(timeout))
        let identifiers = domains.map(ACMEIdentifier.infer)
        if challenge == "dns-01" {
            let solver = try DNS01Solver(configuration: dns01Configuration(), logger: logger)
            let issued = try await acme.issueCertificate(for: identifiers, certificateKey: certificateKey, account: account,
                                                         solvers: [solver], options: options)
            return (issued, try certificateKey.pemPKCS8())
        }
        let responder = HTTP01Responder(host: httpAddress, port: httpPort, version: KubeLegoVersion.current, logger: logger)
        let solver = HTTP01Solver(responder: responder, client: http, selfCheck: .init(enabled: false), logger: logger)
        return try await responder.serving { _ in
            let issued = try await acme.issueCertificate(
                for: identifiers, certificateKey: certificateKey, account: account, solvers: [solver], options: options)
            return (issued, try certificateKey.pemPKCS8())
        }
    }
}
