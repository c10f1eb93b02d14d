import Foundation
import KubeLegoHTTP
import KubeLegoTLS
import NIOHTTP1

/// What the front does with each request: serve renewalInfo, or forward (adding renewalInfo to the directory and
/// recording newOrder's `replaces` on the way).
extension ARIFront {
    /// Headers that belong to one hop and are not forwarded either way.
    private static let hopByHop: Set<String> = ["connection", "keep-alive", "transfer-encoding", "content-length", "expect", "te", "upgrade"]

    /// The reply to one request.
    func respond(to head: HTTPRequestHead, body: [UInt8]) async -> HTTPResponse {
        let path = String(head.uri.prefix { $0 != "?" })
        if head.method == .GET, path.hasPrefix(Self.renewalInfoPath) {
            return renewalInfo(String(path.dropFirst(Self.renewalInfoPath.count)))
        }
        if head.method == .POST, isNewOrder(path) {
            let order = Self.newOrder(fromJWS: body)
            record(order)
            if order.replaces != nil && rejectsReplaces {
                let json = #"{"type":"urn:ietf:params:acme:error:alreadyReplaced","detail":"the test front says: already replaced","status":409}"#
                return HTTPResponse(status: 409, headers: ["Content-Type": "application/problem+json"], body: Array(json.utf8))
            }
        }
        let host = head.headers.first(name: "Host") ?? "127.0.0.1:\(port)"
        var request = HTTPRequest(method: head.method.rawValue, url: upstreamBase + head.uri, body: head.method == .GET || head.method == .HEAD ? nil : body)
        for (name, value) in head.headers where !Self.hopByHop.contains(name.lowercased()) && name.lowercased() != "host" {
            request.headers.add(name, value)
        }
        request.headers.add("Host", host)
        let response: HTTPResponse
        do {
            response = try await http.execute(request)
        } catch {
            return HTTPResponse(status: 502, headers: ["Content-Type": "text/plain"], body: Array("front: \(error)".utf8))
        }
        var headers = KubeLegoHTTP.HTTPHeaders()
        for (name, value) in response.headers where !Self.hopByHop.contains(name.lowercased()) { headers.add(name, value) }
        guard head.method == .GET, path == directoryPath, response.status == 200 else {
            return HTTPResponse(status: response.status, headers: headers, body: response.body)
        }
        return HTTPResponse(status: response.status, headers: headers, body: directoryWithRenewalInfo(response.body, host: host))
    }

    /// The upstream's directory plus `renewalInfo` on this front; learns the newOrder path on the way.
    private func directoryWithRenewalInfo(_ body: [UInt8], host: String) -> [UInt8] {
        guard var directory = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return body }
        if let newOrder = directory["newOrder"] as? String, let url = URL(string: newOrder) { learnNewOrderPath(url.path) }
        directory["renewalInfo"] = "https://\(host)\(Self.renewalInfoPath)"
        guard let data = try? JSONSerialization.data(withJSONObject: directory, options: [.sortedKeys]) else { return body }
        return Array(data)
    }

    /// The answer set for `identifier`, as RFC 9773 §4.2 shapes it.
    private func renewalInfo(_ identifier: String) -> HTTPResponse {
        switch renewalInfoAnswer(for: identifier) {
        case .window(let start, let end, let retryAfter):
            let formatter = ISO8601DateFormatter()
            let json = #"{"suggestedWindow":{"start":"\#(formatter.string(from: start))","end":"\#(formatter.string(from: end))"}}"#
            var headers: KubeLegoHTTP.HTTPHeaders = ["Content-Type": "application/json"]
            if let retryAfter { headers.add("Retry-After", String(retryAfter)) }
            return HTTPResponse(status: 200, headers: headers, body: Array(json.utf8))
        case .failure(let status):
            let json = #"{"type":"urn:ietf:params:acme:error:serverInternal","detail":"the test front says \#(status)"}"#
            return HTTPResponse(status: status, headers: ["Content-Type": "application/problem+json"], body: Array(json.utf8))
        }
    }

    /// The `replaces` and identifiers of a flattened JWS whose payload is a newOrder request.
    static func newOrder(fromJWS body: [UInt8]) -> NewOrder {
        guard let jws = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let encoded = jws["payload"] as? String, let payload = Base64URL.decode(encoded),
              let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any]
        else { return NewOrder(replaces: nil, identifiers: []) }
        let identifiers = (object["identifiers"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
        return NewOrder(replaces: object["replaces"] as? String, identifiers: identifiers)
    }
}
