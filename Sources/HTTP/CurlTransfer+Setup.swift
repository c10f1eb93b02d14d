import CKubeLegoCurl

extension CurlTransfer {
    /// Sets every option of the easy handle for `request`. Runs in `init`, before the engine sees the handle.
    func configure(for request: HTTPRequest, settings: ClientSettings) throws(CurlCallError) {
        try easy.set(CURLOPT_URL, request.url)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_NOSIGNAL, 1)
        // HTTP/1.1 only: one stream per connection keeps pausing (back-pressure) and aborting simple.
        try easy.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        try easy.set(CURLOPT_PRIVATE, pointer: UnsafeMutableRawPointer(bitPattern: UInt(id)))
        try easy.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        try easy.set(CURLOPT_TCP_KEEPALIVE, 1)
        try easy.set(CURLOPT_TCP_KEEPIDLE, 30)
        try easy.set(CURLOPT_TCP_KEEPINTVL, 15)

        let context = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        try easy.set(CURLOPT_WRITEFUNCTION, callback: { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        })
        try easy.set(CURLOPT_HEADERDATA, pointer: context)
        try easy.set(CURLOPT_HEADERFUNCTION, callback: { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
        })

        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, max(connectTimeout.curlMilliseconds, 1))
        try easy.set(CURLOPT_TIMEOUT_MS, timeout?.curlMilliseconds ?? 0)
        if case .buffered(_, let maxBytes) = delivery {
            try easy.set(CURLOPT_MAXFILESIZE_LARGE, offT: Int64(maxBytes))
        }
        if request.followRedirects {
            try easy.set(CURLOPT_FOLLOWLOCATION, 1)
            try easy.set(CURLOPT_MAXREDIRS, 10)
        }
        if request.freshConnection {
            try easy.set(CURLOPT_FRESH_CONNECT, 1)
            try easy.set(CURLOPT_FORBID_REUSE, 1)
        }

        try configureMethodAndBody(request)
        try configureHeaders(request, settings: settings)
        try configureProxy(for: request.url, settings.proxies)
        try settings.tls.apply(to: easy)
    }

    private func configureMethodAndBody(_ request: HTTPRequest) throws(CurlCallError) {
        let method = request.method
        if method == "HEAD" {
            try easy.set(CURLOPT_NOBODY, 1)
            return
        }
        // POST without a body still sends "Content-Length: 0" rather than reading a body from stdin.
        let body = request.body ?? (method == "POST" ? [] : nil)
        if let body {
            try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offT: Int64(body.count))
            if body.isEmpty {
                try easy.set(CURLOPT_COPYPOSTFIELDS, "")
            } else {
                // libcurl copies the bytes during this call.
                var failure: CurlCallError?
                body.withUnsafeBytes { bytes in
                    do throws(CurlCallError) {
                        try easy.set(CURLOPT_COPYPOSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                    } catch {
                        failure = error
                    }
                }
                if let failure { throw failure }
            }
        }
        if method != "GET" || body != nil, method != "POST" {
            try easy.set(CURLOPT_CUSTOMREQUEST, method)
        }
    }

    private func configureHeaders(_ request: HTTPRequest, settings: ClientSettings) throws(CurlCallError) {
        let headers = request.headers
        let list = CurlSlist()
        var lines: [String] = []
        for (name, value) in headers {
            // libcurl's syntax for a header with an empty value is "Name;"; "Name:" would remove it.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        if let token = settings.bearerToken, !headers.contains("Authorization") {
            lines.append("Authorization: Bearer \(token)")
        }
        // No "Expect: 100-continue" stall with servers that never answer it.
        if !headers.contains("Expect") { lines.append("Expect:") }
        // libcurl would label a body as a form; an unlabelled body is more honest.
        let hasBody = request.body != nil || request.method == "POST"
        if hasBody, !headers.contains("Content-Type") { lines.append("Content-Type:") }
        for line in lines where !list.append(line) {
            throw CurlCallError(code: CURLE_OUT_OF_MEMORY, action: "building the header list")
        }
        try easy.set(CURLOPT_HTTPHEADER, list: list)
        if !headers.contains("User-Agent") {
            try easy.set(CURLOPT_USERAGENT, settings.userAgent)
        }
    }

    private func configureProxy(for url: String, _ proxies: ProxySettings) throws(CurlCallError) {
        // Both options are always set, so libcurl never consults the environment on its own.
        if let proxy = proxies.proxy(for: url) {
            try easy.set(CURLOPT_PROXY, proxy)
            try easy.set(CURLOPT_NOPROXY, proxies.noProxy ?? "")
        } else {
            try easy.set(CURLOPT_PROXY, "")
            try easy.set(CURLOPT_NOPROXY, "")
        }
    }
}
