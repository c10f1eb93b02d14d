import CKubeLegoCurl

extension CurlTransfer {
    /// The `HTTPError` for a transfer that libcurl ended with `code`.
    func error(for code: CURLcode) -> HTTPError {
        let detail = Self.describe(code, easy.errorText)
        let error = { (kind: HTTPError.Code, reason: String) in
            HTTPError(code: kind, reason: reason, url: self.url, method: self.method)
        }
        if bodyTooLarge || code == CURLE_FILESIZE_EXCEEDED, case .buffered(_, let maxBytes) = delivery {
            return error(.responseTooLarge, "the response body exceeds the limit of \(maxBytes) bytes")
        }
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            let connected = easy.info(isHTTPS ? CURLINFO_APPCONNECT_TIME_T : CURLINFO_CONNECT_TIME_T) > 0
            if !connected {
                return error(.timedOut, "could not connect within \(connectTimeout.shortDescription) (\(detail))")
            }
            let limit = timeout.map { " after \($0.shortDescription)" } ?? ""
            return error(.timedOut, "timed out\(limit) (\(detail))")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return error(.couldNotConnect, detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return error(.invalidRequest, detail)
        case CURLE_WRITE_ERROR, CURLE_ABORTED_BY_CALLBACK:
            return error(.cancelled, "the response stream was closed by its reader (\(detail))")
        case CURLE_RECV_ERROR where Self.isTLSAlert(easy.errorText), CURLE_SEND_ERROR where Self.isTLSAlert(easy.errorText):
            // The peer refused the handshake late (TLS 1.3 reports a missing client certificate after it).
            return error(.tls, detail)
        default:
            return error(Self.isTLSCode(code) ? .tls : .transfer, detail)
        }
    }

    /// libcurl's short text for `code`, followed by its detailed message when there is one.
    static func describe(_ code: CURLcode, _ detail: String = "") -> String {
        let summary = String(cString: curl_easy_strerror(code))
        return detail.isEmpty ? summary : "\(summary): \(detail)"
    }

    private static func isTLSCode(_ code: CURLcode) -> Bool {
        [
            CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED,
        ].contains(code)
    }

    private static func isTLSAlert(_ text: String) -> Bool {
        text.contains("SSL") && text.contains("alert")
    }
}
