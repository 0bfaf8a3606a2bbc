-- Schema version 5: retention. A finished submission's personal data is
-- erased after a while (or on request); its row stays as a tombstone.

-- When the state last changed (the retention clock starts at the last one).
ALTER TABLE submissions ADD COLUMN state_changed_at TEXT;
-- Set when the manifest's personal fields and the attachments were erased.
ALTER TABLE submissions ADD COLUMN archived_at TEXT;
-- The business type, kept when the manifest goes.
ALTER TABLE submissions ADD COLUMN kind TEXT;

-- Blobs that may have lost their last reference in another process (the
-- command line): the server deletes each one that is indeed unused, under its
-- own lock, so no upload committing the same bytes meanwhile loses them.
CREATE TABLE blob_gc_queue (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')
) STRICT;

-- The audit of every erasure: which submission, why, and when.
CREATE TABLE erasures (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    reference     TEXT,
    reason        TEXT NOT NULL CHECK (reason IN ('retention', 'request')),
    detail        TEXT NOT NULL DEFAULT ''
) STRICT;
