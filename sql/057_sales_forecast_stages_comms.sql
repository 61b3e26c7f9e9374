-- Sales (docs/sales-forecast.md): the stages editor (a version and an
-- archive for each stage, and the rule that one won and at least one lost
-- stage stay), communications recorded on a lead, and the indexes of the
-- forecast and of the board.

-- ---- stages: edited by sales admins (GET /sales/stages) ----
ALTER TABLE sales.stages
  ADD COLUMN version     integer NOT NULL DEFAULT 1,
  ADD COLUMN archived_at timestamptz,
  ADD COLUMN created_at  timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_at  timestamptz NOT NULL DEFAULT now();
-- A stage's outcome is what it is made with (the forecast and closed_at
-- count on it): only the label, position and probability change.
CREATE FUNCTION sales.stage_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.outcome <> OLD.outcome OR NEW.key <> OLD.key) THEN
    RAISE EXCEPTION 'a stage keeps its key and outcome' USING ERRCODE = '23514', CONSTRAINT = 'outcome';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.archived_at IS NOT NULL AND OLD.archived_at IS NULL
     AND EXISTS (SELECT 1 FROM sales.deals d WHERE d.stage = NEW.key) THEN
    RAISE EXCEPTION 'stage % has deals', NEW.key USING ERRCODE = '23514', CONSTRAINT = 'key';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER stage_guard BEFORE UPDATE ON sales.stages FOR EACH ROW EXECUTE FUNCTION sales.stage_guard();
-- Exactly one won stage and at least one lost stage in use, whatever the
-- statement did (checked once it is done).
CREATE FUNCTION sales.stages_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM sales.stages WHERE outcome = 'won' AND archived_at IS NULL) <> 1 THEN
    RAISE EXCEPTION 'exactly one won stage' USING ERRCODE = '23514', CONSTRAINT = 'outcome';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM sales.stages WHERE outcome = 'lost' AND archived_at IS NULL) THEN
    RAISE EXCEPTION 'at least one lost stage' USING ERRCODE = '23514', CONSTRAINT = 'outcome';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER stages_check AFTER INSERT OR UPDATE OR DELETE ON sales.stages
  FOR EACH STATEMENT EXECUTE FUNCTION sales.stages_check();
GRANT INSERT, UPDATE ON sales.stages TO hearth_sales;

-- A deal never enters an archived stage: the stage row is read FOR KEY
-- SHARE, so a deal saved while the editor archives its stage (which locks
-- the row FOR UPDATE) waits for that and then sees it archived. Otherwise
-- as sql/050.
CREATE OR REPLACE FUNCTION sales.deal_before() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE o text; gone timestamptz;
BEGIN
  NEW.search_text := lower(concat_ws(' ', NEW.title,
    (SELECT c.name FROM customers.customers c WHERE c.id = NEW.customer_id)));
  SELECT s.outcome, s.archived_at INTO o, gone FROM sales.stages s WHERE s.key = NEW.stage FOR KEY SHARE;
  IF gone IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.stage IS DISTINCT FROM NEW.stage) THEN
    RAISE EXCEPTION 'stage % is archived', NEW.stage USING ERRCODE = '23514', CONSTRAINT = 'stage';
  END IF;
  IF o = 'open' THEN NEW.closed_at := NULL;
  ELSIF TG_OP = 'INSERT' OR OLD.stage IS DISTINCT FROM NEW.stage THEN NEW.closed_at := now();
  END IF;
  RETURN NEW;
END $$;

-- ---- communications on a lead: calls, emails, meetings, notes ----
CREATE TABLE sales.lead_communications (
  id              bigserial PRIMARY KEY,
  lead_id         bigint NOT NULL REFERENCES sales.leads(id),
  kind            text NOT NULL CHECK (kind IN ('call','email','meeting','note')),
  direction       text NOT NULL DEFAULT 'out' CHECK (direction IN ('in','out')),
  summary         text NOT NULL CHECK (length(summary) BETWEEN 1 AND 5000),
  occurred_at     timestamptz NOT NULL DEFAULT now(),
  user_id         bigint,                        -- auth.users: who recorded it
  created_at      timestamptz NOT NULL DEFAULT now()
);
-- the lead page's list, newest first
CREATE INDEX lead_communications_lead_idx ON sales.lead_communications (lead_id, occurred_at DESC, id DESC);
GRANT SELECT, INSERT ON sales.lead_communications TO hearth_sales;
GRANT USAGE ON SEQUENCE sales.lead_communications_id_seq TO hearth_sales;
GRANT SELECT ON sales.lead_communications TO hearth_analytics;

-- ---- forecast and board indexes ----
-- A deal is open exactly when closed_at is null (sql/050's trigger sets it
-- on entering a won or lost stage, clears it in an open one, and a stage
-- keeps its outcome). The forecast's weighted pipeline reads the open
-- deals by expected-close month, the covered columns only (index-only).
CREATE INDEX deals_open_close_idx ON sales.deals (expected_close)
  INCLUDE (value_cents, probability, owner_id, stage)
  WHERE closed_at IS NULL AND archived_at IS NULL;
-- Won revenue by the month a deal closed (won and lost; the won stage is
-- picked by the query).
CREATE INDEX deals_closed_idx ON sales.deals (closed_at)
  INCLUDE (value_cents, owner_id, stage)
  WHERE closed_at IS NOT NULL AND archived_at IS NULL;
-- The board's totals per stage (count, value, weighted) with its owner
-- and month filters, from the index alone, for the deals not archived.
CREATE INDEX deals_board_totals_idx ON sales.deals (stage, owner_id, expected_close)
  INCLUDE (value_cents, probability)
  WHERE archived_at IS NULL;
