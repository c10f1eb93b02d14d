import Foundation
@testable import KubeLegoDNS
import Logging
import Testing

/// Responses no sane server sends, from a scripted one: the client must cope, never trap.
@Suite("DNS client against odd responses", .timeLimit(.minutes(1)))
struct HostileResponseTests {
    /// An NS answer that repeats its name server (also in another case) and its glue: the readiness check once
    /// built a dictionary keyed by "name (address)" from it and trapped on the duplicate key.
    @Test("repeated NS and glue records give each authoritative server once, and the readiness check works")
    func repeatedNameServers() async throws {
        let zone = try DNSName("example.test")
        let name = try DNSName("_acme-challenge.www.example.test")
        let nameServer = try DNSName("ns1.example.test")
        let server = try ScriptedUDPServer { request in
            guard var message = try? DNSMessage.decode(request), let question = message.questions.first else { return [] }
            message.isResponse = true
            if question.type == .ns {
                let shouting = try? DNSName("NS1.Example.TEST")
                message.answers = [nameServer, nameServer, shouting ?? nameServer].map {
                    DNSRecord(name: zone, type: .ns, ttl: 60, data: .ns($0))
                }
                let glue = DNSRecord(name: nameServer, type: .a, ttl: 60, data: .a([127, 0, 0, 1]))
                message.additional = [glue, glue]
            } else {
                message.answers = [DNSRecord(name: question.name, type: .txt, ttl: 60, data: .text("token"))]
            }
            return [(try? message.encode()) ?? []]
        }
        defer { server.stop() }
        let client = RFC2136Client(server: DNSServer(host: "127.0.0.1", port: server.port), key: nil,
                                   logger: Logger(label: "dns-hostile-test"))

        let servers = try await client.authoritativeServers(of: zone)
        #expect(servers.map(\.name) == ["ns1.example.test."])
        #expect(servers.map(\.server) == [DNSServer(host: "127.0.0.1", port: server.port)])
        try await client.waitUntilVisible(name: name, value: "token", zone: zone, timeout: .seconds(5))
    }
}
