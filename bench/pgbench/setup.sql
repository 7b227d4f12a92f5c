-- The pgbench baseline's tables, in their own database (bench_pg) on the service's PostgreSQL server:
-- a row per "prefix" whose counter an allocation bumps, and an append-only log of allocations.
DROP TABLE IF EXISTS counters, log;
CREATE TABLE counters (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0);
-- one row per client of the 16-client runs (pgbench's :client_id is 0..15)
INSERT INTO counters (id) SELECT g FROM generate_series(1, 64) g;
CREATE TABLE log (id bigserial PRIMARY KEY, counter int NOT NULL, at timestamptz NOT NULL DEFAULT now());
VACUUM ANALYZE counters;
