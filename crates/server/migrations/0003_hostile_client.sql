-- Schema version 3: one attachment row per slot (the same scan may fill two
-- slots), digests and sizes checked by the database as well, a coalesced
-- timeline, and a record of what start-up recovery moved aside.

CREATE TABLE quarantine (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    submission_id TEXT,
    what          TEXT NOT NULL,
    reason        TEXT NOT NULL,
    moved_to      TEXT
) STRICT;

-- Rows an earlier version stored unchecked are not carried over: their digest
-- may be a path. They are listed in the quarantine instead (truncated).
INSERT INTO quarantine (at, submission_id, what, reason)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), submission_id, 'attachment record',
       'invalid attachment record dropped by migration 3: sha256 ' || quote(substr(sha256, 1, 80))
       || ', size ' || size || ', mime ' || quote(substr(mime, 1, 80)) || ', slot ' || quote(substr(slot, 1, 80))
FROM attachments
WHERE NOT (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'
           AND size BETWEEN 1 AND 4194304
           AND mime IN ('image/jpeg', 'image/png', 'application/pdf'));

CREATE TABLE attachments_v3 (
    submission_id TEXT NOT NULL REFERENCES submissions(id),
    slot          TEXT NOT NULL,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    name          TEXT NOT NULL,
    mime          TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'application/pdf')),
    size          INTEGER NOT NULL CHECK (size BETWEEN 1 AND 4194304),
    complete      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (submission_id, slot)
) STRICT;

INSERT OR IGNORE INTO attachments_v3 (submission_id, slot, sha256, name, mime, size, complete)
SELECT submission_id, slot, sha256, name, mime, size, complete FROM attachments
WHERE length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'
  AND size BETWEEN 1 AND 4194304
  AND mime IN ('image/jpeg', 'image/png', 'application/pdf')
ORDER BY rowid;

DROP TABLE attachments;
ALTER TABLE attachments_v3 RENAME TO attachments;
CREATE INDEX attachments_by_digest ON attachments(sha256);

ALTER TABLE timeline ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE timeline ADD COLUMN last_at TEXT;
ALTER TABLE timeline ADD COLUMN target TEXT NOT NULL DEFAULT '';
CREATE INDEX submissions_by_state ON submissions(state, created_at);
