import Foundation
import KubeLegoSandbox
import Testing

/// The bounded form of the fault campaign (bench/faults/run.sh runs the full one through this test, sized by
/// FAULT_CAMPAIGN_CERTIFICATES and FAULT_CAMPAIGN_KILLS).
@Suite("Fault campaign: faulty API and CA, kill -9 while issuing", .serialized, .timeLimit(.minutes(10)))
struct FaultCampaignTests {
    @Test("every certificate valid with its key; no order lost to a crash; nothing left behind; never exits on its own")
    func campaign() async throws {
        var campaign = FaultCampaign()
        let environment = ProcessInfo.processInfo.environment
        if let value = environment["FAULT_CAMPAIGN_CERTIFICATES"].flatMap(Int.init) { campaign.certificates = value }
        if let value = environment["FAULT_CAMPAIGN_KILLS"].flatMap(Int.init) { campaign.kills = value }
        try await EndToEnd.run(campaign.clusterOptions) { e2e in
            let result = try await campaign.run(e2e)
            print("fault campaign: \(result)")
            #expect(result.valid == campaign.certificates, "\(result)")
            #expect(result.secondsToConverge != nil, "\(result)")
            #expect(result.challengeObjectsLeft.isEmpty, "\(result.challengeObjectsLeft)")
            #expect(result.journalEntriesLeft == 0)
            #expect(result.exitedOnTheirOwn.isEmpty, "\(result.exitedOnTheirOwn)")
            #expect(result.lastControllerRunning)
            // A kill between newOrder's answer and the journal write (a few milliseconds) loses that one order;
            // every other kill must cost none. Each kill can catch at most LEGO_WORKERS (16) orders in that window.
            #expect(result.ordersPlaced <= campaign.certificates + result.kills, "\(result)")
        }
    }
}
