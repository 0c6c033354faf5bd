// swift-tools-version: 5.4
// The fuzz targets of GeoIncidents (docs/fuzzing.md): one libFuzzer executable per parser.
// Build and run them with `bash scripts/fuzz`; they are not part of `swift test`.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM links an ELF executable with
// `--defsym main=<Target>_main` so tests can import executables, and a libFuzzer target has
// no such symbol (libFuzzer brings `main`; the targets are built with -parse-as-library),
// so the link fails. Under 5.4 the executables keep the plain `main` of libFuzzer. The
// targets therefore compile in Swift 5 language mode; the library they fuzz keeps its own
// manifest's Swift 6 mode.
import PackageDescription

let library = Target.Dependency.product(name: "GeoIncidents", package: "GeoIncidents")

/// One executable per parser, each with its seeds in Corpus/<name>/.
let fuzzTargets = ["FuzzCSVReader", "FuzzFeatureStream", "FuzzSpatiaLiteBlob", "FuzzTimestamp", "FuzzDecimalText", "FuzzIntakeJSON"]

let package = Package(
    name: "GeoIncidentsFuzz",
    dependencies: [.package(name: "GeoIncidents", path: "..")],
    targets: [.target(name: "FuzzSupport", dependencies: [library])]
        + fuzzTargets.map { .executableTarget(name: $0, dependencies: [library, "FuzzSupport"]) }
)
