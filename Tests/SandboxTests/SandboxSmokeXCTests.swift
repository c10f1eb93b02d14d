import KubeLegoKube
import KubeLegoSandbox
import XCTest

/// One XCTest case so `swift test` never reports "Executed 0 tests" for XCTest; checks start, list and stop.
final class SandboxSmokeXCTests: XCTestCase {
    func testStartListStop() async throws {
        let server = try await SandboxAPIServer.start(SandboxOptions())
        let connection = try RawHTTPConnection(port: server.port)
        let answer = try connection.request("GET", "/api/v1/namespaces")
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(answer.json["items"]?.arrayValue?.count, 2)
        try await server.stop()
        XCTAssertThrowsError(try RawHTTPConnection(port: server.port).request("GET", "/version"))
    }
}
