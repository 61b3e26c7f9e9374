-- What hearth-worker reports for the metrics (tools/mtail/worker.mtail,
-- docs/metrics.md): the queue, read with core.worker_queue() (sql/017),
-- and each timed job's run by name, outcome and time.
GRANT EXECUTE ON FUNCTION core.worker_queue() TO hearth_worker;

-- core.jobs_run_one() (sql/016) that also says which job ran, whether it
-- succeeded and how long it took: no row when none was due. The same
-- claim (FOR UPDATE SKIP LOCKED), run and bookkeeping; jobs_run_one()
-- becomes a count of it, so there is one implementation.
CREATE FUNCTION core.jobs_run_next()
RETURNS TABLE (job text, ok boolean, duration_ms double precision)
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
    RETURN;
  END IF;
  t0 := clock_timestamp();
  ok := true;
  BEGIN
    EXECUTE format('SELECT %s()', j.handler);
    UPDATE core.jobs
       SET runs = runs + 1, last_started_at = t0, last_ok_at = clock_timestamp(), last_error = NULL,
           last_duration_ms = 1000 * extract(epoch FROM clock_timestamp() - t0),
           next_run_at = greatest(j.next_run_at + j.every, now())
     WHERE name = j.name;
  EXCEPTION WHEN OTHERS THEN
    ok := false;
    UPDATE core.jobs
       SET runs = runs + 1, last_started_at = t0, last_error = left(SQLERRM, 2000),
           last_duration_ms = 1000 * extract(epoch FROM clock_timestamp() - t0),
           next_run_at = greatest(j.next_run_at + j.every, now())
     WHERE name = j.name;
  END;
  job := j.name;
  SELECT k.last_duration_ms INTO duration_ms FROM core.jobs k WHERE k.name = j.name;
  RETURN NEXT;
END $$;

CREATE OR REPLACE FUNCTION core.jobs_run_one() RETURNS integer
LANGUAGE sql AS $$ SELECT count(*)::integer FROM core.jobs_run_next() $$;

REVOKE ALL ON FUNCTION core.jobs_run_next() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION core.jobs_run_next() TO hearth_worker;
