-- Purchasing (docs/purchasing.md): purchase orders and their lines,
-- receiving into stock through sql/031's inventory.move, reorder
-- suggestions, and the materials projects and service tickets ask to be
-- ordered (inventory.request_material), with each one's state.
--
-- A PO's number comes from a sequence (PO-000123): a number handed out is
-- never handed out again, even when its transaction rolls back or the PO
-- is cancelled. Its status moves only forward:
--   draft -> sent -> partially_received -> received -> closed
--   draft | sent (nothing received yet) -> cancelled
--   partially_received -> closed (the back-ordered rest is given up)
-- the responder checks each transition; the CHECKs below are the backstop.

CREATE SEQUENCE inventory.po_number_seq;

CREATE TABLE inventory.purchase_orders (
  id            bigserial PRIMARY KEY,
  number        text NOT NULL UNIQUE
                  DEFAULT 'PO-' || lpad(nextval('inventory.po_number_seq')::text, 6, '0'),
  supplier_id   bigint NOT NULL REFERENCES inventory.suppliers(id),
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','sent','partially_received','received',
                  'closed','cancelled')),
  expected_on   date,
  notes         text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
  created_by    bigint,                    -- auth.users
  sent_at       timestamptz,
  received_at   timestamptz,               -- the last receipt
  closed_at     timestamptz,               -- closed or cancelled
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'draft') = (sent_at IS NULL) OR status = 'cancelled'),
  CHECK ((status IN ('closed','cancelled')) = (closed_at IS NOT NULL))
);
CREATE INDEX purchase_orders_list_idx ON inventory.purchase_orders (id);
CREATE INDEX purchase_orders_status_idx ON inventory.purchase_orders (status, id);
CREATE INDEX purchase_orders_supplier_idx ON inventory.purchase_orders (supplier_id, id);

-- A PO's lines. qty is what was ordered, received what has arrived so
-- far (never more: the CHECK is the backstop of the responder's refusal).
-- A line bought for a project or a ticket names it (doc_type, doc_id):
-- receiving it allocates what arrived to that document.
CREATE TABLE inventory.po_lines (
  id               bigserial PRIMARY KEY,
  po_id            bigint NOT NULL REFERENCES inventory.purchase_orders(id),
  product_id       bigint NOT NULL REFERENCES inventory.products(id),
  qty              integer NOT NULL CHECK (qty BETWEEN 1 AND 1000000),
  received         integer NOT NULL DEFAULT 0 CHECK (received >= 0),
  unit_cost_cents  bigint NOT NULL DEFAULT 0 CHECK (unit_cost_cents BETWEEN 0 AND 100000000000),
  doc_type         text NOT NULL DEFAULT '' CHECK (doc_type IN ('','project','ticket')),
  doc_id           bigint CHECK (doc_id > 0),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT po_lines_received_within_qty CHECK (received <= qty),
  CHECK ((doc_type = '') = (doc_id IS NULL))
);
CREATE INDEX po_lines_po_idx ON inventory.po_lines (po_id, id);
-- a product once per PO and document: adding it again changes its line
CREATE UNIQUE INDEX po_lines_product_key ON inventory.po_lines (po_id, product_id, doc_type, coalesce(doc_id, 0));
CREATE INDEX po_lines_product_idx ON inventory.po_lines (product_id, po_id);
CREATE INDEX po_lines_doc_idx ON inventory.po_lines (doc_type, doc_id, product_id) WHERE doc_id IS NOT NULL;

-- Materials a project or a service ticket needs ordered. The projects and
-- service families add them through inventory.request_material (below);
-- their state is inventory.material_states.
CREATE TABLE inventory.material_requests (
  id            bigserial PRIMARY KEY,
  doc_type      text NOT NULL CHECK (doc_type IN ('project','ticket')),
  doc_id        bigint NOT NULL CHECK (doc_id > 0),
  product_id    bigint NOT NULL REFERENCES inventory.products(id),
  qty           integer NOT NULL CHECK (qty BETWEEN 1 AND 1000000),
  needed_by     date,
  notes         text NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
  user_id       bigint,
  cancelled_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX material_requests_doc_idx ON inventory.material_requests (doc_type, doc_id, product_id, id);
CREATE INDEX material_requests_open_idx ON inventory.material_requests (id) WHERE cancelled_at IS NULL;

-- A document stock is bought or kept for: a project or a ticket, by id.
CREATE FUNCTION inventory.doc_check(p_doc_type text, p_doc_id bigint) RETURNS void
LANGUAGE plpgsql SET search_path = inventory, pg_temp AS $$
BEGIN
  IF p_doc_type IS NULL OR p_doc_type NOT IN ('project','ticket') THEN
    PERFORM inventory.refuse('doc_type', 'Choose project or ticket.');
  ELSIF p_doc_id IS NULL OR p_doc_id <= 0 THEN
    PERFORM inventory.refuse('doc_id', 'Name the project or ticket.');
  END IF;
END $$;

-- inventory.request_material: a project or a ticket needs qty of a
-- product by a date. Refuses (23514 naming the field) a bad document, an
-- unknown or archived product, a quantity that is not a whole number of
-- at least 1. Writes the event inventory.material_requested in the
-- caller's transaction. Returns the request.
CREATE FUNCTION inventory.request_material(p_doc_type text, p_doc_id bigint, p_product bigint, p_qty integer,
                                           p_needed_by date DEFAULT NULL, p_notes text DEFAULT '')
RETURNS inventory.material_requests
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE
  p inventory.products;
  m inventory.material_requests;
BEGIN
  PERFORM inventory.doc_check(p_doc_type, p_doc_id);
  IF p_qty IS NULL OR p_qty < 1 OR p_qty > 1000000 THEN
    PERFORM inventory.refuse('qty', 'Enter a whole number between 1 and 1000000.');
  END IF;
  SELECT * INTO p FROM inventory.products WHERE id = p_product;
  IF NOT FOUND THEN
    PERFORM inventory.refuse('product_id', 'No such product.');
  ELSIF p.archived_at IS NOT NULL THEN
    PERFORM inventory.refuse('product_id', format('%s is archived.', p.sku));
  END IF;
  IF length(coalesce(p_notes, '')) > 1000 THEN
    PERFORM inventory.refuse('notes', 'At most 1000 characters.');
  END IF;
  INSERT INTO inventory.material_requests (doc_type, doc_id, product_id, qty, needed_by, notes, user_id)
  VALUES (p_doc_type, p_doc_id, p.id, p_qty, p_needed_by, coalesce(btrim(p_notes), ''), auth.current_user_id())
  RETURNING * INTO m;
  INSERT INTO core.outbox (event, entity_id, payload)
  VALUES ('inventory.material_requested', m.id, to_jsonb(m) || jsonb_build_object('sku', p.sku, 'product_name', p.name));
  RETURN m;
END $$;

-- The state of each open material request (of one document, or of all
-- when p_doc_type is NULL). A document's quantities of one product are
-- counted once at each stage and handed to its requests in need order
-- (needed_by, then first asked first served):
--   ordered    on a PO line for the document that is not cancelled or
--              closed (still to arrive), plus everything received
--   received   allocated to the document (what its PO lines brought in,
--              or reserved from stock), at any location, plus installed
--   delivered  allocated at a site location, plus installed
--   installed  consumed
-- state is the furthest stage that covers the whole request; to_order is
-- what of it no PO covers yet.
CREATE FUNCTION inventory.material_states(p_doc_type text DEFAULT NULL, p_doc_id bigint DEFAULT NULL)
RETURNS TABLE (request_id bigint, doc_type text, doc_id bigint, product_id bigint, sku text, product_name text,
               unit text, qty integer, needed_by date, notes text, state text, to_order integer, ordered integer,
               received integer, delivered integer, installed integer, created_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
  WITH req AS (
    SELECT r.*, coalesce(sum(r.qty) OVER (PARTITION BY r.doc_type, r.doc_id, r.product_id
                   ORDER BY r.needed_by NULLS LAST, r.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                 AS before
      FROM inventory.material_requests r
     WHERE r.cancelled_at IS NULL AND (p_doc_type IS NULL OR (r.doc_type = p_doc_type AND r.doc_id = p_doc_id))
  ), po AS (
    SELECT l.doc_type, l.doc_id, l.product_id, sum(l.qty - l.received) AS open_qty
      FROM inventory.po_lines l JOIN inventory.purchase_orders o ON o.id = l.po_id
     WHERE l.doc_id IS NOT NULL AND o.status IN ('draft','sent','partially_received')
       AND (p_doc_type IS NULL OR (l.doc_type = p_doc_type AND l.doc_id = p_doc_id))
     GROUP BY 1, 2, 3
  ), al AS (
    SELECT a.doc_type, a.doc_id, a.product_id, sum(a.qty + a.consumed) AS allocated, sum(a.consumed) AS installed,
           coalesce(sum(a.qty) FILTER (WHERE lo.kind = 'site'), 0) AS at_site
      FROM inventory.allocations a JOIN inventory.locations lo ON lo.id = a.location_id
     WHERE p_doc_type IS NULL OR (a.doc_type = p_doc_type AND a.doc_id = p_doc_id)
     GROUP BY 1, 2, 3
  ), stage AS (
    SELECT req.*, coalesce(al.installed, 0) AS s_installed, coalesce(al.installed + al.at_site, 0) AS s_delivered,
           coalesce(al.allocated, 0) AS s_received, coalesce(al.allocated, 0) + coalesce(po.open_qty, 0) AS s_ordered
      FROM req LEFT JOIN al USING (doc_type, doc_id, product_id) LEFT JOIN po USING (doc_type, doc_id, product_id)
  ), part AS (
    SELECT s.*, least(greatest(s.s_ordered - s.before, 0), s.qty)::integer AS c_ordered,
           least(greatest(s.s_received - s.before, 0), s.qty)::integer AS c_received,
           least(greatest(s.s_delivered - s.before, 0), s.qty)::integer AS c_delivered,
           least(greatest(s.s_installed - s.before, 0), s.qty)::integer AS c_installed
      FROM stage s
  )
  SELECT x.id, x.doc_type, x.doc_id, x.product_id, p.sku, p.name, p.unit, x.qty, x.needed_by, x.notes,
         CASE WHEN x.c_installed = x.qty THEN 'installed' WHEN x.c_delivered = x.qty THEN 'delivered'
              WHEN x.c_received = x.qty THEN 'received' WHEN x.c_ordered = x.qty THEN 'ordered'
              ELSE 'to_order' END,
         x.qty - x.c_ordered, x.c_ordered, x.c_received, x.c_delivered, x.c_installed, x.created_at
    FROM part x JOIN inventory.products p ON p.id = x.product_id
   ORDER BY x.doc_type, x.doc_id, x.needed_by NULLS LAST, x.id
$$;

-- Reorder suggestions: products (in use, with a reorder point) whose
-- available stock over the given locations (NULL: every warehouse and
-- van in use) is at or under their reorder point; the preferred
-- supplier, its SKU, cost (else the product's) and pack size; the
-- quantity to order (reorder_qty, or enough to rise above the point when
-- it is 0, rounded up to the pack size) and what open POs already bring
-- (stock lines of draft, sent and partially received POs).
CREATE FUNCTION inventory.reorder_suggestions(p_locations bigint[] DEFAULT NULL)
RETURNS TABLE (product_id bigint, sku text, product_name text, unit text, available bigint, reorder_point integer,
               reorder_qty integer, supplier_id bigint, supplier_name text, supplier_sku text, pack_size integer,
               unit_cost_cents bigint, suggested_qty integer, on_order bigint, open_pos text)
LANGUAGE sql STABLE SET search_path = inventory, pg_temp AS $$
  WITH locs AS (
    SELECT o.id FROM inventory.locations o
     WHERE CASE WHEN p_locations IS NULL THEN o.kind IN ('warehouse','van') AND o.archived_at IS NULL
                ELSE o.id = ANY (p_locations) END
  ), avail AS (
    SELECT p.id, p.sku, p.name, p.unit, p.reorder_point, p.reorder_qty, p.cost_cents,
           coalesce((SELECT sum(l.on_hand - l.allocated) FROM inventory.stock_levels l
                      WHERE l.product_id = p.id AND l.location_id IN (SELECT id FROM locs)), 0) AS available
      FROM inventory.products p
     WHERE p.archived_at IS NULL AND p.reorder_point > 0
  )
  SELECT a.id, a.sku, a.name, a.unit, a.available, a.reorder_point, a.reorder_qty, ps.supplier_id, s.name,
         ps.supplier_sku, coalesce(ps.pack_size, 1), coalesce(ps.cost_cents, a.cost_cents),
         (ceil(greatest(CASE WHEN a.reorder_qty > 0 THEN a.reorder_qty ELSE a.reorder_point - a.available + 1 END, 1)
               / coalesce(ps.pack_size, 1)::numeric) * coalesce(ps.pack_size, 1))::integer,
         coalesce(oo.qty, 0), coalesce(oo.numbers, '')
    FROM avail a
    LEFT JOIN inventory.product_suppliers ps ON ps.product_id = a.id AND ps.preferred AND ps.archived_at IS NULL
    LEFT JOIN inventory.suppliers s ON s.id = ps.supplier_id
    LEFT JOIN LATERAL (SELECT sum(l.qty - l.received) AS qty, string_agg(DISTINCT o.number, ', ') AS numbers
                         FROM inventory.po_lines l JOIN inventory.purchase_orders o ON o.id = l.po_id
                        WHERE l.product_id = a.id AND l.doc_id IS NULL
                          AND o.status IN ('draft','sent','partially_received')) oo ON true
   WHERE a.available <= a.reorder_point
   ORDER BY s.name NULLS LAST, ps.supplier_id, lower(a.sku), a.id
$$;

-- Receive p_qty of one line of PO p_po into p_location: the receipt
-- move (inventory.move, doc 'po', the PO's number as reference), the
-- line's received count and, for a line bought for a project or ticket,
-- the allocation of what arrived to it there (inventory.allocate, same
-- transaction). The caller has locked the PO (FOR UPDATE) and checks its
-- status; this locks the line. Refuses (23514, 'qty') more than is still
-- open on the line, naming it; inventory.move refuses an archived or
-- unknown location ('to_location_id'). Returns the move's id and the line
-- after it, so the responder has the move in hand (serials go with it).
CREATE FUNCTION inventory.po_receive_line(p_po bigint, p_line bigint, p_qty integer, p_location bigint)
RETURNS TABLE (move_id bigint, line_id bigint, product_id bigint, qty integer, received integer,
               location_id bigint, allocation_id bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = inventory, pg_temp AS $$
DECLARE
  l inventory.po_lines;
  n text;
  sku text;
  pos bigint;
  m inventory.stock_moves;
  a inventory.allocations;
BEGIN
  SELECT * INTO l FROM inventory.po_lines x WHERE x.id = p_line AND x.po_id = p_po FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM inventory.refuse('line_id', 'No such line on this purchase order.');
  END IF;
  SELECT o.number INTO n FROM inventory.purchase_orders o WHERE o.id = p_po;
  IF p_qty IS NULL OR p_qty < 1 THEN
    PERFORM inventory.refuse('qty', 'Enter a whole number of at least 1.');
  END IF;
  IF l.received + p_qty > l.qty THEN
    SELECT p.sku INTO sku FROM inventory.products p WHERE p.id = l.product_id;
    SELECT count(*) INTO pos FROM inventory.po_lines x WHERE x.po_id = p_po AND x.id <= l.id;
    PERFORM inventory.refuse('qty', format('Line %s (%s): only %s of %s still to receive.', pos, sku,
      l.qty - l.received, l.qty));
  END IF;
  m := inventory.move('receipt', l.product_id, p_qty, NULL, p_location, '', 'po', p_po, n);
  UPDATE inventory.po_lines x SET received = x.received + p_qty, updated_at = now() WHERE x.id = l.id
  RETURNING * INTO l;
  IF l.doc_id IS NOT NULL THEN
    a := inventory.allocate(l.product_id, p_location, p_qty, l.doc_type, l.doc_id, n);
  END IF;
  RETURN QUERY SELECT m.id, l.id, l.product_id, p_qty, l.received, p_location, a.id;
END $$;

-- Our own name and address for printed POs: the mail settings' sender
-- name and address (the only company settings there are), without the
-- rest of that row (its password stays unreadable to the responder).
CREATE FUNCTION inventory.company() RETURNS TABLE (name text, email text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = core, pg_temp AS $$
  SELECT coalesce((SELECT nullif(s.from_name, '') FROM core.mail_settings s LIMIT 1), 'Hearth'),
         coalesce((SELECT s.from_address FROM core.mail_settings s LIMIT 1), '')
$$;

GRANT SELECT, INSERT, UPDATE ON inventory.purchase_orders, inventory.po_lines TO hearth_inventory;
GRANT DELETE ON inventory.po_lines TO hearth_inventory;          -- a draft's lines
GRANT SELECT, UPDATE ON inventory.material_requests TO hearth_inventory;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA inventory TO hearth_inventory;
GRANT SELECT ON inventory.purchase_orders, inventory.po_lines, inventory.material_requests
  TO hearth_projects, hearth_service, hearth_analytics;
REVOKE ALL ON FUNCTION inventory.request_material(text, bigint, bigint, integer, date, text),
  inventory.material_states(text, bigint), inventory.reorder_suggestions(bigint[]), inventory.company(),
  inventory.po_receive_line(bigint, bigint, integer, bigint), inventory.doc_check(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inventory.request_material(text, bigint, bigint, integer, date, text),
  inventory.material_states(text, bigint) TO hearth_inventory, hearth_projects, hearth_service;
GRANT EXECUTE ON FUNCTION inventory.reorder_suggestions(bigint[]), inventory.company(),
  inventory.po_receive_line(bigint, bigint, integer, bigint) TO hearth_inventory;

-- The purchasing events in the webhook catalogue (sql/018), each with an
-- example of its data (docs/webhooks.md's list).
INSERT INTO core.webhook_event_types (type, description, example) VALUES
  ('inventory.po_created', 'A purchase order was created (a draft; data: the PO without its lines).',
   '{"id": 7, "number": "PO-000007", "supplier_id": 2, "supplier_name": "Northline Distribution", "status": "draft", "expected_on": "2026-03-09", "notes": "Deliver to the back door.", "total_cents": 482150, "line_count": 3, "created_by": 2, "sent_at": null, "received_at": null, "closed_at": null, "version": 1, "created_at": "2026-03-02T14:58:11Z", "updated_at": "2026-03-02T15:04:05Z"}'),
  ('inventory.po_updated', 'A draft purchase order''s details or lines changed, or a later one''s expected date or notes (data: the PO after the change).',
   '{"id": 7, "number": "PO-000007", "supplier_id": 2, "supplier_name": "Northline Distribution", "status": "draft", "expected_on": "2026-03-09", "notes": "Deliver to the back door.", "total_cents": 482150, "line_count": 3, "created_by": 2, "sent_at": null, "received_at": null, "closed_at": null, "version": 4, "created_at": "2026-03-02T14:58:11Z", "updated_at": "2026-03-02T15:04:05Z"}'),
  ('inventory.po_sent', 'A purchase order was marked as sent to its supplier: its lines can no longer change (data: the PO).',
   '{"id": 7, "number": "PO-000007", "supplier_id": 2, "supplier_name": "Northline Distribution", "status": "sent", "expected_on": "2026-03-09", "notes": "Deliver to the back door.", "total_cents": 482150, "line_count": 3, "created_by": 2, "sent_at": "2026-03-02T15:04:05Z", "received_at": null, "closed_at": null, "version": 5, "created_at": "2026-03-02T14:58:11Z", "updated_at": "2026-03-02T15:04:05Z"}'),
  ('inventory.po_partially_received', 'Part of a purchase order arrived and went into stock; the rest stays open (data: the PO after it and what was received, line by line, with each receipt''s stock move).',
   '{"purchase_order": {"id": 7, "number": "PO-000007", "supplier_id": 2, "supplier_name": "Northline Distribution", "status": "partially_received", "expected_on": "2026-03-09", "notes": "Deliver to the back door.", "total_cents": 482150, "line_count": 3, "created_by": 2, "sent_at": "2026-03-02T15:04:05Z", "received_at": "2026-03-04T10:12:00Z", "closed_at": null, "version": 6, "created_at": "2026-03-02T14:58:11Z", "updated_at": "2026-03-02T15:04:05Z"}, "received": [{"line_id": 31, "product_id": 95, "sku": "MSH-AP6-LITE", "qty": 6, "location_id": 1, "move_id": 1204, "allocation_id": null}, {"line_id": 32, "product_id": 12, "sku": "LUM-DIM-600-WH", "qty": 10, "location_id": 1, "move_id": 1205, "allocation_id": 88}]}'),
  ('inventory.po_received', 'Everything a purchase order ordered has arrived and is in stock (data: the PO after it and what this last receipt brought, line by line, with each stock move).',
   '{"purchase_order": {"id": 7, "number": "PO-000007", "supplier_id": 2, "supplier_name": "Northline Distribution", "status": "received", "expected_on": "2026-03-09", "notes": "Deliver to the back door.", "total_cents": 482150, "line_count": 3, "created_by": 2, "sent_at": "2026-03-02T15:04:05Z", "received_at": "2026-03-04T10:12:00Z", "closed_at": null, "version": 7, "created_at": "2026-03-02T14:58:11Z", "updated_at": "2026-03-02T15:04:05Z"}, "received": [{"line_id": 31, "product_id": 95, "sku": "MSH-AP6-LITE", "qty": 6, "location_id": 1, "move_id": 1204, "allocation_id": null}, {"line_id": 32, "product_id": 12, "sku": "LUM-DIM-600-WH", "qty": 10, "location_id": 1, "move_id": 1205, "allocation_id": 88}]}'),
  ('inventory.po_closed', 'A purchase order was closed: received in full, or what was still back-ordered was given up (data: the PO).',
   '{"id": 7, "number": "PO-000007", "supplier_id": 2, "supplier_name": "Northline Distribution", "status": "closed", "expected_on": "2026-03-09", "notes": "Deliver to the back door.", "total_cents": 482150, "line_count": 3, "created_by": 2, "sent_at": "2026-03-02T15:04:05Z", "received_at": "2026-03-04T10:12:00Z", "closed_at": "2026-03-05T09:00:00Z", "version": 8, "created_at": "2026-03-02T14:58:11Z", "updated_at": "2026-03-02T15:04:05Z"}'),
  ('inventory.po_cancelled', 'A purchase order was cancelled before anything arrived (data: the PO).',
   '{"id": 7, "number": "PO-000007", "supplier_id": 2, "supplier_name": "Northline Distribution", "status": "cancelled", "expected_on": "2026-03-09", "notes": "Deliver to the back door.", "total_cents": 482150, "line_count": 3, "created_by": 2, "sent_at": null, "received_at": null, "closed_at": "2026-03-05T09:00:00Z", "version": 6, "created_at": "2026-03-02T14:58:11Z", "updated_at": "2026-03-02T15:04:05Z"}'),
  ('inventory.material_requested', 'A project or a service ticket asked for materials to be ordered (inventory.request_material; data: the request with the product''s SKU and name).',
   '{"id": 14, "qty": 4, "sku": "MSH-AP6-LITE", "notes": "Living room and office", "doc_id": 31, "user_id": 2, "doc_type": "project", "needed_by": "2026-03-20", "created_at": "2026-03-02T15:04:05Z", "product_id": 95, "cancelled_at": null, "product_name": "Access point, Wi-Fi 6, lite"}');
