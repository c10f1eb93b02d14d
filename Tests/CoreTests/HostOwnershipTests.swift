import Foundation
import KubeLegoCore
import KubeLegoKube
import Testing

@Suite("Host ownership across namespaces (LEGO_HOST_POLICY=routed)")
struct HostOwnershipTests {
    let early = Date(timeIntervalSince1970: 1_700_000_000)
    var late: Date { early.addingTimeInterval(60) }

    func claim(_ namespace: String, _ name: String, _ host: String, _ created: Date?) -> HostClaim {
        HostClaim(ingress: ObjectReference(namespace: namespace, name: name), host: host, created: created)
    }

    @Test("the namespace routing a host holds it; one that does not route it is refused")
    func routed() {
        let claims = [claim("shop", "web", "shop.example", early)]
        #expect(HostOwnership.refusal(host: "shop.example", namespace: "shop", claims: claims) == nil)
        #expect(HostOwnership.refusal(host: "other.example", namespace: "shop", claims: claims)
            == .hostNotRouted("other.example", namespace: "shop"))
    }

    @Test("the oldest claim wins, whichever namespace asks, and the refusal names the holder")
    func oldestWins() {
        let claims = [claim("zz-first", "a", "shared.example", early), claim("aa-second", "b", "shared.example", late)]
        #expect(HostOwnership.refusal(host: "shared.example", namespace: "zz-first", claims: claims) == nil)
        #expect(HostOwnership.refusal(host: "shared.example", namespace: "aa-second", claims: claims)
            == .hostHeldElsewhere("shared.example", holder: ObjectReference(namespace: "zz-first", name: "a")))
        let reversed = HostOwnership.refusal(host: "shared.example", namespace: "aa-second", claims: claims.reversed())
        #expect(reversed == .hostHeldElsewhere("shared.example", holder: ObjectReference(namespace: "zz-first", name: "a")))
    }

    @Test("claims made in the same second, or without a timestamp, are ordered the same way every time")
    func ties() {
        let claims = [claim("beta", "x", "tie.example", early), claim("alpha", "y", "tie.example", early), claim("aaa", "z", "tie.example", nil)]
        #expect(HostOwnership.refusal(host: "tie.example", namespace: "alpha", claims: claims) == nil)
        #expect(HostOwnership.refusal(host: "tie.example", namespace: "aaa", claims: claims)
            == .hostHeldElsewhere("tie.example", holder: ObjectReference(namespace: "alpha", name: "y")))
    }

    @Test("an exact rule beats an older wildcard rule; a wildcard rule claims one label, and wildcard hosts need a wildcard rule")
    func wildcards() {
        let claims = [claim("platform", "catch-all", "*.apps.example", early), claim("team", "app", "one.apps.example", late)]
        #expect(HostOwnership.refusal(host: "one.apps.example", namespace: "team", claims: claims) == nil)
        #expect(HostOwnership.refusal(host: "two.apps.example", namespace: "platform", claims: claims) == nil)
        #expect(HostOwnership.refusal(host: "two.apps.example", namespace: "team", claims: claims)
            == .hostHeldElsewhere("two.apps.example", holder: ObjectReference(namespace: "platform", name: "catch-all")))
        #expect(HostOwnership.refusal(host: "a.b.apps.example", namespace: "platform", claims: claims)
            == .hostNotRouted("a.b.apps.example", namespace: "platform"))
        #expect(HostOwnership.refusal(host: "*.apps.example", namespace: "platform", claims: claims) == nil)
        #expect(HostOwnership.refusal(host: "*.apps.example", namespace: "team", claims: claims)
            == .hostHeldElsewhere("*.apps.example", holder: ObjectReference(namespace: "platform", name: "catch-all")))
    }

    @Test("claims come from spec.rules hosts, normalised; rules without a host claim nothing")
    func claimsOfIngress() throws {
        let json = #"""
            {"metadata":{"name":"web","namespace":"shop","creationTimestamp":"2026-01-02T03:04:05Z"},
             "spec":{"rules":[{"host":"Shop.Example"},{"host":"shop.example"},{"http":{"paths":[]}},{"host":"api.example."}]}}
            """#
        guard case .object(let raw) = try JSONValue(parsing: json) else { throw KubeError(.decoding, "not an object") }
        let claims = HostClaim.claims(of: Ingress(raw: raw))
        #expect(claims.map(\.host) == ["api.example", "shop.example"])
        #expect(claims.first?.created == KubeTime.parse("2026-01-02T03:04:05Z"))
        #expect(claims.allSatisfy { $0.ingress == ObjectReference(namespace: "shop", name: "web") })
    }
}
