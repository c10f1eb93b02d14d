#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Recognises textual IP addresses, the one place the project decides whether a name is an IP literal.
public enum IPAddressText {
    /// True for an IPv4 dotted quad ("192.0.2.1") or an IPv6 literal ("2001:db8::1"), as `inet_pton` reads them.
    public static func isLiteral(_ text: String) -> Bool {
        var buffer = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &buffer) { raw in
            inet_pton(AF_INET, text, raw.baseAddress) == 1 || inet_pton(AF_INET6, text, raw.baseAddress) == 1
        }
    }
}
