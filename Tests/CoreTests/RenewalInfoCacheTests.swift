import Foundation
@testable import KubeLegoCore
import Testing

@Suite("renewal information cache")
struct RenewalInfoCacheTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let window = RenewalWindow(start: Date(timeIntervalSince1970: 1_900_000_000), end: Date(timeIntervalSince1970: 1_900_086_400))

    @Test("an answer is kept until its refresh time, not a moment longer; a failure is kept too, as no window")
    func keptUntilRefresh() {
        var cache = RenewalInfoCache()
        cache.store(window, for: "a.1", refreshAt: now.addingTimeInterval(3600), now: now)
        cache.store(nil, for: "a.2", refreshAt: now.addingTimeInterval(60), now: now)
        #expect(cache.lookup("a.1", now: now.addingTimeInterval(3599))?.window == window)
        #expect(cache.lookup("a.1", now: now.addingTimeInterval(3600)) == nil)
        #expect(cache.lookup("a.2", now: now)?.window == nil)
        #expect(cache.lookup("a.2", now: now) != nil, "a failure is remembered, so the CA is not asked at every pass")
        #expect(cache.lookup("a.3", now: now) == nil)
    }

    @Test("Retry-After is honoured within one minute and one day; none gives the fallback")
    func refreshTimes() {
        #expect(RenewalInfoCache.refreshTime(retryAfter: now.addingTimeInterval(7200), now: now, fallback: 10) == now.addingTimeInterval(7200))
        #expect(RenewalInfoCache.refreshTime(retryAfter: now.addingTimeInterval(1), now: now, fallback: 10) == now.addingTimeInterval(60))
        #expect(RenewalInfoCache.refreshTime(retryAfter: now.addingTimeInterval(-5), now: now, fallback: 10) == now.addingTimeInterval(60))
        #expect(RenewalInfoCache.refreshTime(retryAfter: now.addingTimeInterval(9 * 86_400), now: now, fallback: 10) == now.addingTimeInterval(86_400))
        #expect(RenewalInfoCache.refreshTime(retryAfter: nil, now: now, fallback: 6 * 3600) == now.addingTimeInterval(6 * 3600))
    }

    @Test("bounded: past its capacity, stale entries go first, then the one due soonest")
    func bounded() {
        var cache = RenewalInfoCache(capacity: 3)
        cache.store(window, for: "stale", refreshAt: now.addingTimeInterval(-1), now: now)
        cache.store(window, for: "soon", refreshAt: now.addingTimeInterval(100), now: now)
        cache.store(window, for: "late", refreshAt: now.addingTimeInterval(900), now: now)
        cache.store(window, for: "new", refreshAt: now.addingTimeInterval(500), now: now)
        #expect(Set(cache.entries.keys) == ["soon", "late", "new"])
        cache.store(window, for: "newer", refreshAt: now.addingTimeInterval(500), now: now)
        #expect(Set(cache.entries.keys) == ["late", "new", "newer"])
        cache.store(nil, for: "late", refreshAt: now.addingTimeInterval(5), now: now)
        #expect(cache.entries.count == 3, "replacing an entry evicts nothing")
    }
}
