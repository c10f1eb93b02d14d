import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Logging

/// bench-cache: memory and time-to-synced of the client-side cache beside many unrelated Secrets.
///
///   bench-cache serve --ingresses N --secrets N --managed N --url-file PATH
///       fills a sandbox API server (in this process) and serves it until killed; writes its URL to PATH.
///   bench-cache client --url URL [--all-secrets]
///       caches every Ingress and only the managed (labelled) Secrets (all Secrets with --all-secrets), then
///       prints one JSON line: seconds to synced, objects cached, VmHWM and VmRSS in KiB.
@main
struct BenchCache {
    static let managedLabel = "bench.kube-lego/managed"

    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        func value(_ name: String, _ fallback: String) -> String {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
            return arguments[index + 1]
        }
        switch arguments.first {
        case "serve":
            try await serve(
                ingresses: Int(value("--ingresses", "10000")) ?? 10_000, secrets: Int(value("--secrets", "30000")) ?? 30_000,
                managed: Int(value("--managed", "100")) ?? 100, urlFile: value("--url-file", "/dev/stdout"))
        case "client":
            try await client(url: value("--url", "http://127.0.0.1:8080"), allSecrets: arguments.contains("--all-secrets"))
        default:
            FileHandle.standardError.write(Data("usage: bench-cache serve|client ...\n".utf8))
            exit(2)
        }
    }

    static func serve(ingresses: Int, secrets: Int, managed: Int, urlFile: String) async throws {
        let quiet = Logger(label: "sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
        let namespaces = (0..<20).map { "team-\($0)" }
        let server = try await SandboxAPIServer.start(
            SandboxOptions(watchHistory: 1000, initialNamespaces: ["default"] + namespaces, logger: quiet))
        for index in 0..<ingresses {
            _ = try server.create(ingress(index, namespace: namespaces[index % namespaces.count]))
        }
        let payload = Data((0..<1500).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).base64EncodedString()
        for index in 0..<secrets + managed {
            _ = try server.create(secret(index, namespace: namespaces[index % namespaces.count], payload: payload, managed: index >= secrets))
        }
        try Data((server.baseURL + "\n").utf8).write(to: URL(fileURLWithPath: urlFile))
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    static func ingress(_ index: Int, namespace: String) -> JSONObject {
        let host = "app-\(index).bench.example.com"
        return [
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": [
                "name": .string("app-\(index)"), "namespace": .string(namespace),
                "labels": ["app": .string("app-\(index)"), "tier": "web"],
                "annotations": ["kubernetes.io/tls-acme": "true", "kubernetes.io/ingress.class": "nginx"],
            ],
            "spec": [
                "ingressClassName": "nginx",
                "tls": [["hosts": [.string(host)], "secretName": .string("app-\(index)-tls")]],
                "rules": [[
                    "host": .string(host),
                    "http": ["paths": [[
                        "path": "/", "pathType": "Prefix",
                        "backend": ["service": ["name": .string("app-\(index)"), "port": ["number": 80]]],
                    ]]],
                ]],
            ],
        ]
    }

    static func secret(_ index: Int, namespace: String, payload: String, managed: Bool) -> JSONObject {
        var metadata: JSONObject = ["name": .string("secret-\(index)"), "namespace": .string(namespace)]
        if managed { metadata["labels"] = [managedLabel: "true"] }
        return ["apiVersion": "v1", "kind": "Secret", "metadata": .object(metadata), "type": "Opaque", "data": ["blob": .string(payload)]]
    }

    static func client(url: String, allSecrets: Bool) async throws {
        let start = ContinuousClock.now
        let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let client = try KubeClient(settings: ConnectionSettings(server: url), options: KubeClientOptions(version: "bench"), logger: logger)
        let ingresses = Informer<Ingress>(client: client, logger: logger)
        let secrets = Informer<Secret>(client: client, labelSelector: allSecrets ? nil : "\(managedLabel)=true", logger: logger)
        let synced = await withTaskGroup(of: Void.self) { group -> Duration in
            group.addTask { await ingresses.run { _ in } }
            group.addTask { await secrets.run { _ in } }
            await ingresses.waitUntilSynced()
            await secrets.waitUntilSynced()
            let elapsed = start.duration(to: .now)
            group.cancelAll()
            return elapsed
        }
        await client.shutdown()
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func kib(_ field: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
        }
        let seconds = Double(synced.components.seconds) + Double(synced.components.attoseconds) / 1e18
        print(#"{"mode":"\#(allSecrets ? "all-secrets" : "managed-secrets")","secondsToSynced":\#(String(format: "%.3f", seconds)),"ingresses":\#(ingresses.store.count),"secrets":\#(secrets.store.count),"vmHWMKiB":\#(kib("VmHWM")),"vmRSSKiB":\#(kib("VmRSS"))}"#)
    }
}
