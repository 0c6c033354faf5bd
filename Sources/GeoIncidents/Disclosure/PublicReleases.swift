/// The public view's releases: which months are published and which tips each holds.
///
/// A month is published once it has ended (Vietnam time). Its content is frozen when it is
/// first published: the tips reported in it with an id at or below the largest tip id
/// stored at that moment (`public_releases`, migration 013). Tips stored later — a late
/// report, a file imported next year — never change a published month, so answers do not
/// move between requests and no one can watch a count tick up as a tip arrives. Status moves
/// do not change published counts either: the public view counts tips of every status.
public struct PublicReleases: Sendable {
    let database: GeoDatabase

    public init(database: GeoDatabase) { self.database = database }

    /// A release: the last published month, and for every published month the largest tip
    /// id it counts.
    public struct Release: Sendable, Hashable {
        /// The release's number (grows with every new month published); part of cache keys
        /// and ETags of public answers, which depend on nothing else that changes.
        public var number: Int64
        /// The newest published month (months after it are not public yet).
        public var through: PublicMonth
        /// `(through month, largest tip id)` of every release so far, oldest first.
        var cutoffs: [(through: PublicMonth, maxTipID: Int64)]

        public static func == (a: Release, b: Release) -> Bool { a.number == b.number && a.through == b.through }
        public func hash(into hasher: inout Hasher) { hasher.combine(number); hasher.combine(through) }

        /// The largest tip id counted in `month`, or nil when the month is not published.
        public func maxTipID(for month: PublicMonth) -> Int64? {
            guard month <= through else { return nil }
            return cutoffs.first { $0.through >= month }?.maxTipID
        }
    }

    /// The current release at `now`, publishing the months that ended since the last one
    /// (one write, the first time a new month is asked for).
    public func current(now: Timestamp = .now()) throws -> Release {
        let through = PublicMonth(containing: now).previous
        if let release = try read(), release.through >= through { return release }
        return try database.writer.sync { connection in
            try connection.transaction {
                let latest = try connection.scalarText("SELECT max(through_month) FROM public_releases")
                if latest.flatMap(PublicMonth.init).map({ $0 < through }) ?? true {
                    let maxID = try connection.scalarInt("SELECT ifnull(max(id), 0) FROM tips") ?? 0
                    try connection.run("INSERT INTO public_releases (through_month, max_tip_id, released_at) VALUES (?, ?, ?)",
                                       [.text(through.description), .int(maxID), .text(now.iso8601)])
                }
            }
            return try Self.read(connection)!
        }
    }

    private func read() throws -> Release? {
        try database.reader.sync { try Self.read($0) }
    }

    private static func read(_ connection: Connection) throws -> Release? {
        var cutoffs: [(through: PublicMonth, maxTipID: Int64)] = []
        var number: Int64 = 0
        try connection.prepare("SELECT id, through_month, max_tip_id FROM public_releases ORDER BY through_month").forEachRow { row in
            guard let month = PublicMonth(row.text(1)) else { return }
            number = max(number, row.int64(0))
            cutoffs.append((month, row.int64(2)))
        }
        guard let last = cutoffs.last else { return nil }
        return Release(number: number, through: last.through, cutoffs: cutoffs)
    }
}
