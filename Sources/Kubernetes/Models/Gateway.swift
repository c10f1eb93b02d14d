/// A gateway.networking.k8s.io/v1 Gateway: the listeners a Gateway API implementation opens.
public struct Gateway: KubeResource {
    /// gateway.networking.k8s.io/v1 `gateways`.
    public static let resourceKind = ResourceKind.gateway
    /// The whole object; unknown fields survive edits.
    public var raw: JSONObject

    /// Wraps a raw Gateway.
    public init(raw: JSONObject) {
        self.raw = raw
    }

    /// `spec.gatewayClassName`.
    public var gatewayClassName: String? {
        get { spec["gatewayClassName"]?.stringValue }
        set { spec["gatewayClassName"] = newValue.map(JSONValue.string) }
    }

    /// `spec.listeners`.
    public var listeners: [GatewayListener] {
        get { spec.views("listeners") }
        set { spec.setViews("listeners", newValue) }
    }
}

/// One entry of a Gateway's `spec.listeners`.
public struct GatewayListener: JSONObjectView {
    /// The raw entry.
    public var raw: JSONObject
    /// Wraps a raw entry.
    public init(raw: JSONObject) { self.raw = raw }

    /// `name`, unique within the Gateway (what a route's `parentRefs[].sectionName` names).
    public var name: String { raw["name"]?.stringValue ?? "" }
    /// `hostname`; nil: the listener accepts every host.
    public var hostname: String? { raw["hostname"]?.stringValue }
    /// `protocol`: HTTP, HTTPS, TLS, TCP, UDP (upper-cased as the API spells them).
    public var transportProtocol: String { raw["protocol"]?.stringValue ?? "" }
    /// `port`.
    public var port: Int? { raw["port"]?.intValue }
    /// `tls.mode`: Terminate (the default when `tls` is set) or Passthrough.
    public var tlsMode: String? {
        guard let tls = raw["tls"]?.objectValue else { return nil }
        return tls["mode"]?.stringValue ?? "Terminate"
    }
    /// `tls.certificateRefs`.
    public var certificateRefs: [GatewayObjectReference] {
        raw["tls"]?.objectValue?.views("certificateRefs") ?? []
    }
    /// `allowedRoutes`, absent: routes from the Gateway's namespace, of the kinds the protocol carries.
    public var allowedRoutes: JSONObject? { raw["allowedRoutes"]?.objectValue }
}

/// A reference as the Gateway API writes one: group, kind, name and optional namespace.
public struct GatewayObjectReference: JSONObjectView {
    /// The raw reference.
    public var raw: JSONObject
    /// Wraps a raw reference.
    public init(raw: JSONObject) { self.raw = raw }

    /// `group`; the API's default for certificate and backend references is the core group ("").
    public var group: String { raw["group"]?.stringValue ?? "" }
    /// `kind`; defaults to Secret for certificate references.
    public var kind: String { raw["kind"]?.stringValue ?? "Secret" }
    /// `name`.
    public var name: String { raw["name"]?.stringValue ?? "" }
    /// `namespace`; nil: the referring object's.
    public var namespace: String? { raw["namespace"]?.stringValue }
}
