import Foundation
#if canImport(Glibc)
import Glibc
import KubeLegoPebble
#endif

extension NginxDataPlane {
    /// The host name the generation probe answers on (never a real host: `.invalid`).
    static let probeHost = "generation.kube-lego-sandbox.invalid"

    /// The main configuration: a foreground master, files under the work directory, `conf.d/*.conf` included.
    static func mainConfiguration(directory: URL) -> String {
        let w = directory.path
        return """
        daemon off;
        worker_processes 1;
        pid \(w)/nginx.pid;
        error_log \(w)/error.log info;
        events { worker_connections 256; }
        http {
            access_log \(w)/access.log;
            client_body_temp_path \(w)/t/body;
            proxy_temp_path \(w)/t/proxy;
            fastcgi_temp_path \(w)/t/fcgi;
            uwsgi_temp_path \(w)/t/uwsgi;
            scgi_temp_path \(w)/t/scgi;
            server_names_hash_bucket_size 128;
            server_names_hash_max_size 8192;
            keepalive_timeout 0;
            proxy_http_version 1.1;
            proxy_connect_timeout 5s;
            proxy_read_timeout 30s;
            include \(w)/conf.d/*.conf;
        }

        """
    }

    /// The probe server: answers the generation number so a waiter knows which configuration is live.
    static func probeConfiguration(listen: String, generation: Int) -> String {
        """
        server {
            listen \(listen);
            server_name \(probeHost);
            location / {
                default_type text/plain;
                return 200 "\(generation)";
            }
        }

        """
    }

    /// Writes `text` to `url` through a temporary file and a rename, so nginx never reads half a file.
    static func writeAtomically(_ text: String, to url: URL) throws(SandboxError) {
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw SandboxError(.internalError, "cannot write \(url.path): \(error)")
        }
    }

    /// A loopback port nobody listens on right now, below the ephemeral range and not handed out before in this
    /// process (`LoopbackPorts`).
    static func freePort() throws(SandboxError) -> Int {
        do {
            return try LoopbackPorts.free(1)[0]
        } catch {
            throw SandboxError(.startup, "cannot find a free port for nginx: \(error)")
        }
    }
}
