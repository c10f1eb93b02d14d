import Logging

extension RFC2136Client {
    /// The zone `name` belongs to, by an SOA walk: ask for the SOA of the name, then of each parent, until an
    /// answer names the zone (an SOA in the answer for that very name, or in the authority section above it).
    public func findZone(for name: DNSName) async throws(DNSError) -> DNSName {
        var candidate: DNSName? = name
        var seen: [String] = []
        while let current = candidate, !current.labels.isEmpty {
            let response = try await query(current, type: .soa)
            seen.append("\(current) \(response.responseCode)")
            if response.responseCode == .noError || response.responseCode == .nxDomain {
                if response.answers.contains(where: { $0.type == .soa && $0.name == current }) { return current }
                if let soa = response.authority.first(where: { $0.type == .soa && name.isSubdomain(of: $0.name) }) { return soa.name }
            }
            candidate = current.parent
        }
        throw DNSError(.zoneNotFound, "\(server) is authoritative for no zone holding \(name) (asked SOA of: \(seen.joined(separator: ", ")))",
                       server: server.description)
    }

    /// Follows CNAME records from `name` (delegated validation: `_acme-challenge.a.example.com` may alias a
    /// name in a zone made for challenges), at most 8 steps; returns the final name, `name` itself without a CNAME.
    public func followCNAMEs(from name: DNSName) async throws(DNSError) -> DNSName {
        var current = name
        var visited: Set<DNSName> = [name]
        for _ in 0..<8 {
            let response = try await query(current, type: .cname)
            guard response.responseCode == .noError,
                  let alias = response.answers.first(where: { $0.type == .cname && $0.name == current }),
                  case .cname(let target) = alias.data else { return current }
            guard visited.insert(target).inserted else {
                throw DNSError(.malformedMessage, "a CNAME loop from \(name) at \(target) on \(server)", server: server.description)
            }
            logger.debug("following CNAME", metadata: ["dns.name": "\(current)", "dns.target": "\(target)"])
            current = target
        }
        throw DNSError(.malformedMessage, "more than 8 CNAMEs from \(name) on \(server)", server: server.description)
    }

    /// The authoritative servers of `zone` (its NS records) with their addresses: glue from the answer, else an
    /// A query to the update server, else the host name itself. They are asked on the update server's port
    /// (53 in production; the test's BIND port in tests). The update server alone when the zone lists no NS.
    /// Each (name, address) comes once, however often the response repeats an NS or glue record.
    public func authoritativeServers(of zone: DNSName) async throws(DNSError) -> [(name: String, server: DNSServer)] {
        let response = try await query(zone, type: .ns)
        var seenNames = Set<DNSName>()
        let names = response.answers.compactMap { record -> DNSName? in
            guard record.type == .ns, case .ns(let target) = record.data, seenNames.insert(target).inserted else { return nil }
            return target
        }
        guard !names.isEmpty else { return [(server.host, server)] }
        var servers: [(name: String, server: DNSServer)] = []
        for name in names {
            var addresses = response.additional.compactMap { record -> String? in
                guard record.name == name, case .a(let bytes) = record.data else { return nil }
                return bytes.map(String.init).joined(separator: ".")
            }
            if addresses.isEmpty, let answer = try? await query(name, type: .a) {
                addresses = answer.answers.compactMap { record -> String? in
                    guard record.name == name, case .a(let bytes) = record.data else { return nil }
                    return bytes.map(String.init).joined(separator: ".")
                }
            }
            var seenAddresses = Set<String>()
            addresses = addresses.filter { seenAddresses.insert($0).inserted }
            var host = name.description
            if host.hasSuffix(".") { host.removeLast() }
            for address in addresses.isEmpty ? [host] : addresses {
                servers.append((name.description, DNSServer(host: address, port: server.port)))
            }
        }
        return servers
    }
}
