import Foundation
import KubeLegoDNS
import Testing

@Suite("RFC2136Configuration from LEGO_DNS01_* variables")
struct ConfigurationTests {
    static let secret = "F5iXdres3k7ElPTMHV7KAg1rCHB+94LXsD1/kt2UFGU="

    static func parse(_ variables: [String: String]) throws -> RFC2136Configuration {
        try RFC2136Configuration.parse { variables[$0] }
    }

    static func failure(_ variables: [String: String]) -> String {
        do {
            _ = try parse(variables)
            return "parsed"
        } catch {
            return "\(error)"
        }
    }

    @Test("defaults: hmac-sha256, TTL 60, 2 minutes, SOA walk; the description hides the secret")
    func defaults() throws {
        let configuration = try Self.parse([
            "LEGO_DNS01_NAMESERVER": "127.0.0.1:5353", "LEGO_DNS01_TSIG_KEY_NAME": "kube-lego", "LEGO_DNS01_TSIG_SECRET": Self.secret,
        ])
        #expect(configuration.nameserver == DNSServer(host: "127.0.0.1", port: 5353))
        #expect(configuration.tsigAlgorithm == .hmacSHA256 && configuration.ttl == 60)
        #expect(configuration.propagationTimeout == .seconds(120) && configuration.zone == nil)
        #expect(try configuration.tsigKey()?.name == DNSName("kube-lego"))
        #expect(!configuration.description.contains(Self.secret) && configuration.description.contains("<redacted>"))
        #expect(!"\(try configuration.tsigKey().map { "\($0)" } ?? "")".contains(Self.secret))
    }

    @Test("every setting given, the secret from a file, durations in Go's notation")
    func everything() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tsig-\(UUID().uuidString)")
        try (Self.secret + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let configuration = try Self.parse([
            "LEGO_DNS01_NAMESERVER": "ns1.example.com", "LEGO_DNS01_TSIG_KEY_NAME": "k.example.com.",
            "LEGO_DNS01_TSIG_SECRET_FILE": file.path, "LEGO_DNS01_TSIG_ALGORITHM": "hmac-sha512.",
            "LEGO_DNS01_ZONE": "example.com", "LEGO_DNS01_TTL": "120", "LEGO_DNS01_PROPAGATION_TIMEOUT": "1m30s",
        ])
        #expect(configuration.nameserver == DNSServer(host: "ns1.example.com", port: 53))
        #expect(configuration.tsigSecret == Self.secret && configuration.tsigAlgorithm == .hmacSHA512)
        #expect(configuration.zone == "example.com" && configuration.ttl == 120 && configuration.propagationTimeout == .seconds(90))
        #expect(DurationText.parse("2m") == .seconds(120) && DurationText.parse("500ms") == .milliseconds(500))
        #expect(DurationText.parse("45") == .seconds(45) && DurationText.parse("1.5s") == .milliseconds(1500))
        #expect(DurationText.parse("2d") == nil && DurationText.parse("m") == nil && DurationText.parse("") == nil)
        #expect(DNSServer(parsing: "[::1]:53") == DNSServer(host: "::1", port: 53) && DNSServer(parsing: "::1") == DNSServer(host: "::1"))
        #expect(DNSServer(parsing: "host:0") == nil && DNSServer(parsing: "host:x") == nil)
    }

    @Test("durations too long to sleep for are refused instead of trapping", arguments: [
        "99999999999999999999999h", "9223372036854775807", "1e300", "9999999999", String(repeating: "9", count: 400) + "s",
    ])
    func hugeDurations(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test("the longest accepted duration is about 292 years")
    func longestDuration() {
        #expect(DurationText.parse("9223372036") == .seconds(9_223_372_036))
        #expect(DurationText.parse("2562047h") == .seconds(2_562_047 * 3600))
    }

    @Test("errors name the variable, the value and what is allowed, and never the secret")
    func errors() {
        let base = ["LEGO_DNS01_NAMESERVER": "127.0.0.1:53", "LEGO_DNS01_TSIG_KEY_NAME": "k", "LEGO_DNS01_TSIG_SECRET": Self.secret]
        #expect(Self.failure([:]).contains("LEGO_DNS01_NAMESERVER is not set"))
        #expect(Self.failure(base.merging(["LEGO_DNS01_NAMESERVER": "host:99999"]) { $1 }).contains("LEGO_DNS01_NAMESERVER=\"host:99999\": expected"))
        let algorithm = Self.failure(base.merging(["LEGO_DNS01_TSIG_ALGORITHM": "hmac-md5"]) { $1 })
        #expect(algorithm.contains("LEGO_DNS01_TSIG_ALGORITHM=\"hmac-md5\"") && algorithm.contains("hmac-sha256, hmac-sha512, hmac-sha1"))
        #expect(Self.failure(base.merging(["LEGO_DNS01_TTL": "0"]) { $1 }).contains("LEGO_DNS01_TTL=\"0\": expected whole seconds, 1-86400"))
        #expect(Self.failure(base.merging(["LEGO_DNS01_PROPAGATION_TIMEOUT": "soon"]) { $1 }).contains("LEGO_DNS01_PROPAGATION_TIMEOUT=\"soon\""))
        #expect(Self.failure(base.merging(["LEGO_DNS01_ZONE": "a..b"]) { $1 }).contains("LEGO_DNS01_ZONE=\"a..b\""))
        #expect(Self.failure(base.merging(["LEGO_DNS01_TSIG_SECRET_FILE": "/nonexistent"]) { $1 }).contains("both"))
        #expect(Self.failure(["LEGO_DNS01_NAMESERVER": "h", "LEGO_DNS01_TSIG_KEY_NAME": "k"]).contains("neither LEGO_DNS01_TSIG_SECRET"))
        #expect(Self.failure(["LEGO_DNS01_NAMESERVER": "h", "LEGO_DNS01_TSIG_SECRET": Self.secret]).contains("LEGO_DNS01_TSIG_KEY_NAME is not"))
        let notBase64 = "not base64 !!" + Self.secret
        let bad = Self.failure(base.merging(["LEGO_DNS01_TSIG_SECRET": notBase64]) { $1 })
        #expect(bad.contains("LEGO_DNS01_TSIG_SECRET") && !bad.contains(notBase64) && !bad.contains(Self.secret))
        #expect(Self.failure(["LEGO_DNS01_NAMESERVER": "h", "LEGO_DNS01_TSIG_KEY_NAME": "k", "LEGO_DNS01_TSIG_SECRET_FILE": "/nonexistent/s"])
            .contains("LEGO_DNS01_TSIG_SECRET_FILE=\"/nonexistent/s\": the file cannot be read"))
    }

    @Test("settingDocs lists every variable once, with a flag and help")
    func docs() {
        let variables = RFC2136Configuration.settingDocs.map(\.variable)
        #expect(Set(variables).count == variables.count && variables.count == 8)
        #expect(RFC2136Configuration.settingDocs.allSatisfy { $0.flag.hasPrefix("--dns01-") && !$0.help.isEmpty })
    }
}
