import Foundation
import KubeLegoKube

/// Server-side printing (`Accept: ...;as=Table;g=meta.k8s.io;v=v1`): the columns `kubectl get` shows for each
/// kind, so its output looks as it does against a real cluster.
enum TableView {
    /// A `meta.k8s.io/v1` Table of objects; rows carry PartialObjectMetadata (kubectl reads namespaces there).
    static func table(_ resource: ResourceType, _ objects: [SandboxObject], listMetadata: JSONObject, now: Date = Date())
        -> JSONValue
    {
        let columns: [JSONValue] = columnNames(resource).enumerated().map { index, name in
            ["name": .string(name), "type": "string", "format": index == 0 ? "name" : "", "description": "",
             "priority": 0]
        }
        let rows: [JSONValue] = objects.map { object in
            ["cells": .array(cells(resource, object, now: now).map { .string($0) }),
             "object": ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                        "metadata": .object(object.metadata)]]
        }
        return ["kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(listMetadata),
                "columnDefinitions": .array(columns), "rows": .array(rows)]
    }

    /// Column titles per kind.
    static func columnNames(_ resource: ResourceType) -> [String] {
        switch resource {
        case .namespace: ["Name", "Status", "Age"]
        case .secret: ["Name", "Type", "Data", "Age"]
        case .service: ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age"]
        case .endpoints: ["Name", "Endpoints", "Age"]
        case .configMap: ["Name", "Data", "Age"]
        case .event: ["Last Seen", "Type", "Reason", "Object", "Message"]
        case .ingress: ["Name", "Class", "Hosts", "Address", "Ports", "Age"]
        case .ingressClass: ["Name", "Controller", "Parameters", "Age"]
        case .lease: ["Name", "Holder", "Age"]
        case .gateway, .gatewayClass, .httpRoute: gatewayAPIColumnNames(resource)
        default: ["Name", "Age"]
        }
    }

    /// Cell texts of one object.
    static func cells(_ resource: ResourceType, _ object: SandboxObject, now: Date) -> [String] {
        let json = JSONValue.object(object.json)
        let age = self.age(object.metadataString("creationTimestamp"), now: now)
        let text: (JSONValue?) -> String = { $0?.stringValue ?? "<none>" }
        switch resource {
        case .namespace:
            return [object.name, json["status"]?["phase"]?.stringValue ?? "Active", age]
        case .secret:
            return [object.name, text(json["type"]), String(json["data"]?.objectValue?.count ?? 0), age]
        case .service:
            let ports = (json["spec"]?["ports"]?.arrayValue ?? []).map {
                "\($0["port"].map(literal) ?? "")/\($0["protocol"]?.stringValue ?? "TCP")"
            }
            return [object.name, json["spec"]?["type"]?.stringValue ?? "ClusterIP", text(json["spec"]?["clusterIP"]),
                    "<none>", ports.isEmpty ? "<none>" : ports.joined(separator: ","), age]
        case .endpoints:
            var addresses: [String] = []
            for subset in json["subsets"]?.arrayValue ?? [] {
                for address in subset["addresses"]?.arrayValue ?? [] {
                    for port in subset["ports"]?.arrayValue ?? [] {
                        addresses.append("\(address["ip"]?.stringValue ?? ""):\(port["port"].map(literal) ?? "")")
                    }
                }
            }
            return [object.name, addresses.isEmpty ? "<none>" : addresses.joined(separator: ","), age]
        case .configMap:
            let count = (json["data"]?.objectValue?.count ?? 0) + (json["binaryData"]?.objectValue?.count ?? 0)
            return [object.name, String(count), age]
        case .event:
            let involved = json["involvedObject"]
            let target = "\(involved?["kind"]?.stringValue?.lowercased() ?? "")/\(involved?["name"]?.stringValue ?? "")"
            let seen = self.age(json["lastTimestamp"]?.stringValue ?? object.metadataString("creationTimestamp"), now: now)
            return [seen, json["type"]?.stringValue ?? "", json["reason"]?.stringValue ?? "", target,
                    json["message"]?.stringValue ?? ""]
        case .ingress:
            let spec = json["spec"]
            let hosts = (spec?["rules"]?.arrayValue ?? []).compactMap { $0["host"]?.stringValue }
            let addresses = (json["status"]?["loadBalancer"]?["ingress"]?.arrayValue ?? []).compactMap {
                $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue
            }
            let tls = !(spec?["tls"]?.arrayValue ?? []).isEmpty
            return [object.name, text(spec?["ingressClassName"]), hosts.isEmpty ? "*" : hosts.joined(separator: ","),
                    addresses.joined(separator: ","), tls ? "80, 443" : "80", age]
        case .ingressClass:
            return [object.name, json["spec"]?["controller"]?.stringValue ?? "", "<none>", age]
        case .lease:
            return [object.name, json["spec"]?["holderIdentity"]?.stringValue ?? "", age]
        case .gateway, .gatewayClass, .httpRoute:
            return gatewayAPICells(resource, object, age: age)
        default:
            return [object.name, age]
        }
    }

    /// A number's literal text, or a string as it is.
    static func literal(_ value: JSONValue) -> String {
        if case .number(let text) = value { return text }
        return value.stringValue ?? ""
    }

    /// kubectl's short human duration (`45s`, `3m12s`, `5h`, `2d`) since an RFC 3339 time.
    static func age(_ timestamp: String?, now: Date) -> String {
        guard let timestamp, let then = try? Date(timestamp, strategy: .iso8601) else { return "<unknown>" }
        let seconds = max(0, Int(now.timeIntervalSince(then)))
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<600: return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m\(seconds % 60)s"
        case ..<(3 * 3600): return "\(seconds / 60)m"
        case ..<(8 * 3600): return (seconds / 60) % 60 == 0 ? "\(seconds / 3600)h" : "\(seconds / 3600)h\((seconds / 60) % 60)m"
        case ..<(48 * 3600): return "\(seconds / 3600)h"
        default: return "\(seconds / 86400)d"
        }
    }
}
