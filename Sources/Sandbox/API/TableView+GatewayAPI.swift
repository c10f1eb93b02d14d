import KubeLegoKube

/// The printer columns of the Gateway API CRDs (`additionalPrinterColumns`), so `kubectl get gateways`
/// looks as it does on a cluster with the upstream CRDs installed.
extension TableView {
    /// Column titles of Gateway, GatewayClass and HTTPRoute.
    static func gatewayAPIColumnNames(_ resource: ResourceType) -> [String] {
        switch resource {
        case .gateway: ["Name", "Class", "Address", "Programmed", "Age"]
        case .gatewayClass: ["Name", "Controller", "Accepted", "Age"]
        default: ["Name", "Hostnames", "Age"]
        }
    }

    /// Cell texts of a Gateway, GatewayClass or HTTPRoute.
    static func gatewayAPICells(_ resource: ResourceType, _ object: SandboxObject, age: String) -> [String] {
        let json = JSONValue.object(object.json)
        switch resource {
        case .gateway:
            let address = json["status"]?["addresses"]?.arrayValue?.first?["value"]?.stringValue ?? ""
            return [object.name, json["spec"]?["gatewayClassName"]?.stringValue ?? "", address,
                    condition("Programmed", of: json), age]
        case .gatewayClass:
            return [object.name, json["spec"]?["controllerName"]?.stringValue ?? "", condition("Accepted", of: json), age]
        default:
            let hostnames = (json["spec"]?["hostnames"]?.arrayValue ?? []).compactMap(\.stringValue)
            return [object.name, hostnames.isEmpty ? "" : "[\"\(hostnames.joined(separator: "\",\""))\"]", age]
        }
    }

    /// The `status` of the condition of `type` in `status.conditions`, or "Unknown".
    private static func condition(_ type: String, of json: JSONValue) -> String {
        let conditions = json["status"]?["conditions"]?.arrayValue ?? []
        return conditions.first { $0["type"]?.stringValue == type }?["status"]?.stringValue ?? "Unknown"
    }
}
