#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoACME
import KubeLegoTLS
import Logging
import Synchronization

/// The CA's suggested renewal windows (ARI, RFC 9773) for the certificates kube-lego issued: fetched from the
/// directory's `renewalInfo`, kept in memory per certificate (ARI identifier, which holds the serial number)
/// and not asked again before the CA's Retry-After. Any failure, or a directory without `renewalInfo`, gives
/// nil: the planner then renews by the minimum-validity rule, as it always did.
final class RenewalWindows: Sendable {
    private let acme: ACMEClient
    private let logger: Logger
    private let cache: Mutex<RenewalInfoCache>

    init(acme: ACMEClient, logger: Logger, capacity: Int = 10_000) {
        self.acme = acme
        self.logger = logger
        self.cache = Mutex(RenewalInfoCache(capacity: capacity))
    }

    /// What the CA suggests for `certificate` at `now` (from memory while its Retry-After has not passed): the
    /// window, or none after a failure, and when to ask again. Nil when there is nothing to ask: the directory
    /// offers no `renewalInfo`, or the certificate has no ARI identifier.
    func suggestion(for certificate: Certificate, now: Date) async -> RenewalInfoCache.Entry? {
        let identifier: String
        do {
            identifier = try ACMEClient.renewalIdentifier(for: certificate)
        } catch {
            logger.debug("certificate has no ARI identifier; renewing by the minimum-validity rule", metadata: [
                "certificate.serial": "\(certificate.serialNumberHex)", "error": "\(error)",
            ])
            return nil
        }
        return await suggestion(forIdentifier: identifier, now: now)
    }

    /// What the CA suggests for the certificate with ARI identifier `identifier` (`suggestion(for:now:)` without
    /// the certificate: the reconciler keeps only the identifier of each Secret's certificate).
    func suggestion(forIdentifier identifier: String, now: Date) async -> RenewalInfoCache.Entry? {
        if let known = cache.withLock({ $0.lookup(identifier, now: now) }) { return known }
        do {
            guard let info = try await acme.renewalInfo(identifier: identifier) else { return nil }  // no renewalInfo offered
            let window = RenewalWindow(start: info.suggestedWindowStart, end: info.suggestedWindowEnd)
            let refreshAt = RenewalInfoCache.refreshTime(retryAfter: info.retryAfter, now: now, fallback: RenewalInfoCache.defaultWait)
            cache.withLock { $0.store(window, for: identifier, refreshAt: refreshAt, now: now) }
            logger.debug("renewal window", metadata: [
                "acme.ari": "\(identifier)", "window.start": "\(window.start.formatted(.iso8601))",
                "window.end": "\(window.end.formatted(.iso8601))", "refresh_at": "\(refreshAt.formatted(.iso8601))",
            ])
            return RenewalInfoCache.Entry(window: window, refreshAt: refreshAt)
        } catch where error.code == .cancelled || Task.isCancelled {
            return nil  // shutting down: nothing learned, nothing remembered
        } catch {
            let refreshAt = RenewalInfoCache.refreshTime(retryAfter: error.retryAfter, now: now, fallback: RenewalInfoCache.failureWait)
            cache.withLock { $0.store(nil, for: identifier, refreshAt: refreshAt, now: now) }
            logger.debug("renewalInfo failed; renewing by the minimum-validity rule", metadata: [
                "acme.ari": "\(identifier)", "error": "\(error)", "refresh_at": "\(refreshAt.formatted(.iso8601))",
            ])
            return RenewalInfoCache.Entry(window: nil, refreshAt: refreshAt)
        }
    }
}
