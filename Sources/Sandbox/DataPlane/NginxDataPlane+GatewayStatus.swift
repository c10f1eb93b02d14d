import KubeLegoKube
import Logging

extension NginxDataPlane {
    /// Writes the Gateway API status of what the last render pass served, through the status subresource, as
    /// the implementation of the served GatewayClasses: HTTPRoute `status.parents`, Gateway listeners with
    /// `attachedRoutes`, GatewayClass `Accepted` (for classes naming this controller). Only changed statuses
    /// are written, so the watch events they cause settle after one more pass. Runs on the data plane's thread.
    func writeGatewayStatus(_ gatewayAPI: NginxGatewayObjects, services: [Service], endpoints: [Endpoints]) {
        guard let controllerName = gatewayControllerName else { return }
        let attachments = gatewayAPI.attachments(classes: renderer.gatewayClasses)
        let report = GatewayStatusReport(controllerName: controllerName, attachments: attachments, now: store.stamps.timestamp())
        let table = NginxRouteTable(services: services, endpoints: endpoints)
        let grants = gatewayAPI.referenceGrants.map(GatewayAPI.ReferenceGrant.init)
        for json in gatewayAPI.httpRoutes {
            let route = GatewayAPI.HTTPRoute(json)
            let listed = (JSONValue.object(json)["status"]?["parents"]?.arrayValue ?? []).contains {
                $0["controllerName"]?.stringValue == controllerName
            }
            guard attachments.outcomes[route.key] != nil || listed else { continue }
            let unresolved = route.rules.flatMap(\.backendRefs).lazy.compactMap { backend -> String? in
                if case .invalid(let reason) = table.gatewayBackend(backend, routeNamespace: route.namespace, grants: grants) {
                    return reason
                }
                return nil
            }.first
            writeStatus(.httpRoute, ObjectKey(namespace: route.namespace, name: route.name)) { old, generation in
                report.routeStatus(route, old: old, generation: generation, resolvedRefs: unresolved)
            }
        }
        for gateway in attachments.gateways.values {
            writeStatus(.gateway, ObjectKey(namespace: gateway.namespace, name: gateway.name)) { old, generation in
                report.gatewayStatus(gateway, old: old, generation: generation)
            }
        }
        for name in renderer.gatewayClasses {
            let key = ObjectKey(namespace: "", name: name)
            guard let stored = try? store.get(.gatewayClass, key),
                  JSONValue.object(stored.json)["spec"]?["controllerName"]?.stringValue == controllerName else { continue }
            writeStatus(.gatewayClass, key) { old, generation in report.gatewayClassStatus(old: old, generation: generation) }
        }
    }

    /// Replaces an object's status with `status(old status, generation)`; nothing is written when it is unchanged.
    /// An object deleted meanwhile is skipped; other failures are logged (the next pass tries again).
    private func writeStatus(_ resource: ResourceType, _ key: ObjectKey, _ status: (JSONValue?, Int) -> JSONValue) {
        do {
            _ = try store.update(resource, key, status: true) { old throws(SandboxError) in
                var object = old
                object.json["status"] = status(old.json["status"], old.metadata["generation"]?.intValue ?? 0)
                return object
            }
        } catch where error.code == .notFound {
            return
        } catch {
            logger.warning("sandbox nginx: cannot write status",
                           metadata: ["sandbox.object": "\(resource.kind) \(key.text)", "error": "\(error)"])
        }
    }
}
