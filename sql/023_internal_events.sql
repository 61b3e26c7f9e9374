-- Events that only carry work from one step to the next inside Hearth
-- (an import's batches: 'import.step', sql/020) are not for other
-- systems: they are listed here, not in the webhook catalogue, and the
-- fan-out delivers only the catalogue's events (a '*' subscription got
-- every import batch before).
CREATE TABLE core.internal_event_types (
  type        text PRIMARY KEY CHECK (type ~ '^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$'),
  description text NOT NULL
);
INSERT INTO core.internal_event_types (type, description) VALUES
  ('import.step', 'The next batch of an import to apply or undo (core.import_step, sql/020).');

CREATE OR REPLACE FUNCTION core.webhooks_fan_out(e jsonb) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = core, pg_temp AS $$
  INSERT INTO core.webhook_deliveries (subscription_id, event_id, event_type)
  SELECT s.id, (e->>'id')::bigint, e->>'event'
    FROM core.webhook_subscriptions s
   WHERE CASE WHEN e->>'event' = 'webhook.ping' THEN s.id = (e->>'entity_id')::bigint
              ELSE s.active AND core.webhook_matches(s.events, e->>'event')
                   AND EXISTS (SELECT 1 FROM core.webhook_event_types t WHERE t.type = e->>'event') END
   ORDER BY s.id
  ON CONFLICT (subscription_id, event_id) DO NOTHING
$$;
