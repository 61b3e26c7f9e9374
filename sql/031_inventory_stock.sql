-- Inventory stock (docs/inventory.md): a ledger of stock moves, the stock
-- levels derived from it, and the allocations of stock to projects and
-- service tickets.
--
-- Consistency is the database's job, not the responders':
-- - every change of stock is one call of a function below (owned by the
--   schema owner, SECURITY DEFINER): it writes the ledger row and changes
--   the levels in the same transaction; no responder role may write the
--   stock tables directly;
-- - stock_levels carries CHECKs (on_hand >= 0, allocated >= 0, allocated
--   <= on_hand): whatever a function gets wrong, a level never goes
--   negative nor promises more than is there;
-- - a change first locks the product's stock_totals row (FOR UPDATE), so
--   the moves of one product run one at a time in one lock order (totals,
--   then levels): two transfers in opposite directions cannot deadlock,
--   and a request that takes the last unit sees the level its
--   predecessor left (100 parallel allocations of the last 10 units: 10
--   succeed, tests/integration/inventory_stock.test.mjs).
-- Refusals are SQLSTATE 23514 with the field at fault as the constraint
-- name ('qty', 'from_location_id', ...) and a sentence as the message, so
-- a responder can put the message next to the field (422).

CREATE TABLE inventory.stock_levels (
  product_id   bigint NOT NULL REFERENCES inventory.products(id),
  location_id  bigint NOT NULL REFERENCES inventory.locations(id),
  on_hand      integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  allocated    integer NOT NULL DEFAULT 0 CHECK (allocated >= 0),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, location_id),
  CONSTRAINT stock_levels_within_on_hand CHECK (allocated <= on_hand)
);
CREATE INDEX stock_levels_location_idx ON inventory.stock_levels (location_id, product_id);

-- One row per product: its stock over every location, and whether it is
-- low (available at or under its reorder point). The low list reads the
-- partial index; each move locks this row first (see above).
CREATE TABLE inventory.stock_totals (
  product_id   bigint PRIMARY KEY REFERENCES inventory.products(id),
  on_hand      bigint NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  allocated    bigint NOT NULL DEFAULT 0 CHECK (allocated >= 0),
  low          boolean NOT NULL DEFAULT false
);
CREATE INDEX stock_totals_low_idx ON inventory.stock_totals (product_id) WHERE low;

-- The ledger. qty is always positive; the kind and the locations say
-- which way it went:
--   receipt, return       into to_location
--   transfer              from_location -> to_location
--   adjustment            into to_location (found) or out of from_location (lost), with a reason
--   write_off             out of from_location, with a reason
--   allocation, release   reserve / unreserve at from_location for a document
--   consumption           used from an allocation at from_location
CREATE TABLE inventory.stock_moves (
  id               bigserial PRIMARY KEY,
  at               timestamptz NOT NULL DEFAULT now(),
  kind             text NOT NULL CHECK (kind IN ('receipt','transfer','adjustment','write_off','return',
                     'allocation','release','consumption')),
  product_id       bigint NOT NULL REFERENCES inventory.products(id),
  qty              integer NOT NULL CHECK (qty > 0),
  from_location_id bigint REFERENCES inventory.locations(id),
  to_location_id   bigint REFERENCES inventory.locations(id),
  reason           text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
  doc_type         text NOT NULL DEFAULT '' CHECK (doc_type IN ('','delivery','po','project','ticket','count')),
  doc_id           bigint,
  doc_ref          text NOT NULL DEFAULT '' CHECK (length(doc_ref) <= 100),
  user_id          bigint,
  CHECK (CASE kind
    WHEN 'receipt' THEN from_location_id IS NULL AND to_location_id IS NOT NULL
    WHEN 'return' THEN from_location_id IS NULL AND to_location_id IS NOT NULL
    WHEN 'transfer' THEN from_location_id IS NOT NULL AND to_location_id IS NOT NULL
                         AND from_location_id <> to_location_id
    WHEN 'adjustment' THEN (from_location_id IS NULL) <> (to_location_id IS NULL) AND reason <> ''
    WHEN 'write_off' THEN from_location_id IS NOT NULL AND to_location_id IS NULL AND reason <> ''
    ELSE from_location_id IS NOT NULL AND to_location_id IS NULL AND doc_id IS NOT NULL END)
);
CREATE INDEX stock_moves_product_idx ON inventory.stock_moves (product_id, id);
CREATE INDEX stock_moves_from_idx    ON inventory.stock_moves (from_location_id, id) WHERE from_location_id IS NOT NULL;
CREATE INDEX stock_moves_to_idx      ON inventory.stock_moves (to_location_id, id) WHERE to_location_id IS NOT NULL;
CREATE INDEX stock_moves_doc_idx     ON inventory.stock_moves (doc_type, doc_id, id) WHERE doc_id IS NOT NULL;

-- Stock reserved for a project or a service ticket at one location: qty
-- is what is reserved now, consumed what has been used from it.
CREATE TABLE inventory.allocations (
  id           bigserial PRIMARY KEY,
  product_id   bigint NOT NULL REFERENCES inventory.products(id),
  location_id  bigint NOT NULL REFERENCES inventory.locations(id),
  doc_type     text NOT NULL CHECK (doc_type IN ('project','ticket')),
  doc_id       bigint NOT NULL CHECK (doc_id > 0),
  qty          integer NOT NULL DEFAULT 0 CHECK (qty >= 0),
  consumed     integer NOT NULL DEFAULT 0 CHECK (consumed >= 0),
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (product_id, location_id, doc_type, doc_id)
);
CREATE INDEX allocations_doc_idx ON inventory.allocations (doc_type, doc_id, id);
CREATE INDEX allocations_product_idx ON inventory.allocations (product_id, id);

-- A product's totals row from the start, and "low" kept in step with its
-- reorder point. SECURITY DEFINER: the responder cannot write the table.
CREATE FUNCTION inventory.product_totals() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO inventory.stock_totals (product_id, low) VALUES (NEW.id, NEW.reorder_point > 0);
  ELSIF NEW.reorder_point IS DISTINCT FROM OLD.reorder_point THEN
    UPDATE inventory.stock_totals t SET low = NEW.reorder_point > 0 AND t.on_hand - t.allocated <= NEW.reorder_point
     WHERE t.product_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER product_totals AFTER INSERT OR UPDATE OF reorder_point ON inventory.products
  FOR EACH ROW EXECUTE FUNCTION inventory.product_totals();

-- A refusal: 23514 naming the field at fault (see the top).
CREATE FUNCTION inventory.refuse(field text, message text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = field, MESSAGE = message;
END $$;

-- The product locked for a stock change (its totals row), checked.
CREATE FUNCTION inventory.lock_product(p_product bigint, p_qty integer) RETURNS inventory.products
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
  RETURN p;
END $$;

-- A location by id, checked (not archived).
CREATE FUNCTION inventory.location_name(p_location bigint, field text) RETURNS text
LANGUAGE plpgsql SET search_path = inventory, pg_temp AS $$
DECLARE n text; a timestamptz;
BEGIN
  SELECT name, archived_at INTO n, a FROM inventory.locations WHERE id = p_location;
  IF NOT FOUND THEN
    PERFORM inventory.refuse(field, 'Choose a location.');
  ELSIF a IS NOT NULL THEN
    PERFORM inventory.refuse(field, format('%s is archived.', n));
  END IF;
  RETURN n;
END $$;

-- Change one level by (d_on_hand, d_allocated), refusing what would take
-- more than is available there; then the product's totals, and an
-- inventory.stock_low event when the product has just become low.
CREATE FUNCTION inventory.level_change(p inventory.products, p_location bigint, d_on_hand integer,
                                       d_allocated integer, field text) RETURNS void
LANGUAGE plpgsql SET search_path = inventory, pg_temp AS $$
DECLARE
  cur inventory.stock_levels;
  was_low boolean;
  t inventory.stock_totals;
BEGIN
  SELECT * INTO cur FROM inventory.stock_levels
   WHERE product_id = p.id AND location_id = p_location FOR UPDATE;
  -- taking: what is available (for a reservation or a move out) must cover it;
  -- a release or a consumption is bounded by its allocation (and the CHECKs)
  IF d_allocated >= 0 AND d_on_hand - d_allocated < 0
     AND coalesce(cur.on_hand - cur.allocated, 0) < d_allocated - d_on_hand THEN
    PERFORM inventory.refuse(field, format('Only %s of %s available at %s.', coalesce(cur.on_hand - cur.allocated, 0),
      p.sku, inventory.location_name(p_location, field)));
  END IF;
  -- never INSERT ... ON CONFLICT here: the proposed row (a negative
  -- quantity for a decrement) meets the CHECKs before the conflict does
  IF cur.product_id IS NULL THEN
    INSERT INTO inventory.stock_levels (product_id, location_id, on_hand, allocated)
    VALUES (p.id, p_location, d_on_hand, d_allocated);
  ELSE
    UPDATE inventory.stock_levels l SET on_hand = l.on_hand + d_on_hand, allocated = l.allocated + d_allocated,
           updated_at = now()
     WHERE l.product_id = p.id AND l.location_id = p_location;
  END IF;
  SELECT low INTO was_low FROM inventory.stock_totals WHERE product_id = p.id;
  UPDATE inventory.stock_totals s SET on_hand = s.on_hand + d_on_hand, allocated = s.allocated + d_allocated,
         low = p.reorder_point > 0 AND s.on_hand + d_on_hand - s.allocated - d_allocated <= p.reorder_point
   WHERE s.product_id = p.id RETURNING * INTO t;
  IF t.low AND NOT was_low THEN
    INSERT INTO core.outbox (event, entity_id, payload)
    VALUES ('inventory.stock_low', p.id, jsonb_build_object('product_id', p.id, 'sku', p.sku,
            'name', p.name, 'available', t.on_hand - t.allocated, 'reorder_point', p.reorder_point,
            'reorder_qty', p.reorder_qty));
  END IF;
END $$;

-- inventory.move: a receipt, transfer, adjustment, write-off or return
-- (allocations have their own functions below). Who: auth.current_user_id()
-- (db_begin sets it). Returns the ledger row; refuses with 23514 (above).
CREATE FUNCTION inventory.move(p_kind text, p_product bigint, p_qty integer, p_from bigint, p_to bigint,
                               p_reason text DEFAULT '', p_doc_type text DEFAULT '', p_doc_id bigint DEFAULT NULL,
                               p_doc_ref text DEFAULT '')
RETURNS inventory.stock_moves
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE
  p inventory.products;
  m inventory.stock_moves;
BEGIN
  IF p_kind IS NULL OR p_kind NOT IN ('receipt','transfer','adjustment','write_off','return') THEN
    PERFORM inventory.refuse('kind', 'Choose receipt, transfer, adjustment, write-off or return.');
  END IF;
  p := inventory.lock_product(p_product, p_qty);
  IF p_kind IN ('receipt','return') THEN
    p_from := NULL;
    IF p_to IS NULL THEN PERFORM inventory.refuse('to_location_id', 'Choose where the stock goes.'); END IF;
  ELSIF p_kind = 'transfer' THEN
    IF p_from IS NULL THEN PERFORM inventory.refuse('from_location_id', 'Choose where the stock comes from.'); END IF;
    IF p_to IS NULL THEN PERFORM inventory.refuse('to_location_id', 'Choose where the stock goes.'); END IF;
    IF p_from = p_to THEN PERFORM inventory.refuse('to_location_id', 'Choose another location than the source.'); END IF;
  ELSIF p_kind = 'write_off' THEN
    p_to := NULL;
    IF p_from IS NULL THEN PERFORM inventory.refuse('from_location_id', 'Choose where the stock is written off.'); END IF;
  ELSIF (p_from IS NULL) = (p_to IS NULL) THEN
    PERFORM inventory.refuse('from_location_id', 'An adjustment takes stock out of one location or adds it to one.');
  END IF;
  IF p_kind IN ('adjustment','write_off') AND coalesce(btrim(p_reason), '') = '' THEN
    PERFORM inventory.refuse('reason', 'Say why (counted, damaged, lost, found...).');
  END IF;
  IF p_from IS NOT NULL THEN
    PERFORM inventory.location_name(p_from, 'from_location_id');
    PERFORM inventory.level_change(p, p_from, -p_qty, 0, 'qty');
  END IF;
  IF p_to IS NOT NULL THEN
    PERFORM inventory.location_name(p_to, 'to_location_id');
    PERFORM inventory.level_change(p, p_to, p_qty, 0, 'qty');
  END IF;
  INSERT INTO inventory.stock_moves (kind, product_id, qty, from_location_id, to_location_id, reason, doc_type,
                                     doc_id, doc_ref, user_id)
  VALUES (p_kind, p.id, p_qty, p_from, p_to, coalesce(btrim(p_reason), ''), coalesce(p_doc_type, ''), p_doc_id,
          coalesce(btrim(p_doc_ref), ''), auth.current_user_id())
  RETURNING * INTO m;
  RETURN m;
END $$;

-- inventory.allocate: reserve qty of a product at a location for a project
-- or a ticket (adds to that document's allocation there). Refuses (23514,
-- 'qty') when less is available: of N parallel calls for the last units,
-- exactly as many succeed as there are units.
CREATE FUNCTION inventory.allocate(p_product bigint, p_location bigint, p_qty integer, p_doc_type text,
                                   p_doc_id bigint, p_reason text DEFAULT '')
RETURNS inventory.allocations
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE
  p inventory.products;
  a inventory.allocations;
BEGIN
  IF p_doc_type IS NULL OR p_doc_type NOT IN ('project','ticket') THEN
    PERFORM inventory.refuse('doc_type', 'Choose project or ticket.');
  END IF;
  IF p_doc_id IS NULL OR p_doc_id <= 0 THEN
    PERFORM inventory.refuse('doc_id', 'Name the project or ticket.');
  END IF;
  p := inventory.lock_product(p_product, p_qty);
  IF p.archived_at IS NOT NULL THEN
    PERFORM inventory.refuse('product_id', format('%s is archived.', p.sku));
  END IF;
  PERFORM inventory.location_name(p_location, 'location_id');
  PERFORM inventory.level_change(p, p_location, 0, p_qty, 'qty');
  INSERT INTO inventory.allocations AS x (product_id, location_id, doc_type, doc_id, qty)
  VALUES (p.id, p_location, p_doc_type, p_doc_id, p_qty)
  ON CONFLICT (product_id, location_id, doc_type, doc_id) DO UPDATE
    SET qty = x.qty + p_qty, version = x.version + 1, updated_at = now()
  RETURNING * INTO a;
  INSERT INTO inventory.stock_moves (kind, product_id, qty, from_location_id, reason, doc_type, doc_id, user_id)
  VALUES ('allocation', p.id, p_qty, p_location, coalesce(btrim(p_reason), ''), p_doc_type, p_doc_id,
          auth.current_user_id());
  RETURN a;
END $$;

-- release (consume = false) or consume (true) qty of an allocation.
CREATE FUNCTION inventory.allocation_take(p_allocation bigint, p_qty integer, p_consume boolean, p_reason text)
RETURNS inventory.allocations
LANGUAGE plpgsql SET search_path = inventory, pg_temp AS $$
DECLARE
  a inventory.allocations;
  p inventory.products;
BEGIN
  SELECT product_id INTO a.product_id FROM inventory.allocations WHERE id = p_allocation;
  IF NOT FOUND THEN
    PERFORM inventory.refuse('allocation_id', 'No such allocation.');
  END IF;
  p := inventory.lock_product(a.product_id, p_qty);
  SELECT * INTO a FROM inventory.allocations WHERE id = p_allocation FOR UPDATE;
  IF a.qty < p_qty THEN
    PERFORM inventory.refuse('qty', format('Only %s of %s is reserved here.', a.qty, p.sku));
  END IF;
  PERFORM inventory.level_change(p, a.location_id, CASE WHEN p_consume THEN -p_qty ELSE 0 END, -p_qty, 'qty');
  UPDATE inventory.allocations x SET qty = x.qty - p_qty,
         consumed = x.consumed + CASE WHEN p_consume THEN p_qty ELSE 0 END,
         version = x.version + 1, updated_at = now()
   WHERE x.id = a.id RETURNING * INTO a;
  INSERT INTO inventory.stock_moves (kind, product_id, qty, from_location_id, reason, doc_type, doc_id, user_id)
  VALUES (CASE WHEN p_consume THEN 'consumption' ELSE 'release' END, a.product_id, p_qty, a.location_id,
          coalesce(btrim(p_reason), ''), a.doc_type, a.doc_id, auth.current_user_id());
  RETURN a;
END $$;

-- inventory.release: give back qty of an allocation to available stock.
CREATE FUNCTION inventory.release(p_allocation bigint, p_qty integer, p_reason text DEFAULT '')
RETURNS inventory.allocations
LANGUAGE sql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
  SELECT * FROM inventory.allocation_take(p_allocation, p_qty, false, p_reason)
$$;

-- inventory.consume: qty of an allocation was used (installed, fitted):
-- it leaves the stock on hand.
CREATE FUNCTION inventory.consume(p_allocation bigint, p_qty integer, p_reason text DEFAULT '')
RETURNS inventory.allocations
LANGUAGE sql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
  SELECT * FROM inventory.allocation_take(p_allocation, p_qty, true, p_reason)
$$;

-- The proof: (product, location) pairs whose level differs from what the
-- ledger sums to, allocations that differ from theirs, and totals that
-- differ from the levels; of one product, or of all (NULL: a full pass
-- reads the whole ledger, ~1 min at 2.3M moves). No row: they agree.
CREATE FUNCTION inventory.ledger_mismatches(p_product bigint DEFAULT NULL)
RETURNS TABLE (what text, product_id bigint, location_id bigint, level_value bigint, ledger_value bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
BEGIN
  RETURN QUERY
  WITH moves AS (
    SELECT m.* FROM inventory.stock_moves m WHERE p_product IS NULL OR m.product_id = p_product
  ), levels AS (
    SELECT l.* FROM inventory.stock_levels l WHERE p_product IS NULL OR l.product_id = p_product
  ), effects AS (
    SELECT m.product_id, m.to_location_id AS location_id, m.qty::bigint AS d_on, 0::bigint AS d_al
      FROM moves m WHERE m.to_location_id IS NOT NULL
    UNION ALL
    SELECT m.product_id, m.from_location_id,
           CASE WHEN m.kind IN ('transfer','adjustment','write_off','consumption') THEN -m.qty ELSE 0 END,
           CASE m.kind WHEN 'allocation' THEN m.qty WHEN 'release' THEN -m.qty WHEN 'consumption' THEN -m.qty
                ELSE 0 END
      FROM moves m WHERE m.from_location_id IS NOT NULL
  ), sums AS (
    SELECT e.product_id, e.location_id, sum(e.d_on)::bigint AS on_hand, sum(e.d_al)::bigint AS allocated
      FROM effects e GROUP BY 1, 2
  ), alloc AS (
    SELECT m.product_id, m.from_location_id AS location_id, m.doc_type, m.doc_id,
           sum(CASE m.kind WHEN 'allocation' THEN m.qty ELSE -m.qty END)::bigint AS qty
      FROM moves m WHERE m.kind IN ('allocation','release','consumption') GROUP BY 1, 2, 3, 4
  ), per_product AS (
    SELECT l.product_id, sum(l.on_hand)::bigint AS on_hand, sum(l.allocated)::bigint AS allocated
      FROM levels l GROUP BY 1
  )
  SELECT 'on_hand'::text, coalesce(l.product_id, s.product_id), coalesce(l.location_id, s.location_id),
         l.on_hand::bigint, s.on_hand
    FROM levels l FULL JOIN sums s ON s.product_id = l.product_id AND s.location_id = l.location_id
   WHERE coalesce(l.on_hand, 0) <> coalesce(s.on_hand, 0)
  UNION ALL
  SELECT 'allocated', coalesce(l.product_id, s.product_id), coalesce(l.location_id, s.location_id),
         l.allocated::bigint, s.allocated
    FROM levels l FULL JOIN sums s ON s.product_id = l.product_id AND s.location_id = l.location_id
   WHERE coalesce(l.allocated, 0) <> coalesce(s.allocated, 0)
  UNION ALL
  SELECT 'allocation ' || a.id, a.product_id, a.location_id, a.qty::bigint, x.qty
    FROM inventory.allocations a LEFT JOIN alloc x
      ON (x.product_id, x.location_id, x.doc_type, x.doc_id) = (a.product_id, a.location_id, a.doc_type, a.doc_id)
   WHERE (p_product IS NULL OR a.product_id = p_product) AND a.qty <> coalesce(x.qty, 0)
  UNION ALL
  SELECT 'totals', t.product_id, NULL::bigint, t.on_hand, coalesce(pp.on_hand, 0)
    FROM inventory.stock_totals t LEFT JOIN per_product pp ON pp.product_id = t.product_id
   WHERE (p_product IS NULL OR t.product_id = p_product)
     AND (t.on_hand <> coalesce(pp.on_hand, 0) OR t.allocated <> coalesce(pp.allocated, 0));
END $$;

-- The responder reads the stock tables and changes them only through the
-- functions; projects and service reserve and use stock through them too.
GRANT SELECT ON inventory.stock_levels, inventory.stock_totals, inventory.stock_moves, inventory.allocations
  TO hearth_inventory, hearth_projects, hearth_service, hearth_analytics;
REVOKE ALL ON FUNCTION inventory.move(text, bigint, integer, bigint, bigint, text, text, bigint, text),
  inventory.allocate(bigint, bigint, integer, text, bigint, text), inventory.release(bigint, integer, text),
  inventory.consume(bigint, integer, text), inventory.ledger_mismatches(bigint),
  inventory.allocation_take(bigint, integer, boolean, text), inventory.level_change(inventory.products, bigint,
  integer, integer, text), inventory.lock_product(bigint, integer), inventory.location_name(bigint, text),
  inventory.refuse(text, text), inventory.product_totals() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inventory.move(text, bigint, integer, bigint, bigint, text, text, bigint, text),
  inventory.ledger_mismatches(bigint) TO hearth_inventory;
GRANT EXECUTE ON FUNCTION inventory.allocate(bigint, bigint, integer, text, bigint, text),
  inventory.release(bigint, integer, text), inventory.consume(bigint, integer, text)
  TO hearth_inventory, hearth_projects, hearth_service;
