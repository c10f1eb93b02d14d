/// The Prometheus text exposition format (what `/metrics` serves), parsed into samples for assertions.
public struct PrometheusText: Sendable {
    /// One sample line: `name{labels} value`.
    public struct Sample: Sendable, Equatable {
        public let name: String
        public let labels: [String: String]
        public let value: Double
    }

    /// Every sample, in the order of the text.
    public let samples: [Sample]

    /// Parses `text`; comment lines and lines that are not samples are skipped.
    public init(_ text: String) {
        samples = text.split(separator: "\n").compactMap { Self.sample(String($0)) }
    }

    /// The samples named `name` whose labels include `labels`.
    public func series(_ name: String, _ labels: [String: String] = [:]) -> [Sample] {
        samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
    }

    /// The value of the one sample named `name` with `labels`; nil when there is none.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        series(name, labels).first?.value
    }

    private static func sample(_ line: String) -> Sample? {
        guard !line.hasPrefix("#"), let nameEnd = line.firstIndex(where: { $0 == "{" || $0 == " " }) else { return nil }
        let name = String(line[..<nameEnd])
        var labels: [String: String] = [:]
        var rest = line[nameEnd...]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while let equals = rest.firstIndex(of: "=") {
                let key = rest[..<equals].trimmingPrefix(",")
                rest = rest[rest.index(after: equals)...].dropFirst()  // the opening quote
                var value = ""
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        value.append(character == "n" ? "\n" : character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
                labels[String(key)] = value
                if rest.first == "," { rest = rest.dropFirst() }
                if rest.first == "}" { break }
            }
            guard rest.first == "}" else { return nil }
            rest = rest.dropFirst()
        }
        guard let value = rest.split(separator: " ").first.flatMap({ Double($0) }) else { return nil }
        return Sample(name: name, labels: labels, value: value)
    }
}
