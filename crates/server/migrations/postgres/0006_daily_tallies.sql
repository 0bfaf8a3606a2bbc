-- Counts that restart each day (Asia/Shanghai), shared by the replicas (one
-- machine keeps them in memory, `limits/daily.rs`): the attachment bytes each
-- client address declared (`declared`), the look-up misses of each credit
-- code (`lookup_misses`). Earlier days are pruned.
CREATE TABLE daily_tallies (
    day   TEXT NOT NULL,
    tally TEXT NOT NULL,
    key   TEXT NOT NULL,
    n     BIGINT NOT NULL,
    PRIMARY KEY (day, tally, key)
);
