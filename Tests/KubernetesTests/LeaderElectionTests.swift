import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Synchronization
import Testing

/// Leader election on a Lease in the sandbox, with short timings (the semantics, not client-go's numbers).
@Suite("Leader election on a Lease", .timeLimit(.minutes(2)))
struct LeaderElectionTests {
    /// A renew deadline that a busy machine's slow requests do not trip by accident (renewals every 200 ms), and
    /// a lease outlasting it by 4 s: the margin such a machine gets to stop a leader in time.
    static func settings(_ identity: String, renewDeadline: Duration = .seconds(6)) -> LeaderElection.Settings {
        LeaderElection.Settings(
            namespace: "default", name: "lego", identity: identity, leaseDuration: .seconds(10), renewDeadline: renewDeadline,
            retryPeriod: .milliseconds(200))
    }

    /// Records who leads, in order of the changes.
    final class Log: Sendable {
        let changes = Mutex<[String]>([])
        func note(_ entry: String) { changes.withLock { $0.append(entry) } }
        var all: [String] { changes.withLock { $0 } }
    }

    func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<600 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test("one of two candidates leads; when it stops it releases the lease and the other takes over at once")
    func handOver() async throws {
        try await withSandboxClient { _, client in
            let log = Log()
            let first = LeaderElection(client: client, settings: Self.settings("a"), logger: testLogger) { log.note("a:\($0)") }
            let second = LeaderElection(client: client, settings: Self.settings("b"), logger: testLogger) { log.note("b:\($0)") }
            let stopA = Mutex(false)
            let runA = Task {
                await first.run {
                    while !stopA.withLock({ $0 }), !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
                }
            }
            #expect(await eventually { first.isLeader })
            let runB = Task { await second.run { while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) } } }
            // b is a candidate now: it has read the lease held by a (a live holder) and waits.
            let lease = try await client.get(Lease.self, namespace: "default", name: "lego")
            #expect(lease.holderIdentity == "a")
            #expect(!second.isLeader)
            stopA.withLock { $0 = true }  // a's work returns: graceful stop, the lease is released
            await runA.value
            let start = ContinuousClock.now
            #expect(await eventually { second.isLeader })
            #expect(ContinuousClock.now - start < .seconds(8), "released, so b need not wait for the lease (10 s) to expire")
            let taken = try await client.get(Lease.self, namespace: "default", name: "lego")
            #expect(taken.holderIdentity == "b")
            runB.cancel()
            await runB.value
            #expect(log.all.prefix(3) == ["a:true", "a:false", "b:true"])
        }
    }

    @Test("a leader that cannot renew stops before its lease expires; the other takes over only after expiry", .timeLimit(.minutes(1)))
    func partition() async throws {
        try await withSandboxClient { server, client in
            let stoppedAt = Mutex<ContinuousClock.Instant?>(nil)
            // A short renew deadline leaves 7 s between it and the lease's expiry, so a loaded machine's scheduling
            // delays do not decide the check below.
            let first = LeaderElection(client: client, settings: Self.settings("a", renewDeadline: .seconds(3)), logger: testLogger) { leading in
                if !leading { stoppedAt.withLock { $0 = .now } }
            }
            let runA = Task { await first.run { while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) } } }
            #expect(await eventually { first.isLeader })
            // a is cut off: every update it sends fails from now on (b reads through its own client later).
            server.faults = SandboxFaults(errors: [.update: .init(rate: 1, status: 503)])
            let cutOff = ContinuousClock.now
            #expect(await eventually { !first.isLeader }, "a kept leading without renewing")
            let stopped = try #require(stoppedAt.withLock { $0 })
            #expect(stopped - cutOff < .seconds(10), "a must stop acting before its lease (10 s) can expire")
            runA.cancel()  // while still cut off: a neither renews nor releases on its way out
            await runA.value
            server.faults = SandboxFaults()
            let secondClient = try KubeClient(settings: ConnectionSettings(server: server.baseURL),
                                              options: KubeClientOptions(version: "test", qps: 0, burst: 1), logger: testLogger)
            // a was cancelled while not leading, and holds the lease no more than it did: b must wait out the lease.
            let second = LeaderElection(client: secondClient, settings: Self.settings("b"), logger: testLogger)
            let candidateSince = ContinuousClock.now
            let runB = Task { await second.run { while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) } } }
            #expect(await eventually { second.isLeader })
            #expect(ContinuousClock.now - candidateSince >= .seconds(10), "b took a lease that had not expired")
            let taken = try await secondClient.get(Lease.self, namespace: "default", name: "lego")
            #expect(taken.holderIdentity == "b")
            #expect(taken.leaseTransitions == 1)
            runB.cancel()
            await runB.value
            await secondClient.shutdown()
        }
    }
}
