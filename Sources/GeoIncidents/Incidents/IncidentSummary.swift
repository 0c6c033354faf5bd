/// The one definition of an incident's summary row, recomputed from its members: the
/// best-located member (GPS, place, neighbourhood, commune; then accuracy; then the lowest
/// id) as anchor, first and last report, counts by link, categories, channels and sources.
/// The status is the least advanced status of its open members (dismissed only when all
/// are): a new report joining a resolved incident shows it again as received.
enum IncidentSummary {
    /// Recomputes the incidents `condition` selects (`m.` is `incident_members`): an upsert,
    /// so that only an anchor that moved is logged in `tip_changes` (migration 021).
    static func refresh(_ connection: Connection, where condition: String, _ values: [SQLValue] = []) throws {
        // The anchor: copies re-post, they place nothing (unless nothing else is there);
        // then GPS, place, neighbourhood, commune; accuracy; the earliest; the lowest id —
        // the order `IncidentGrouper.rank` keeps.
        try connection.run("""
            WITH members AS (
                SELECT m.incident_id, m.tip_id, m.link, t.reported_at, t.category, t.channel, t.status, s.name AS source,
                       ROW_NUMBER() OVER (PARTITION BY m.incident_id
                                          ORDER BY m.link = 'copy', CASE t.locating_method WHEN 'gps' THEN 0 WHEN 'place' THEN 1 WHEN 'neighbourhood' THEN 2 ELSE 3 END,
                                                   ifnull(t.accuracy_m, 0), t.reported_at, t.id) AS place
                FROM incident_members m JOIN tips t ON t.id = m.tip_id JOIN tip_sources s ON s.id = t.source_id
                WHERE \(condition)
            )
            INSERT INTO incidents (id, anchor_tip_id, status, first_reported_at, last_reported_at, tips, copies, corroborations, repeats,
                                   categories, channels, sources)
            SELECT incident_id,
                   max(CASE WHEN place = 1 THEN tip_id END),
                   CASE min(CASE status WHEN 'received' THEN 1 WHEN 'verified' THEN 2 WHEN 'dispatched' THEN 3 WHEN 'resolved' THEN 4 ELSE 9 END)
                       WHEN 1 THEN 'received' WHEN 2 THEN 'verified' WHEN 3 THEN 'dispatched' WHEN 4 THEN 'resolved' ELSE 'dismissed' END,
                   min(reported_at), max(reported_at), count(*),
                   sum(link = 'copy'), sum(link = 'corroboration'), sum(link = 'repeat'),
                   group_concat(DISTINCT category), group_concat(DISTINCT channel), group_concat(DISTINCT source)
            FROM members
            WHERE true
            GROUP BY incident_id
            ON CONFLICT (id) DO UPDATE SET
                anchor_tip_id = excluded.anchor_tip_id, status = excluded.status, first_reported_at = excluded.first_reported_at,
                last_reported_at = excluded.last_reported_at, tips = excluded.tips, copies = excluded.copies,
                corroborations = excluded.corroborations, repeats = excluded.repeats, categories = excluded.categories,
                channels = excluded.channels, sources = excluded.sources
            """, values)
    }
}
