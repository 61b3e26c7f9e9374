-- What admins see of the background work (/auth/worker, the auth
-- responder): the outbox queue, the events set aside after 12 failed
-- tries, the consumers and the timed jobs, and a retry of an event set
-- aside. Through functions owned by the schema owner: the page sees no
-- event payloads (they carry other families' data).
CREATE INDEX outbox_dead_idx ON core.outbox (dead_at DESC, id DESC) WHERE dead_at IS NOT NULL;

-- The queue: events waiting (and due now), the oldest waiting, and how
-- many are set aside. Each count reads a partial index of the rows it
-- counts, never the whole table.
CREATE FUNCTION core.worker_queue(OUT pending bigint, OUT due bigint, OUT oldest_pending_at timestamptz,
                                  OUT dead bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = core, pg_temp AS $$
  SELECT (SELECT count(*) FROM core.outbox WHERE processed_at IS NULL AND dead_at IS NULL),
         (SELECT count(*) FROM core.outbox WHERE processed_at IS NULL AND dead_at IS NULL
            AND (next_attempt_at IS NULL OR next_attempt_at <= now())),
         (SELECT min(created_at) FROM core.outbox WHERE processed_at IS NULL AND dead_at IS NULL),
         (SELECT count(*) FROM core.outbox WHERE dead_at IS NOT NULL)
$$;

-- The events set aside, newest first, without their payloads.
CREATE FUNCTION core.worker_dead(lim integer)
RETURNS TABLE (id bigint, event text, entity_id bigint, created_at timestamptz, attempts integer,
               last_error text, dead_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = core, pg_temp AS $$
  SELECT o.id, o.event, o.entity_id, o.created_at, o.attempts, o.last_error, o.dead_at
    FROM core.outbox o WHERE o.dead_at IS NOT NULL
   ORDER BY o.dead_at DESC, o.id DESC LIMIT lim
$$;

-- An event set aside goes back in the queue, due now, with its tries
-- counted again; the consumers that handled it already do not run again.
-- The event, or no row when it was not set aside.
CREATE FUNCTION core.worker_retry(event_id bigint)
RETURNS TABLE (id bigint, event text, entity_id bigint, created_at timestamptz, attempts integer,
               last_error text, dead_at timestamptz)
LANGUAGE sql SECURITY DEFINER SET search_path = core, pg_temp AS $$
  UPDATE core.outbox o
     SET dead_at = NULL, attempts = 0, next_attempt_at = NULL
   WHERE o.id = event_id AND o.dead_at IS NOT NULL
  RETURNING o.id, o.event, o.entity_id, o.created_at, o.attempts, o.last_error, o.dead_at
$$;

REVOKE ALL ON FUNCTION core.worker_queue(), core.worker_dead(integer), core.worker_retry(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION core.worker_queue(), core.worker_dead(integer), core.worker_retry(bigint) TO hearth_auth;
GRANT SELECT ON core.consumers, core.jobs TO hearth_auth;
