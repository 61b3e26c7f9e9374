-- Each worker keeps the principals of recent sessions (lib/auth.c), so a
-- signed-in request needs one round trip (its page's query) instead of
-- two. Whatever changes who a session is or what it may do says so on
-- the channel hearth_auth; every worker LISTENs on its one connection,
-- reads what arrived before it trusts its cache, and drops the cache on
-- any word. NOTIFY is sent at commit, and folded to one per transaction
-- for the same payload.
--
-- What auth.session_principal() reads, and so what must be heard:
--   auth.sessions          revoked, expiry or idle time moved back, deleted
--   auth.users             email, name, role, active, must_change_password,
--                          password changed, deleted
--   auth.roles             require_2fa, renamed, deleted
--   auth.role_permissions  any change (a role's permissions)
--   auth.user_totp         two-factor turned on or off
--   auth.session_settings  the idle timeout
-- Personal API tokens and OAuth clients are looked up on every request
-- (their use is audited there), so their revocation needs no word here.
-- A refresh of last_seen_at (forward, once a minute) and sign-in counters
-- say nothing: they do not change the principal.

CREATE FUNCTION auth.principal_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_catalog.pg_notify('hearth_auth', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_principal_changed
  AFTER UPDATE ON auth.sessions FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
        OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
        OR NEW.last_seen_at < OLD.last_seen_at
        OR OLD.user_id IS DISTINCT FROM NEW.user_id)
  EXECUTE FUNCTION auth.principal_changed();
CREATE TRIGGER sessions_principal_deleted
  AFTER DELETE ON auth.sessions FOR EACH STATEMENT
  EXECUTE FUNCTION auth.principal_changed();

CREATE TRIGGER users_principal_changed
  AFTER UPDATE ON auth.users FOR EACH ROW
  WHEN (OLD.email IS DISTINCT FROM NEW.email
        OR OLD.name IS DISTINCT FROM NEW.name
        OR OLD.role IS DISTINCT FROM NEW.role
        OR OLD.active IS DISTINCT FROM NEW.active
        OR OLD.must_change_password IS DISTINCT FROM NEW.must_change_password
        OR OLD.password_hash IS DISTINCT FROM NEW.password_hash)
  EXECUTE FUNCTION auth.principal_changed();
CREATE TRIGGER users_principal_deleted
  AFTER DELETE ON auth.users FOR EACH STATEMENT
  EXECUTE FUNCTION auth.principal_changed();

CREATE TRIGGER roles_principal_changed
  AFTER UPDATE OR DELETE ON auth.roles FOR EACH STATEMENT
  EXECUTE FUNCTION auth.principal_changed();

CREATE TRIGGER role_permissions_principal_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON auth.role_permissions FOR EACH STATEMENT
  EXECUTE FUNCTION auth.principal_changed();

CREATE TRIGGER user_totp_principal_changed
  AFTER UPDATE ON auth.user_totp FOR EACH ROW
  WHEN ((OLD.enabled_at IS NULL) IS DISTINCT FROM (NEW.enabled_at IS NULL))
  EXECUTE FUNCTION auth.principal_changed();
CREATE TRIGGER user_totp_principal_inserted
  AFTER INSERT OR DELETE ON auth.user_totp FOR EACH STATEMENT
  EXECUTE FUNCTION auth.principal_changed();

CREATE TRIGGER session_settings_principal_changed
  AFTER UPDATE ON auth.session_settings FOR EACH STATEMENT
  EXECUTE FUNCTION auth.principal_changed();
