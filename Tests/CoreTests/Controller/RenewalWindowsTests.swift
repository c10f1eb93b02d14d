import Foundation
import KubeLegoACME
@testable import KubeLegoCore
import KubeLegoKube
import KubeLegoPebble
import KubeLegoTestKit
import KubeLegoTLS
import Testing

/// Fetching and remembering the CA's renewal windows, against real Pebble behind the ARI front, with the clock
/// passed in so Retry-After can be crossed without waiting.
@Suite("renewal windows from the CA", .serialized, .timeLimit(.minutes(3)))
struct RenewalWindowsTests {
    @Test("asked again only once Retry-After (at least a minute) passed; a failure gives no window and is remembered for an hour; no renewalInfo, nothing")
    func fetching() async throws {
        try await ControllerHarness.run(ari: true) { harness in
            let front = try #require(harness.front)
            let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 10 * 86_400).rounded(.down))
            let suggested = RenewalWindow(start: start, end: start.addingTimeInterval(86_400))
            front.defaultAnswer = .window(start: suggested.start, end: suggested.end, retryAfter: 5)
            var stored: Secret?
            try await harness.withController(try harness.configuration()) {
                try await harness.createIngress(#"""
                    {"metadata":{"name":"w","namespace":"web","annotations":{"kubernetes.io/tls-acme":"true"}},
                     "spec":{"tls":[{"hosts":["w.example"],"secretName":"w-tls"}]}}
                    """#)
                stored = try await harness.waitForSecret("web", "w-tls")
            }
            let leaf = try CertificateChain(pem: String(decoding: try #require(stored).data["tls.crt"] ?? [], as: UTF8.self)).leaf
            let identifier = try ACMEClient.renewalIdentifier(for: leaf)
            let windows = RenewalWindows(acme: harness.acme, logger: quietLogger)
            let now = Date()
            let asked = front.renewalInfoRequests(for: identifier)

            let first = await windows.suggestion(for: leaf, now: now)
            #expect(first == RenewalInfoCache.Entry(window: suggested, refreshAt: now.addingTimeInterval(60)), "Retry-After 5 s is taken as 1 min")
            #expect(front.renewalInfoRequests(for: identifier) == asked + 1)
            #expect(await windows.suggestion(for: leaf, now: now.addingTimeInterval(59)) == first)
            #expect(front.renewalInfoRequests(for: identifier) == asked + 1, "not before Retry-After")

            front.setAnswer(.failure(status: 503), for: identifier)
            let failed = await windows.suggestion(for: leaf, now: now.addingTimeInterval(60))
            #expect(front.renewalInfoRequests(for: identifier) == asked + 2, "asked again once Retry-After passed")
            #expect(failed == RenewalInfoCache.Entry(window: nil, refreshAt: now.addingTimeInterval(60 + 3600)))
            #expect(await windows.suggestion(for: leaf, now: now.addingTimeInterval(60 + 3599)) == failed)
            #expect(front.renewalInfoRequests(for: identifier) == asked + 2, "a failure is not retried at every pass")

            let plain = ACMEClient(directoryURL: harness.pebble.directoryURL, httpClient: harness.http, logger: quietLogger)
            #expect(await RenewalWindows(acme: plain, logger: quietLogger).suggestion(for: leaf, now: now) == nil, "Pebble alone offers no renewalInfo")
        }
    }
}
