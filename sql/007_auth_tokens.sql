-- Machine access (issue 3): personal API tokens and OAuth2 client
-- credentials (RFC 6749 §4.4). cgi-bin/auth/tokens.c and oauth.c manage
-- them; lib/auth.c checks them on every request with an
-- "Authorization: Bearer" header, through the two functions below.
--
-- Like 006, the lookup functions are PL/pgSQL SECURITY DEFINER without SET
-- search_path (it threw away cached plans on every call): every table,
-- function, operator and type in their bodies is schema-qualified, which
-- is what makes SECURITY DEFINER safe without it.

-- A scope is 'family:read' or 'family:write' (write implies read, as with
-- permissions). Tokens never carry admin scopes: administration needs a
-- person at a browser.
CREATE FUNCTION auth.scopes_ok(s text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT pg_catalog.cardinality(s) OPERATOR(pg_catalog.>) 0
     AND pg_catalog.array_to_string(s, ',') OPERATOR(pg_catalog.~)
         '^[a-z]+:(read|write)(,[a-z]+:(read|write))*$'
$$;

-- ---- personal API tokens ------------------------------------------------------

-- The token itself ("hth_" + base64url of 32 random bytes) is shown once
-- and never stored: only its SHA-256 (hex) and a short prefix to tell
-- tokens apart in lists.
CREATE TABLE auth.api_tokens (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash    text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  prefix        text NOT NULL CHECK (prefix ~ '^hth_[A-Za-z0-9_-]{8}$'),
  scopes        text[] NOT NULL CHECK (auth.scopes_ok(scopes)),
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    bigint REFERENCES auth.users(id) ON DELETE SET NULL,   -- NULL: hearthctl
  -- Expiring always: at most a year (and a day for clock and time zone slack).
  expires_at    timestamptz NOT NULL,
  last_used_at  timestamptz,
  last_used_ip  text,
  revoked_at    timestamptz,
  revoked_by    bigint REFERENCES auth.users(id) ON DELETE SET NULL,
  CHECK (expires_at > created_at AND expires_at <= created_at + interval '366 days')
);
CREATE UNIQUE INDEX api_tokens_hash_key ON auth.api_tokens (token_hash);
CREATE INDEX api_tokens_user_idx ON auth.api_tokens (user_id, id DESC);

-- The one lookup a request with a personal token makes: the user's fields,
-- their role's permissions, the token's scopes and id. Refuses revoked and
-- expired tokens and inactive users (no row).
--
-- Token use is audited without a write per request: last_used_at is
-- refreshed at most once a minute per token, and the audit row
-- (auth.token_use) is written with that refresh, in this same call. So the
-- audit log shows each token in use at a one-minute grain, and a busy
-- script costs one write a minute, not one per request. Of two requests in
-- the same second only one refreshes (the UPDATE re-checks its condition
-- on the locked row), so only one audit row is written.
CREATE FUNCTION auth.token_principal(p_hash text, p_ip text, p_request_id text)
RETURNS TABLE (user_id bigint, email text, name text, role text, permissions text[],
               scopes text[], token_id bigint, token_name text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
#variable_conflict use_column
DECLARE
  t_id bigint;
  t_used timestamptz;
  stale timestamptz := pg_catalog.now() OPERATOR(pg_catalog.-) '1 minute'::pg_catalog.interval;
BEGIN
  SELECT k.id, k.last_used_at INTO t_id, t_used
  FROM auth.api_tokens k JOIN auth.users u ON u.id OPERATOR(pg_catalog.=) k.user_id
  WHERE k.token_hash OPERATOR(pg_catalog.=) p_hash
    AND k.revoked_at IS NULL
    AND k.expires_at OPERATOR(pg_catalog.>) pg_catalog.now()
    AND u.active;
  IF t_id IS NULL THEN
    RETURN;
  END IF;
  IF t_used IS NULL OR t_used OPERATOR(pg_catalog.<) stale THEN
    UPDATE auth.api_tokens k SET last_used_at = pg_catalog.now(), last_used_ip = p_ip
    WHERE k.id OPERATOR(pg_catalog.=) t_id
      AND (k.last_used_at IS NULL OR k.last_used_at OPERATOR(pg_catalog.<) stale);
    IF FOUND THEN
      -- (COALESCE is syntax, not a function: there is nothing to qualify.)
      INSERT INTO core.audit (user_id, actor, client_ip, request_id, action, entity, entity_id, after)
      SELECT k.user_id, u.email, COALESCE(p_ip, ''), COALESCE(p_request_id, ''),
             'auth.token_use', 'api_token', k.id,
             pg_catalog.jsonb_build_object('name', k.name, 'prefix', k.prefix)
      FROM auth.api_tokens k JOIN auth.users u ON u.id OPERATOR(pg_catalog.=) k.user_id
      WHERE k.id OPERATOR(pg_catalog.=) t_id;
    END IF;
  END IF;
  RETURN QUERY
  SELECT u.id, u.email, u.name, u.role,
         ARRAY(SELECT rp.permission FROM auth.role_permissions rp
               WHERE rp.role OPERATOR(pg_catalog.=) u.role ORDER BY 1),
         k.scopes, k.id, k.name
  FROM auth.api_tokens k JOIN auth.users u ON u.id OPERATOR(pg_catalog.=) k.user_id
  WHERE k.id OPERATOR(pg_catalog.=) t_id;
END $$;
REVOKE ALL ON FUNCTION auth.token_principal(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth.token_principal(text, text, text) TO hearth_auth, hearth_customers,
  hearth_projects, hearth_inventory, hearth_service, hearth_sales, hearth_analytics;

GRANT SELECT, INSERT ON auth.api_tokens TO hearth_auth;
GRANT UPDATE (revoked_at, revoked_by) ON auth.api_tokens TO hearth_auth;
GRANT USAGE ON SEQUENCE auth.api_tokens_id_seq TO hearth_auth;

-- ---- OAuth2 clients (client credentials) --------------------------------------------

-- A registered client acts as one user (a service account): its access
-- tokens carry scopes that narrow that user's permissions, never widen
-- them. The secret ("hths_" + base64url of 32 random bytes) is shown once;
-- only its SHA-256 is kept. Deactivating a client refuses its access
-- tokens at once (they are checked against this row on every use).
CREATE TABLE auth.oauth_clients (
  id            bigserial PRIMARY KEY,
  client_id     text NOT NULL CHECK (client_id ~ '^hthc_[A-Za-z0-9_-]{16}$'),
  secret_hash   text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  scopes        text[] NOT NULL CHECK (auth.scopes_ok(scopes)),
  user_id       bigint NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    bigint REFERENCES auth.users(id) ON DELETE SET NULL,
  last_token_at timestamptz,
  deactivated_at timestamptz,
  deactivated_by bigint REFERENCES auth.users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX oauth_clients_client_id_key ON auth.oauth_clients (client_id);
CREATE INDEX oauth_clients_user_idx ON auth.oauth_clients (user_id);

-- The lookup a request with an OAuth access token makes (after its JWT
-- signature and times are checked): the acting user's fields and role
-- permissions, and the client's registered scopes now. No row when the
-- client is deactivated or its user is inactive.
CREATE FUNCTION auth.client_principal(p_client_id text)
RETURNS TABLE (user_id bigint, email text, name text, role text, permissions text[],
               client_scopes text[], client_pk bigint, client_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER AS $$
BEGIN
  RETURN QUERY
  SELECT u.id, u.email, u.name, u.role,
         ARRAY(SELECT rp.permission FROM auth.role_permissions rp
               WHERE rp.role OPERATOR(pg_catalog.=) u.role ORDER BY 1),
         c.scopes, c.id, c.name
  FROM auth.oauth_clients c JOIN auth.users u ON u.id OPERATOR(pg_catalog.=) c.user_id
  WHERE c.client_id OPERATOR(pg_catalog.=) p_client_id
    AND c.active
    AND u.active;
END $$;
REVOKE ALL ON FUNCTION auth.client_principal(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth.client_principal(text) TO hearth_auth, hearth_customers,
  hearth_projects, hearth_inventory, hearth_service, hearth_sales, hearth_analytics;

GRANT SELECT, INSERT ON auth.oauth_clients TO hearth_auth;
GRANT UPDATE (active, last_token_at, deactivated_at, deactivated_by) ON auth.oauth_clients TO hearth_auth;
GRANT USAGE ON SEQUENCE auth.oauth_clients_id_seq TO hearth_auth;
