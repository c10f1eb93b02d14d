// swift-tools-version: 6.1
// libFuzzer harnesses for kube-lego's parsers of untrusted input, built on the main package by path.
// Build and run them with scripts/fuzz (debug build, `--sanitize fuzzer --sanitize address`). Debug matters:
// the harnesses use `@testable import` for internal parsers, which needs the testability debug builds enable.
import PackageDescription

let kubeLego = "kube-lego"

/// A library product of the main package.
func kube(_ name: String) -> Target.Dependency { .product(name: name, package: kubeLego) }

/// One executable per harness, each with the shared driver glue. `-parse-as-library`: a harness defines
/// `LLVMFuzzerTestOneInput` and `<module>_main` itself and must not emit a `main` (libFuzzer brings one).
func harness(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + dependencies, swiftSettings: [.unsafeFlags(["-parse-as-library"])])
}

let package = Package(
    name: "kube-lego-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: kubeLego, path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Calls libFuzzer's driver when it is linked in (weak reference), so the harnesses also build without it.
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"]),

        // (a) HTTP-01 responder: request target, Host and routing; and the whole NIO pipeline on raw bytes.
        harness("FuzzRequestTarget", [kube("KubeLegoChallengeSolvers"), .product(name: "NIOHTTP1", package: "swift-nio")]),
        harness("FuzzResponderPipeline", [
            kube("KubeLegoChallengeSolvers"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // (b) the Kubernetes JSON parser, with a parse → serialize → parse round trip.
        harness("FuzzJSON", [kube("KubeLegoKube")]),
        // (c) PEM text and DER bytes: certificates, chains, private keys, the ARI DER reader.
        harness("FuzzPEM", [kube("KubeLegoTLS"), kube("KubeLegoACME")]),
        harness("FuzzDER", [kube("KubeLegoTLS"), kube("KubeLegoACME")]),
        // (d) ACME problem documents, Retry-After (and where its date goes) and Link headers.
        harness("FuzzACMEProblem", [kube("KubeLegoACME"), kube("KubeLegoKube")]),
        // (e) DNS responses as the RFC 2136 client reads them, TSIG verification included.
        harness("FuzzDNSMessage", [kube("KubeLegoDNS")]),
    ]
)
