import KubeLegoKube
import Logging

/// The API layer: authenticates a request, resolves its route and verb, injects faults and serves it
/// from the store. Pure request-in, answer-out; the HTTP handler owns the connection and watch streams.
struct APIRouter: Sendable {
    /// What to send back.
    enum Answer: Sendable {
        /// A complete response.
        case response(SandboxResponse)
        /// Start a watch stream.
        case watch(WatchPlan)
    }

    let store: ObjectStore
    let faults: FaultInjector
    let bearerToken: String?
    /// RBAC, when enabled; nil lets every (authenticated) request through.
    let authorization: SandboxAuthorization?
    let authorizationLog: AuthorizationLog
    let logger: Logger
    let tally: RequestTally

    /// Serves one request, logging it at debug level.
    func answer(_ request: SandboxRequest) -> Answer {
        tally.count(request.method)
        let answer = route(request)
        var metadata: Logger.Metadata = ["sandbox.method": "\(request.method)", "sandbox.path": "\(request.path)"]
        switch answer {
        case .response(let response): metadata["sandbox.status"] = "\(response.status)"
        case .watch: metadata["sandbox.status"] = "watch"
        }
        logger.debug("request", metadata: metadata)
        return answer
    }

    private func route(_ request: SandboxRequest) -> Answer {
        do throws(SandboxError) {
            let route = APIRoute(segments: request.segments)
            if route == .health { return .response(SandboxResponse(status: 200, contentType: "text/plain", body: Array("ok".utf8))) }
            if let token = bearerToken, request.headers["authorization"] != "Bearer \(token)" {
                throw SandboxError(.unauthorized, "Unauthorized")
            }
            var user: RBACUser?
            if let authorization { user = try authenticate(request, authorization) }
            guard let route else {
                throw SandboxError(.notFound, "the server could not find the requested resource")
            }
            if let user { try authorize(user, request, route) }
            return try answer(request, route)
        } catch {
            return .response(.failure(error))
        }
    }

    private func answer(_ request: SandboxRequest, _ route: APIRoute) throws(SandboxError) -> Answer {
        switch route {
        case .version, .coreVersions, .groups, .group, .resources, .health:
            guard request.method == "GET" else { throw methodNotAllowed(request) }
            return .response(.json(Discovery.document(for: route)))
        case .collection(let resource, let namespace):
            let verb = try collectionVerb(request)
            tally.count(verb: verb.rawValue, resource: resource.plural, name: nil)
            try inject(verb, resource, name: nil)
            switch verb {
            case .watch: return .watch(try watchPlan(request, resource, namespace))
            case .list: return .response(try list(request, resource, namespace))
            case .create: return .response(try create(request, resource, namespace))
            default: return .response(try deleteCollection(request, resource, namespace))
            }
        case .object(let resource, let namespace, let name, let subresource):
            let verb = try objectVerb(request)
            tally.count(verb: verb.rawValue, resource: resource.plural, name: name)
            try inject(verb, resource, name: name)
            let key = ObjectKey(namespace: namespace ?? "", name: name)
            switch verb {
            case .get:
                return .response(.json(ObjectView(request).render(resource, try store.get(resource, key))))
            case .update: return .response(try update(request, resource, key, status: subresource == "status"))
            case .patch: return .response(try patch(request, resource, key, status: subresource == "status"))
            default: return .response(try delete(request, resource, key))
            }
        }
    }

    private func inject(_ verb: SandboxVerb, _ resource: ResourceType, name: String?) throws(SandboxError) {
        if let error = faults.injectedError(for: verb, resource: resource, name: name) { throw error }
    }

    private func collectionVerb(_ request: SandboxRequest) throws(SandboxError) -> SandboxVerb {
        switch request.method {
        case "GET": request.flag("watch") ? .watch : .list
        case "POST": .create
        case "DELETE": .deleteCollection
        default: throw methodNotAllowed(request)
        }
    }

    private func objectVerb(_ request: SandboxRequest) throws(SandboxError) -> SandboxVerb {
        switch request.method {
        case "GET": .get
        case "PUT": .update
        case "PATCH": .patch
        case "DELETE": .delete
        default: throw methodNotAllowed(request)
        }
    }

    private func methodNotAllowed(_ request: SandboxRequest) -> SandboxError {
        SandboxError(.methodNotAllowed, "the server does not allow this method on the requested resource")
    }

    /// Parses a JSON body into an object; 400 when it is not a JSON object.
    func decodeObject(_ request: SandboxRequest) throws(SandboxError) -> SandboxObject {
        do {
            guard case .object(let json) = try JSONValue(parsing: request.body) else {
                throw SandboxError(.badRequest, "the request body must be a JSON object")
            }
            return SandboxObject(json: json)
        } catch let error as SandboxError {
            throw error
        } catch {
            throw SandboxError(.badRequest, "the request body is not valid JSON: \(error)")
        }
    }
}
