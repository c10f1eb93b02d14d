import CKubeLegoOpenSSL

/// Owns an OpenSSL `X509_REQ` while a certificate request is assembled; freed when this object goes.
final class RequestBuilder {
    private let request: OpaquePointer

    init() throws(TLSError) {
        guard let request = X509_REQ_new() else { throw .openSSL(.openSSL, "could not allocate a certificate request") }
        self.request = request
        guard X509_REQ_set_version(request, Int(X509_REQ_VERSION_1)) == 1 else {
            throw .openSSL(.openSSL, "could not set the certificate request version")
        }
    }

    deinit {
        X509_REQ_free(request)
    }

    /// Sets the subject to CN=`commonName`, or leaves it empty.
    func setSubject(commonName: String?) throws(TLSError) {
        guard let commonName else { return }
        // An explicit length: the bytes carry no NUL terminator.
        let bytes = Array(commonName.utf8)
        guard let subject = X509_REQ_get_subject_name(request),
            X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1
        else {
            throw .openSSL(.invalidIdentifier, "could not set the request's commonName to \(commonName)")
        }
    }

    /// Adds a subjectAltName extension listing every identifier in order.
    func addSubjectAltNames(_ identifiers: [CertificateIdentifier], critical: Bool) throws(TLSError) {
        guard let names = GENERAL_NAMES_new() else { throw .openSSL(.openSSL, "could not allocate subjectAltName") }
        defer { GENERAL_NAMES_free(names) }
        for identifier in identifiers {
            let name = try Self.generalName(identifier)
            guard OPENSSL_sk_push(names, UnsafeRawPointer(name)) > 0 else {
                GENERAL_NAME_free(name)
                throw .openSSL(.openSSL, "could not add to subjectAltName")
            }
        }
        guard let extensions = OPENSSL_sk_new_null() else { throw .openSSL(.openSSL, "could not allocate extensions") }
        defer { OPENSSL_sk_free(extensions) }
        guard let sanExtension = X509V3_EXT_i2d(NID_subject_alt_name, critical ? 1 : 0, UnsafeMutableRawPointer(names)) else {
            throw .openSSL(.openSSL, "could not encode subjectAltName")
        }
        defer { X509_EXTENSION_free(sanExtension) }
        guard OPENSSL_sk_push(extensions, UnsafeRawPointer(sanExtension)) > 0,
            X509_REQ_add_extensions(request, extensions) == 1
        else {
            throw .openSSL(.openSSL, "could not add subjectAltName to the certificate request")
        }
    }

    /// Sets the public key, signs with SHA-256 and returns the DER.
    func sign(with key: PrivateKey) throws(TLSError) -> [UInt8] {
        guard X509_REQ_set_pubkey(request, key.handle) == 1 else {
            throw .openSSL(.signing, "could not put the public key into the certificate request")
        }
        guard X509_REQ_sign(request, key.handle, EVP_sha256()) > 0 else {
            throw .openSSL(.signing, "could not sign the certificate request")
        }
        let length = i2d_X509_REQ(request, nil)
        guard length > 0 else { throw .openSSL(.openSSL, "could not encode the certificate request") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d_X509_REQ(request, &cursor)
        }
        guard written == length else { throw .openSSL(.openSSL, "could not encode the certificate request") }
        return der
    }

    /// A new GENERAL_NAME for one identifier; the caller owns it.
    private static func generalName(_ identifier: CertificateIdentifier) throws(TLSError) -> UnsafeMutablePointer<GENERAL_NAME> {
        let (type, bytes): (Int32, [UInt8]) = switch identifier {
        case .dns(let name): (GEN_DNS, Array(name.utf8))
        case .ip(let address): (GEN_IPADD, address)
        }
        guard let name = GENERAL_NAME_new() else { throw .openSSL(.openSSL, "could not allocate a GENERAL_NAME") }
        guard let value = type == GEN_DNS ? ASN1_IA5STRING_new() : ASN1_OCTET_STRING_new() else {
            GENERAL_NAME_free(name)
            throw .openSSL(.openSSL, "could not allocate an ASN.1 string")
        }
        guard ASN1_STRING_set(value, bytes, Int32(bytes.count)) == 1 else {
            ASN1_STRING_free(value)
            GENERAL_NAME_free(name)
            throw .openSSL(.openSSL, "could not fill an ASN.1 string")
        }
        GENERAL_NAME_set0_value(name, type, UnsafeMutableRawPointer(value))
        return name
    }
}
