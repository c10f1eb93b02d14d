/// One event of a watch stream.
public enum WatchEvent<Object: KubeResource>: Sendable {
    /// The object was created (or existed when a watch without resourceVersion started).
    case added(Object)
    /// The object changed.
    case modified(Object)
    /// The object was deleted; this is its last state.
    case deleted(Object)
    /// No object changed, but the collection reached `resourceVersion`: resume from there.
    case bookmark(resourceVersion: String)
    /// The server reported an error in the stream (e.g. `.gone` when the start version is too old); the stream
    /// ends after it.
    case error(KubeError)

    /// The resourceVersion this event brings the watcher to, if any.
    public var resourceVersion: String? {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object): object.metadata.resourceVersion
        case .bookmark(let version): version
        case .error: nil
        }
    }

    /// Decodes one line of a watch response: `{"type": ..., "object": ...}`.
    init(line: ArraySlice<UInt8>, label: String) throws(KubeError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: line)
        } catch {
            throw KubeError(.decoding, "watch event is not JSON: \(error.reason)", object: label, verb: "watch")
        }
        guard let type = value["type"]?.stringValue, let object = value["object"]?.objectValue else {
            throw KubeError(.decoding, "watch event without type or object", object: label, verb: "watch")
        }
        switch type {
        case "ADDED": self = .added(Object(raw: object))
        case "MODIFIED": self = .modified(Object(raw: object))
        case "DELETED": self = .deleted(Object(raw: object))
        case "BOOKMARK":
            guard let version = object["metadata"]?["resourceVersion"]?.stringValue else {
                throw KubeError(.decoding, "BOOKMARK event without metadata.resourceVersion", object: label, verb: "watch")
            }
            self = .bookmark(resourceVersion: version)
        case "ERROR":
            self = .error(KubeError(statusObject: object, httpStatus: nil, verb: "watch", object: label))
        default:
            throw KubeError(.decoding, "unknown watch event type \(type)", object: label, verb: "watch")
        }
    }
}
