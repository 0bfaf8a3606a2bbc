-- 统计 counts the cards sent per day and the days a case took to leave the
-- centre: the day of the dispatch, kept when a returned card changes the
-- state again. Earlier dispatches take it from their timeline's dispatch
-- event, else from the state's last change.
ALTER TABLE submissions ADD COLUMN dispatched_at TEXT;
UPDATE submissions SET dispatched_at = COALESCE(
    (SELECT min(t.at) FROM timeline t
     WHERE t.submission_id = submissions.id
       AND json_valid(t.event)
       AND json_extract(t.event, '$.decision') = 'dispatch'),
    state_changed_at)
WHERE tracking_number IS NOT NULL;
