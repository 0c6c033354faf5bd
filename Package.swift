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
        .executable(name: "geoq", targets: ["geoq"]),
        .executable(name: "MapServer", targets: ["MapServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSpatiaLite",
            pkgConfig: "spatialite",
            providers: [.apt(["libspatialite-dev", "libsqlite3-dev", "libproj-dev"])]
        ),
        .target(
            name: "GeoIncidents",
            dependencies: [
                "CSpatiaLite",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: librarySettings
        ),
        .executableTarget(
            name: "geoq",
            dependencies: [
                "GeoIncidents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "MapServer",
            dependencies: ["GeoIncidents"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GeoIncidentsTests",
            dependencies: ["GeoIncidents"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MapServerTests",
            dependencies: ["MapServer", "GeoIncidents"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
