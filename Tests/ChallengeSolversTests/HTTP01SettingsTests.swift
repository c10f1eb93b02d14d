import KubeLegoChallengeSolvers
import KubeLegoHTTP
import KubeLegoCore
import Logging
import Testing

/// The settings the HTTP-01 method declares and reads itself: self-check and back-off.
@Suite("HTTP-01 settings")
struct HTTP01SettingsTests {
    func parse(_ environment: [String: String]) throws -> HTTP01Settings {
        try HTTP01Settings(SettingValues(environment: environment, declared: HTTP01Settings.declarations))
    }

    func rejection(_ environment: [String: String]) -> CoreError? {
        do {
            _ = try parse(environment)
            return nil
        } catch {
            return error as? CoreError
        }
    }

    @Test("defaults are the original's: self-check on, direct, 30 s × 2.0 for up to 5 min")
    func defaults() throws {
        let settings = try parse([:])
        #expect(settings.selfCheck)
        #expect(settings.selfCheckAddress == nil)
        #expect(settings.backoff.initialInterval == .seconds(30))
        #expect(settings.backoff.multiplier == 2.0)
        #expect(settings.backoff.maxElapsedTime == .seconds(300))
    }

    @Test("a route is proven by 3 answers 300 ms apart unless told otherwise; out-of-range values are refused by name")
    func passes() throws {
        let defaults = try parse([:])
        #expect(defaults.selfCheckPasses == 3)
        #expect(defaults.selfCheckPassInterval == .milliseconds(300))
        let set = try parse(["LEGO_SELFCHECK_PASSES": "5", "LEGO_SELFCHECK_PASS_INTERVAL": "2s"])
        #expect(set.selfCheckPasses == 5)
        #expect(set.selfCheckPassInterval == .seconds(2))
        for (variable, value) in [("LEGO_SELFCHECK_PASSES", "0"), ("LEGO_SELFCHECK_PASSES", "21"), ("LEGO_SELFCHECK_PASSES", "two"),
                                  ("LEGO_SELFCHECK_PASS_INTERVAL", "2m"), ("LEGO_SELFCHECK_PASS_INTERVAL", "-1s")] {
            let error = rejection([variable: value])
            #expect(error?.subject == variable, "\(variable)=\(value): \(String(describing: error))")
        }
    }

    @Test("back-off settings parse Go durations and floats; the README's misnamed variables still work")
    func backoff() throws {
        let settings = try parse([
            "LEGO_EXPONENTIAL_BACKOFF_MAX_ELAPSED_TIME": "60s",
            "LEGO_EXPONENTIAL_BACKOFF_INITIAL_INTERVAL": "15s",
            "LEGO_EXPONENTIAL_BACKOFF_MULTIPLIER": "1.1",
        ])
        #expect(settings.backoff.initialInterval == .seconds(15))
        #expect(settings.backoff.multiplier == 1.1)
        #expect(settings.backoff.maxElapsedTime == .seconds(60))
        #expect(try parse(["LEGO_EXPONENTIAL_BACKOFF_MAX_MULTIPLIER": "3"]).backoff.multiplier == 3.0)
        #expect(try parse(["LEGO_EXPONENTIAL_BACKOFF_MAX_INITIAL_INTERVAL": "1m"]).backoff.initialInterval == .seconds(60))
        for variable in ["LEGO_EXPONENTIAL_BACKOFF_MAX_ELAPSED_TIME", "LEGO_EXPONENTIAL_BACKOFF_INITIAL_INTERVAL", "LEGO_EXPONENTIAL_BACKOFF_MULTIPLIER"] {
            #expect(rejection([variable: "abc"])?.subject == variable)
        }
    }

    @Test("self-check switch and address, per class or for all")
    func selfCheck() throws {
        #expect(try parse(["LEGO_SELFCHECK": "false"]).selfCheck == false)
        #expect(rejection(["LEGO_SELFCHECK": "maybe"])?.subject == "LEGO_SELFCHECK")
        #expect(try parse(["LEGO_SELFCHECK_ADDRESS": "ingress-nginx.svc:80"]).selfCheckAddress == "ingress-nginx.svc:80")
        #expect(rejection(["LEGO_SELFCHECK_ADDRESS": "no-port"])?.subject == "LEGO_SELFCHECK_ADDRESS")
        let perClass = try parse(["LEGO_SELFCHECK_ADDRESS": "nginx=10.0.0.5:80, GCE=lb.example:80, fallback.svc:8080"])
        #expect(perClass.selfCheckAddress(for: "nginx") == "10.0.0.5:80")
        #expect(perClass.selfCheckAddress(for: "gce") == "lb.example:80")
        #expect(perClass.selfCheckAddress(for: "other") == "fallback.svc:8080")
        #expect(rejection(["LEGO_SELFCHECK_ADDRESS": "nginx=nope"])?.subject == "LEGO_SELFCHECK_ADDRESS")
    }

    @Test("HTTP-01 cannot validate a wildcard host; everything else it can")
    func wildcards() throws {
        let responder = HTTP01Responder(host: "127.0.0.1", port: 0, version: "test")
        let method = HTTP01Method(
            responder: responder, client: try HTTPClient(), settings: HTTP01Settings(), events: NoEvents(), logger: .init(label: "test"))
        #expect(method.canValidate(host: "shop.example.com"))
        #expect(!method.canValidate(host: "*.example.com"))
    }
}

/// An event sink that drops everything.
struct NoEvents: EventSink {
    func emit(_ event: ObjectEvent) async {}
}
