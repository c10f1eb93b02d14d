@testable import KubeLegoHTTP
import Testing

@Suite("Value types and pure helpers")
struct HTTPValueTests {
    @Test("HTTPHeaders: ordered, multi-valued, case-insensitive")
    func headers() {
        var headers: HTTPHeaders = ["Link": "<a>", "Content-Type": "text/plain"]
        headers.add("link", "<b>")
        #expect(headers["LINK"] == "<a>")
        #expect(headers.values("Link") == ["<a>", "<b>"])
        #expect(headers["Missing"] == nil)
        headers.replace("LINK", "<c>")
        #expect(headers.map(\.name) == ["LINK", "Content-Type"])
        #expect(headers.values("link") == ["<c>"])
        headers.replace("X-New", "1")
        #expect(headers.count == 3)
        headers.remove("content-type")
        #expect(!headers.contains("Content-Type"))
        #expect(HTTPHeaders([("Authorization", "Bearer x")]).description == "HTTPHeaders(Authorization)")
    }

    @Test("ResponseHeadParser keeps only the final block and knows when the head is complete")
    func headParser() {
        var parser = ResponseHeadParser(followsRedirects: true)
        func feed(_ line: String) -> Bool {
            Array(line.utf8).withUnsafeBytes { parser.consume($0) }
        }
        #expect(!feed("HTTP/1.1 100 Continue\r\n"))
        #expect(!feed("\r\n"))
        #expect(!feed("HTTP/1.1 302 Found\r\n"))
        #expect(!feed("Location: /next\r\n"))
        #expect(!feed("\r\n"))
        #expect(!parser.isComplete)
        #expect(!feed("HTTP/1.1 200 OK\r\n"))
        #expect(!feed("Link: <a>\r\n"))
        #expect(!feed("X-Folded: one\r\n"))
        #expect(!feed("\t two\r\n"))
        #expect(!feed("Link:<b>\r\n"))
        #expect(feed("\r\n"))
        #expect(parser.status == 200)
        #expect(parser.headers.values("Link") == ["<a>", "<b>"])
        #expect(parser.headers["X-Folded"] == "one two")
        #expect(parser.headers["Location"] == nil)
        #expect(!feed("X-Trailer: later\r\n"))
        #expect(parser.headers["X-Trailer"] == nil)

        var unfollowed = ResponseHeadParser(followsRedirects: false)
        for line in ["HTTP/1.1 302 Found", "Location: /x", ""] {
            _ = Array(line.utf8).withUnsafeBytes { unfollowed.consume($0) }
        }
        #expect(unfollowed.isComplete)
        #expect(unfollowed.status == 302)
    }

    @Test("credentials are removed from URLs", arguments: [
        ("https://user:pw@host:6443/api?x=1", "https://host:6443/api?x=1"),
        ("http://tok@host", "http://host"),
        ("https://host/path@not-userinfo", "https://host/path@not-userinfo"),
        ("https://a:b@c@host/", "https://host/"),
        ("not a url", "not a url"),
    ])
    func redaction(input: String, expected: String) {
        #expect(URLRedaction.redact(input) == expected)
    }

    @Test("proxy variables: upper case wins, empty counts as unset, chosen by scheme")
    func proxySettings() {
        let settings = ProxySettings(environment: [
            "HTTPS_PROXY": "http://upper:3128", "https_proxy": "http://lower:3128",
            "http_proxy": "http://plain:3128", "NO_PROXY": " ", "no_proxy": ".svc,10.0.0.0/8",
        ])
        #expect(settings.proxy(for: "HTTPS://api:6443/") == "http://upper:3128")
        #expect(settings.proxy(for: "http://x/") == "http://plain:3128")
        #expect(settings.noProxy == ".svc,10.0.0.0/8")
        #expect(ProxySettings(environment: [:]).proxy(for: "https://x") == nil)
    }

    @Test("durations become libcurl milliseconds, rounded up")
    func durations() {
        #expect(Duration.seconds(5).curlMilliseconds == 5000)
        #expect(Duration.microseconds(1).curlMilliseconds == 1)
        #expect(Duration.zero.curlMilliseconds == 0)
        #expect(Duration.seconds(-1).curlMilliseconds == 0)
        #expect(Duration.seconds(5).shortDescription == "5s")
        #expect(Duration.milliseconds(300).shortDescription == "300ms")
    }

    @Test("seconds from outside saturate into the allowed range instead of trapping", arguments: [
        (1e300, Duration.seconds(60)), (-1e300, .zero), (Double.infinity, .seconds(60)), (-Double.infinity, .zero),
        (Double.nan, .zero), (1e20, .seconds(60)), (-5, .zero), (2.5, .milliseconds(2500)),
    ])
    func saturatingSeconds(seconds: Double, expected: Duration) {
        #expect(Duration(saturatingSeconds: seconds, in: .zero ... .seconds(60)) == expected)
    }

    @Test("saturation works up to the largest durations")
    func saturatingExtremes() {
        let widest = Duration.seconds(Int64.min) ... Duration.seconds(Int64.max)
        #expect(Duration(saturatingSeconds: 1e300, in: widest) == .seconds(Int64.max))
        #expect(Duration(saturatingSeconds: -1e300, in: widest) == .seconds(Int64.min))
        #expect(Duration(saturatingSeconds: 86_400, in: widest) == .seconds(86_400))
    }

    @Test("HTTPError names the request")
    func errorDescription() {
        let error = HTTPError(code: .timedOut, reason: "timed out after 5s", url: "https://u:p@x/y", method: "GET")
        #expect(error.description == "GET https://x/y: timed out after 5s")
    }
}
