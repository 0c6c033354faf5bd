// swift-tools-version: 6.1
import PackageDescription

/// Strict settings shared by every target (see ../shared/STYLE.md).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The library also keeps its imports internal unless a dependency's type is in its API.
let librarySettings = strictSettings + [.enableUpcomingFeature("InternalImportsByDefault")]

let package = Package(
    name: "GeoIncidents",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "GeoIncidents", targets: ["GeoIncidents"]),
        .library(name: "TextLocator", targets: ["TextLocator"]),
        .executable(name: "geoq", targets: ["geoq"]),
        .executable(name: "MapServer", targets: ["MapServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSpatiaLite",
            pkgConfig: "spatialite",
            providers: [.apt(["libspatialite-dev", "libsqlite3-dev", "libproj-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "GeoIncidents",
            dependencies: [
                "CSpatiaLite",
                "CZlib",
                "TextLocator",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: librarySettings
        ),
        // The synthetic demo province, tips and cameras, and the benchmark data sets: for
        // `geoq demo`, `geoq bench` and the tests, never for MapServer (docs/architecture.md).
        .target(
            name: "GeoIncidentsDemo",
            dependencies: ["GeoIncidents"],
            swiftSettings: librarySettings
        ),
        // The text locator: Foundation only, no dependency on GeoIncidents (docs/locator.md).
        .target(
            name: "TextLocator",
            swiftSettings: librarySettings
        ),
        .executableTarget(
            name: "geoq",
            dependencies: [
                "GeoIncidents",
                "GeoIncidentsDemo",
                "TextLocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "MapServer",
            dependencies: [
                "GeoIncidents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The style's label glyphs (scripts/make-glyphs), read by Glyphs.shipped.
            resources: [.copy("Glyphs")],
            swiftSettings: strictSettings
        ),
        // Scratch folders of the test suites, removed when the test process exits.
        .target(
            name: "TestScratch",
            path: "Tests/TestScratch",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GeoIncidentsTests",
            dependencies: ["GeoIncidents", "GeoIncidentsDemo", "TestScratch"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TextLocatorTests",
            dependencies: ["TextLocator"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MapServerTests",
            dependencies: [
                "MapServer",
                "GeoIncidents",
                "GeoIncidentsDemo",
                "TestScratch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
