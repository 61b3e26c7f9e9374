// People and sessions (issue 3), over HTTP against the real stack: the
// users admin, the forced password change, the password policy, own
// profile and sessions, sign-in throttling per client address, idle and
// absolute session timeouts, hearthctl create-user's policy.
//
// The database is changed directly (as its owner, with psql) only to make
// time pass: a session's last_seen_at or expires_at set back, failed
// sign-ins of an address dated. Throttling is tested from a random
// loopback address (127.x.y.z) of its own: the dev stack exempts
// 127.0.0.1, where people and every other test sign in from, both in
// nginx's limit_req and in the application's throttle (var/hearth.conf
// login_throttle_exempt), exactly so that they are never locked out; any
// other address is throttled as in production. nginx lets 21 sign-in
// POSTs through at once from such an address (burst 20), more than this
// test sends from one, so the 429s seen are the application's.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import {
	BASE, Client, USERS, PASSWORD, RUN, letters, signIn, loginFormToken, assertProblem, assertJson,
	assertHtml, assertRedirect, inputValue, textOf, parseCsv, listAll,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');

/** One statement as the database owner; the text of its rows. */
function sql(query) {
	return execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', query],
		{ encoding: 'utf8' }).trim();
}

/** The session id inside a client's session cookie (the JWT's sid claim). */
function sidOf(c) {
	const jwt = c.jar.get('hearth_session');
	assert.ok(jwt, 'no session cookie');
	const sid = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).sid;
	assert.match(sid, /^[0-9a-f-]{36}$/);
	return sid;
}

const TEMP_SHAPE = /^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}$/;
const STRONG = () => `amber ${letters(5)} violin ${letters(5)} 42`;

let admin;
before(async () => { admin = await signIn(USERS.admin); });

/** Create a user as admin over JSON: { user, temp } (the temporary password). */
async function createUser(role = 'viewer', name) {
	const tag = letters(8);
	const fields = { email: `u-${tag}-${RUN}@example.com`, name: name || `Pat ${tag} ${RUN}`, role };
	const r = await admin.postJson('/auth/users', fields);
	const body = assertJson(r, 201, 'create user');
	assert.equal(r.headers.get('location'), `/auth/users/${body.id}`);
	return { user: body, temp: body.temporary_password, email: fields.email };
}

/** Sign in over JSON: { c, r } (c keeps the cookie; no CSRF token loaded). */
async function signInJson(email, password) {
	const c = new Client();
	const token = await loginFormToken(c);
	const r = await c.postJson('/auth/login', { email, password, _csrf: token }, { csrf: false });
	return { c, r };
}

/** Sign in a user who must change their password: 303 to /auth/password; CSRF from that page. */
async function signInForced(email, password) {
	const c = new Client();
	const token = await loginFormToken(c);
	const r = await c.postForm('/auth/login', { email, password, _csrf: token, next: '/customers' });
	assert.equal(assertRedirect(r, 303, `forced sign-in ${email}`), '/auth/password');
	await c.loadCsrf('/auth/password');
	return c;
}

/** A user with their own password set (through the forced change): { user, email, password, c }. */
async function readyUser(role = 'viewer') {
	const { user, temp, email } = await createUser(role);
	const c = await signInForced(email, temp);
	const password = STRONG();
	assertJson(await c.postJson('/auth/password', { current_password: temp, password, password_confirm: password }), 200);
	await c.loadCsrf('/auth/profile');
	return { user, email, password, c };
}

describe('users admin', () => {
	test('only auth:admin: sales and viewers get 403 (JSON and HTML), signed out 401', async () => {
		for (const who of [USERS.sales, USERS.viewer, USERS.manager]) {
			const c = await signIn(who);
			assertProblem(await c.getJson('/auth/users'), 403, who);
			assert.equal((await c.getHtml('/auth/users')).status, 403);
			assertProblem(await c.postJson('/auth/users', { email: `x-${RUN}@example.com`, name: 'X', role: 'admin' }), 403);
			assertProblem(await c.getJson('/auth/users/1'), 403);
			assertProblem(await c.patchJson('/auth/users/1', { role: 'viewer', version: 1 }), 403);
		}
		assertProblem(await new Client().getJson('/auth/users'), 401);
		assertRedirect(await new Client().getHtml('/auth/users'), 303);
	});

	test('create: 201, the temporary password once, must change it; the user page never shows it', async () => {
		const { user, temp, email } = await createUser('sales');
		assert.match(temp, TEMP_SHAPE);
		assert.equal(user.email, email);
		assert.equal(user.role, 'sales');
		assert.equal(user.active, true);
		assert.equal(user.must_change_password, true);
		assert.equal(user.password_hash, undefined);
		const show = assertJson(await admin.getJson(`/auth/users/${user.id}`), 200);
		assert.equal(show.temporary_password, undefined);
		assert.ok(!JSON.stringify(show).includes(temp), 'the user page leaks the temporary password');
		assert.ok(show.audit.some((a) => a.action === 'user.create'), JSON.stringify(show.audit));
		assert.deepEqual(show.sessions, []);
		assert.ok(!(await admin.getHtml(`/auth/users/${user.id}`)).text.includes(temp));
		// Stored as an scrypt hash, not as sent.
		assert.match(sql(`SELECT password_hash FROM auth.users WHERE id = ${user.id}`), /^\$scrypt\$/);
	});

	test('create from the HTML form: 201 page with the password, not stored by the browser', async () => {
		const tag = letters(8);
		const r = await admin.postForm('/auth/users', { email: `f-${tag}-${RUN}@example.com`, name: `Form ${tag}`, role: 'viewer' });
		const html = assertHtml(r, 201, 'form create');
		assert.match(r.headers.get('cache-control') || '', /no-store/);
		const m = /<code[^>]*id="temporary-password"[^>]*>([^<]+)<\/code>/.exec(html);
		assert.ok(m, 'no temporary password on the page');
		assert.match(m[1], TEMP_SHAPE);
		assert.match(r.headers.get('location') || '', /^\/auth\/users\/\d+$/);
	});

	test('create refused: every field error at once; a taken email is a field error', async () => {
		const p = assertProblem(await admin.postJson('/auth/users', { email: 'not-an-email', name: '', role: 'wizard' }), 422);
		assert.ok(p.errors.email && p.errors.name && p.errors.role, JSON.stringify(p.errors));
		const { email } = await createUser();
		const dup = assertProblem(await admin.postJson('/auth/users', { email: email.toUpperCase(), name: 'Again', role: 'viewer' }), 422);
		assert.match(dup.errors.email, /already exists/);
		// The HTML form comes back with the values kept and the messages.
		const r = await admin.postForm('/auth/users', { email, name: 'Again', role: 'viewer' });
		const html = assertHtml(r, 422);
		assert.equal(inputValue(html, 'email'), email);
		assert.match(textOf(html), /already exists/);
	});

	test('list: search on name and email, role and active filters, keyset pages, CSV', async () => {
		const tag = letters(10);
		const made = [];
		for (const role of ['viewer', 'office', 'viewer']) {
			const { user } = await createUser(role, `Listy ${tag} ${made.length}`);
			made.push(user);
		}
		const all = await listAll(admin, `/auth/users?q=${tag}&limit=1&sort=name`);
		assert.deepEqual(all.map((u) => u.id), made.map((u) => u.id));
		assert.equal(all[0].password_hash, undefined);
		const byEmail = assertJson(await admin.getJson(`/auth/users?q=${encodeURIComponent(made[1].email.slice(0, 14))}`), 200);
		assert.ok(byEmail.items.some((u) => u.id === made[1].id), 'email search misses');
		const offices = assertJson(await admin.getJson(`/auth/users?q=${tag}&role=office`), 200);
		assert.deepEqual(offices.items.map((u) => u.id), [made[1].id]);
		assertJson(await admin.patchJson(`/auth/users/${made[2].id}`, { active: false, version: made[2].version }), 200);
		const active = assertJson(await admin.getJson(`/auth/users?q=${tag}&active=1`), 200);
		assert.deepEqual(active.items.map((u) => u.id), [made[0].id, made[1].id]);
		const inactive = assertJson(await admin.getJson(`/auth/users?q=${tag}&active=0`), 200);
		assert.deepEqual(inactive.items.map((u) => u.id), [made[2].id]);
		assertProblem(await admin.getJson('/auth/users?active=maybe'), 422);
		assertProblem(await admin.getJson('/auth/users?sort=password_hash'), 422);
		const csv = await admin.fetch(`/auth/users?q=${tag}&format=csv`);
		assert.equal(csv.status, 200);
		const rows = parseCsv(await csv.text());
		assert.deepEqual(rows[0].slice(0, 4), ['id', 'email', 'name', 'role']);
		assert.ok(!rows[0].includes('password_hash'));
		assert.equal(rows.length, 4, JSON.stringify(rows));
		const page = assertHtml(await admin.getHtml(`/auth/users?q=${tag}`), 200);
		assert.ok(page.includes(`/auth/users/${made[0].id}`));
	});

	test('edit: stale version → 409 with the current user; email cannot change; audited', async () => {
		const { user } = await createUser();
		const ok = assertJson(await admin.patchJson(`/auth/users/${user.id}`, { name: `Renamed ${RUN}`, version: user.version }), 200);
		assert.equal(ok.name, `Renamed ${RUN}`);
		assert.equal(ok.version, user.version + 1);
		const stale = assertProblem(await admin.patchJson(`/auth/users/${user.id}`, { role: 'office', version: user.version }), 409);
		assert.equal(stale.current.name, `Renamed ${RUN}`);
		assert.equal(stale.current.role, 'viewer');
		assertProblem(await admin.patchJson(`/auth/users/${user.id}`, { name: 'No version' }), 422);
		const em = assertProblem(await admin.patchJson(`/auth/users/${user.id}`, { email: `z-${RUN}@x.io`, version: ok.version }), 422);
		assert.ok(em.errors.email);
		assertProblem(await admin.patchJson('/auth/users/999999999', { name: 'x', version: 1 }), 404);
		// The HTML form shows the conflict with the saved value.
		const form = await admin.postForm(`/auth/users/${user.id}`, { _method: 'PATCH', name: 'Old form', role: 'viewer', active: '1', version: String(user.version) });
		assert.equal(form.status, 409);
		assert.match(textOf(form.text), /Someone else changed this user/);
		const show = assertJson(await admin.getJson(`/auth/users/${user.id}`), 200);
		assert.ok(show.audit.some((a) => a.action === 'user.update'));
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE entity = 'user' AND entity_id = ${user.id} AND action = 'user.update'`), '1');
	});

	test('deactivating signs the user out at once and refuses their sign-in', async () => {
		const u = await readyUser();
		const other = (await signInJson(u.email, u.password)).c;
		assertJson(await u.c.getJson('/auth/me'), 200);
		const cur = assertJson(await admin.getJson(`/auth/users/${u.user.id}`), 200);
		assert.equal(cur.sessions.length, 2);
		assertJson(await admin.patchJson(`/auth/users/${u.user.id}`, { active: false, version: cur.version }), 200);
		assertProblem(await u.c.getJson('/auth/me'), 401);
		assertProblem(await other.getJson('/customers'), 401);
		const again = await signInJson(u.email, u.password);
		assertProblem(again.r, 401);
		const after = assertJson(await admin.getJson(`/auth/users/${u.user.id}`), 200);
		assert.deepEqual(after.sessions, []);
		assert.ok(after.audit.some((a) => a.action === 'user.sessions_revoke'));
		// Back on: they sign in again.
		assertJson(await admin.patchJson(`/auth/users/${u.user.id}`, { active: true, version: after.version }), 200);
		assertJson((await signInJson(u.email, u.password)).r, 200);
	});

	test('an admin cannot deactivate themselves; the last active admin cannot be demoted', async () => {
		const me = assertJson(await admin.getJson('/auth/me'), 200);
		let cur = assertJson(await admin.getJson(`/auth/users/${me.id}`), 200);
		const self = assertProblem(await admin.patchJson(`/auth/users/${me.id}`, { active: false, version: cur.version }), 422);
		assert.match(self.errors.active, /your own account/);
		// Another admin can be demoted while this one remains.
		const { user: other } = await createUser('admin');
		assertJson(await admin.patchJson(`/auth/users/${other.id}`, { role: 'viewer', version: other.version }), 200);
		// Make this admin the last active one: the other active admins
		// (made by tests) are set inactive for a moment, then restored.
		const adminRoles = "SELECT role FROM auth.role_permissions WHERE permission = 'auth:admin'";
		const others = sql(`UPDATE auth.users SET active = false WHERE active AND id <> ${me.id} AND role IN (${adminRoles}) RETURNING id`)
			.split('\n').filter(Boolean).map(Number);
		try {
			cur = assertJson(await admin.getJson(`/auth/users/${me.id}`), 200);
			const last = assertProblem(await admin.patchJson(`/auth/users/${me.id}`, { role: 'viewer', version: cur.version }), 422);
			assert.match(last.errors.role, /last active administrator/);
			assert.equal(sql(`SELECT role FROM auth.users WHERE id = ${me.id}`), 'admin');
		} finally {
			if (others.length) sql(`UPDATE auth.users SET active = true WHERE id IN (${others.join(',')})`);
			sql(`UPDATE auth.users SET role = 'admin', active = true WHERE id = ${me.id} AND (role <> 'admin' OR NOT active)`);
		}
		assertJson(await admin.getJson('/auth/users?limit=1'), 200);
	});

	test('admin sets a temporary password: sessions revoked, must change; a typed weak one is refused', async () => {
		const u = await readyUser();
		const weak = assertProblem(await admin.postJson(`/auth/users/${u.user.id}/password`, { password: 'short' }), 422);
		assert.match(weak.errors.password, /at least 12 characters/);
		assertJson(await u.c.getJson('/auth/me'), 200);   // nothing happened
		const r = assertJson(await admin.postJson(`/auth/users/${u.user.id}/password`, {}), 200);
		assert.match(r.temporary_password, TEMP_SHAPE);
		assert.equal(r.must_change_password, true);
		assertProblem(await u.c.getJson('/auth/me'), 401);
		assertProblem((await signInJson(u.email, u.password)).r, 401);
		const c = await signInForced(u.email, r.temporary_password);
		assert.ok(c);
		// An admin cannot do this to themselves (their own password page is the way).
		const me = assertJson(await admin.getJson('/auth/me'), 200);
		assertProblem(await admin.postJson(`/auth/users/${me.id}/password`, {}), 422);
		assertProblem(await admin.postJson('/auth/users/999999999/password', {}), 404);
	});

	test('admin revokes one session, then all of a user\'s sessions', async () => {
		const u = await readyUser();
		const second = (await signInJson(u.email, u.password)).c;
		const third = (await signInJson(u.email, u.password)).c;
		assertProblem(await admin.deleteJson(`/auth/users/${u.user.id}/sessions/${sidOf(admin)}`), 404);
		assert.equal((await admin.deleteJson(`/auth/users/${u.user.id}/sessions/${sidOf(second)}`)).status, 204);
		assertProblem(await second.getJson('/auth/me'), 401);
		assertJson(await third.getJson('/auth/me'), 200);
		const all = assertJson(await admin.deleteJson(`/auth/users/${u.user.id}/sessions`), 200);
		assert.equal(all.sessions_revoked, 2);
		assertProblem(await third.getJson('/auth/me'), 401);
		assertProblem(await u.c.getJson('/auth/me'), 401);
		assertJson(await admin.getJson('/auth/me'), 200);
	});
});

describe('forced password change and the policy', () => {
	let u;   // { user, temp, email, c }
	before(async () => {
		const made = await createUser('viewer', `Quincy Zebulon ${letters(4)}`);
		u = { ...made, c: await signInForced(made.email, made.temp) };
	});

	test('until changed, every other route answers 303 to /auth/password (HTML) or 403 (JSON)', async () => {
		const html = await u.c.getHtml('/customers');
		assert.equal(assertRedirect(html, 303), '/auth/password');
		assert.equal(assertRedirect(await u.c.getHtml('/auth/profile'), 303), '/auth/password');
		const p = assertProblem(await u.c.getJson('/customers'), 403);
		assert.match(p.detail, /password change required/i);
		assertProblem(await u.c.getJson('/auth/sessions'), 403);
		assertProblem(await u.c.patchJson('/auth/profile', { name: 'x', version: 1 }), 403);
		const me = assertJson(await u.c.getJson('/auth/me'), 200);
		assert.equal(me.email, u.email);
		const form = assertJson(await u.c.getJson('/auth/password'), 200);
		assert.equal(form.must_change_password, true);
		assert.equal(form.policy.min_characters, 12);
		assertHtml(await u.c.getHtml('/auth/password'), 200);
		// JSON sign-in says so too.
		const j = await signInJson(u.email, u.temp);
		assert.equal(assertJson(j.r, 200).user.must_change_password, true);
	});

	test('refused: short, common, containing the name or email, with every message at once', async () => {
		const post = (password, confirm = password, current = u.temp) =>
			u.c.postJson('/auth/password', { current_password: current, password, password_confirm: confirm });
		const short = assertProblem(await post('password'), 422);
		assert.match(short.errors.password, /at least 12 characters/);
		assert.match(short.errors.password, /most common passwords/);
		const common = assertProblem(await post('1qaz2wsx3edc'), 422);
		assert.match(common.errors.password, /most common passwords/);
		assert.doesNotMatch(common.errors.password, /12 characters/);
		const named = assertProblem(await post('zebulon-rides-again'), 422);
		assert.match(named.errors.password, /your name/);
		const local = u.email.split('@')[0];
		const mailed = assertProblem(await post(`x${local}x`), 422);
		assert.match(mailed.errors.password, /email/);
		const all = assertProblem(await post('Quincy', 'other', 'wrong current'), 422);
		assert.match(all.errors.password, /12 characters/);
		assert.match(all.errors.password, /your name/);
		assert.match(all.errors.current_password, /not your current password/);
		assert.match(all.errors.password_confirm, /differ/);
		const same = assertProblem(await post(u.temp), 422);
		assert.match(same.errors.password, /different from your current/);
		// The HTML form again, 422, each message by its field, nothing echoed.
		const r = await u.c.postForm('/auth/password', { current_password: u.temp, password: 'password', password_confirm: 'password' });
		const html = assertHtml(r, 422);
		assert.match(textOf(html), /at least 12 characters/);
		assert.match(textOf(html), /most common passwords/);
		assert.ok(!html.includes(u.temp), 'the page echoes the current password');
		// Still forced.
		assertProblem(await u.c.getJson('/customers'), 403);
	});

	test('change: succeeds, clears the gate, kills the other sessions and keeps this one', async () => {
		const other = (await signInJson(u.email, u.temp)).c;
		assertJson(await other.getJson('/auth/me'), 200);
		const password = STRONG();
		const r = await u.c.postForm('/auth/password', { current_password: u.temp, password, password_confirm: password });
		assertRedirect(r, 303);
		assertJson(await u.c.getJson('/customers'), 200);
		assertProblem(await other.getJson('/auth/me'), 401);
		assert.equal(assertJson(await u.c.getJson('/auth/profile'), 200).must_change_password, false);
		assertProblem((await signInJson(u.email, u.temp)).r, 401);
		const fresh = await signInJson(u.email, password);
		assert.equal(assertJson(fresh.r, 200).user.must_change_password, false);
		const changes = sql(`SELECT count(*) FROM core.audit WHERE entity = 'user' AND entity_id = ${u.user.id} AND action = 'user.password_change'`);
		assert.equal(changes, '1');
	});
});

describe('own profile and sessions', () => {
	test('profile: read, rename (409 when stale), admin-only fields refused', async () => {
		const u = await readyUser('sales');
		const p = assertJson(await u.c.getJson('/auth/profile'), 200);
		assert.equal(p.email, u.email);
		assert.equal(p.role, 'sales');
		assert.ok(p.permissions.includes('customers:write'));
		assert.equal(p.password_hash, undefined);
		const ok = assertJson(await u.c.patchJson('/auth/profile', { name: `Self ${RUN}`, version: p.version }), 200);
		assert.equal(ok.name, `Self ${RUN}`);
		assertProblem(await u.c.patchJson('/auth/profile', { name: 'Stale', version: p.version }), 409);
		const role = assertProblem(await u.c.patchJson('/auth/profile', { name: 'X', role: 'admin', version: ok.version }), 422);
		assert.ok(role.errors.role);
		assert.equal(sql(`SELECT role FROM auth.users WHERE id = ${u.user.id}`), 'sales');
		const html = assertHtml(await u.c.getHtml('/auth/profile'), 200);
		assert.equal(inputValue(html, 'name'), `Self ${RUN}`);
	});

	test('sessions: listed with this one marked; revoke another; another user\'s id → 404', async () => {
		const u = await readyUser();
		const second = (await signInJson(u.email, u.password)).c;
		const list = assertJson(await u.c.getJson('/auth/sessions'), 200);
		assert.equal(list.items.length, 2);
		const mine = list.items.find((s) => s.current);
		assert.equal(mine.id, sidOf(u.c));
		assert.equal(list.items.filter((s) => s.current).length, 1);
		for (const s of list.items) {
			assert.ok(s.created_at && s.last_seen_at && s.expires_at, JSON.stringify(s));
			assert.equal(s.client_ip, '127.0.0.1');
			assert.equal(typeof s.browser, 'string');
		}
		const page = assertHtml(await u.c.getHtml('/auth/sessions'), 200);
		assert.match(textOf(page), /This session/);
		assertProblem(await u.c.deleteJson(`/auth/sessions/${sidOf(admin)}`), 404);
		assertJson(await admin.getJson('/auth/me'), 200);
		assertProblem(await u.c.deleteJson('/auth/sessions/not-a-session'), 404);
		const secondSid = sidOf(second);
		assert.equal((await u.c.deleteJson(`/auth/sessions/${secondSid}`)).status, 204);
		assertProblem(await second.getJson('/auth/me'), 401);
		assertProblem(await u.c.deleteJson(`/auth/sessions/${secondSid}`), 404);
		// Revoking this session signs out here.
		assert.equal((await u.c.deleteJson(`/auth/sessions/${sidOf(u.c)}`)).status, 204);
		assertProblem(await u.c.getJson('/auth/me'), 401);
	});

	test('idle timeout: a session unused for 61 minutes is refused; last_seen_at refreshed at most once a minute', async () => {
		const u = await readyUser();
		const sid = sidOf(u.c);
		sql(`UPDATE auth.sessions SET last_seen_at = now() - interval '5 minutes' WHERE id = '${sid}'`);
		assertJson(await u.c.getJson('/auth/me'), 200);
		assert.equal(sql(`SELECT now() - last_seen_at < interval '10 seconds' FROM auth.sessions WHERE id = '${sid}'`), 't');
		sql(`UPDATE auth.sessions SET last_seen_at = now() - interval '30 seconds' WHERE id = '${sid}'`);
		const before30 = sql(`SELECT last_seen_at FROM auth.sessions WHERE id = '${sid}'`);
		assertJson(await u.c.getJson('/auth/me'), 200);
		assert.equal(sql(`SELECT last_seen_at FROM auth.sessions WHERE id = '${sid}'`), before30, 'refreshed within the minute');
		sql(`UPDATE auth.sessions SET last_seen_at = now() - interval '61 minutes' WHERE id = '${sid}'`);
		const html = await u.c.clone().getHtml('/customers');
		const loc = assertRedirect(html, 303);
		assert.match(loc, /^\/auth\/login\?next=/);
		assertProblem(await u.c.getJson('/auth/me'), 401);
		assert.ok(!u.c.jar.has('hearth_session'), 'the refused cookie is not cleared');
		// Not revived by the attempt.
		assert.equal(sql(`SELECT now() - last_seen_at > interval '60 minutes' FROM auth.sessions WHERE id = '${sid}'`), 't');
	});

	test('absolute timeout: past expires_at the session is refused', async () => {
		const u = await readyUser();
		const sid = sidOf(u.c);
		sql(`UPDATE auth.sessions SET expires_at = now() - interval '1 second' WHERE id = '${sid}'`);
		assertProblem(await u.c.getJson('/auth/me'), 401);
	});
});

// ---- throttling per client address ------------------------------------------------

const url = new URL(BASE);

/** A request from another loopback source address (node:http localAddress). */
function fromAddress(addr, method, path, { headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request({
			host: url.hostname, port: url.port || 80, path, method, headers, localAddress: addr,
		}, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (d) => { text += d; });
			res.on('end', () => {
				let json = null;
				try { json = JSON.parse(text); } catch { json = null; }
				resolve({ status: res.statusCode, headers: new Headers(Object.entries(res.headers).map(([k, v]) => [k, String(v)])), text, body: json });
			});
		});
		req.on('error', reject);
		if (body) req.write(body);
		req.end();
	});
}

function randomLoopback() {
	const b = randomBytes(3);
	return `127.${1 + (b[0] % 250)}.${b[1]}.${1 + (b[2] % 250)}`;
}

describe('sign-in throttling per client address', () => {
	let pre, token;
	before(async () => {
		const c = new Client();
		token = await loginFormToken(c);
		pre = c.jar.get('hearth_pre');
	});
	const login = (addr, email, password, html = false) => {
		if (html) {
			const body = new URLSearchParams({ email, password, _csrf: token, next: '/customers' }).toString();
			return fromAddress(addr, 'POST', '/auth/login', {
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', Cookie: `hearth_pre=${pre}` }, body,
			});
		}
		return fromAddress(addr, 'POST', '/auth/login', {
			headers: { 'Content-Type': 'application/json', Accept: 'application/json', Cookie: `hearth_pre=${pre}` },
			body: JSON.stringify({ email, password, _csrf: token }),
		});
	};
	const failures = (addr) => Number(sql(`SELECT count(*) FROM auth.login_attempts WHERE ip = '${addr}'`));

	test("over nginx's sign-in limit a browser gets the form again, saying why; scripts keep problem+json", async () => {
		const addr = randomLoopback();
		// nginx lets 21 POSTs from an address through at once (burst 20),
		// then refuses them until its pace (10 a minute) allows another.
		// Sent together, so the limit is met however slowly the responder
		// answers (valgrind); empty fields, so it answers without hashing.
		const answers = await Promise.all(Array.from({ length: 26 }, () => login(addr, '', '', true)));
		const statuses = answers.map((a) => `${a.status}:${a.headers.get('location') || ''}`).join(' ');
		const sentBack = answers.filter((a) => a.status === 303 && a.headers.get('location') === '/auth/login?throttled=1');
		assert.ok(sentBack.length >= 2, `nginx never limited the browser: ${statuses}`);
		for (const a of answers)
			assert.ok(!(a.headers.get('content-type') || '').includes('json'), `JSON to a browser: ${a.status} ${a.text.slice(0, 120)}`);
		const page = await new Client().getHtml('/auth/login?throttled=1');
		assertHtml(page, 200);
		assert.match(page.text, /<input\b[^>]*\bname="password"/);
		assert.ok(textOf(page.text).includes('Too many sign-in attempts from this address'), textOf(page.text).slice(0, 300));
		assert.ok(!textOf((await new Client().getHtml('/auth/login')).text).includes('Too many sign-in attempts'));
		// A script from the same address: problem+json, as before.
		const script = await login(addr, '', '');
		assertProblem(script, 429, 'script over the limit');
		assert.match(script.headers.get('content-type'), /^application\/problem\+json/);
	});

	test('more than 20 failures in 15 minutes: 429 with the same words as a wrong password, even for the right one', async () => {
		const addr = randomLoopback();
		const wrong = await login(addr, USERS.viewer, 'not-the-password-at-all');
		assertProblem(wrong, 401, 'first failure');
		assert.equal(failures(addr), 1, 'the failure was not recorded for the address');
		const wrongDetail = wrong.body.detail;
		// 18 more failures from this address, dated within the window: 19.
		sql(`INSERT INTO auth.login_attempts (ip, at) SELECT '${addr}', now() - interval '10 minutes' FROM generate_series(1, 18)`);
		assertProblem(await login(addr, `nobody-${RUN}@example.com`, 'still-not-it'), 401, '20th failure');
		assertProblem(await login(addr, USERS.viewer, 'and-not-this'), 401, '21st failure');
		assert.equal(failures(addr), 21);
		// Now refused, whatever is sent, in the same words.
		const refused = assertProblem(await login(addr, USERS.viewer, 'wrong-again-here'), 429, 'throttled, wrong password');
		assert.equal(refused.detail, wrongDetail);
		const rightRes = await login(addr, USERS.viewer, PASSWORD);
		const right = assertProblem(rightRes, 429, 'throttled, right password');
		assert.equal(right.detail, wrongDetail);
		const unknown = assertProblem(await login(addr, `ghost-${RUN}@example.com`, PASSWORD), 429, 'throttled, unknown email');
		assert.equal(unknown.detail, wrongDetail);
		assert.ok(!(rightRes.headers.get('set-cookie') || '').includes('hearth_session='), 'a session was given');
		// HTML: the form again with 429 and that message.
		const page = await login(addr, USERS.viewer, PASSWORD, true);
		assert.equal(page.status, 429, page.text.slice(0, 200));
		assert.match(page.text, /<input\b[^>]*\bname="password"/);
		assert.ok(textOf(page.text).includes(wrongDetail));
		// Refused attempts are not counted: the window ends when the failures age out.
		assert.equal(failures(addr), 21);
		// Other addresses are not affected.
		assertJson((await signInJson(USERS.viewer, PASSWORD)).r, 200);
		// Fifteen minutes later (the failures dated back), the address may try again.
		sql(`UPDATE auth.login_attempts SET at = now() - interval '16 minutes' WHERE ip = '${addr}'`);
		const ok = await login(addr, USERS.viewer, PASSWORD);
		assertJson(ok, 200, 'after the window');
	});

	test('old failures are pruned; a successful sign-in forgives its own account\'s failures from there', async () => {
		const addr = randomLoopback();
		sql(`INSERT INTO auth.login_attempts (ip, at) SELECT '${addr}', now() - interval '20 minutes' FROM generate_series(1, 25)`);
		const oldBefore = Number(sql("SELECT count(*) FROM auth.login_attempts WHERE at < now() - interval '15 minutes'"));
		assertProblem(await login(addr, USERS.viewer, 'wrong-password-old'), 401, 'old failures do not count');
		const oldAfter = Number(sql("SELECT count(*) FROM auth.login_attempts WHERE at < now() - interval '15 minutes'"));
		assert.ok(oldAfter < oldBefore, `old rows not pruned: ${oldBefore} → ${oldAfter}`);
		const u = await readyUser();
		const addr2 = randomLoopback();
		assertProblem(await login(addr2, u.email, 'typo-typo-typo-1'), 401);
		assertProblem(await login(addr2, `stranger-${RUN}@example.com`, 'typo-typo-typo-2'), 401);
		assert.equal(failures(addr2), 2);
		assertJson(await login(addr2, u.email, u.password), 200);
		assert.equal(failures(addr2), 1, 'the unknown account\'s failure stays, the user\'s is forgiven');
	});
});

// ---- hearthctl create-user ---------------------------------------------------------

describe('hearthctl create-user', () => {
	const ctl = (args, input) => spawnSync(`${ROOT}/tools/hearthctl`, args, { cwd: ROOT, input, encoding: 'utf8' });

	test('applies the same password policy, every message at once', () => {
		const email = `ctl-${letters(6)}-${RUN}@example.com`;
		const bad = ctl(['create-user', email, '--role', 'viewer', '--name', 'Ctl Mariposa'], 'mariposa\n');
		assert.equal(bad.status, 1, bad.stderr);
		assert.match(bad.stderr, /at least 12 characters/);
		assert.match(bad.stderr, /your name/);
		assert.equal(sql(`SELECT count(*) FROM auth.users WHERE lower(email) = lower('${email}')`), '0');
		const common = ctl(['create-user', email, '--role', 'viewer', '--name', 'Ctl User'], 'qwerty123456\n');
		assert.equal(common.status, 1, common.stderr);
		assert.match(common.stderr, /most common passwords/);
		const good = ctl(['create-user', email, '--role', 'viewer', '--name', 'Ctl User'], `${STRONG()}\n`);
		assert.equal(good.status, 0, good.stderr);
		assert.equal(sql(`SELECT count(*) FROM auth.users WHERE lower(email) = lower('${email}')`), '1');
	});
});

