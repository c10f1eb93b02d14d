import Foundation
@testable import KubeLegoACME
import Testing
import XCTest

@Suite("Problem documents")
struct ProblemDecodingTests {
    @Test("a compound problem decodes with subproblems and their identifiers")
    func compound() throws {
        let json = """
        {"type":"urn:ietf:params:acme:error:compound","detail":"Errors during validation","status":403,
         "subproblems":[
          {"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"blocked by policy","identifier":{"type":"dns","value":"bad.example.com"}},
          {"type":"urn:ietf:params:acme:error:caa","detail":"CAA forbids","identifier":{"type":"ip","value":"192.0.2.1"}}]}
        """
        let problem = try #require(ACMEProblem.decode(Array(json.utf8)))
        #expect(problem.kind == .compound)
        #expect(problem.status == 403)
        #expect(problem.detail == "Errors during validation")
        #expect(problem.subproblems.count == 2)
        #expect(problem.subproblems[0].kind == .rejectedIdentifier)
        #expect(problem.subproblems[0].identifier == ACMEIdentifier(type: "dns", value: "bad.example.com"))
        #expect(problem.subproblems[1].identifier == ACMEIdentifier(type: "ip", value: "192.0.2.1"))
        #expect(problem.description.contains("bad.example.com: blocked by policy"))
        #expect(problem.description.contains("192.0.2.1: CAA forbids"))
    }

    @Test("every standard type maps to its kind; foreign types have none")
    func kinds() throws {
        for kind in ACMEProblem.Kind.allCases {
            #expect(ACMEProblem(type: ACMEProblem.acmeNamespace + kind.rawValue).kind == kind)
        }
        #expect(ACMEProblem(type: "urn:ietf:params:acme:error:somethingNew").kind == nil)
        #expect(ACMEProblem(type: "https://example.com/problem").kind == nil)
    }

    @Test("a missing type means about:blank; non-problem bodies give nil")
    func lenientAndStrict() {
        #expect(ACMEProblem.decode(Array(#"{"detail":"x","status":500}"#.utf8))?.type == "about:blank")
        #expect(ACMEProblem.decode([]) == nil)
        #expect(ACMEProblem.decode(Array("<html>502 Bad Gateway</html>".utf8)) == nil)
        #expect(ACMEProblem.decode(Array(#"{"type":5}"#.utf8)) == nil)
    }

    @Test("retryability follows the problem type and status", arguments: [
        ("rateLimited", 429, true), ("serverInternal", 500, true), ("badNonce", 400, true),
        ("rejectedIdentifier", 400, false), ("unauthorized", 403, false), ("caa", 403, false),
        ("malformed", 400, false), ("badCSR", 400, false), ("accountDoesNotExist", 400, false),
    ])
    func retryability(type: String, status: Int, retryable: Bool) {
        let problem = ACMEProblem(type: ACMEProblem.acmeNamespace + type, detail: "d", status: status)
        let error = ACMEError(.problem, "refused", url: "https://ca/x", problem: problem, httpStatus: status)
        #expect(error.isRetryable == retryable)
    }

    @Test("transport failures, timeouts and 5xx without a problem are retryable; the rest are not")
    func retryabilityByCode() {
        #expect(ACMEError(.transport, "connection refused").isRetryable)
        #expect(ACMEError(.timedOut, "deadline").isRetryable)
        #expect(ACMEError(.invalidResponse, "HTTP 502", httpStatus: 502).isRetryable)
        #expect(!ACMEError(.invalidResponse, "HTTP 404", httpStatus: 404).isRetryable)
        #expect(!ACMEError(.cancelled, "cancelled").isRetryable)
        #expect(!ACMEError(.authorizationInvalid, "invalid",
                           problem: ACMEProblem(type: "urn:ietf:params:acme:error:connection")).isRetryable)
        #expect(!ACMEError(.externalAccountBinding, "eab").isRetryable)
    }

    @Test("rateLimited keeps Retry-After and the description names host, reason, URL and detail")
    func rateLimitedDescription() {
        let retryAt = Date(timeIntervalSince1970: 1_800_000_000)
        let error = ACMEError(.problem, "the CA refused the request (HTTP 429)", url: "https://ca/new-order",
                              identifier: ACMEIdentifier(type: "dns", value: "a.example.com"),
                              problem: ACMEProblem(type: "urn:ietf:params:acme:error:rateLimited", detail: "too many certificates", status: 429),
                              httpStatus: 429, retryAfter: retryAt)
        #expect(error.isRetryable)
        #expect(error.retryAfter == retryAt)
        #expect(error.host == "a.example.com")
        #expect(error.description.hasPrefix("a.example.com: the CA refused the request (HTTP 429): rateLimited: too many certificates (https://ca/new-order)"))
    }
}

/// Keeps the XCTest summary of this target from reading "Executed 0 tests".
final class ProblemDecodingXCTests: XCTestCase {
    func testRateLimitedProblemIsTransient() throws {
        let problem = try XCTUnwrap(ACMEProblem.decode(Array(#"{"type":"urn:ietf:params:acme:error:rateLimited","status":429}"#.utf8)))
        XCTAssertEqual(problem.kind, .rateLimited)
        XCTAssertTrue(problem.isTransient)
    }
}
