-- Sales family (cgi-bin/sales/, docs/sales.md): campaigns, leads and
-- deals (the pipeline's records). Quotes, the board and the forecast come
-- in later migrations. Money is integer cents.

CREATE SCHEMA IF NOT EXISTS sales;

-- Campaigns: what a lead or a deal is attributed to.
CREATE TABLE sales.campaigns (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  channel         text NOT NULL DEFAULT 'web' CHECK (channel IN ('web','search','social','email','print',
                    'radio','event','showroom','referral','partner','other')),
  starts_on       date,
  ends_on         date,
  cost_cents      bigint NOT NULL DEFAULT 0 CHECK (cost_cents >= 0),
  notes           text NOT NULL DEFAULT '',
  archived_at     timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX campaigns_name_idx   ON sales.campaigns (lower(name), id);
CREATE INDEX campaigns_starts_idx ON sales.campaigns (starts_on DESC NULLS LAST, id DESC);

-- Leads: an enquiry, until it is converted into a customer and a deal
-- (customer_id, property_id, deal_id then say what it made) or lost.
CREATE TABLE sales.leads (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  company         text NOT NULL DEFAULT '',
  email           text NOT NULL DEFAULT '',
  phone           text NOT NULL DEFAULT '',
  line1           text NOT NULL DEFAULT '',
  city            text NOT NULL DEFAULT '',
  region          text NOT NULL DEFAULT '',
  postal_code     text NOT NULL DEFAULT '',
  source          text NOT NULL DEFAULT 'phone' CHECK (source IN ('web_form','referral','showroom','phone',
                    'partner','campaign')),
  campaign_id     bigint REFERENCES sales.campaigns(id),
  owner_id        bigint,                        -- auth.users
  status          text NOT NULL DEFAULT 'new' CHECK (status IN ('new','contacted','qualified','converted','lost')),
  lost_reason     text NOT NULL DEFAULT '',
  notes           text NOT NULL DEFAULT '',
  next_action_on  date,
  customer_id     bigint REFERENCES customers.customers(id),
  property_id     bigint REFERENCES customers.properties(id),
  deal_id         bigint,                        -- FK added below (deals are created after)
  converted_at    timestamptz,
  archived_at     timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  search_text     text GENERATED ALWAYS AS (lower(name || ' ' || company || ' ' || email || ' ' || phone || ' '
                    || customers.digits(phone) || ' ' || city || ' ' || postal_code)) STORED,
  CONSTRAINT lost_reason CHECK (status <> 'lost' OR lost_reason <> ''),
  CONSTRAINT converted CHECK ((status = 'converted') = (customer_id IS NOT NULL AND converted_at IS NOT NULL))
);
CREATE INDEX leads_created_idx  ON sales.leads (created_at DESC, id DESC);
CREATE INDEX leads_name_idx     ON sales.leads (lower(name), id);
-- the list's "next action" order: leads without one last
CREATE INDEX leads_next_idx     ON sales.leads ((coalesce(next_action_on, 'infinity'::date)), id);
CREATE INDEX leads_status_idx   ON sales.leads (status, created_at DESC, id DESC);
CREATE INDEX leads_owner_idx    ON sales.leads (owner_id, created_at DESC, id DESC);
CREATE INDEX leads_campaign_idx ON sales.leads (campaign_id, created_at DESC, id DESC);
CREATE INDEX leads_trgm_idx     ON sales.leads USING gin (search_text gin_trgm_ops);

-- The pipeline's stages: configurable (a sales admin may rename, reorder,
-- add), each with the probability a new deal in it starts with. A won
-- stage counts as revenue, a lost one asks for a reason.
CREATE TABLE sales.stages (
  key             text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label           text NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
  position        integer NOT NULL,
  probability     integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
  outcome         text NOT NULL DEFAULT 'open' CHECK (outcome IN ('open','won','lost'))
);
INSERT INTO sales.stages (key, label, position, probability, outcome) VALUES
  ('enquiry',      'Enquiry',            10,  10, 'open'),
  ('site_survey',  'Site survey',        20,  25, 'open'),
  ('design',       'Design',             30,  40, 'open'),
  ('proposal',     'Proposal sent',      40,  60, 'open'),
  ('negotiation',  'Negotiation',        50,  80, 'open'),
  ('won',          'Won',                60, 100, 'won'),
  ('lost',         'Lost',               70,   0, 'lost');

CREATE TABLE sales.deals (
  id              bigserial PRIMARY KEY,
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  customer_id     bigint NOT NULL REFERENCES customers.customers(id),
  property_id     bigint REFERENCES customers.properties(id),
  value_cents     bigint NOT NULL DEFAULT 0 CHECK (value_cents >= 0),
  stage           text NOT NULL REFERENCES sales.stages(key) ON UPDATE CASCADE,
  probability     integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
  expected_close  date,
  owner_id        bigint,                        -- auth.users
  campaign_id     bigint REFERENCES sales.campaigns(id),
  lead_id         bigint REFERENCES sales.leads(id),
  lost_reason     text NOT NULL DEFAULT '',
  notes           text NOT NULL DEFAULT '',
  closed_at       timestamptz,                   -- set when it enters a won or lost stage
  archived_at     timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  search_text     text NOT NULL DEFAULT ''
);
ALTER TABLE sales.leads ADD CONSTRAINT leads_deal_fk FOREIGN KEY (deal_id) REFERENCES sales.deals(id);

-- The deal's search text has the customer's name in it (a trigger: a
-- generated column cannot read another table); closed_at follows the stage.
CREATE FUNCTION sales.deal_before() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE o text;
BEGIN
  NEW.search_text := lower(concat_ws(' ', NEW.title,
    (SELECT c.name FROM customers.customers c WHERE c.id = NEW.customer_id)));
  SELECT s.outcome INTO o FROM sales.stages s WHERE s.key = NEW.stage;
  IF o = 'open' THEN NEW.closed_at := NULL;
  ELSIF TG_OP = 'INSERT' OR OLD.stage IS DISTINCT FROM NEW.stage THEN NEW.closed_at := now();
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER deal_before BEFORE INSERT OR UPDATE ON sales.deals
  FOR EACH ROW EXECUTE FUNCTION sales.deal_before();

CREATE INDEX deals_created_idx  ON sales.deals (created_at DESC, id DESC);
-- the list's "expected close" order: deals without a date last
CREATE INDEX deals_close_idx    ON sales.deals ((coalesce(expected_close, 'infinity'::date)), id);
CREATE INDEX deals_value_idx    ON sales.deals (value_cents DESC, id DESC);
CREATE INDEX deals_stage_idx    ON sales.deals (stage, created_at DESC, id DESC);
CREATE INDEX deals_owner_idx    ON sales.deals (owner_id, created_at DESC, id DESC);
CREATE INDEX deals_campaign_idx ON sales.deals (campaign_id, stage);
CREATE INDEX deals_customer_idx ON sales.deals (customer_id, created_at DESC, id DESC);
CREATE INDEX deals_trgm_idx     ON sales.deals USING gin (search_text gin_trgm_ops);

-- Each stage a deal went through (the deal page's history; the audit row
-- of the update has the whole before/after). Written by a trigger in the
-- same transaction as the change.
CREATE TABLE sales.deal_stage_changes (
  id              bigserial PRIMARY KEY,
  deal_id         bigint NOT NULL REFERENCES sales.deals(id),
  from_stage      text,
  to_stage        text NOT NULL,
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deal_stage_changes_deal_idx ON sales.deal_stage_changes (deal_id, at, id);
CREATE FUNCTION sales.deal_stage_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR OLD.stage IS DISTINCT FROM NEW.stage THEN
    INSERT INTO sales.deal_stage_changes (deal_id, from_stage, to_stage)
    VALUES (NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.stage END, NEW.stage);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER deal_stage_log AFTER INSERT OR UPDATE OF stage ON sales.deals
  FOR EACH ROW EXECUTE FUNCTION sales.deal_stage_log();

GRANT USAGE ON SCHEMA sales TO hearth_sales;
GRANT SELECT, INSERT, UPDATE ON sales.campaigns, sales.leads, sales.deals TO hearth_sales;
GRANT SELECT, INSERT ON sales.deal_stage_changes TO hearth_sales;
GRANT SELECT ON sales.stages TO hearth_sales;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA sales TO hearth_sales;
-- Analytics reads the pipeline.
GRANT USAGE ON SCHEMA sales TO hearth_analytics;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO hearth_analytics;
