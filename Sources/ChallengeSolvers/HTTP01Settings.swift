#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics
public import KubeLegoCore

/// The settings the HTTP-01 method declares and reads: the self-check and its back-off.
public struct HTTP01Settings: Sendable, Equatable {
    /// Whether to check the challenge route before asking the CA (`LEGO_SELFCHECK`).
    public var selfCheck: Bool
    /// Where self-checks go instead of the host itself, as host:port, for every class without an entry of its
    /// own in `selfCheckAddresses` (`LEGO_SELFCHECK_ADDRESS`).
    public var selfCheckAddress: String?
    /// Per-class self-check addresses (`LEGO_SELFCHECK_ADDRESS=nginx=ingress-nginx.svc:80,gce=...`), for
    /// clusters whose ingress classes are served by different load balancers.
    public var selfCheckAddresses: [String: String]
    /// How self-check attempts are spaced (`LEGO_EXPONENTIAL_BACKOFF_*`).
    public var backoff: ExponentialBackoff
    /// Good answers in a row that prove a route (`LEGO_SELFCHECK_PASSES`).
    public var selfCheckPasses: Int
    /// The wait between those answers (`LEGO_SELFCHECK_PASS_INTERVAL`).
    public var selfCheckPassInterval: Duration

    /// The declarations, in the order `kube-lego run --help` and the README list them.
    public static let declarations: [Setting] = [
        Setting("LEGO_SELFCHECK", flag: "selfcheck", default: "true", help: "Check the challenge route before asking the CA: true or false."),
        Setting("LEGO_SELFCHECK_PASSES", flag: "selfcheck-passes", default: "3",
                help: "Good answers in a row that prove a challenge route before the CA is asked (1-20; more for load balancers that change in steps)."),
        Setting("LEGO_SELFCHECK_PASS_INTERVAL", flag: "selfcheck-pass-interval", default: "300ms",
                help: "Wait between those answers (0-1m)."),
        Setting("LEGO_SELFCHECK_ADDRESS", flag: "selfcheck-address",
                help: "host:port to send self-checks to (e.g. the ingress controller's Service), Host header set to the domain; or class=host:port entries, comma-separated."),
        Setting("LEGO_EXPONENTIAL_BACKOFF_INITIAL_INTERVAL", flag: "backoff-initial-interval", default: "30s",
                help: "First back-off wait between failed self-check attempts; shorter waits from 100 ms, doubling, come first.", legacy: ["LEGO_EXPONENTIAL_BACKOFF_MAX_INITIAL_INTERVAL"]),
        Setting("LEGO_EXPONENTIAL_BACKOFF_MULTIPLIER", flag: "backoff-multiplier", default: "2.0",
                help: "Factor between consecutive waits (at least 1).", legacy: ["LEGO_EXPONENTIAL_BACKOFF_MAX_MULTIPLIER"]),
        Setting("LEGO_EXPONENTIAL_BACKOFF_MAX_ELAPSED_TIME", flag: "backoff-max-elapsed-time", default: "5m",
                help: "Give up a self-check after this long (at least the provider's propagation time)."),
    ]

    /// Makes settings.
    public init(selfCheck: Bool = true, selfCheckAddress: String? = nil, selfCheckAddresses: [String: String] = [:],
                backoff: ExponentialBackoff = ExponentialBackoff(), selfCheckPasses: Int = 3,
                selfCheckPassInterval: Duration = .milliseconds(300)) {
        self.selfCheck = selfCheck
        self.selfCheckAddress = selfCheckAddress
        self.selfCheckAddresses = selfCheckAddresses
        self.backoff = backoff
        self.selfCheckPasses = selfCheckPasses
        self.selfCheckPassInterval = selfCheckPassInterval
    }

    /// Reads the settings; a value that cannot be used throws `CoreError.invalidSetting` naming it.
    public init(_ values: SettingValues) throws(CoreError) {
        self.selfCheck = try values.boolean("LEGO_SELFCHECK", default: true)
        (selfCheckAddress, selfCheckAddresses) = try Self.addresses(values)
        backoff = ExponentialBackoff(
            initialInterval: try values.duration("LEGO_EXPONENTIAL_BACKOFF_INITIAL_INTERVAL", default: .seconds(30), minimum: .milliseconds(1)),
            multiplier: try values.multiplier("LEGO_EXPONENTIAL_BACKOFF_MULTIPLIER", default: 2.0),
            maxElapsedTime: try values.duration("LEGO_EXPONENTIAL_BACKOFF_MAX_ELAPSED_TIME", default: .seconds(300), minimum: .zero))
        selfCheckPasses = try values.integer("LEGO_SELFCHECK_PASSES", default: 3, range: 1...20)
        selfCheckPassInterval = try values.duration("LEGO_SELFCHECK_PASS_INTERVAL", default: .milliseconds(300), minimum: .zero)
        guard selfCheckPassInterval <= .seconds(60) else {
            throw SettingValues.invalid("LEGO_SELFCHECK_PASS_INTERVAL", values.value("LEGO_SELFCHECK_PASS_INTERVAL") ?? "",
                                        "a duration of at most 1m, e.g. 300ms")
        }
    }

    /// The self-check address for Ingresses of `ingressClass`, if any.
    public func selfCheckAddress(for ingressClass: String) -> String? {
        selfCheckAddresses[ingressClass] ?? selfCheckAddress
    }

    /// `host:port`, or comma-separated `class=host:port` entries with at most one entry without a class.
    private static func addresses(_ values: SettingValues) throws(CoreError) -> (String?, [String: String]) {
        guard let value = values.value("LEGO_SELFCHECK_ADDRESS") else { return (nil, [:]) }
        var fallback: String?
        var byClass: [String: String] = [:]
        for entry in value.split(separator: ",").map({ $0.trimmed() }) where !entry.isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            let address = parts.last ?? ""
            guard let colon = address.lastIndex(of: ":"), colon != address.startIndex,
                let port = Int(address[address.index(after: colon)...]), (1...65535).contains(port)
            else {
                throw SettingValues.invalid(
                    "LEGO_SELFCHECK_ADDRESS", value, "host:port, or class=host:port entries, e.g. ingress-nginx-controller.ingress-nginx:80")
            }
            if parts.count == 2 {
                byClass[parts[0].lowercased()] = address
            } else {
                fallback = address
            }
        }
        return (fallback, byClass)
    }
}
