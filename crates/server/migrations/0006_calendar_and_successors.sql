-- Holiday data imported by `eport-server calendar import`: one checked year
-- in the holiday-cn JSON format, served at /api/v1/calendar/{year} and used
-- over the year shipped in the binary.
CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    body        TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

-- The staff console links a submission to the one that superseded it.
CREATE INDEX submissions_by_supersedes ON submissions (supersedes);
