import KubeLegoKube

/// YAML ⇄ JSONValue, keeping member order (manifests in, dumps out).
enum YAMLText {
    /// Parses every document of a YAML (or JSON) stream; empty documents are skipped.
    static func documents(_ text: String) throws(SandboxError) -> [JSONValue] {
        do {
            return try JSONValue.yamlDocuments(text)
        } catch {
            throw SandboxError(.manifest, "the manifest is not valid YAML or JSON: \(error)")
        }
    }

    /// Renders a value as a YAML document.
    static func render(_ value: JSONValue) -> String { value.yamlText }
}
