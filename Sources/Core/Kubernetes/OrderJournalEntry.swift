import KubeLegoKube

/// One in-flight order: which certificate Secret it is for, its hosts, its URL once the CA gave one, and the
/// certificate's private key (PEM). Never log `keyPEM`; `description` leaves it out.
public struct OrderJournalEntry: Sendable, Equatable, CustomStringConvertible {
    /// The certificate Secret the order is for.
    public var secret: ObjectReference
    /// The hosts ordered, as the certificate names them.
    public var hosts: [String]
    /// The order URL; nil between journaling and newOrder's answer.
    public var orderURL: String?
    /// The certificate's private key, PEM: the order is finalized with a CSR for it.
    public var keyPEM: String

    /// Makes an entry.
    public init(secret: ObjectReference, hosts: [String], orderURL: String?, keyPEM: String) {
        self.secret = secret
        self.hosts = hosts
        self.orderURL = orderURL
        self.keyPEM = keyPEM
    }

    /// "ns/name [hosts] order URL", without the key.
    public var description: String { "\(secret) [\(hosts.joined(separator: ","))] \(orderURL ?? "(no order yet)")" }

    /// The stored JSON.
    func encoded() -> [UInt8] {
        var value: JSONObject = [:]
        value["namespace"] = .string(secret.namespace)
        value["name"] = .string(secret.name)
        value["hosts"] = .array(hosts.map { .string($0) })
        if let orderURL { value["orderURL"] = .string(orderURL) }
        value["key"] = .string(keyPEM)
        return JSONValue.object(value).serialized()
    }

    /// Reads a stored value; nil when it is not an entry.
    static func decode(_ bytes: [UInt8]) -> OrderJournalEntry? {
        guard let object = (try? JSONValue(parsing: bytes))?.objectValue,
              let namespace = object["namespace"]?.stringValue, let name = object["name"]?.stringValue,
              let hosts = object["hosts"]?.arrayValue?.compactMap(\.stringValue), let keyPEM = object["key"]?.stringValue
        else { return nil }
        return OrderJournalEntry(
            secret: ObjectReference(namespace: namespace, name: name), hosts: hosts, orderURL: object["orderURL"]?.stringValue,
            keyPEM: keyPEM)
    }
}
