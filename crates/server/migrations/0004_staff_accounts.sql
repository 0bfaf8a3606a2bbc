-- Schema version 4: staff accounts (Argon2id hashes), their sessions (only a
-- SHA-256 of the cookie's token is kept), who decided, who acted on the
-- timeline, and who viewed or downloaded a submission's personal data.

CREATE TABLE staff_accounts (
    login           TEXT PRIMARY KEY
                    CHECK (length(login) BETWEEN 2 AND 32 AND login NOT GLOB '*[^a-z0-9._-]*'),
    display_name    TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
    password_hash   TEXT NOT NULL,
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at      TEXT NOT NULL,
    password_set_at TEXT NOT NULL
) STRICT;

CREATE TABLE staff_sessions (
    token_hash   BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
    login        TEXT NOT NULL REFERENCES staff_accounts(login),
    -- Unix seconds: compared with the clock on every request.
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;
CREATE INDEX staff_sessions_by_login ON staff_sessions(login);

-- No foreign key: the record of who saw a submission outlives its purge.
CREATE TABLE staff_access (
    seq           INTEGER PRIMARY KEY,
    submission_id TEXT NOT NULL,
    login         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('view', 'timeline', 'download')),
    target        TEXT NOT NULL DEFAULT '',
    at            TEXT NOT NULL
) STRICT;
CREATE INDEX staff_access_by_submission ON staff_access(submission_id, seq);

ALTER TABLE submissions ADD COLUMN decided_by TEXT;
ALTER TABLE submissions ADD COLUMN decided_by_name TEXT;
ALTER TABLE timeline ADD COLUMN actor_login TEXT;
ALTER TABLE timeline ADD COLUMN actor_name TEXT;
