import Foundation
import KubeLegoCore
import KubeLegoKube
import Testing

@Suite("Host names checked before any order")
struct HostNameRulesTests {
    @Test("normalised: lowercased, one trailing dot dropped; the entry de-duplicates what normalises alike")
    func normalisation() {
        #expect(HostNameRules.normalised("WWW.Example.COM.") == "www.example.com")
        #expect(HostNameRules.normalised("example.com..") == "example.com.")
        let entry = DesiredCertificate(
            ingress: ObjectReference(namespace: "web", name: "shop"), index: 0, secretName: "s",
            hosts: ["Shop.Example.", "shop.example", ""])
        #expect(entry.hosts == ["shop.example"])
    }

    @Test("names a CA accepts pass, wildcards included")
    func valid() {
        for host in ["example.com", "a.b-c.example", "xn--bcher-kva.example", "*.example.com", "1password.com", "a1.example.org",
                     String(repeating: "a", count: 63) + ".example"] {
            #expect(HostNameRules.problem(in: host) == nil, "\(host)")
        }
    }

    @Test("each rule names what broke it", arguments: [
        ("bücher.example", HostNameProblem.nonASCII),
        ("192.0.2.7", .ipAddress),
        ("2001:db8::1", .ipAddress),
        ("[::1]", .ipAddress),
        ("a..example", .emptyLabel),
        (".example", .emptyLabel),
        (String(repeating: "a", count: 64) + ".example", .labelTooLong(String(repeating: "a", count: 64))),
        ("under_score.example", .underscore("under_score")),
        ("sp ace.example", .invalidCharacter(" ", label: "sp ace")),
        ("-lead.example", .hyphenAtEdge("-lead")),
        ("trail-.example", .hyphenAtEdge("trail-")),
        ("a.*.example", .misplacedWildcard),
        ("*.com", .wildcardTooBroad),
        ("*", .wildcardTooBroad),
        ("w*.example.com", .invalidCharacter("*", label: "w*")),
        ("host.123", .numericTopLevel),
    ])
    func invalid(host: String, problem: HostNameProblem) {
        #expect(HostNameRules.problem(in: host) == problem)
    }

    @Test("a name over 253 characters is refused as too long, whatever its labels")
    func tooLong() {
        let host = Array(repeating: String(repeating: "a", count: 60), count: 5).joined(separator: ".")
        #expect(HostNameRules.problem(in: host) == .tooLong(304))
    }

    @Test("quoted text is escaped and cut, so an Ingress author cannot forge log lines or swell an Event")
    func quoting() {
        #expect(HostNameRules.quoted("a\nb\"c") == #""a\u{a}b\"c""#)
        let long = HostNameRules.quoted(String(repeating: "x", count: 10_000))
        #expect(long.count == 83)
        #expect(long.hasSuffix("…\""))
    }

    @Test("Refusal messages name the host and the rule; Event reasons are fixed words")
    func refusalText() {
        let refusal = Refusal.invalidHost("under_score.example", .underscore("under_score"))
        #expect(refusal.eventReason == "InvalidHost")
        #expect(refusal.description.contains("\"under_score.example\""))
        #expect(refusal.description.contains("underscore"))
        #expect(Refusal.noHosts.eventReason == "NoHosts")
    }
}
