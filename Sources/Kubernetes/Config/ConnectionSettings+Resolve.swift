#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics
import KubeLegoHTTP

extension ConnectionSettings {
    /// The environment variable naming the API server URL explicitly; it wins over every other source.
    public static let apiURLVariable = "LEGO_KUBE_API_URL"
    /// The environment variable naming a bearer-token file to use with `LEGO_KUBE_API_URL`.
    public static let apiTokenFileVariable = "LEGO_KUBE_API_TOKEN_FILE"
    /// Where a pod's service-account credentials are mounted.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Picks the connection in this precedence: explicit `LEGO_KUBE_API_URL` (with an optional
    /// `LEGO_KUBE_API_TOKEN_FILE`), then in-cluster (service account under `serviceAccountDirectory` and
    /// `KUBERNETES_SERVICE_HOST`/`_PORT`), then kubeconfig (`KUBECONFIG`, else `~/.kube/config`).
    ///
    /// - Parameters:
    ///   - environment: variables to read instead of the process environment (for tests).
    ///   - serviceAccountDirectory: the in-cluster credentials directory (injectable for tests).
    public static func resolve(
        environment: [String: String]? = nil,
        serviceAccountDirectory: String = Self.serviceAccountDirectory
    ) throws(KubeError) -> ConnectionSettings {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let url = environment[apiURLVariable], !url.isEmpty {
            return explicit(url: url, tokenFile: environment[apiTokenFileVariable].flatMap { $0.isEmpty ? nil : $0 })
        }
        if let inCluster = try inCluster(directory: serviceAccountDirectory, environment: environment) {
            return inCluster
        }
        guard let path = kubeconfigPath(environment: environment) else {
            throw KubeError(
                .configuration,
                "no Kubernetes connection: set \(apiURLVariable), run in a pod, or provide a kubeconfig")
        }
        return try kubeconfig(path: path)
    }

    /// Settings for an explicitly given API URL (http or https), optionally with a token file.
    public static func explicit(url: String, tokenFile: String?) -> ConnectionSettings {
        var settings = ConnectionSettings(server: url, origin: apiURLVariable)
        settings.bearerToken = tokenFile.map { .file($0) }
        return settings
    }

    /// In-cluster settings, or nil when this process does not run in a pod (no `KUBERNETES_SERVICE_HOST` or no
    /// token file under `directory`).
    public static func inCluster(directory: String, environment: [String: String]) throws(KubeError) -> ConnectionSettings? {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else { return nil }
        let tokenPath = directory + "/token"
        guard FileManager.default.fileExists(atPath: tokenPath) else { return nil }
        let port = environment["KUBERNETES_SERVICE_PORT"].flatMap { $0.isEmpty ? nil : $0 } ?? "443"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        var settings = ConnectionSettings(server: "https://\(hostPart):\(port)", origin: "in-cluster (\(directory))")
        settings.bearerToken = .file(tokenPath)
        let caPath = directory + "/ca.crt"
        if FileManager.default.fileExists(atPath: caPath) {
            settings.trust = .file(caPath, replacingSystem: true)
        }
        if let data = FileManager.default.contents(atPath: directory + "/namespace"),
            let namespace = String(bytes: data, encoding: .utf8)?.trimmed(),
            !namespace.isEmpty
        {
            settings.namespace = namespace
        }
        return settings
    }

    /// The kubeconfig to read: the first file of the colon-separated `KUBECONFIG` list (merging several files is
    /// not supported), else `$HOME/.kube/config` if it exists.
    static func kubeconfigPath(environment: [String: String]) -> String? {
        if let list = environment["KUBECONFIG"],
            let first = list.split(separator: ":").first(where: { !$0.isEmpty })
        {
            return String(first)
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        let path = home + "/.kube/config"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
