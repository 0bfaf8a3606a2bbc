-- See SQLite's 0016: verified attachments waiting for the object store.
CREATE TABLE pending_objects (
    sha256 TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data   BYTEA NOT NULL,
    since  TEXT NOT NULL
);
