import Logging

extension RFC2136Client {
    /// Returns once every authoritative server of `zone` answers a TXT query for `name` with `value` among its
    /// values, asking again every `interval`; after `timeout` throws `.propagation` saying which server answered what.
    public func waitUntilVisible(name: DNSName, value: String, zone: DNSName, timeout: Duration,
                                 interval: Duration = .milliseconds(250)) async throws(DNSError) {
        let deadline = ContinuousClock.now + timeout
        let servers = try await authoritativeServers(of: zone)
        var pending = servers.map { "\($0.name) (\($0.server))" }
        var targets = Dictionary(uniqueKeysWithValues: zip(pending, servers.map(\.server)))
        var seen: [String: String] = [:]
        while true {
            for label in pending {
                guard let target = targets[label] else { continue }
                let remaining = deadline - ContinuousClock.now
                let perQuery = min(transport.timeout, max(remaining, .milliseconds(200)))
                do {
                    let response = try await query(name, type: .txt, at: target, timeout: perQuery)
                    let values = response.answers.filter { $0.name == name }.compactMap(\.data.joinedText)
                    if values.contains(value) {
                        targets[label] = nil
                    } else {
                        seen[label] = response.responseCode == .noError
                            ? "[\(values.map { "\"\($0)\"" }.joined(separator: ", "))]" : "\(response.responseCode)"
                    }
                } catch where error.code == .cancelled {
                    throw error
                } catch {
                    seen[label] = "no answer (\(error.reason))"
                }
            }
            pending = pending.filter { targets[$0] != nil }
            guard !pending.isEmpty else {
                logger.debug("TXT visible on every authoritative server", metadata: ["dns.name": "\(name)", "dns.servers": "\(servers.count)"])
                return
            }
            guard ContinuousClock.now + interval < deadline else {
                let report = pending.map { "\($0) answered \(seen[$0] ?? "nothing")" }.joined(separator: "; ")
                throw DNSError(.propagation, "TXT \(name) = \"\(value)\" not visible within \(timeout): \(report)", server: server.description)
            }
            do {
                try await Task.sleep(for: interval)
            } catch {
                throw DNSError(.cancelled, "cancelled while waiting for TXT \(name) to propagate")
            }
        }
    }
}
