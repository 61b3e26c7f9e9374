-- Timed jobs (SLA breach marking, maintenance visits falling due, aggregate
-- refreshes, retention clean-ups), run by hearth-worker: a job is a SQL
-- function of the family it belongs to (SECURITY DEFINER, EXECUTE granted
-- to hearth_worker), registered with how often it runs. Every worker calls
-- core.jobs_run_one() until it answers 0; a job's row is locked while it
-- runs (FOR UPDATE SKIP LOCKED: the row lock is the advisory lock), so two
-- workers on two hosts never run the same job at once, and a run that
-- dies rolls back whole. Last run, duration, result and error are kept on
-- the row for admins. A job late by more than its period runs once, not
-- once per missed period.
CREATE TABLE core.jobs (
  name             text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$'),  -- family.what
  every            interval NOT NULL CHECK (every >= interval '1 second'),
  handler          regproc NOT NULL,              -- handler() returns void
  enabled          boolean NOT NULL DEFAULT true,
  next_run_at      timestamptz NOT NULL DEFAULT now(),
  runs             bigint NOT NULL DEFAULT 0,
  last_started_at  timestamptz,
  last_duration_ms double precision,
  last_ok_at       timestamptz,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION core.jobs_run_one() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  j  record;
  t0 timestamptz;
BEGIN
  SELECT k.name, k.handler, k.every, k.next_run_at INTO j
    FROM core.jobs k
   WHERE k.enabled AND k.next_run_at <= now()
   ORDER BY k.next_run_at
   LIMIT 1
     FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  t0 := clock_timestamp();
  BEGIN
    EXECUTE format('SELECT %s()', j.handler);
    UPDATE core.jobs
       SET runs = runs + 1, last_started_at = t0, last_ok_at = clock_timestamp(), last_error = NULL,
           last_duration_ms = 1000 * extract(epoch FROM clock_timestamp() - t0),
           next_run_at = greatest(j.next_run_at + j.every, now())
     WHERE name = j.name;
  EXCEPTION WHEN OTHERS THEN
    UPDATE core.jobs
       SET runs = runs + 1, last_started_at = t0, last_error = left(SQLERRM, 2000),
           last_duration_ms = 1000 * extract(epoch FROM clock_timestamp() - t0),
           next_run_at = greatest(j.next_run_at + j.every, now())
     WHERE name = j.name;
  END;
  RETURN 1;
END $$;

GRANT SELECT, UPDATE ON core.jobs TO hearth_worker;
GRANT EXECUTE ON FUNCTION core.jobs_run_one() TO hearth_worker;
