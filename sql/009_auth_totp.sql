-- Two-factor sign-in with TOTP (RFC 6238): cgi-bin/auth/twofactor.c.
--
-- 1. Secrets: auth.user_totp holds each user's TOTP secret sealed with
--    AES-256-GCM (lib/crypto.c: nonce ‖ ciphertext ‖ tag, the user id as
--    associated data, the key is secret_key from the configuration, never
--    in the database): the confirmed one, and a pending one while the user
--    enrols. last_step is the last time step accepted: a code is never
--    accepted twice.
-- 2. Recovery codes: ten per user, each usable once, stored as
--    HMAC-SHA256 under a key derived from secret_key (useless without it).
-- 3. Remembered browsers ("remember this device", 30 days): the SHA-256 of
--    the random device id in the browser's signed cookie. A changed
--    password forgets them (trigger); turning two-factor off deletes them.
-- 4. Policy: auth.roles.require_2fa, set by admins (GET/POST /auth/2fa/policy).
-- 5. auth.session_principal() also tells whether the user has two-factor
--    on and whether their role requires it (lib/app.c holds such a user
--    without it at /auth/2fa until they enrol).

-- ---- 1. secrets ---------------------------------------------------------------------

CREATE TABLE auth.user_totp (
  user_id     bigint PRIMARY KEY REFERENCES auth.users(id) ON DELETE CASCADE,
  secret      bytea,                          -- sealed; NULL while two-factor is off
  enabled_at  timestamptz,                    -- NULL: two-factor is off
  pending     bytea,                          -- sealed; the secret being enrolled
  pending_at  timestamptz,
  last_step   bigint NOT NULL DEFAULT 0,      -- floor(unix time / 30) of the last code accepted
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((secret IS NULL) = (enabled_at IS NULL))
);

-- ---- 2. recovery codes ------------------------------------------------------------

CREATE TABLE auth.recovery_codes (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  code_hash   text NOT NULL,                  -- hex HMAC-SHA256 of "user_id:code"
  created_at  timestamptz NOT NULL DEFAULT now(),
  used_at     timestamptz
);
CREATE UNIQUE INDEX recovery_codes_user_hash_key ON auth.recovery_codes (user_id, code_hash);

-- ---- 3. remembered browsers -------------------------------------------------------

CREATE TABLE auth.trusted_devices (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  device_hash   text NOT NULL UNIQUE,         -- hex SHA-256 of the cookie's random device id
  user_agent    text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  last_used_at  timestamptz
);
CREATE INDEX trusted_devices_user_idx ON auth.trusted_devices (user_id);

-- A new password hash forgets the user's remembered browsers, whoever
-- changes it (password change, admin reset, hearthctl). Schema-qualified
-- like 006, though it runs as the caller (hearth_auth may delete them).
CREATE FUNCTION auth.trusted_devices_forget() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM auth.trusted_devices d WHERE d.user_id OPERATOR(pg_catalog.=) NEW.id;
  RETURN NEW;
END $$;
CREATE TRIGGER users_password_forgets_devices
  AFTER UPDATE OF password_hash ON auth.users
  FOR EACH ROW WHEN (OLD.password_hash IS DISTINCT FROM NEW.password_hash)
  EXECUTE FUNCTION auth.trusted_devices_forget();

-- ---- 4. policy ---------------------------------------------------------------------------

ALTER TABLE auth.roles ADD COLUMN require_2fa boolean NOT NULL DEFAULT false;

GRANT SELECT, INSERT, UPDATE, DELETE ON auth.user_totp, auth.recovery_codes, auth.trusted_devices
  TO hearth_auth;
GRANT USAGE ON SEQUENCE auth.recovery_codes_id_seq, auth.trusted_devices_id_seq TO hearth_auth;
GRANT UPDATE (require_2fa) ON auth.roles TO hearth_auth;

-- ---- 5. the per-request lookup ---------------------------------------------------

-- 008's function, with two columns after its must_change_password:
-- totp_enabled (two-factor is on) and totp_required (the user's role
-- requires it). Same body otherwise (idle timeout, last_seen_at); the
-- result type changes, so it is dropped and created again, with its grants.
DROP FUNCTION auth.session_principal(uuid);
CREATE FUNCTION auth.session_principal(p_sid uuid)
RETURNS TABLE (user_id bigint, email text, name text, role text, permissions text[],
               must_change_password boolean, totp_enabled boolean, totp_required boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $$
BEGIN
  RETURN QUERY
  SELECT u.id, u.email, u.name, u.role,
         ARRAY(SELECT rp.permission FROM auth.role_permissions rp
               WHERE rp.role OPERATOR(pg_catalog.=) u.role ORDER BY 1),
         u.must_change_password,
         EXISTS (SELECT 1 FROM auth.user_totp t
                 WHERE t.user_id OPERATOR(pg_catalog.=) u.id AND t.enabled_at IS NOT NULL),
         coalesce((SELECT r.require_2fa FROM auth.roles r
                   WHERE r.name OPERATOR(pg_catalog.=) u.role), false)
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
