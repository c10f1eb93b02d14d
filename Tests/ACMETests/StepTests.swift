@testable import KubeLegoACME
import Testing

@Suite("Order and authorization state machines")
struct StepTests {
    @Test("order steps follow RFC 8555 §7.1.6")
    func orderSteps() {
        #expect(OrderStep.next(status: .pending, certificateURL: nil, error: nil, authorized: false, finalized: false) == .authorize)
        #expect(OrderStep.next(status: .pending, certificateURL: nil, error: nil, authorized: true, finalized: false) == .poll)
        #expect(OrderStep.next(status: .ready, certificateURL: nil, error: nil, authorized: true, finalized: false) == .finalize)
        #expect(OrderStep.next(status: .ready, certificateURL: nil, error: nil, authorized: false, finalized: false) == .finalize)
        #expect(OrderStep.next(status: .ready, certificateURL: nil, error: nil, authorized: true, finalized: true) == .poll)
        #expect(OrderStep.next(status: .processing, certificateURL: nil, error: nil, authorized: true, finalized: true) == .poll)
        #expect(OrderStep.next(status: .valid, certificateURL: "https://ca/cert/1", error: nil, authorized: true, finalized: true)
                == .download("https://ca/cert/1"))
    }

    @Test("failed, broken and final-but-not-valid orders fail with the CA's problem")
    func orderFailures() {
        let problem = ACMEProblem(type: "urn:ietf:params:acme:error:unauthorized", detail: "no")
        #expect(OrderStep.next(status: .invalid, certificateURL: nil, error: problem, authorized: true, finalized: true)
                == .fail(.orderInvalid, "the order is invalid", problem))
        #expect(OrderStep.next(status: .expired, certificateURL: nil, error: nil, authorized: false, finalized: false)
                == .fail(.orderInvalid, "the order is expired", nil))
        guard case .fail(.invalidResponse, _, _) = OrderStep.next(status: .valid, certificateURL: nil, error: nil, authorized: true, finalized: true) else {
            Issue.record("a valid order without a certificate URL must fail")
            return
        }
        guard case .fail(.invalidResponse, _, _) = OrderStep.next(status: .pending, certificateURL: nil, error: nil, authorized: true, finalized: true) else {
            Issue.record("an order that goes back to pending after finalization must fail")
            return
        }
    }

    @Test("authorization steps", arguments: [
        (ACMEStatus.valid, false, AuthorizationStep.done), (.valid, true, .done),
        (.pending, false, .solve), (.pending, true, .poll), (.processing, true, .poll),
        (.invalid, true, .fail), (.deactivated, false, .fail), (.expired, false, .fail), (.revoked, true, .fail),
    ])
    func authorizationSteps(status: ACMEStatus, responded: Bool, expected: AuthorizationStep) {
        #expect(AuthorizationStep.next(status: status, responded: responded) == expected)
    }
}
