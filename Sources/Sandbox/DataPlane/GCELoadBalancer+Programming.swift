import KubeLegoKube
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Reading the sandbox into URL maps, resolving backends to endpoints, and health-checking them.
extension GCELoadBalancer {
    /// Re-reads the class-matching Ingresses, compiles their URL maps and applies the changes that are due.
    func synchronise() {
        let compiler = GCEURLMapCompiler { [sandbox] namespace, name in
            sandbox.object(kind: "Service", namespace: namespace, name: name).map(Service.init(raw:))
        }
        var desired: [String: Result<GCEURLMap, SandboxError>] = [:]
        for raw in sandbox.objects(kind: "Ingress") {
            let ingress = Ingress(raw: raw)
            guard servesClass(of: ingress) else { continue }
            desired["\(ingress.namespace ?? "default")/\(ingress.name)"] = compiler.compile(ingress)
        }
        let delay = TimeAmount(options.urlMapDelay)
        let (applied, newFailures) = state.withLock { state in
            let before = state.failures
            let applied = state.observe(desired, now: .now(), delay: delay)
            return (applied, state.failures.filter { before[$0.key] != $0.value })
        }
        for key in applied {
            options.logger.info("URL map programmed", metadata: ["ingress": "\(key)"])
        }
        for (key, reason) in newFailures.sorted(by: { $0.key < $1.key }) {
            options.logger.error("Ingress not programmed", metadata: ["ingress": "\(key)", "reason": "\(reason)"])
        }
    }

    /// Probes every endpoint behind a programmed URL map once and records the results.
    func probeBackends(on loop: any EventLoop) -> EventLoopFuture<Void> {
        let backends = state.withLock { state in Set(state.programmed.values.flatMap(\.backends)) }
        let endpoints = Set(backends.compactMap(resolve))
        state.withLock { state in
            for key in state.health.keys where !endpoints.contains(where: { "\($0.host):\($0.port)" == key }) {
                state.health[key] = nil
            }
        }
        let probes = endpoints.map { endpoint in
            var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: options.healthCheckPath)
            head.headers.add(name: "Host", value: endpoint.host)
            head.headers.add(name: "User-Agent", value: "GoogleHC/1.0")
            return GCEUpstreamExchange.send(
                on: loop, host: endpoint.host, port: endpoint.port, head: head, body: nil,
                timeout: TimeAmount(options.upstreamTimeout)
            ).map { $0.head.status == .ok }.recover { _ in false }.map { [self] passed in
                state.withLock { state in
                    state.record(
                        probe: passed, endpoint: "\(endpoint.host):\(endpoint.port)",
                        healthyThreshold: options.healthyThreshold, unhealthyThreshold: options.unhealthyThreshold)
                }
            }
        }
        return EventLoopFuture.andAllComplete(probes, on: loop)
    }

    /// The first ready address and matching port of the backend Service's Endpoints, or nil.
    func resolve(_ backend: GCEBackendReference) -> GCEUpstreamEndpoint? {
        guard let raw = sandbox.object(kind: "Service", namespace: backend.namespace, name: backend.service) else { return nil }
        let service = Service(raw: raw)
        let servicePort = service.ports.first { entry in
            switch backend.port {
            case .number(let number): entry.port == number
            case .name(let name): entry.name == name
            }
        }
        guard let servicePort, let endpointsRaw = sandbox.object(kind: "Endpoints", namespace: backend.namespace, name: backend.service)
        else { return nil }
        for subset in Endpoints(raw: endpointsRaw).subsets {
            guard let address = subset.addresses.first else { continue }
            let ports = subset.ports
            let port: Int? =
                if let name = servicePort.name, let named = ports.first(where: { $0.name == name }) { named.port }
                else if ports.count == 1 { ports.first?.port }
                else if case .number(let target)? = servicePort.targetPort { target }
                else { nil }
            if let port { return GCEUpstreamEndpoint(host: address, port: port) }
        }
        return nil
    }

    private func servesClass(of ingress: Ingress) -> Bool {
        let annotated = ingress.metadata.annotations["kubernetes.io/ingress.class"]
        return (annotated ?? ingress.ingressClassName)?.lowercased() == options.ingressClass.lowercased()
    }
}

/// An address and port behind a backend.
struct GCEUpstreamEndpoint: Sendable, Hashable {
    /// The pod IP.
    var host: String
    /// The pod port.
    var port: Int
}
