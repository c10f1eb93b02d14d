import Foundation

/// The JSON configuration file Pebble reads (`-config`).
struct PebbleConfiguration: Encodable {
    /// The `pebble` object of the file.
    struct Body: Encodable {
        let listenAddress: String
        let managementListenAddress: String
        let certificate: String
        let privateKey: String
        let httpPort: Int
        let tlsPort: Int
        let ocspResponderURL: String
        let externalAccountBindingRequired: Bool
        let externalAccountMACKeys: [String: String]?
        let domainBlocklist: [String]?
        let certificateValidityPeriod: Int?
    }

    let pebble: Body

    /// Writes the file as JSON.
    func write(to file: URL) throws(PebbleError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(self).write(to: file)
        } catch {
            throw PebbleError(.launch, "could not write \(file.path): \(error)")
        }
    }
}
