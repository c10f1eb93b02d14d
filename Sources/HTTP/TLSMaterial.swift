import CKubeLegoCurl
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The client's TLS settings resolved once, at client creation, into what libcurl is given per request:
/// which CA certificates to trust and the client identity, all held in memory.
final class TLSMaterial: Sendable {
    /// Where the CA certificates come from.
    enum Authorities: Sendable {
        /// libcurl's built-in defaults (the system bundle and directory).
        case curlDefault
        /// One CA file and nothing else (the system bundle when a test names it).
        case file(String)
        /// Exactly the certificates in this PEM blob (which includes the system bundle where it should).
        case blob(CurlBlob)
    }

    /// The trusted CA certificates.
    let authorities: Authorities
    /// The client certificate chain (PEM), for mutual TLS.
    let clientCertificate: CurlBlob?
    /// The client private key (PEM).
    let clientKey: CurlBlob?
    /// Whether verification is skipped.
    let insecure: Bool

    /// What "the system's CA certificates" are.
    enum SystemBundle {
        /// libcurl's built-in defaults; `path` is its CA file, read when extra certificates are added to it.
        case libcurlDefault(path: String?)
        /// This CA file instead (tests decide what the system trusts).
        case substitute(path: String)
    }

    /// Resolves `configuration` against `system`.
    init(configuration: HTTPClientConfiguration, system: SystemBundle) throws(HTTPError) {
        insecure = configuration.insecureSkipTLSVerify
        let systemPath: String?
        switch system {
        case .libcurlDefault(let path): systemPath = path
        case .substitute(let path): systemPath = path
        }
        switch configuration.trust {
        case .system:
            if case .substitute(let path) = system {
                authorities = .file(path)
            } else {
                authorities = .curlDefault
            }
        case .pem(let pem, let replacing):
            authorities = .blob(try Self.bundle(extra: Array(pem.utf8), source: "trust PEM",
                                                systemBundle: replacing ? nil : systemPath))
        case .file(let path, let replacing):
            let extra = try Self.read(path, what: "CA file")
            authorities = .blob(try Self.bundle(extra: extra, source: "CA file \(path)",
                                                systemBundle: replacing ? nil : systemPath))
        }
        switch (configuration.clientCertificatePEM, configuration.clientKeyPEM) {
        case (nil, nil):
            clientCertificate = nil
            clientKey = nil
        case (let certificate?, let key?):
            guard certificate.contains("-----BEGIN CERTIFICATE-----") else {
                throw Self.error("the client certificate is not a PEM certificate")
            }
            guard key.contains("PRIVATE KEY-----") else {
                throw Self.error("the client key is not a PEM private key")
            }
            clientCertificate = CurlBlob(certificate.utf8)
            clientKey = CurlBlob(key.utf8)
        default:
            throw Self.error("a client certificate and its key must be given together")
        }
    }

    /// Hands trust and identity to `easy`. The blobs are not copied: the transfer keeps this object alive.
    func apply(to easy: CurlEasy) throws(CurlCallError) {
        switch authorities {
        case .curlDefault:
            break
        case .file(let path):
            try easy.set(CURLOPT_CAINFO, path)
            try easy.set(CURLOPT_CAPATH, nil as String?)
        case .blob(let blob):
            try easy.set(CURLOPT_CAINFO_BLOB, blob: blob)
            try easy.set(CURLOPT_CAINFO, nil as String?)
            try easy.set(CURLOPT_CAPATH, nil as String?)
        }
        if let clientCertificate, let clientKey {
            try easy.set(CURLOPT_SSLCERTTYPE, "PEM")
            try easy.set(CURLOPT_SSLCERT_BLOB, blob: clientCertificate)
            try easy.set(CURLOPT_SSLKEYTYPE, "PEM")
            try easy.set(CURLOPT_SSLKEY_BLOB, blob: clientKey)
        }
        if insecure {
            try easy.set(CURLOPT_SSL_VERIFYPEER, 0)
            try easy.set(CURLOPT_SSL_VERIFYHOST, 0)
        }
    }

    /// The extra certificates, preceded by the system bundle's when it is to stay trusted. A system without a
    /// readable bundle (a minimal container image) trusts nothing of its own, so the extra ones remain.
    private static func bundle(extra: [UInt8], source: String, systemBundle: String?) throws(HTTPError) -> CurlBlob {
        guard String(decoding: extra, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            throw error("the \(source) contains no PEM certificate")
        }
        guard let systemBundle, let data = FileManager.default.contents(atPath: systemBundle) else {
            return CurlBlob(extra)
        }
        var combined = [UInt8](data)
        combined.append(UInt8(ascii: "\n"))
        combined.append(contentsOf: extra)
        return CurlBlob(combined)
    }

    private static func read(_ path: String, what: String) throws(HTTPError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw error("cannot read the \(what) at \(path)")
        }
        return [UInt8](data)
    }

    private static func error(_ reason: String) -> HTTPError {
        HTTPError(code: .configuration, reason: reason, url: "")
    }
}
