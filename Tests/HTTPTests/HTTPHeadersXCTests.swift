import KubeLegoHTTP
import XCTest

/// Kept as XCTest so that the XCTest runner always has a case to report.
final class HTTPHeadersXCTests: XCTestCase {
    func testLookupIsCaseInsensitiveAndKeepsEveryValue() {
        var headers = HTTPHeaders([("Set-Cookie", "a=1")])
        headers.add("set-cookie", "b=2")
        XCTAssertEqual(headers["SET-COOKIE"], "a=1")
        XCTAssertEqual(headers.values("Set-Cookie"), ["a=1", "b=2"])
    }
}
