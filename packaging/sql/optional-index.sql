-- Optional index for Seller History on the upstream database.
--
-- Browsing (first, next, previous and last page, go to date) is fast with
-- upstream's own indexes. Jumping to an arbitrary page deep in the log (page
-- 10,000 of a million rows) has to count its way there; with this index that
-- count is one index-only scan of the org's rows in (created_at, id) order
-- instead of five merged scans of upstream's (org_id, action, created_at)
-- index: about 23 ms instead of 50 ms for page 10,000 of 900,000 rows (see
-- tests/benchmarks/RESULTS.md). Create it when analysts jump deep into logs
-- of more than about 100,000 rows; it takes about 64 MB per million rows.
--
-- CONCURRENTLY keeps the table writable while the index is built; it cannot
-- run inside a transaction block (run this file with psql, not in BEGIN).
-- Index-only scans need an up-to-date visibility map; autovacuum keeps it
-- current on an insert-mostly table such as this one.
CREATE INDEX CONCURRENTLY IF NOT EXISTS seller_audit_log_org_created_id_idx
    ON public.seller_audit_log (org_id, created_at DESC, id DESC)
    INCLUDE (action);
