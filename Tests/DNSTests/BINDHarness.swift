import KubeLegoDNS
import KubeLegoTestKit
import Logging

/// Runs `body` against a fresh BIND and stops it afterwards, also when `body` throws.
func withBIND(_ body: (BINDServer) async throws -> Void) async throws {
    let bind = try await BINDServer.start()
    do {
        try await body(bind)
    } catch {
        bind.stop()
        throw error
    }
    bind.stop()
}

extension BINDServer {
    /// The update server as the DNS module spells it.
    var dnsServer: DNSServer { DNSServer(host: "127.0.0.1", port: port) }

    /// A client signing with the key of `algorithm` (hmac-sha256 by default).
    func client(algorithm: TSIGAlgorithm = .hmacSHA256, secret: String? = nil, keyName: String? = nil) throws -> RFC2136Client {
        let key = keys[algorithm.rawValue] ?? self.key
        let tsig = try TSIGKey(name: keyName ?? key.name, algorithm: algorithm, secretBase64: secret ?? key.secret)
        var logger = Logger(label: "dns-test")
        logger.logLevel = .notice
        return RFC2136Client(server: dnsServer, key: tsig, transport: DNSTransport(timeout: .seconds(5)), logger: logger)
    }

    /// The TXT values of `name` as BIND answers them now.
    func txtValues(_ name: String) async throws -> [String] {
        let response = try await client().query(try DNSName(name), type: .txt)
        return response.answers.compactMap(\.data.joinedText).sorted()
    }

    /// A configuration pointing at this server with its hmac-sha256 key.
    func configuration(secret: String? = nil) -> RFC2136Configuration {
        var configuration = RFC2136Configuration(nameserver: dnsServer, tsigKeyName: key.name, tsigSecret: secret ?? key.secret)
        configuration.propagationTimeout = .seconds(10)
        return configuration
    }
}

/// A base64 secret of the right shape that BIND does not know.
let unknownSecret = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
