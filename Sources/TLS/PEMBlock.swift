/// One `-----BEGIN label-----` … `-----END label-----` block of a PEM text, decoded.
struct PEMBlock {
    /// The label, such as "CERTIFICATE" or "EC PRIVATE KEY".
    let label: String
    /// RFC 1421 header lines (such as "Proc-Type: 4,ENCRYPTED"), when the block has any.
    let headers: [String]
    /// The decoded body.
    let der: [UInt8]
    /// The block's position in its text, 1-based, for error messages.
    let number: Int

    /// Whether the headers say the body is encrypted (the traditional OpenSSL form).
    var isEncrypted: Bool {
        headers.contains { $0.hasPrefix("Proc-Type:") && $0.contains("ENCRYPTED") }
    }

    /// "block 2 (CERTIFICATE)", for error messages.
    var name: String { "PEM block \(number) (\(label))" }

    /// Encodes bytes as one PEM block with 64-character lines.
    static func encode(_ der: [UInt8], label: String) -> String {
        let body = Base64Codec.encode(der, alphabet: .standard, padded: true)
        var text = "-----BEGIN \(label)-----\n"
        var line = body.startIndex
        while line < body.endIndex {
            let end = body.index(line, offsetBy: 64, limitedBy: body.endIndex) ?? body.endIndex
            text += body[line..<end] + "\n"
            line = end
        }
        return text + "-----END \(label)-----\n"
    }

    /// Every block of `text`, in order. Text outside blocks is ignored, as OpenSSL does.
    /// Throws `.emptyInput` for blank text, `.invalidPEM` when there is no block, or naming the block that is
    /// truncated (no END line), mislabelled, empty or not base64.
    static func parseAll(_ text: String) throws(TLSError) -> [PEMBlock] {
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            .map { $0.trimmingSpaces() }
        if lines.allSatisfy(\.isEmpty) { throw TLSError(code: .emptyInput, reason: "the PEM text is empty") }
        var blocks: [PEMBlock] = []
        var index = 0
        while index < lines.count {
            guard let label = lines[index].delimitedLabel(prefix: "-----BEGIN ") else {
                index += 1
                continue
            }
            let number = blocks.count + 1
            var headers: [String] = []
            var body: [UInt8] = []
            index += 1
            while true {
                guard index < lines.count, !lines[index].hasPrefix("-----BEGIN ") else {
                    throw TLSError(code: .invalidPEM, reason: "PEM block \(number) (\(label)) is truncated: no END line")
                }
                let line = lines[index]
                index += 1
                if let endLabel = line.delimitedLabel(prefix: "-----END ") {
                    guard endLabel == label else {
                        throw TLSError(
                            code: .invalidPEM,
                            reason: "PEM block \(number) (\(label)) ends with END \(endLabel)"
                        )
                    }
                    break
                }
                if body.isEmpty, line.contains(":") {
                    headers.append(line)
                } else {
                    body += line.utf8
                }
            }
            guard !body.isEmpty else {
                throw TLSError(code: .invalidPEM, reason: "PEM block \(number) (\(label)) has no content")
            }
            guard let der = Base64Codec.decode(body, alphabet: .standard) else {
                throw TLSError(code: .invalidPEM, reason: "PEM block \(number) (\(label)) is not valid base64")
            }
            blocks.append(PEMBlock(label: label, headers: headers, der: der, number: number))
        }
        if blocks.isEmpty { throw TLSError(code: .invalidPEM, reason: "no PEM block (-----BEGIN …-----) found") }
        return blocks
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    /// "CERTIFICATE" from "-----BEGIN CERTIFICATE-----" for prefix "-----BEGIN ".
    fileprivate func delimitedLabel(prefix: String) -> String? {
        guard hasPrefix(prefix), hasSuffix("-----"), count >= prefix.count + 5 else { return nil }
        return String(dropFirst(prefix.count).dropLast(5))
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}
