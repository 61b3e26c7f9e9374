-- People and sessions (issue 3): users admin, forced password change,
-- idle sessions, sign-in throttling per client address.
--
-- 1. auth.users.must_change_password: set when an admin creates a user or
--    gives one a temporary password; every route but the password change
--    (and sign-out, /auth/me) refuses until it is cleared (lib/app.c).
-- 2. Sessions time out when idle (auth.session_settings.idle_minutes, 60 by
--    default: a one-row table, so it can change without a release) and at
--    expires_at (12 h after sign-in, AUTH_SESSION_TTL). last_seen_at is
--    refreshed by the lookup itself, at most once a minute per session.
-- 3. auth.login_attempts: failed sign-ins per client address (login.c
--    refuses an address with more than 20 in 15 minutes). Rows older than
--    the window are pruned by the sign-in that records a failure.
-- 4. auth.session_principal(): the one lookup per request, now also
--    refusing idle sessions, refreshing last_seen_at, and returning
--    must_change_password as its last column (lib/auth.c reads it). It
--    writes, so it is VOLATILE; still PL/pgSQL without SET search_path, every
--    name and operator schema-qualified (see 006). Its result type changes,
--    which CREATE OR REPLACE cannot do: dropped and created again, with its
--    grants.
-- 5. Indexes for the users list (name, newest, search) and the live
--    sessions of a user.

-- ---- 1. forced password change ------------------------------------------------

ALTER TABLE auth.users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- ---- 2. idle timeout -------------------------------------------------------------

ALTER TABLE auth.sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE auth.session_settings (
  id            boolean PRIMARY KEY DEFAULT true CHECK (id),
  idle_minutes  integer NOT NULL DEFAULT 60 CHECK (idle_minutes BETWEEN 5 AND 1440),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
INSERT INTO auth.session_settings DEFAULT VALUES;
GRANT SELECT ON auth.session_settings TO hearth_auth;

-- ---- 3. failed sign-ins per address ------------------------------------------

-- user_id: the account that was tried, when it exists; a later successful
-- sign-in to that account from the same address forgives its failures
-- there (a user who mistyped is no attacker). Unknown emails are never
-- stored: people type passwords into the email field.
CREATE TABLE auth.login_attempts (
  ip       text NOT NULL,
  at       timestamptz NOT NULL DEFAULT now(),
  user_id  bigint REFERENCES auth.users(id) ON DELETE CASCADE
);
CREATE INDEX login_attempts_ip_at_idx ON auth.login_attempts (ip, at);
CREATE INDEX login_attempts_at_idx ON auth.login_attempts (at);
CREATE INDEX login_attempts_user_idx ON auth.login_attempts (user_id) WHERE user_id IS NOT NULL;
GRANT SELECT, INSERT, DELETE ON auth.login_attempts TO hearth_auth;

-- ---- 4. the per-request lookup ---------------------------------------------------

DROP FUNCTION auth.session_principal(uuid);
CREATE FUNCTION auth.session_principal(p_sid uuid)
RETURNS TABLE (user_id bigint, email text, name text, role text, permissions text[],
               must_change_password boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
BEGIN
  RETURN QUERY
  SELECT u.id, u.email, u.name, u.role,
         ARRAY(SELECT rp.permission FROM auth.role_permissions rp
               WHERE rp.role OPERATOR(pg_catalog.=) u.role ORDER BY 1),
         u.must_change_password
  FROM auth.sessions s JOIN auth.users u ON u.id OPERATOR(pg_catalog.=) s.user_id
  WHERE s.id OPERATOR(pg_catalog.=) p_sid
    AND s.revoked_at IS NULL
    AND s.expires_at OPERATOR(pg_catalog.>) pg_catalog.now()
    AND s.last_seen_at OPERATOR(pg_catalog.>) (pg_catalog.now() OPERATOR(pg_catalog.-)
        (SELECT pg_catalog.make_interval(mins => st.idle_minutes) FROM auth.session_settings st))
    AND u.active;
  -- Live: note the activity, at most once a minute (one small HOT update;
  -- most requests write nothing).
  IF FOUND THEN
    UPDATE auth.sessions s SET last_seen_at = pg_catalog.now()
    WHERE s.id OPERATOR(pg_catalog.=) p_sid
      AND s.last_seen_at OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) interval '1 minute');
  END IF;
END $$;
REVOKE ALL ON FUNCTION auth.session_principal(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth.session_principal(uuid) TO hearth_auth, hearth_customers,
  hearth_projects, hearth_inventory, hearth_service, hearth_sales, hearth_analytics;

-- ---- 5. indexes -------------------------------------------------------------------

CREATE INDEX users_lower_name_idx ON auth.users (lower(name), id);
CREATE INDEX users_created_idx ON auth.users (created_at DESC, id DESC);
CREATE INDEX users_search_trgm_idx ON auth.users
  USING gin (lower(name || ' ' || email) public.gin_trgm_ops);
CREATE INDEX sessions_live_idx ON auth.sessions (user_id, created_at DESC) WHERE revoked_at IS NULL;

-- The user page shows the audit rows about and by a user (also granted by
-- 010; repeated so this file stands on its own).
GRANT SELECT ON core.audit TO hearth_auth;
