import KubeLegoACME
import KubeLegoHTTP
import KubeLegoPebble
import KubeLegoTLS
import Logging
import Synchronization
import Testing

@Suite("Request observer", .serialized, .timeLimit(.minutes(2)))
struct RequestObserverTests {
    @Test("every exchange with the CA is reported once, by endpoint, with its status")
    func reportsEveryRequest() async throws {
        try await withPebble { pebble in
            let records = Mutex<[ACMERequestRecord]>([])
            var configuration = ACMEClientConfiguration()
            configuration.requestObserver = { record in records.withLock { $0.append(record) } }
            let client = ACMEClient(directoryURL: pebble.pebble.directoryURL, httpClient: pebble.http, logger: Logger(label: "test"), configuration: configuration)
            let account = try await client.createAccount(key: PrivateKey.generate(.ec256), agreeToTermsOfService: true)
            _ = try await client.issueCertificate(for: [ACMEIdentifier.infer("observed.example")], certificateKey: PrivateKey.generate(.ec256), account: account, solvers: [pebble.solver])
            let seen = records.withLock { $0 }
            #expect(seen.count == client.requestCount)
            #expect(seen.map(\.endpoint).prefix(3) == ["directory", "newNonce", "newAccount"])
            #expect(seen.contains { $0.endpoint == "newOrder" && $0.status == 201 })
            #expect(seen.filter { $0.endpoint == "resource" }.allSatisfy { $0.method == "POST" && $0.status == 200 })
        }
    }
}
