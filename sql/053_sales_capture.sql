-- Web-form capture (cgi-bin/sales/capture.c, docs/sales.md): leads from
-- the integrator's own website, without a session, at POST /leads/capture.
-- Each form has a public key (in its HTML) and, for signed JSON, an
-- HMAC secret sealed at rest (lib/sealed, aad "sales.capture_forms.secret").

CREATE TABLE sales.capture_forms (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- public: it names the form in the page's HTML; the secret is the credential
  form_key        text NOT NULL UNIQUE DEFAULT ('hf_' || md5(random()::text || clock_timestamp()::text)),
  allowed_origin  text NOT NULL DEFAULT '' CHECK (allowed_origin = '' OR allowed_origin ~ '^https?://[^/]+$'),
  campaign_id     bigint REFERENCES sales.campaigns(id),
  owner_id        bigint,                        -- auth.users: who gets its leads
  rate_per_hour   integer NOT NULL DEFAULT 10 CHECK (rate_per_hour BETWEEN 1 AND 1000),
  secret_sealed   text NOT NULL DEFAULT '',      -- '' until a secret is made
  secret_set_at   timestamptz,
  archived_at     timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX capture_forms_name_idx ON sales.capture_forms (lower(name), id);

-- Signatures seen within the tolerance window: the same one again is a replay.
CREATE TABLE sales.capture_signatures (
  form_id         bigint NOT NULL REFERENCES sales.capture_forms(id),
  signature       text NOT NULL,
  at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (form_id, signature)
);
CREATE INDEX capture_signatures_at_idx ON sales.capture_signatures (form_id, at);

-- Each accepted submission: the rate limit counts them per form and IP.
CREATE TABLE sales.capture_log (
  id              bigserial PRIMARY KEY,
  form_id         bigint NOT NULL REFERENCES sales.capture_forms(id),
  ip              text NOT NULL,
  lead_id         bigint NOT NULL REFERENCES sales.leads(id),
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX capture_log_rate_idx ON sales.capture_log (form_id, ip, at);

GRANT SELECT, INSERT, UPDATE ON sales.capture_forms TO hearth_sales;
GRANT SELECT, INSERT, DELETE ON sales.capture_signatures TO hearth_sales;
GRANT SELECT, INSERT ON sales.capture_log TO hearth_sales;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA sales TO hearth_sales;

INSERT INTO core.webhook_event_types (type, description, example) VALUES
  ('sales.capture_form_created', 'A web-form capture form (its key, allowed origin, campaign, owner, rate limit) was created.',
   '{"id": 2, "name": "Website contact form", "form_key": "hf_6f1c2a9e0b7d4c3a8e5f1b2c3d4e5f60", "owner_id": 3, "version": 1, "has_secret": false, "created_at": "2026-03-02T15:04:05Z", "owner_name": "Sam Rivera", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "campaign_id": 4, "campaign_name": "Spring home show 2026", "rate_per_hour": 10, "secret_set_at": null, "allowed_origin": "https://www.example.com"}'),
  ('sales.capture_form_updated', 'A web-form capture form was changed, or its secret made anew (data: the form after the change, never the secret).',
   '{"id": 2, "name": "Website contact form", "form_key": "hf_6f1c2a9e0b7d4c3a8e5f1b2c3d4e5f60", "owner_id": 3, "version": 2, "has_secret": true, "created_at": "2026-03-02T15:04:05Z", "owner_name": "Sam Rivera", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "campaign_id": 4, "campaign_name": "Spring home show 2026", "rate_per_hour": 10, "secret_set_at": "2026-03-02T15:04:05Z", "allowed_origin": "https://www.example.com"}'),
  ('sales.capture_form_archived', 'A web-form capture form was archived: its submissions are refused.',
   '{"id": 2, "name": "Website contact form", "form_key": "hf_6f1c2a9e0b7d4c3a8e5f1b2c3d4e5f60", "owner_id": 3, "version": 3, "has_secret": true, "created_at": "2026-03-02T15:04:05Z", "owner_name": "Sam Rivera", "updated_at": "2026-03-02T15:04:05Z", "archived_at": "2026-03-02T15:04:05Z", "campaign_id": 4, "campaign_name": "Spring home show 2026", "rate_per_hour": 10, "secret_set_at": "2026-03-02T15:04:05Z", "allowed_origin": "https://www.example.com"}'),
  ('sales.capture_form_restored', 'A web-form capture form was restored from the archive.',
   '{"id": 2, "name": "Website contact form", "form_key": "hf_6f1c2a9e0b7d4c3a8e5f1b2c3d4e5f60", "owner_id": 3, "version": 4, "has_secret": true, "created_at": "2026-03-02T15:04:05Z", "owner_name": "Sam Rivera", "updated_at": "2026-03-02T15:04:05Z", "archived_at": null, "campaign_id": 4, "campaign_name": "Spring home show 2026", "rate_per_hour": 10, "secret_set_at": "2026-03-02T15:04:05Z", "allowed_origin": "https://www.example.com"}');
