import KubeLegoChallengeSolvers
import Testing

/// The original's challenge-server cases (behaviour spec §10 A) plus the port's additions, over real sockets.
@Suite("HTTP-01 responder routes")
struct ResponderRouteTests {
    let noCache = "no-cache, no-store, must-revalidate"
    let notFoundBody = "kube-lego (version v9.9.9-test) - 404 not found"

    func store() -> ChallengeTokenStore {
        let tokens = ChallengeTokenStore()
        tokens.register(host: "domain1.example.com", token: "token1", keyAuthorization: "auth1")
        return tokens
    }

    @Test("token served for its host, text/plain, no-cache")
    func tokenForItsHost() async throws {
        try await withResponder(tokens: store()) { _, port in
            let response = try await fetch("/.well-known/acme-challenge/token1", host: "domain1.example.com", port: port)
            #expect(response.status == 200)
            #expect(response.body == "auth1")
            #expect(response.header("Content-Type") == "text/plain")
            #expect(response.header("Cache-Control") == noCache)
        }
    }

    @Test("the Host header's port is ignored")
    func hostPortIgnored() async throws {
        try await withResponder(tokens: store()) { _, port in
            let response = try await fetch("/.well-known/acme-challenge/token1", host: "domain1.example.com:8080", port: port)
            #expect(response.status == 200)
            #expect(response.body == "auth1")
        }
    }

    @Test("the Host header's case and a trailing dot are ignored")
    func hostCaseIgnored() async throws {
        try await withResponder(tokens: store()) { _, port in
            let upper = try await fetch("/.well-known/acme-challenge/token1", host: "DOMAIN1.Example.COM", port: port)
            #expect(upper.status == 200)
            #expect(upper.body == "auth1")
            let dotted = try await fetch("/.well-known/acme-challenge/token1", host: "domain1.example.com.:80", port: port)
            #expect(dotted.body == "auth1")
        }
    }

    @Test("a token is not served for another host")
    func otherHost() async throws {
        try await withResponder(tokens: store()) { _, port in
            let response = try await fetch("/.well-known/acme-challenge/token1", host: "domain666.example.com", port: port)
            #expect(response.status == 404)
            #expect(response.body == notFoundBody)
        }
    }

    @Test("an unknown token is 404")
    func unknownToken() async throws {
        try await withResponder(tokens: store()) { _, port in
            let response = try await fetch("/.well-known/acme-challenge/token666", host: "domain1.example.com", port: port)
            #expect(response.status == 404)
            #expect(response.body == notFoundBody)
        }
    }

    @Test("paths outside the challenge directory are 404", arguments: [
        "/aasdasdas/acme-challenge/token1", "/.well-known/acme-challenge/x/token1", "/.well-known/acme-challenge/",
        "/.well-known/acme-challenge", "/foo", "/healthz/",
    ])
    func wrongDirectory(path: String) async throws {
        try await withResponder(tokens: store()) { _, port in
            let response = try await fetch(path, host: "domain1.example.com", port: port)
            #expect(response.status == 404)
            #expect(response.body == notFoundBody)
            #expect(response.header("Content-Type") == "text/plain")
            #expect(response.header("Cache-Control") == noCache)
        }
    }

    @Test("a query string does not hide the token")
    func queryIgnored() async throws {
        try await withResponder(tokens: store()) { _, port in
            let response = try await fetch("/.well-known/acme-challenge/token1?x=1", host: "domain1.example.com", port: port)
            #expect(response.body == "auth1")
        }
    }

    @Test("/ and /healthz answer ok for any host; only /healthz may be cached")
    func health() async throws {
        try await withResponder { _, port in
            let healthz = try await fetch("/healthz", host: "1.2.3.4", port: port)
            #expect(healthz.status == 200)
            #expect(healthz.body == "ok")
            #expect(healthz.header("Content-Type") == "text/plain")
            #expect(healthz.header("Cache-Control") == nil)
            let root = try await fetch("/", host: "1.2.3.4", port: port)
            #expect(root.status == 200)
            #expect(root.body == "ok")
            #expect(root.header("Cache-Control") == noCache)
        }
    }

    @Test("_selftest answers the instance id for any host, and without a Host header")
    func selfTest() async throws {
        try await withResponder(instanceID: "QwErTyUiOpAsDfGh") { _, port in
            for host in ["domain1.example.com", "other.example.org:8080", nil] {
                let response = try await fetch("/.well-known/acme-challenge/_selftest", host: host, port: port)
                #expect(response.status == 200)
                #expect(response.body == "QwErTyUiOpAsDfGh")
                #expect(response.header("Cache-Control") == noCache)
            }
        }
    }

    @Test("/readyz follows the readiness flag")
    func readiness() async throws {
        try await withResponder { responder, port in
            #expect(try await fetch("/readyz", host: "x", port: port).status == 200)
            responder.setReady(false)
            let notReady = try await fetch("/readyz", host: "x", port: port)
            #expect(notReady.status == 503)
            #expect(notReady.header("Cache-Control") == noCache)
            responder.setReady(true)
            #expect(try await fetch("/readyz", host: "x", port: port).body == "ok")
        }
    }

    @Test("an IPv6 literal Host with a port is parsed, not cut at its first colon")
    func ipv6Host() async throws {
        let tokens = ChallengeTokenStore()
        tokens.register(host: "::1", token: "tok6", keyAuthorization: "auth6")
        tokens.register(host: "[2001:DB8::7]", token: "tok7", keyAuthorization: "auth7")
        try await withResponder(tokens: tokens) { _, port in
            let withPort = try await fetch("/.well-known/acme-challenge/tok6", host: "[::1]:\(port)", port: port)
            #expect(withPort.status == 200)
            #expect(withPort.body == "auth6")
            let bare = try await fetch("/.well-known/acme-challenge/tok6", host: "[::1]", port: port)
            #expect(bare.body == "auth6")
            let bracketedRegistration = try await fetch("/.well-known/acme-challenge/tok7", host: "[2001:db8::7]:80", port: port)
            #expect(bracketedRegistration.body == "auth7")
            let otherAddress = try await fetch("/.well-known/acme-challenge/tok6", host: "[::2]:\(port)", port: port)
            #expect(otherAddress.status == 404)
        }
    }

    @Test("two tokens for one host are served at once; a token for host A is not served for host B")
    func severalTokens() async throws {
        let tokens = ChallengeTokenStore()
        tokens.register(host: "a.example", token: "first", keyAuthorization: "first.thumb")
        tokens.register(host: "a.example", token: "second", keyAuthorization: "second.thumb")
        tokens.register(host: "b.example", token: "third", keyAuthorization: "third.thumb")
        try await withResponder(tokens: tokens) { _, port async throws in
            #expect(try await fetch("/.well-known/acme-challenge/first", host: "a.example", port: port).body == "first.thumb")
            #expect(try await fetch("/.well-known/acme-challenge/second", host: "a.example", port: port).body == "second.thumb")
            #expect(try await fetch("/.well-known/acme-challenge/third", host: "a.example", port: port).status == 404)
            #expect(try await fetch("/.well-known/acme-challenge/first", host: "b.example", port: port).status == 404)
            #expect(try await fetch("/.well-known/acme-challenge/third", host: "b.example", port: port).body == "third.thumb")
        }
    }

    @Test("an absolute-form request target names the host itself")
    func absoluteForm() async throws {
        try await withResponder(tokens: store()) { _, port in
            let response = try await fetch(
                "http://domain1.example.com:80/.well-known/acme-challenge/token1",
                host: "ignored.example",
                port: port
            )
            #expect(response.body == "auth1")
        }
    }
}
