-- Verified attachments the object store (--blob-store) could not take when they
-- arrived: kept here until the mover hands them over, so an outage never
-- holds a declaration back. Empty unless the store was down.
CREATE TABLE pending_objects (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    data   BLOB NOT NULL,
    since  TEXT NOT NULL
) STRICT;
