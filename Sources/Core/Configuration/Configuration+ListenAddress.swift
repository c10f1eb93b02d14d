#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KubeLegoBasics

extension Configuration {
    /// An IP address to listen on, IPv4 or IPv6 (brackets allowed and removed); host names are refused, as a
    /// name may resolve to another address than the operator meant.
    static func listenAddress(_ values: SettingValues, _ variable: String, default fallback: String) throws(CoreError) -> String {
        guard let text = values.value(variable) else { return fallback }
        var address = text.trimmed()
        if address.hasPrefix("["), address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
        guard isIPAddress(address) else {
            throw invalid(variable, text, "an IP address to listen on, e.g. 0.0.0.0, 127.0.0.1 or ::")
        }
        return address
    }

    /// True when `text` is an IPv4 or IPv6 address literal.
    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
