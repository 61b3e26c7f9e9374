-- Auth: users, roles and their permissions, revocable sessions.

CREATE SCHEMA IF NOT EXISTS auth;

CREATE TABLE auth.roles (
  name        text PRIMARY KEY,
  description text NOT NULL DEFAULT ''
);

-- permission is 'family:level' with level read < write < admin.
CREATE TABLE auth.role_permissions (
  role        text NOT NULL REFERENCES auth.roles(name) ON UPDATE CASCADE ON DELETE CASCADE,
  permission  text NOT NULL CHECK (permission ~ '^[a-z]+:(read|write|admin)$'),
  PRIMARY KEY (role, permission)
);

INSERT INTO auth.roles (name, description) VALUES
  ('admin',      'Everything, including users and settings'),
  ('manager',    'Runs the business: reads and changes everything'),
  ('sales',      'Leads, deals, quotes and their customers'),
  ('technician', 'Field work: tickets, visits and projects assigned to them'),
  ('office',     'Scheduling, stock, tickets and customer records'),
  ('viewer',     'Reads everything, changes nothing');

INSERT INTO auth.role_permissions (role, permission)
SELECT r.role, f.family || ':' || r.level
FROM (VALUES ('admin','admin'), ('manager','write'), ('viewer','read')) AS r(role, level)
CROSS JOIN (VALUES ('auth'),('customers'),('projects'),('inventory'),('service'),('sales'),('analytics')) AS f(family)
WHERE NOT (r.role IN ('manager','viewer') AND f.family = 'auth');

INSERT INTO auth.role_permissions (role, permission) VALUES
  ('sales','customers:write'), ('sales','sales:write'), ('sales','projects:read'),
  ('sales','inventory:read'), ('sales','service:read'), ('sales','analytics:read'),
  ('technician','customers:read'), ('technician','projects:write'), ('technician','service:write'),
  ('technician','inventory:read'),
  ('office','customers:write'), ('office','projects:write'), ('office','inventory:write'),
  ('office','service:write'), ('office','sales:read'), ('office','analytics:read');

CREATE TABLE auth.users (
  id            bigserial PRIMARY KEY,
  email         text NOT NULL,
  name          text NOT NULL,
  role          text NOT NULL REFERENCES auth.roles(name) ON UPDATE CASCADE,
  password_hash text NOT NULL DEFAULT '',       -- scrypt, PHC string
  active        boolean NOT NULL DEFAULT true,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON auth.users (lower(email));
CREATE INDEX users_name_idx ON auth.users (name, id);

CREATE TABLE auth.sessions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      bigint NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  client_ip    text NOT NULL DEFAULT '',
  user_agent   text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON auth.sessions (user_id, created_at DESC);

-- The one lookup every responder makes per request: is this session live,
-- and who is it? SECURITY DEFINER so responders never read auth.users.
CREATE FUNCTION auth.session_principal(p_sid uuid)
RETURNS TABLE (user_id bigint, email text, name text, role text, permissions text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = auth, pg_temp AS $$
  SELECT u.id, u.email, u.name, u.role,
         ARRAY(SELECT permission FROM auth.role_permissions rp WHERE rp.role = u.role ORDER BY 1)
  FROM auth.sessions s JOIN auth.users u ON u.id = s.user_id
  WHERE s.id = p_sid AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active
$$;
REVOKE ALL ON FUNCTION auth.session_principal(uuid) FROM PUBLIC;

GRANT USAGE ON SCHEMA auth TO hearth_auth, hearth_customers, hearth_projects,
  hearth_inventory, hearth_service, hearth_sales, hearth_analytics;
GRANT EXECUTE ON FUNCTION auth.session_principal(uuid) TO hearth_auth, hearth_customers,
  hearth_projects, hearth_inventory, hearth_service, hearth_sales, hearth_analytics;
GRANT SELECT, INSERT, UPDATE ON auth.users, auth.sessions TO hearth_auth;
GRANT SELECT ON auth.roles, auth.role_permissions TO hearth_auth;
GRANT USAGE ON SEQUENCE auth.users_id_seq TO hearth_auth;
-- Other families may show who did something: names only, through a view.
CREATE VIEW auth.user_names AS SELECT id, name, role, active FROM auth.users;
GRANT SELECT ON auth.user_names TO hearth_customers, hearth_projects, hearth_inventory,
  hearth_service, hearth_sales, hearth_analytics;
