-- Customers family: customers, contacts, properties, communications, documents.

CREATE SCHEMA IF NOT EXISTS customers;

-- Digits of a phone number, for matching "555 0142" against "(555) 014-2".
CREATE FUNCTION customers.digits(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT regexp_replace(coalesce($1, ''), '[^0-9]', '', 'g') $$;

CREATE TABLE customers.customers (
  id            bigserial PRIMARY KEY,
  kind          text NOT NULL DEFAULT 'residential' CHECK (kind IN ('residential','commercial')),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email         text NOT NULL DEFAULT '',
  phone         text NOT NULL DEFAULT '',
  billing_line1 text NOT NULL DEFAULT '',
  billing_line2 text NOT NULL DEFAULT '',
  billing_city  text NOT NULL DEFAULT '',
  billing_region text NOT NULL DEFAULT '',
  billing_postal_code text NOT NULL DEFAULT '',
  billing_country text NOT NULL DEFAULT '',
  tags          text[] NOT NULL DEFAULT '{}',
  notes         text NOT NULL DEFAULT '',
  archived_at   timestamptz,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- maintained by trigger: fuzzy text (trigram) and full-text vector
  search_text   text NOT NULL DEFAULT '',
  search_tsv    tsvector NOT NULL DEFAULT ''::tsvector
);

CREATE FUNCTION customers.customer_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_text := lower(concat_ws(' ', NEW.name, NEW.email, NEW.phone,
                                     customers.digits(NEW.phone), NEW.billing_city));
  NEW.search_tsv := to_tsvector('simple', concat_ws(' ', NEW.name, NEW.email, NEW.billing_city,
                                     NEW.billing_postal_code, array_to_string(NEW.tags, ' '), NEW.notes));
  RETURN NEW;
END $$;
CREATE TRIGGER customer_search BEFORE INSERT OR UPDATE ON customers.customers
  FOR EACH ROW EXECUTE FUNCTION customers.customer_search();

CREATE INDEX customers_name_idx    ON customers.customers (lower(name), id);
CREATE INDEX customers_created_idx ON customers.customers (created_at, id);
CREATE INDEX customers_updated_idx ON customers.customers (updated_at, id);
CREATE INDEX customers_trgm_idx    ON customers.customers USING gin (search_text gin_trgm_ops);
CREATE INDEX customers_tsv_idx     ON customers.customers USING gin (search_tsv);
CREATE INDEX customers_tags_idx    ON customers.customers USING gin (tags);

CREATE TABLE customers.contacts (
  id            bigserial PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers.customers(id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  title         text NOT NULL DEFAULT '',        -- "Homeowner", "Facilities manager"
  email         text NOT NULL DEFAULT '',
  phone         text NOT NULL DEFAULT '',
  preferred_channel text NOT NULL DEFAULT 'email' CHECK (preferred_channel IN ('email','phone','sms','any')),
  do_not_contact boolean NOT NULL DEFAULT false,
  best_time     text NOT NULL DEFAULT '',        -- "weekdays after 5pm"
  is_primary    boolean NOT NULL DEFAULT false,
  notes         text NOT NULL DEFAULT '',
  archived_at   timestamptz,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  search_text   text GENERATED ALWAYS AS (lower(name || ' ' || email || ' ' || phone || ' ' ||
                  customers.digits(phone))) STORED
);
CREATE INDEX contacts_customer_idx ON customers.contacts (customer_id, lower(name), id);
CREATE INDEX contacts_name_idx     ON customers.contacts (lower(name), id);
CREATE INDEX contacts_trgm_idx     ON customers.contacts USING gin (search_text gin_trgm_ops);

CREATE TABLE customers.properties (
  id            bigserial PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers.customers(id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),   -- "Main residence"
  type          text NOT NULL DEFAULT 'house' CHECK (type IN ('house','apartment','condo','office','retail','hospitality','other')),
  line1         text NOT NULL DEFAULT '',
  line2         text NOT NULL DEFAULT '',
  city          text NOT NULL DEFAULT '',
  region        text NOT NULL DEFAULT '',
  postal_code   text NOT NULL DEFAULT '',
  country       text NOT NULL DEFAULT '',
  access_notes  text NOT NULL DEFAULT '',        -- gate code location, pets, parking
  rooms         text[] NOT NULL DEFAULT '{}',
  archived_at   timestamptz,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  search_text   text GENERATED ALWAYS AS (lower(name || ' ' || line1 || ' ' || city || ' ' || postal_code)) STORED
);
CREATE INDEX properties_customer_idx ON customers.properties (customer_id, lower(name), id);
CREATE INDEX properties_name_idx     ON customers.properties (lower(name), id);
CREATE INDEX properties_trgm_idx     ON customers.properties USING gin (search_text gin_trgm_ops);

CREATE TABLE customers.communications (
  id            bigserial PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers.customers(id),
  contact_id    bigint REFERENCES customers.contacts(id),
  property_id   bigint REFERENCES customers.properties(id),
  kind          text NOT NULL CHECK (kind IN ('call','email','meeting','sms','site_visit','note')),
  direction     text NOT NULL DEFAULT 'outbound' CHECK (direction IN ('inbound','outbound','internal')),
  occurred_at   timestamptz NOT NULL DEFAULT now(),
  subject       text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  body          text NOT NULL DEFAULT '',
  user_id       bigint,                          -- who logged it (auth.users)
  archived_at   timestamptz,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  search_tsv    tsvector GENERATED ALWAYS AS (to_tsvector('simple', subject || ' ' || body)) STORED
);
CREATE INDEX communications_customer_idx ON customers.communications (customer_id, occurred_at DESC, id DESC);
CREATE INDEX communications_occurred_idx ON customers.communications (occurred_at DESC, id DESC);
CREATE INDEX communications_tsv_idx      ON customers.communications USING gin (search_tsv);

CREATE TABLE customers.documents (
  id            bigserial PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers.customers(id),
  property_id   bigint REFERENCES customers.properties(id),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  filename      text NOT NULL,
  content_type  text NOT NULL DEFAULT 'application/octet-stream',
  size_bytes    bigint NOT NULL,
  sha256        text NOT NULL REFERENCES core.files(sha256),
  user_id       bigint,
  archived_at   timestamptz,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_customer_idx ON customers.documents (customer_id, created_at DESC, id DESC);
CREATE INDEX documents_created_idx  ON customers.documents (created_at DESC, id DESC);

GRANT USAGE ON SCHEMA customers TO hearth_customers;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA customers TO hearth_customers;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA customers TO hearth_customers;
-- Other families read customers (projects, service, sales, analytics).
GRANT USAGE ON SCHEMA customers TO hearth_projects, hearth_service, hearth_sales, hearth_analytics;
GRANT SELECT ON ALL TABLES IN SCHEMA customers TO hearth_projects, hearth_service, hearth_sales, hearth_analytics;
