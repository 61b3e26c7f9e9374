-- The sales family's event for a communication recorded on a lead
-- (cgi-bin/sales/lead_comms.c, docs/sales.md) in the webhook catalogue
-- (sql/018). The example has the shape of the real event's data.
INSERT INTO core.webhook_event_types (type, description, example) VALUES
  ('sales.lead_communication_added', 'A call, email, meeting or note was recorded on a lead (data: the communication, with the lead''s status after it: a lead still new becomes contacted, which also sends sales.lead_updated).',
   '{"id": 12, "kind": "call", "lead_id": 57, "summary": "Called back: wants a quote for whole-home audio; site survey next week.", "user_id": 3, "lead_url": "/leads/57", "direction": "out", "lead_name": "Priya Raman", "user_name": "Sam Rivera", "created_at": "2026-03-03T10:12:44Z", "lead_status": "contacted", "occurred_at": "2026-03-03T10:05:00Z"}');
