import KubeLegoKube

/// The status a Gateway API implementation writes, computed from the attachments: `status.parents` of
/// HTTPRoutes (conditions `Accepted` and `ResolvedRefs`), `status.listeners` with `attachedRoutes` and the
/// `Accepted`/`Programmed` conditions of Gateways, `Accepted` of GatewayClasses. Pure.
///
/// Conditions keep their `lastTransitionTime` while their status stays the same (as `meta.SetStatusCondition`
/// does), so computing again from unchanged objects gives the same status and writes nothing.
struct GatewayStatusReport {
    /// The `controllerName` the entries are written under.
    let controllerName: String
    /// Who attaches where.
    let attachments: GatewayAttachments
    /// Now, RFC 3339, for conditions that change.
    let now: String

    /// The status of an HTTPRoute: other controllers' `parents` entries kept, ours replaced by one per parent
    /// ref naming a served Gateway. `resolvedRefs` is nil when every backend resolves, else the reason.
    func routeStatus(_ route: GatewayAPI.HTTPRoute, old: JSONValue?, generation: Int, resolvedRefs: String?) -> JSONValue {
        let oldParents = old?["parents"]?.arrayValue ?? []
        var parents = oldParents.filter { $0["controllerName"]?.stringValue != controllerName }
        for outcome in attachments.outcomes[route.key] ?? [] {
            let previous = oldParents.first {
                $0["controllerName"]?.stringValue == controllerName && $0["parentRef"] == outcome.parentRef.raw
            }?["conditions"]
            let accepted = Self.condition(
                "Accepted", outcome.accepted, reason: outcome.reason, message: Self.acceptedMessage(outcome.reason),
                generation: generation, old: previous, now: now)
            let resolved = Self.condition(
                "ResolvedRefs", resolvedRefs == nil, reason: resolvedRefs ?? "ResolvedRefs",
                message: resolvedRefs.map(Self.resolvedRefsMessage) ?? "All references resolved",
                generation: generation, old: previous, now: now)
            parents.append(["parentRef": outcome.parentRef.raw, "controllerName": .string(controllerName),
                            "conditions": [accepted, resolved]])
        }
        var status = old?.objectValue ?? JSONObject()
        status["parents"] = .array(parents)
        return .object(status)
    }

    /// The status of a served Gateway: accepted and programmed on 127.0.0.1, each listener with the routes
    /// attached to it; HTTP listeners are programmed, others (HTTPS, TLS) are not served by nginx.
    func gatewayStatus(_ gateway: GatewayAPI.Gateway, old: JSONValue?, generation: Int) -> JSONValue {
        let attached = attachments.attachedRoutes["\(gateway.namespace)/\(gateway.name)"] ?? [:]
        let oldListeners = old?["listeners"]?.arrayValue ?? []
        let listeners: [JSONValue] = gateway.listeners.map { listener in
            let previous = oldListeners.first { $0["name"]?.stringValue == listener.name }?["conditions"]
            let served = listener.transport == "HTTP"
            let kinds: JSONValue = listener.allowsHTTPRoutes ? [["group": .string(GatewayAPI.group), "kind": "HTTPRoute"]] : []
            return ["name": .string(listener.name), "supportedKinds": kinds, "attachedRoutes": .int(attached[listener.name] ?? 0),
                    "conditions": [
                        Self.condition("Accepted", true, reason: "Accepted", message: "Listener accepted",
                                       generation: generation, old: previous, now: now),
                        Self.condition("Programmed", served, reason: served ? "Programmed" : "Pending",
                                       message: served ? "Served by the sandbox's nginx"
                                           : "The sandbox's nginx serves HTTP listeners only",
                                       generation: generation, old: previous, now: now),
                        Self.condition("ResolvedRefs", true, reason: "ResolvedRefs", message: "All references resolved",
                                       generation: generation, old: previous, now: now),
                    ]]
        }
        let previous = old?["conditions"]
        var status = old?.objectValue ?? JSONObject()
        status["addresses"] = [["type": "IPAddress", "value": "127.0.0.1"]]
        status["conditions"] = [
            Self.condition("Accepted", true, reason: "Accepted", message: "Gateway accepted", generation: generation,
                           old: previous, now: now),
            Self.condition("Programmed", true, reason: "Programmed", message: "Served by the sandbox's nginx",
                           generation: generation, old: previous, now: now),
        ]
        status["listeners"] = .array(listeners)
        return .object(status)
    }

    /// The status of a served GatewayClass: accepted.
    func gatewayClassStatus(old: JSONValue?, generation: Int) -> JSONValue {
        var status = old?.objectValue ?? JSONObject()
        status["conditions"] = [Self.condition("Accepted", true, reason: "Accepted", message: "Served by the sandbox's nginx",
                                               generation: generation, old: old?["conditions"], now: now)]
        return .object(status)
    }

    /// A `metav1.Condition`; `lastTransitionTime` from the same condition in `old` when its status is unchanged.
    static func condition(
        _ type: String, _ holds: Bool, reason: String, message: String, generation: Int, old: JSONValue?, now: String
    ) -> JSONValue {
        let status = holds ? "True" : "False"
        let previous = old?.arrayValue?.first { $0["type"]?.stringValue == type }
        let since = previous?["status"]?.stringValue == status ? previous?["lastTransitionTime"]?.stringValue ?? now : now
        return ["type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string(message),
                "observedGeneration": .int(generation), "lastTransitionTime": .string(since)]
    }

    /// The message of an `Accepted` reason.
    static func acceptedMessage(_ reason: String) -> String {
        switch reason {
        case "Accepted": "Route attached"
        case "NoMatchingParent": "No listener matches the parent ref's sectionName or port"
        case "NotAllowedByListeners": "No listener allows routes of this kind from this namespace"
        default: "No listener hostname intersects the route's hostnames"
        }
    }

    /// The message of a `ResolvedRefs` reason.
    static func resolvedRefsMessage(_ reason: String) -> String {
        switch reason {
        case "RefNotPermitted": "A backend in another namespace is not allowed by a ReferenceGrant"
        case "InvalidKind": "A backend is not a core Service"
        default: "A backend Service or port does not exist"
        }
    }
}
