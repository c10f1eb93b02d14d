import KubeLegoCore
import KubeLegoGCE
import Testing

/// The settings the GCE provider declares and reads itself.
@Suite("GCE settings")
struct GCESettingsTests {
    func parse(_ environment: [String: String]) throws -> GCESettings {
        try GCESettings(SettingValues(environment: environment, declared: GCESettings.declarations))
    }

    @Test("LEGO_GCE_KEEP_CHALLENGE_PATHS: false by default, true accepted, nonsense named; propagation timeout validated")
    func keepChallengePaths() throws {
        #expect(try parse([:]) == GCESettings(serviceName: "kube-lego-gce", propagationTimeout: .seconds(900), keepChallengePaths: false))
        #expect(try parse(["LEGO_GCE_KEEP_CHALLENGE_PATHS": "true"]).keepChallengePaths)
        #expect(throws: CoreError.self) { try parse(["LEGO_GCE_KEEP_CHALLENGE_PATHS": "sometimes"]) }
        #expect(throws: CoreError.self) { try parse(["LEGO_GCE_PROPAGATION_TIMEOUT": "soon"]) }
        #expect(GCESettings.declarations.contains { $0.variable == "LEGO_GCE_KEEP_CHALLENGE_PATHS" && $0.defaultValue == "false" })
        #expect(GCEProvider.registration.settings == GCESettings.declarations)
    }
}
