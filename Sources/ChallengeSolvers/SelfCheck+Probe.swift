import KubeLegoHTTP

extension SelfCheck {
    /// What a probe expects in a 200 body.
    enum Expectation {
        case instanceID(String)
        case keyAuthorization(String)
    }

    /// One attempt: `_selftest`, then the token. Nil when both answered as expected, else what was seen first.
    func attempt(host: String, token: String, keyAuthorization: String) async throws(CancellationError) -> SelfCheckObservation? {
        let selfTest = ResponderRouter.challengePrefix + ResponderRouter.selfTestSegment
        if let failure = try await probe(host: host, path: selfTest, expecting: .instanceID(instanceID)) {
            return failure
        }
        return try await probe(host: host, path: ResponderRouter.challengePrefix + token, expecting: .keyAuthorization(keyAuthorization))
    }

    /// GETs `path` on `host` (or via the configured address) and compares the answer.
    func probe(host: String, path: String, expecting expectation: Expectation) async throws(CancellationError) -> SelfCheckObservation? {
        let target = target(host: host, path: path)
        var request = HTTPRequest(method: "GET", url: target.url)
        var described = "GET \(target.url)"
        if let hostHeader = target.hostHeader {
            request.headers.replace("Host", hostHeader)
            described += " (Host: \(hostHeader))"
        }
        request.followRedirects = false
        // A new connection per probe, as the CA makes one per validation request: a keep-alive connection to
        // one worker or replica would keep answering from there and prove nothing about the others.
        request.freshConnection = true
        request.timeout = configuration.requestTimeout
        request.connectTimeout = configuration.requestTimeout
        request.maxResponseBytes = configuration.maxBodyBytes

        let response: HTTPResponse
        do {
            response = try await client.execute(request)
        } catch {
            return try Self.observation(of: error, request: described)
        }
        let kind = Self.judge(status: response.status, location: response.headers["Location"], body: response.body, expecting: expectation)
        return kind.map { SelfCheckObservation(request: described, kind: $0) }
    }

    /// The URL to request and the Host header to send (nil: the URL's own), for `path` on `host`.
    /// IPv6 hosts are bracketed; with `Configuration.address` the URL names the address and Host the domain.
    func target(host: String, path: String) -> (url: String, hostHeader: String?) {
        let hostLiteral = host.contains(":") ? "[\(host)]" : host
        if let address = configuration.address {
            return ("http://\(address)\(path)", hostLiteral)
        }
        return ("http://\(hostLiteral)\(path)", nil)
    }

    /// Nil when the answer is the expected one, else what is wrong with it.
    static func judge(status: Int, location: String?, body: [UInt8], expecting expectation: Expectation) -> SelfCheckObservation.Kind? {
        switch status {
        case 200:
            let text = String(decoding: body, as: UTF8.self)
            switch expectation {
            case .instanceID(let id):
                if text == id { return nil }
                return InstanceID.looksLikeInstanceID(text) ? .anotherInstance(text) : .unexpectedBody(SelfCheckObservation.excerpt(body))
            case .keyAuthorization(let keyAuthorization):
                return text == keyAuthorization ? nil : .unexpectedBody(SelfCheckObservation.excerpt(body))
            }
        case 300..<400:
            return .redirect(status, location: location.map { SelfCheckObservation.printable($0) })
        default:
            return .status(status, body: SelfCheckObservation.excerpt(body))
        }
    }

    /// Maps a client error to what the check saw; cancellation is rethrown.
    static func observation(of error: HTTPError, request: String) throws(CancellationError) -> SelfCheckObservation {
        let kind: SelfCheckObservation.Kind
        switch error.code {
        case .cancelled:
            throw CancellationError()
        case .timedOut:
            kind = .timedOut(error.reason)
        case .responseTooLarge:
            kind = .bodyTooLarge(error.reason)
        case .couldNotConnect:
            kind = error.reason.lowercased().contains("resolve") ? .dnsFailure(error.reason) : .couldNotConnect(error.reason)
        default:
            kind = .transport(error.description)
        }
        return SelfCheckObservation(request: request, kind: kind)
    }
}
