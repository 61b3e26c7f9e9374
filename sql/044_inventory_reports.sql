-- Inventory reports and stock-takes (docs/inventory-reports.md).
--
-- The reports (stock value by location and category, turnover and days
-- of stock, dead stock, low stock) must stay fast at 50k products x 20
-- locations x 1M moves, so nothing a page reads is summed from the whole
-- ledger or the whole levels table per request. What they need is kept
-- incrementally by triggers on the ledger and the catalog:
-- - product_months: per product and month, the net change of on hand
--   over all locations, the outflow (consumption + write-offs) and the
--   number of moves; per product, so it adds no contention: the moves of
--   one product already run one at a time (sql/031's lock order);
-- - stock_totals.last_move_at: when the product last moved (not a
--   reservation), for dead stock, with a partial index on what is held;
-- - report_cells: per location, category and month, the change of units
--   and of value at cost, and the outflow in units and at cost. Every
--   move of a category in a location would change the same cell, so the
--   stock functions never update a cell: they append a delta row
--   (report_deltas, insert only: moves of different products never wait
--   for each other, nor deadlock), and report_fold() adds the deltas to
--   the cells when a report is read. A reader sums the cells and the
--   deltas not folded yet, so a report is exact whether or not it folds.
-- A change of a product's cost or category revalues (moves) its stock
-- in the cells by a delta of the month it happened in.
--
-- Stock-takes: stock_counts holds one submitted count of a location;
-- stock_count() applies its lines as adjustments (doc_type 'count', doc_id
-- the count) in the caller's transaction, refusing lines that moved since
-- the count sheet was read (their expected on hand is no longer true).

-- Months are calendar months in UTC (the ledger's at is timestamptz).
CREATE FUNCTION inventory.month_of(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT date_trunc('month', t AT TIME ZONE 'UTC')::date $$;

CREATE TABLE inventory.product_months (
  product_id  bigint NOT NULL REFERENCES inventory.products(id),
  month       date NOT NULL,
  net_units   bigint NOT NULL DEFAULT 0,   -- change of on hand over all locations
  out_units   bigint NOT NULL DEFAULT 0,   -- consumption + write-offs
  moves       integer NOT NULL DEFAULT 0,  -- moves other than reservations
  PRIMARY KEY (product_id, month)
);

CREATE TABLE inventory.report_cells (
  location_id bigint NOT NULL REFERENCES inventory.locations(id),
  category    text NOT NULL,
  month       date NOT NULL,
  d_units     bigint NOT NULL DEFAULT 0,
  d_value     bigint NOT NULL DEFAULT 0,   -- cents at cost
  out_units   bigint NOT NULL DEFAULT 0,
  out_value   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (location_id, category, month)
);
CREATE TABLE inventory.report_deltas (
  id          bigserial PRIMARY KEY,
  location_id bigint NOT NULL,
  category    text NOT NULL,
  month       date NOT NULL,
  d_units     bigint NOT NULL DEFAULT 0,
  d_value     bigint NOT NULL DEFAULT 0,
  out_units   bigint NOT NULL DEFAULT 0,
  out_value   bigint NOT NULL DEFAULT 0
);

ALTER TABLE inventory.stock_totals ADD COLUMN last_move_at timestamptz;
-- Dead stock: what is held, oldest movement first.
CREATE INDEX stock_totals_idle_idx ON inventory.stock_totals (last_move_at, product_id) WHERE on_hand > 0;

-- The ledger's effect per location: +qty where it went, -qty where it
-- left (a reservation or its release changes no on hand), and the outflow.
CREATE FUNCTION inventory.move_sides(m inventory.stock_moves)
RETURNS TABLE (location_id bigint, d bigint, o bigint)
LANGUAGE sql IMMUTABLE AS $$
  SELECT m.to_location_id, m.qty::bigint, 0::bigint WHERE m.to_location_id IS NOT NULL
  UNION ALL
  SELECT m.from_location_id, -m.qty::bigint,
         CASE WHEN m.kind IN ('write_off','consumption') THEN m.qty ELSE 0 END::bigint
   WHERE m.from_location_id IS NOT NULL AND m.kind NOT IN ('allocation','release')
$$;

-- After every INSERT into the ledger (one statement: one move, or a
-- million from the scale seed), set-wise from its new rows.
CREATE FUNCTION inventory.moves_summarise() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
BEGIN
  INSERT INTO inventory.product_months AS s (product_id, month, net_units, out_units, moves)
  SELECT m.product_id, inventory.month_of(m.at), sum(x.d), sum(x.o), count(DISTINCT m.id)
    FROM new_moves m CROSS JOIN LATERAL inventory.move_sides(m) x
   GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (product_id, month) DO UPDATE
    SET net_units = s.net_units + excluded.net_units, out_units = s.out_units + excluded.out_units,
        moves = s.moves + excluded.moves;
  INSERT INTO inventory.report_deltas (location_id, category, month, d_units, d_value, out_units, out_value)
  SELECT x.location_id, p.category, inventory.month_of(m.at), sum(x.d), sum(x.d * p.cost_cents), sum(x.o),
         sum(x.o * p.cost_cents)
    FROM new_moves m CROSS JOIN LATERAL inventory.move_sides(m) x JOIN inventory.products p ON p.id = m.product_id
   GROUP BY 1, 2, 3;
  UPDATE inventory.stock_totals t SET last_move_at = x.at
    FROM (SELECT m.product_id, max(m.at) AS at FROM new_moves m WHERE m.kind NOT IN ('allocation','release')
           GROUP BY 1) x
   WHERE t.product_id = x.product_id AND (t.last_move_at IS NULL OR t.last_move_at < x.at);
  RETURN NULL;
END $$;
CREATE TRIGGER moves_summarise AFTER INSERT ON inventory.stock_moves
  REFERENCING NEW TABLE AS new_moves FOR EACH STATEMENT EXECUTE FUNCTION inventory.moves_summarise();

-- A product's new cost or category: its stock leaves the old (category,
-- cost) and enters the new one, in this month's cells.
CREATE FUNCTION inventory.products_summarise() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
BEGIN
  INSERT INTO inventory.report_deltas (location_id, category, month, d_units, d_value)
  SELECT l.location_id, x.category, inventory.month_of(now()), sum(x.sign * l.on_hand),
         sum(x.sign * l.on_hand * x.cost_cents)
    FROM (SELECT o.id, o.category, o.cost_cents, -1 AS sign FROM old_products o JOIN new_products n ON n.id = o.id
           WHERE (o.category, o.cost_cents) IS DISTINCT FROM (n.category, n.cost_cents)
          UNION ALL
          SELECT n.id, n.category, n.cost_cents, 1 FROM old_products o JOIN new_products n ON n.id = o.id
           WHERE (o.category, o.cost_cents) IS DISTINCT FROM (n.category, n.cost_cents)) x
    JOIN inventory.stock_levels l ON l.product_id = x.id AND l.on_hand > 0
   GROUP BY 1, 2;
  RETURN NULL;
END $$;
CREATE TRIGGER products_summarise AFTER UPDATE ON inventory.products
  REFERENCING OLD TABLE AS old_products NEW TABLE AS new_products
  FOR EACH STATEMENT EXECUTE FUNCTION inventory.products_summarise();

-- Add the deltas to the cells. One folder at a time (the others skip:
-- a reader sums cells and deltas anyway); the deltas it deletes are the
-- committed ones it sees, a move still in flight keeps its own.
CREATE FUNCTION inventory.report_fold() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE n bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7210044) THEN
    RETURN 0;
  END IF;
  WITH d AS (DELETE FROM inventory.report_deltas RETURNING *)
  INSERT INTO inventory.report_cells AS c (location_id, category, month, d_units, d_value, out_units, out_value)
  SELECT d.location_id, d.category, d.month, sum(d.d_units), sum(d.d_value), sum(d.out_units), sum(d.out_value)
    FROM d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (location_id, category, month) DO UPDATE
    SET d_units = c.d_units + excluded.d_units, d_value = c.d_value + excluded.d_value,
        out_units = c.out_units + excluded.out_units, out_value = c.out_value + excluded.out_value;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- What the reports read: cells and deltas not folded yet, as one.
CREATE VIEW inventory.report_cells_now AS
  SELECT location_id, category, month, d_units, d_value, out_units, out_value FROM inventory.report_cells
  UNION ALL
  SELECT location_id, category, month, d_units, d_value, out_units, out_value FROM inventory.report_deltas;

-- The proof that the summaries agree with the ledger and the levels
-- (a full pass: for tests and after seeding, never a page). No row: they agree.
CREATE FUNCTION inventory.report_mismatches()
RETURNS TABLE (what text, key text, kept bigint, actual bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
  WITH cells AS (
    SELECT location_id, category, sum(d_units)::bigint AS units, sum(d_value)::bigint AS value
      FROM inventory.report_cells_now GROUP BY 1, 2
  ), levels AS (
    SELECT l.location_id, p.category, sum(l.on_hand)::bigint AS units,
           sum(l.on_hand::bigint * p.cost_cents)::bigint AS value
      FROM inventory.stock_levels l JOIN inventory.products p ON p.id = l.product_id GROUP BY 1, 2
  ), months AS (
    SELECT product_id, sum(net_units)::bigint AS net, sum(out_units)::bigint AS out FROM inventory.product_months GROUP BY 1
  ), ledger AS (
    SELECT m.product_id, sum(x.d)::bigint AS net, sum(x.o)::bigint AS out,
           max(m.at) FILTER (WHERE m.kind NOT IN ('allocation','release')) AS last_at
      FROM inventory.stock_moves m CROSS JOIN LATERAL inventory.move_sides(m) x GROUP BY 1
  )
  SELECT 'cell units', c.location_id || '/' || c.category, c.units, coalesce(l.units, 0)
    FROM cells c LEFT JOIN levels l USING (location_id, category) WHERE c.units <> coalesce(l.units, 0)
  UNION ALL
  SELECT 'cell value', c.location_id || '/' || c.category, c.value, coalesce(l.value, 0)
    FROM cells c LEFT JOIN levels l USING (location_id, category) WHERE c.value <> coalesce(l.value, 0)
  UNION ALL
  SELECT 'level without cell', l.location_id || '/' || l.category, 0, l.units
    FROM levels l LEFT JOIN cells c USING (location_id, category) WHERE c.location_id IS NULL AND l.units <> 0
  UNION ALL
  SELECT 'product net', t.product_id::text, coalesce(mo.net, 0), t.on_hand
    FROM inventory.stock_totals t LEFT JOIN months mo ON mo.product_id = t.product_id WHERE coalesce(mo.net, 0) <> t.on_hand
  UNION ALL
  SELECT 'product outflow', g.product_id::text, coalesce(mo.out, 0), g.out
    FROM ledger g LEFT JOIN months mo ON mo.product_id = g.product_id WHERE coalesce(mo.out, 0) <> g.out
  UNION ALL
  SELECT 'last move', t.product_id::text, extract(epoch FROM t.last_move_at)::bigint, extract(epoch FROM g.last_at)::bigint
    FROM inventory.stock_totals t LEFT JOIN ledger g ON g.product_id = t.product_id
   WHERE t.last_move_at IS DISTINCT FROM g.last_at
$$;

-- What the ledger holds already (the demo), summarised once.
INSERT INTO inventory.product_months (product_id, month, net_units, out_units, moves)
SELECT m.product_id, inventory.month_of(m.at), sum(x.d), sum(x.o), count(DISTINCT m.id)
  FROM inventory.stock_moves m CROSS JOIN LATERAL inventory.move_sides(m) x GROUP BY 1, 2;
INSERT INTO inventory.report_cells (location_id, category, month, d_units, d_value, out_units, out_value)
SELECT x.location_id, p.category, inventory.month_of(m.at), sum(x.d), sum(x.d * p.cost_cents), sum(x.o),
       sum(x.o * p.cost_cents)
  FROM inventory.stock_moves m CROSS JOIN LATERAL inventory.move_sides(m) x
  JOIN inventory.products p ON p.id = m.product_id GROUP BY 1, 2, 3;
-- (moves made at another cost than today's: the cells are revalued to it)
INSERT INTO inventory.report_deltas (location_id, category, month, d_units, d_value)
SELECT l.location_id, l.category, inventory.month_of(now()), 0, l.value - coalesce(c.value, 0)
  FROM (SELECT l.location_id, p.category, sum(l.on_hand::bigint * p.cost_cents) AS value
          FROM inventory.stock_levels l JOIN inventory.products p ON p.id = l.product_id GROUP BY 1, 2) l
  LEFT JOIN (SELECT location_id, category, sum(d_value) AS value FROM inventory.report_cells GROUP BY 1, 2) c
    USING (location_id, category)
 WHERE l.value <> coalesce(c.value, 0);
UPDATE inventory.stock_totals t SET last_move_at = x.at
  FROM (SELECT product_id, max(at) AS at FROM inventory.stock_moves WHERE kind NOT IN ('allocation','release')
         GROUP BY 1) x
 WHERE t.product_id = x.product_id;

-- ---- stock-takes ----

CREATE TABLE inventory.stock_counts (
  id                bigserial PRIMARY KEY,
  location_id       bigint NOT NULL REFERENCES inventory.locations(id),
  user_id           bigint,
  at                timestamptz NOT NULL DEFAULT now(),
  reason            text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  lines             integer NOT NULL DEFAULT 0,   -- lines counted
  adjusted          integer NOT NULL DEFAULT 0,   -- lines whose count differed
  units_delta       bigint NOT NULL DEFAULT 0,
  value_delta_cents bigint NOT NULL DEFAULT 0,
  -- the lines that changed: {product_id, sku, name, unit, expected,
  -- counted, diff, cost_cents, value_cents, move_id}, at the count's cost
  changes           jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX stock_counts_location_idx ON inventory.stock_counts (location_id, id);

-- Apply a count of a location: lines is a JSON array of {product_id,
-- expected, counted} (whole numbers >= 0; expected is the on hand the
-- count sheet showed). In product order (the lock order of sql/031),
-- each product is locked, then its line is
--   stale      on hand is no longer what the sheet expected (it moved
--              since): nothing is written for it,
--   reserved   counted is under what is reserved here (release first),
--   unknown    no such product,
--   unchanged  counted = on hand,
--   serialised a serialised product counted otherwise: a quantity cannot
--              say which units are missing or found, and its stock must
--              stay its serials (the serials work's rule): refused,
--   adjusted   an adjustment of the difference (in or out), doc_type
--              'count', doc_id the count.
-- The caller commits only when no line is stale, reserved, serialised or unknown
-- (one transaction: all or nothing). Returns one row per line.
CREATE FUNCTION inventory.stock_count(p_location bigint, p_lines jsonb, p_reason text)
RETURNS TABLE (count_id bigint, product_id bigint, sku text, name text, unit text, cost_cents bigint,
               expected integer, on_hand integer, counted integer, diff integer, value_cents bigint,
               status text, move_id bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE
  c inventory.stock_counts;
  l record;
  cur inventory.stock_levels;
  p inventory.products;
  m inventory.stock_moves;
  chg jsonb[] := '{}';    -- appended in place (a jsonb || per line copied the whole array: 38 s for 5000 lines)
  dup text;
  why text := coalesce(nullif(btrim(p_reason), ''), 'Stock-take');
BEGIN
  PERFORM inventory.location_name(p_location, 'location_id');
  IF p_lines IS NULL OR jsonb_typeof(p_lines) <> 'array' OR jsonb_array_length(p_lines) = 0 THEN
    PERFORM inventory.refuse('lines', 'Count at least one product.');
  END IF;
  SELECT x.sku INTO dup FROM (SELECT (e->>'product_id')::bigint AS pid FROM jsonb_array_elements(p_lines) e) d
    JOIN inventory.products x ON x.id = d.pid GROUP BY x.id, x.sku HAVING count(*) > 1 LIMIT 1;
  IF dup IS NOT NULL THEN
    PERFORM inventory.refuse('lines', format('%s is counted on two lines: count it once.', dup));
  END IF;
  INSERT INTO inventory.stock_counts (location_id, user_id, reason)
  VALUES (p_location, auth.current_user_id(), left(why, 500)) RETURNING * INTO c;
  FOR l IN SELECT (e->>'product_id')::bigint AS pid, (e->>'expected')::integer AS expected,
                  (e->>'counted')::integer AS counted
             FROM jsonb_array_elements(p_lines) e ORDER BY 1 LOOP
    IF l.counted IS NULL OR l.counted < 0 OR l.expected IS NULL OR l.expected < 0 THEN
      PERFORM inventory.refuse('lines', 'Counts are whole numbers of 0 or more.');
    END IF;
    PERFORM 1 FROM inventory.stock_totals t WHERE t.product_id = l.pid FOR UPDATE;
    SELECT * INTO p FROM inventory.products x WHERE x.id = l.pid;
    count_id := c.id; product_id := l.pid; expected := l.expected; counted := l.counted;
    sku := p.sku; name := p.name; unit := p.unit; cost_cents := p.cost_cents; move_id := NULL;
    IF p.id IS NULL THEN
      on_hand := NULL; diff := NULL; value_cents := NULL; status := 'unknown';
      RETURN NEXT;
      CONTINUE;
    END IF;
    SELECT * INTO cur FROM inventory.stock_levels x WHERE x.product_id = l.pid AND x.location_id = p_location;
    on_hand := coalesce(cur.on_hand, 0);
    diff := l.counted - on_hand;
    value_cents := diff::bigint * p.cost_cents;
    IF on_hand <> l.expected THEN
      status := 'stale';
    ELSIF l.counted < coalesce(cur.allocated, 0) THEN
      status := 'reserved';
    ELSIF diff = 0 THEN
      status := 'unchanged';
    ELSIF p.serialised THEN
      status := 'serialised';
    ELSE
      m := inventory.move('adjustment', l.pid, abs(diff), CASE WHEN diff < 0 THEN p_location END,
                          CASE WHEN diff > 0 THEN p_location END, why, 'count', c.id, 'Count ' || c.id);
      move_id := m.id;
      status := 'adjusted';
      c.adjusted := c.adjusted + 1;
      c.units_delta := c.units_delta + diff;
      c.value_delta_cents := c.value_delta_cents + value_cents;
      chg := array_append(chg, jsonb_build_object('product_id', p.id, 'sku', p.sku,
        'name', p.name, 'unit', p.unit, 'expected', l.expected, 'counted', l.counted, 'diff', diff,
        'cost_cents', p.cost_cents, 'value_cents', value_cents, 'move_id', m.id));
    END IF;
    c.lines := c.lines + 1;
    RETURN NEXT;
  END LOOP;
  UPDATE inventory.stock_counts x SET lines = c.lines, adjusted = c.adjusted, units_delta = c.units_delta,
         value_delta_cents = c.value_delta_cents, changes = to_jsonb(chg) WHERE x.id = c.id;
END $$;

-- A count's event for webhooks (stock.c writes it through record_commit).
INSERT INTO core.webhook_event_types (type, description, example) VALUES
  ('inventory.stock_counted', 'A location''s stock was counted and the differences booked as adjustments (data: the count with its lines that changed).',
   '{"id": 12, "at": "2026-03-02T15:04:05Z", "lines": 3, "reason": "Quarterly stock-take", "user_id": 4, "adjusted": 2, "location_id": 1, "units_delta": -1, "user_name": "Jordan Lee", "location_name": "Main warehouse", "value_delta_cents": -8499, "changes": [{"sku": "LUM-DIM-600-WH", "name": "Dimmer, 600 W, white", "unit": "each", "diff": -2, "counted": 10, "move_id": 901, "expected": 12, "cost_cents": 8499, "product_id": 41, "value_cents": -16998}, {"sku": "MSH-AP6-LITE", "name": "Access point, Wi-Fi 6, lite", "unit": "each", "diff": 1, "counted": 5, "move_id": 902, "expected": 4, "cost_cents": 8499, "product_id": 95, "value_cents": 8499}]}');

REVOKE ALL ON FUNCTION inventory.moves_summarise(), inventory.products_summarise(), inventory.report_fold(),
  inventory.report_mismatches(), inventory.stock_count(bigint, jsonb, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inventory.report_fold(), inventory.report_mismatches(),
  inventory.stock_count(bigint, jsonb, text) TO hearth_inventory;
GRANT SELECT ON inventory.product_months, inventory.report_cells, inventory.report_deltas,
  inventory.report_cells_now, inventory.stock_counts
  TO hearth_inventory, hearth_analytics;
