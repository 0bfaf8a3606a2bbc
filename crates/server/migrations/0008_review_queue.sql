-- The review queue: a submission's people (legal representative, agent,
-- operators; one name a line) for the search, erased with the manifest when
-- archived; and who is working on which submission.
ALTER TABLE submissions ADD COLUMN people TEXT NOT NULL DEFAULT '';
UPDATE submissions SET people =
    COALESCE(json_extract(manifest, '$.case.legal_person.name'), '') || char(10) ||
    COALESCE(json_extract(manifest, '$.case.agent.name'), '') || char(10) ||
    COALESCE((SELECT group_concat(json_extract(value, '$.name'), char(10))
              FROM json_each(manifest, '$.case.operators')), '')
WHERE manifest != '' AND json_valid(manifest);

CREATE TABLE claims (
    submission_id   TEXT PRIMARY KEY,
    login           TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    at              TEXT NOT NULL
);

-- The queue is read oldest first by arrival.
CREATE INDEX submissions_by_received ON submissions (received_at);
