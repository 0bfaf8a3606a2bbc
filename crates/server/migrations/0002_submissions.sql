-- Schema version 2: submissions (protocol v1), their attachments, the request
-- timeline, and the daily reference sequence.
CREATE TABLE submissions (
    id            TEXT PRIMARY KEY,
    secret_hash   BLOB NOT NULL,
    body_hash     BLOB NOT NULL,
    manifest      TEXT NOT NULL,
    state         TEXT NOT NULL,
    reference     TEXT UNIQUE,
    supersedes    TEXT REFERENCES submissions(id),
    uscc          TEXT NOT NULL DEFAULT '',
    enterprise    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    received_at   TEXT,
    decision      TEXT,
    note          TEXT,
    decided_at    TEXT
) STRICT;
CREATE INDEX submissions_by_created ON submissions(created_at);

CREATE TABLE attachments (
    submission_id TEXT NOT NULL REFERENCES submissions(id),
    sha256        TEXT NOT NULL,
    slot          TEXT NOT NULL,
    name          TEXT NOT NULL,
    mime          TEXT NOT NULL,
    size          INTEGER NOT NULL,
    complete      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (submission_id, sha256)
) STRICT;

CREATE TABLE timeline (
    seq           INTEGER PRIMARY KEY,
    submission_id TEXT NOT NULL,
    at            TEXT NOT NULL,
    method        TEXT NOT NULL,
    endpoint      TEXT NOT NULL,
    status        INTEGER NOT NULL,
    bytes         INTEGER NOT NULL DEFAULT 0,
    replay        INTEGER NOT NULL DEFAULT 0,
    detail        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX timeline_by_submission ON timeline(submission_id, seq);

CREATE TABLE daily_sequence (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
) STRICT;
