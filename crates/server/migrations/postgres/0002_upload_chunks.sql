-- Unfinished uploads, one row per chunk (appending to one bytea would rewrite
-- it each time), so that any replica can take the next chunk. `at` is the
-- chunk's offset; the rows of an upload are contiguous from 0.
CREATE TABLE upload_chunks (
    submission_id TEXT NOT NULL,
    sha256        TEXT NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    at            BIGINT NOT NULL CHECK (at >= 0),
    data          BYTEA NOT NULL,
    PRIMARY KEY (submission_id, sha256, at)
);
