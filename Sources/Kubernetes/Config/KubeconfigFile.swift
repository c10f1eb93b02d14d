#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoHTTP
import KubeLegoYAML

/// Reads the current context of a kubeconfig file into `ConnectionSettings`.
///
/// Supports: `current-context`; cluster `server`, `certificate-authority`(`-data`), `insecure-skip-tls-verify`;
/// user `client-certificate`(`-data`), `client-key`(`-data`), `token`, `tokenFile`; context `namespace`.
/// Relative paths are resolved against the kubeconfig's directory. Errors name the file and the field, never a
/// credential's value.
struct KubeconfigFile {
    let path: String
    private let root: YAMLNode

    /// Parses `path`; throws `.configuration` when it cannot be read or is not YAML (naming the line and column,
    /// never quoting the file).
    init(path: String) throws(KubeError) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KubeError(.configuration, "kubeconfig \(path): cannot read the file")
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            throw KubeError(.configuration, "kubeconfig \(path): not UTF-8 text")
        }
        let node: YAMLNode?
        do {
            node = try YAMLParser.documents(text).first
        } catch {
            throw KubeError(.configuration, "kubeconfig \(path): not valid YAML: \(error)")
        }
        guard let node, node.mapping != nil else {
            throw KubeError(.configuration, "kubeconfig \(path): expected a mapping at the top level")
        }
        root = node
    }

    /// The settings of the current context (or of `context` when given).
    func settings(context requested: String? = nil) throws(KubeError) -> ConnectionSettings {
        let contextName: String
        if let requested {
            contextName = requested
        } else {
            contextName = try requiredString(root, "current-context", field: "current-context")
        }
        let context = try namedEntry(list: "contexts", name: contextName, body: "context")
        let clusterName = try requiredString(context, "cluster", field: "contexts[\(contextName)].context.cluster")
        let cluster = try namedEntry(list: "clusters", name: clusterName, body: "cluster")
        let clusterField = "clusters[\(clusterName)].cluster"
        var settings = ConnectionSettings(
            server: try requiredString(cluster, "server", field: "\(clusterField).server"),
            origin: "kubeconfig \(path) (context \(contextName))")
        guard settings.server.hasPrefix("https://") || settings.server.hasPrefix("http://") else {
            throw fieldError("\(clusterField).server", "must be an http or https URL")
        }
        settings.namespace = try optionalString(context, "namespace", field: "contexts[\(contextName)].context.namespace")
        if let skip = cluster["insecure-skip-tls-verify"] {
            guard let value = skip.bool else { throw fieldError("\(clusterField).insecure-skip-tls-verify", "must be a boolean") }
            settings.insecureSkipTLSVerify = value
        }
        if let pem = try pemField(cluster, field: clusterField, key: "certificate-authority") {
            settings.trust = .pem(pem, replacingSystem: true)
        }
        if let userName = try optionalString(context, "user", field: "contexts[\(contextName)].context.user"), !userName.isEmpty {
            let user = try namedEntry(list: "users", name: userName, body: "user")
            try applyUser(user, field: "users[\(userName)].user", to: &settings)
        }
        return settings
    }

    private func applyUser(_ user: YAMLNode, field: String, to settings: inout ConnectionSettings) throws(KubeError) {
        if let token = try optionalString(user, "token", field: "\(field).token"), !token.isEmpty {
            settings.bearerToken = .literal(token)
        } else if let tokenFile = try optionalString(user, "tokenFile", field: "\(field).tokenFile"), !tokenFile.isEmpty {
            settings.bearerToken = .file(resolve(tokenFile))
        }
        let certificate = try pemField(user, field: field, key: "client-certificate")
        let key = try pemField(user, field: field, key: "client-key")
        switch (certificate, key) {
        case (nil, nil): break
        case (.some, nil): throw fieldError("\(field).client-key", "missing while client-certificate is set")
        case (nil, .some): throw fieldError("\(field).client-certificate", "missing while client-key is set")
        case (let certificate?, let key?):
            settings.clientCertificatePEM = certificate
            settings.clientKeyPEM = key
        }
        if user["exec"] != nil || user["auth-provider"] != nil, settings.bearerToken == nil, certificate == nil {
            throw fieldError(field, "exec and auth-provider credentials are not supported; use a token or a client certificate")
        }
    }

    /// Reads `<key>-data` (base64) or `<key>` (a file path) as PEM text.
    private func pemField(_ node: YAMLNode, field: String, key: String) throws(KubeError) -> String? {
        if let encoded = try optionalString(node, "\(key)-data", field: "\(field).\(key)-data"), !encoded.isEmpty {
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters),
                let text = String(bytes: data, encoding: .utf8), text.contains("-----BEGIN")
            else {
                throw fieldError("\(field).\(key)-data", "is not base64-encoded PEM")
            }
            return text
        }
        guard let file = try optionalString(node, key, field: "\(field).\(key)"), !file.isEmpty else { return nil }
        let resolved = resolve(file)
        guard let data = FileManager.default.contents(atPath: resolved), let text = String(bytes: data, encoding: .utf8) else {
            throw fieldError("\(field).\(key)", "cannot read \(resolved)")
        }
        guard text.contains("-----BEGIN") else { throw fieldError("\(field).\(key)", "\(resolved) is not PEM") }
        return text
    }

    /// Finds `{name: <name>, <body>: {...}}` in the top-level list `list`.
    private func namedEntry(list: String, name: String, body: String) throws(KubeError) -> YAMLNode {
        guard let entries = root[list] else { throw fieldError(list, "missing (looking for \"\(name)\")") }
        guard let sequence = entries.sequence else { throw fieldError(list, "must be a list") }
        for entry in sequence where entry["name"]?.string == name {
            guard let value = entry[body], value.mapping != nil else {
                throw fieldError("\(list)[\(name)].\(body)", "missing or not a mapping")
            }
            return value
        }
        throw fieldError(list, "has no entry named \"\(name)\"")
    }

    private func requiredString(_ node: YAMLNode, _ key: String, field: String) throws(KubeError) -> String {
        guard let value = try optionalString(node, key, field: field), !value.isEmpty else {
            throw fieldError(field, "missing")
        }
        return value
    }

    private func optionalString(_ node: YAMLNode, _ key: String, field: String) throws(KubeError) -> String? {
        guard let value = node[key] else { return nil }
        if case .scalar(let scalar) = value { return scalar.text }
        throw fieldError(field, "must be a string")
    }

    private func resolve(_ file: String) -> String {
        if file.hasPrefix("/") { return file }
        // Relative to the kubeconfig's directory (none when the path has no slash: the working directory).
        guard let slash = path.lastIndex(of: "/") else { return file }
        return String(path[...slash]) + file
    }

    private func fieldError(_ field: String, _ problem: String) -> KubeError {
        KubeError(.configuration, "kubeconfig \(path): field \(field): \(problem)")
    }
}

extension ConnectionSettings {
    /// Settings from the current context of the kubeconfig at `path` (or from `context` when given).
    public static func kubeconfig(path: String, context: String? = nil) throws(KubeError) -> ConnectionSettings {
        try KubeconfigFile(path: path).settings(context: context)
    }
}
