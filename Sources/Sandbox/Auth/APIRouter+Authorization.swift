import KubeLegoKube
import Logging

extension APIRouter {
    /// The caller of a request under `authorization`: 401 without a known bearer token.
    func authenticate(_ request: SandboxRequest, _ authorization: SandboxAuthorization) throws(SandboxError) -> RBACUser {
        let header = request.headers["authorization"] ?? ""
        guard header.hasPrefix("Bearer "), let user = authorization.user(forToken: String(header.dropFirst(7))) else {
            throw SandboxError(.unauthorized, "Unauthorized")
        }
        return user
    }

    /// Decides a request by RBAC, records the decision, and throws 403 (a Status naming verb, resource and
    /// namespace, as kube-apiserver words it) when nothing grants it.
    func authorize(_ user: RBACUser, _ request: SandboxRequest, _ route: APIRoute) throws(SandboxError) {
        let attributes = try Self.attributes(request, route)
        let decision = RBACAuthorizer.authorize(user, attributes, policy: RBACPolicy(store: store))
        authorizationLog.append(SandboxAuthorizationRecord(
            user: user, attributes: attributes, allowed: decision.allowed, reason: decision.reason))
        guard !decision.allowed else { return }
        logger.notice("forbidden", metadata: ["sandbox.user": "\(user.name)", "sandbox.request": "\(attributes)"])
        throw SandboxError(.forbidden, decision.reason, name: attributes.name, group: attributes.apiGroup,
                           kind: attributes.resource)
    }

    /// The RBAC attributes of a request: verb from method and route (list/watch/get...), resource, namespace, name.
    static func attributes(_ request: SandboxRequest, _ route: APIRoute) throws(SandboxError) -> RBACAttributes {
        switch route {
        case .version, .health, .coreVersions, .groups, .group, .resources:
            return RBACAttributes(verb: request.method.lowercased(), path: request.path)
        case .collection(let resource, let namespace):
            let verb: SandboxVerb
            switch request.method {
            case "GET": verb = request.flag("watch") ? .watch : .list
            case "POST": verb = .create
            case "DELETE": verb = .deleteCollection
            default: throw SandboxError(.methodNotAllowed, "the server does not allow this method on the requested resource")
            }
            return RBACAttributes(verb: verb.rawValue, apiGroup: resource.group, resource: resource.plural, namespace: namespace)
        case .object(let resource, let namespace, let name, let subresource):
            let verb: SandboxVerb
            switch request.method {
            case "GET": verb = .get
            case "PUT": verb = .update
            case "PATCH": verb = .patch
            case "DELETE": verb = .delete
            default: throw SandboxError(.methodNotAllowed, "the server does not allow this method on the requested resource")
            }
            return RBACAttributes(verb: verb.rawValue, apiGroup: resource.group, resource: resource.plural,
                                  subresource: subresource, namespace: namespace, name: name)
        }
    }
}
