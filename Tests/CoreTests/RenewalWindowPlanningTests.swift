import Foundation
import KubeLegoCore
import Testing

/// The pure choice of the renewal moment with a CA's suggested window (ARI, RFC 9773).
@Suite("Planner with renewal windows")
struct RenewalWindowPlanningTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let directory = "https://acme.example/dir"
    let day: TimeInterval = 86_400
    var planner: Planner { Planner(minimumValidity: .seconds(20 * 86_400), directoryURL: directory) }
    let desired = DesiredCertificate(ingress: ObjectReference(namespace: "web", name: "shop"), index: 0, secretName: "shop-tls", hosts: ["shop.example"])

    /// A managed certificate issued 30 days ago, expiring in `expiresIn` (the rule renews 20 days before).
    func facts(expiresIn: TimeInterval = 60 * 86_400, serial: String = "0badc0de", window: RenewalWindow?) -> SecretFacts {
        SecretFacts(
            type: "kubernetes.io/tls", managedByKubeLego: true,
            certificate: CertificateFacts(
                names: ["shop.example"], notBefore: now.addingTimeInterval(-30 * day), notAfter: now.addingTimeInterval(expiresIn), serialNumber: serial),
            hasCertificateData: true, keyMatchesCertificate: true, issuingDirectory: directory, renewalWindow: window)
    }

    func window(from start: TimeInterval, to end: TimeInterval) -> RenewalWindow {
        RenewalWindow(start: now.addingTimeInterval(start), end: now.addingTimeInterval(end))
    }

    @Test("a future window: the recheck is the serial's point inside it, nothing is ordered, and it does not move")
    func futureWindow() throws {
        let suggested = window(from: 10 * day, to: 12 * day)
        guard case .upToDate(let recheckAt) = planner.plan(desired, secret: facts(window: suggested), now: now) else {
            Issue.record("a future window orders nothing")
            return
        }
        #expect(recheckAt >= suggested.start && recheckAt <= suggested.end)
        #expect(recheckAt == suggested.moment(forSerial: "0badc0de"))
        // Later passes (a restart, another replica, the window fetched again) choose the same moment.
        #expect(planner.plan(desired, secret: facts(window: suggested), now: now.addingTimeInterval(3 * day)) == .upToDate(recheckAt: recheckAt))
        // Another certificate lands elsewhere in the same window.
        #expect(planner.plan(desired, secret: facts(serial: "0badc0df", window: suggested), now: now) != .upToDate(recheckAt: recheckAt))
        // Once the moment comes, the window is why it renews.
        #expect(planner.plan(desired, secret: facts(window: suggested), now: recheckAt) == .issue(.ariWindow(start: suggested.start, end: suggested.end)))
    }

    @Test("a window that has begun, or already ended, renews at once")
    func windowBegun() throws {
        for suggested in [window(from: -day, to: day), window(from: 0, to: day), window(from: -2 * day, to: -day)] {
            #expect(planner.plan(desired, secret: facts(window: suggested), now: now) == .issue(.ariWindow(start: suggested.start, end: suggested.end)))
            #expect(planner.renewalTime(of: try #require(facts(window: suggested).certificate), window: suggested, now: now) == now)
        }
    }

    @Test("a window later than the minimum-validity rule never delays the renewal")
    func neverLaterThanTheRule() throws {
        let late = window(from: 50 * day, to: 55 * day)  // the certificate expires in 60 days; the rule says renew in 40
        let rule = now.addingTimeInterval(40 * day)
        #expect(planner.plan(desired, secret: facts(window: late), now: now) == .upToDate(recheckAt: rule))
        #expect(planner.plan(desired, secret: facts(window: late), now: rule) == .issue(.expiresSoon(notAfter: now.addingTimeInterval(60 * day))))
        let certificate = try #require(facts(window: late).certificate)
        #expect(planner.renewalTime(of: certificate, window: late, now: now) == rule)
    }

    @Test("without a window the minimum-validity rule decides, as before")
    func noWindow() throws {
        let certificate = try #require(facts(window: nil).certificate)
        #expect(planner.plan(desired, secret: facts(window: nil), now: now) == .upToDate(recheckAt: now.addingTimeInterval(40 * day)))
        #expect(planner.renewalTime(of: certificate, window: nil, now: now) == planner.renewalTime(of: certificate))
    }

    @Test("the point is pinned to the serial (FNV-1a + SplitMix64), not to the process: same value in every run")
    func pinned() {
        let thousand = RenewalWindow(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 1000))
        #expect(abs(thousand.moment(forSerial: "2a").timeIntervalSince1970 - Self.pinnedMoment) < 1e-5)
        #expect(RenewalWindow(start: now, end: now).moment(forSerial: "2a") == now, "an empty window is its start")
        #expect(RenewalWindow(start: now, end: now.addingTimeInterval(-5)).end == now, "an end before the start is the start")
    }

    /// `moment(forSerial: "2a")` in the window [0 s, 1000 s], computed apart from the implementation (the same
    /// hash written out in Python).
    static let pinnedMoment: TimeInterval = 151.25546305171378

    @Test("points of many serials spread evenly over the window")
    func spread() {
        let unit = RenewalWindow(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 1))
        var deciles = [Int](repeating: 0, count: 10)
        for serial in 1...10_000 {
            let fraction = unit.moment(forSerial: String(serial, radix: 16)).timeIntervalSince1970
            #expect(fraction >= 0 && fraction < 1)
            deciles[min(Int(fraction * 10), 9)] += 1
        }
        #expect(deciles.allSatisfy { (900...1100).contains($0) }, "\(deciles)")
    }

    @Test("readiness: up to date yes; refused, missing or failing no; a renewal of a valid certificate yes")
    func readiness() {
        let valid = facts(window: nil)
        #expect(CertificateReadiness.isReady(.upToDate(recheckAt: now), secret: valid, failing: false, now: now))
        #expect(!CertificateReadiness.isReady(.refuse(.secretNotOurs), secret: valid, failing: false, now: now))
        #expect(!CertificateReadiness.isReady(.issue(.secretMissing), secret: nil, failing: false, now: now))
        #expect(!CertificateReadiness.isReady(.issue(.hostsNotCovered(missing: ["x"])), secret: valid, failing: false, now: now))
        let renewal = PlanAction.issue(.ariWindow(start: now, end: now))
        #expect(CertificateReadiness.isReady(renewal, secret: valid, failing: false, now: now))
        #expect(!CertificateReadiness.isReady(renewal, secret: valid, failing: true, now: now), "renewal failing")
        let expired = facts(expiresIn: -1, window: nil)
        #expect(!CertificateReadiness.isReady(.issue(.expiresSoon(notAfter: now.addingTimeInterval(-1))), secret: expired, failing: false, now: now))
    }
}
