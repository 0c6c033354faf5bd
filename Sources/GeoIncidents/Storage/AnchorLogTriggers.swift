/// The triggers that log, in `tip_changes`, the tips an incident starts or stops being
/// anchored at (migration 021): an insert, a delete, an update that moves `anchor_tip_id`,
/// and the row an `INSERT OR REPLACE` replaces (which fires no delete trigger while recursive
/// triggers are off). The analysis columns catch the incidents' anchors up from them.
///
/// A rebuild of every incident drops them inside its transaction and creates them again at
/// its end (``drop``, ``create``): a trigger per row made `DELETE FROM incidents` row by row
/// and cost a rebuild at 1M a quarter of its time. Migration 021 creates them from this
/// text; a later change to it needs a migration of its own that drops and creates them.
enum AnchorLogTriggers {
    static let create = """
        CREATE TRIGGER tip_changes_on_incident_replace BEFORE INSERT ON incidents
            BEGIN INSERT INTO tip_changes (tip_id) SELECT anchor_tip_id FROM incidents WHERE id = NEW.id; END;
        CREATE TRIGGER tip_changes_on_incident_insert AFTER INSERT ON incidents
            BEGIN INSERT INTO tip_changes (tip_id) VALUES (NEW.anchor_tip_id); END;
        CREATE TRIGGER tip_changes_on_incident_update AFTER UPDATE ON incidents
            WHEN OLD.anchor_tip_id IS NOT NEW.anchor_tip_id
            BEGIN
                INSERT INTO tip_changes (tip_id) VALUES (OLD.anchor_tip_id);
                INSERT INTO tip_changes (tip_id) VALUES (NEW.anchor_tip_id);
            END;
        CREATE TRIGGER tip_changes_on_incident_delete AFTER DELETE ON incidents
            BEGIN INSERT INTO tip_changes (tip_id) VALUES (OLD.anchor_tip_id); END;
        """

    static let drop = """
        DROP TRIGGER IF EXISTS tip_changes_on_incident_replace;
        DROP TRIGGER IF EXISTS tip_changes_on_incident_insert;
        DROP TRIGGER IF EXISTS tip_changes_on_incident_update;
        DROP TRIGGER IF EXISTS tip_changes_on_incident_delete;
        """
}
