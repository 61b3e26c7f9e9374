-- Serial numbers and MAC addresses of serialised products (docs/serials.md).
--
-- A serial is one unit of a serialised product: its serial (unique per
-- product whatever its case), an optional MAC (unique), where it is now
-- and its state. serial_moves links it to every ledger row it took part
-- in, so a serial's history is the ledger's own rows.
--
-- The rule: stock of a serialised product never exists without its
-- serials. At every location, the product's serials there (in stock or
-- reserved) are its on hand there; its reserved serials are at most its
-- allocated there, and an allocation's named serials at most its qty.
-- It is kept by
-- - the functions below, which check the serials a move names (the count
--   equals the move's qty, each one where the move says it is) and refuse
--   with SQLSTATE 23514 and the constraint name 'serials' (sql/031's way);
-- - a deferred constraint trigger on stock_totals (each stock change
--   updates that row): at commit it checks the rule for the product, so a
--   receipt written with inventory.move() and never given its serials
--   with inventory.move_serials(), or an inventory.consume() that names
--   none, rolls the whole transaction back;
-- - a trigger on products: serialised may change only while the product
--   has no stock (and no serials in stock);
-- - inventory.serial_mismatches(), the proof (no row: they agree).

CREATE TABLE inventory.serials (
  id             bigserial PRIMARY KEY,
  product_id     bigint NOT NULL REFERENCES inventory.products(id),
  -- what a label says: letters, digits and . _ / : + # - (no spaces or
  -- commas, which separate serials in the scanner field)
  serial         text NOT NULL CHECK (serial ~ '^[A-Za-z0-9][A-Za-z0-9._/:+#-]{0,63}$'),
  mac            macaddr,                    -- always shown aa:bb:cc:dd:ee:ff
  -- in_stock / allocated: at location_id; allocated: for allocation_id.
  -- consumed (used on the allocation's job), written_off, removed (an
  -- adjustment took it out): nowhere.
  state          text NOT NULL DEFAULT 'in_stock'
                   CHECK (state IN ('in_stock','allocated','consumed','written_off','removed')),
  location_id    bigint REFERENCES inventory.locations(id),
  allocation_id  bigint REFERENCES inventory.allocations(id),
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((state IN ('in_stock','allocated')) = (location_id IS NOT NULL)),
  CHECK (state NOT IN ('allocated','consumed') OR allocation_id IS NOT NULL),
  CHECK (state <> 'in_stock' OR allocation_id IS NULL)
);
CREATE UNIQUE INDEX serials_product_serial_key ON inventory.serials (product_id, lower(serial));
CREATE UNIQUE INDEX serials_mac_key ON inventory.serials (mac) WHERE mac IS NOT NULL;
-- the list: by serial (C collation: prefix search and order by one index)
CREATE INDEX serials_serial_idx ON inventory.serials ((lower(serial) COLLATE "C"), id);
CREATE INDEX serials_product_idx ON inventory.serials (product_id, (lower(serial) COLLATE "C"), id);
CREATE INDEX serials_location_idx ON inventory.serials (location_id, (lower(serial) COLLATE "C"), id)
  WHERE location_id IS NOT NULL;
CREATE INDEX serials_state_idx ON inventory.serials (state, (lower(serial) COLLATE "C"), id) WHERE state <> 'in_stock';
CREATE INDEX serials_stock_idx ON inventory.serials (product_id, location_id, state) WHERE location_id IS NOT NULL;
CREATE INDEX serials_allocation_idx ON inventory.serials (allocation_id) WHERE allocation_id IS NOT NULL;
-- a MAC typed in part, without separators ("b8d7af" finds b8:d7:af:...)
CREATE INDEX serials_mac_hex_idx ON inventory.serials ((replace(mac::text, ':', '') COLLATE "C"))
  WHERE mac IS NOT NULL;

-- Every ledger row a serial took part in.
CREATE TABLE inventory.serial_moves (
  serial_id  bigint NOT NULL REFERENCES inventory.serials(id),
  move_id    bigint NOT NULL REFERENCES inventory.stock_moves(id),
  PRIMARY KEY (serial_id, move_id)
);
CREATE INDEX serial_moves_move_idx ON inventory.serial_moves (move_id, serial_id);

-- A MAC as typed (any of : - . space or no separator) → macaddr, or a
-- refusal naming the serial. NULL or '' → NULL.
CREATE FUNCTION inventory.mac_parse(p_mac text, p_serial text) RETURNS macaddr
LANGUAGE plpgsql IMMUTABLE SET search_path = inventory, pg_temp AS $$
DECLARE h text := regexp_replace(coalesce(p_mac, ''), '[-:. ]', '', 'g');
BEGIN
  IF h = '' THEN RETURN NULL; END IF;
  IF h !~ '^[0-9A-Fa-f]{12}$' THEN
    PERFORM inventory.refuse('serials', format('The MAC of %s (%s) is not 12 hexadecimal digits.', p_serial, p_mac));
  END IF;
  RETURN h::macaddr;
END $$;

-- The serials listed, checked as a list (none blank or malformed, none
-- twice whatever the case, at most 10,000; each MAC parsed, none twice),
-- trimmed, in the order given, with their MACs (NULL for none). Set-wise:
-- 10,000 serials in one statement each, never an element read by index
-- (an element of a text[] is found by walking the array).
CREATE FUNCTION inventory.serials_checked(p_serials text[], p_macs text[], OUT serials text[], OUT macs macaddr[])
LANGUAGE plpgsql SET search_path = inventory, pg_temp AS $$
DECLARE
  n integer := coalesce(cardinality(p_serials), 0);
  bad text;
BEGIN
  IF n > 10000 THEN
    PERFORM inventory.refuse('serials', 'At most 10,000 serials at once.');
  END IF;
  IF coalesce(cardinality(p_macs), 0) > n THEN
    PERFORM inventory.refuse('serials', 'More MACs than serials.');
  END IF;
  SELECT x.v INTO bad FROM unnest(p_serials) WITH ORDINALITY x(v, o)
   WHERE coalesce(btrim(x.v), '') !~ '^[A-Za-z0-9][A-Za-z0-9._/:+#-]{0,63}$' ORDER BY x.o LIMIT 1;
  IF FOUND THEN
    PERFORM inventory.refuse('serials', CASE WHEN coalesce(btrim(bad), '') = '' THEN 'A serial is blank.'
      ELSE format('%s is not a serial: use letters, digits and . _ / : + # - (at most 64).', left(btrim(bad), 70)) END);
  END IF;
  SELECT min(btrim(x.v)) INTO bad FROM unnest(p_serials) x(v) GROUP BY lower(btrim(x.v)) HAVING count(*) > 1 LIMIT 1;
  IF bad IS NOT NULL THEN
    PERFORM inventory.refuse('serials', format('%s is listed twice.', bad));
  END IF;
  SELECT array_agg(btrim(x.v) ORDER BY x.o), array_agg(inventory.mac_parse(x.m, btrim(x.v)) ORDER BY x.o)
    INTO serials, macs
    FROM ROWS FROM (unnest(p_serials), unnest(p_macs)) WITH ORDINALITY x(v, m, o) WHERE x.o <= n;
  SELECT min(m::text) INTO bad FROM unnest(macs) m WHERE m IS NOT NULL GROUP BY m HAVING count(*) > 1 LIMIT 1;
  IF bad IS NOT NULL THEN
    PERFORM inventory.refuse('serials', format('MAC %s is listed twice.', bad));
  END IF;
  serials := coalesce(serials, '{}');
  macs := coalesce(macs, '{}');
END $$;

-- Where a serial is, in words, for a refusal.
CREATE FUNCTION inventory.serial_where(s inventory.serials) RETURNS text
LANGUAGE sql STABLE SET search_path = inventory, pg_temp AS $$
  SELECT CASE s.state
    WHEN 'in_stock' THEN 'in stock at ' || (SELECT name FROM inventory.locations WHERE id = s.location_id)
    WHEN 'allocated' THEN format('reserved for %s #%s at %s', a.doc_type, a.doc_id,
                                 (SELECT name FROM inventory.locations WHERE id = s.location_id))
    WHEN 'consumed' THEN format('used on %s #%s', a.doc_type, a.doc_id)
    WHEN 'written_off' THEN 'written off'
    ELSE 'taken out of stock by an adjustment' END
  FROM (SELECT NULL::int) z LEFT JOIN inventory.allocations a ON a.id = s.allocation_id
$$;

-- inventory.move_serials: the serials of a ledger row inventory.move()
-- has just written in this transaction (p_macs: the MAC of each, in the
-- same order, NULL or '' for none; read on receipts and returns, checked
-- against the serial's on the other kinds).
--   receipt, return, adjustment in: created at the to-location, or back
--     in stock there if they left the stock before (consumed, written off);
--   transfer: in stock (not reserved) at the from-location, moved;
--   write_off, adjustment out: in stock at the from-location, they leave.
-- For a serialised product their count must equal the move's qty; a
-- product that is not serialised takes none (an empty list returns 0, so
-- a caller may always call it). Returns the number of serials linked.
-- Refuses (23514, 'serials') naming the first bad serial.
CREATE FUNCTION inventory.move_serials(p_move bigint, p_serials text[], p_macs text[] DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE
  m inventory.stock_moves;
  p inventory.products;
  n integer := coalesce(cardinality(p_serials), 0);
  cs text[];
  cm macaddr[];
  ids bigint[];        -- the existing serial of each one listed, or NULL
  bad record;
  bs inventory.serials;
  into_stock boolean;
BEGIN
  SELECT * INTO m FROM inventory.stock_moves WHERE id = p_move;
  IF NOT FOUND THEN
    PERFORM inventory.refuse('move_id', 'No such stock move.');
  END IF;
  IF m.kind NOT IN ('receipt','return','transfer','adjustment','write_off') THEN
    PERFORM inventory.refuse('move_id', 'Serials of reservations and uses go through allocate_serials, release_serials and consume_serials.');
  END IF;
  p := inventory.lock_product(m.product_id, m.qty);
  IF NOT p.serialised THEN
    IF n > 0 THEN
      PERFORM inventory.refuse('serials', format('%s is not serialised: it takes no serials.', p.sku));
    END IF;
    RETURN 0;
  END IF;
  IF EXISTS (SELECT 1 FROM inventory.serial_moves WHERE move_id = m.id) THEN
    PERFORM inventory.refuse('move_id', 'This move has its serials already.');
  END IF;
  IF n <> m.qty THEN
    PERFORM inventory.refuse('serials', format('Enter %s serial%s of %s, one a unit: %s %s given.', m.qty,
      CASE WHEN m.qty = 1 THEN '' ELSE 's' END, p.sku, n, CASE WHEN n = 1 THEN 'was' ELSE 'were' END));
  END IF;
  SELECT x.serials, x.macs INTO cs, cm FROM inventory.serials_checked(p_serials, p_macs) x;
  into_stock := m.kind IN ('receipt','return') OR (m.kind = 'adjustment' AND m.to_location_id IS NOT NULL);
  -- the product's serials named (by their place in the list), locked
  SELECT array_agg(s.id ORDER BY c.i) INTO ids FROM unnest(cs) WITH ORDINALITY c(serial, i)
    LEFT JOIN inventory.serials s ON s.product_id = p.id AND lower(s.serial) = lower(c.serial);
  PERFORM 1 FROM inventory.serials s WHERE s.id = ANY (ids) ORDER BY s.id FOR UPDATE;
  IF into_stock THEN
    SELECT s.* INTO bs FROM unnest(cs, cm, ids) WITH ORDINALITY c(serial, mac, id, i) JOIN inventory.serials s ON s.id = c.id
     WHERE s.state IN ('in_stock','allocated') ORDER BY c.i LIMIT 1;
    IF FOUND THEN
      PERFORM inventory.refuse('serials', format('%s of %s is already %s.', bs.serial, p.sku, inventory.serial_where(bs)));
    END IF;
    SELECT c.serial, c.mac INTO bad FROM unnest(cs, cm, ids) WITH ORDINALITY c(serial, mac, id, i) JOIN inventory.serials s ON s.mac = c.mac
     WHERE s.id IS DISTINCT FROM c.id ORDER BY c.i LIMIT 1;
    IF FOUND THEN
      PERFORM inventory.refuse('serials', format('MAC %s (given for %s) belongs to another serial.', bad.mac, bad.serial));
    END IF;
    -- back in stock (a return of a used or written-off unit), or new
    UPDATE inventory.serials x SET state = 'in_stock', location_id = m.to_location_id, allocation_id = NULL,
           mac = coalesce(c.mac, x.mac), version = x.version + 1, updated_at = now()
      FROM unnest(cs, cm, ids) WITH ORDINALITY c(serial, mac, id, i) WHERE c.id = x.id;
    INSERT INTO inventory.serials (product_id, serial, mac, state, location_id)
    SELECT p.id, c.serial, c.mac, 'in_stock', m.to_location_id FROM unnest(cs, cm, ids) WITH ORDINALITY c(serial, mac, id, i) WHERE c.id IS NULL ORDER BY c.i;
    SELECT array_agg(s.id ORDER BY c.i) INTO ids FROM unnest(cs) WITH ORDINALITY c(serial, i)
      JOIN inventory.serials s ON s.product_id = p.id AND lower(s.serial) = lower(c.serial);
  ELSE
    SELECT c.serial INTO bad FROM unnest(cs, cm, ids) WITH ORDINALITY c(serial, mac, id, i) WHERE c.id IS NULL ORDER BY c.i LIMIT 1;
    IF FOUND THEN
      PERFORM inventory.refuse('serials', format('%s is not a serial of %s.', bad.serial, p.sku));
    END IF;
    SELECT s.* INTO bs FROM unnest(cs, cm, ids) WITH ORDINALITY c(serial, mac, id, i) JOIN inventory.serials s ON s.id = c.id
     WHERE s.state <> 'in_stock' OR s.location_id IS DISTINCT FROM m.from_location_id ORDER BY c.i LIMIT 1;
    IF FOUND THEN
      PERFORM inventory.refuse('serials', format('%s is not in stock at %s: it is %s.', bs.serial,
        inventory.location_name(m.from_location_id, 'from_location_id'), inventory.serial_where(bs)));
    END IF;
    SELECT s.serial, s.mac, c.mac AS typed INTO bad FROM unnest(cs, cm, ids) WITH ORDINALITY c(serial, mac, id, i) JOIN inventory.serials s ON s.id = c.id
     WHERE c.mac IS NOT NULL AND c.mac IS DISTINCT FROM s.mac ORDER BY c.i LIMIT 1;
    IF FOUND THEN
      PERFORM inventory.refuse('serials', format('%s has MAC %s, not %s.', bad.serial, coalesce(bad.mac::text, 'none'), bad.typed));
    END IF;
    UPDATE inventory.serials x
       SET location_id = m.to_location_id,
           state = CASE WHEN m.kind = 'transfer' THEN 'in_stock' WHEN m.kind = 'write_off' THEN 'written_off'
                        ELSE 'removed' END,
           version = x.version + 1, updated_at = now()
      FROM unnest(cs, cm, ids) WITH ORDINALITY c(serial, mac, id, i) WHERE c.id = x.id;
  END IF;
  INSERT INTO inventory.serial_moves (serial_id, move_id) SELECT unnest(ids), m.id;
  IF m.kind IN ('receipt','return') THEN
    INSERT INTO core.outbox (event, entity_id, payload)
    VALUES ('inventory.serials_received', m.id, jsonb_build_object('move_id', m.id, 'kind', m.kind,
            'product_id', p.id, 'sku', p.sku, 'location_id', m.to_location_id, 'doc_type', m.doc_type,
            'doc_id', m.doc_id, 'doc_ref', m.doc_ref, 'serials',
            (SELECT jsonb_agg(jsonb_build_object('id', s.id, 'serial', s.serial, 'mac', s.mac) ORDER BY c.i)
               FROM unnest(ids) WITH ORDINALITY c(id, i) JOIN inventory.serials s ON s.id = c.id)));
  END IF;
  RETURN n;
END $$;

-- The serials named for an allocation change, locked, in the order given;
-- each of the allocation's product, else a refusal.
CREATE FUNCTION inventory.allocation_serials(a inventory.allocations, p inventory.products, p_serials text[])
RETURNS SETOF inventory.serials
LANGUAGE plpgsql SET search_path = inventory, pg_temp AS $$
DECLARE c record; s inventory.serials;
BEGIN
  IF NOT p.serialised THEN
    PERFORM inventory.refuse('serials', format('%s is not serialised: it takes no serials.', p.sku));
  END IF;
  IF coalesce(cardinality(p_serials), 0) = 0 THEN
    PERFORM inventory.refuse('serials', 'Enter at least one serial.');
  END IF;
  FOR c IN SELECT x.serial FROM inventory.serials_checked(p_serials, NULL) y, unnest(y.serials) WITH ORDINALITY x(serial, i)
             ORDER BY x.i LOOP
    SELECT * INTO s FROM inventory.serials x WHERE x.product_id = p.id AND lower(x.serial) = lower(c.serial) FOR UPDATE;
    IF NOT FOUND THEN
      PERFORM inventory.refuse('serials', format('%s is not a serial of %s.', c.serial, p.sku));
    END IF;
    RETURN NEXT s;
  END LOOP;
END $$;

-- inventory.allocate_serials: reserve these serials for a project or a
-- ticket: each must be in stock, not reserved, at p_location. The
-- document's allocation there grows by their count (inventory.allocate()),
-- and its ledger row is linked to them. Refuses (23514) 'serials' naming
-- the first one that is not free there, 'qty' when less is available (the
-- units the document's other allocations hold). Of N parallel calls for
-- the same last serial exactly one succeeds.
CREATE FUNCTION inventory.allocate_serials(p_product bigint, p_location bigint, p_doc_type text, p_doc_id bigint,
                                           p_serials text[], p_reason text DEFAULT '')
RETURNS inventory.allocations
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE
  p inventory.products;
  a inventory.allocations;
  s inventory.serials;
  ids bigint[] := '{}';
  mv bigint;
BEGIN
  p := inventory.lock_product(p_product, greatest(coalesce(cardinality(p_serials), 0), 1));
  a.product_id := p.id;      -- for allocation_serials' checks only
  FOR s IN SELECT * FROM inventory.allocation_serials(a, p, p_serials) LOOP
    IF s.state <> 'in_stock' OR s.location_id IS DISTINCT FROM p_location THEN
      PERFORM inventory.refuse('serials', format('%s is not free at %s: it is %s.', s.serial,
        inventory.location_name(p_location, 'location_id'), inventory.serial_where(s)));
    END IF;
    ids := ids || s.id;
  END LOOP;
  a := inventory.allocate(p.id, p_location, cardinality(ids), p_doc_type, p_doc_id, p_reason);
  mv := currval('inventory.stock_moves_id_seq');      -- the ledger row allocate() has just written
  UPDATE inventory.serials x SET state = 'allocated', allocation_id = a.id, version = x.version + 1, updated_at = now()
   WHERE x.id = ANY (ids);
  INSERT INTO inventory.serial_moves (serial_id, move_id) SELECT unnest(ids), mv;
  RETURN a;
END $$;

-- The same for an existing allocation (its product, location and document).
CREATE FUNCTION inventory.allocate_serials(p_allocation bigint, p_serials text[], p_reason text DEFAULT '')
RETURNS inventory.allocations
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE a inventory.allocations;
BEGIN
  SELECT * INTO a FROM inventory.allocations WHERE id = p_allocation;
  IF NOT FOUND THEN
    PERFORM inventory.refuse('allocation_id', 'No such allocation.');
  END IF;
  RETURN inventory.allocate_serials(a.product_id, a.location_id, a.doc_type, a.doc_id, p_serials, p_reason);
END $$;

-- release (p_consume false) or consume (true) these serials of an
-- allocation. Each must be reserved for it, or (consume only) in stock,
-- unreserved, at its location while the allocation has reserved units no
-- serial names (reserved by quantity, named when used).
CREATE FUNCTION inventory.allocation_take_serials(p_allocation bigint, p_serials text[], p_consume boolean,
                                                  p_reason text)
RETURNS inventory.allocations
LANGUAGE plpgsql SET search_path = inventory, pg_temp AS $$
DECLARE
  a inventory.allocations;
  p inventory.products;
  s inventory.serials;
  ids bigint[] := '{}';
  unnamed integer;
  free_used integer := 0;
  mv bigint;
BEGIN
  SELECT * INTO a FROM inventory.allocations WHERE id = p_allocation;
  IF NOT FOUND THEN
    PERFORM inventory.refuse('allocation_id', 'No such allocation.');
  END IF;
  p := inventory.lock_product(a.product_id, greatest(coalesce(cardinality(p_serials), 0), 1));
  SELECT * INTO a FROM inventory.allocations WHERE id = p_allocation FOR UPDATE;
  SELECT a.qty - count(*) INTO unnamed FROM inventory.serials x WHERE x.allocation_id = a.id AND x.state = 'allocated';
  FOR s IN SELECT * FROM inventory.allocation_serials(a, p, p_serials) LOOP
    IF s.state = 'allocated' AND s.allocation_id = a.id THEN
      NULL;
    ELSIF p_consume AND s.state = 'in_stock' AND s.location_id = a.location_id THEN
      free_used := free_used + 1;
      IF free_used > unnamed THEN
        PERFORM inventory.refuse('serials', format('%s is not reserved for %s #%s, and its reserved units are all named.',
          s.serial, a.doc_type, a.doc_id));
      END IF;
    ELSE
      PERFORM inventory.refuse('serials', format('%s is not reserved for %s #%s: it is %s.', s.serial, a.doc_type,
        a.doc_id, inventory.serial_where(s)));
    END IF;
    ids := ids || s.id;
  END LOOP;
  a := inventory.allocation_take(a.id, cardinality(ids), p_consume, p_reason);
  mv := currval('inventory.stock_moves_id_seq');
  UPDATE inventory.serials x
     SET state = CASE WHEN p_consume THEN 'consumed' ELSE 'in_stock' END,
         location_id = CASE WHEN p_consume THEN NULL ELSE x.location_id END,
         allocation_id = CASE WHEN p_consume THEN a.id ELSE NULL END,
         version = x.version + 1, updated_at = now()
   WHERE x.id = ANY (ids);
  INSERT INTO inventory.serial_moves (serial_id, move_id) SELECT unnest(ids), mv;
  RETURN a;
END $$;

-- inventory.consume_serials: these units of an allocation were used
-- (installed): they leave the stock; each keeps its allocation (the job
-- it went to).
CREATE FUNCTION inventory.consume_serials(p_allocation bigint, p_serials text[], p_reason text DEFAULT '')
RETURNS inventory.allocations
LANGUAGE sql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
  SELECT * FROM inventory.allocation_take_serials(p_allocation, p_serials, true, p_reason)
$$;

-- inventory.release_serials: give these reserved serials back to stock.
CREATE FUNCTION inventory.release_serials(p_allocation bigint, p_serials text[], p_reason text DEFAULT '')
RETURNS inventory.allocations
LANGUAGE sql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
  SELECT * FROM inventory.allocation_take_serials(p_allocation, p_serials, false, p_reason)
$$;

-- Where serials and stock disagree, of one product or of all (the
-- deferred check runs it for one product). what: 'on_hand' (a serialised product's level vs its serials there),
-- 'allocated' (reserved serials more than the level's allocated),
-- 'allocation <id>' (named serials more than its qty), 'unserialised'
-- (serials in stock of a product that takes none). No row: they agree.
CREATE FUNCTION inventory.serial_stock_mismatches(p_product bigint)
RETURNS TABLE (what text, product_id bigint, location_id bigint, level_value bigint, serial_value bigint)
LANGUAGE plpgsql STABLE SET search_path = inventory, pg_temp AS $$
BEGIN
  RETURN QUERY
  WITH here AS (
    SELECT s.product_id, s.location_id, count(*)::bigint AS on_hand,
           count(*) FILTER (WHERE s.state = 'allocated')::bigint AS allocated
      FROM inventory.serials s
     WHERE s.location_id IS NOT NULL AND (p_product IS NULL OR s.product_id = p_product)
     GROUP BY 1, 2
  ), levels AS (
    SELECT l.* FROM inventory.stock_levels l JOIN inventory.products p ON p.id = l.product_id AND p.serialised
     WHERE p_product IS NULL OR l.product_id = p_product
  ), serialised_here AS (
    SELECT h.* FROM here h JOIN inventory.products p ON p.id = h.product_id AND p.serialised
  )
  SELECT 'on_hand'::text, coalesce(l.product_id, h.product_id), coalesce(l.location_id, h.location_id),
         l.on_hand::bigint, coalesce(h.on_hand, 0)
    FROM levels l FULL JOIN serialised_here h ON h.product_id = l.product_id AND h.location_id = l.location_id
   WHERE coalesce(l.on_hand, 0) <> coalesce(h.on_hand, 0)
  UNION ALL
  SELECT 'allocated', h.product_id, h.location_id, coalesce(l.allocated, 0)::bigint, h.allocated
    FROM serialised_here h LEFT JOIN levels l ON l.product_id = h.product_id AND l.location_id = h.location_id
   WHERE h.allocated > coalesce(l.allocated, 0)
  UNION ALL
  SELECT 'unserialised', h.product_id, h.location_id, NULL::bigint, h.on_hand
    FROM here h JOIN inventory.products p ON p.id = h.product_id AND NOT p.serialised
  UNION ALL
  SELECT 'allocation ' || a.id, a.product_id, a.location_id, a.qty::bigint, count(s.id)::bigint
    FROM inventory.allocations a JOIN inventory.serials s ON s.allocation_id = a.id AND s.state = 'allocated'
   WHERE p_product IS NULL OR a.product_id = p_product
   GROUP BY a.id HAVING count(s.id) > a.qty OR bool_or(s.location_id <> a.location_id OR s.product_id <> a.product_id);
END $$;

-- The whole proof: the stock rules above, and each serial where its last
-- ledger row left it ('history <serial id>'; a reservation or a release
-- leaves it where it was).
CREATE FUNCTION inventory.serial_mismatches(p_product bigint DEFAULT NULL)
RETURNS TABLE (what text, product_id bigint, location_id bigint, level_value bigint, serial_value bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
BEGIN
  RETURN QUERY
  SELECT * FROM inventory.serial_stock_mismatches(p_product)
  UNION ALL
  SELECT 'history ' || s.id, s.product_id, s.location_id, NULL::bigint, last.to_location_id
    FROM inventory.serials s
    JOIN LATERAL (SELECT m.kind, m.from_location_id, m.to_location_id FROM inventory.serial_moves sm
                   JOIN inventory.stock_moves m ON m.id = sm.move_id
                  WHERE sm.serial_id = s.id ORDER BY m.id DESC LIMIT 1) last ON true
   WHERE (p_product IS NULL OR s.product_id = p_product)
     AND s.location_id IS DISTINCT FROM CASE WHEN last.kind IN ('allocation','release') THEN last.from_location_id
                                            ELSE last.to_location_id END;
END $$;

-- At commit, for each product whose stock changed in the transaction:
-- the rule of the top. Deferred, so inventory.move() and then
-- inventory.move_serials() may be two calls; a transaction that leaves a
-- serialised product's stock without its serials fails at COMMIT (23514,
-- 'serials').
CREATE FUNCTION inventory.serials_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE bad record;
BEGIN
  -- a product without serials has none in stock (move_serials refuses them,
  -- and serialised changes only with nothing in stock): nothing to count
  IF NOT (SELECT p.serialised FROM inventory.products p WHERE p.id = NEW.product_id) THEN
    RETURN NULL;
  END IF;
  SELECT x.what, x.location_id, x.level_value, x.serial_value, p.sku INTO bad
    FROM inventory.serial_stock_mismatches(NEW.product_id) x JOIN inventory.products p ON p.id = x.product_id
   LIMIT 1;
  IF FOUND THEN
    PERFORM inventory.refuse('serials', format('%s: %s stock at %s has %s serial%s for %s unit%s (%s). Name the serials of every unit moved.',
      bad.sku, CASE WHEN bad.what = 'on_hand' THEN 'the' ELSE 'the reserved' END,
      coalesce((SELECT name FROM inventory.locations WHERE id = bad.location_id), 'no location'),
      bad.serial_value, CASE WHEN bad.serial_value = 1 THEN '' ELSE 's' END, coalesce(bad.level_value, 0),
      CASE WHEN coalesce(bad.level_value, 0) = 1 THEN '' ELSE 's' END, bad.what));
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER serialised_stock_has_serials AFTER UPDATE ON inventory.stock_totals
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.on_hand IS DISTINCT FROM OLD.on_hand OR NEW.allocated IS DISTINCT FROM OLD.allocated)
  EXECUTE FUNCTION inventory.serials_check();

-- The same check now, for everything this transaction changed so far:
-- a responder calls it before COMMIT so a refusal comes back from a
-- statement (23514, 'serials', mapped to the field) rather than from COMMIT.
CREATE FUNCTION inventory.serials_check_now() RETURNS void
LANGUAGE plpgsql SET search_path = inventory, pg_temp AS $$
BEGIN
  SET CONSTRAINTS inventory.serialised_stock_has_serials IMMEDIATE;
  SET CONSTRAINTS inventory.serialised_stock_has_serials DEFERRED;
END $$;

-- serialised changes only while there is nothing to disagree: no stock
-- and no serial in stock.
CREATE FUNCTION inventory.product_serialised_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inventory.stock_totals t WHERE t.product_id = NEW.id AND t.on_hand > 0)
     OR EXISTS (SELECT 1 FROM inventory.serials s WHERE s.product_id = NEW.id AND s.location_id IS NOT NULL) THEN
    PERFORM inventory.refuse('serialised', 'Serial numbers can be switched on or off only while none of this product is in stock.');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER product_serialised_guard BEFORE UPDATE OF serialised ON inventory.products
  FOR EACH ROW WHEN (NEW.serialised IS DISTINCT FROM OLD.serialised)
  EXECUTE FUNCTION inventory.product_serialised_guard();

-- Stock of serialised products recorded before serials existed (a stack
-- migrated with data) gets one placeholder serial a unit, named so a
-- stock-take finds them: NOSERIAL-<product>-<location>-<n>. A fresh stack
-- has no stock yet and adds none.
INSERT INTO inventory.serials (product_id, serial, state, location_id)
SELECT l.product_id, format('NOSERIAL-%s-%s-%s', l.product_id, l.location_id, g), 'in_stock', l.location_id
  FROM inventory.stock_levels l JOIN inventory.products p ON p.id = l.product_id AND p.serialised
  CROSS JOIN LATERAL generate_series(1, l.on_hand) g;

GRANT SELECT ON inventory.serials, inventory.serial_moves
  TO hearth_inventory, hearth_projects, hearth_service, hearth_analytics;
REVOKE ALL ON FUNCTION inventory.mac_parse(text, text), inventory.serials_checked(text[], text[]),
  inventory.serial_where(inventory.serials), inventory.move_serials(bigint, text[], text[]),
  inventory.allocation_serials(inventory.allocations, inventory.products, text[]),
  inventory.allocate_serials(bigint, bigint, text, bigint, text[], text),
  inventory.allocate_serials(bigint, text[], text),
  inventory.allocation_take_serials(bigint, text[], boolean, text),
  inventory.consume_serials(bigint, text[], text), inventory.release_serials(bigint, text[], text),
  inventory.serial_mismatches(bigint), inventory.serial_stock_mismatches(bigint), inventory.serials_check(),
  inventory.serials_check_now(), inventory.product_serialised_guard() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inventory.move_serials(bigint, text[], text[]), inventory.serial_mismatches(bigint)
  TO hearth_inventory;
GRANT EXECUTE ON FUNCTION inventory.allocate_serials(bigint, bigint, text, bigint, text[], text),
  inventory.allocate_serials(bigint, text[], text), inventory.consume_serials(bigint, text[], text),
  inventory.release_serials(bigint, text[], text), inventory.serials_check_now()
  TO hearth_inventory, hearth_projects, hearth_service;

INSERT INTO core.webhook_event_types (type, description, example) VALUES
  ('inventory.serials_received', 'Serialised units came into stock on a receipt or a return (data: the ledger row''s id, kind, product, location and document, and each serial with its MAC).',
   '{"move_id": 664, "kind": "receipt", "product_id": 95, "sku": "MSH-AP6-LITE", "location_id": 1, "doc_type": "po", "doc_id": 12, "doc_ref": "PO-0012", "serials": [{"id": 301, "serial": "AP6L-24A0001", "mac": "b8:d7:af:10:00:01"}, {"id": 302, "serial": "AP6L-24A0002", "mac": "b8:d7:af:10:00:02"}]}');
