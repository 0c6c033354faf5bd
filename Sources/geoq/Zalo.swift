import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq zalo`: the state of the Zalo OA intake for an operator (docs/zalo.md). Never shows a
/// resident's id or words.
struct Zalo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zalo",
        abstract: "The Zalo OA intake: events waiting, replies sent and given up.",
        subcommands: [ZaloStatus.self, ZaloRetry.self, ZaloReprocess.self])
}

/// `geoq zalo status`.
struct ZaloStatus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Events recorded and pending, replies waiting, sent and given up (with Zalo's reasons).")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Replies given up to list, latest first.") var failures = 20

    func run() throws {
        try reportingErrors {
            guard failures >= 0 else { throw ValidationError("--failures must be 0 or more") }
            let database = try db.open()
            let inbox = ZaloInbox(database: database), outbox = ZaloOutbox(database: database)
            let counts = try outbox.counts()
            print("events: \(try inbox.count()) recorded, \(try inbox.pendingCount()) waiting to be processed, \(try inbox.failedCount()) set aside as failed (geoq zalo reprocess)")
            print("replies: \(counts.waiting) waiting, \(counts.sent) sent, \(counts.failed) given up")
            let given = try outbox.failures(limit: failures)
            guard !given.isEmpty else { return }
            var table = TableWriter(header: ["id", "oa", "kind", "attempts", "failed_at", "reason"], numericColumns: [0, 3])
            for failure in given { table.add([String(failure.id), failure.oaID, failure.kind, String(failure.attempts), failure.failedAt, failure.reason]) }
            print(try table.render(output.format))
        }
    }
}

/// `geoq zalo retry`.
struct ZaloRetry: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Queue replies given up again (after fixing the OA's tokens); MapServer sends them.")

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "Reply ids (geoq zalo status).") var ids: [Int64]

    func run() throws {
        try reportingErrors {
            guard !ids.isEmpty else { throw ValidationError("give the ids of the replies to retry") }
            let outbox = ZaloOutbox(database: try db.open())
            for id in ids {
                guard try outbox.retry(id: id) else { throw GeoIncidentsError(.notFound, "no reply \(id) was given up") }
                print("reply \(id) queued again")
            }
        }
    }
}

/// `geoq zalo reprocess`.
struct ZaloReprocess: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reprocess", abstract: "Queue the events set aside as failed again (after fixing their cause); MapServer processes them.")

    @OptionGroup var db: DatabaseOptions

    func run() throws {
        try reportingErrors {
            print("\(try ZaloInbox(database: try db.open()).reprocessFailed()) events queued again")
        }
    }
}
