-- How a submission arrived, for the signs staff see (domain `arrival`): the
-- network it came from (/24 or /64, erased with the personal data), when, as
-- Unix seconds (windows are arithmetic), and which declaration of its credit
-- code that day it was.
ALTER TABLE submissions ADD COLUMN network TEXT;
ALTER TABLE submissions ADD COLUMN created_unix INTEGER;
ALTER TABLE submissions ADD COLUMN code_nth INTEGER NOT NULL DEFAULT 1;
CREATE INDEX submissions_by_network ON submissions(network, created_unix);
CREATE INDEX submissions_by_code ON submissions(uscc, created_unix);
