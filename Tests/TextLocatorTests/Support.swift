import Foundation
import Testing
@testable import TextLocator

/// The code lists shipped in regions/vn-admin-codes, loaded once for all suites.
enum Shared {
    static let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let codesDirectory = repository.appendingPathComponent("regions/vn-admin-codes").path
    static let gazetteer: Gazetteer = {
        do { return try Gazetteer.load(directory: codesDirectory) } catch { fatalError("cannot load \(codesDirectory): \(error)") }
    }()
    static let locator = Locator(gazetteer: gazetteer)
    static var fixtures: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }
}
