import CKubeLegoOpenSSL
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The facts `Certificate` keeps, read from a decoded OpenSSL certificate.
struct X509Facts {
    let notBefore: Date
    let notAfter: Date
    let dnsNames: [String]
    let ipAddresses: [String]
    let subjectCommonName: String?
    let issuerCommonName: String?
    let serialNumberHex: String
    let isCA: Bool

    init(_ x509: X509Handle) throws(TLSError) {
        let certificate = x509.handle
        notBefore = try Self.date(X509_get0_notBefore(certificate), field: "notBefore")
        notAfter = try Self.date(X509_get0_notAfter(certificate), field: "notAfter")
        (dnsNames, ipAddresses) = try Self.subjectAltNames(certificate)
        subjectCommonName = Self.commonName(X509_get_subject_name(certificate))
        issuerCommonName = Self.commonName(X509_get_issuer_name(certificate))
        serialNumberHex = Self.serialHex(X509_get0_serialNumber(certificate))
        isCA = try Self.isCA(certificate)
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?, field: String) throws(TLSError) -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else {
            throw .openSSL(.invalidCertificate, "the certificate's \(field) time is unreadable")
        }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// The dNSName and iPAddress entries of subjectAltName, each in order.
    private static func subjectAltNames(_ certificate: OpaquePointer) throws(TLSError) -> ([String], [String]) {
        var critical: Int32 = 0
        guard let raw = X509_get_ext_d2i(certificate, NID_subject_alt_name, &critical, nil) else {
            if critical == -2 { throw TLSError(code: .invalidCertificate, reason: "the certificate has two subjectAltName extensions") }
            if critical != -1 { throw .openSSL(.invalidCertificate, "the certificate's subjectAltName is unreadable") }
            return ([], [])
        }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var dns: [String] = []
        var ips: [String] = []
        for index in 0..<OPENSSL_sk_num(names) {
            guard let entry = OPENSSL_sk_value(names, index)?.assumingMemoryBound(to: GENERAL_NAME.self) else { continue }
            var type: Int32 = 0
            guard let value = GENERAL_NAME_get0_value(entry, &type)?.assumingMemoryBound(to: ASN1_STRING.self) else {
                continue
            }
            let bytes = Self.bytes(of: value)
            switch type {
            case GEN_DNS: dns.append(String(decoding: bytes, as: UTF8.self))
            case GEN_IPADD:
                guard let text = IPAddress.text(bytes) else {
                    throw TLSError(code: .invalidCertificate, reason: "a subjectAltName iPAddress has \(bytes.count) bytes")
                }
                ips.append(text)
            default: continue
            }
        }
        return (dns, ips)
    }

    /// The last commonName of a name (the most specific one), as UTF-8.
    private static func commonName(_ name: OpaquePointer?) -> String? {
        guard let name else { return nil }
        var found: String?
        var position: Int32 = -1
        while true {
            position = X509_NAME_get_index_by_NID(name, NID_commonName, position)
            guard position >= 0 else { break }
            guard let data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, position)) else { continue }
            var utf8: UnsafeMutablePointer<UInt8>?
            let length = ASN1_STRING_to_UTF8(&utf8, data)
            if length >= 0, let utf8 {
                found = String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
                CRYPTO_free(utf8, #fileID, #line)
            }
        }
        return found
    }

    private static func serialHex(_ serial: UnsafePointer<ASN1_INTEGER>?) -> String {
        guard let serial else { return "00" }
        let magnitude = Array(bytes(of: serial).drop { $0 == 0 })
        let sign = ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER ? "-" : ""
        return sign + (magnitude.isEmpty ? "00" : magnitude.hexString)
    }

    private static func isCA(_ certificate: OpaquePointer) throws(TLSError) -> Bool {
        var critical: Int32 = 0
        guard let raw = X509_get_ext_d2i(certificate, NID_basic_constraints, &critical, nil) else {
            if critical == -2 { throw TLSError(code: .invalidCertificate, reason: "the certificate has two basicConstraints extensions") }
            if critical != -1 { throw .openSSL(.invalidCertificate, "the certificate's basicConstraints is unreadable") }
            return false
        }
        let constraints = raw.assumingMemoryBound(to: BASIC_CONSTRAINTS.self)
        defer { BASIC_CONSTRAINTS_free(constraints) }
        return constraints.pointee.ca != 0
    }

    private static func bytes(of string: UnsafePointer<ASN1_STRING>) -> [UInt8] {
        let length = Int(ASN1_STRING_length(string))
        guard length > 0, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }
}
