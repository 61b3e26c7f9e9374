-- Webhooks out (docs/webhooks.md): admins subscribe URLs to event types;
-- hearth-worker (tools/worker_webhooks.c) POSTs each event to them, signed.
--
--   core.webhook_event_types    the event catalogue: every type the code
--                               emits, a description and an example of its
--                               data (the page's choices and docs/webhooks.md
--                               both come from it; a test proves the code
--                               emits nothing that is not in it)
--   core.webhook_subscriptions  url, event patterns, secret (sealed with the
--                               configured key, AES-256-GCM: the worker must
--                               sign, so it cannot be a hash), active, the
--                               disabling, failure counters, the lease
--   core.webhook_deliveries     one per (subscription, event): status,
--                               attempts, next attempt, last result
--   core.webhook_attempts       one per HTTP attempt: the delivery log
--
-- The path of an event: core.outbox → core.outbox_process() calls the
-- consumer core.webhooks_fan_out (registered for every event), which writes
-- one delivery per matching active subscription (idempotent through
-- core.processed_events like every consumer) → the worker claims due
-- deliveries with core.webhook_claim() (FOR UPDATE SKIP LOCKED on the
-- subscription plus a lease, so several workers share them and a worker
-- killed mid-delivery only delays it until the lease ends) → POST → the
-- outcome through core.webhook_record().

-- ---- the catalogue ----------------------------------------------------------------
CREATE TABLE core.webhook_event_types (
  type        text PRIMARY KEY CHECK (type ~ '^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$'),
  description text NOT NULL,
  example     jsonb NOT NULL                 -- the "data" of a delivery of this type
);

-- The catalogue. Each resource of lib/resource.c emits <name>.created and
-- .updated; those with an archive, .archived and .restored (lib/record.c);
-- a family's own events are added here by its migration. The example is
-- the data of a real event of the demo stack.
INSERT INTO core.webhook_event_types (type, description, example) VALUES
  ('communication.created', 'A communication (call, email, meeting, sms, site visit or note) was created.',
   '{"id": 156, "body": "", "kind": "call", "subject": "Wants a quote", "user_id": 1, "version": 1, "direction": "inbound", "contact_id": null, "created_at": "2026-03-02T15:04:05Z", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "customer_id": 41, "occurred_at": "2026-03-02T15:04:05Z", "property_id": null, "customer_name": "Ada Example"}'),
  ('communication.updated', 'A communication (call, email, meeting, sms, site visit or note) was changed (data: the whole record after the change).',
   '{"id": 156, "body": "Called back", "kind": "call", "subject": "Wants a quote", "user_id": 1, "version": 4, "direction": "inbound", "contact_id": null, "created_at": "2026-03-02T15:04:05Z", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "customer_id": 41, "occurred_at": "2026-03-02T15:04:05Z", "property_id": null, "customer_name": "Ada Example"}'),
  ('communication.archived', 'A communication (call, email, meeting, sms, site visit or note) was archived (it stays, out of the lists).',
   '{"id": 156, "body": "", "kind": "call", "subject": "Wants a quote", "user_id": 1, "version": 2, "direction": "inbound", "contact_id": null, "created_at": "2026-03-02T15:04:05Z", "updated_at": "2026-03-02T15:04:05Z", "archived_at": "2026-03-02T15:04:05Z", "customer_id": 41, "occurred_at": "2026-03-02T15:04:05Z", "property_id": null, "customer_name": "Ada Example"}'),
  ('communication.restored', 'A communication (call, email, meeting, sms, site visit or note) was restored from the archive.',
   '{"id": 156, "body": "", "kind": "call", "subject": "Wants a quote", "user_id": 1, "version": 3, "direction": "inbound", "contact_id": null, "created_at": "2026-03-02T15:04:05Z", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "customer_id": 41, "occurred_at": "2026-03-02T15:04:05Z", "property_id": null, "customer_name": "Ada Example"}'),
  ('contact.created', 'A contact of a customer was created.',
   '{"id": 80, "name": "Grace Example", "email": "grace@example.com", "notes": "", "phone": "", "title": "", "version": 1, "best_time": "", "created_at": "2026-03-02T15:04:05Z", "is_primary": false, "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "customer_id": 41, "customer_name": "Ada Example", "do_not_contact": false, "preferred_channel": "email"}'),
  ('contact.updated', 'A contact of a customer was changed (data: the whole record after the change).',
   '{"id": 80, "name": "Grace Example", "email": "grace@example.com", "notes": "x", "phone": "", "title": "", "version": 2, "best_time": "", "created_at": "2026-03-02T15:04:05Z", "is_primary": false, "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "customer_id": 41, "customer_name": "Ada Example", "do_not_contact": false, "preferred_channel": "email"}'),
  ('contact.archived', 'A contact of a customer was archived (it stays, out of the lists).',
   '{"id": 80, "name": "Grace Example", "email": "grace@example.com", "notes": "x", "phone": "", "title": "", "version": 3, "best_time": "", "created_at": "2026-03-02T15:04:05Z", "is_primary": false, "updated_at": "2026-03-02T15:04:05Z", "archived_at": "2026-03-02T15:04:05Z", "customer_id": 41, "customer_name": "Ada Example", "do_not_contact": false, "preferred_channel": "email"}'),
  ('contact.restored', 'A contact of a customer was restored from the archive.',
   '{"id": 80, "name": "Grace Example", "email": "grace@example.com", "notes": "x", "phone": "", "title": "", "version": 4, "best_time": "", "created_at": "2026-03-02T15:04:05Z", "is_primary": false, "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "customer_id": 41, "customer_name": "Ada Example", "do_not_contact": false, "preferred_channel": "email"}'),
  ('customer.created', 'A customer was created.',
   '{"id": 41, "kind": "residential", "name": "Ada Example", "tags": [], "email": "ada@example.com", "notes": "", "phone": "+1 555 0100", "version": 1, "created_at": "2026-03-02T15:04:05Z", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "billing_city": "", "billing_line1": "", "billing_line2": "", "billing_region": "", "billing_country": "", "billing_postal_code": ""}'),
  ('customer.updated', 'A customer was changed (data: the whole record after the change).',
   '{"id": 41, "kind": "residential", "name": "Ada Example", "tags": [], "email": "ada@example.com", "notes": "Prefers mornings", "phone": "+1 555 0100", "version": 2, "created_at": "2026-03-02T15:04:05Z", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "billing_city": "", "billing_line1": "", "billing_line2": "", "billing_region": "", "billing_country": "", "billing_postal_code": ""}'),
  ('customer.archived', 'A customer was archived (it stays, out of the lists).',
   '{"id": 41, "kind": "residential", "name": "Ada Example", "tags": [], "email": "ada@example.com", "notes": "Prefers mornings", "phone": "+1 555 0100", "version": 3, "created_at": "2026-03-02T15:04:05Z", "updated_at": "2026-03-02T15:04:05Z", "archived_at": "2026-03-02T15:04:05Z", "billing_city": "", "billing_line1": "", "billing_line2": "", "billing_region": "", "billing_country": "", "billing_postal_code": ""}'),
  ('customer.restored', 'A customer was restored from the archive.',
   '{"id": 41, "kind": "residential", "name": "Ada Example", "tags": [], "email": "ada@example.com", "notes": "Prefers mornings", "phone": "+1 555 0100", "version": 4, "created_at": "2026-03-02T15:04:05Z", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "billing_city": "", "billing_line1": "", "billing_line2": "", "billing_region": "", "billing_country": "", "billing_postal_code": ""}'),
  ('document.created', 'A document of a customer (the file itself is not sent: fetch /documents/:id/download) was created.',
   '{"id": 1, "title": "Floor plan", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "user_id": 1, "version": 1, "filename": "plan.pdf", "created_at": "2026-03-02T15:04:05Z", "size_bytes": 5, "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "customer_id": 41, "property_id": null, "content_type": "application/octet-stream", "customer_name": "Ada Example"}'),
  ('document.updated', 'A document of a customer (the file itself is not sent: fetch /documents/:id/download) was changed (data: the whole record after the change).',
   '{"id": 1, "title": "Floor plan v2", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "user_id": 1, "version": 2, "filename": "plan.pdf", "created_at": "2026-03-02T15:04:05Z", "size_bytes": 5, "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "customer_id": 41, "property_id": null, "content_type": "application/octet-stream", "customer_name": "Ada Example"}'),
  ('document.archived', 'A document of a customer (the file itself is not sent: fetch /documents/:id/download) was archived (it stays, out of the lists).',
   '{"id": 1, "title": "Floor plan v2", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "user_id": 1, "version": 3, "filename": "plan.pdf", "created_at": "2026-03-02T15:04:05Z", "size_bytes": 5, "updated_at": "2026-03-02T15:04:05Z", "archived_at": "2026-03-02T15:04:05Z", "customer_id": 41, "property_id": null, "content_type": "application/octet-stream", "customer_name": "Ada Example"}'),
  ('document.restored', 'A document of a customer (the file itself is not sent: fetch /documents/:id/download) was restored from the archive.',
   '{"id": 1, "title": "Floor plan v2", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "user_id": 1, "version": 4, "filename": "plan.pdf", "created_at": "2026-03-02T15:04:05Z", "size_bytes": 5, "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "customer_id": 41, "property_id": null, "content_type": "application/octet-stream", "customer_name": "Ada Example"}'),
  ('property.created', 'A property (a customer''s home or site) was created.',
   '{"id": 51, "city": "Austin", "name": "Lake house", "type": "house", "line1": "1 Shore Rd", "line2": "", "rooms": [], "region": "", "country": "", "version": 1, "created_at": "2026-03-02T15:04:05Z", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "customer_id": 41, "postal_code": "", "access_notes": "", "customer_name": "Ada Example"}'),
  ('property.updated', 'A property (a customer''s home or site) was changed (data: the whole record after the change).',
   '{"id": 51, "city": "Austin", "name": "Lake house", "type": "house", "line1": "1 Shore Rd", "line2": "", "rooms": [], "region": "", "country": "", "version": 2, "created_at": "2026-03-02T15:04:05Z", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "customer_id": 41, "postal_code": "", "access_notes": "Gate code at office", "customer_name": "Ada Example"}'),
  ('property.archived', 'A property (a customer''s home or site) was archived (it stays, out of the lists).',
   '{"id": 51, "city": "Austin", "name": "Lake house", "type": "house", "line1": "1 Shore Rd", "line2": "", "rooms": [], "region": "", "country": "", "version": 3, "created_at": "2026-03-02T15:04:05Z", "updated_at": "2026-03-02T15:04:05Z", "archived_at": "2026-03-02T15:04:05Z", "customer_id": 41, "postal_code": "", "access_notes": "Gate code at office", "customer_name": "Ada Example"}'),
  ('property.restored', 'A property (a customer''s home or site) was restored from the archive.',
   '{"id": 51, "city": "Austin", "name": "Lake house", "type": "house", "line1": "1 Shore Rd", "line2": "", "rooms": [], "region": "", "country": "", "version": 4, "created_at": "2026-03-02T15:04:05Z", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "customer_id": 41, "postal_code": "", "access_notes": "Gate code at office", "customer_name": "Ada Example"}'),
  ('webhook.ping', 'A test event, sent by the "Send a test event" button to one subscription only.',
   '{"subscription_id": 7}');

-- ---- subscriptions ----------------------------------------------------------------
CREATE TABLE core.webhook_subscriptions (
  id                   bigserial PRIMARY KEY,
  url                  text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  description          text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  events               text[] NOT NULL CHECK (cardinality(events) BETWEEN 1 AND 100),  -- '*', 'customer.*', 'customer.created'
  secret_sealed        bytea NOT NULL,       -- crypto_seal(secret_key, aad "webhook:<id>", secret)
  secret_hint          text NOT NULL,        -- the secret's last 4 characters, to tell rotations apart
  active               boolean NOT NULL DEFAULT true,
  disabled_at          timestamptz,          -- set when the worker switched it off
  disabled_reason      text,
  consecutive_failures integer NOT NULL DEFAULT 0,   -- failed attempts since the last success
  dead_streak          integer NOT NULL DEFAULT 0,   -- dead letters since the last success
  last_success_at      timestamptz,
  last_failure_at      timestamptz,
  busy_until           timestamptz,          -- the lease of the worker delivering to it now (or when the last ended)
  busy_by              text,                 -- which worker (host:pid)
  version              integer NOT NULL DEFAULT 1,
  created_by           bigint REFERENCES auth.users(id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscriptions_active_idx ON core.webhook_subscriptions (id) WHERE active;

-- ---- deliveries and their attempts ------------------------------------------------
CREATE TABLE core.webhook_deliveries (
  id               bigserial PRIMARY KEY,
  subscription_id  bigint NOT NULL REFERENCES core.webhook_subscriptions(id) ON DELETE CASCADE,
  event_id         bigint NOT NULL REFERENCES core.outbox(id) ON DELETE CASCADE,
  event_type       text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'retrying', 'delivered', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_status      integer,                  -- the last response's HTTP code (NULL: none came)
  last_error       text,
  last_ms          double precision,
  last_attempt_at  timestamptz,
  delivered_at     timestamptz,
  dead_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_id, event_id)        -- one delivery per subscription and event, however often fanned out
);
-- The claim: a subscription's due deliveries, oldest event first.
CREATE INDEX webhook_deliveries_due_idx ON core.webhook_deliveries (subscription_id, event_id)
  INCLUDE (next_attempt_at) WHERE status IN ('pending', 'retrying');
-- The delivery log of a subscription, newest first (keyset on id).
CREATE INDEX webhook_deliveries_log_idx ON core.webhook_deliveries (subscription_id, id DESC);
CREATE INDEX webhook_deliveries_event_idx ON core.webhook_deliveries (event_id);

CREATE TABLE core.webhook_attempts (
  id            bigserial PRIMARY KEY,
  delivery_id   bigint NOT NULL REFERENCES core.webhook_deliveries(id) ON DELETE CASCADE,
  at            timestamptz NOT NULL DEFAULT now(),
  status        integer,                     -- HTTP code, NULL when no response came
  ms            double precision NOT NULL,
  error         text,
  response_body text,                        -- the first 1 KB of it
  worker        text
);
CREATE INDEX webhook_attempts_delivery_idx ON core.webhook_attempts (delivery_id, id DESC);

-- ---- matching ---------------------------------------------------------------------
-- Whether an event type matches one of a subscription's patterns: '*'
-- (everything), 'customer.*' (every customer event) or the type itself.
CREATE FUNCTION core.webhook_matches(patterns text[], type text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT EXISTS (SELECT 1 FROM unnest(patterns) p
                  WHERE p = '*' OR p = type OR (p LIKE '%.*' AND split_part(type, '.', 1) = left(p, -2)))
$$;

-- ---- the consumer: one event → its deliveries -------------------------------------
-- Every event except webhook.ping goes to every active subscription that
-- matches it; webhook.ping (the "send a test event" button) goes to the
-- one subscription it names (entity_id). ON CONFLICT: an event fanned out
-- again (a retry of the outbox event) makes no second delivery.
CREATE FUNCTION core.webhooks_fan_out(e jsonb) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = core, pg_temp AS $$
  INSERT INTO core.webhook_deliveries (subscription_id, event_id, event_type)
  SELECT s.id, (e->>'id')::bigint, e->>'event'
    FROM core.webhook_subscriptions s
   WHERE CASE WHEN e->>'event' = 'webhook.ping' THEN s.id = (e->>'entity_id')::bigint
              ELSE s.active AND core.webhook_matches(s.events, e->>'event') END
   ORDER BY s.id
  ON CONFLICT (subscription_id, event_id) DO NOTHING
$$;
INSERT INTO core.consumers (name, event_pattern, handler)
VALUES ('core.webhooks', '%', 'core.webhooks_fan_out');

-- ---- the worker's side ------------------------------------------------------------
-- Claims up to `lanes` active subscriptions that have due deliveries and
-- that no live worker holds (FOR UPDATE SKIP LOCKED, then a lease of
-- `lease` on the row: the lock ends with this transaction, the lease
-- with the delivery or its time), and for each the `per_lane` oldest due
-- deliveries, which the worker sends one after the other, in event order,
-- stopping at the first failure. A worker that dies leaves its lease to
-- run out: then the deliveries it held are due again and claimed by
-- another (at least once: receivers dedupe by Hearth-Delivery).
--
-- Event order: several workers fan out outbox batches at once, so a
-- later event's delivery can exist before an earlier one's. Only events
-- below the mark are sent: the oldest event the fan-out has not handled
-- yet (committed) bounds what may go, so a subscription never gets an
-- event before an older one it will also get. The mark reads the partial
-- index of waiting outbox events; an event held back by another family's
-- failing consumer does not hold webhooks back (core.webhooks handled it).
CREATE FUNCTION core.webhook_claim(lanes integer, per_lane integer, lease interval, worker text)
RETURNS TABLE (delivery_id bigint, subscription_id bigint, url text, secret_sealed bytea,
               event_id bigint, event_type text, attempts integer, body text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = core, pg_temp AS $$
DECLARE
  mark bigint;
BEGIN
  SELECT o.id INTO mark FROM core.outbox o
   WHERE o.processed_at IS NULL AND o.dead_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM core.processed_events p WHERE p.consumer = 'core.webhooks' AND p.event_id = o.id)
   ORDER BY o.id LIMIT 1;
  mark := coalesce(mark, 9223372036854775807);
  RETURN QUERY
  WITH s AS (
    SELECT w.id FROM core.webhook_subscriptions w
     WHERE w.active AND (w.busy_until IS NULL OR w.busy_until < now())
       AND EXISTS (SELECT 1 FROM core.webhook_deliveries d
                    WHERE d.subscription_id = w.id AND d.status IN ('pending', 'retrying')
                      AND d.next_attempt_at <= now() AND d.event_id < mark)
     ORDER BY w.busy_until NULLS FIRST, w.id
     LIMIT lanes
       FOR UPDATE SKIP LOCKED
  ), leased AS (
    UPDATE core.webhook_subscriptions w SET busy_until = now() + lease, busy_by = worker
      FROM s WHERE w.id = s.id
    RETURNING w.id, w.url, w.secret_sealed
  )
  SELECT d.id, l.id, l.url, l.secret_sealed, d.event_id, d.event_type, d.attempts,
         jsonb_build_object('id', o.id, 'type', o.event, 'created_at', core.rfc3339(o.created_at),
                            'data', CASE WHEN o.event = 'webhook.ping'
                                         THEN jsonb_build_object('subscription_id', l.id)
                                         ELSE o.payload END)::text
    FROM leased l
    CROSS JOIN LATERAL (
      SELECT x.id, x.event_id, x.event_type, x.attempts FROM core.webhook_deliveries x
       WHERE x.subscription_id = l.id AND x.status IN ('pending', 'retrying') AND x.next_attempt_at <= now()
         AND x.event_id < mark
       ORDER BY x.event_id LIMIT per_lane) d
    JOIN core.outbox o ON o.id = d.event_id
   ORDER BY l.id, d.event_id;
END $$;

-- The wait before retry n (n = 1 after the first failed attempt): 5 s
-- times 3^(n-1), at most 6 h, each ±20 % at random so that many
-- deliveries failing at once do not come back at once. 12 attempts in
-- all (11 retries, about 22 h 30 min); then the delivery is dead.
CREATE FUNCTION core.webhook_backoff(n integer) RETURNS interval
LANGUAGE sql VOLATILE AS $$
  SELECT make_interval(secs => least(21600, 5 * power(3, n - 1)) * (0.8 + 0.4 * random()))
$$;
CREATE FUNCTION core.webhook_max_attempts() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 12 $$;

-- One attempt's outcome: the attempt log row, the delivery's new state and
-- the subscription's counters. A subscription is switched off at its 3rd
-- dead letter in a row (no delivery succeeded in between: its receiver
-- has been failing for about a day, since a dead letter takes 22 h of
-- tries). → 'delivered', 'retry', 'dead', or 'stale' when the delivery is
-- no longer this worker's to record (delivered meanwhile, or deleted).
CREATE FUNCTION core.webhook_record(delivery bigint, ok boolean, http_status integer, took_ms double precision,
                                    error text, response_body text, worker text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = core, pg_temp AS $$
DECLARE
  d       record;
  outcome text;
  streak  integer;
BEGIN
  SELECT x.id, x.subscription_id, x.attempts, x.status INTO d
    FROM core.webhook_deliveries x WHERE x.id = delivery FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 'stale';
  END IF;
  INSERT INTO core.webhook_attempts (delivery_id, status, ms, error, response_body, worker)
  VALUES (delivery, http_status, took_ms, left(error, 500), left(response_body, 1024), worker);
  IF d.status NOT IN ('pending', 'retrying') THEN
    RETURN 'stale';
  END IF;
  IF ok THEN
    outcome := 'delivered';
    UPDATE core.webhook_deliveries SET status = 'delivered', attempts = d.attempts + 1, delivered_at = now(),
           last_status = http_status, last_error = NULL, last_ms = took_ms, last_attempt_at = now()
     WHERE id = delivery;
    UPDATE core.webhook_subscriptions SET consecutive_failures = 0, dead_streak = 0, last_success_at = now()
     WHERE id = d.subscription_id;
    RETURN outcome;
  END IF;
  outcome := CASE WHEN d.attempts + 1 >= core.webhook_max_attempts() THEN 'dead' ELSE 'retry' END;
  UPDATE core.webhook_deliveries
     SET status = CASE outcome WHEN 'dead' THEN 'dead' ELSE 'retrying' END,
         attempts = d.attempts + 1,
         next_attempt_at = now() + core.webhook_backoff(d.attempts + 1),
         dead_at = CASE outcome WHEN 'dead' THEN now() END,
         last_status = http_status, last_error = left(error, 500), last_ms = took_ms, last_attempt_at = now()
   WHERE id = delivery;
  UPDATE core.webhook_subscriptions
     SET consecutive_failures = consecutive_failures + 1, last_failure_at = now(),
         dead_streak = dead_streak + CASE outcome WHEN 'dead' THEN 1 ELSE 0 END
   WHERE id = d.subscription_id
  RETURNING dead_streak INTO streak;
  IF outcome = 'dead' AND streak >= 3 THEN
    UPDATE core.webhook_subscriptions
       SET active = false, disabled_at = now(), version = version + 1, updated_at = now(),
           disabled_reason = format('Switched off by Hearth: %s deliveries in a row failed every attempt for about a day (last: %s).',
                                    streak, coalesce(http_status::text, left(error, 200)))
     WHERE id = d.subscription_id AND active;
  END IF;
  RETURN outcome;
END $$;

-- The lease ends when the worker is done with a subscription's lane;
-- busy_until keeps when, so the claim serves the subscriptions least
-- recently served first (none waits behind busier ones).
CREATE FUNCTION core.webhook_release(subscription bigint, worker text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = core, pg_temp AS $$
  UPDATE core.webhook_subscriptions SET busy_until = now(), busy_by = NULL
   WHERE id = subscription AND busy_by = worker
$$;

-- A delivery sent again now (the replay button), with a fresh set of
-- attempts; its log stays. The worker is woken. The delivery, or no row
-- when it is unknown or not the subscription's.
CREATE FUNCTION core.webhook_replay(subscription bigint, delivery bigint)
RETURNS SETOF core.webhook_deliveries
LANGUAGE plpgsql SECURITY DEFINER SET search_path = core, pg_temp AS $$
BEGIN
  RETURN QUERY
  UPDATE core.webhook_deliveries d
     SET status = 'pending', attempts = 0, next_attempt_at = now(), dead_at = NULL, delivered_at = NULL
   WHERE d.id = delivery AND d.subscription_id = subscription
  RETURNING d.*;
  IF FOUND THEN
    PERFORM pg_notify('hearth_outbox', 'webhook');
  END IF;
END $$;

REVOKE ALL ON FUNCTION core.webhooks_fan_out(jsonb), core.webhook_claim(integer, integer, interval, text),
  core.webhook_record(bigint, boolean, integer, double precision, text, text, text),
  core.webhook_release(bigint, text), core.webhook_replay(bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION core.webhooks_fan_out(jsonb), core.webhook_claim(integer, integer, interval, text),
  core.webhook_record(bigint, boolean, integer, double precision, text, text, text),
  core.webhook_release(bigint, text) TO hearth_worker;

-- The auth responder (/auth/webhooks, auth:admin) manages subscriptions
-- and reads the log; it never touches the worker's columns, and changes a
-- delivery only through core.webhook_replay.
GRANT SELECT ON core.webhook_event_types, core.webhook_deliveries, core.webhook_attempts TO hearth_auth;
GRANT SELECT, DELETE ON core.webhook_subscriptions TO hearth_auth;
GRANT INSERT (id, url, description, events, secret_sealed, secret_hint, active, created_by)
  ON core.webhook_subscriptions TO hearth_auth;
GRANT UPDATE (url, description, events, secret_sealed, secret_hint, active, disabled_at, disabled_reason,
              dead_streak, consecutive_failures, version, updated_at)
  ON core.webhook_subscriptions TO hearth_auth;
GRANT USAGE ON SEQUENCE core.webhook_subscriptions_id_seq TO hearth_auth;
GRANT EXECUTE ON FUNCTION core.webhook_replay(bigint, bigint), core.webhook_matches(text[], text) TO hearth_auth;
