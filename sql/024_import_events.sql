-- An import's end is news for other systems (a CRM sync, a report): one
-- 'import.applied' event per import (sql/020), now in the webhook
-- catalogue. Its next-batch event stays internal (sql/023).
INSERT INTO core.webhook_event_types (type, description, example) VALUES
  ('import.applied', 'A CSV import was applied in full: every record it created carries its import id (data: the import''s kind and how many rows it applied).',
   '{"kind": "customers", "applied_rows": 1250}');
