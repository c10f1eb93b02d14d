public import KubeLegoTLS
import Logging

extension ACMEClient {
    /// The newAccount request body (RFC 8555 §7.3).
    private struct NewAccountPayload: Encodable {
        var contact: [String]?
        var termsOfServiceAgreed: Bool?
        var onlyReturnExisting: Bool?
        var externalAccountBinding: JWS.Flattened?
    }

    /// Creates an account for `key`, or returns the existing one when the CA already has an account for it.
    ///
    /// `externalAccountBinding` is sent when given; when the directory requires binding and none is given this
    /// throws `.externalAccountBinding` without contacting the CA; a binding the CA rejects throws the same code.
    public func createAccount(
        key: PrivateKey, contact: [String] = [], agreeToTermsOfService: Bool,
        externalAccountBinding: ExternalAccountBinding? = nil
    ) async throws(ACMEError) -> ACMEAccount {
        let directory = try await directory()
        if directory.requiresExternalAccountBinding && externalAccountBinding == nil {
            throw ACMEError(.externalAccountBinding,
                            "the CA requires external account binding (an EAB key id and HMAC key) for new accounts",
                            url: directory.newAccount)
        }
        var payload = NewAccountPayload(contact: contact, termsOfServiceAgreed: agreeToTermsOfService ? true : nil)
        if let externalAccountBinding {
            payload.externalAccountBinding = try JWS.externalAccountBinding(accountKey: key, binding: externalAccountBinding, url: directory.newAccount)
        }
        let response: ACMEResponse
        do {
            response = try await post(directory.newAccount, payload: .json(try JWS.encode(payload)), key: key, reference: .jwk)
        } catch where error.problem?.kind == .externalAccountRequired {
            throw ACMEError(.externalAccountBinding, "the CA requires external account binding", url: error.url,
                            problem: error.problem, httpStatus: error.httpStatus)
        } catch where error.code == .problem && externalAccountBinding != nil && error.problem?.kind == .unauthorized {
            throw ACMEError(.externalAccountBinding,
                            "the CA rejected the external account binding for key id \(externalAccountBinding?.keyID ?? "")",
                            url: error.url, problem: error.problem, httpStatus: error.httpStatus)
        }
        let account = try makeAccount(response, key: key)
        logger.info("acme account ready", metadata: ["acme.account": .string(account.url), "http.status": .stringConvertible(response.status)])
        return account
    }

    /// Finds the existing account for `key` (`onlyReturnExisting`); throws `.accountNotFound` when there is none.
    public func findAccount(key: PrivateKey) async throws(ACMEError) -> ACMEAccount {
        let directory = try await directory()
        let payload = NewAccountPayload(onlyReturnExisting: true)
        do {
            let response = try await post(directory.newAccount, payload: .json(try JWS.encode(payload)), key: key, reference: .jwk)
            return try makeAccount(response, key: key)
        } catch where error.problem?.kind == .accountDoesNotExist {
            throw ACMEError(.accountNotFound, "the CA has no account for this key", url: error.url,
                            problem: error.problem, httpStatus: error.httpStatus)
        }
    }

    /// Replaces the account's contact URLs and returns the account as the CA now has it.
    public func updateAccount(_ account: ACMEAccount, contact: [String]) async throws(ACMEError) -> ACMEAccount {
        struct Update: Encodable { let contact: [String] }
        let response = try await post(account.url, json: Update(contact: contact), account: account)
        let resource = try response.decode(AccountResource.self)
        return ACMEAccount(url: account.url, key: account.key, status: resource.status, contact: resource.contact ?? [])
    }

    /// Builds the account from a newAccount answer (200 existing, 201 created; Location is the account URL).
    private func makeAccount(_ response: ACMEResponse, key: PrivateKey) throws(ACMEError) -> ACMEAccount {
        let url = try response.location()
        let resource = try response.decode(AccountResource.self)
        guard resource.status == .valid else {
            throw ACMEError(.problem, "the account is \(resource.status.rawValue)", url: url, httpStatus: response.status)
        }
        return ACMEAccount(url: url, key: key, status: resource.status, contact: resource.contact ?? [])
    }
}
