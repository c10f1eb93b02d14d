import Foundation
import KubeLegoHTTP

extension PebbleServer {
    /// One attempt at starting both processes on fresh ports.
    static func launch(options: PebbleOptions, certificate: PebbleListenerCertificate, directory: URL, http: HTTPClient,
                       attempt: Int) async throws -> PebbleServer {
        let ports = try LoopbackPorts.free(4)
        let (listenPort, managementPort, dnsPort, dnsManagementPort) = (ports[0], ports[1], ports[2], ports[3])
        let tlsPort = try options.tlsPort ?? LoopbackPorts.free(1)[0]
        let configFile = directory.appendingPathComponent("pebble-config.json")
        try PebbleConfiguration(pebble: .init(
            listenAddress: "127.0.0.1:\(listenPort)", managementListenAddress: "127.0.0.1:\(managementPort)",
            certificate: certificate.certificateFile.path, privateKey: certificate.keyFile.path,
            httpPort: options.httpPort, tlsPort: tlsPort, ocspResponderURL: "",
            externalAccountBindingRequired: options.externalAccountBindingRequired,
            externalAccountMACKeys: options.externalAccountMACKeys.isEmpty ? nil : options.externalAccountMACKeys,
            domainBlocklist: options.domainBlocklist.isEmpty ? nil : options.domainBlocklist,
            certificateValidityPeriod: options.certificateValidityPeriod
        )).write(to: configFile)

        let dns = try PebbleChildProcess(
            executable: options.challengeTestServerPath,
            arguments: ["-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", "127.0.0.1:\(dnsPort)",
                        "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", "127.0.0.1:\(dnsManagementPort)"],
            environment: [:], logFile: directory.appendingPathComponent("challtestsrv-\(attempt).log"))
        let pebble: PebbleChildProcess
        do {
            pebble = try PebbleChildProcess(
                executable: options.pebblePath,
                arguments: ["-config", configFile.path, "-dnsserver", options.dnsServer ?? "127.0.0.1:\(dnsPort)"],
                environment: options.environment, logFile: directory.appendingPathComponent("pebble-\(attempt).log"))
        } catch {
            dns.terminate()
            throw error
        }
        let server = PebbleServer(
            directoryURL: "https://127.0.0.1:\(listenPort)/dir", managementURL: "https://127.0.0.1:\(managementPort)",
            certificate: certificate, httpPort: options.httpPort, dnsPort: dnsPort,
            dnsManagementURL: "http://127.0.0.1:\(dnsManagementPort)", directory: directory,
            pebble: pebble, dns: dns, http: http)
        try await server.waitUntilReady(dnsManagementURL: "http://127.0.0.1:\(dnsManagementPort)/", timeout: options.startupTimeout)
        return server
    }

    /// Polls the DNS server's management API and Pebble's directory until both answer, or a process exits.
    private func waitUntilReady(dnsManagementURL: String, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var dnsReady = false
        while ContinuousClock.now < deadline {
            try Task.checkCancellation()
            guard dns.isRunning else {
                throw PebbleError(.startup, "pebble-challtestsrv exited: \(dns.logTail())", logFile: dns.logFile.path)
            }
            guard pebble.isRunning else {
                throw PebbleError(.startup, "pebble exited: \(pebble.logTail())", logFile: pebble.logFile.path)
            }
            if !dnsReady {
                dnsReady = (try? await http.execute(HTTPRequest(url: dnsManagementURL))) != nil
            }
            if dnsReady, let response = try? await http.execute(HTTPRequest(url: directoryURL)), response.status == 200 {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        stop()
        throw PebbleError(.startup, "pebble did not answer \(directoryURL) within \(timeout): \(pebble.logTail())", logFile: pebble.logFile.path)
    }
}
