// Harness (b): the strict JSON parser every Kubernetes response goes through (objects written by tenants among
// them), then the typed views the controller reads from such objects.
//
// Properties: parsing never traps; a parsed value serializes to JSON that parses back to an equal value with an
// equal hash, and serializing that again gives the same bytes (serialization is a fixed point).
import FuzzSupport
@testable import KubeLegoKube

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let value = try? JSONValue(parsing: bytes) else { return 0 }
    checkRoundTrip(value)
    readLikeTheController(value)
    // A watch stream line is the same JSON; ERROR events decode a metav1.Status (retryAfterSeconds and all).
    _ = try? WatchEvent<Ingress>(line: bytes[...], label: "fuzz")
    return 0
}

/// parse → serialize → parse gives an equal value, and serialization is stable.
private func checkRoundTrip(_ value: JSONValue) {
    let text = value.serialized()
    let again: JSONValue
    do {
        again = try JSONValue(parsing: text)
    } catch {
        require(false, "the serialized form does not parse: \(error.reason)\n\(value.jsonText)")
        return
    }
    require(again == value, "the round trip changed the value:\n\(value.jsonText)\n\(again.jsonText)")
    require(again.hashValue == value.hashValue, "equal values hash differently: \(value.jsonText)")
    require(again.serialized() == text, "serializing twice differs: \(value.jsonText)")
}

/// The reads the controller makes of Ingresses and Secrets, on whatever object the input is.
private func readLikeTheController(_ value: JSONValue) {
    walk(value, depth: 0)
    guard let object = value.objectValue else { return }
    let ingress = Ingress(raw: object)
    _ = (ingress.name, ingress.namespace, ingress.key, ingress.ingressClassName)
    _ = ingress.metadata.annotations.dictionary
    _ = Array(ingress.metadata.labels)
    _ = (ingress.metadata.generation, ingress.metadata.resourceVersion, ingress.metadata.ownerReferences)
    if let created = ingress.metadata.creationTimestamp { _ = KubeTime.parse(created) }
    if let deleted = ingress.metadata.deletionTimestamp { _ = KubeTime.parse(deleted) }
    for tls in ingress.tls { _ = (tls.hosts, tls.secretName) }
    for rule in ingress.rules {
        _ = rule.host
        for path in rule.paths { _ = (path.path, path.pathType, path.backend.serviceName, path.backend.servicePort) }
    }
    _ = ingress.defaultBackend?.servicePort
    let secret = Secret(raw: object)
    _ = secret.type
    for key in secret.data.keys { _ = secret.data[key] }
    _ = Array(secret.stringData)
    var edited = ingress
    edited.metadata.annotations["kubernetes.io/tls-acme"] = "true"
    _ = edited.serialized()
}

/// Every scalar accessor on every value; depth is bounded by the parser (512).
private func walk(_ value: JSONValue, depth: Int) {
    switch value {
    case .number: _ = (value.intValue, value.doubleValue)
    case .string(let text): if text.utf8.count < 64 { _ = KubeTime.parse(text) }
    case .array(let elements): for element in elements { walk(element, depth: depth + 1) }
    case .object(let object): for member in object { _ = value[member.key]; walk(member.value, depth: depth + 1) }
    case .null, .bool: _ = (value.isNull, value.boolValue)
    }
}

@_cdecl("FuzzJSON_main")
func fuzzJSONMain(_ argc: CInt, _ argv: CArguments?) -> CInt {
    FuzzDriver.run(argc: argc, argv: argv, target: fuzzJSON)
}
