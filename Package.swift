// swift-tools-version: 6.1
// kube-lego: Let's Encrypt certificates for annotated Kubernetes Ingresses, over ACME v2 (RFC 8555).
import PackageDescription

/// Compiler settings every Swift target shares, kept in one place.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let nio = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let nioHTTP1 = Target.Dependency.product(name: "NIOHTTP1", package: "swift-nio")
let nioSSL = Target.Dependency.product(name: "NIOSSL", package: "swift-nio-ssl")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

/// The container image links a static libcurl holding only HTTP and HTTPS (scripts/build-libcurl sets this to its
/// libcurl.a); everywhere else Debian's shared libcurl4 is used.
let staticLibcurl = Context.environment["KUBE_LEGO_STATIC_LIBCURL"].flatMap { $0.isEmpty ? nil : $0 }

let package = Package(
    name: "kube-lego",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kube-lego", targets: ["kube-lego"]),
        .executable(name: "kube-lego-sandbox", targets: ["kube-lego-sandbox"]),
        .library(name: "KubeLegoTLS", targets: ["KubeLegoTLS"]),
        .library(name: "KubeLegoHTTP", targets: ["KubeLegoHTTP"]),
        .library(name: "KubeLegoACME", targets: ["KubeLegoACME"]),
        .library(name: "KubeLegoKube", targets: ["KubeLegoKube"]),
        .library(name: "KubeLegoCore", targets: ["KubeLegoCore"]),
        .library(name: "KubeLegoSandbox", targets: ["KubeLegoSandbox"]),
        .library(name: "KubeLegoPebble", targets: ["KubeLegoPebble"]),
        .library(name: "KubeLegoChallengeSolvers", targets: ["KubeLegoChallengeSolvers"]),
        .library(name: "KubeLegoNginx", targets: ["KubeLegoNginx"]),
        .library(name: "KubeLegoProviderTestKit", targets: ["KubeLegoProviderTestKit"]),
        .library(name: "KubeLegoGCE", targets: ["KubeLegoGCE"]),
        .library(name: "KubeLegoGateway", targets: ["KubeLegoGateway"]),
        .library(name: "KubeLegoApp", targets: ["KubeLegoApp"]),
        .library(name: "KubeLegoDNS", targets: ["KubeLegoDNS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C edges: only KubeLegoTLS and KubeLegoHTTP import these.
        .systemLibrary(
            name: "CKubeLegoOpenSSL",
            path: "Sources/CKubeLegoOpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "CKubeLegoCurl",
            path: "Sources/CKubeLegoCurl",
            linkerSettings: staticLibcurl.map { [.unsafeFlags([$0])] } ?? [.linkedLibrary("curl")]
        ),

        // What kube-lego would otherwise take from Foundation (threads, trimming, dates, number text): Foundation links ICU's 32 MiB of data.
        .target(name: "KubeLegoBasics", path: "Sources/Basics", swiftSettings: strict),
        .systemLibrary(name: "CKubeLegoYAML", path: "Sources/CKubeLegoYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        // YAML through libyaml (kubeconfig files, manifests, `-o yaml`).
        .target(name: "KubeLegoYAML", dependencies: ["CKubeLegoYAML"], path: "Sources/YAML", swiftSettings: strict),
        .target(name: "KubeLegoTLS", dependencies: ["CKubeLegoOpenSSL", "KubeLegoBasics"], path: "Sources/TLS", swiftSettings: strict),
        .target(name: "KubeLegoHTTP", dependencies: ["CKubeLegoCurl", "KubeLegoBasics", logging], path: "Sources/HTTP", swiftSettings: strict),
        .target(name: "KubeLegoACME", dependencies: ["KubeLegoBasics", "KubeLegoTLS", "KubeLegoHTTP", logging], path: "Sources/ACME", swiftSettings: strict),
        .target(name: "KubeLegoKube", dependencies: ["KubeLegoBasics", "KubeLegoHTTP", "KubeLegoYAML", logging], path: "Sources/Kubernetes", swiftSettings: strict),
        .target(
            name: "KubeLegoCore",
            dependencies: ["KubeLegoBasics", "KubeLegoACME", "KubeLegoKube", "KubeLegoTLS", "KubeLegoHTTP", logging, metrics, lifecycle],
            path: "Sources/Core",
            swiftSettings: strict
        ),
        .target(
            name: "KubeLegoChallengeSolvers",
            dependencies: ["KubeLegoBasics", "KubeLegoCore", "KubeLegoACME", "KubeLegoHTTP", logging, metrics, lifecycle, nio, nioPosix, nioHTTP1],
            path: "Sources/ChallengeSolvers",
            swiftSettings: strict
        ),
        // DNS-01 over RFC 2136 (dynamic update + TSIG): wire format, UDP/TCP transport, solver.
        .target(name: "KubeLegoDNS", dependencies: ["KubeLegoBasics", "KubeLegoTLS", "KubeLegoACME", "KubeLegoCore", logging], path: "Sources/DNS", swiftSettings: strict),
        .target(name: "KubeLegoGCE", dependencies: ["KubeLegoCore", "KubeLegoKube", logging], path: "Sources/Providers/GCE", swiftSettings: strict),
        // posix_spawn for the sandbox, Pebble and tests (Foundation's Process.run() can crash on Linux).
        .target(name: "CKubeLegoSpawn", path: "Sources/CKubeLegoSpawn"),
        .target(name: "KubeLegoSpawn", dependencies: ["CKubeLegoSpawn"], path: "Sources/Spawn", swiftSettings: strict),
        .target(
            name: "KubeLegoGateway", dependencies: ["KubeLegoCore", "KubeLegoKube", logging], path: "Sources/Providers/Gateway",
            swiftSettings: strict
        ),
        .target(name: "KubeLegoPebble", dependencies: ["KubeLegoHTTP", "KubeLegoSpawn", logging], path: "Sources/Pebble", swiftSettings: strict),
        .target(
            name: "KubeLegoSandbox",
            dependencies: ["KubeLegoPebble", "KubeLegoSpawn", "KubeLegoKube", "KubeLegoTLS", "KubeLegoHTTP", logging, nio, nioPosix, nioHTTP1, nioSSL],
            path: "Sources/Sandbox",
            swiftSettings: strict
        ),
        .target(
            name: "KubeLegoNginx", dependencies: ["KubeLegoCore", "KubeLegoKube", logging], path: "Sources/Providers/Nginx",
            swiftSettings: strict
        ),
        // Provider conformance checks, a library so third-party providers can run them (no test framework inside).
        .target(
            name: "KubeLegoProviderTestKit",
            dependencies: [
                "KubeLegoCore", "KubeLegoKube", "KubeLegoSandbox", "KubeLegoChallengeSolvers", "KubeLegoHTTP", logging,
            ],
            path: "Sources/ProviderTestKit",
            swiftSettings: strict
        ),
        // The shared entry point: subcommands, settings as variables and flags, logging, metrics, signals.
        .target(
            name: "KubeLegoApp",
            dependencies: [
                "KubeLegoBasics", "KubeLegoCore", "KubeLegoACME", "KubeLegoChallengeSolvers", "KubeLegoTLS", "KubeLegoHTTP", "KubeLegoKube",
                "KubeLegoNginx", "KubeLegoGCE", "KubeLegoGateway", "KubeLegoDNS", argumentParser, logging, metrics, prometheus, lifecycle, nio, nioPosix, nioHTTP1,
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Sources/App",
            swiftSettings: strict
        ),
        .executableTarget(name: "kube-lego", dependencies: ["KubeLegoApp"], path: "Sources/kube-lego", swiftSettings: strict),
        .executableTarget(
            name: "bench-bulk",
            dependencies: ["KubeLegoSandbox", "KubeLegoPebble", "KubeLegoKube", "KubeLegoHTTP", logging],
            path: "bench/bulk/Sources",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "bench-scale",
            dependencies: ["KubeLegoSandbox", "KubeLegoPebble", "KubeLegoKube", "KubeLegoHTTP", logging],
            path: "bench/scale/Sources",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "bench-cache",
            dependencies: ["KubeLegoKube", "KubeLegoSandbox", logging],
            path: "bench/cache/Sources",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "kube-lego-sandbox",
            dependencies: [
                "KubeLegoSandbox", "KubeLegoPebble", "KubeLegoCore", "KubeLegoApp", "KubeLegoKube", "KubeLegoTLS", argumentParser, logging,
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Sources/kube-lego-sandbox",
            swiftSettings: strict
        ),

        // Shared test helpers: Pebble and nginx launchers, temporary directories, a test CA, an ARI front for Pebble.
        .target(
            name: "KubeLegoTestKit",
            dependencies: ["KubeLegoSpawn", "KubeLegoTLS", "KubeLegoHTTP", logging, nio, nioPosix, nioHTTP1, nioSSL],
            path: "Tests/TestKit",
            swiftSettings: strict
        ),
        // Leak check for KubeLegoTLS, run by bench/tls-leak.sh under valgrind.
        .executableTarget(name: "tls-leak-check", dependencies: ["KubeLegoTLS"], path: "bench/tls-leak-check", swiftSettings: strict),
        .testTarget(
            name: "KubeLegoAppTests",
            dependencies: ["KubeLegoApp", "KubeLegoCore", "KubeLegoChallengeSolvers", "KubeLegoTLS", "KubeLegoTestKit", logging, prometheus, nio, nioPosix],
            path: "Tests/AppTests",
            swiftSettings: strict
        ),
        .testTarget(name: "KubeLegoTLSTests", dependencies: ["KubeLegoTLS", "KubeLegoTestKit"], path: "Tests/TLSTests", swiftSettings: strict),
        .testTarget(
            name: "KubeLegoHTTPTests",
            dependencies: ["KubeLegoSpawn", "KubeLegoHTTP", "KubeLegoTestKit", logging, nio, nioPosix, nioHTTP1, nioSSL],
            path: "Tests/HTTPTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeLegoACMETests",
            dependencies: ["KubeLegoSpawn", "KubeLegoACME", "KubeLegoTLS", "KubeLegoHTTP", "KubeLegoPebble", "KubeLegoTestKit", logging, nio, nioPosix, nioHTTP1],
            path: "Tests/ACMETests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeLegoChallengeSolversTests",
            dependencies: ["KubeLegoChallengeSolvers", "KubeLegoCore", "KubeLegoACME", "KubeLegoHTTP", "KubeLegoTestKit", logging, lifecycle, nio, nioPosix, nioHTTP1],
            path: "Tests/ChallengeSolversTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeLegoBasicsTests",
            dependencies: ["KubeLegoBasics", "KubeLegoYAML", "KubeLegoKube"],
            path: "Tests/BasicsTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeLegoKubeTests",
            dependencies: ["KubeLegoSpawn", "KubeLegoKube", "KubeLegoSandbox", "KubeLegoTestKit"],
            path: "Tests/KubernetesTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeLegoCoreTests",
            dependencies: [
                "KubeLegoCore", "KubeLegoTLS", "KubeLegoKube", "KubeLegoACME", "KubeLegoHTTP", "KubeLegoSandbox", "KubeLegoPebble", "KubeLegoTestKit",
                "KubeLegoChallengeSolvers", "KubeLegoDNS", "KubeLegoGateway", logging, metrics, prometheus,
            ],
            path: "Tests/CoreTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeLegoNginxTests",
            dependencies: [
                "KubeLegoNginx", "KubeLegoGateway", "KubeLegoProviderTestKit", "KubeLegoCore", "KubeLegoKube", "KubeLegoSandbox",
                "KubeLegoChallengeSolvers", "KubeLegoHTTP", "KubeLegoTestKit", logging,
            ],
            path: "Tests/NginxTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeLegoEndToEndTests",
            dependencies: ["KubeLegoSpawn", "KubeLegoSandbox", "KubeLegoPebble", "KubeLegoKube", "KubeLegoTLS", "KubeLegoHTTP", "KubeLegoChallengeSolvers", logging],
            path: "Tests/EndToEndTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeLegoSandboxTests",
            dependencies: ["KubeLegoSpawn", "KubeLegoSandbox", "KubeLegoKube", "KubeLegoTestKit"],
            path: "Tests/SandboxTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeLegoDNSTests",
            dependencies: ["KubeLegoDNS", "KubeLegoACME", "KubeLegoTLS", "KubeLegoHTTP", "KubeLegoPebble", "KubeLegoTestKit", logging],
            path: "Tests/DNSTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubeLegoGCETests",
            dependencies: [
                "KubeLegoGCE", "KubeLegoProviderTestKit", "KubeLegoCore", "KubeLegoKube", "KubeLegoSandbox",
                "KubeLegoChallengeSolvers", "KubeLegoHTTP",
                logging, nio, nioPosix,
            ],
            path: "Tests/GCETests",
            swiftSettings: strict
        ),
    ]
)
