-- Inventory family (cgi-bin/inventory/, docs/inventory.md): the catalog
-- (products, suppliers, product_suppliers) and the places stock is kept
-- (locations). The ledger and stock levels are sql/031.

CREATE SCHEMA IF NOT EXISTS inventory;

-- Products. Money is integer cents. Labour is integer minutes per unit
-- (not numeric hours): sums over quote lines and kits stay exact, the
-- value is validated as any other integer field, and a minute is finer
-- than anyone estimates installation time. Quantities of every unit are
-- whole numbers: cable is counted in whole metres, boxes as boxes.
CREATE TABLE inventory.products (
  id              bigserial PRIMARY KEY,
  sku             text NOT NULL CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
  manufacturer    text NOT NULL DEFAULT '' CHECK (length(manufacturer) <= 100),
  model           text NOT NULL DEFAULT '' CHECK (length(model) <= 100),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  category        text NOT NULL DEFAULT 'other' CHECK (category IN ('control','audio','video','lighting',
                    'networking','security','cabling','power','mounting','other')),
  description     text NOT NULL DEFAULT '',
  unit            text NOT NULL DEFAULT 'each' CHECK (unit IN ('each','metre','box')),
  cost_cents      bigint NOT NULL DEFAULT 0 CHECK (cost_cents >= 0),
  price_cents     bigint NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
  labour_minutes  integer NOT NULL DEFAULT 0 CHECK (labour_minutes BETWEEN 0 AND 100000),
  serialised      boolean NOT NULL DEFAULT false,
  reorder_point   integer NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
  reorder_qty     integer NOT NULL DEFAULT 0 CHECK (reorder_qty >= 0),
  tags            text[] NOT NULL DEFAULT '{}',
  archived_at     timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  -- maintained by trigger: fuzzy text (trigram) and full-text vector
  search_text     text NOT NULL DEFAULT '',
  search_tsv      tsvector NOT NULL DEFAULT ''::tsvector
);

CREATE FUNCTION inventory.product_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_text := lower(concat_ws(' ', NEW.sku, NEW.manufacturer, NEW.model, NEW.name));
  NEW.search_tsv := to_tsvector('simple', concat_ws(' ', NEW.sku, NEW.manufacturer, NEW.model, NEW.name,
                                array_to_string(NEW.tags, ' ')));
  RETURN NEW;
END $$;
CREATE TRIGGER product_search BEFORE INSERT OR UPDATE ON inventory.products
  FOR EACH ROW EXECUTE FUNCTION inventory.product_search();

CREATE INDEX products_sku_idx          ON inventory.products (lower(sku), id);
CREATE UNIQUE INDEX products_sku_key   ON inventory.products (lower(sku));
CREATE INDEX products_name_idx         ON inventory.products (lower(name), id);
CREATE INDEX products_created_idx      ON inventory.products (created_at, id);
CREATE INDEX products_category_idx     ON inventory.products (category, lower(name), id);
CREATE INDEX products_maker_idx        ON inventory.products (lower(manufacturer), lower(name), id);
CREATE INDEX products_trgm_idx         ON inventory.products USING gin (search_text gin_trgm_ops);
CREATE INDEX products_tsv_idx          ON inventory.products USING gin (search_tsv);

-- Suppliers (distributors).
CREATE TABLE inventory.suppliers (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  contact_name    text NOT NULL DEFAULT '',
  email           text NOT NULL DEFAULT '',
  phone           text NOT NULL DEFAULT '',
  website         text NOT NULL DEFAULT '',
  account_number  text NOT NULL DEFAULT '',
  payment_terms   text NOT NULL DEFAULT '',          -- "Net 30", "Card on order"
  lead_time_days  integer NOT NULL DEFAULT 0 CHECK (lead_time_days BETWEEN 0 AND 365),
  address         text NOT NULL DEFAULT '',
  notes           text NOT NULL DEFAULT '',
  archived_at     timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  search_text     text GENERATED ALWAYS AS (lower(name || ' ' || contact_name || ' ' || email || ' '
                    || account_number)) STORED
);
CREATE INDEX suppliers_name_idx ON inventory.suppliers (lower(name), id);
CREATE INDEX suppliers_trgm_idx ON inventory.suppliers USING gin (search_text gin_trgm_ops);

-- Who sells a product, under which of their SKUs, at what cost and pack
-- size; at most one preferred supplier per product.
CREATE TABLE inventory.product_suppliers (
  id              bigserial PRIMARY KEY,
  product_id      bigint NOT NULL REFERENCES inventory.products(id),
  supplier_id     bigint NOT NULL REFERENCES inventory.suppliers(id),
  supplier_sku    text NOT NULL DEFAULT '' CHECK (length(supplier_sku) <= 64),
  cost_cents      bigint NOT NULL DEFAULT 0 CHECK (cost_cents >= 0),
  pack_size       integer NOT NULL DEFAULT 1 CHECK (pack_size BETWEEN 1 AND 100000),
  preferred       boolean NOT NULL DEFAULT false,
  archived_at     timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX product_suppliers_pair_key ON inventory.product_suppliers (product_id, supplier_id)
  WHERE archived_at IS NULL;
CREATE UNIQUE INDEX product_suppliers_preferred_key ON inventory.product_suppliers (product_id)
  WHERE preferred AND archived_at IS NULL;
CREATE INDEX product_suppliers_product_idx ON inventory.product_suppliers (product_id, id);
CREATE INDEX product_suppliers_supplier_idx ON inventory.product_suppliers (supplier_id, id);

-- Where stock is kept: a warehouse, a technician's van, a job site.
CREATE TABLE inventory.locations (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind            text NOT NULL DEFAULT 'warehouse' CHECK (kind IN ('warehouse','van','site')),
  technician_id   bigint,                             -- auth.users: the van's driver
  address         text NOT NULL DEFAULT '',
  notes           text NOT NULL DEFAULT '',
  archived_at     timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'van' OR technician_id IS NULL)
);
CREATE INDEX locations_name_idx ON inventory.locations (lower(name), id);
CREATE INDEX locations_kind_idx ON inventory.locations (kind, lower(name), id);

GRANT USAGE ON SCHEMA inventory TO hearth_inventory;
GRANT SELECT, INSERT, UPDATE ON inventory.products, inventory.suppliers, inventory.product_suppliers,
  inventory.locations TO hearth_inventory;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA inventory TO hearth_inventory;
-- Other families read the catalog and the locations (quotes, projects,
-- service devices, analytics) and change stock only through sql/031's
-- functions.
GRANT USAGE ON SCHEMA inventory TO hearth_projects, hearth_service, hearth_sales, hearth_analytics;
GRANT SELECT ON inventory.products, inventory.suppliers, inventory.product_suppliers, inventory.locations
  TO hearth_projects, hearth_service, hearth_sales, hearth_analytics;
