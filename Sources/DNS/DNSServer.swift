#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics

/// A DNS server to talk to: a host name or IP address and a port.
public struct DNSServer: Sendable, Hashable, CustomStringConvertible {
    /// The host name or IP address (IPv6 without brackets).
    public let host: String
    /// The port, 53 unless told otherwise.
    public let port: Int

    /// Makes a server address.
    public init(host: String, port: Int = 53) {
        self.host = host
        self.port = port
    }

    /// Parses "host", "host:port", "[v6]:port" or a bare IPv6 address; nil when malformed.
    public init?(parsing text: String) {
        let text = text.trimmed()
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { self.init(host: host); return }
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (1...65535).contains(port), !host.isEmpty else { return nil }
            self.init(host: host, port: port)
            return
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.firstIndex(of: ":") {
            let host = String(text[..<colon])
            guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else { return nil }
            self.init(host: host, port: port)
            return
        }
        guard !text.contains(" ") else { return nil }
        self.init(host: text)
    }

    /// "host:port", with brackets around an IPv6 address.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
