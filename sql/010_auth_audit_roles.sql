-- Authorisation in one place, and an append-only audit log.
--
-- 1. The audit chain in one order. core.audit_chain() (001) chained each
--    row to the row with the highest id, but the id came from the column
--    default, taken before the trigger waited for the chain lock: two
--    writers could take ids 10 and 11, chain 11 first, and then 10 after
--    11, so the chain order was not the id order (and the next row forked
--    off 11). Now the id is taken under the lock, so id order is chain
--    order and `hearthctl audit verify` can walk by id. A REPEATABLE READ
--    or SERIALIZABLE transaction could still miss a newer row (its
--    snapshot is older than the lock) and fork the chain: each writing
--    transaction marks the one-row core.audit_head once, and reads it FOR
--    UPDATE, so such a transaction gets a serialization failure (retried
--    by app.c) instead. Once per transaction, not per row: updating one
--    row again and again in one transaction is quadratic (measured: 30k
--    rows in one INSERT took 15 s). The hash expression is unchanged.
--    Like 006, the function has no SET search_path (it threw away cached
--    plans on every call): every name and operator is schema-qualified.
-- 2. Append-only for the application: no UPDATE, DELETE or TRUNCATE grant
--    to any responder role, INSERT of the content columns only (id, at,
--    prev_hash and hash are the database's), and a trigger that refuses
--    UPDATE, DELETE and TRUNCATE to anyone but the table's owner.
-- 3. auth.current_user_id() / auth.current_role(): who is asking, as
--    db_begin / db_as_user set it per transaction (lib/db.h explains the
--    row-level-security policies that use them).
-- 4. Roles editable by admins (GET/PATCH /auth/roles): a version for
--    optimistic concurrency and write grants for hearth_auth.
-- 5. Audit browsing (GET /auth/audit): hearth_auth reads core.audit;
--    indexes for its filters in (at, id) order.

-- No audit row may be written while the chain changes hands.
LOCK TABLE core.audit IN SHARE ROW EXCLUSIVE MODE;
SELECT pg_advisory_xact_lock(7210001);

-- ---- 1. the chain ------------------------------------------------------------

CREATE TABLE core.audit_head (
  one     boolean PRIMARY KEY DEFAULT true CHECK (one),
  writer  xid8                 -- the last transaction that wrote audit rows
);
INSERT INTO core.audit_head (writer) VALUES (NULL);

-- The trigger hands out ids; an id given by the inserter is replaced.
ALTER TABLE core.audit ALTER COLUMN id DROP DEFAULT;

CREATE OR REPLACE FUNCTION core.audit_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE prev bytea; w xid8;
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(7210001);
  SELECT h.writer INTO w FROM core.audit_head h FOR UPDATE;
  IF w IS NULL OR w OPERATOR(pg_catalog.<>) pg_catalog.pg_current_xact_id() THEN
    UPDATE core.audit_head SET writer = pg_catalog.pg_current_xact_id();
  END IF;
  NEW.id := pg_catalog.nextval('core.audit_id_seq'::pg_catalog.regclass);
  SELECT a.hash INTO prev FROM core.audit a ORDER BY a.id DESC LIMIT 1;
  NEW.prev_hash := prev;
  -- The same bytes as 001's expression (hearthctl audit verify recomputes it).
  NEW.hash := pg_catalog.sha256(coalesce(prev, '\x'::pg_catalog.bytea) OPERATOR(pg_catalog.||)
      pg_catalog.convert_to(pg_catalog.concat_ws('|', NEW.id,
          pg_catalog.to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
          NEW.user_id, NEW.actor, NEW.client_ip, NEW.request_id, NEW.action,
          NEW.entity, NEW.entity_id, NEW.before::pg_catalog.text, NEW.after::pg_catalog.text), 'UTF8'));
  RETURN NEW;
END $$;

-- ---- 2. append-only -------------------------------------------------------------

CREATE FUNCTION core.audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_user OPERATOR(pg_catalog.<>) (SELECT pg_catalog.pg_get_userbyid(c.relowner)
      FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) TG_RELID) THEN
    RAISE EXCEPTION 'core.audit is append-only: % refused', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON core.audit
  FOR EACH ROW EXECUTE FUNCTION core.audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON core.audit
  FOR EACH STATEMENT EXECUTE FUNCTION core.audit_append_only();

REVOKE ALL ON core.audit, core.audit_head FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON core.audit FROM hearth_auth, hearth_customers, hearth_projects,
  hearth_inventory, hearth_service, hearth_sales, hearth_analytics;
REVOKE INSERT ON core.audit FROM hearth_auth, hearth_customers, hearth_projects,
  hearth_inventory, hearth_service, hearth_sales, hearth_analytics;
GRANT INSERT (user_id, actor, client_ip, request_id, action, entity, entity_id, before, after)
  ON core.audit TO hearth_auth, hearth_customers, hearth_projects,
  hearth_inventory, hearth_service, hearth_sales, hearth_analytics;

-- ---- 3. who is asking -------------------------------------------------------------

-- Plain SQL functions, so the planner inlines them into a policy's
-- condition. NULL when the transaction did not set them (fail closed).
CREATE FUNCTION auth.current_user_id() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT NULLIF(pg_catalog.current_setting('hearth.user_id', true), '')::pg_catalog.int8
$$;
CREATE FUNCTION auth.current_role() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT NULLIF(pg_catalog.current_setting('hearth.role', true), '')
$$;
REVOKE ALL ON FUNCTION auth.current_user_id(), auth.current_role() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth.current_user_id(), auth.current_role() TO hearth_auth,
  hearth_customers, hearth_projects, hearth_inventory, hearth_service, hearth_sales, hearth_analytics;

-- ---- 4. roles editable by admins -------------------------------------------------

ALTER TABLE auth.roles
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
GRANT UPDATE (description, version, updated_at) ON auth.roles TO hearth_auth;
GRANT INSERT, DELETE ON auth.role_permissions TO hearth_auth;

-- ---- 5. audit browsing ------------------------------------------------------------

GRANT SELECT ON core.audit TO hearth_auth;
-- Newest first per user and per entity; action prefixes (LIKE 'auth.%'
-- needs text_pattern_ops: the database's collation is not C).
CREATE INDEX audit_user_at_idx ON core.audit (user_id, at DESC, id DESC);
CREATE INDEX audit_entity_at_idx ON core.audit (entity, entity_id, at DESC, id DESC);
CREATE INDEX audit_action_idx ON core.audit (action text_pattern_ops);
