-- A register exported with personal data is recorded against every
-- submission in it (action 'export'), a printed address label against its
-- submission ('label'): SQLite changes a CHECK only by rebuilding the table.
CREATE TABLE staff_access_new (
    seq           INTEGER PRIMARY KEY,
    submission_id TEXT NOT NULL,
    login         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('view', 'timeline', 'download', 'export', 'label')),
    target        TEXT NOT NULL DEFAULT '',
    at            TEXT NOT NULL
) STRICT;
INSERT INTO staff_access_new (seq, submission_id, login, display_name, action, target, at)
    SELECT seq, submission_id, login, display_name, action, target, at FROM staff_access;
DROP TABLE staff_access;
ALTER TABLE staff_access_new RENAME TO staff_access;
CREATE INDEX staff_access_by_submission ON staff_access(submission_id, seq);
