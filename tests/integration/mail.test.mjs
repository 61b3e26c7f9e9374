// Mail out (sql/019, lib/mail.c, tools/worker_mail.c, /auth/mail): the
// stack's own hearth-worker sends through a real SMTP server the test
// starts on loopback (tests/fixtures/smtp_server.py, Debian's aiosmtpd:
// STARTTLS with a certificate made here, AUTH for one user, every message
// written to a file). The settings page points the running worker at it;
// the test puts the settings back at the end.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	BASE, RUN, USERS, Client, signIn, assertJson, assertHtml, assertProblem, assertRedirect, metaContent, inputValue,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const FIXTURE = `${ROOT}/tests/fixtures/smtp_server.py`;
const SMTP_USER = 'mailer';
const SMTP_PASSWORD = `pw-${RUN}`;

/** One statement as the database owner; the text of its rows. */
function sql(query) {
	return execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', query],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

async function until(what, fn, ms = 20000) {
	const end = Date.now() + ms;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
		await new Promise((ok) => setTimeout(ok, 100));
	}
}

// ---- a small MIME reader, enough for what Hearth sends ----

/** RFC 2047 encoded words (B and Q) to text; folding removed. */
function decodeWords(v) {
	return v.replace(/\r\n[ \t]/g, ' ')
		.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
		.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, cs, enc, text) => {
			assert.equal(cs.toUpperCase(), 'UTF-8');
			const bytes = enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64')
				: Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
			return bytes.toString('utf8');
		});
}

function qpDecode(s) {
	const soft = s.replace(/=\r\n/g, '');
	const bytes = [];
	for (let i = 0; i < soft.length; i++) {
		if (soft[i] === '=' && /^[0-9A-F]{2}$/.test(soft.slice(i + 1, i + 3))) {
			bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
			i += 2;
		} else {
			bytes.push(soft.charCodeAt(i));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

/** { headers: {lower-case name: decoded value}, head (raw), body (raw) } */
function splitMessage(raw) {
	const at = raw.indexOf('\r\n\r\n');
	assert.ok(at > 0, 'a message has headers, an empty line and a body');
	const head = raw.slice(0, at);
	const headers = {};
	for (const line of head.split(/\r\n(?![ \t])/)) {
		const i = line.indexOf(':');
		headers[line.slice(0, i).toLowerCase()] = decodeWords(line.slice(i + 1).trim());
	}
	return { headers, head, body: raw.slice(at + 4) };
}

/** The parts of a multipart/alternative message: [{type, text}]. */
function parts(msg) {
	const m = /multipart\/alternative;\s*boundary="([^"]+)"/.exec(msg.headers['content-type']);
	assert.ok(m, `multipart/alternative: ${msg.headers['content-type']}`);
	const chunks = msg.body.split(`--${m[1]}`);
	assert.equal(chunks.at(-1).trim(), '--', 'the closing boundary ends the message');
	return chunks.slice(1, -1).map((c) => {
		const p = splitMessage(c.replace(/^\r\n/, ''));
		assert.equal(p.headers['content-transfer-encoding'], 'quoted-printable');
		assert.match(p.headers['content-type'], /; charset=UTF-8$/);
		return { type: p.headers['content-type'].split(';')[0], text: qpDecode(p.body.replace(/\r\n$/, '')) };
	});
}

// ---- the SMTP server ----

const dir = mkdtempSync(join(tmpdir(), 'hearth-mail-'));
const OUT = join(dir, 'received.jsonl');
const RULES = join(dir, 'rules.json');
let smtp;
let port;
let cert;

function received() {
	if (!existsSync(OUT)) return [];
	return readFileSync(OUT, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}
const receivedFor = (addr) => received().filter((m) => m.rcpt_tos.includes(addr));
function setRules(rules) { writeFileSync(RULES, JSON.stringify(rules)); }

function message(id) {
	const [status, attempts, reply, error, due] = sql(`SELECT status, attempts, coalesce(smtp_reply, ''),
		coalesce(last_error, ''), round(extract(epoch FROM next_attempt_at - now()))
		FROM core.mail_messages WHERE id = ${Number(id)}`).split('|');
	return { status, attempts: Number(attempts), reply, error, due: Number(due) };
}

/** The worker's JSON lines about message id (var/log/worker.log). */
function workerLines(id) {
	return readFileSync(`${ROOT}/var/log/worker.log`, 'utf8').split('\n').filter(Boolean)
		.map((l) => { try { return JSON.parse(l); } catch { return null; } })
		.filter((l) => l && l.msg === 'mail' && l.message === Number(id));
}

describe('mail out', () => {
	let admin;
	let saved;

	before(async () => {
		execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
			'-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1',
			'-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
		cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
		setRules({});
		smtp = spawn('/usr/bin/python3', [FIXTURE, '--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'),
			'--user', SMTP_USER, '--password', SMTP_PASSWORD, '--out', OUT, '--rules', RULES],
		{ stdio: ['ignore', 'pipe', 'inherit'] });
		port = await new Promise((ok, fail) => {
			let text = '';
			smtp.stdout.on('data', (d) => {
				text += d;
				const m = /PORT (\d+)/.exec(text);
				if (m) ok(Number(m[1]));
			});
			smtp.on('exit', (code) => fail(new Error(`the SMTP fixture exited (${code})`)));
		});
		admin = await signIn(USERS.admin);
		saved = assertJson(await admin.getJson('/auth/mail/settings'), 200);
	});

	after(async () => {
		// The settings as they were (no server: nothing else goes to a closed port).
		if (admin && saved) {
			const cur = (await admin.getJson('/auth/mail/settings')).body;
			await admin.postJson('/auth/mail/settings', {
				host: saved.host, port: saved.port, security: saved.security, username: saved.username,
				password_clear: !saved.password_set, from_address: saved.from_address, from_name: saved.from_name,
				reply_to: saved.reply_to, ca_pem: saved.ca_pem, version: cur.version,
			});
		}
		smtp?.kill('SIGTERM');
		rmSync(dir, { recursive: true, force: true });
	});

	test('settings: saved and shown without the password; a stale version is refused', async () => {
		const cur = assertJson(await admin.getJson('/auth/mail/settings'), 200);
		const body = {
			host: '127.0.0.1', port, security: 'starttls', username: SMTP_USER, password: SMTP_PASSWORD,
			from_address: 'office@hearth.test', from_name: 'Hearth Büro', reply_to: 'help@hearth.test',
			ca_pem: cert, version: cur.version,
		};
		const s = assertJson(await admin.postJson('/auth/mail/settings', body), 200);
		assert.deepEqual([s.host, s.port, s.security, s.username, s.from_name, s.password_set, s.version],
			['127.0.0.1', port, 'starttls', SMTP_USER, 'Hearth Büro', true, cur.version + 1]);
		assert.ok(!('password' in s), 'the password is never answered');
		const again = assertJson(await admin.getJson('/auth/mail/settings'), 200);
		assert.ok(!('password' in again) && again.password_set === true);
		assert.ok(!JSON.stringify(again).includes(SMTP_PASSWORD));
		const page = assertHtml(await admin.getHtml('/auth/mail/settings'), 200);
		assert.ok(!page.includes(SMTP_PASSWORD), 'the page never shows the password');
		assert.ok(page.includes('A password is stored'));
		// stored sealed, not as typed
		const stored = sql(`SELECT password FROM core.mail_settings`);
		assert.match(stored, /^aesgcm:/);
		assert.ok(!stored.includes(SMTP_PASSWORD));
		// the audit row says it changed, never what it is
		const audit = sql(`SELECT after::text FROM core.audit WHERE action = 'mail_settings.update' ORDER BY id DESC LIMIT 1`);
		assert.ok(audit.includes('"password_changed": true') && !audit.includes(SMTP_PASSWORD));

		// An empty password keeps the stored one; a stale version gets 409 with the current settings.
		const kept = assertJson(await admin.postJson('/auth/mail/settings', { ...body, password: '', version: s.version }), 200);
		assert.equal(kept.password_set, true);
		assert.equal(sql(`SELECT password FROM core.mail_settings`), stored, 'kept as it was');
	});

	test('a test message arrives with both parts, over STARTTLS with AUTH, UTF-8 intact', async () => {
		const to = `probe-${RUN}@example.com`;
		const subject = `Grüße aus Köln ✓ — Ωμέγα ${RUN}`;
		const r = await admin.postJson('/auth/mail/test', { to, subject });
		const q = assertJson(r, 201);
		assert.equal(r.headers.get('location'), `/auth/mail/${q.id}`);
		const [m] = await until('the message at the server', () => receivedFor(to).length && receivedFor(to));
		assert.equal(m.tls, true, 'STARTTLS before the message');
		assert.equal(m.auth_user, SMTP_USER, 'AUTH as the configured user');
		assert.match(m.auth_mechanism, /^(PLAIN|LOGIN)$/);
		assert.equal(m.mail_from, 'office@hearth.test');
		const msg = splitMessage(m.data);
		assert.equal(msg.headers.subject, subject);
		assert.equal(msg.headers.from, 'Hearth Büro <office@hearth.test>');
		assert.equal(msg.headers.to, to);
		assert.equal(msg.headers['reply-to'], 'help@hearth.test');
		assert.equal(msg.headers['mime-version'], '1.0');
		assert.match(msg.headers.date, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
		assert.match(msg.headers['message-id'], /^<[0-9a-f]{32}@hearth\.test>$/);
		assert.ok(/^[\x20-\x7e\r\n\t]*$/.test(m.data), 'the message on the wire is 7-bit');
		const [text, html] = parts(msg);
		assert.equal(text.type, 'text/plain');
		assert.equal(html.type, 'text/html');
		assert.ok(text.text.includes(`Subject: ${subject}`));
		assert.ok(text.text.includes('Avery Admin') || text.text.includes('sent by'));
		assert.ok(html.text.includes(`<h1>${subject}</h1>`));
		assert.match(html.text, /^<!DOCTYPE html>/);
		// the log: sent, with the server's answer and the worker's JSON line
		const row = await until('sent in the log', () => message(q.id).status === 'sent' && message(q.id));
		assert.equal(row.attempts, 1);
		assert.match(row.reply, /^250 /);
		const one = assertJson(await admin.getJson(`/auth/mail/${q.id}`), 200);
		assert.deepEqual([one.status, one.to_address, one.subject, one.kind], ['sent', to, subject, 'auth.mail_test']);
		assert.ok(one.sent_at && one.body_text.includes(subject) && one.body_html.includes('<h1>'));
		const lines = await until('the worker\'s line', () => workerLines(q.id).length && workerLines(q.id));
		assert.deepEqual(Object.keys(lines[0]), ['time', 'program', 'level', 'msg', 'outcome', 'message', 'ms']);
		assert.deepEqual([lines[0].program, lines[0].level, lines[0].outcome], ['hearth-worker', 'info', 'sent']);
		assert.equal(typeof lines[0].ms, 'number');
		const list = assertJson(await admin.getJson('/auth/mail?status=sent&limit=5'), 200);
		assert.ok(list.items.some((i) => i.id === q.id));
		assert.ok(list.items.every((i) => i.status === 'sent'));
	});

	test('the test form, with JavaScript off: 303 to the message; its page shows the HTML part as source', async () => {
		const to = `form-${RUN}@example.com`;
		const page = assertHtml(await admin.getHtml('/auth/mail'), 200);
		assert.ok(page.includes('action="/auth/mail/test"'));
		const loc = assertRedirect(await admin.postForm('/auth/mail/test', { to, subject: `Form <b>${RUN}</b>` }));
		assert.match(loc, /^\/auth\/mail\/\d+$/);
		await until('the message at the server', () => receivedFor(to).length);
		const shown = assertHtml(await admin.getHtml(loc), 200);
		assert.ok(shown.includes(`&lt;h1&gt;Form &amp;lt;b&amp;gt;${RUN}&amp;lt;/b&amp;gt;&lt;/h1&gt;`),
			'the HTML part is escaped source, with its own escaping visible');
		assert.ok(!shown.includes(`<b>${RUN}</b>`), 'never rendered');
	});

	test('451: retried later (1 min), then sent', async () => {
		const to = `busy-${RUN}@example.com`;
		setRules({ [to]: '451 4.3.0 Mailbox busy, try again later' });
		const q = assertJson(await admin.postJson('/auth/mail/test', { to, subject: `Busy ${RUN}` }), 201);
		const row = await until('a retry', () => message(q.id).status === 'retrying' && message(q.id));
		assert.equal(row.attempts, 1);
		assert.match(row.reply, /^451 4\.3\.0 Mailbox busy/);
		assert.match(row.error, /451/);
		assert.ok(row.due >= 55 && row.due <= 60, `due again in about a minute: ${row.due} s`);
		const [line] = await until('the worker\'s line', () => workerLines(q.id).length && workerLines(q.id));
		assert.deepEqual([line.level, line.outcome], ['warn', 'retry']);
		assert.equal(receivedFor(to).length, 0);
		// The server is back; the minute passes (the test does not wait it out).
		setRules({});
		sql(`UPDATE core.mail_messages SET next_attempt_at = now() WHERE id = ${q.id}`);
		const done = await until('sent on the second try', () => message(q.id).status === 'sent' && message(q.id));
		assert.equal(done.attempts, 2);
		assert.equal(done.error, '');
		assert.equal(receivedFor(to).length, 1);
	});

	test('550: dead at once with the server\'s reply; the retry button queues it again', async () => {
		const to = `nobody-${RUN}@example.com`;
		setRules({ [to]: '550 5.1.1 No such user here' });
		const q = assertJson(await admin.postJson('/auth/mail/test', { to, subject: `Refused ${RUN}` }), 201);
		const row = await until('dead', () => message(q.id).status === 'dead' && message(q.id));
		assert.equal(row.attempts, 1);
		assert.equal(row.reply, '550 5.1.1 No such user here');
		const [line] = await until('the worker\'s line', () => workerLines(q.id).length && workerLines(q.id));
		assert.deepEqual([line.level, line.outcome], ['warn', 'dead']);
		const dead = assertJson(await admin.getJson('/auth/mail?status=dead'), 200);
		const item = dead.items.find((i) => i.id === q.id);
		assert.ok(item && /550/.test(item.last_error));
		const page = assertHtml(await admin.getHtml(`/auth/mail/${q.id}`), 200);
		assert.ok(page.includes('550 5.1.1 No such user here'));
		assert.ok(page.includes(`action="/auth/mail/${q.id}/retry"`), 'a retry button');
		// The address is fixed at the server; the button (a form with the CSRF token).
		setRules({});
		const loc = assertRedirect(await admin.postForm(`/auth/mail/${q.id}/retry`, {}));
		assert.equal(loc, `/auth/mail/${q.id}`);
		await until('sent after the retry', () => message(q.id).status === 'sent');
		assert.equal(receivedFor(to).length, 1);
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'mail.retry' AND entity_id = ${q.id}`), '1');
		// a sent message is not retried
		assertProblem(await admin.postJson(`/auth/mail/${q.id}/retry`, {}), 409);
		assertProblem(await admin.postJson('/auth/mail/999999999/retry', {}), 404);
	});

	test('a worker that dies holding a message loses nothing: its lease runs out and another sends it', async () => {
		const to = `lease-${RUN}@example.com`;
		// One transaction queues the message and leaves it as core.mail_claim
		// does (its attempt counted, due again when a 2 s lease ends), and
		// then nobody reports: as after a kill -9 in the middle of the send.
		const id = sql(`SELECT core.mail_enqueue('auth.mail_test', '${to}', '', 'Lease ${RUN}', 'text', '<p>html</p>', NULL, '', NULL);
			UPDATE core.mail_messages SET attempts = attempts + 1, next_attempt_at = now() + interval '2 seconds'
			WHERE to_address = '${to}' RETURNING id`).split('\n').filter(Boolean).at(-1);
		assert.equal(message(id).attempts, 1);
		await new Promise((ok) => setTimeout(ok, 300));
		assert.equal(message(id).status, 'queued', 'nobody sends it while the lease holds');
		const row = await until('sent after the lease', () => message(id).status === 'sent' && message(id), 15000);
		assert.equal(row.attempts, 2);
		assert.equal(receivedFor(to).length, 1);
	});

	test('a refused sign-in is the settings\' fault: the message waits (retry), it is not dead', async () => {
		const cur = assertJson(await admin.getJson('/auth/mail/settings'), 200);
		assertJson(await admin.postJson('/auth/mail/settings', { password: 'wrong', version: cur.version }), 200);
		const to = `denied-${RUN}@example.com`;
		try {
			const q = assertJson(await admin.postJson('/auth/mail/test', { to, subject: `Denied ${RUN}` }), 201);
			const row = await until('a retry', () => message(q.id).status === 'retrying' && message(q.id));
			assert.match(row.reply, /^535 /);
			assert.match(row.error, /535/);
			const fixed = assertJson(await admin.getJson('/auth/mail/settings'), 200);
			assertJson(await admin.postJson('/auth/mail/settings', { password: SMTP_PASSWORD, version: fixed.version }), 200);
			sql(`UPDATE core.mail_messages SET next_attempt_at = now() WHERE id = ${q.id}`);
			await until('sent with the right password', () => message(q.id).status === 'sent');
			assert.equal(receivedFor(to).length, 1);
		} finally {
			const now = (await admin.getJson('/auth/mail/settings')).body;
			await admin.postJson('/auth/mail/settings', { password: SMTP_PASSWORD, version: now.version });
		}
	});

	test('an admin\'s password reset tells the user by mail, without the password; the link works', async () => {
		const email = `reset-${RUN}@example.com`;
		const u = assertJson(await admin.postJson('/auth/users', { email, name: 'Rhea Reset', role: 'viewer' }), 201);
		const reset = assertJson(await admin.postJson(`/auth/users/${u.id}/password`, {}), 200);
		assert.ok(reset.temporary_password);
		const [m] = await until('the notice at the server', () => receivedFor(email).length && receivedFor(email));
		const msg = splitMessage(m.data);
		assert.equal(msg.headers.subject, 'Your Hearth password was reset');
		assert.equal(msg.headers.to, `"Rhea Reset" <${email}>`);
		const [text, html] = parts(msg);
		assert.ok(text.text.includes('Hello Rhea Reset') && text.text.includes('Avery Admin'));
		assert.ok(!m.data.includes(reset.temporary_password) && !text.text.includes(reset.temporary_password)
			&& !html.text.includes(reset.temporary_password), 'the password never goes by mail');
		const link = /(http:\/\/\S+\/auth\/login)\b/.exec(text.text)[1];
		assert.ok(html.text.includes(`href="${link}"`));
		assert.equal(link, `${BASE}/auth/login`);
		const signin = await fetch(link, { redirect: 'manual' });
		assert.equal(signin.status, 200);
		assert.match(await signin.text(), /name="password"/);
		// queued in the reset's transaction: the log ties it to the user
		assert.equal(sql(`SELECT kind || ' ' || entity || ' ' || entity_id FROM core.mail_messages
			WHERE to_address = '${email}'`), `auth.password_reset user ${u.id}`);
	});

	test('an invitation: the new user gets a one-time link, chooses a password under the policy, signs in', async () => {
		const email = `invite-${RUN}@example.com`;
		const r = await admin.postJson('/auth/users', { email, name: 'Ines Invite', role: 'technician', invite: true });
		const u = assertJson(r, 201);
		assert.equal(r.headers.get('location'), `/auth/users/${u.id}`);
		assert.ok(!('temporary_password' in u), 'no password to hand over');
		assert.ok(u.invitation.expires_at && u.invitation.mail_id > 0);
		const [m] = await until('the invitation at the server', () => receivedFor(email).length && receivedFor(email));
		const msg = splitMessage(m.data);
		assert.equal(msg.headers.subject, 'You are invited to Hearth');
		const [text, html] = parts(msg);
		const link = /(http:\/\/\S+\/auth\/invitation\/[A-Za-z0-9_-]{43})\s/.exec(text.text)[1];
		assert.ok(html.text.includes(`href="${link}"`), 'the same link in both parts');
		assert.ok(text.text.includes('Avery Admin') && text.text.includes('technician'));
		const token = link.split('/').at(-1);
		assert.equal(sql(`SELECT count(*) FROM auth.password_links WHERE token_sha256 = '${token}'`), '0', 'only a hash is kept');

		// The link, as the invited person's browser (signed out) opens it.
		const guest = new Client();
		const form = await guest.getHtml(link.replace(BASE, ''));
		assertHtml(form, 200);
		assert.ok(form.text.includes(email) && form.text.includes('name="password_confirm"'));
		guest.csrf = inputValue(form.text, '_csrf');
		// the policy: every broken rule at once, the form again
		const weak = await guest.postForm(link.replace(BASE, ''), { password: 'Ines', password_confirm: 'nope' });
		assert.equal(weak.status, 422);
		assert.ok(weak.text.includes('id="f-password-error"') && weak.text.includes('id="f-password_confirm-error"'));
		const chosen = 'lantern orchard velvet quarry';
		const done = await guest.postForm(link.replace(BASE, ''), { password: chosen, password_confirm: chosen });
		assert.equal(assertRedirect(done), '/auth/login');
		// signs in with it, and is not asked to change it
		const ines = await signIn(email, chosen);
		const me = assertJson(await ines.getJson('/auth/me'), 200);
		assert.deepEqual([me.email, me.role], [email, "technician"]);
		assert.equal(sql(`SELECT must_change_password FROM auth.users WHERE id = ${u.id}`), 'f');
		// used up: the link is refused now, by HTML and JSON
		const again = await guest.getHtml(link.replace(BASE, ''));
		assert.equal(again.status, 404);
		assert.ok(again.text.includes('not valid any more'));
		assertProblem(await guest.getJson(link.replace(BASE, '')), 404);
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'user.invitation_accept' AND entity_id = ${u.id}`), '1');
	});

	test('an expired invitation link is refused', async () => {
		const email = `late-${RUN}@example.com`;
		const u = assertJson(await admin.postJson('/auth/users', { email, name: 'Lars Late', role: 'viewer', invite: true }), 201);
		const [m] = await until('the invitation at the server', () => receivedFor(email).length && receivedFor(email));
		const link = /(http:\/\/\S+\/auth\/invitation\/[A-Za-z0-9_-]{43})\s/.exec(parts(splitMessage(m.data))[0].text)[1];
		sql(`UPDATE auth.password_links SET expires_at = now() - interval '1 second' WHERE user_id = ${u.id}`);
		const r = await fetch(link, { redirect: 'manual' });
		assert.equal(r.status, 404);
		assert.ok((await r.text()).includes('not valid any more'));
		assertProblem(await admin.getJson('/auth/invitation/not-a-token'), 404);
	});

	test('non-admins get 403', async () => {
		const sales = await signIn(USERS.sales);
		assertProblem(await sales.getJson('/auth/mail'), 403);
		assertProblem(await sales.getJson('/auth/mail/settings'), 403);
		assertProblem(await sales.postJson('/auth/mail/settings', { host: 'evil.example.com' }), 403);
		assertProblem(await sales.postJson('/auth/mail/test', { to: 'x@example.com', subject: 'x' }), 403);
		assertProblem(await sales.getJson('/auth/mail/1'), 403);
		assertProblem(await sales.postJson('/auth/mail/1/retry', {}), 403);
		// and without the CSRF token, an admin too
		assertProblem(await admin.postJson('/auth/mail/test', { to: 'x@example.com', subject: 'x' }, { csrf: false }), 403);
	});

	test('bad input: problem+json with every field, the form again with messages', async () => {
		const cur = assertJson(await admin.getJson('/auth/mail/settings'), 200);
		const bad = assertProblem(await admin.postJson('/auth/mail/settings', {
			host: 'smtp.example.com', port: 0, security: 'none', username: 'a\r\nb', from_address: 'nope',
			reply_to: 'also nope', ca_pem: 'not a certificate', version: cur.version,
		}), 422);
		assert.deepEqual(Object.keys(bad.errors).sort(), ['ca_pem', 'from_address', 'port', 'reply_to', 'security', 'username']);
		assert.match(bad.errors.security, /this machine/);
		assertProblem(await admin.postJson('/auth/mail/settings', { ...cur, smtp: 'x' }), 422);
		const stale = assertProblem(await admin.postJson('/auth/mail/settings', {
			host: cur.host, port: cur.port, security: cur.security, from_address: cur.from_address, version: cur.version - 1,
		}), 409);
		assert.equal(stale.current.version, cur.version);
		assert.ok(!('password' in stale.current));
		assert.equal(assertJson(await admin.getJson('/auth/mail/settings'), 200).version, cur.version, 'nothing saved');
		// the HTML form: 422, the values kept, each message by its field
		const r = await admin.postForm('/auth/mail/settings', {
			host: 'smtp.example.com', port: '70000', security: 'starttls', from_address: '', version: String(cur.version),
		});
		assert.equal(r.status, 422);
		assert.ok(r.text.includes('value="smtp.example.com"'));
		assert.ok(r.text.includes('id="f-port-error"') && r.text.includes('id="f-from_address-error"'));
		// the test form
		const t = assertProblem(await admin.postJson('/auth/mail/test', { to: 'not an address', subject: '' }), 422);
		assert.deepEqual(Object.keys(t.errors).sort(), ['subject', 'to']);
		const f = await admin.postForm('/auth/mail/test', { to: 'x@', subject: 'kept subject' });
		assert.equal(f.status, 422);
		assert.ok(f.text.includes('value="kept subject"') && f.text.includes('id="f-to-error"'));
		assertProblem(await admin.getJson('/auth/mail?status=lost'), 422);
	});

	test('a CR/LF header injection is refused at every door', async () => {
		const before = sql(`SELECT count(*) FROM core.mail_messages WHERE to_address LIKE 'x@example.com%'`);
		const s = assertProblem(await admin.postJson('/auth/mail/test', {
			to: 'x@example.com', subject: 'Hello\r\nBcc: eve@example.com',
		}), 422);
		assert.match(s.errors.subject, /Line breaks/);
		const t = assertProblem(await admin.postJson('/auth/mail/test', {
			to: 'x@example.com\r\nBcc: eve@example.com', subject: 'Hello',
		}), 422);
		assert.ok(t.errors.to);
		const n = assertProblem(await admin.postJson('/auth/mail/settings', {
			...(await admin.getJson('/auth/mail/settings')).body, from_name: 'Hearth\nBcc: eve@example.com',
		}), 422);
		assert.ok(n.errors.from_name);
		assert.equal(sql(`SELECT count(*) FROM core.mail_messages WHERE to_address LIKE 'x@example.com%'`), before, 'nothing queued');
		// and in the database itself, whoever calls
		assert.throws(() => sql(`SELECT core.mail_enqueue('auth.mail_test', 'x@example.com', '',
			E'Hi\\r\\nBcc: eve@example.com', 't', 'h', NULL, '', NULL)`), /line break/);
		assert.throws(() => sql(`INSERT INTO core.mail_messages (kind, to_address, subject, body_text, body_html, message_id)
			VALUES ('auth.mail_test', E'x@example.com\\nBcc: eve@example.com', 's', 't', 'h', '<x@y>')`), /check constraint/);
		assert.ok(!received().some((m) => m.rcpt_tos.includes('eve@example.com')));
	});

	test('the log pages by keyset, newest first; the admin menu links it', async () => {
		const first = assertJson(await admin.getJson('/auth/mail?limit=2'), 200);
		assert.equal(first.items.length, 2);
		assert.ok(first.next);
		assert.ok(first.items[0].id > first.items[1].id);
		const second = assertJson(await admin.getJson(`/auth/mail?limit=2&after=${encodeURIComponent(first.next)}`), 200);
		assert.ok(second.items[0].id < first.items[1].id);
		const page = assertHtml(await admin.getHtml('/auth/mail'), 200);
		assert.ok(page.includes('href="/auth/mail"') && page.includes('href="/auth/worker"'));
		assert.ok(metaContent(page, 'csrf-token'));
	});
});
