-- Imports (issue 7): CSV files uploaded, mapped, previewed with per-row
-- errors, applied by hearth-worker in batches with progress, and undone
-- within a window. The machinery is generic (core.*; lib/import.c and
-- lib/csv_read.c); a kind (customers here, distributor price lists next)
-- is a row of core.import_kinds naming its family's SQL functions, plus a
-- descriptor in C (docs/imports.md).
--
--   uploaded → previewed → applying → applied → undoing → undone
--       ↘ cancelled ↙            ↘ failed ↗ (the batches applied before it)

CREATE TABLE core.import_kinds (
  kind        text PRIMARY KEY CHECK (kind ~ '^[a-z][a-z_]*$'),
  family      text NOT NULL,
  -- apply(import_id bigint, after_line integer, batch integer)
  --   RETURNS TABLE (applied integer, last_line integer): creates the
  --   records of the next `batch` rows to apply after line after_line
  --   (SECURITY DEFINER, in the family's schema), set-based.
  apply       regproc NOT NULL,
  -- undo(import_id bigint, batch integer) RETURNS TABLE (removed integer,
  --   kept integer): removes the next `batch` records the import created
  --   and nobody changed since; kept: those left because they changed
  --   (counted when nothing is left to remove). NULL: no undo. The check
  --   that refuses an undo up front is the family's own function, run by
  --   its responder (customers.import_undo_check).
  undo        regproc,
  undo_window interval,
  batch       integer NOT NULL DEFAULT 10000 CHECK (batch > 0)
);

CREATE TABLE core.imports (
  id                bigserial PRIMARY KEY,
  kind              text NOT NULL REFERENCES core.import_kinds(kind),
  created_by        bigint,                   -- auth.users
  file_sha256       text NOT NULL REFERENCES core.files(sha256),
  file_name         text NOT NULL,
  file_size         bigint NOT NULL,
  detected_encoding text NOT NULL,
  encoding          text NOT NULL CHECK (encoding IN ('utf-8','utf-8-bom','utf-16le','utf-16be','windows-1252','iso-8859-1')),
  delimiter         text NOT NULL CHECK (delimiter IN (',', ';', E'\t', '|')),
  header            text[] NOT NULL,
  sample            jsonb NOT NULL DEFAULT '[]',    -- the first rows as read: [[field, ...], ...]
  mapping           jsonb NOT NULL DEFAULT '{}',    -- field name → column index (0-based)
  duplicates        text NOT NULL DEFAULT 'skip' CHECK (duplicates IN ('skip','import')),
  status            text NOT NULL DEFAULT 'uploaded'
                    CHECK (status IN ('uploaded','previewed','applying','applied','failed','cancelled','undoing','undone')),
  total_rows        integer NOT NULL DEFAULT 0,     -- data rows of the file
  ok_rows           integer NOT NULL DEFAULT 0,
  error_rows        integer NOT NULL DEFAULT 0,
  duplicate_rows    integer NOT NULL DEFAULT 0,
  to_apply          integer NOT NULL DEFAULT 0,     -- fixed when applying starts
  applied_rows      integer NOT NULL DEFAULT 0,
  applied_line      integer NOT NULL DEFAULT 0,     -- the apply's cursor
  undone_rows       integer NOT NULL DEFAULT 0,
  error             text,                           -- why it failed, for people
  undo_note         text,                           -- what an undo left, and why
  previewed_at      timestamptz,
  apply_started_at  timestamptz,
  applied_at        timestamptz,
  undo_until        timestamptz,
  undone_at         timestamptz,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX imports_kind_created_idx ON core.imports (kind, created_at DESC, id DESC);

-- The mapping a kind's last preview used, by header name, so the next
-- file with the same headers is mapped the same way. One per kind: an
-- installation is one company.
CREATE TABLE core.import_mappings (
  kind       text PRIMARY KEY REFERENCES core.import_kinds(kind),
  columns    jsonb NOT NULL,                  -- field name → header (lower case, trimmed)
  updated_by bigint,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The parsed rows of a preview, written with COPY by the responder. data
-- holds the clean values the kind's apply reads (field name → text, or an
-- array for lists); raw the fields as read, for the errors CSV.
CREATE TABLE core.import_rows (
  import_id bigint NOT NULL REFERENCES core.imports(id) ON DELETE CASCADE,
  line_no   integer NOT NULL,
  status    text NOT NULL CHECK (status IN ('ok','error','duplicate')),
  data      jsonb NOT NULL,
  errors    jsonb,                            -- field (or "row") → message
  raw       jsonb NOT NULL,
  PRIMARY KEY (import_id, line_no)
);
CREATE INDEX import_rows_problems_idx ON core.import_rows (import_id, line_no) WHERE status <> 'ok';

-- One batch of an applying import, run by hearth-worker as the consumer of
-- 'import.step' (sql/015): each batch is its own transaction, so the page
-- shows progress between them, and the next batch is the next event. A
-- batch that fails rolls back whole; the import is then 'failed' with the
-- error and the line, the batches before it stay (applied_rows says how
-- many) and undo removes them.
CREATE FUNCTION core.import_step(event jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = core, pg_temp AS $$
DECLARE
  i    core.imports;
  k    core.import_kinds;
  n    integer;
  last integer;
  kept integer;
BEGIN
  SELECT * INTO i FROM core.imports WHERE id = (event->>'entity_id')::bigint FOR UPDATE;
  IF NOT FOUND OR i.status NOT IN ('applying', 'undoing') THEN
    RETURN;                                   -- cancelled or done meanwhile
  END IF;
  SELECT * INTO k FROM core.import_kinds WHERE kind = i.kind;
  IF i.status = 'undoing' THEN
    -- An undo's batch: what it removes and what nobody changed since.
    EXECUTE format('SELECT removed, kept FROM %s($1, $2)', k.undo) INTO n, kept USING i.id, k.batch;
    IF n > 0 THEN
      UPDATE core.imports SET undone_rows = undone_rows + n, updated_at = now() WHERE id = i.id;
      INSERT INTO core.outbox (event, entity_id) VALUES ('import.step', i.id);
    ELSE
      UPDATE core.imports
         SET status = 'undone', undone_at = now(), version = version + 1, updated_at = now(),
             undo_note = CASE WHEN kept > 0 THEN format('%s records changed during the undo and were kept.', kept) END
       WHERE id = i.id;
      INSERT INTO core.audit (user_id, actor, action, entity, entity_id, after)
      VALUES (i.created_by, 'hearth-worker', 'import.undone', 'import', i.id,
              jsonb_build_object('kind', i.kind, 'undone_rows', i.undone_rows, 'kept', kept));
    END IF;
    RETURN;
  END IF;
  BEGIN
    EXECUTE format('SELECT applied, last_line FROM %s($1, $2, $3)', k.apply)
      INTO n, last USING i.id, i.applied_line, k.batch;
  EXCEPTION WHEN OTHERS THEN
    UPDATE core.imports
       SET status = 'failed', version = version + 1, updated_at = now(),
           applied_at = CASE WHEN applied_rows > 0 THEN now() END,
           undo_until = CASE WHEN applied_rows > 0 THEN now() + k.undo_window END,
           error = format('The rows after line %s could not be saved: %s. %s rows were saved before;'
                          ' undo removes them.', i.applied_line, SQLERRM, i.applied_rows)
     WHERE id = i.id;
    INSERT INTO core.audit (user_id, actor, action, entity, entity_id, after)
    VALUES (i.created_by, 'hearth-worker', 'import.failed', 'import', i.id,
            jsonb_build_object('kind', i.kind, 'applied_rows', i.applied_rows, 'error', SQLERRM));
    RETURN;
  END;
  IF n < k.batch THEN
    UPDATE core.imports
       SET status = 'applied', applied_rows = applied_rows + n, applied_line = coalesce(last, applied_line),
           applied_at = now(), undo_until = now() + k.undo_window,
           version = version + 1, updated_at = now()
     WHERE id = i.id;
    INSERT INTO core.audit (user_id, actor, action, entity, entity_id, after)
    VALUES (i.created_by, 'hearth-worker', 'import.applied', 'import', i.id,
            jsonb_build_object('kind', i.kind, 'applied_rows', i.applied_rows + n, 'file_name', i.file_name));
    -- One event for the whole import (not one per record): a consumer
    -- that cares reads the records by their import_id.
    INSERT INTO core.outbox (event, entity_id, payload)
    VALUES ('import.applied', i.id, jsonb_build_object('kind', i.kind, 'applied_rows', i.applied_rows + n));
  ELSE
    UPDATE core.imports
       SET applied_rows = applied_rows + n, applied_line = last, updated_at = now()
     WHERE id = i.id;
    INSERT INTO core.outbox (event, entity_id) VALUES ('import.step', i.id);
  END IF;
END $$;

INSERT INTO core.consumers (name, event_pattern, handler)
VALUES ('core.import_step', 'import.step', 'core.import_step');

-- Staged rows are kept for the preview, the errors CSV and the undo; 30
-- days after an import ended they go (the import's row and counts stay).
CREATE FUNCTION core.imports_purge() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = core, pg_temp AS $$
  DELETE FROM core.import_rows r USING core.imports i
   WHERE r.import_id = i.id AND i.updated_at < now() - interval '30 days'
     AND i.status IN ('applied','failed','cancelled','undone');
$$;
INSERT INTO core.jobs (name, every, handler) VALUES ('core.imports_purge', interval '1 day', 'core.imports_purge');

-- ---- the customers kind ----

-- What an import created carries its id, so the undo removes exactly that.
ALTER TABLE customers.customers  ADD COLUMN import_id bigint;
ALTER TABLE customers.contacts   ADD COLUMN import_id bigint;
ALTER TABLE customers.properties ADD COLUMN import_id bigint;
CREATE INDEX customers_import_idx  ON customers.customers (import_id) WHERE import_id IS NOT NULL;
CREATE INDEX contacts_import_idx   ON customers.contacts (import_id) WHERE import_id IS NOT NULL;
CREATE INDEX properties_import_idx ON customers.properties (import_id) WHERE import_id IS NOT NULL;
-- The preview's duplicate check matches emails case-insensitively.
CREATE INDEX customers_email_idx   ON customers.customers (lower(email)) WHERE email <> '';

-- Rows whose email is an existing customer's are marked 'duplicate' with
-- the customer named (lib/import.c marks a row repeating an earlier row's
-- email while it stages them); the user chooses to skip or import them.
-- Run with EXECUTE so it is planned for this import's rows each time: a
-- plan cached from small imports joined 30,000 rows in a nested loop
-- (measured: past the 15 s statement timeout). Returns how many.
CREATE FUNCTION customers.import_mark_duplicates(p_import bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = customers, core, pg_temp AS $$
DECLARE n integer;
BEGIN
  EXECUTE $q$
    UPDATE core.import_rows r
       SET status = 'duplicate',
           errors = jsonb_build_object('email', format('A customer with this email exists: %s (#%s).', c.name, c.id))
      FROM customers.customers c
     WHERE r.import_id = $1 AND r.status = 'ok' AND r.data ? 'email'
       AND lower(c.email) = r.data->>'email' AND c.email <> '' AND c.archived_at IS NULL
  $q$ USING p_import;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- One batch: the customers of the next p_batch rows to apply (ok rows,
-- and duplicates when the user chose to import them), each with its
-- contact (when the row names one) and its property (when the row has
-- any property column), in three set-based INSERTs. Ids are drawn first
-- so the contacts and properties know their customer. Most of a batch's
-- time is the indexes of the three tables (five GIN: trigrams, words,
-- tags); with a pending list of 512 MB a batch only appends to the GIN
-- lists and autovacuum merges them after the import, in bulk (a batch of
-- 10,000 customers measured 25-45% faster than with the default 4 MB).
CREATE FUNCTION customers.import_apply(p_import bigint, p_after integer, p_batch integer)
RETURNS TABLE (applied integer, last_line integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = customers, core, pg_temp SET gin_pending_list_limit = '512MB' AS $$
DECLARE dup text;
BEGIN
  SELECT i.duplicates INTO dup FROM core.imports i WHERE i.id = p_import;
  RETURN QUERY
  WITH src AS MATERIALIZED (
    SELECT nextval('customers.customers_id_seq') AS cid, s.line_no, s.data
      FROM (SELECT r.line_no, r.data FROM core.import_rows r
             WHERE r.import_id = p_import AND r.line_no > p_after
               AND (r.status = 'ok' OR (r.status = 'duplicate' AND dup = 'import'))
             ORDER BY r.line_no LIMIT p_batch) s
  ), cust AS (
    INSERT INTO customers.customers (id, kind, name, email, phone, billing_line1, billing_line2, billing_city,
                                     billing_region, billing_postal_code, billing_country, tags, notes, import_id)
    SELECT cid, coalesce(data->>'kind', 'residential'), data->>'name', coalesce(data->>'email', ''),
           coalesce(data->>'phone', ''), coalesce(data->>'billing_line1', ''), coalesce(data->>'billing_line2', ''),
           coalesce(data->>'billing_city', ''), coalesce(data->>'billing_region', ''),
           coalesce(data->>'billing_postal_code', ''), coalesce(data->>'billing_country', ''),
           ARRAY(SELECT jsonb_array_elements_text(coalesce(data->'tags', '[]'))), coalesce(data->>'notes', ''),
           p_import
      FROM src
    RETURNING 1
  ), cont AS (
    INSERT INTO customers.contacts (customer_id, name, title, email, phone, preferred_channel, is_primary, import_id)
    SELECT cid, data->>'contact_name', coalesce(data->>'contact_title', ''), coalesce(data->>'contact_email', ''),
           coalesce(data->>'contact_phone', ''), coalesce(data->>'contact_preferred_channel', 'email'), true, p_import
      FROM src WHERE coalesce(data->>'contact_name', '') <> ''
    RETURNING 1
  ), prop AS (
    INSERT INTO customers.properties (customer_id, name, type, line1, line2, city, region, postal_code, country,
                                      access_notes, import_id)
    SELECT cid, coalesce(data->>'property_name', data->>'property_line1', 'Main property'),
           coalesce(data->>'property_type', 'house'), coalesce(data->>'property_line1', ''),
           coalesce(data->>'property_line2', ''), coalesce(data->>'property_city', ''),
           coalesce(data->>'property_region', ''), coalesce(data->>'property_postal_code', ''),
           coalesce(data->>'property_country', ''), coalesce(data->>'property_access_notes', ''), p_import
      FROM src
     WHERE data ?| ARRAY['property_name','property_line1','property_line2','property_city','property_region',
                         'property_postal_code','property_country','property_access_notes','property_type']
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM cust)::integer, (SELECT max(line_no) FROM src)::integer;
END $$;

-- Undo, step 1 (the responder, before anything is removed): refused
-- unless the import is applied (or failed after some batches) within its
-- window, and unless none of what it created changed since: a customer
-- edited, archived or given a contact, property, communication or
-- document by a person, or an imported contact or property edited (the
-- first ten are named). When it may go ahead the import becomes
-- 'undoing' and hearth-worker removes it a batch at a time
-- (customers.import_undo_batch); 100,000 customers cascade to 700,000
-- foreign-key checks, more than one request should wait for.
CREATE FUNCTION customers.import_undo_check(p_import bigint)
RETURNS TABLE (ok boolean, detail text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = customers, core, pg_temp AS $$
DECLARE
  i        core.imports;
  blockers text;
  nblock   integer;
BEGIN
  SELECT * INTO i FROM core.imports WHERE id = p_import AND kind = 'customers' FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT false, 'No such import.'::text;
    RETURN;
  END IF;
  IF i.status NOT IN ('applied', 'failed') OR i.applied_rows = 0 THEN
    RETURN QUERY SELECT false, format('This import is %s: only an applied import can be undone.', i.status);
    RETURN;
  END IF;
  IF i.undo_until IS NULL OR i.undo_until < now() THEN
    RETURN QUERY SELECT false, format('The undo window closed at %s.', core.rfc3339(i.undo_until));
    RETURN;
  END IF;
  WITH changed AS (
    SELECT c.id, c.name, 'edited or archived' AS why FROM customers.customers c
     WHERE c.import_id = p_import AND c.version > 1
    UNION ALL
    SELECT c.id, c.name, 'a contact added or edited' FROM customers.customers c
      JOIN customers.contacts t ON t.customer_id = c.id
     WHERE c.import_id = p_import AND (t.import_id IS DISTINCT FROM p_import OR t.version > 1)
    UNION ALL
    SELECT c.id, c.name, 'a property added or edited' FROM customers.customers c
      JOIN customers.properties p ON p.customer_id = c.id
     WHERE c.import_id = p_import AND (p.import_id IS DISTINCT FROM p_import OR p.version > 1)
    UNION ALL
    SELECT c.id, c.name, 'communications logged' FROM customers.customers c
      JOIN customers.communications m ON m.customer_id = c.id WHERE c.import_id = p_import
    UNION ALL
    SELECT c.id, c.name, 'documents uploaded' FROM customers.customers c
      JOIN customers.documents d ON d.customer_id = c.id WHERE c.import_id = p_import
  ), one AS (
    SELECT DISTINCT ON (id) id, name, why FROM changed ORDER BY id
  )
  SELECT count(*), string_agg(format('%s (#%s): %s', x.name, x.id, x.why), '; ' ORDER BY x.id)
           FILTER (WHERE x.rn <= 10)
    INTO nblock, blockers
    FROM (SELECT one.*, row_number() OVER (ORDER BY one.id) AS rn FROM one) x;
  IF nblock > 0 THEN
    RETURN QUERY SELECT false,
      format('%s of the imported customers changed since the import, so it cannot be undone: %s%s',
             nblock, blockers, CASE WHEN nblock > 10 THEN '; …' ELSE '' END);
    RETURN;
  END IF;
  UPDATE core.imports SET status = 'undoing', undone_rows = 0, undo_note = NULL,
         version = version + 1, updated_at = now()
   WHERE id = p_import;
  RETURN QUERY SELECT true, 'Undoing: this page shows the progress.'::text;
END $$;

-- Undo, each batch (hearth-worker): the next p_batch imported customers
-- that still nobody changed, with their imported contacts and properties.
-- One changed between the check and its batch is kept, and counted.
CREATE FUNCTION customers.import_undo_batch(p_import bigint, p_batch integer)
RETURNS TABLE (removed integer, kept integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = customers, core, pg_temp AS $$
DECLARE
  ids bigint[];
  n   integer;
BEGIN
  SELECT array_agg(c.id) INTO ids FROM (
    SELECT c.id FROM customers.customers c
     WHERE c.import_id = p_import AND c.version = 1
       AND NOT EXISTS (SELECT 1 FROM customers.contacts t WHERE t.customer_id = c.id
                        AND (t.import_id IS DISTINCT FROM p_import OR t.version > 1))
       AND NOT EXISTS (SELECT 1 FROM customers.properties p WHERE p.customer_id = c.id
                        AND (p.import_id IS DISTINCT FROM p_import OR p.version > 1))
       AND NOT EXISTS (SELECT 1 FROM customers.communications m WHERE m.customer_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM customers.documents d WHERE d.customer_id = c.id)
     ORDER BY c.id LIMIT p_batch
       FOR UPDATE OF c) c;
  IF ids IS NULL THEN
    RETURN QUERY SELECT 0, (SELECT count(*)::integer FROM customers.customers c WHERE c.import_id = p_import);
    RETURN;
  END IF;
  DELETE FROM customers.properties WHERE customer_id = ANY (ids) AND import_id = p_import;
  DELETE FROM customers.contacts WHERE customer_id = ANY (ids) AND import_id = p_import;
  DELETE FROM customers.customers WHERE id = ANY (ids);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN QUERY SELECT n, 0;
END $$;

INSERT INTO core.import_kinds (kind, family, apply, undo, undo_window, batch)
VALUES ('customers', 'customers', 'customers.import_apply', 'customers.import_undo_batch', interval '7 days', 10000);

GRANT SELECT ON core.import_kinds TO hearth_customers;
GRANT SELECT, INSERT, UPDATE ON core.imports, core.import_mappings TO hearth_customers;
GRANT SELECT, INSERT, DELETE ON core.import_rows TO hearth_customers;
GRANT USAGE ON SEQUENCE core.imports_id_seq TO hearth_customers;
REVOKE EXECUTE ON FUNCTION customers.import_apply(bigint, integer, integer), core.import_step(jsonb),
  core.imports_purge(), customers.import_mark_duplicates(bigint), customers.import_undo_check(bigint),
  customers.import_undo_batch(bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION customers.import_mark_duplicates(bigint), customers.import_undo_check(bigint) TO hearth_customers;
GRANT EXECUTE ON FUNCTION core.import_step(jsonb), core.imports_purge() TO hearth_worker;
