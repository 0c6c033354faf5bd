/// The one definition of an incident's summary row, recomputed from its members: the
/// best-located member (GPS, place, neighbourhood, commune; then accuracy; then the lowest
/// id) as anchor, first and last report, counts by link, categories, channels and sources.
/// The status is the most advanced open status of the members (dismissed only when all are).
enum IncidentSummary {
    /// Recomputes the incidents `condition` selects (`m.` is `incident_members`).
    static func refresh(_ connection: Connection, where condition: String, _ values: [SQLValue] = []) throws {
        try connection.run("""
            INSERT OR REPLACE INTO incidents (id, anchor_tip_id, status, first_reported_at, last_reported_at, tips, copies, corroborations, repeats,
                                              categories, channels, sources)
            SELECT m.incident_id,
                   min(((CASE t.locating_method WHEN 'gps' THEN 0 WHEN 'place' THEN 1 WHEN 'neighbourhood' THEN 2 ELSE 3 END) << 58)
                       | (min(max(CAST(ifnull(t.accuracy_m, 0) AS INTEGER), 0), 16777215) << 34) | t.id) & 17179869183,
                   CASE max(CASE t.status WHEN 'received' THEN 1 WHEN 'verified' THEN 2 WHEN 'dispatched' THEN 3 WHEN 'resolved' THEN 4 ELSE 0 END)
                       WHEN 1 THEN 'received' WHEN 2 THEN 'verified' WHEN 3 THEN 'dispatched' WHEN 4 THEN 'resolved' ELSE 'dismissed' END,
                   min(t.reported_at), max(t.reported_at), count(*),
                   sum(m.link = 'copy'), sum(m.link = 'corroboration'), sum(m.link = 'repeat'),
                   group_concat(DISTINCT t.category), group_concat(DISTINCT t.channel), group_concat(DISTINCT s.name)
            FROM incident_members m JOIN tips t ON t.id = m.tip_id JOIN tip_sources s ON s.id = t.source_id
            WHERE \(condition)
            GROUP BY m.incident_id
            """, values)
    }
}
