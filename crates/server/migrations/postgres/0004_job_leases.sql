-- Background jobs (purge and retention, the pending-object mover) run on one
-- replica at a time: the holder of a job's lease, which it renews each round
-- and which runs out if that replica dies.
CREATE TABLE job_leases (
    job    TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  TIMESTAMPTZ NOT NULL
);
