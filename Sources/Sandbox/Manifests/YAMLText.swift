import KubeLegoKube
import Yams

/// YAML ⇄ JSONValue, keeping member order (manifests in, dumps out).
enum YAMLText {
    /// Parses every document of a YAML (or JSON) stream; empty documents are skipped.
    static func documents(_ text: String) throws(SandboxError) -> [JSONValue] {
        do {
            var result: [JSONValue] = []
            var nodes = try Yams.compose_all(yaml: text)
            while let node = nodes.next() {
                let value = try json(node)
                if !value.isNull { result.append(value) }
            }
            if let error = nodes.error { throw error }
            return result
        } catch let error as SandboxError {
            throw error
        } catch {
            throw SandboxError(.manifest, "the manifest is not valid YAML or JSON: \(error)")
        }
    }

    /// Converts one YAML node.
    static func json(_ node: Node) throws(SandboxError) -> JSONValue {
        switch node {
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    throw SandboxError(.manifest, "the manifest has a mapping key that is not a scalar")
                }
                object[name] = try json(value)
            }
            return .object(object)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence { items.append(try json(item)) }
            return .array(items)
        case .scalar(let scalar):
            switch Resolver.default.resolveTag(of: node) {
            case .null: return .null
            case .bool: return .bool(node.bool ?? false)
            case .int: return node.int.map { .int($0) } ?? .string(scalar.string)
            case .float:
                if let number = node.float, number.isFinite {
                    return Int(exactly: number).map { .int($0) } ?? .number(String(number))
                }
                return .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .alias:
            throw SandboxError(.manifest, "YAML aliases are not supported in manifests")
        }
    }

    /// Renders a value as a YAML document.
    static func render(_ value: JSONValue) -> String { value.yamlText }
}
