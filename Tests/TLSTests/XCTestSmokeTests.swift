import KubeLegoTLS
import XCTest

/// Keeps the XCTest runner's summary non-empty; checks the error text others will log.
final class TLSErrorDescriptionTests: XCTestCase {
    func testDescriptionNamesCodeAndReason() {
        let error = TLSError(code: .invalidPEM, reason: "PEM block 2 (PRIVATE KEY) in the chain is not a CERTIFICATE")
        XCTAssertEqual(error.description, "TLSError.invalidPEM: PEM block 2 (PRIVATE KEY) in the chain is not a CERTIFICATE")
    }
}
