-- What a timeline row records, as data (timeline_event.rs), so the console
-- says it in the reviewer's language instead of the English `detail`.
ALTER TABLE timeline ADD COLUMN event TEXT;

-- Rows recorded before: the staff actions, read back from their English line
-- ("approved by 王丽 (wang.li): note", "claimed by …", "released by …",
-- "taken over from A (a) by B (b): reason"). The words said with a decision
-- were one line then, so they become its note.
UPDATE timeline SET event = json_object('kind', 'claimed')
WHERE actor_login IS NOT NULL AND detail LIKE 'claimed by %';
UPDATE timeline SET event = json_object('kind', 'released')
WHERE actor_login IS NOT NULL AND detail LIKE 'released by %';
UPDATE timeline SET event = json_object(
    'kind', 'taken_over',
    'from', json_object('login', '', 'name',
        substr(detail, 17, instr(detail, ' by ') - 17)),
    'reason', CASE WHEN instr(detail, ': ') > 0 THEN substr(detail, instr(detail, ': ') + 2) ELSE '' END)
WHERE actor_login IS NOT NULL AND detail LIKE 'taken over from % by %';
UPDATE timeline SET event = json_object(
    'kind', 'decided',
    'decision', CASE substr(detail, 1, instr(detail, ' by ') - 1)
        WHEN 'in_review' THEN 'in_review' WHEN 'approved' THEN 'approve'
        WHEN 'rejected' THEN 'reject' WHEN 'dispatched' THEN 'dispatch'
        WHEN 'ready_for_pickup' THEN 'card_made' WHEN 'collected' THEN 'collect'
        ELSE 'unknown' END,
    'state', substr(detail, 1, instr(detail, ' by ') - 1),
    'note', CASE WHEN instr(detail, ': ') > 0 THEN substr(detail, instr(detail, ': ') + 2) END,
    'command_line', json(CASE WHEN detail LIKE '% (command line)%' THEN 'true' ELSE 'false' END))
WHERE actor_login IS NOT NULL AND event IS NULL AND status < 400
  AND endpoint IN ('/staff/…/review', 'staff review') AND instr(detail, ' by ') > 1;
