-- Quotes (proposals): the data model and the one place totals are
-- computed (docs/quotes.md). A quote belongs to a deal and has numbered
-- versions; a version has sections (rooms or areas), option groups
-- (good/better/best: the customer picks one option), lines (from the
-- catalog or free; one-off or recurring monthly; optional or not) and a
-- payment schedule. Once a version leaves draft it is frozen: triggers
-- refuse any change to its content (SQLSTATE 23514, constraint
-- `version_frozen`; the responders answer 409). Editing a sent quote is
-- making a new version (sales.quote_revise). Lines and sections carry a
-- key that stays the same across versions, so two versions compare line
-- by line.
--
-- Money is integer cents. Rounding is half away from zero (half up for
-- the positive amounts of a proposal; change orders carry negative
-- lines), once per line and once per quote-level figure, never on sums:
--   goods     = qty × unit_price                                  (exact)
--   labour    = round(qty × labour_minutes × labour_rate / 60)
--   gross     = goods + labour
--   discount  = round(gross × discount_bp / 10000)          (line discount)
--   net       = gross − discount
--   cost      = qty × unit_cost + round(qty × labour_minutes × labour_cost_rate / 60)
--   margin    = net − cost
-- A line counts when it is not optional or is ticked, and when it is in
-- no option group or in the group's chosen option. Then, per version,
-- over the counted one-off lines:
--   subtotal        = Σ net
--   quote_discount  = round(subtotal × discount_bp / 10000)
--   taxable         = Σ net of taxable lines − round(that × discount_bp / 10000)
--   tax             = round(taxable × tax_bp / 10000)
--   total           = subtotal − quote_discount + tax
-- and over the counted recurring lines (monthly; no quote discount):
--   recurring_subtotal = Σ net, recurring_tax = round(Σ taxable net × tax_bp / 10000),
--   recurring_total    = recurring_subtotal + recurring_tax.
-- The payment schedule splits total by percentage, each amount rounded,
-- the last milestone taking what is left so the amounts add up exactly.

-- ---- the company's quoting settings (one row) ----

CREATE TABLE sales.settings (
  id                      boolean PRIMARY KEY DEFAULT true CHECK (id),
  company_name            text NOT NULL DEFAULT 'Hearth Smart Homes' CHECK (length(company_name) BETWEEN 1 AND 120),
  company_address         text NOT NULL DEFAULT '' CHECK (length(company_address) <= 400),
  company_phone           text NOT NULL DEFAULT '' CHECK (length(company_phone) <= 40),
  company_email           text NOT NULL DEFAULT '' CHECK (length(company_email) <= 254),
  company_website         text NOT NULL DEFAULT '' CHECK (length(company_website) <= 200),
  logo_sha256             text REFERENCES core.files(sha256),
  logo_type               text CHECK (logo_type IN ('image/png','image/jpeg','image/webp')),
  labour_rate_cents       bigint NOT NULL DEFAULT 9500 CHECK (labour_rate_cents BETWEEN 0 AND 10000000),
  labour_cost_rate_cents  bigint NOT NULL DEFAULT 4200 CHECK (labour_cost_rate_cents BETWEEN 0 AND 10000000),
  tax_bp                  integer NOT NULL DEFAULT 825 CHECK (tax_bp BETWEEN 0 AND 10000),
  tax_label               text NOT NULL DEFAULT 'Sales tax' CHECK (length(tax_label) BETWEEN 1 AND 60),
  validity_days           integer NOT NULL DEFAULT 30 CHECK (validity_days BETWEEN 1 AND 365),
  link_days               integer NOT NULL DEFAULT 60 CHECK (link_days BETWEEN 1 AND 365),
  terms                   text NOT NULL DEFAULT
    'Prices are valid until the date shown. Equipment remains our property until paid in full. '
    'Work outside the rooms and lines listed is quoted separately as a change order. '
    'Manufacturer warranties apply to equipment; our workmanship is warranted for 12 months from handover.'
    CHECK (length(terms) <= 20000),
  -- the payment schedule a new quote starts with: [{"label": ..., "percent_bp": ...}], adding up to 10000
  payment_schedule        jsonb NOT NULL DEFAULT
    '[{"label": "Deposit on acceptance", "percent_bp": 5000},
      {"label": "Rough-in complete", "percent_bp": 3000},
      {"label": "Handover", "percent_bp": 2000}]',
  version                 integer NOT NULL DEFAULT 1,
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT settings_logo_whole CHECK ((logo_sha256 IS NULL) = (logo_type IS NULL))
);
INSERT INTO sales.settings DEFAULT VALUES;

-- ---- quotes and their versions ----

CREATE SEQUENCE sales.quote_number_seq;

CREATE TABLE sales.quotes (
  id              bigserial PRIMARY KEY,
  -- a number handed out is never reused (a sequence), Q-000123
  number          text NOT NULL UNIQUE DEFAULT 'Q-' || lpad(nextval('sales.quote_number_seq')::text, 6, '0'),
  deal_id         bigint NOT NULL REFERENCES sales.deals(id),
  customer_id     bigint NOT NULL REFERENCES customers.customers(id),
  property_id     bigint REFERENCES customers.properties(id),
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  owner_id        bigint,                        -- auth.users: the salesperson
  -- the latest version's status (trigger quote_version_sync): the lists' filter
  status          text NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft','sent','accepted','declined','superseded')),
  -- the latest version's total and recurring total (same trigger, and the
  -- responder after a line change through sales.quote_touch)
  total_cents     bigint NOT NULL DEFAULT 0,
  recurring_cents bigint NOT NULL DEFAULT 0,
  archived_at     timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_by      bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  search_text     text NOT NULL DEFAULT ''
);
CREATE INDEX quotes_created_idx  ON sales.quotes (created_at DESC, id DESC);
CREATE INDEX quotes_deal_idx     ON sales.quotes (deal_id, created_at DESC, id DESC);
CREATE INDEX quotes_customer_idx ON sales.quotes (customer_id, created_at DESC, id DESC);
CREATE INDEX quotes_status_idx   ON sales.quotes (status, created_at DESC, id DESC);
CREATE INDEX quotes_owner_idx    ON sales.quotes (owner_id, created_at DESC, id DESC);
CREATE INDEX quotes_trgm_idx     ON sales.quotes USING gin (search_text gin_trgm_ops);

CREATE FUNCTION sales.quote_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_text := lower(concat_ws(' ', NEW.number, NEW.title,
    (SELECT c.name FROM customers.customers c WHERE c.id = NEW.customer_id)));
  RETURN NEW;
END $$;
CREATE TRIGGER quote_before BEFORE INSERT OR UPDATE OF title, customer_id ON sales.quotes
  FOR EACH ROW EXECUTE FUNCTION sales.quote_before();

-- A version: a proposal (n = 1, 2, ...) or a change order against an
-- accepted version (its lines are the delta: added lines positive,
-- removed lines as negative quantities of the accepted ones).
CREATE TABLE sales.quote_versions (
  id              bigserial PRIMARY KEY,
  quote_id        bigint NOT NULL REFERENCES sales.quotes(id),
  n               integer NOT NULL CHECK (n >= 1),
  kind            text NOT NULL DEFAULT 'proposal' CHECK (kind IN ('proposal','change_order')),
  base_version_id bigint REFERENCES sales.quote_versions(id),
  status          text NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft','sent','accepted','declined','superseded')),
  intro           text NOT NULL DEFAULT '' CHECK (length(intro) <= 20000),
  terms           text NOT NULL DEFAULT '' CHECK (length(terms) <= 20000),
  discount_bp     integer NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
  tax_bp          integer NOT NULL DEFAULT 0 CHECK (tax_bp BETWEEN 0 AND 10000),
  tax_label       text NOT NULL DEFAULT 'Sales tax' CHECK (length(tax_label) BETWEEN 1 AND 60),
  valid_until     date,
  sent_at         timestamptz,
  sent_by         bigint,
  decided_at      timestamptz,                   -- accepted or declined
  version         integer NOT NULL DEFAULT 1,    -- optimistic concurrency of the draft's own fields
  created_by      bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (quote_id, n),
  CONSTRAINT version_change_order_base CHECK ((kind = 'change_order') = (base_version_id IS NOT NULL))
);
-- at most one draft per quote: a second "revise" finds the first
CREATE UNIQUE INDEX quote_versions_one_draft ON sales.quote_versions (quote_id) WHERE status = 'draft';
CREATE INDEX quote_versions_base_idx ON sales.quote_versions (base_version_id) WHERE base_version_id IS NOT NULL;

CREATE TABLE sales.quote_sections (
  id              bigserial PRIMARY KEY,
  version_id      bigint NOT NULL REFERENCES sales.quote_versions(id) ON DELETE CASCADE,
  section_key     uuid NOT NULL DEFAULT gen_random_uuid(),   -- the same room across versions
  position        integer NOT NULL DEFAULT 0,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description     text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  UNIQUE (version_id, section_key)
);
CREATE INDEX quote_sections_version_idx ON sales.quote_sections (version_id, position, id);

-- Good/better/best: a group of options inside a section; the customer
-- picks one (chosen_option_id is the salesperson's recommendation, the
-- pick shown until the customer changes it).
CREATE TABLE sales.quote_option_groups (
  id              bigserial PRIMARY KEY,
  version_id      bigint NOT NULL REFERENCES sales.quote_versions(id) ON DELETE CASCADE,
  section_id      bigint NOT NULL REFERENCES sales.quote_sections(id) ON DELETE CASCADE,
  group_key       uuid NOT NULL DEFAULT gen_random_uuid(),
  position        integer NOT NULL DEFAULT 0,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  chosen_option_id bigint,                       -- FK below (the options table comes next)
  UNIQUE (version_id, group_key)
);
CREATE INDEX quote_option_groups_version_idx ON sales.quote_option_groups (version_id, section_id, position, id);

CREATE TABLE sales.quote_options (
  id              bigserial PRIMARY KEY,
  version_id      bigint NOT NULL REFERENCES sales.quote_versions(id) ON DELETE CASCADE,
  group_id        bigint NOT NULL REFERENCES sales.quote_option_groups(id) ON DELETE CASCADE,
  option_key      uuid NOT NULL DEFAULT gen_random_uuid(),
  position        integer NOT NULL DEFAULT 0,
  label           text NOT NULL CHECK (length(label) BETWEEN 1 AND 60),     -- "Good", "Better", "Best"
  description     text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  UNIQUE (version_id, option_key)
);
CREATE INDEX quote_options_group_idx ON sales.quote_options (group_id, position, id);
ALTER TABLE sales.quote_option_groups ADD CONSTRAINT quote_option_groups_chosen_fk
  FOREIGN KEY (chosen_option_id) REFERENCES sales.quote_options(id) ON DELETE SET NULL
  DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE sales.quote_lines (
  id                  bigserial PRIMARY KEY,
  version_id          bigint NOT NULL REFERENCES sales.quote_versions(id) ON DELETE CASCADE,
  section_id          bigint NOT NULL REFERENCES sales.quote_sections(id) ON DELETE CASCADE,
  line_key            uuid NOT NULL DEFAULT gen_random_uuid(),   -- the same line across versions
  position            integer NOT NULL DEFAULT 0,
  kind                text NOT NULL DEFAULT 'one_off' CHECK (kind IN ('one_off','recurring')),
  -- from the catalog (its figures copied when added: price protection
  -- compares catalog_cost_cents with the catalog's cost now) or free
  product_id          bigint REFERENCES inventory.products(id),
  -- what inventory.expand() called it: product, kit, part, required,
  -- recommended, optional; 'free' for a line typed by hand
  role                text NOT NULL DEFAULT 'free'
                      CHECK (role IN ('product','kit','part','required','recommended','optional','free')),
  parent_line_id      bigint REFERENCES sales.quote_lines(id) ON DELETE CASCADE,  -- a kit's part, a product's accessory
  sku                 text NOT NULL DEFAULT '' CHECK (length(sku) <= 64),
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  description         text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  unit                text NOT NULL DEFAULT 'each' CHECK (length(unit) BETWEEN 1 AND 20),
  qty                 integer NOT NULL CHECK (qty <> 0 AND qty BETWEEN -1000000 AND 1000000),
  unit_cost_cents     bigint NOT NULL DEFAULT 0 CHECK (unit_cost_cents BETWEEN 0 AND 100000000000),
  unit_price_cents    bigint NOT NULL DEFAULT 0 CHECK (unit_price_cents BETWEEN 0 AND 100000000000),
  catalog_cost_cents  bigint,                    -- the catalog's cost when added or last refreshed
  catalog_price_cents bigint,
  labour_minutes      integer NOT NULL DEFAULT 0 CHECK (labour_minutes BETWEEN 0 AND 1000000),  -- per unit
  labour_rate_cents   bigint NOT NULL DEFAULT 0 CHECK (labour_rate_cents BETWEEN 0 AND 10000000),      -- per hour
  labour_cost_rate_cents bigint NOT NULL DEFAULT 0 CHECK (labour_cost_rate_cents BETWEEN 0 AND 10000000),
  discount_bp         integer NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
  taxable             boolean NOT NULL DEFAULT true,
  optional            boolean NOT NULL DEFAULT false,   -- the customer may tick it
  selected            boolean NOT NULL DEFAULT true,    -- an optional line's tick until the customer changes it
  option_id           bigint REFERENCES sales.quote_options(id) ON DELETE CASCADE,
  UNIQUE (version_id, line_key),
  CONSTRAINT line_optional_or_option CHECK (NOT (optional AND option_id IS NOT NULL)),
  CONSTRAINT line_recurring_no_labour CHECK (kind = 'one_off' OR labour_minutes = 0)
);
CREATE INDEX quote_lines_version_idx ON sales.quote_lines (version_id, section_id, position, id);
CREATE INDEX quote_lines_parent_idx  ON sales.quote_lines (parent_line_id) WHERE parent_line_id IS NOT NULL;
CREATE INDEX quote_lines_option_idx  ON sales.quote_lines (option_id) WHERE option_id IS NOT NULL;

CREATE TABLE sales.quote_payments (
  id              bigserial PRIMARY KEY,
  version_id      bigint NOT NULL REFERENCES sales.quote_versions(id) ON DELETE CASCADE,
  position        integer NOT NULL DEFAULT 0,
  label           text NOT NULL CHECK (length(label) BETWEEN 1 AND 120),
  percent_bp      integer NOT NULL CHECK (percent_bp BETWEEN 1 AND 10000)
);
CREATE INDEX quote_payments_version_idx ON sales.quote_payments (version_id, position, id);

-- ---- freezing: a version's content changes only while it is a draft ----

CREATE FUNCTION sales.refuse(field text, message text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = field, MESSAGE = message;
END $$;

CREATE FUNCTION sales.version_draft_check(p_version bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE s text;
BEGIN
  SELECT v.status INTO s FROM sales.quote_versions v WHERE v.id = p_version;
  IF s IS DISTINCT FROM 'draft' THEN
    PERFORM sales.refuse('version_frozen',
      format('This version is %s: it cannot change. Revise the quote to make a new version.', coalesce(s, 'gone')));
  END IF;
END $$;

-- sections, option groups, options, lines and payments of a non-draft
-- version are frozen (a whole version deleted with its quote is not
-- possible: versions are never deleted)
CREATE FUNCTION sales.quote_part_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE','DELETE') THEN PERFORM sales.version_draft_check(OLD.version_id); END IF;
  IF TG_OP IN ('INSERT','UPDATE') THEN PERFORM sales.version_draft_check(NEW.version_id); END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER quote_sections_frozen BEFORE INSERT OR UPDATE OR DELETE ON sales.quote_sections
  FOR EACH ROW EXECUTE FUNCTION sales.quote_part_frozen();
CREATE TRIGGER quote_option_groups_frozen BEFORE INSERT OR UPDATE OR DELETE ON sales.quote_option_groups
  FOR EACH ROW EXECUTE FUNCTION sales.quote_part_frozen();
CREATE TRIGGER quote_options_frozen BEFORE INSERT OR UPDATE OR DELETE ON sales.quote_options
  FOR EACH ROW EXECUTE FUNCTION sales.quote_part_frozen();
CREATE TRIGGER quote_lines_frozen BEFORE INSERT OR UPDATE OR DELETE ON sales.quote_lines
  FOR EACH ROW EXECUTE FUNCTION sales.quote_part_frozen();
CREATE TRIGGER quote_payments_frozen BEFORE INSERT OR UPDATE OR DELETE ON sales.quote_payments
  FOR EACH ROW EXECUTE FUNCTION sales.quote_part_frozen();

-- Lines, options and groups stay inside their own version and section;
-- negative quantities only in a change order.
CREATE FUNCTION sales.quote_line_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE k text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM sales.quote_sections s WHERE s.id = NEW.section_id AND s.version_id = NEW.version_id) THEN
    PERFORM sales.refuse('section_id', 'Choose a section of this version.');
  END IF;
  IF NEW.parent_line_id IS NOT NULL AND NOT EXISTS
     (SELECT 1 FROM sales.quote_lines p WHERE p.id = NEW.parent_line_id AND p.version_id = NEW.version_id) THEN
    PERFORM sales.refuse('parent_line_id', 'The parent line is not in this version.');
  END IF;
  IF NEW.option_id IS NOT NULL AND NOT EXISTS
     (SELECT 1 FROM sales.quote_options o JOIN sales.quote_option_groups g ON g.id = o.group_id
       WHERE o.id = NEW.option_id AND g.section_id = NEW.section_id) THEN
    PERFORM sales.refuse('option_id', 'Choose an option of this line''s section.');
  END IF;
  IF NEW.qty < 0 THEN
    SELECT v.kind INTO k FROM sales.quote_versions v WHERE v.id = NEW.version_id;
    IF k IS DISTINCT FROM 'change_order' THEN
      PERFORM sales.refuse('qty', 'Enter a quantity of at least 1.');
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER quote_line_check BEFORE INSERT OR UPDATE ON sales.quote_lines
  FOR EACH ROW EXECUTE FUNCTION sales.quote_line_check();

CREATE FUNCTION sales.quote_option_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'quote_options' THEN
    IF NOT EXISTS (SELECT 1 FROM sales.quote_option_groups g WHERE g.id = NEW.group_id AND g.version_id = NEW.version_id) THEN
      PERFORM sales.refuse('group_id', 'Choose an option group of this version.');
    END IF;
  ELSE
    IF NOT EXISTS (SELECT 1 FROM sales.quote_sections s WHERE s.id = NEW.section_id AND s.version_id = NEW.version_id) THEN
      PERFORM sales.refuse('section_id', 'Choose a section of this version.');
    END IF;
    IF NEW.chosen_option_id IS NOT NULL AND NOT EXISTS
       (SELECT 1 FROM sales.quote_options o WHERE o.id = NEW.chosen_option_id AND o.group_id = NEW.id) THEN
      PERFORM sales.refuse('chosen_option_id', 'Choose one of this group''s options.');
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER quote_options_check BEFORE INSERT OR UPDATE ON sales.quote_options
  FOR EACH ROW EXECUTE FUNCTION sales.quote_option_check();
CREATE TRIGGER quote_option_groups_check BEFORE INSERT OR UPDATE ON sales.quote_option_groups
  FOR EACH ROW EXECUTE FUNCTION sales.quote_option_check();

-- A version's own fields: content frozen outside draft; the status moves
-- only forward (draft → sent → accepted | declined | superseded).
CREATE FUNCTION sales.quote_version_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' AND
     (OLD.intro, OLD.terms, OLD.discount_bp, OLD.tax_bp, OLD.tax_label, OLD.kind, OLD.base_version_id, OLD.quote_id, OLD.n)
     IS DISTINCT FROM
     (NEW.intro, NEW.terms, NEW.discount_bp, NEW.tax_bp, NEW.tax_label, NEW.kind, NEW.base_version_id, NEW.quote_id, NEW.n) THEN
    PERFORM sales.refuse('version_frozen',
      format('This version is %s: it cannot change. Revise the quote to make a new version.', OLD.status));
  END IF;
  IF OLD.status IS DISTINCT FROM NEW.status AND NOT (
       (OLD.status = 'draft' AND NEW.status = 'sent') OR
       (OLD.status = 'sent' AND NEW.status IN ('accepted','declined','superseded'))) THEN
    PERFORM sales.refuse('status', format('A %s version cannot become %s.', OLD.status, NEW.status));
  END IF;
  IF OLD.status = 'draft' AND NEW.status = 'sent' THEN NEW.sent_at := coalesce(NEW.sent_at, now()); END IF;
  IF NEW.status IN ('accepted','declined') AND OLD.status <> NEW.status THEN NEW.decided_at := now(); END IF;
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER quote_version_before BEFORE UPDATE ON sales.quote_versions
  FOR EACH ROW EXECUTE FUNCTION sales.quote_version_before();

-- ---- the figures: the one place a quote's money is computed ----

-- p_choices: the customer's picks, or NULL for the version as the
-- salesperson left it:
--   {"optional": [line ids ticked] | "all" | "none",
--    "options": {"<group id>": option id, ...}}
-- A key left out keeps the version's own choice for it.
CREATE FUNCTION sales.quote_line_figures(p_version bigint, p_choices jsonb DEFAULT NULL)
RETURNS TABLE (line_id bigint, section_id bigint, kind text, taxable boolean, counted boolean,
               goods_cents bigint, labour_cents bigint, gross_cents bigint, discount_cents bigint,
               net_cents bigint, cost_cents bigint, margin_cents bigint)
LANGUAGE sql STABLE AS $$
  WITH raw AS (
    SELECT l.*,
           (l.qty::bigint * l.unit_price_cents) AS goods,
           round(l.qty::numeric * l.labour_minutes * l.labour_rate_cents / 60)::bigint AS labour,
           (l.qty::bigint * l.unit_cost_cents)
             + round(l.qty::numeric * l.labour_minutes * l.labour_cost_rate_cents / 60)::bigint AS cost,
           (NOT l.optional OR CASE
              WHEN p_choices IS NULL OR NOT (p_choices ? 'optional') THEN l.selected
              WHEN jsonb_typeof(p_choices->'optional') = 'array' THEN (p_choices->'optional') @> to_jsonb(l.id)
              ELSE p_choices->>'optional' = 'all' END)
           AND (l.option_id IS NULL OR l.option_id = coalesce(
              (SELECT (p_choices->'options'->>o.group_id::text)::bigint
                 FROM sales.quote_options o WHERE o.id = l.option_id
                  AND p_choices IS NOT NULL AND p_choices->'options' ? o.group_id::text
                  AND EXISTS (SELECT 1 FROM sales.quote_options c
                               WHERE c.id = (p_choices->'options'->>o.group_id::text)::bigint
                                 AND c.group_id = o.group_id)),
              (SELECT g.chosen_option_id FROM sales.quote_options o
                 JOIN sales.quote_option_groups g ON g.id = o.group_id WHERE o.id = l.option_id))) AS counted
      FROM sales.quote_lines l
     WHERE l.version_id = p_version
  ), g AS (
    SELECT r.*, r.goods + r.labour AS gross,
           round((r.goods + r.labour)::numeric * r.discount_bp / 10000)::bigint AS disc
      FROM raw r
  )
  SELECT g.id, g.section_id, g.kind, g.taxable, g.counted, g.goods, g.labour, g.gross, g.disc,
         g.gross - g.disc, g.cost, g.gross - g.disc - g.cost
    FROM g
$$;

CREATE FUNCTION sales.quote_totals(p_version bigint, p_choices jsonb DEFAULT NULL)
RETURNS TABLE (subtotal_cents bigint, quote_discount_cents bigint, taxable_cents bigint,
               tax_cents bigint, total_cents bigint,
               recurring_subtotal_cents bigint, recurring_tax_cents bigint, recurring_total_cents bigint,
               cost_cents bigint, margin_cents bigint, margin_bp integer,
               line_count integer, counted_line_count integer)
LANGUAGE sql STABLE AS $$
  WITH f AS MATERIALIZED (SELECT * FROM sales.quote_line_figures(p_version, p_choices)),
  v AS (SELECT * FROM sales.quote_versions WHERE id = p_version),
  s AS (
    SELECT coalesce(sum(f.net_cents) FILTER (WHERE f.counted AND f.kind = 'one_off'), 0)::bigint AS sub,
           coalesce(sum(f.net_cents) FILTER (WHERE f.counted AND f.kind = 'one_off' AND f.taxable), 0)::bigint AS tsub,
           coalesce(sum(f.net_cents) FILTER (WHERE f.counted AND f.kind = 'recurring'), 0)::bigint AS rsub,
           coalesce(sum(f.net_cents) FILTER (WHERE f.counted AND f.kind = 'recurring' AND f.taxable), 0)::bigint AS rtsub,
           coalesce(sum(f.cost_cents) FILTER (WHERE f.counted AND f.kind = 'one_off'), 0)::bigint AS cost,
           count(*)::integer AS n, (count(*) FILTER (WHERE f.counted))::integer AS nc
      FROM f
  ), d AS (
    SELECT s.*, v.tax_bp,
           round(s.sub::numeric * v.discount_bp / 10000)::bigint AS qdisc,
           s.tsub - round(s.tsub::numeric * v.discount_bp / 10000)::bigint AS taxable
      FROM s, v
  ), t AS (
    SELECT d.*, round(d.taxable::numeric * d.tax_bp / 10000)::bigint AS tax,
           round(d.rtsub::numeric * d.tax_bp / 10000)::bigint AS rtax
      FROM d
  )
  SELECT t.sub, t.qdisc, t.taxable, t.tax, t.sub - t.qdisc + t.tax,
         t.rsub, t.rtax, t.rsub + t.rtax,
         t.cost, t.sub - t.qdisc - t.cost,
         CASE WHEN t.sub - t.qdisc > 0
              THEN round((t.sub - t.qdisc - t.cost)::numeric * 10000 / (t.sub - t.qdisc))::integer END,
         t.n, t.nc
    FROM t
$$;

-- The payment schedule's amounts for a total: rounded per milestone, the
-- last one taking the remainder.
CREATE FUNCTION sales.quote_schedule(p_version bigint, p_total bigint)
RETURNS TABLE (payment_id bigint, "position" integer, label text, percent_bp integer, amount_cents bigint)
LANGUAGE sql STABLE AS $$
  WITH p AS (
    SELECT q.id, q.position, q.label, q.percent_bp,
           round(p_total::numeric * q.percent_bp / 10000)::bigint AS amt,
           row_number() OVER (ORDER BY q.position, q.id) AS i,
           count(*) OVER () AS n,
           sum(round(p_total::numeric * q.percent_bp / 10000)::bigint) OVER (ORDER BY q.position, q.id
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
      FROM sales.quote_payments q WHERE q.version_id = p_version
  )
  SELECT p.id, p.position, p.label, p.percent_bp,
         CASE WHEN p.i = p.n THEN p_total - coalesce(p.before, 0) ELSE p.amt END
    FROM p ORDER BY p.position, p.id
$$;

-- ---- making versions ----

-- The quote's status and totals follow its latest proposal version
-- (a change order does not change the quote's own status).
CREATE FUNCTION sales.quote_touch(p_quote bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE v sales.quote_versions; t record;
BEGIN
  SELECT * INTO v FROM sales.quote_versions x
   WHERE x.quote_id = p_quote AND x.kind = 'proposal' ORDER BY x.n DESC LIMIT 1;
  IF NOT FOUND THEN RETURN; END IF;
  SELECT * INTO t FROM sales.quote_totals(v.id);
  UPDATE sales.quotes q SET status = v.status, total_cents = t.total_cents,
         recurring_cents = t.recurring_total_cents, updated_at = now()
   WHERE q.id = p_quote AND (q.status, q.total_cents, q.recurring_cents)
         IS DISTINCT FROM (v.status, t.total_cents, t.recurring_total_cents);
END $$;

CREATE FUNCTION sales.quote_version_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sales.quote_touch(NEW.quote_id);
  RETURN NULL;
END $$;
CREATE TRIGGER quote_version_sync AFTER INSERT OR UPDATE OF status ON sales.quote_versions
  FOR EACH ROW EXECUTE FUNCTION sales.quote_version_sync();

-- A new version's content from another's: sections, option groups,
-- options, lines (keys kept, so the two compare) and payments. Used by
-- revise (a new draft from the latest version) and by the seeder.
CREATE FUNCTION sales.quote_copy_content(p_from bigint, p_to bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS quote_copy_map (kind text, old_id bigint, new_id bigint) ON COMMIT DROP;
  DELETE FROM quote_copy_map;
  WITH ins AS (
    INSERT INTO sales.quote_sections (version_id, section_key, position, name, description)
    SELECT p_to, s.section_key, s.position, s.name, s.description
      FROM sales.quote_sections s WHERE s.version_id = p_from ORDER BY s.position, s.id
    RETURNING id, section_key)
  INSERT INTO quote_copy_map SELECT 'section', s.id, ins.id
    FROM ins JOIN sales.quote_sections s ON s.version_id = p_from AND s.section_key = ins.section_key;

  WITH ins AS (
    INSERT INTO sales.quote_option_groups (version_id, section_id, group_key, position, name)
    SELECT p_to, m.new_id, g.group_key, g.position, g.name
      FROM sales.quote_option_groups g JOIN quote_copy_map m ON m.kind = 'section' AND m.old_id = g.section_id
     WHERE g.version_id = p_from
    RETURNING id, group_key)
  INSERT INTO quote_copy_map SELECT 'group', g.id, ins.id
    FROM ins JOIN sales.quote_option_groups g ON g.version_id = p_from AND g.group_key = ins.group_key;

  WITH ins AS (
    INSERT INTO sales.quote_options (version_id, group_id, option_key, position, label, description)
    SELECT p_to, m.new_id, o.option_key, o.position, o.label, o.description
      FROM sales.quote_options o JOIN quote_copy_map m ON m.kind = 'group' AND m.old_id = o.group_id
     WHERE o.version_id = p_from
    RETURNING id, option_key)
  INSERT INTO quote_copy_map SELECT 'option', o.id, ins.id
    FROM ins JOIN sales.quote_options o ON o.version_id = p_from AND o.option_key = ins.option_key;

  UPDATE sales.quote_option_groups ng SET chosen_option_id = mo.new_id
    FROM quote_copy_map mg, sales.quote_option_groups og, quote_copy_map mo
   WHERE mg.kind = 'group' AND mg.new_id = ng.id AND og.id = mg.old_id
     AND mo.kind = 'option' AND mo.old_id = og.chosen_option_id;

  -- the lines, then their parent links by key (a parent's key is the same in both versions)
  INSERT INTO sales.quote_lines (version_id, section_id, line_key, position, kind, product_id, role, sku, name,
         description, unit, qty, unit_cost_cents, unit_price_cents, catalog_cost_cents, catalog_price_cents,
         labour_minutes, labour_rate_cents, labour_cost_rate_cents, discount_bp, taxable, optional, selected, option_id)
  SELECT p_to, ms.new_id, l.line_key, l.position, l.kind, l.product_id, l.role, l.sku, l.name,
         l.description, l.unit, l.qty, l.unit_cost_cents, l.unit_price_cents, l.catalog_cost_cents, l.catalog_price_cents,
         l.labour_minutes, l.labour_rate_cents, l.labour_cost_rate_cents, l.discount_bp, l.taxable, l.optional, l.selected,
         mo.new_id
    FROM sales.quote_lines l
    JOIN quote_copy_map ms ON ms.kind = 'section' AND ms.old_id = l.section_id
    LEFT JOIN quote_copy_map mo ON mo.kind = 'option' AND mo.old_id = l.option_id
   WHERE l.version_id = p_from
   ORDER BY l.position, l.id;

  UPDATE sales.quote_lines nl SET parent_line_id = np.id
    FROM sales.quote_lines ol, sales.quote_lines op, sales.quote_lines np
   WHERE nl.version_id = p_to AND ol.version_id = p_from AND ol.line_key = nl.line_key
     AND op.id = ol.parent_line_id AND np.version_id = p_to AND np.line_key = op.line_key;

  INSERT INTO sales.quote_payments (version_id, position, label, percent_bp)
  SELECT p_to, q.position, q.label, q.percent_bp
    FROM sales.quote_payments q WHERE q.version_id = p_from ORDER BY q.position, q.id;
END $$;

-- A quote's first version: a draft with the company's tax, terms, labour
-- rates (on its lines as they are added), validity and payment schedule.
CREATE FUNCTION sales.quote_first_version(p_quote bigint, p_by bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE st sales.settings; vid bigint;
BEGIN
  SELECT * INTO STRICT st FROM sales.settings;
  INSERT INTO sales.quote_versions (quote_id, n, terms, tax_bp, tax_label, valid_until, created_by)
  VALUES (p_quote, 1, st.terms, st.tax_bp, st.tax_label, current_date + st.validity_days, p_by)
  RETURNING id INTO vid;
  INSERT INTO sales.quote_payments (version_id, position, label, percent_bp)
  SELECT vid, (e.i * 10)::integer, e.x->>'label', (e.x->>'percent_bp')::integer
    FROM jsonb_array_elements(st.payment_schedule) WITH ORDINALITY AS e(x, i);
  RETURN vid;
END $$;

-- Revise: the quote's draft if it has one, else a new draft version (n + 1)
-- copied from its latest proposal version. The earlier versions stay as
-- they are (a sent one becomes superseded only when the new one is sent).
CREATE FUNCTION sales.quote_revise(p_quote bigint, p_by bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE src sales.quote_versions; vid bigint;
BEGIN
  PERFORM 1 FROM sales.quotes q WHERE q.id = p_quote FOR UPDATE;
  IF NOT FOUND THEN PERFORM sales.refuse('quote_id', 'No such quote.'); END IF;
  SELECT v.id INTO vid FROM sales.quote_versions v WHERE v.quote_id = p_quote AND v.status = 'draft';
  IF FOUND THEN RETURN vid; END IF;
  SELECT * INTO src FROM sales.quote_versions v
   WHERE v.quote_id = p_quote AND v.kind = 'proposal' ORDER BY v.n DESC LIMIT 1;
  IF src.status = 'accepted' THEN
    PERFORM sales.refuse('version_frozen', 'This quote is accepted: changes to it are made as a change order.');
  END IF;
  INSERT INTO sales.quote_versions (quote_id, n, intro, terms, discount_bp, tax_bp, tax_label, valid_until, created_by)
  SELECT p_quote, (SELECT max(x.n) + 1 FROM sales.quote_versions x WHERE x.quote_id = p_quote),
         src.intro, src.terms, src.discount_bp, src.tax_bp, src.tax_label,
         current_date + (SELECT st.validity_days FROM sales.settings st), p_by
  RETURNING id INTO vid;
  PERFORM sales.quote_copy_content(src.id, vid);
  RETURN vid;
END $$;

-- Send: a draft with at least one line and a schedule adding up to 100 %
-- becomes sent; an earlier sent proposal version of the quote becomes
-- superseded (its link then shows the new one).
CREATE FUNCTION sales.quote_send(p_version bigint, p_by bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE v sales.quote_versions; pct bigint;
BEGIN
  SELECT * INTO v FROM sales.quote_versions x WHERE x.id = p_version FOR UPDATE;
  IF NOT FOUND THEN PERFORM sales.refuse('version_id', 'No such version.'); END IF;
  IF v.status <> 'draft' THEN
    PERFORM sales.refuse('version_frozen', format('This version is already %s.', v.status));
  END IF;
  IF NOT EXISTS (SELECT 1 FROM sales.quote_lines l WHERE l.version_id = p_version) THEN
    PERFORM sales.refuse('lines', 'Add at least one line before sending.');
  END IF;
  SELECT coalesce(sum(q.percent_bp), 0) INTO pct FROM sales.quote_payments q WHERE q.version_id = p_version;
  IF v.kind = 'proposal' AND pct <> 10000 THEN
    PERFORM sales.refuse('payments', format('The payment schedule adds up to %s %%: make it 100 %%.',
      trim(to_char(pct / 100.0, 'FM990.99'), '.')));
  END IF;
  IF EXISTS (SELECT 1 FROM sales.quote_option_groups g WHERE g.version_id = p_version AND g.chosen_option_id IS NULL) THEN
    PERFORM sales.refuse('options', 'Every option group needs a recommended option before sending.');
  END IF;
  IF v.kind = 'proposal' THEN
    UPDATE sales.quote_versions x SET status = 'superseded'
     WHERE x.quote_id = v.quote_id AND x.kind = 'proposal' AND x.status = 'sent' AND x.id <> p_version;
  END IF;
  UPDATE sales.quote_versions x SET status = 'sent', sent_by = p_by, version = x.version + 1
   WHERE x.id = p_version;
END $$;

-- ---- the document: one version as every view of it reads it ----

-- The whole version as one JSON document, with every figure from
-- quote_line_figures/quote_totals/quote_schedule: the internal page, the
-- customer's page, the PDF and the acceptance hash all read this (the
-- hash is of the customer's document: sha256 of its jsonb text, which is
-- canonical). p_internal adds cost, margin and the catalog's cost now
-- (price protection); without it nothing about cost is in the document.
-- Lines are in their section in position order; a line's "counted" says
-- it is in the totals under these choices (an optional line ticked, an
-- option chosen).
-- Two JSON objects as one (b's keys after a's); b NULL is a alone. The
-- document below is json for speed, and json has no || of its own.
CREATE FUNCTION sales.json_merge(a json, b json) RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN b IS NULL OR b::text = '{}' THEN a
              WHEN a::text = '{}' THEN b
              ELSE (left(a::text, -1) || ', ' || substr(b::text, 2))::json END
$$;

CREATE FUNCTION sales.quote_document(p_version bigint, p_choices jsonb DEFAULT NULL, p_internal boolean DEFAULT false)
RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
RETURN (
  WITH v AS (SELECT * FROM sales.quote_versions WHERE id = p_version),
  q AS (SELECT x.* FROM sales.quotes x JOIN v ON v.quote_id = x.id),
  -- materialized: a plan must not run the figures once per line
  f AS MATERIALIZED (SELECT * FROM sales.quote_line_figures(p_version, p_choices)),
  t AS (SELECT * FROM sales.quote_totals(p_version, p_choices)),
  lines AS (
    SELECT l.section_id, l.position, l.id,
           sales.json_merge(json_build_object(
             'id', l.id, 'key', l.line_key, 'position', l.position, 'kind', l.kind,
             'product_id', l.product_id, 'role', l.role, 'parent_line_id', l.parent_line_id,
             'sku', l.sku, 'name', l.name, 'description', l.description, 'unit', l.unit, 'qty', l.qty,
             'unit_price_cents', l.unit_price_cents, 'labour_minutes', l.labour_minutes,
             'labour_rate_cents', l.labour_rate_cents, 'discount_bp', l.discount_bp, 'taxable', l.taxable,
             'optional', l.optional, 'option_id', l.option_id, 'counted', f.counted,
             'goods_cents', f.goods_cents, 'labour_cents', f.labour_cents, 'gross_cents', f.gross_cents,
             'discount_cents', f.discount_cents, 'net_cents', f.net_cents,
             'image_sha256', p.image_sha256, 'image_type', p.image_type)
           , CASE WHEN p_internal THEN json_build_object(
             'selected', l.selected,
             'unit_cost_cents', l.unit_cost_cents, 'labour_cost_rate_cents', l.labour_cost_rate_cents,
             'cost_cents', f.cost_cents, 'margin_cents', f.margin_cents,
             'margin_bp', CASE WHEN f.net_cents > 0 THEN round(f.margin_cents::numeric * 10000 / f.net_cents)::integer END,
             'catalog_cost_cents', l.catalog_cost_cents, 'catalog_price_cents', l.catalog_price_cents,
             'catalog_cost_now_cents', p.cost_cents, 'catalog_price_now_cents', p.price_cents,
             'cost_rose', p.cost_cents > coalesce(l.catalog_cost_cents, l.unit_cost_cents)) END) AS doc,
           f.counted, f.kind, f.net_cents, f.cost_cents, l.option_id, l.optional
      FROM sales.quote_lines l JOIN f ON f.line_id = l.id
      LEFT JOIN inventory.products p ON p.id = l.product_id
     WHERE l.version_id = p_version
  ),
  -- per-section and per-option sums in one pass each (not a subquery per row)
  sec_lines AS (
    SELECT l.section_id, json_agg(l.doc ORDER BY l.position, l.id) AS lines,
           coalesce(sum(l.net_cents) FILTER (WHERE l.counted AND l.kind = 'one_off'), 0) AS one_off,
           coalesce(sum(l.net_cents) FILTER (WHERE l.counted AND l.kind = 'recurring'), 0) AS recurring,
           coalesce(sum(l.cost_cents) FILTER (WHERE l.counted AND l.kind = 'one_off'), 0) AS cost,
           bool_or((l.doc->>'cost_rose')::boolean) FILTER (WHERE l.counted AND l.kind = 'one_off') AS cost_rose
      FROM lines l GROUP BY l.section_id
  ),
  opt_sums AS (
    SELECT l.option_id,
           coalesce(sum(l.net_cents) FILTER (WHERE l.kind = 'one_off'), 0) AS one_off,
           coalesce(sum(l.net_cents) FILTER (WHERE l.kind = 'recurring'), 0) AS recurring,
           bool_or(l.counted) AS counted
      FROM lines l WHERE l.option_id IS NOT NULL GROUP BY l.option_id
  ),
  options AS (
    SELECT o.group_id, o.id,
           -- chosen: its lines are counted; an option without lines by the pick itself
           coalesce(os.counted, coalesce((p_choices->'options'->>o.group_id::text)::bigint, g.chosen_option_id) = o.id) AS chosen,
           json_build_object('id', o.id, 'key', o.option_key, 'label', o.label, 'description', o.description,
             -- what choosing this option adds (its lines' net), one-off and monthly
             'one_off_cents', coalesce(os.one_off, 0), 'recurring_cents', coalesce(os.recurring, 0),
             'chosen', coalesce(os.counted, coalesce((p_choices->'options'->>o.group_id::text)::bigint, g.chosen_option_id) = o.id)) AS doc,
           o.position
      FROM sales.quote_options o JOIN sales.quote_option_groups g ON g.id = o.group_id
      LEFT JOIN opt_sums os ON os.option_id = o.id
     WHERE o.version_id = p_version
  ),
  group_opts AS (
    SELECT o.group_id, json_agg(o.doc ORDER BY o.position, o.id) AS options,
           min(o.id) FILTER (WHERE o.chosen) AS chosen_id
      FROM options o GROUP BY o.group_id
  ),
  groups AS (
    SELECT g.section_id, g.id, go.chosen_id,
           json_build_object('id', g.id, 'key', g.group_key, 'name', g.name,
             'recommended_option_id', g.chosen_option_id,
             'options', coalesce(go.options, '[]')) AS doc, g.position
      FROM sales.quote_option_groups g LEFT JOIN group_opts go ON go.group_id = g.id
     WHERE g.version_id = p_version
  ),
  sec_groups AS (
    SELECT g.section_id, json_agg(g.doc ORDER BY g.position, g.id) AS groups FROM groups g GROUP BY g.section_id
  ),
  sections AS (
    SELECT s.position, s.id,
           sales.json_merge(json_build_object('id', s.id, 'key', s.section_key, 'position', s.position, 'name', s.name,
             'description', s.description,
             'groups', coalesce(sg.groups, '[]'), 'lines', coalesce(sl.lines, '[]'),
             'one_off_cents', coalesce(sl.one_off, 0), 'recurring_cents', coalesce(sl.recurring, 0))
           , CASE WHEN p_internal THEN json_build_object(
                'cost_cents', coalesce(sl.cost, 0), 'margin_cents', coalesce(sl.one_off - sl.cost, 0),
                'margin_bp', CASE WHEN sl.one_off > 0 THEN round((sl.one_off - sl.cost)::numeric * 10000 / sl.one_off)::integer END,
                'cost_rose', coalesce(sl.cost_rose, false)) END) AS doc
      FROM sales.quote_sections s
      LEFT JOIN sec_lines sl ON sl.section_id = s.id
      LEFT JOIN sec_groups sg ON sg.section_id = s.id
     WHERE s.version_id = p_version
  )
  SELECT json_build_object(
    'quote', (SELECT json_build_object('id', q.id, 'number', q.number, 'title', q.title, 'deal_id', q.deal_id,
               'customer_id', q.customer_id, 'customer_name', c.name, 'property_id', q.property_id,
               'property', CASE WHEN pr.id IS NOT NULL THEN json_build_object('name', pr.name, 'line1', pr.line1,
                  'line2', pr.line2, 'city', pr.city, 'region', pr.region, 'postal_code', pr.postal_code, 'country', pr.country) END,
               'owner_id', q.owner_id, 'owner_name', u.name, 'status', q.status)
              FROM q JOIN customers.customers c ON c.id = q.customer_id
              LEFT JOIN customers.properties pr ON pr.id = q.property_id
              LEFT JOIN auth.user_names u ON u.id = q.owner_id),
    'version', (SELECT json_build_object('id', v.id, 'n', v.n, 'kind', v.kind, 'base_version_id', v.base_version_id,
               'status', v.status, 'intro', v.intro, 'terms', v.terms, 'discount_bp', v.discount_bp,
               'tax_bp', v.tax_bp, 'tax_label', v.tax_label, 'valid_until', v.valid_until,
               'sent_at', core.rfc3339(v.sent_at), 'decided_at', core.rfc3339(v.decided_at),
               'version', v.version) FROM v),
    'company', (SELECT json_build_object('name', st.company_name, 'address', st.company_address,
               'phone', st.company_phone, 'email', st.company_email, 'website', st.company_website,
               'logo_sha256', st.logo_sha256, 'logo_type', st.logo_type) FROM sales.settings st),
    'sections', coalesce((SELECT json_agg(s.doc ORDER BY s.position, s.id) FROM sections s), '[]'),
    'totals', (SELECT (to_jsonb(t) - CASE WHEN p_internal THEN '' ELSE 'cost_cents' END
                                  - CASE WHEN p_internal THEN '' ELSE 'margin_cents' END
                                  - CASE WHEN p_internal THEN '' ELSE 'margin_bp' END)::json FROM t),
    -- the totals with every optional line ticked and with none (the same option picks)
    'total_with_optional_cents', (SELECT x.total_cents FROM sales.quote_totals(p_version,
        coalesce(p_choices, '{}'::jsonb) || '{"optional": "all"}') x),
    'total_without_optional_cents', (SELECT x.total_cents FROM sales.quote_totals(p_version,
        coalesce(p_choices, '{}'::jsonb) || '{"optional": "none"}') x),
    'schedule', coalesce((SELECT json_agg(json_build_object('label', sc.label, 'percent_bp', sc.percent_bp,
        'amount_cents', sc.amount_cents) ORDER BY sc.position, sc.payment_id)
        FROM t, sales.quote_schedule(p_version, t.total_cents) sc), '[]'),
    -- the choices these figures are for, whole: every optional line ticked, every group's option
    'choices', json_build_object(
        'optional', coalesce((SELECT json_agg(l.id ORDER BY l.id) FROM lines l
                               WHERE l.optional AND l.counted), '[]'),
        'options', coalesce((SELECT json_object_agg(g.id::text, g.chosen_id) FROM groups g), '{}'))
  )
);
END $$;

-- ---- who may do what ----

GRANT SELECT, UPDATE ON sales.settings TO hearth_sales;
GRANT SELECT, INSERT, UPDATE ON sales.quotes, sales.quote_versions TO hearth_sales;
GRANT SELECT, INSERT, UPDATE, DELETE ON sales.quote_sections, sales.quote_option_groups, sales.quote_options,
  sales.quote_lines, sales.quote_payments TO hearth_sales;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA sales TO hearth_sales;
GRANT SELECT ON sales.quotes, sales.quote_versions, sales.quote_sections, sales.quote_option_groups,
  sales.quote_options, sales.quote_lines, sales.quote_payments TO hearth_analytics;
GRANT EXECUTE ON FUNCTION sales.quote_line_figures(bigint, jsonb), sales.quote_totals(bigint, jsonb),
  sales.quote_schedule(bigint, bigint), sales.quote_document(bigint, jsonb, boolean), sales.json_merge(json, json) TO hearth_analytics;
