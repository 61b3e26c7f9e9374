-- Catalog structure (docs/catalog.md): accessories of a product, kits made
-- of other products, a product's image, and inventory.expand(), the one
-- function other families call to turn "add this product" into the lines
-- of a quote or a project.
--
-- The graph rules are the database's, whoever writes:
-- - a product is never its own accessory nor its own part (CHECKs);
-- - no cycle through accessories, none through kits (a kit cannot contain
--   itself directly or through another kit): BEFORE triggers walk the
--   graph under one transaction-level advisory lock, so two concurrent
--   inserts that would close a cycle together run one after the other
--   and the second sees the first;
-- - a kit is not stocked: lock_product (every stock function's first
--   step) refuses a kit by name, and a stock level of a kit cannot exist
--   (trigger backstop); a product with stock cannot become a kit.
-- Refusals are 23514 naming the field, as sql/031's (the triggers are
-- SECURITY DEFINER: inventory.refuse is the schema owner's).

-- ---- accessories ----

-- required: added with the product automatically (a TV's wall mount);
-- recommended / optional: offered when the product is added to a quote or
-- a project. qty is per unit of the product.
CREATE TABLE inventory.product_accessories (
  id            bigserial PRIMARY KEY,
  product_id    bigint NOT NULL REFERENCES inventory.products(id),
  accessory_id  bigint NOT NULL REFERENCES inventory.products(id),
  kind          text NOT NULL CHECK (kind IN ('required','recommended','optional')),
  qty           integer NOT NULL DEFAULT 1 CHECK (qty BETWEEN 1 AND 10000),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT accessory_id CHECK (accessory_id <> product_id),
  UNIQUE (product_id, accessory_id)
);
CREATE INDEX product_accessories_accessory_idx ON inventory.product_accessories (accessory_id, product_id);

-- ---- kits ----

-- A kit is a product with a row here. Its cost is the sum of its parts'
-- costs; its labour is its own labour_minutes (the extra work: fitting,
-- commissioning) plus its parts'; its price is the sum of its parts'
-- prices (price_rule 'sum') or its own price_cents ('own': a bundle
-- price). Both are shown; expand() uses the one the rule names.
CREATE TABLE inventory.kits (
  product_id  bigint PRIMARY KEY REFERENCES inventory.products(id),
  price_rule  text NOT NULL DEFAULT 'sum' CHECK (price_rule IN ('sum','own')),
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inventory.kit_parts (
  id          bigserial PRIMARY KEY,
  kit_id      bigint NOT NULL REFERENCES inventory.kits(product_id),
  part_id     bigint NOT NULL REFERENCES inventory.products(id),
  qty         integer NOT NULL CHECK (qty BETWEEN 1 AND 10000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT part_id CHECK (part_id <> kit_id),
  UNIQUE (kit_id, part_id)
);
CREATE INDEX kit_parts_part_idx ON inventory.kit_parts (part_id, kit_id);

-- ---- image ----

-- The product's picture, in the content-addressed store (core.files,
-- lib/files.c), served by nginx. The type is what the bytes are (PNG,
-- JPEG, WebP or GIF, checked by their signature), never what the browser said.
ALTER TABLE inventory.products
  ADD COLUMN image_sha256 text REFERENCES core.files(sha256),
  ADD COLUMN image_type   text CHECK (image_type IN ('image/png','image/jpeg','image/webp','image/gif')),
  ADD COLUMN image_name   text CHECK (length(image_name) <= 255),
  ADD CONSTRAINT products_image_whole CHECK ((image_sha256 IS NULL) = (image_type IS NULL));

-- ---- the graph checks ----

-- Accessories: the new link product → accessory closes a cycle when the
-- product is reachable from the accessory through accessories (any kind:
-- a required cycle would expand forever, an offered one is nonsense).
CREATE FUNCTION inventory.accessory_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE a inventory.products; p inventory.products;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('inventory.catalog_graph'));
  SELECT * INTO p FROM inventory.products WHERE id = NEW.product_id;
  SELECT * INTO a FROM inventory.products WHERE id = NEW.accessory_id;
  IF a.id IS NULL THEN
    PERFORM inventory.refuse('accessory_id', 'No such product.');
  END IF;
  IF NEW.accessory_id = NEW.product_id THEN
    PERFORM inventory.refuse('accessory_id', format('%s cannot be an accessory of itself.', a.sku));
  END IF;
  IF a.archived_at IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.accessory_id <> OLD.accessory_id) THEN
    PERFORM inventory.refuse('accessory_id', format('%s is archived.', a.sku));
  END IF;
  IF EXISTS (
    WITH RECURSIVE reach(id, depth) AS (
      SELECT x.accessory_id, 1 FROM inventory.product_accessories x WHERE x.product_id = NEW.accessory_id
      UNION
      SELECT x.accessory_id, r.depth + 1 FROM reach r JOIN inventory.product_accessories x ON x.product_id = r.id
       WHERE r.depth < 50
    ) SELECT 1 FROM reach WHERE id = NEW.product_id) THEN
    PERFORM inventory.refuse('accessory_id', format('%s already has %s among its own accessories: that would be a loop.',
      a.sku, p.sku));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER accessory_check BEFORE INSERT OR UPDATE ON inventory.product_accessories
  FOR EACH ROW EXECUTE FUNCTION inventory.accessory_check();

-- Kit parts: the new part closes a cycle when the kit is the part or is
-- found inside the part (the part is a kit that contains it, at any depth).
CREATE FUNCTION inventory.kit_part_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE k inventory.products; p inventory.products;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('inventory.catalog_graph'));
  SELECT * INTO k FROM inventory.products WHERE id = NEW.kit_id;
  SELECT * INTO p FROM inventory.products WHERE id = NEW.part_id;
  IF p.id IS NULL THEN
    PERFORM inventory.refuse('part_id', 'No such product.');
  END IF;
  IF NEW.part_id = NEW.kit_id THEN
    PERFORM inventory.refuse('part_id', format('%s cannot be a part of itself.', k.sku));
  END IF;
  IF p.archived_at IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.part_id <> OLD.part_id) THEN
    PERFORM inventory.refuse('part_id', format('%s is archived.', p.sku));
  END IF;
  IF EXISTS (
    WITH RECURSIVE inside(id, depth) AS (
      SELECT x.part_id, 1 FROM inventory.kit_parts x WHERE x.kit_id = NEW.part_id
      UNION
      SELECT x.part_id, i.depth + 1 FROM inside i JOIN inventory.kit_parts x ON x.kit_id = i.id WHERE i.depth < 50
    ) SELECT 1 FROM inside WHERE id = NEW.kit_id) THEN
    PERFORM inventory.refuse('part_id', format('%s contains %s already: a kit cannot contain itself.', p.sku, k.sku));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER kit_part_check BEFORE INSERT OR UPDATE ON inventory.kit_parts
  FOR EACH ROW EXECUTE FUNCTION inventory.kit_part_check();

-- A product becomes a kit only without stock and without serial numbers:
-- a kit is not stocked (its parts are).
CREATE FUNCTION inventory.kit_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE p inventory.products; t inventory.stock_totals;
BEGIN
  SELECT * INTO p FROM inventory.products WHERE id = NEW.product_id;
  SELECT * INTO t FROM inventory.stock_totals WHERE product_id = NEW.product_id FOR UPDATE;
  IF p.serialised THEN
    PERFORM inventory.refuse('product_id', format('%s is serialised: a kit has no serial number of its own.', p.sku));
  END IF;
  IF coalesce(t.on_hand, 0) > 0 OR coalesce(t.allocated, 0) > 0 THEN
    PERFORM inventory.refuse('product_id', format('%s has %s on hand: a kit is not stocked. Move its stock out first.',
      p.sku, t.on_hand));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER kit_check BEFORE INSERT ON inventory.kits FOR EACH ROW EXECUTE FUNCTION inventory.kit_check();

-- A kit is never stocked: every stock function starts here (sql/031), so
-- the refusal names the kit before any level is touched.
CREATE OR REPLACE FUNCTION inventory.lock_product(p_product bigint, p_qty integer) RETURNS inventory.products
LANGUAGE plpgsql SET search_path = inventory, pg_temp AS $$
DECLARE p inventory.products;
BEGIN
  IF p_qty IS NULL OR p_qty <= 0 THEN
    PERFORM inventory.refuse('qty', 'Enter a whole number of at least 1.');
  END IF;
  PERFORM 1 FROM inventory.stock_totals WHERE product_id = p_product FOR UPDATE;
  SELECT * INTO p FROM inventory.products WHERE id = p_product;
  IF NOT FOUND THEN
    PERFORM inventory.refuse('product_id', 'No such product.');
  END IF;
  IF EXISTS (SELECT 1 FROM inventory.kits k WHERE k.product_id = p_product) THEN
    PERFORM inventory.refuse('product_id', format('%s is a kit: kits are not stocked. Receive, move or reserve its'
      ' parts instead.', p.sku));
  END IF;
  RETURN p;
END $$;

-- The backstop: whatever function writes a level, none exists for a kit.
CREATE FUNCTION inventory.level_not_kit() RETURNS trigger
LANGUAGE plpgsql SET search_path = inventory, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inventory.kits k WHERE k.product_id = NEW.product_id) THEN
    PERFORM inventory.refuse('product_id', 'A kit is not stocked: move its parts instead.');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER level_not_kit BEFORE INSERT ON inventory.stock_levels
  FOR EACH ROW EXECUTE FUNCTION inventory.level_not_kit();

-- ---- roll-up ----

-- A kit's figures from its parts, kits within kits opened (depth 20 at
-- most; cycles cannot exist). Integer cents and minutes, summed exactly.
-- parts_price_cents: the parts' prices, a nested kit priced by its own
-- rule; price_cents: what the kit sells for under its rule.
CREATE FUNCTION inventory.kit_rollup(p_kit bigint)
RETURNS TABLE (price_rule text, parts_cost_cents bigint, parts_price_cents bigint, parts_labour_minutes bigint,
               own_price_cents bigint, own_labour_minutes bigint, cost_cents bigint, price_cents bigint,
               labour_minutes bigint)
LANGUAGE sql STABLE SET search_path = inventory, pg_temp AS $$
  WITH RECURSIVE tree(product_id, qty, depth, in_own) AS (
    SELECT kp.part_id, kp.qty::bigint, 1, false FROM inventory.kit_parts kp WHERE kp.kit_id = p_kit
    UNION ALL
    SELECT kp.part_id, t.qty * kp.qty, t.depth + 1, t.in_own OR k.price_rule = 'own'
      FROM tree t JOIN inventory.kits k ON k.product_id = t.product_id
      JOIN inventory.kit_parts kp ON kp.kit_id = t.product_id
     WHERE t.depth < 20
  ), sums AS (
    SELECT coalesce(sum(p.cost_cents * t.qty) FILTER (WHERE k.product_id IS NULL), 0)::bigint AS cost,
           coalesce(sum(CASE WHEN NOT t.in_own AND (k.product_id IS NULL OR k.price_rule = 'own')
                             THEN p.price_cents * t.qty ELSE 0 END), 0)::bigint AS price,
           coalesce(sum(p.labour_minutes * t.qty), 0)::bigint AS labour
      FROM tree t JOIN inventory.products p ON p.id = t.product_id
      LEFT JOIN inventory.kits k ON k.product_id = t.product_id
  )
  SELECT k.price_rule, s.cost, s.price, s.labour, p.price_cents, p.labour_minutes::bigint, s.cost,
         CASE WHEN k.price_rule = 'own' THEN p.price_cents ELSE s.price END, p.labour_minutes + s.labour
    FROM inventory.kits k JOIN inventory.products p ON p.id = k.product_id, sums s
   WHERE k.product_id = p_kit
$$;

-- ---- expand ----

-- inventory.expand: the lines to add to a quote or a project for p_qty of
-- a product (docs/catalog.md). Every line's unit figures times its qty
-- sum to the whole: a line whose price is carried by a kit above it has
-- unit_price_cents 0 (its own price stays in list_price_cents).
--   role 'product'  the product (a kit not exploded: its rolled-up figures)
--        'kit'      a kit opened (p_explode_kits): its own labour, its price
--                   when its rule is 'own' (else its parts carry theirs), no cost
--        'part'     a part of a kit opened (kits within kits are opened too)
--        'required' a required accessory of any line above (and theirs, in
--                   turn); qty summed when several lines require it
--        'recommended', 'optional'  offered (offer = true), not added:
--                   of the product and the parts, one level, not already a line
-- Archived accessories are left out; an archived part stays (archived = true).
-- Refuses (23514) qty outside 1..1,000,000 and a missing or archived product.
CREATE FUNCTION inventory.expand(p_product bigint, p_qty integer, p_explode_kits boolean DEFAULT true)
RETURNS TABLE (line integer, role text, product_id bigint, sku text, name text, unit text, qty bigint,
               offer boolean, parent_id bigint, unit_cost_cents bigint, unit_price_cents bigint,
               unit_labour_minutes bigint, list_price_cents bigint, archived boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
#variable_conflict use_column
DECLARE p inventory.products;
BEGIN
  IF p_qty IS NULL OR p_qty < 1 OR p_qty > 1000000 THEN
    PERFORM inventory.refuse('qty', 'Enter a whole number from 1 to 1000000.');
  END IF;
  SELECT * INTO p FROM inventory.products x WHERE x.id = p_product;
  IF NOT FOUND THEN
    PERFORM inventory.refuse('product_id', 'No such product.');
  ELSIF p.archived_at IS NOT NULL THEN
    PERFORM inventory.refuse('product_id', format('%s is archived: it cannot be added.', p.sku));
  END IF;
  RETURN QUERY
  WITH RECURSIVE tree(product_id, qty, parent_id, depth, path, in_own) AS (
    SELECT p.id, p_qty::bigint, NULL::bigint, 0, ARRAY[0::bigint], false
    UNION ALL
    SELECT kp.part_id, t.qty * kp.qty, t.product_id, t.depth + 1, t.path || kp.id, t.in_own OR k.price_rule = 'own'
      FROM tree t JOIN inventory.kits k ON k.product_id = t.product_id
      JOIN inventory.kit_parts kp ON kp.kit_id = t.product_id
     WHERE p_explode_kits AND t.depth < 20
  ), lines AS (
    SELECT 0 AS grp, t.path, ''::text AS skey, t.product_id, t.qty, t.parent_id,
           CASE WHEN k.product_id IS NULL THEN CASE WHEN t.depth = 0 THEN 'product' ELSE 'part' END
                WHEN NOT p_explode_kits THEN 'product' ELSE 'kit' END AS role,
           CASE WHEN k.product_id IS NULL THEN x.cost_cents WHEN NOT p_explode_kits THEN r.cost_cents ELSE 0 END AS cost,
           CASE WHEN t.in_own THEN 0
                WHEN k.product_id IS NULL THEN x.price_cents
                WHEN NOT p_explode_kits THEN r.price_cents
                WHEN k.price_rule = 'own' THEN x.price_cents ELSE 0 END AS price,
           CASE WHEN k.product_id IS NOT NULL AND NOT p_explode_kits THEN r.labour_minutes
                ELSE x.labour_minutes::bigint END AS labour
      FROM tree t JOIN inventory.products x ON x.id = t.product_id
      LEFT JOIN inventory.kits k ON k.product_id = t.product_id
      LEFT JOIN LATERAL inventory.kit_rollup(k.product_id) r ON k.product_id IS NOT NULL AND NOT p_explode_kits
  ), req(product_id, qty, parent_id, depth) AS (
    SELECT a.accessory_id, a.qty * t.qty, t.product_id, 1
      FROM tree t JOIN inventory.product_accessories a ON a.product_id = t.product_id AND a.kind = 'required'
    UNION ALL
    SELECT a.accessory_id, a.qty * q.qty, q.product_id, q.depth + 1
      FROM req q JOIN inventory.product_accessories a ON a.product_id = q.product_id AND a.kind = 'required'
     WHERE q.depth < 20
  ), req_sum AS (
    SELECT q.product_id, sum(q.qty)::bigint AS qty, min(q.parent_id) AS parent_id, min(q.depth) AS depth
      FROM req q GROUP BY q.product_id
  ), offers AS (
    SELECT a.accessory_id AS product_id, a.kind, sum(a.qty * t.qty)::bigint AS qty, min(t.product_id) AS parent_id
      FROM tree t JOIN inventory.product_accessories a ON a.product_id = t.product_id
     WHERE a.kind IN ('recommended','optional')
       AND NOT EXISTS (SELECT 1 FROM tree t2 WHERE t2.product_id = a.accessory_id)
       AND NOT EXISTS (SELECT 1 FROM req_sum q WHERE q.product_id = a.accessory_id)
     GROUP BY a.accessory_id, a.kind
  ), figures AS (
    -- an accessory that is a kit comes whole, at its rolled-up figures
    SELECT x.id, coalesce(r.cost_cents, x.cost_cents) AS cost, coalesce(r.price_cents, x.price_cents) AS price,
           coalesce(r.labour_minutes, x.labour_minutes) AS labour
      FROM inventory.products x LEFT JOIN LATERAL inventory.kit_rollup(x.id) r ON true
     WHERE x.id IN (SELECT q.product_id FROM req_sum q UNION SELECT o.product_id FROM offers o)
  ), everything AS (
    SELECT l.grp, l.path, l.skey, l.role, l.product_id, l.qty, l.parent_id, l.cost, l.price, l.labour FROM lines l
    UNION ALL
    SELECT 1, ARRAY[q.depth::bigint], lower(x.sku), 'required', q.product_id, q.qty, q.parent_id,
           f.cost, f.price, f.labour
      FROM req_sum q JOIN inventory.products x ON x.id = q.product_id JOIN figures f ON f.id = q.product_id
     WHERE x.archived_at IS NULL
    UNION ALL
    SELECT CASE o.kind WHEN 'recommended' THEN 2 ELSE 3 END, '{}'::bigint[], lower(x.sku), o.kind, o.product_id, o.qty, o.parent_id,
           f.cost, f.price, f.labour
      FROM offers o JOIN inventory.products x ON x.id = o.product_id JOIN figures f ON f.id = o.product_id
     WHERE x.archived_at IS NULL
  )
  SELECT (row_number() OVER (ORDER BY e.grp, e.path, e.skey))::integer, e.role, e.product_id, x.sku, x.name, x.unit, e.qty,
         e.role IN ('recommended','optional'), e.parent_id, e.cost::bigint, e.price::bigint, e.labour::bigint,
         x.price_cents, x.archived_at IS NOT NULL
    FROM everything e JOIN inventory.products x ON x.id = e.product_id
   ORDER BY e.grp, e.path, e.skey;
END $$;

-- ---- the catalog export (cgi-bin/inventory/catalog_export.c) ----

-- A text cell as lib/csv.c writes it: one a spreadsheet would run as a
-- formula (= + - @ tab CR first) gets an apostrophe before it.
CREATE FUNCTION inventory.csv_cell(v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN left(v, 1) IN ('=', '+', '-', '@', E'\t', E'\r') THEN '''' || v ELSE v END
$$;

-- ---- who may do what ----

GRANT SELECT, INSERT, UPDATE, DELETE ON inventory.product_accessories, inventory.kits, inventory.kit_parts
  TO hearth_inventory;
GRANT SELECT ON inventory.product_accessories, inventory.kits, inventory.kit_parts
  TO hearth_projects, hearth_service, hearth_sales, hearth_analytics;
-- images go into the content-addressed store (lib/files.h)
GRANT SELECT, INSERT ON core.files TO hearth_inventory;
GRANT USAGE ON SEQUENCE inventory.product_accessories_id_seq, inventory.kit_parts_id_seq TO hearth_inventory;
REVOKE ALL ON FUNCTION inventory.expand(bigint, integer, boolean), inventory.kit_rollup(bigint),
  inventory.accessory_check(), inventory.kit_part_check(), inventory.kit_check(), inventory.level_not_kit()
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inventory.expand(bigint, integer, boolean), inventory.kit_rollup(bigint)
  TO hearth_inventory, hearth_sales, hearth_projects, hearth_service;

-- ---- events (the webhook catalogue, sql/018) ----

INSERT INTO core.webhook_event_types (type, description, example) VALUES
  ('inventory.accessory_added', 'A product was given an accessory (required: added with it; recommended or optional: offered).',
   '{"id": 12, "product_id": 41, "product_sku": "VSN-TV65-OLED", "accessory_id": 58, "accessory_sku": "MNT-TILT-L", "accessory_name": "Tilting wall mount, large", "kind": "required", "qty": 1, "created_at": "2026-03-02T15:04:05Z"}'),
  ('inventory.accessory_removed', 'An accessory was taken off a product (data: the link as it was).',
   '{"id": 12, "product_id": 41, "product_sku": "VSN-TV65-OLED", "accessory_id": 58, "accessory_sku": "MNT-TILT-L", "accessory_name": "Tilting wall mount, large", "kind": "required", "qty": 1, "created_at": "2026-03-02T15:04:05Z"}'),
  ('inventory.kit_changed', 'A kit was made, its price rule changed, a part added, changed or removed, or it stopped being a kit (data: the kit with its parts and roll-up after the change; is_kit false when it stopped).',
   '{"product_id": 318, "sku": "KIT-LR-AUDIO", "name": "Living room audio kit", "unit": "each", "archived_at": null, "own_cost_cents": 0, "own_price_cents": 0, "own_labour_minutes": 180, "is_kit": true, "price_rule": "sum", "version": 3, "parts": [{"id": 5, "part_id": 49, "sku": "AUR-AMP-2", "name": "Streaming amplifier, 2 ch", "unit": "each", "qty": 1, "cost_cents": 44900, "price_cents": 69599, "labour_minutes": 45, "archived": false, "is_kit": false, "product_url": "/products/49"}, {"id": 6, "part_id": 61, "sku": "TNH-IW6-STD", "name": "In-wall speaker 6.5 in (pair), standard", "unit": "each", "qty": 1, "cost_cents": 23689, "price_cents": 41499, "labour_minutes": 75, "archived": false, "is_kit": false, "product_url": "/products/61"}], "rollup": {"price_rule": "sum", "parts_cost_cents": 68589, "parts_price_cents": 111098, "parts_labour_minutes": 120, "own_price_cents": 0, "own_labour_minutes": 180, "cost_cents": 68589, "price_cents": 111098, "labour_minutes": 300}, "url": "/products/318/kit", "product_url": "/products/318", "change": "part_added"}'),
  ('inventory.product_image_changed', 'A product''s image was uploaded, replaced or removed (data: the product id, sku, version and the image, null when removed).',
   '{"product_id": 41, "sku": "VSN-TV65-OLED", "version": 5, "image": {"sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "type": "image/jpeg", "name": "tv65.jpg"}}');
