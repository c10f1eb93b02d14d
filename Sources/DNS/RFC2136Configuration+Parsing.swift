#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics

extension RFC2136Configuration {
    /// The settings the solver reads, for the lead's declared settings, flags and README table.
    public static let settingDocs: [(variable: String, flag: String, defaultValue: String, help: String)] = [
        ("LEGO_DNS01_NAMESERVER", "--dns01-nameserver", "", "DNS server accepting RFC 2136 updates, host:port (port 53 when omitted)."),
        ("LEGO_DNS01_TSIG_KEY_NAME", "--dns01-tsig-key-name", "", "Name of the TSIG key updates are signed with (empty: unsigned)."),
        ("LEGO_DNS01_TSIG_SECRET", "--dns01-tsig-secret", "", "TSIG secret, base64 as tsig-keygen prints it. Never logged."),
        ("LEGO_DNS01_TSIG_SECRET_FILE", "--dns01-tsig-secret-file", "", "File holding the TSIG secret (instead of LEGO_DNS01_TSIG_SECRET)."),
        ("LEGO_DNS01_TSIG_ALGORITHM", "--dns01-tsig-algorithm", "hmac-sha256", "TSIG algorithm: hmac-sha256, hmac-sha512 or hmac-sha1."),
        ("LEGO_DNS01_ZONE", "--dns01-zone", "", "Zone to update; found by an SOA walk when empty."),
        ("LEGO_DNS01_TTL", "--dns01-ttl", "60", "TTL of the challenge TXT records, seconds."),
        ("LEGO_DNS01_PROPAGATION_TIMEOUT", "--dns01-propagation-timeout", "2m",
         "How long to wait for every authoritative server to answer with the record (\"2m\", \"90s\", \"1m30s\" or seconds)."),
    ]

    /// Reads the LEGO_DNS01_* variables through `lookup` (empty counts as unset). Errors name the variable,
    /// the value (never a secret) and what is allowed.
    public static func parse(_ lookup: (String) -> String?) throws(DNSError) -> RFC2136Configuration {
        func value(_ name: String) -> String? {
            guard let text = lookup(name)?.trimmed(), !text.isEmpty else { return nil }
            return text
        }
        guard let serverText = value("LEGO_DNS01_NAMESERVER") else {
            throw DNSError(.configuration, "LEGO_DNS01_NAMESERVER is not set: give the DNS server accepting updates as host:port")
        }
        guard let server = DNSServer(parsing: serverText) else {
            throw DNSError(.configuration, "LEGO_DNS01_NAMESERVER=\"\(serverText)\": expected host, host:port or [IPv6]:port, port 1-65535")
        }
        var configuration = RFC2136Configuration(nameserver: server)
        if let algorithm = value("LEGO_DNS01_TSIG_ALGORITHM") {
            guard let parsed = TSIGAlgorithm(text: algorithm) else {
                let allowed = TSIGAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")
                throw DNSError(.configuration, "LEGO_DNS01_TSIG_ALGORITHM=\"\(algorithm)\": expected one of \(allowed)")
            }
            configuration.tsigAlgorithm = parsed
        }
        configuration.tsigSecret = try secret(value("LEGO_DNS01_TSIG_SECRET"), file: value("LEGO_DNS01_TSIG_SECRET_FILE"))
        configuration.tsigKeyName = value("LEGO_DNS01_TSIG_KEY_NAME")
        if let keyName = configuration.tsigKeyName {
            guard (try? DNSName(keyName)).map({ !$0.labels.isEmpty }) == true else {
                throw DNSError(.configuration, "LEGO_DNS01_TSIG_KEY_NAME=\"\(keyName)\": expected a key name such as kube-lego or kube-lego.example.com")
            }
            guard configuration.tsigSecret != nil else {
                throw DNSError(.configuration, "LEGO_DNS01_TSIG_KEY_NAME is set but neither LEGO_DNS01_TSIG_SECRET nor LEGO_DNS01_TSIG_SECRET_FILE is")
            }
        } else if configuration.tsigSecret != nil {
            throw DNSError(.configuration, "a TSIG secret is set but LEGO_DNS01_TSIG_KEY_NAME is not: give the key's name")
        }
        _ = try configuration.tsigKey()
        if let zone = value("LEGO_DNS01_ZONE") {
            guard (try? DNSName(zone)).map({ !$0.labels.isEmpty }) == true else {
                throw DNSError(.configuration, "LEGO_DNS01_ZONE=\"\(zone)\": expected a domain name such as example.com")
            }
            configuration.zone = zone
        }
        if let ttl = value("LEGO_DNS01_TTL") {
            guard let seconds = UInt32(ttl), (1...86400).contains(seconds) else {
                throw DNSError(.configuration, "LEGO_DNS01_TTL=\"\(ttl)\": expected whole seconds, 1-86400")
            }
            configuration.ttl = seconds
        }
        if let timeout = value("LEGO_DNS01_PROPAGATION_TIMEOUT") {
            guard let duration = DurationText.parse(timeout), duration > .zero else {
                throw DNSError(.configuration, "LEGO_DNS01_PROPAGATION_TIMEOUT=\"\(timeout)\": expected a positive duration such as 2m, 90s, 1m30s or 120")
            }
            configuration.propagationTimeout = duration
        }
        return configuration
    }

    /// The secret from the variable or the file (not both); the secret itself never goes into an error.
    private static func secret(_ inline: String?, file: String?) throws(DNSError) -> String? {
        if inline != nil && file != nil {
            throw DNSError(.configuration, "both LEGO_DNS01_TSIG_SECRET and LEGO_DNS01_TSIG_SECRET_FILE are set: give one")
        }
        if let inline {
            guard let decoded = Data(base64Encoded: inline), !decoded.isEmpty else {
                throw DNSError(.configuration, "LEGO_DNS01_TSIG_SECRET (value not shown) is not base64, as tsig-keygen prints it")
            }
            return inline
        }
        guard let file else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DNSError(.configuration, "LEGO_DNS01_TSIG_SECRET_FILE=\"\(file)\": the file cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self).trimmed()
        guard let decoded = Data(base64Encoded: text), !decoded.isEmpty else {
            throw DNSError(.configuration, "LEGO_DNS01_TSIG_SECRET_FILE=\"\(file)\": the content (not shown) is not a base64 secret")
        }
        return text
    }
}
