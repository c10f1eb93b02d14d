import KubeLegoKube

/// The representation a client asked for in `Accept`: whole objects, kubectl's Table, or metadata only
/// (`PartialObjectMetadata`, what metadata-only informers use to avoid holding Secret payloads).
enum ObjectView: Sendable, Equatable {
    case full
    case table
    case metadata

    /// Reads the `as=` parameter of the first media type the sandbox can produce.
    init(_ request: SandboxRequest) {
        let accept = request.headers["accept"] ?? ""
        for mediaType in accept.split(separator: ",") {
            let parameters = mediaType.split(separator: ";").map { $0.trimmingSpaces }
            guard let type = parameters.first, type == "application/json" || type == "*/*" else { continue }
            switch parameters.first(where: { $0.hasPrefix("as=") }) {
            case "as=Table": self = .table
            case "as=PartialObjectMetadata", "as=PartialObjectMetadataList": self = .metadata
            default: self = .full
            }
            return
        }
        self = .full
    }

    /// One object (a get, or a watch event's object) in this view.
    func render(_ resource: ResourceType, _ object: SandboxObject) -> JSONValue {
        switch self {
        case .full:
            return .object(object.json)
        case .table:
            let meta: JSONObject = ["resourceVersion": .string(object.metadataString("resourceVersion") ?? "")]
            return TableView.table(resource, [object], listMetadata: meta)
        case .metadata:
            return ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": .object(object.metadata)]
        }
    }

    /// A list in this view; `listMetadata` carries resourceVersion, continue and remainingItemCount.
    func renderList(_ resource: ResourceType, _ objects: [SandboxObject], listMetadata: JSONObject) -> JSONValue {
        switch self {
        case .full:
            return ["kind": .string(resource.listKind), "apiVersion": .string(resource.apiVersion),
                    "metadata": .object(listMetadata), "items": .array(objects.map(\.listItem))]
        case .table:
            return TableView.table(resource, objects, listMetadata: listMetadata)
        case .metadata:
            return ["kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1", "metadata": .object(listMetadata),
                    "items": .array(objects.map { render(resource, $0) })]
        }
    }
}
