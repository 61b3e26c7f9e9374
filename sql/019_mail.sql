-- Mail out (docs/mail.md): a family queues a message in the transaction of
-- the change that causes it (lib/mail.c → core.mail_enqueue), and
-- hearth-worker (tools/worker_mail.c) sends it through the SMTP server set
-- at /auth/mail. core.mail_messages is both the queue and the sent-mail
-- log: one row per message and recipient, kept after it is sent.
--
-- Claiming is a lease, not a lock held over the network: core.mail_claim
-- takes one due message with FOR UPDATE SKIP LOCKED, counts the attempt
-- and pushes next_attempt_at LEASE ahead, and commits; the worker sends
-- with no transaction open, then core.mail_result records the outcome for
-- that attempt. A worker killed mid-send leaves the message due again when
-- the lease runs out: at least once, so a message the server accepted just
-- before the kill can arrive twice (with the same Message-ID, which mail
-- clients use to fold duplicates).

-- The mail server, one row (id is always true), edited by admins at
-- /auth/mail/settings. password is sealed (lib/sealed.c, AES-256-GCM under
-- the config's secret_key) and never shown back. security: starttls
-- (required: the send fails rather than going out in clear), tls (implicit,
-- smtps), none (plain SMTP, only to a loopback host). ca_pem: certificate
-- authorities to trust instead of the system's, for a private relay with
-- its own CA (verification stays on).
CREATE TABLE core.mail_settings (
  id            boolean PRIMARY KEY DEFAULT true CHECK (id),
  host          text NOT NULL DEFAULT '',
  port          integer NOT NULL DEFAULT 587 CHECK (port BETWEEN 1 AND 65535),
  security      text NOT NULL DEFAULT 'starttls' CHECK (security IN ('starttls', 'tls', 'none')),
  username      text NOT NULL DEFAULT '',
  password      text NOT NULL DEFAULT '',
  from_address  text NOT NULL DEFAULT '',
  from_name     text NOT NULL DEFAULT 'Hearth',
  reply_to      text NOT NULL DEFAULT '',
  ca_pem        text NOT NULL DEFAULT '',
  version       integer NOT NULL DEFAULT 1,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (security <> 'none' OR host IN ('', 'localhost', '::1') OR host ~ '^127\.[0-9]+\.[0-9]+\.[0-9]+$'),
  CHECK (host !~ '[\r\n]' AND username !~ '[\r\n]' AND from_address !~ '[\r\n]'
         AND from_name !~ '[\r\n]' AND reply_to !~ '[\r\n]')
);
INSERT INTO core.mail_settings DEFAULT VALUES;

CREATE TABLE core.mail_messages (
  id               bigserial PRIMARY KEY,
  kind             text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$'),  -- family.what
  to_address       text NOT NULL CHECK (to_address ~ '^[^\s<>,;@]+@[^\s<>,;@]+$' AND length(to_address) <= 254),
  to_name          text NOT NULL DEFAULT '' CHECK (to_name !~ '[\r\n]'),
  subject          text NOT NULL CHECK (subject !~ '[\r\n]' AND length(subject) <= 400),
  body_text        text NOT NULL,
  body_html        text NOT NULL,
  message_id       text NOT NULL UNIQUE CHECK (message_id ~ '^<[A-Za-z0-9.@_-]+>$'),
  status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'retrying', 'sent', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),   -- due, or the end of a send's lease
  last_error       text,
  smtp_reply       text,                                 -- the server's last answer
  created_at       timestamptz NOT NULL DEFAULT now(),
  give_up_at       timestamptz NOT NULL DEFAULT now() + interval '24 hours',  -- retries end: dead
  sent_at          timestamptz,
  created_by       bigint,                               -- auth.users(id); kept if the user goes
  entity           text NOT NULL DEFAULT '',             -- what the message is about
  entity_id        bigint
);
-- The claim reads only the messages still to send, in due order.
CREATE INDEX mail_messages_due_idx ON core.mail_messages (next_attempt_at, id) WHERE status IN ('queued', 'retrying');
-- The log page: newest first, all or by status (keyset on (id)).
CREATE INDEX mail_messages_status_idx ON core.mail_messages (status, id DESC);

-- A message in the caller's transaction (lib/mail.c's mail_queue): its id.
-- A line break in a header value is refused (22023): with the CHECKs above,
-- no header can be injected from user data. NOTIFY hearth_outbox wakes the
-- worker at commit.
CREATE FUNCTION core.mail_enqueue(kind text, to_address text, to_name text, subject text,
                                  body_text text, body_html text, created_by bigint,
                                  entity text, entity_id bigint)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = core, pg_temp AS $$
DECLARE
  domain text;
  new_id bigint;
BEGIN
  IF concat(to_address, to_name, subject) ~ '[\r\n]' THEN
    RAISE EXCEPTION 'a mail header value contains a line break' USING ERRCODE = '22023';
  END IF;
  SELECT nullif(split_part(s.from_address, '@', 2), '') INTO domain FROM core.mail_settings s WHERE s.id;
  INSERT INTO core.mail_messages AS m (kind, to_address, to_name, subject, body_text, body_html, message_id,
                                       created_by, entity, entity_id)
  VALUES (kind, to_address, coalesce(to_name, ''), subject, body_text, body_html,
          '<' || replace(gen_random_uuid()::text, '-', '') || '@' ||
            coalesce(regexp_replace(domain, '[^A-Za-z0-9.-]', '', 'g'), 'hearth.invalid') || '>',
          created_by, coalesce(entity, ''), entity_id)
  RETURNING m.id INTO new_id;
  PERFORM pg_notify('hearth_outbox', 'mail');
  RETURN new_id;
END $$;

-- The worker's view of the settings: only when a message is due and the
-- server is set (host and from address), else no row.
CREATE FUNCTION core.mail_settings_due(OUT host text, OUT port integer, OUT security text, OUT username text,
                                       OUT password text, OUT from_address text, OUT from_name text,
                                       OUT reply_to text, OUT ca_pem text)
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = core, pg_temp AS $$
  SELECT s.host, s.port, s.security, s.username, s.password, s.from_address, s.from_name, s.reply_to, s.ca_pem
    FROM core.mail_settings s
   WHERE s.id AND s.host <> '' AND s.from_address <> ''
     AND EXISTS (SELECT 1 FROM core.mail_messages m
                  WHERE m.status IN ('queued', 'retrying') AND m.next_attempt_at <= now())
$$;

-- One due message, leased for lease_seconds (its attempt counted): the
-- message, or no row.
CREATE FUNCTION core.mail_claim(lease_seconds integer)
RETURNS TABLE (id bigint, attempts integer, to_address text, to_name text, subject text,
               body_text text, body_html text, message_id text, created_at timestamptz)
LANGUAGE sql SECURITY DEFINER SET search_path = core, pg_temp AS $$
  UPDATE core.mail_messages m
     SET attempts = m.attempts + 1, next_attempt_at = now() + make_interval(secs => lease_seconds)
   WHERE m.id = (SELECT d.id FROM core.mail_messages d
                  WHERE d.status IN ('queued', 'retrying') AND d.next_attempt_at <= now()
                  ORDER BY d.next_attempt_at, d.id LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING m.id, m.attempts, m.to_address, m.to_name, m.subject, m.body_text, m.body_html,
            m.message_id, m.created_at
$$;

-- The outcome of attempt number attempt of message id: sent, retry (due
-- again 1 min after the first try, doubling, at most an hour apart; dead
-- once give_up_at, a day after it was queued, has passed) or dead. Nothing happens when another
-- worker claimed the message since (its lease ran out): the status it
-- answers. One of 'sent', 'retry', 'dead', or no row.
CREATE FUNCTION core.mail_result(message bigint, attempt integer, outcome text, reply text, error text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = core, pg_temp AS $$
DECLARE
  m core.mail_messages;
BEGIN
  SELECT * INTO m FROM core.mail_messages x WHERE x.id = message AND x.attempts = attempt FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF outcome = 'retry' AND m.give_up_at <= now() THEN
    outcome := 'dead';
  END IF;
  UPDATE core.mail_messages x
     SET status = CASE outcome WHEN 'sent' THEN 'sent' WHEN 'dead' THEN 'dead' ELSE 'retrying' END,
         smtp_reply = left(reply, 2000),
         last_error = CASE WHEN outcome = 'sent' THEN NULL ELSE left(error, 2000) END,
         sent_at = CASE WHEN outcome = 'sent' THEN now() END,
         next_attempt_at = CASE WHEN outcome = 'retry'
           THEN now() + least(interval '1 hour', interval '1 minute' * (2 ^ least(attempt - 1, 10)))
           ELSE now() END
   WHERE x.id = message;
  RETURN outcome;
END $$;

-- Admins (/auth/mail): a dead or retrying message is due now again, its
-- day of retries counted afresh. The message's status, or no row when it
-- is not dead or retrying.
CREATE FUNCTION core.mail_retry(message bigint)
RETURNS TABLE (id bigint, status text, attempts integer, next_attempt_at timestamptz)
LANGUAGE sql SECURITY DEFINER SET search_path = core, pg_temp AS $$
  WITH r AS (
    UPDATE core.mail_messages m
       SET status = 'queued', next_attempt_at = now(), give_up_at = now() + interval '24 hours'
     WHERE m.id = message AND m.status IN ('dead', 'retrying')
    RETURNING m.id, m.status, m.attempts, m.next_attempt_at
  ), n AS (SELECT pg_notify('hearth_outbox', 'mail') FROM r)
  SELECT r.id, r.status, r.attempts, r.next_attempt_at FROM r LEFT JOIN n ON true
$$;

REVOKE ALL ON FUNCTION core.mail_enqueue(text, text, text, text, text, text, bigint, text, bigint),
  core.mail_settings_due(), core.mail_claim(integer), core.mail_result(bigint, integer, text, text, text),
  core.mail_retry(bigint) FROM PUBLIC;
-- The families that send mail: auth now (account notices, the test
-- message); sales (quote links), service (ticket updates, SLA alerts) and
-- analytics (scheduled reports) as they are built.
GRANT EXECUTE ON FUNCTION core.mail_enqueue(text, text, text, text, text, text, bigint, text, bigint)
  TO hearth_auth, hearth_sales, hearth_service, hearth_analytics;
GRANT EXECUTE ON FUNCTION core.mail_settings_due(), core.mail_claim(integer),
  core.mail_result(bigint, integer, text, text, text) TO hearth_worker;
-- The admin pages read the log and the settings, and edit the settings.
GRANT SELECT ON core.mail_messages TO hearth_auth;
GRANT SELECT, UPDATE ON core.mail_settings TO hearth_auth;
GRANT EXECUTE ON FUNCTION core.mail_retry(bigint) TO hearth_auth;

-- The first real sender: an invitation. An admin who creates a user with
-- invite on (cgi-bin/auth/users.c, invitation.c) queues a mail with a
-- one-time link; its page sets the user's first password. Only the
-- token's SHA-256 is kept; a link is used once and expires.
CREATE TABLE auth.password_links (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  token_sha256  text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  purpose       text NOT NULL CHECK (purpose IN ('invite')),
  created_by    bigint,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz
);
CREATE INDEX password_links_user_idx ON auth.password_links (user_id) WHERE used_at IS NULL;
GRANT SELECT, INSERT, UPDATE ON auth.password_links TO hearth_auth;
GRANT USAGE ON SEQUENCE auth.password_links_id_seq TO hearth_auth;
