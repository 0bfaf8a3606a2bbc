-- The console's work log: requests that act on many submissions at once
-- (statistics read, a register exported, a courier's list checked or
-- posted, labels printed, claims changed in bulk), who and when. Each
-- submission such a request changes or exports keeps its own record too.
CREATE TABLE staff_work (
    seq           INTEGER PRIMARY KEY,
    login         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('statistics', 'register', 'dispatch_batch', 'labels', 'claims')),
    detail        TEXT NOT NULL DEFAULT '',
    at            TEXT NOT NULL
) STRICT;
