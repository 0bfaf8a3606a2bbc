-- Staff sign-in tries, shared by the replicas (staff_auth/throttle.rs keeps
-- them in memory on one machine): a try is counted when it begins, under the
-- login (`l:<login>`) and the address (`a:<address>`); a success takes its
-- count back. Rows older than the window are pruned as tries arrive.
CREATE TABLE sign_in_tries (
    seq BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL,
    at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_tries_by_key ON sign_in_tries (key, at);
CREATE INDEX sign_in_tries_by_at ON sign_in_tries (at);

-- Failed sign-ins per account since its last success (told at the next one).
CREATE TABLE sign_in_failures_since (
    login  TEXT PRIMARY KEY,
    failed BIGINT NOT NULL
);
