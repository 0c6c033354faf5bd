import Foundation

/// Scratch folders for the test suites. Every folder a test process makes lives under one
/// root of its own (`$TMPDIR/geoincidents-scratch/run-<pid>-<uuid>`), removed when the
/// process exits: the suites open hundreds of databases a run, and folders left behind by
/// each run once filled a developer's disk (6,800 of them, 50 GB). Roots of runs that did
/// not exit (killed) are removed by the next run once they are a day old.
public enum TestScratch {
    /// A new, empty folder whose name starts with `prefix`.
    public static func folder(_ prefix: String) -> String {
        let folder = root + "/" + prefix + "-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// This process's root: made, and its removal at exit arranged, on first use.
    public static let root: String = {
        let parent = NSTemporaryDirectory() + "geoincidents-scratch"
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        removeAbandoned(in: parent)
        let root = parent + "/run-\(getpid())-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestScratch.root) }
        return root
    }()

    /// Removes the roots in `parent` last changed more than a day ago whose process is gone
    /// (a run paused for a day in a debugger keeps its root).
    private static func removeAbandoned(in parent: String) {
        let files = FileManager.default
        for name in (try? files.contentsOfDirectory(atPath: parent)) ?? [] {
            let path = parent + "/" + name
            guard let changed = (try? files.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                  Date().timeIntervalSince(changed) > 86_400 else { continue }
            let parts = name.split(separator: "-")
            if parts.count > 1, let pid = Int32(parts[1]), kill(pid, 0) == 0 { continue }
            try? files.removeItem(atPath: path)
        }
    }
}
