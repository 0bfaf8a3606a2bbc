-- Review round two. How the card leaves the centre (card_route.rs): 领卡方式 of the declared
-- case, kept when the manifest is erased; 制卡完成 (the card waits at the
-- hall), a mailed card that came back, and who collected a card.
ALTER TABLE submissions ADD COLUMN pickup TEXT NOT NULL DEFAULT 'mail';
UPDATE submissions SET pickup = 'window'
WHERE manifest != '' AND json_valid(manifest)
  AND json_extract(manifest, '$.case.pickup.method') = 'window';
ALTER TABLE submissions ADD COLUMN ready_at TEXT;
ALTER TABLE submissions ADD COLUMN mail_returned_at TEXT;
ALTER TABLE submissions ADD COLUMN mail_returned_reason TEXT;
ALTER TABLE submissions ADD COLUMN collected_at TEXT;
ALTER TABLE submissions ADD COLUMN collector_name TEXT;
ALTER TABLE submissions ADD COLUMN collector_id_tail TEXT;

-- An EMS number names one parcel: the dispatch looks for another holder.
CREATE INDEX submissions_by_tracking ON submissions (tracking_number)
    WHERE tracking_number IS NOT NULL;

-- A correction's checklist starts with the ticks of the declaration it
-- supersedes whose line compares nothing that changed (correction.rs),
-- marked with that declaration's reference.
ALTER TABLE checklist ADD COLUMN carried_from TEXT;
