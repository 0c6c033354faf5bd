extension Migrator {
    /// The project's migrations, in order. Append only.
    static let standard = Migrator(migrations: [
        Migration(name: "001_spatial_metadata", sql: """
            SELECT InitSpatialMetadata();
            CREATE TABLE meta (key TEXT PRIMARY KEY, value NOT NULL);
            INSERT INTO meta (key, value) VALUES ('data_version', 0);
            """),
        Migration(name: "002_regions", sql: """
            CREATE TABLE regions (
                id INTEGER PRIMARY KEY,
                level TEXT NOT NULL CHECK (level IN ('province', 'commune', 'neighbourhood')),
                code TEXT NOT NULL,
                name TEXT NOT NULL,
                name_folded TEXT NOT NULL,
                kind TEXT,
                parent_code TEXT,
                population INTEGER,
                valid_from TEXT,
                valid_to TEXT,
                source TEXT
            );
            SELECT AddGeometryColumn('regions', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1);
            SELECT CreateSpatialIndex('regions', 'geom');
            CREATE UNIQUE INDEX regions_current_code ON regions (level, code) WHERE valid_to IS NULL;
            CREATE INDEX regions_parent ON regions (level, parent_code);
            CREATE INDEX regions_name_folded ON regions (name_folded);
            """),
        Migration(name: "003_tips", sql: """
            CREATE TABLE tip_categories (code TEXT PRIMARY KEY, label_vi TEXT NOT NULL, label_en TEXT NOT NULL, report_group TEXT NOT NULL);
            INSERT INTO tip_categories VALUES
                ('political_security', 'An ninh chính trị', 'Political security', 'political_security'),
                ('criminal', 'Tội phạm hình sự', 'Criminal', 'criminal'),
                ('social_evil', 'Tệ nạn xã hội', 'Social evils', 'social_evil'),
                ('traffic', 'Tai nạn giao thông', 'Traffic accident', 'other'),
                ('fire', 'Cháy, nổ', 'Fire', 'other'),
                ('admin_procedure', 'Thủ tục hành chính', 'Administrative procedure', 'other'),
                ('other', 'Khác', 'Other', 'other');
            CREATE TABLE tip_channels (code TEXT PRIMARY KEY, label_vi TEXT NOT NULL, label_en TEXT NOT NULL);
            INSERT INTO tip_channels VALUES
                ('zalo_group', 'Nhóm Zalo', 'Zalo group'),
                ('zalo_page', 'Trang Zalo OA', 'Zalo page'),
                ('hotline', 'Đường dây nóng', 'Hotline'),
                ('fanpage', 'Fanpage', 'Fan page'),
                ('web', 'Cổng thông tin', 'Web'),
                ('in_person', 'Trực tiếp', 'In person'),
                ('other', 'Khác', 'Other');
            CREATE TABLE tip_sources (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE tips (
                id INTEGER PRIMARY KEY,
                source_id INTEGER NOT NULL REFERENCES tip_sources (id),
                external_id,
                reported_at TEXT NOT NULL,
                received_at TEXT NOT NULL,
                -- Closed vocabularies as OR chains: SQLite evaluates a CHECK ... IN (list) by
                -- building an ephemeral B-tree for every inserted row.
                category TEXT NOT NULL CHECK (category = 'political_security' OR category = 'criminal' OR category = 'social_evil' OR category = 'traffic' OR category = 'fire' OR category = 'admin_procedure' OR category = 'other'),
                channel TEXT NOT NULL CHECK (channel = 'zalo_group' OR channel = 'zalo_page' OR channel = 'hotline' OR channel = 'fanpage' OR channel = 'web' OR channel = 'in_person' OR channel = 'other'),
                description TEXT,
                lon REAL NOT NULL,
                lat REAL NOT NULL,
                accuracy_m REAL,
                hilbert INTEGER NOT NULL,
                province_code TEXT,
                commune_code TEXT,
                neighbourhood_code TEXT,
                assignment_method TEXT NOT NULL,
                boundary_distance_m REAL,
                status TEXT NOT NULL DEFAULT 'received' CHECK (status = 'received' OR status = 'verified' OR status = 'dispatched' OR status = 'resolved' OR status = 'dismissed'),
                -- A little-endian SpatiaLite POINT in SRID 4326 (60 bytes), checked on its header
                -- bytes: a CHECK costs nothing like a trigger (see migration 004).
                geom BLOB NOT NULL CHECK (length(geom) = 60 AND substr(geom, 1, 6) = X'0001E6100000'
                    AND substr(geom, 39, 5) = X'7C01000000')
            );
            SELECT RecoverGeometryColumn('tips', 'geom', 4326, 'POINT', 'XY');
            CREATE UNIQUE INDEX tips_source_external ON tips (source_id, external_id) WHERE external_id IS NOT NULL;
            CREATE INDEX tips_hilbert ON tips (hilbert);
            CREATE INDEX tips_commune_reported ON tips (commune_code, reported_at);
            CREATE INDEX tips_reported ON tips (reported_at);
            CREATE TABLE tipster_contacts (
                tip_id INTEGER PRIMARY KEY REFERENCES tips (id) ON DELETE CASCADE,
                name TEXT,
                phone TEXT,
                zalo_id TEXT,
                note TEXT
            );
            """),
        // SpatiaLite's per-row triggers on tips (a geometry check through two subqueries on
        // geometry_columns with Lower() scans, and an UPDATE of geometry_columns_time) cost
        // ~25 µs per inserted tip, and any trigger that can abort makes SQLite keep a
        // statement journal for every single-row INSERT. The store keeps its own change
        // counter (meta.data_version), and the CHECK on tips.geom guards type and SRID for
        // every writer, so the triggers go.
        Migration(name: "004_no_tip_triggers", sql: """
            DROP TRIGGER IF EXISTS ggi_tips_geom;
            DROP TRIGGER IF EXISTS ggu_tips_geom;
            DROP TRIGGER IF EXISTS tmi_tips_geom;
            DROP TRIGGER IF EXISTS tmu_tips_geom;
            DROP TRIGGER IF EXISTS tmd_tips_geom;
            """),
        // API tokens (only their SHA-256), the access log of exact tip locations, the audit
        // trail of status changes, and idempotency keys of the HTTP intake.
        Migration(name: "005_access_and_audit", sql: """
            CREATE TABLE api_tokens (
                id INTEGER PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL CHECK (role = 'public' OR role = 'analyst' OR role = 'commander' OR role = 'intake'),
                communes TEXT,
                label TEXT,
                created_at TEXT NOT NULL,
                expires_at TEXT,
                revoked_at TEXT
            );
            CREATE TABLE access_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                token_id INTEGER,
                role TEXT NOT NULL,
                action TEXT NOT NULL,
                detail TEXT,
                tips INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE tip_status_history (
                id INTEGER PRIMARY KEY,
                tip_id INTEGER NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
                from_status TEXT NOT NULL,
                to_status TEXT NOT NULL,
                at TEXT NOT NULL,
                token_id INTEGER,
                note TEXT
            );
            CREATE INDEX tip_status_history_tip ON tip_status_history (tip_id);
            CREATE TABLE idempotency_keys (
                token_id INTEGER NOT NULL,
                key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                tip_id INTEGER NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                PRIMARY KEY (token_id, key)
            );
            """),
        // The Hilbert index carries lon and lat: bbox filters are then decided inside the
        // index (measured on a 5 km box of the 100k bench tips: count 1.4 → 0.3 ms).
        Migration(name: "006_hilbert_covers_position", sql: """
            DROP INDEX IF EXISTS tips_hilbert;
            CREATE INDEX tips_hilbert ON tips (hilbert, lon, lat);
            """),
        // Shared borders between adjacent units, derived from the boundary layer and kept
        // so requests do not recompute them; `meta.shared_borders_<level>` records the layer
        // version and parameters they were derived with.
        Migration(name: "007_shared_borders", sql: """
            CREATE TABLE shared_borders (
                id INTEGER PRIMARY KEY,
                level TEXT NOT NULL CHECK (level = 'commune' OR level = 'province'),
                code_a TEXT NOT NULL,
                code_b TEXT NOT NULL,
                length_m REAL NOT NULL,
                UNIQUE (level, code_a, code_b)
            );
            SELECT AddGeometryColumn('shared_borders', 'geom', 4326, 'MULTILINESTRING', 'XY', 1);
            CREATE INDEX shared_borders_b ON shared_borders (level, code_b);
            """),
        // The camera registry. Heading and field of view are NULL when unknown (the camera is
        // then taken to see all around, and reports flag the assumption).
        Migration(name: "008_cameras", sql: """
            CREATE TABLE cameras (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
                lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
                heading_deg REAL CHECK (heading_deg IS NULL OR (heading_deg >= 0 AND heading_deg < 360)),
                fov_deg REAL CHECK (fov_deg IS NULL OR (fov_deg > 0 AND fov_deg <= 360)),
                range_m REAL NOT NULL CHECK (range_m > 0 AND range_m <= 2000),
                status TEXT NOT NULL CHECK (status = 'active' OR status = 'offline'),
                kind TEXT NOT NULL CHECK (kind = 'cctv' OR kind = 'traffic' OR kind = 'alpr' OR kind = 'other'),
                owner TEXT,
                installed TEXT,
                commune_code TEXT,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX cameras_commune ON cameras (commune_code);
            """),
        // `meta.tips_rewritten` counts changes to stored tips (and source names) other than
        // appending new ones, whoever makes them: while it stands still, a reader holding the
        // tips up to some id can catch up by reading only the newer ids (the HTTP service's
        // in-memory tip pages do). Triggers on UPDATE and DELETE only: inserts, the bulk
        // path, pay nothing.
        Migration(name: "009_tips_rewritten", sql: """
            INSERT OR IGNORE INTO meta (key, value) VALUES ('tips_rewritten', 0);
            CREATE TRIGGER tips_rewritten_on_update AFTER UPDATE ON tips
                BEGIN UPDATE meta SET value = value + 1 WHERE key = 'tips_rewritten'; END;
            CREATE TRIGGER tips_rewritten_on_delete AFTER DELETE ON tips
                BEGIN UPDATE meta SET value = value + 1 WHERE key = 'tips_rewritten'; END;
            CREATE TRIGGER tips_rewritten_on_source_update AFTER UPDATE ON tip_sources
                BEGIN UPDATE meta SET value = value + 1 WHERE key = 'tips_rewritten'; END;
            """),
        // `meta.regions_version` counts every change to `regions`, by anyone: the key of the
        // in-memory boundary indexes. (Counting rows and the largest id is not enough:
        // replacing the unit with the largest id deletes it first, and its id is reused.)
        Migration(name: "010_regions_version", sql: """
            INSERT OR IGNORE INTO meta (key, value) VALUES ('regions_version', 0);
            CREATE TRIGGER regions_version_on_insert AFTER INSERT ON regions
                BEGIN UPDATE meta SET value = value + 1 WHERE key = 'regions_version'; END;
            CREATE TRIGGER regions_version_on_update AFTER UPDATE ON regions
                BEGIN UPDATE meta SET value = value + 1 WHERE key = 'regions_version'; END;
            CREATE TRIGGER regions_version_on_delete AFTER DELETE ON regions
                BEGIN UPDATE meta SET value = value + 1 WHERE key = 'regions_version'; END;
            """),
        // Tips by commune and time as a table, not an index (see TipCommunes): a bulk load
        // appends its rows sorted in Swift (0.36 s of CPU per million, sqlite3) where
        // CREATE INDEX sorted them itself (1.7-1.9 s). Triggers keep it in step with every
        // other change to tips; bulk loads drop the insert trigger and append instead.
        Migration(name: "011_tip_communes", sql: """
            CREATE TABLE tip_communes (
                commune_code TEXT NOT NULL,
                reported_at TEXT NOT NULL,
                tip_id INTEGER NOT NULL,
                PRIMARY KEY (commune_code, reported_at, tip_id)
            ) WITHOUT ROWID;
            INSERT INTO tip_communes SELECT commune_code, reported_at, id FROM tips WHERE commune_code IS NOT NULL;
            DROP INDEX IF EXISTS tips_commune_reported;
            CREATE TRIGGER tip_communes_on_insert AFTER INSERT ON tips WHEN NEW.commune_code IS NOT NULL
                BEGIN INSERT INTO tip_communes VALUES (NEW.commune_code, NEW.reported_at, NEW.id); END;
            CREATE TRIGGER tip_communes_on_delete AFTER DELETE ON tips WHEN OLD.commune_code IS NOT NULL
                BEGIN DELETE FROM tip_communes WHERE commune_code = OLD.commune_code AND reported_at = OLD.reported_at AND tip_id = OLD.id; END;
            CREATE TRIGGER tip_communes_on_update AFTER UPDATE OF commune_code, reported_at ON tips BEGIN
                DELETE FROM tip_communes WHERE commune_code = OLD.commune_code AND reported_at = OLD.reported_at AND tip_id = OLD.id;
                INSERT INTO tip_communes SELECT NEW.commune_code, NEW.reported_at, NEW.id WHERE NEW.commune_code IS NOT NULL;
            END;
            """),
        // Tips by Hilbert key, with their position, as a table that replaces the index
        // `tips_hilbert`, for the same reason as 011: a bulk load appends it presorted
        // (0.54 s of CPU per million, sqlite3) where CREATE INDEX sorted (1.32 s).
        Migration(name: "012_tip_cells", sql: """
            CREATE TABLE tip_cells (
                hilbert INTEGER NOT NULL,
                tip_id INTEGER NOT NULL,
                lon REAL NOT NULL,
                lat REAL NOT NULL,
                PRIMARY KEY (hilbert, tip_id)
            ) WITHOUT ROWID;
            INSERT INTO tip_cells SELECT hilbert, id, lon, lat FROM tips;
            DROP INDEX IF EXISTS tips_hilbert;
            CREATE TRIGGER tip_cells_on_insert AFTER INSERT ON tips
                BEGIN INSERT INTO tip_cells VALUES (NEW.hilbert, NEW.id, NEW.lon, NEW.lat); END;
            CREATE TRIGGER tip_cells_on_delete AFTER DELETE ON tips
                BEGIN DELETE FROM tip_cells WHERE hilbert = OLD.hilbert AND tip_id = OLD.id; END;
            CREATE TRIGGER tip_cells_on_update AFTER UPDATE OF hilbert, lon, lat ON tips BEGIN
                DELETE FROM tip_cells WHERE hilbert = OLD.hilbert AND tip_id = OLD.id;
                INSERT INTO tip_cells VALUES (NEW.hilbert, NEW.id, NEW.lon, NEW.lat);
            END;
            """),
        // The public view's releases (PublicReleases): each published month counts the
        // tips with an id up to the largest stored when it was first published.
        Migration(name: "013_public_releases", sql: """
            CREATE TABLE public_releases (
                id INTEGER PRIMARY KEY,
                through_month TEXT NOT NULL UNIQUE,
                max_tip_id INTEGER NOT NULL,
                released_at TEXT NOT NULL
            );
            """),
        // Bulk loads that have stored tips not yet in tip_cells and tip_communes (see
        // BulkLoad): every batch of a bulk import writes its row in its own transaction, the
        // final sorted append deletes it. A row left behind (a crash, a kill) makes the next
        // open add the missing rows from first_tip_id on. Before this, a bulk load dropped the
        // tables' insert triggers for its whole length, and tips stored meanwhile by any
        // other writer never reached the tables (issue 15).
        Migration(name: "014_bulk_loads", sql: """
            CREATE TABLE tip_bulk_loads (
                load_id TEXT PRIMARY KEY,
                first_tip_id INTEGER NOT NULL
            );
            """),
        // Tips located from text (issue 17): how each tip's location was found and the words it
        // was found from; tips the text does not place (ambiguous, unlocated, outside this
        // store) wait in unresolved_tips for an officer, never as a point; the official code
        // lists (2025 units, legacy units, legacy → 2025 ward mapping) the text locator reads,
        // installed from regions/vn-admin-codes by `geoq regions import`; and places that
        // commune police register (markets, schools, street segments).
        Migration(name: "015_text_locations", sql: """
            ALTER TABLE tips ADD COLUMN locating_method TEXT NOT NULL DEFAULT 'gps'
                CHECK (locating_method = 'gps' OR locating_method = 'place' OR locating_method = 'neighbourhood' OR locating_method = 'commune');
            ALTER TABLE tips ADD COLUMN location_text TEXT;
            INSERT OR IGNORE INTO meta (key, value) VALUES ('gazetteer_version', 0);
            CREATE INDEX tips_text_located ON tips (lon, lat, accuracy_m) WHERE locating_method <> 'gps';
            CREATE TABLE tip_location_history (
                tip_id INTEGER NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
                from_lon REAL NOT NULL, from_lat REAL NOT NULL, from_method TEXT NOT NULL, from_accuracy_m REAL,
                to_lon REAL NOT NULL, to_lat REAL NOT NULL,
                at TEXT NOT NULL,
                token_id INTEGER,
                note TEXT
            );
            CREATE INDEX tip_location_history_tip ON tip_location_history (tip_id);
            CREATE TABLE unresolved_tips (
                id INTEGER PRIMARY KEY,
                source_id INTEGER NOT NULL REFERENCES tip_sources (id),
                external_id,
                reported_at TEXT NOT NULL,
                received_at TEXT NOT NULL,
                category TEXT NOT NULL REFERENCES tip_categories (code),
                channel TEXT NOT NULL REFERENCES tip_channels (code),
                description TEXT,
                location_text TEXT NOT NULL,
                province_hint TEXT,
                locating_method TEXT NOT NULL CHECK (locating_method IN ('ambiguous', 'unlocated')),
                candidates TEXT NOT NULL DEFAULT '',
                reason TEXT NOT NULL,
                contact_name TEXT,
                contact_phone TEXT,
                contact_zalo_id TEXT,
                contact_note TEXT,
                resolved_tip_id INTEGER REFERENCES tips (id),
                resolved_at TEXT,
                dismissed_at TEXT,
                dismissed_by INTEGER,
                dismiss_note TEXT
            );
            CREATE UNIQUE INDEX unresolved_tips_external ON unresolved_tips (source_id, external_id) WHERE external_id IS NOT NULL;
            CREATE INDEX unresolved_tips_open ON unresolved_tips (id) WHERE resolved_tip_id IS NULL AND dismissed_at IS NULL;
            CREATE TABLE code_list_units_2025 (
                province_code TEXT NOT NULL, province TEXT NOT NULL,
                ward_code TEXT PRIMARY KEY, ward TEXT NOT NULL, ward_type TEXT NOT NULL
            );
            CREATE TABLE code_list_legacy_units (
                province_code TEXT NOT NULL, province TEXT NOT NULL,
                district_code TEXT NOT NULL, district TEXT NOT NULL, district_type TEXT NOT NULL,
                ward_code TEXT NOT NULL, ward TEXT NOT NULL, ward_type TEXT NOT NULL
            );
            CREATE TABLE code_list_ward_mapping (
                legacy_ward_code TEXT NOT NULL, new_ward_code TEXT NOT NULL,
                legacy_ward_split TEXT NOT NULL, is_default_new_ward TEXT NOT NULL,
                PRIMARY KEY (legacy_ward_code, new_ward_code)
            );
            CREATE TABLE places (
                id INTEGER PRIMARY KEY,
                commune_code TEXT NOT NULL,
                name TEXT NOT NULL,
                kind TEXT,
                aliases TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL
            );
            SELECT AddGeometryColumn('places', 'geom', 4326, 'GEOMETRY', 'XY', 1);
            CREATE INDEX places_commune ON places (commune_code);
            """),
        // Zalo Official Account intake (issue 18): every signed webhook event is recorded
        // before Zalo gets its 200 (its body cleared once processed); a resident's messages
        // within the window are one conversation, which becomes one tip (or one unresolved
        // tip) with its photo, file and link URLs; replies wait in a durable outbox; the OA's
        // refreshed tokens are kept (a refresh token works once).
        Migration(name: "016_zalo", sql: """
            CREATE TABLE zalo_events (
                id INTEGER PRIMARY KEY,
                oa_id TEXT NOT NULL,
                event_key TEXT NOT NULL,
                event_name TEXT NOT NULL,
                sent_at_ms INTEGER NOT NULL,
                received_at TEXT NOT NULL,
                body BLOB,
                processed_at TEXT,
                outcome TEXT
            );
            CREATE UNIQUE INDEX zalo_events_key ON zalo_events (oa_id, event_key);
            CREATE INDEX zalo_events_pending ON zalo_events (id) WHERE processed_at IS NULL;
            CREATE TABLE zalo_conversations (
                id INTEGER PRIMARY KEY,
                oa_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                reference TEXT NOT NULL UNIQUE,
                first_event_key TEXT NOT NULL,
                opened_at_ms INTEGER NOT NULL,
                last_at_ms INTEGER NOT NULL,
                text TEXT NOT NULL DEFAULT '',
                tip_id INTEGER REFERENCES tips (id),
                unresolved_id INTEGER REFERENCES unresolved_tips (id),
                located_by_user INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX zalo_conversations_user ON zalo_conversations (oa_id, user_id, last_at_ms);
            CREATE INDEX zalo_conversations_tip ON zalo_conversations (tip_id) WHERE tip_id IS NOT NULL;
            CREATE INDEX zalo_conversations_unresolved ON zalo_conversations (unresolved_id) WHERE unresolved_id IS NOT NULL;
            CREATE TABLE zalo_attachments (
                conversation_id INTEGER NOT NULL REFERENCES zalo_conversations (id),
                event_key TEXT NOT NULL,
                kind TEXT NOT NULL,
                url TEXT NOT NULL,
                name TEXT,
                PRIMARY KEY (conversation_id, event_key, url)
            );
            CREATE TABLE zalo_outbox (
                id INTEGER PRIMARY KEY,
                oa_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                text TEXT NOT NULL,
                dedupe_key TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                last_interaction_ms INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_ms INTEGER NOT NULL,
                sent_at TEXT,
                failed_at TEXT,
                last_error TEXT,
                zalo_message_id TEXT
            );
            CREATE INDEX zalo_outbox_due ON zalo_outbox (next_attempt_ms) WHERE sent_at IS NULL AND failed_at IS NULL;
            CREATE TABLE zalo_tokens (
                oa_id TEXT PRIMARY KEY,
                access_token TEXT NOT NULL,
                refresh_token TEXT NOT NULL,
                configured_refresh_token TEXT NOT NULL,
                refreshed_at TEXT NOT NULL
            );
            """),
        // Incidents: every tip in exactly one (docs/incidents.md). `incident_members` says
        // which and how it joined; `incidents` holds each one's summary, recomputed from its
        // members (IncidentSummary); `incident_keys` the fingerprint keys that find copies of
        // new tips; `incident_decisions` the officers' merges and splits, replayed after every
        // rebuild and kept as the audit trail.
        Migration(name: "017_incidents", sql: """
            CREATE TABLE incidents (
                id INTEGER PRIMARY KEY,
                anchor_tip_id INTEGER NOT NULL,
                status TEXT NOT NULL,
                first_reported_at TEXT NOT NULL,
                last_reported_at TEXT NOT NULL,
                tips INTEGER NOT NULL,
                copies INTEGER NOT NULL,
                corroborations INTEGER NOT NULL,
                repeats INTEGER NOT NULL,
                categories TEXT NOT NULL,
                channels TEXT NOT NULL,
                sources TEXT NOT NULL
            );
            CREATE INDEX incidents_anchor ON incidents (anchor_tip_id);
            CREATE TABLE incident_members (
                tip_id INTEGER PRIMARY KEY REFERENCES tips (id) ON DELETE CASCADE,
                incident_id INTEGER NOT NULL,
                link TEXT NOT NULL CHECK (link = 'first' OR link = 'copy' OR link = 'corroboration' OR link = 'repeat' OR link = 'officer'),
                linked_to INTEGER
            );
            CREATE INDEX incident_members_incident ON incident_members (incident_id);
            CREATE TABLE incident_keys (
                key INTEGER NOT NULL,
                tip_id INTEGER NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
                PRIMARY KEY (key, tip_id)
            ) WITHOUT ROWID;
            CREATE TABLE incident_decisions (
                id INTEGER PRIMARY KEY,
                decided_at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL CHECK (action = 'merge' OR action = 'split' OR action = 'status'),
                tip_id INTEGER NOT NULL,
                other_tip_id INTEGER,
                detail TEXT
            );
            INSERT OR IGNORE INTO meta (key, value) VALUES ('incidents_through', 0);
            -- Incident ids are never reused (a rebuild numbers on from here): a stale id names
            -- no incident rather than another one.
            INSERT OR IGNORE INTO meta (key, value) VALUES ('incidents_next_id', 1);
            -- A tip's status moving by itself moves its incident's (least advanced open
            -- member's, as the summaries compute it).
            CREATE TRIGGER incidents_status_on_tip AFTER UPDATE OF status ON tips
            WHEN EXISTS (SELECT 1 FROM incident_members WHERE tip_id = NEW.id)
            BEGIN
                UPDATE incidents SET status = (
                    SELECT CASE min(CASE t.status WHEN 'received' THEN 1 WHEN 'verified' THEN 2 WHEN 'dispatched' THEN 3 WHEN 'resolved' THEN 4 ELSE 9 END)
                               WHEN 1 THEN 'received' WHEN 2 THEN 'verified' WHEN 3 THEN 'dispatched' WHEN 4 THEN 'resolved' ELSE 'dismissed' END
                    FROM incident_members m JOIN tips t ON t.id = m.tip_id WHERE m.incident_id = incidents.id)
                WHERE id = (SELECT incident_id FROM incident_members WHERE tip_id = NEW.id);
            END;
            """),
        // `meta.database_id`: a random identity made once per database, and `meta.data_token`:
        // a random value drawn anew whenever `data_version` moves. Files kept beside the
        // database (the analysis columns) hold both, so they are never taken for another
        // database's whose counters happen to match, nor for this one after a backup was
        // restored and written to again up to the same version.
        Migration(name: "018_data_identity", sql: """
            INSERT OR IGNORE INTO meta (key, value) VALUES ('database_id', lower(hex(randomblob(16))));
            INSERT OR IGNORE INTO meta (key, value) VALUES ('data_token', lower(hex(randomblob(8))));
            CREATE TRIGGER meta_data_token AFTER UPDATE OF value ON meta WHEN NEW.key = 'data_version'
                BEGIN UPDATE meta SET value = lower(hex(randomblob(8))) WHERE key = 'data_token'; END;
            """),
        // Which stored tips changed or were deleted, in order: the analysis columns re-read
        // those tips instead of the whole table after an officer's status change. Every
        // UPDATE logs (under `UPDATE OF <columns>` a change through `rowid` would slip by);
        // each entry carries a random token, so columns that saw entry S know whether entry
        // S is still the one they saw (a restored backup written to again numbers its new
        // entries from its own S). The last 100,000 entries are kept; a reader further
        // behind reads whole (pruned every 1,000 entries).
        Migration(name: "019_tip_changes", sql: """
            CREATE TABLE tip_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, tip_id INTEGER NOT NULL,
                                      token INTEGER NOT NULL DEFAULT (random()));
            CREATE TRIGGER tip_changes_on_update AFTER UPDATE ON tips
                BEGIN
                    INSERT INTO tip_changes (tip_id) VALUES (NEW.id);
                    INSERT INTO tip_changes (tip_id) SELECT OLD.id WHERE OLD.id <> NEW.id;
                END;
            CREATE TRIGGER tip_changes_on_delete AFTER DELETE ON tips
                BEGIN INSERT INTO tip_changes (tip_id) VALUES (OLD.id); END;
            CREATE TRIGGER tip_changes_pruned AFTER INSERT ON tip_changes WHEN NEW.seq % 1000 = 0
                BEGIN DELETE FROM tip_changes WHERE seq <= NEW.seq - 100000; END;
            """),
        // Study areas' grid cells, rasterized once per boundary layer, scope and grid
        // (StudyAreaCellStore): `runs` are (row, first column, length) Int32 triples.
        Migration(name: "020_study_area_cells", sql: """
            CREATE TABLE study_area_cells (key TEXT PRIMARY KEY, regions_version INTEGER NOT NULL,
                                           square_metres REAL NOT NULL, runs BLOB NOT NULL);
            """),
        // The tips an incident stops or starts being anchored at are logged in `tip_changes`
        // too, so the analysis columns keep the incidents' anchors up to date by the log
        // instead of reading every anchor again after each new tip (AnchorLogTriggers).
        Migration(name: "021_anchor_changes", sql: AnchorLogTriggers.create),
    ])
}
