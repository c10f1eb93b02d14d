#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A core/v1 Event, as shown by `kubectl describe`.
public struct Event: KubeResource {
    /// core/v1 `events`.
    public static let resourceKind = ResourceKind.event
    /// The whole object; unknown fields survive edits.
    public var raw: JSONObject

    /// Wraps a raw Event.
    public init(raw: JSONObject) {
        self.raw = raw
    }

    /// A new Event about `object` (any resource), named `<object name>.<unique suffix>` by the caller.
    public init<Object: KubeResource>(
        name: String, about object: Object, type: String, reason: String, message: String, component: String, at time: Date
    ) {
        self.init(name: name, namespace: object.namespace ?? "default")
        var involved: JSONObject = [:]
        involved["apiVersion"] = .string(Object.resourceKind.apiVersion)
        involved["kind"] = .string(Object.resourceKind.kind)
        if let namespace = object.namespace { involved["namespace"] = .string(namespace) }
        involved["name"] = .string(object.name)
        if let uid = object.metadata.uid { involved["uid"] = .string(uid) }
        if let version = object.metadata.resourceVersion { involved["resourceVersion"] = .string(version) }
        raw["involvedObject"] = .object(involved)
        self.reason = reason
        self.message = message
        self.type = type
        self.count = 1
        self.firstTimestamp = KubeTime.format(time)
        self.lastTimestamp = KubeTime.format(time)
        self.sourceComponent = component
    }

    /// `involvedObject`: the raw reference (kind, namespace, name, uid, ...).
    public var involvedObject: JSONObject {
        get { raw["involvedObject"]?.objectValue ?? [:] }
        set { raw["involvedObject"] = .object(newValue) }
    }

    /// `reason`: a short CamelCase cause, e.g. `CertificateIssued`.
    public var reason: String? {
        get { raw["reason"]?.stringValue }
        set { raw["reason"] = newValue.map(JSONValue.string) }
    }

    /// `message`: human-readable detail.
    public var message: String? {
        get { raw["message"]?.stringValue }
        set { raw["message"] = newValue.map(JSONValue.string) }
    }

    /// `type`: `Normal` or `Warning`.
    public var type: String? {
        get { raw["type"]?.stringValue }
        set { raw["type"] = newValue.map(JSONValue.string) }
    }

    /// `count`: how often the event occurred.
    public var count: Int? {
        get { raw["count"]?.intValue }
        set { raw["count"] = newValue.map(JSONValue.int) }
    }

    /// `firstTimestamp` (RFC 3339).
    public var firstTimestamp: String? {
        get { raw["firstTimestamp"]?.stringValue }
        set { raw["firstTimestamp"] = newValue.map(JSONValue.string) }
    }

    /// `lastTimestamp` (RFC 3339).
    public var lastTimestamp: String? {
        get { raw["lastTimestamp"]?.stringValue }
        set { raw["lastTimestamp"] = newValue.map(JSONValue.string) }
    }

    /// `source.component`: who reported the event.
    public var sourceComponent: String? {
        get { raw["source"]?.objectValue?["component"]?.stringValue }
        set {
            var source = raw["source"]?.objectValue ?? [:]
            source["component"] = newValue.map(JSONValue.string)
            raw["source"] = .object(source)
        }
    }
}
