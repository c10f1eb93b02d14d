import KubeLegoDNS
import KubeLegoTestKit
import Testing

@Suite("RFC 2136 client against a real BIND 9", .serialized, .timeLimit(.minutes(2)))
struct RFC2136ClientTests {
    @Test("add and delete a TXT record, signed with each algorithm; deleting only the value given", arguments: TSIGAlgorithm.allCases)
    func addAndDelete(algorithm: TSIGAlgorithm) async throws {
        try await withBIND { bind in
            let client = try bind.client(algorithm: algorithm)
            let zone = try DNSName("example.test")
            let name = try DNSName("_acme-challenge.a.example.test")
            try await client.addTXT(name: name, value: "first", ttl: 60, zone: zone)
            try await client.addTXT(name: name, value: "second", ttl: 60, zone: zone)
            #expect(try await bind.txtValues("_acme-challenge.a.example.test") == ["first", "second"])
            try await client.deleteTXT(name: name, value: "first", zone: zone)
            #expect(try await bind.txtValues("_acme-challenge.a.example.test") == ["second"])
            try await client.deleteTXT(name: name, value: "second", zone: zone)
            try await client.deleteTXT(name: name, value: "second", zone: zone)
            #expect(try await bind.txtValues("_acme-challenge.a.example.test") == [])
        }
    }

    @Test("a wrong secret is refused with BADSIG and an unknown key with BADKEY, each naming the server")
    func wrongKeys() async throws {
        try await withBIND { bind in
            let zone = try DNSName("example.test")
            let name = try DNSName("_acme-challenge.b.example.test")
            for (client, code) in [(try bind.client(secret: unknownSecret), DNSResponseCode.badSig),
                                   (try bind.client(keyName: "nobody"), DNSResponseCode.badKey)] {
                do {
                    try await client.addTXT(name: name, value: "x", ttl: 60, zone: zone)
                    Issue.record("the update was accepted")
                } catch let error as DNSError {
                    #expect(error.code == .tsig)
                    #expect(error.responseCode == code)
                    #expect(error.reason.contains(code.description) && error.reason.contains(bind.address), "\(error)")
                    #expect(!error.reason.contains(unknownSecret))
                }
            }
            #expect(try await bind.txtValues("_acme-challenge.b.example.test") == [])
        }
    }

    @Test("an update of a zone the server does not serve fails naming the server and NOTAUTH")
    func foreignZone() async throws {
        try await withBIND { bind in
            do {
                try await bind.client().addTXT(name: try DNSName("_acme-challenge.other.test"), value: "x", ttl: 60, zone: try DNSName("other.test"))
                Issue.record("accepted")
            } catch let error as DNSError {
                #expect(error.code == .serverError && error.responseCode == .notAuth, "\(error)")
                #expect(error.reason.contains("NOTAUTH") && error.reason.contains(bind.address))
            }
        }
    }

    @Test("zone discovery walks SOA queries up to the zone; a name outside every zone says so")
    func zoneWalk() async throws {
        try await withBIND { bind in
            let client = try bind.client()
            #expect(try await client.findZone(for: DNSName("_acme-challenge.deep.er.example.test")) == DNSName("example.test"))
            #expect(try await client.findZone(for: DNSName("_acme-challenge.x.delegated.test")) == DNSName("delegated.test"))
            #expect(try await client.findZone(for: DNSName("example.test")) == DNSName("example.test"))
            await #expect { try await client.findZone(for: DNSName("_acme-challenge.nowhere.invalid")) }
                throws: { ($0 as? DNSError)?.code == .zoneNotFound }
        }
    }

    @Test("a CNAME on _acme-challenge is followed into the delegated zone")
    func cname() async throws {
        try await withBIND { bind in
            let client = try bind.client()
            #expect(try await client.followCNAMEs(from: DNSName("_acme-challenge.alias.example.test")) == DNSName("_acme-challenge.alias.delegated.test"))
            #expect(try await client.followCNAMEs(from: DNSName("_acme-challenge.plain.example.test")) == DNSName("_acme-challenge.plain.example.test"))
        }
    }

    @Test("the readiness check returns once the zone's name server answers with the value")
    func readiness() async throws {
        try await withBIND { bind in
            let client = try bind.client()
            let zone = try DNSName("example.test")
            let name = try DNSName("_acme-challenge.ready.example.test")
            let servers = try await client.authoritativeServers(of: zone)
            #expect(servers.map(\.server) == [bind.dnsServer] && servers.map(\.name) == ["ns.example.test."])
            try await client.addTXT(name: name, value: "ready", ttl: 60, zone: zone)
            try await client.waitUntilVisible(name: name, value: "ready", zone: zone, timeout: .seconds(10))
        }
    }

    @Test("on timeout the readiness check says which server answered what")
    func readinessTimeout() async throws {
        try await withBIND { bind in
            let client = try bind.client()
            let zone = try DNSName("example.test")
            let name = try DNSName("_acme-challenge.late.example.test")
            try await client.addTXT(name: name, value: "other", ttl: 60, zone: zone)
            do {
                try await client.waitUntilVisible(name: name, value: "expected", zone: zone, timeout: .milliseconds(600), interval: .milliseconds(100))
                Issue.record("visible")
            } catch let error as DNSError {
                #expect(error.code == .propagation)
                #expect(error.reason.contains("ns.example.test. (\(bind.address)) answered [\"other\"]"), "\(error.reason)")
            }
            do {
                try await client.waitUntilVisible(name: try DNSName("_acme-challenge.none.delegated.test"), value: "v", zone: try DNSName("delegated.test"),
                                                  timeout: .milliseconds(300), interval: .milliseconds(100))
                Issue.record("visible")
            } catch let error as DNSError {
                #expect(error.reason.contains("answered NXDOMAIN"), "\(error.reason)")
            }
        }
    }

    @Test("an answer too big for UDP (TC bit) is fetched again over TCP")
    func truncationFallsBackToTCP() async throws {
        try await withBIND { bind in
            let client = try bind.client()
            let zone = try DNSName("example.test")
            let name = try DNSName("_acme-challenge.big.example.test")
            let values = (0..<20).map { "value-\($0)-" + String(repeating: "x", count: 40) }
            for value in values { try await client.addTXT(name: name, value: value, ttl: 60, zone: zone) }
            #expect(try await bind.txtValues("_acme-challenge.big.example.test") == values.sorted())
        }
    }
}
