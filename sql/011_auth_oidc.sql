-- Single sign-on with one OpenID Connect provider (cgi-bin/auth/oidc.c).

-- The provider, configured by an admin: one row (id is always true).
-- client_secret is never shown back by the application; it is stored
-- sealed ("aesgcm:" + AES-256-GCM under the config's secret_key) when the
-- stack has a secret_key, as entered otherwise.
CREATE TABLE auth.oidc_settings (
  id             boolean PRIMARY KEY DEFAULT true CHECK (id),
  issuer         text NOT NULL DEFAULT '',
  client_id      text NOT NULL DEFAULT '',
  client_secret  text NOT NULL DEFAULT '',
  display_name   text NOT NULL DEFAULT '',
  allow_signup   boolean NOT NULL DEFAULT false,   -- create viewers for unknown verified emails
  enabled        boolean NOT NULL DEFAULT false,
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
INSERT INTO auth.oidc_settings DEFAULT VALUES;

-- A provider account linked to a Hearth user: the first sign-in links by
-- verified email; later ones find the user by (issuer, subject).
CREATE TABLE auth.oidc_identities (
  issuer         text NOT NULL,
  subject        text NOT NULL,
  user_id        bigint NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  email          text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_login_at  timestamptz,
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_user_idx ON auth.oidc_identities (user_id);

-- Each sign-in attempt (the flow cookie's id) is used once: a replayed
-- callback is refused before the code goes anywhere. Rows older than a day
-- are deleted as new ones come.
CREATE TABLE auth.oidc_flows_used (
  jti      text PRIMARY KEY,
  used_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oidc_flows_used_at_idx ON auth.oidc_flows_used (used_at);

GRANT SELECT, UPDATE ON auth.oidc_settings TO hearth_auth;
GRANT SELECT, INSERT, UPDATE ON auth.oidc_identities TO hearth_auth;
GRANT SELECT, INSERT, DELETE ON auth.oidc_flows_used TO hearth_auth;
