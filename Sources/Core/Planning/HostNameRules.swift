import KubeLegoACME

/// The rules a `spec.tls[].hosts` entry must meet before anything is ordered for it. Kubernetes does not
/// validate TLS hosts, so anything an Ingress author types arrives here; a name the CA would refuse must cost
/// no order and must never reach a provider (with GCE it would be written into the user's own Ingress).
public enum HostNameRules {
    /// `host` as compared, routed and ordered: lowercased, one trailing dot removed (`example.com.` is the
    /// same name written fully qualified).
    public static func normalised(_ host: String) -> String {
        let lowered = host.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }

    /// The first rule a normalised host breaks, or nil when the CA can be asked for it.
    public static func problem(in host: String) -> HostNameProblem? {
        guard host.unicodeScalars.allSatisfy(\.isASCII) else { return .nonASCII }
        if isIPLiteral(host) { return .ipAddress }
        guard host.utf8.count <= 253 else { return .tooLong(host.utf8.count) }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        for (index, label) in labels.enumerated() {
            if label == "*" {
                guard index == 0 else { return .misplacedWildcard }
                continue
            }
            if let problem = problem(inLabel: label) { return problem }
        }
        if labels.first == "*", labels.count < 3 { return .wildcardTooBroad }
        if let last = labels.last, last.allSatisfy(\.isASCIIDigitCharacter) { return .numericTopLevel }
        return nil
    }

    private static func problem(inLabel label: Substring) -> HostNameProblem? {
        guard !label.isEmpty else { return .emptyLabel }
        guard label.utf8.count <= 63 else { return .labelTooLong(String(label)) }
        if let bad = label.first(where: { !$0.isHostNameCharacter }) {
            return bad == "_" ? .underscore(String(label)) : .invalidCharacter(bad, label: String(label))
        }
        if label.hasPrefix("-") || label.hasSuffix("-") { return .hyphenAtEdge(String(label)) }
        return nil
    }

    /// True for an IP literal (`IPAddressText`, the project's one decision on that), IPv6 with or without brackets.
    private static func isIPLiteral(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return IPAddressText.isLiteral(bare)
    }
}

/// Why a host cannot be ordered; the description names the rule for Events.
public enum HostNameProblem: Sendable, Equatable, CustomStringConvertible {
    case nonASCII
    case ipAddress
    case tooLong(Int)
    case emptyLabel
    case labelTooLong(String)
    case underscore(String)
    case invalidCharacter(Character, label: String)
    case hyphenAtEdge(String)
    case misplacedWildcard
    case wildcardTooBroad
    case numericTopLevel

    /// The rule, as a sentence fragment.
    public var description: String {
        switch self {
        case .nonASCII: "it contains non-ASCII characters; write internationalised names as IDNA A-labels (xn--…)"
        case .ipAddress: "it is an IP address; kube-lego orders certificates for DNS names only"
        case .tooLong(let length): "it is \(length) characters long; a DNS name has at most 253"
        case .emptyLabel: "it has an empty label (two dots in a row, or a leading dot)"
        case .labelTooLong(let label): "its label \(HostNameRules.quoted(label)) is longer than 63 characters"
        case .underscore(let label): "its label \(HostNameRules.quoted(label)) contains an underscore, which host names may not"
        case .invalidCharacter(let character, let label):
            "its label \(HostNameRules.quoted(label)) contains \(HostNameRules.quoted(String(character))); only a-z, 0-9 and - are allowed"
        case .hyphenAtEdge(let label): "its label \(HostNameRules.quoted(label)) starts or ends with a hyphen"
        case .misplacedWildcard: "a wildcard may only be the whole first label (*.example.com)"
        case .wildcardTooBroad: "a wildcard needs at least two labels after it (*.example.com, not *.com)"
        case .numericTopLevel: "its last label is all digits, which no public name has"
        }
    }

    /// A short CamelCase name of the rule, for metrics and tests.
    public var rule: String {
        switch self {
        case .nonASCII: "NonASCII"
        case .ipAddress: "IPAddress"
        case .tooLong: "TooLong"
        case .emptyLabel: "EmptyLabel"
        case .labelTooLong: "LabelTooLong"
        case .underscore: "Underscore"
        case .invalidCharacter: "InvalidCharacter"
        case .hyphenAtEdge: "HyphenAtEdge"
        case .misplacedWildcard: "MisplacedWildcard"
        case .wildcardTooBroad: "WildcardTooBroad"
        case .numericTopLevel: "NumericTopLevel"
        }
    }
}

extension HostNameRules {
    /// `text` in quotes for a message: control characters escaped, at most 80 characters kept, so that what
    /// an Ingress author typed cannot forge log lines or blow up an Event.
    public static func quoted(_ text: String) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 80 { return "\"\(out)…\"" }
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value):
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return "\"\(out)\""
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
    fileprivate var isHostNameCharacter: Bool {
        guard let ascii = asciiValue else { return false }
        return (97...122).contains(ascii) || (48...57).contains(ascii) || ascii == 45
    }
}
