-- hearth-worker (tools/hearth-worker.c) carries core.outbox events to the
-- consumers registered for them. A consumer is a SQL function of the
-- family that owns the data it changes (SECURITY DEFINER in that family's
-- schema, EXECUTE granted to hearth_worker), so the worker stays a
-- dispatcher and no family writes another's tables.
--
-- core.outbox_process(batch) does one batch in the caller's transaction:
--   - claims the oldest due events with FOR UPDATE SKIP LOCKED, so several
--     workers on several hosts share the queue without waiting on each
--     other;
--   - for each event, calls every enabled consumer whose pattern matches
--     (LIKE) and that has not handled it yet, each in a subtransaction,
--     and records (consumer, event) in core.processed_events in the same
--     subtransaction as the consumer's effect: an event is handled once
--     per consumer even when a worker dies mid-batch (its transaction
--     rolls back whole, and the event is claimed again);
--   - an event whose consumers all succeeded is marked processed; one with
--     a failing consumer is tried again later (1 min, doubling, at most
--     an hour apart) and set aside as dead after 12 tries, with the error.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hearth_worker') THEN
    CREATE ROLE hearth_worker LOGIN;
  END IF;
END $$;

ALTER TABLE core.outbox
  ADD COLUMN attempts        integer NOT NULL DEFAULT 0,
  ADD COLUMN next_attempt_at timestamptz,
  ADD COLUMN last_error      text,
  ADD COLUMN dead_at         timestamptz;
DROP INDEX core.outbox_pending_idx;
CREATE INDEX outbox_pending_idx ON core.outbox (id) WHERE processed_at IS NULL AND dead_at IS NULL;

CREATE TABLE core.consumers (
  name          text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$'),  -- family.what
  event_pattern text NOT NULL,                 -- LIKE pattern: 'customer.created', 'customer.%'
  handler       regproc NOT NULL,              -- handler(event jsonb) returns void
  enabled       boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE core.processed_events (
  consumer     text NOT NULL REFERENCES core.consumers(name) ON DELETE CASCADE,
  event_id     bigint NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

CREATE FUNCTION core.outbox_process(batch integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  e      record;
  c      record;
  failed text;
  n      integer := 0;
BEGIN
  FOR e IN
    SELECT o.id, o.event, o.entity_id, o.payload, o.created_at, o.attempts
      FROM core.outbox o
     WHERE o.processed_at IS NULL AND o.dead_at IS NULL
       AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= now())
     ORDER BY o.id
     LIMIT batch
       FOR UPDATE SKIP LOCKED
  LOOP
    failed := NULL;
    FOR c IN
      SELECT k.name, k.handler
        FROM core.consumers k
       WHERE k.enabled AND e.event LIKE k.event_pattern
         AND NOT EXISTS (SELECT 1 FROM core.processed_events p WHERE p.consumer = k.name AND p.event_id = e.id)
       ORDER BY k.name
    LOOP
      BEGIN
        EXECUTE format('SELECT %s($1)', c.handler)
          USING jsonb_build_object('id', e.id, 'event', e.event, 'entity_id', e.entity_id,
                                   'payload', e.payload, 'created_at', core.rfc3339(e.created_at));
        INSERT INTO core.processed_events (consumer, event_id) VALUES (c.name, e.id);
      EXCEPTION WHEN OTHERS THEN
        failed := coalesce(failed || '; ', '') || c.name || ': ' || SQLERRM;
      END;
    END LOOP;
    IF failed IS NULL THEN
      UPDATE core.outbox SET processed_at = now(), last_error = NULL, next_attempt_at = NULL WHERE id = e.id;
    ELSE
      UPDATE core.outbox
         SET attempts = e.attempts + 1,
             last_error = left(failed, 2000),
             next_attempt_at = now() + least(interval '1 hour', interval '1 minute' * (2 ^ e.attempts)),
             dead_at = CASE WHEN e.attempts + 1 >= 12 THEN now() END
       WHERE id = e.id;
    END IF;
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;

GRANT USAGE ON SCHEMA core TO hearth_worker;
GRANT SELECT, UPDATE ON core.outbox TO hearth_worker;
GRANT SELECT ON core.consumers TO hearth_worker;
GRANT SELECT, INSERT ON core.processed_events TO hearth_worker;
GRANT EXECUTE ON FUNCTION core.outbox_process(integer), core.rfc3339(timestamptz) TO hearth_worker;
