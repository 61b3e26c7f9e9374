-- Distributor price lists (docs/catalog.md): a CSV of one supplier's
-- products and prices through lib/import (sql/020), the kind 'price_list'.
-- Applying it creates the products the catalog lacks, sets that
-- supplier's cost (and SKU, pack size) on every product of the list, and
-- the list price where the file gives one; every change is kept, old and
-- new, for the page and the CSV that list them afterwards.

-- ---- lib/import: a scope per import ----

-- What an import belongs to, chosen at the upload: a price list's
-- supplier (its id as text). '' for kinds without (customers). The
-- mapping is remembered per kind and scope: each supplier's file has its
-- own columns, and the next file from that supplier is mapped as the last.
ALTER TABLE core.imports ADD COLUMN scope text NOT NULL DEFAULT '' CHECK (length(scope) <= 100);
ALTER TABLE core.import_mappings ADD COLUMN scope text NOT NULL DEFAULT '' CHECK (length(scope) <= 100);
ALTER TABLE core.import_mappings DROP CONSTRAINT import_mappings_pkey;
ALTER TABLE core.import_mappings ADD PRIMARY KEY (kind, scope);

-- ---- what a price list changed ----

-- Products a price list created carry its id.
ALTER TABLE inventory.products ADD COLUMN import_id bigint;
CREATE INDEX products_import_idx ON inventory.products (import_id) WHERE import_id IS NOT NULL;

-- One row per line of the file that changed something: the product
-- created or found, the supplier's cost before and after, the list price
-- before and after (NULL before: it did not exist; equal: unchanged).
CREATE TABLE inventory.price_list_changes (
  import_id       bigint NOT NULL REFERENCES core.imports(id) ON DELETE CASCADE,
  line_no         integer NOT NULL,
  product_id      bigint NOT NULL REFERENCES inventory.products(id),
  created         boolean NOT NULL,
  old_cost_cents  bigint,
  new_cost_cents  bigint NOT NULL,
  old_price_cents bigint,
  new_price_cents bigint NOT NULL,
  PRIMARY KEY (import_id, line_no)
);
CREATE INDEX price_list_changes_product_idx ON inventory.price_list_changes (product_id);

-- One batch of a price list (hearth-worker, core.import_step): the next
-- p_batch rows after line p_after, set-based. A SKU repeated in the file
-- is marked a duplicate at the preview: skipped, its first line counts;
-- imported anyway (core.imports.duplicates), its last line does (a SKU in
-- another case is the same SKU: within a batch the last line wins, and a
-- later batch comes after an earlier one). Money in the file is a decimal
-- with at most two places (checked at the preview), stored in cents.
-- New products: name from the file, else maker and model, else the SKU;
-- category 'other' and unit 'each' unless given; their cost is the
-- supplier's. Existing products: the supplier's cost, SKU and pack size
-- on product_suppliers (a row made when the supplier did not sell it
-- yet), the list price when the file gives one, and the product's own
-- cost when this supplier is its preferred one or it has no other; their
-- version moves on (an open edit form then gets 409, not a silent
-- overwrite). The last batch writes inventory.price_list_applied.
CREATE FUNCTION inventory.price_list_apply(p_import bigint, p_after integer, p_batch integer)
RETURNS TABLE (applied integer, last_line integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = inventory, core, pg_temp SET gin_pending_list_limit = '512MB' AS $$
DECLARE
  v_supplier bigint;
  v_user     bigint;
  dup        text;
  n          integer;
  last       integer;
BEGIN
  SELECT s.id, i.created_by, i.duplicates INTO v_supplier, v_user, dup
    FROM core.imports i JOIN inventory.suppliers s ON s.id::text = i.scope WHERE i.id = p_import;
  IF v_supplier IS NULL THEN
    RAISE EXCEPTION 'the supplier of this price list no longer exists';
  END IF;
  CREATE TEMP TABLE pl ON COMMIT DROP AS
  SELECT x.*, p.id AS product_id, p.price_cents AS old_price_cents, ps.id AS ps_id, ps.cost_cents AS old_cost_cents,
         p.id IS NULL AS created
    FROM (SELECT DISTINCT ON (lower(r.data->>'sku')) r.line_no, r.data->>'sku' AS sku,
                 r.data->>'supplier_sku' AS supplier_sku, r.data->>'name' AS name,
                 r.data->>'manufacturer' AS manufacturer, r.data->>'model' AS model, r.data->>'category' AS category,
                 r.data->>'unit' AS unit, r.data->>'description' AS description,
                 round((r.data->>'cost')::numeric * 100)::bigint AS cost_cents,
                 round((r.data->>'price')::numeric * 100)::bigint AS price_cents,
                 (r.data->>'pack_size')::integer AS pack_size
            FROM (SELECT * FROM core.import_rows r WHERE r.import_id = p_import AND r.line_no > p_after
                     AND (r.status = 'ok' OR (r.status = 'duplicate' AND dup = 'import'))
                   ORDER BY r.line_no LIMIT p_batch) r
           ORDER BY lower(r.data->>'sku'), r.line_no DESC) x
    LEFT JOIN inventory.products p ON lower(p.sku) = lower(x.sku)
    LEFT JOIN inventory.product_suppliers ps ON ps.product_id = p.id AND ps.supplier_id = v_supplier
          AND ps.archived_at IS NULL;
  -- the rows read (a SKU repeated in the batch among them): the cursor and the count
  SELECT max(r.line_no), count(*)::integer INTO last, n FROM (SELECT r.line_no FROM core.import_rows r
     WHERE r.import_id = p_import AND r.line_no > p_after
       AND (r.status = 'ok' OR (r.status = 'duplicate' AND dup = 'import')) ORDER BY r.line_no LIMIT p_batch) r;

  -- the products the catalog lacks
  WITH made AS (
    INSERT INTO inventory.products (sku, manufacturer, model, name, category, description, unit, cost_cents,
                                    price_cents, import_id)
    SELECT b.sku, coalesce(b.manufacturer, ''), coalesce(b.model, ''),
           left(coalesce(b.name, nullif(btrim(concat_ws(' ', b.manufacturer, b.model)), ''), b.sku), 200),
           coalesce(b.category, 'other'), coalesce(b.description, ''), coalesce(b.unit, 'each'), b.cost_cents,
           coalesce(b.price_cents, 0), p_import
      FROM pl b WHERE b.created
    RETURNING id, lower(sku) AS key
  )
  UPDATE pl b SET product_id = m.id FROM made m WHERE lower(b.sku) = m.key;

  -- the list price, and the product's own cost when this supplier is the one it is bought from
  UPDATE inventory.products p
     SET price_cents = coalesce(b.price_cents, p.price_cents),
         cost_cents = CASE WHEN NOT EXISTS (SELECT 1 FROM inventory.product_suppliers o WHERE o.product_id = p.id
                                              AND o.supplier_id <> v_supplier AND o.archived_at IS NULL)
                             OR EXISTS (SELECT 1 FROM inventory.product_suppliers o WHERE o.id = b.ps_id AND o.preferred)
                           THEN b.cost_cents ELSE p.cost_cents END,
         unit = coalesce(b.unit, p.unit),
         version = p.version + 1, updated_at = now()
    FROM pl b
   WHERE p.id = b.product_id AND NOT b.created
     AND (p.price_cents IS DISTINCT FROM coalesce(b.price_cents, p.price_cents)
          OR b.old_cost_cents IS DISTINCT FROM b.cost_cents OR p.unit IS DISTINCT FROM coalesce(b.unit, p.unit));

  -- the supplier's cost, SKU and pack size
  UPDATE inventory.product_suppliers ps
     SET cost_cents = b.cost_cents, supplier_sku = coalesce(b.supplier_sku, ps.supplier_sku),
         pack_size = coalesce(b.pack_size, ps.pack_size), version = ps.version + 1, updated_at = now()
    FROM pl b
   WHERE ps.id = b.ps_id AND (ps.cost_cents <> b.cost_cents OR ps.supplier_sku <> coalesce(b.supplier_sku, ps.supplier_sku)
                              OR ps.pack_size <> coalesce(b.pack_size, ps.pack_size));
  INSERT INTO inventory.product_suppliers (product_id, supplier_id, supplier_sku, cost_cents, pack_size, preferred)
  SELECT b.product_id, v_supplier, coalesce(b.supplier_sku, ''), b.cost_cents, coalesce(b.pack_size, 1),
         NOT EXISTS (SELECT 1 FROM inventory.product_suppliers o WHERE o.product_id = b.product_id AND o.preferred
                       AND o.archived_at IS NULL)
    FROM pl b WHERE b.ps_id IS NULL;

  -- what changed, old and new
  INSERT INTO inventory.price_list_changes (import_id, line_no, product_id, created, old_cost_cents, new_cost_cents,
                                            old_price_cents, new_price_cents)
  SELECT p_import, b.line_no, b.product_id, b.created, b.old_cost_cents, b.cost_cents,
         CASE WHEN b.created THEN NULL ELSE b.old_price_cents END, coalesce(b.price_cents, b.old_price_cents, 0)
    FROM pl b
   WHERE b.created OR b.old_cost_cents IS DISTINCT FROM b.cost_cents
      OR (b.price_cents IS NOT NULL AND b.price_cents <> b.old_price_cents);

  IF n < p_batch THEN
    -- the last batch: one event for the whole list (core.import_step writes import.applied too)
    INSERT INTO core.outbox (event, entity_id, payload)
    SELECT 'inventory.price_list_applied', p_import,
           jsonb_build_object('import_id', p_import, 'supplier_id', v_supplier,
             'supplier_name', (SELECT s.name FROM inventory.suppliers s WHERE s.id = v_supplier),
             'products_created', count(*) FILTER (WHERE c.created),
             'costs_changed', count(*) FILTER (WHERE NOT c.created AND c.old_cost_cents IS DISTINCT FROM c.new_cost_cents),
             'prices_changed', count(*) FILTER (WHERE NOT c.created AND c.old_price_cents <> c.new_price_cents),
             'changes_url', '/products/imports/' || p_import || '/changes')
      FROM inventory.price_list_changes c WHERE c.import_id = p_import;
  END IF;
  RETURN QUERY SELECT n, last;
END $$;

INSERT INTO core.import_kinds (kind, family, apply, undo, undo_window, batch)
VALUES ('price_list', 'inventory', 'inventory.price_list_apply', NULL, NULL, 10000);

-- The responder's part of an import (as sql/020 grants customers').
GRANT SELECT ON core.import_kinds TO hearth_inventory;
GRANT SELECT, INSERT, UPDATE ON core.imports, core.import_mappings TO hearth_inventory;
GRANT SELECT, INSERT, DELETE ON core.import_rows TO hearth_inventory;
GRANT USAGE ON SEQUENCE core.imports_id_seq TO hearth_inventory;
GRANT SELECT ON inventory.price_list_changes TO hearth_inventory, hearth_sales, hearth_analytics;
REVOKE EXECUTE ON FUNCTION inventory.price_list_apply(bigint, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inventory.price_list_apply(bigint, integer, integer) TO hearth_worker;

INSERT INTO core.webhook_event_types (type, description, example) VALUES
  ('inventory.price_list_applied', 'A distributor price list was applied: products created, the supplier''s costs and list prices changed (the changes, old and new, at changes_url).',
   '{"import_id": 14, "supplier_id": 2, "supplier_name": "Signal Supply Co.", "products_created": 12, "costs_changed": 240, "prices_changed": 96, "changes_url": "/products/imports/14/changes"}');
