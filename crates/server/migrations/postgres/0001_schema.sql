-- The schema SQLite reached at its migration 0015, in PostgreSQL's types.
-- Instants stay RFC 3339 text in Asia/Shanghai, as SQLite keeps them: both
-- stores read and compare them the same way, and `migrate-data` copies them as
-- they are. `seq` columns stand in for SQLite's rowid (storage order).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE submissions (
    seq                  BIGSERIAL UNIQUE,
    id                   TEXT PRIMARY KEY,
    secret_hash          BYTEA NOT NULL,
    body_hash            BYTEA NOT NULL,
    manifest             TEXT NOT NULL,
    state                TEXT NOT NULL,
    reference            TEXT UNIQUE,
    supersedes           TEXT REFERENCES submissions(id),
    uscc                 TEXT NOT NULL DEFAULT '',
    enterprise           TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    received_at          TEXT,
    decision             TEXT,
    note                 TEXT,
    decided_at           TEXT,
    decided_by           TEXT,
    decided_by_name      TEXT,
    state_changed_at     TEXT,
    archived_at          TEXT,
    kind                 TEXT,
    reasons              TEXT,
    tracking_number      TEXT,
    people               TEXT NOT NULL DEFAULT '',
    pickup               TEXT NOT NULL DEFAULT 'mail',
    ready_at             TEXT,
    mail_returned_at     TEXT,
    mail_returned_reason TEXT,
    collected_at         TEXT,
    collector_name       TEXT,
    collector_id_tail    TEXT,
    network              TEXT,
    created_unix         BIGINT,
    code_nth             BIGINT NOT NULL DEFAULT 1,
    dispatched_at        TEXT
);
CREATE INDEX submissions_by_created ON submissions (created_at);
CREATE INDEX submissions_by_state ON submissions (state, created_at);
CREATE INDEX submissions_by_supersedes ON submissions (supersedes);
CREATE INDEX submissions_by_received ON submissions (received_at);
CREATE INDEX submissions_by_tracking ON submissions (tracking_number)
    WHERE tracking_number IS NOT NULL;
CREATE INDEX submissions_by_network ON submissions (network, created_unix);
CREATE INDEX submissions_by_code ON submissions (uscc, created_unix);

CREATE TABLE timeline (
    seq           BIGSERIAL PRIMARY KEY,
    submission_id TEXT NOT NULL,
    at            TEXT NOT NULL,
    method        TEXT NOT NULL,
    endpoint      TEXT NOT NULL,
    status        INTEGER NOT NULL,
    bytes         BIGINT NOT NULL DEFAULT 0,
    replay        BOOLEAN NOT NULL DEFAULT FALSE,
    detail        TEXT NOT NULL DEFAULT '',
    count         BIGINT NOT NULL DEFAULT 1,
    last_at       TEXT,
    target        TEXT NOT NULL DEFAULT '',
    actor_login   TEXT,
    actor_name    TEXT,
    event         TEXT
);
CREATE INDEX timeline_by_submission ON timeline (submission_id, seq);

-- One row a day; its row lock hands out numbers with no gap and no twin
-- across replicas (a rolled-back transaction gives its number back).
CREATE TABLE daily_sequence (
    day  TEXT PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE quarantine (
    seq           BIGSERIAL PRIMARY KEY,
    at            TEXT NOT NULL,
    submission_id TEXT,
    what          TEXT NOT NULL,
    reason        TEXT NOT NULL,
    moved_to      TEXT
);

CREATE TABLE attachments (
    seq           BIGSERIAL UNIQUE,
    submission_id TEXT NOT NULL REFERENCES submissions(id),
    slot          TEXT NOT NULL,
    sha256        TEXT NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    name          TEXT NOT NULL,
    mime          TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'application/pdf')),
    size          BIGINT NOT NULL CHECK (size BETWEEN 1 AND 4194304),
    complete      BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (submission_id, slot)
);
CREATE INDEX attachments_by_digest ON attachments (sha256);

CREATE TABLE staff_accounts (
    login           TEXT PRIMARY KEY
                    CHECK (length(login) BETWEEN 2 AND 32 AND login ~ '^[a-z0-9._-]+$'),
    display_name    TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
    password_hash   TEXT NOT NULL,
    disabled        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TEXT NOT NULL,
    password_set_at TEXT NOT NULL
);

CREATE TABLE staff_sessions (
    token_hash   BYTEA PRIMARY KEY CHECK (length(token_hash) = 32),
    login        TEXT NOT NULL REFERENCES staff_accounts(login),
    -- Unix seconds: compared with the clock on every request.
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    revoked      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX staff_sessions_by_login ON staff_sessions (login);

CREATE TABLE blob_gc_queue (
    sha256 TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$')
);

CREATE TABLE erasures (
    seq           BIGSERIAL PRIMARY KEY,
    at            TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    reference     TEXT,
    reason        TEXT NOT NULL CHECK (reason IN ('retention', 'request')),
    detail        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    body        TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

CREATE TABLE checklist (
    submission_id TEXT NOT NULL,
    item          TEXT NOT NULL,
    login         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    at            TEXT NOT NULL,
    carried_from  TEXT,
    PRIMARY KEY (submission_id, item)
);

CREATE TABLE claims (
    submission_id TEXT PRIMARY KEY,
    login         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    at            TEXT NOT NULL
);

CREATE TABLE staff_access (
    seq           BIGSERIAL PRIMARY KEY,
    submission_id TEXT NOT NULL,
    login         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('view', 'timeline', 'download', 'export', 'label')),
    target        TEXT NOT NULL DEFAULT '',
    at            TEXT NOT NULL
);
CREATE INDEX staff_access_by_submission ON staff_access (submission_id, seq);

CREATE TABLE staff_work (
    seq           BIGSERIAL PRIMARY KEY,
    login         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('statistics', 'register', 'dispatch_batch', 'labels', 'claims')),
    detail        TEXT NOT NULL DEFAULT '',
    at            TEXT NOT NULL
);
