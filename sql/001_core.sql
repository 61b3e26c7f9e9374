-- Core: roles per responder, audit (hash-chained), outbox, files.
-- Migrations only add; a change to this file's objects is a new migration.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- One login role per responder (least privilege); the worker and hearthctl
-- use the owner role that runs migrations.
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['hearth_auth','hearth_customers','hearth_projects',
      'hearth_inventory','hearth_service','hearth_sales','hearth_analytics'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I LOGIN', r);
    END IF;
  END LOOP;
END $$;

CREATE SCHEMA IF NOT EXISTS core;
-- Extensions (pg_trgm operators) live in public: every role may use them,
-- nobody may create there (the PostgreSQL 15 default, made explicit).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE TABLE core.audit (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  user_id     bigint,
  actor       text NOT NULL DEFAULT '',      -- email or token name, kept if the user goes
  client_ip   text NOT NULL DEFAULT '',
  request_id  text NOT NULL DEFAULT '',
  action      text NOT NULL,                 -- customer.create, auth.login_failed, ...
  entity      text NOT NULL DEFAULT '',
  entity_id   bigint,
  before      jsonb,
  after       jsonb,
  prev_hash   bytea,
  hash        bytea
);
CREATE INDEX audit_entity_idx ON core.audit (entity, entity_id, id);
CREATE INDEX audit_at_idx ON core.audit (at DESC, id DESC);
CREATE INDEX audit_user_idx ON core.audit (user_id, id DESC);

-- Each row's hash covers its content and the previous row's hash, so an
-- edited or deleted row breaks the chain (hearthctl audit verify).
-- The advisory lock serialises writers so the chain has one order.
CREATE FUNCTION core.audit_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = core, pg_temp AS $$
DECLARE prev bytea;
BEGIN
  PERFORM pg_advisory_xact_lock(7210001);
  SELECT hash INTO prev FROM core.audit ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := prev;
  NEW.hash := sha256(coalesce(prev, '\x'::bytea) || convert_to(
      concat_ws('|', NEW.id, to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                NEW.user_id, NEW.actor, NEW.client_ip, NEW.request_id, NEW.action,
                NEW.entity, NEW.entity_id, NEW.before::text, NEW.after::text), 'UTF8'));
  RETURN NEW;
END $$;
CREATE TRIGGER audit_chain BEFORE INSERT ON core.audit
  FOR EACH ROW EXECUTE FUNCTION core.audit_chain();

-- Transactional outbox: written in the same transaction as the change.
CREATE TABLE core.outbox (
  id          bigserial PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  event       text NOT NULL,                 -- customer.created
  entity_id   bigint,
  payload     jsonb NOT NULL DEFAULT '{}',
  processed_at timestamptz
);
CREATE INDEX outbox_pending_idx ON core.outbox (id) WHERE processed_at IS NULL;

CREATE FUNCTION core.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hearth_outbox', NEW.id::text);
  RETURN NEW;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON core.outbox
  FOR EACH ROW EXECUTE FUNCTION core.outbox_notify();

-- Files are content-addressed: the bytes live under var/files/ab/cdef...,
-- named by their SHA-256; this row says what we know of them.
CREATE TABLE core.files (
  sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes  bigint NOT NULL CHECK (size_bytes >= 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);

GRANT USAGE ON SCHEMA core TO hearth_auth, hearth_customers, hearth_projects,
  hearth_inventory, hearth_service, hearth_sales, hearth_analytics;
GRANT INSERT ON core.audit, core.outbox TO hearth_auth, hearth_customers, hearth_projects,
  hearth_inventory, hearth_service, hearth_sales, hearth_analytics;
GRANT USAGE ON SEQUENCE core.audit_id_seq, core.outbox_id_seq TO hearth_auth, hearth_customers,
  hearth_projects, hearth_inventory, hearth_service, hearth_sales, hearth_analytics;
GRANT SELECT, INSERT ON core.files TO hearth_customers, hearth_projects, hearth_service, hearth_sales;

-- RFC 3339 UTC text for timestamps inside json_agg(), matching what the
-- responders print for top-level columns.
CREATE FUNCTION core.rfc3339(timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;
