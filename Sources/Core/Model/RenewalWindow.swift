#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The window in which the CA suggests renewing one certificate (ACME Renewal Information, RFC 9773 §4.2).
///
/// The reconciler fetches it for certificates kube-lego issued and hands it to the planner as a fact
/// (`SecretFacts.renewalWindow`); the planner stays free of I/O.
public struct RenewalWindow: Sendable, Equatable {
    /// The start of the suggested window.
    public var start: Date
    /// The end of the suggested window; never before `start`.
    public var end: Date

    /// Makes a window; `end` earlier than `start` is taken as `start` (an empty window).
    public init(start: Date, end: Date) {
        self.start = start
        self.end = max(start, end)
    }

    /// The point in the window at which the certificate with serial number `serial` renews: a uniformly
    /// spread position derived from the serial (RFC 9773 §4.2 asks for a random point, so that many clients
    /// do not renew at once). Derived rather than drawn, so that a restart or another replica picks the same
    /// moment and a window re-fetched unchanged never moves it.
    public func moment(forSerial serial: String) -> Date {
        start.addingTimeInterval(end.timeIntervalSince(start) * Self.fraction(of: serial))
    }

    /// A number in [0, 1) that depends only on `text`: FNV-1a over its UTF-8, then the SplitMix64 finaliser
    /// so that serials differing in one digit land far apart. Not Swift's `Hasher`, which is seeded per process.
    static func fraction(of text: String) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return Double(hash >> 11) * 0x1p-53
    }
}
