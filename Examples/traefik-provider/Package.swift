// swift-tools-version: 6.1
// A third-party kube-lego binary: the stock providers plus a Traefik provider, built on kube-lego by path.
import PackageDescription

let kubeLego = "kube-lego"

let package = Package(
    name: "traefik-provider",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kube-lego-traefik", targets: ["kube-lego-traefik"]),
        .library(name: "TraefikProvider", targets: ["TraefikProvider"]),
    ],
    dependencies: [
        .package(name: kubeLego, path: "../.."),
    ],
    targets: [
        .target(
            name: "TraefikProvider",
            dependencies: [
                .product(name: "KubeLegoCore", package: kubeLego),
                .product(name: "KubeLegoKube", package: kubeLego),
            ]
        ),
        .executableTarget(
            name: "kube-lego-traefik",
            dependencies: [
                "TraefikProvider",
                .product(name: "KubeLegoApp", package: kubeLego),
                .product(name: "KubeLegoCore", package: kubeLego),
            ]
        ),
        .testTarget(
            name: "TraefikProviderTests",
            dependencies: [
                "TraefikProvider",
                .product(name: "KubeLegoApp", package: kubeLego),
                .product(name: "KubeLegoCore", package: kubeLego),
                .product(name: "KubeLegoKube", package: kubeLego),
                .product(name: "KubeLegoSandbox", package: kubeLego),
                .product(name: "KubeLegoProviderTestKit", package: kubeLego),
            ]
        ),
    ]
)
