-- A rejection's structured reasons (a JSON array of {code, field}, checked
-- by the domain's review::check_reasons) and a dispatched card's EMS number.
ALTER TABLE submissions ADD COLUMN reasons TEXT;
ALTER TABLE submissions ADD COLUMN tracking_number TEXT;

-- The reviewers' checklist: a row per ticked line (review::CheckItem), with
-- who ticked it; unticking deletes the row.
CREATE TABLE checklist (
    submission_id   TEXT NOT NULL,
    item            TEXT NOT NULL,
    login           TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    at              TEXT NOT NULL,
    PRIMARY KEY (submission_id, item)
);
