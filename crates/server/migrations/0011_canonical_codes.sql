-- Credit codes in the one form the domain compares them in (normalize::uscc:
-- full-width folded, spaces and dashes dropped, upper case), so /lookup and the
-- staff search find rows stored as typed before. eport_code() is that
-- function, registered by the server before migrations run.
UPDATE submissions SET uscc = eport_code(uscc) WHERE uscc IS NOT NULL AND uscc != eport_code(uscc);
