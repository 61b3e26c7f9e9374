// Machine access (issue 3), over HTTP against the real stack: personal API
// tokens (hearthctl and /auth/tokens), OAuth2 client credentials
// (/auth/oauth/token, /auth/oauth/clients) and the bearer rules every
// responder obeys: no CSRF, never a cookie, scopes narrow and never widen,
// a bad bearer is a 401 with WWW-Authenticate, never a signed-out answer.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { assertConforms } from '../lib/contract.mjs';
import {
	BASE, Client, USERS, RUN, signIn, assertProblem, assertJson, assertHtml, assertRedirect, inputValue, textOf,
} from '../lib/client.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/+$/, '');

// ---- helpers ------------------------------------------------------------------------

/** hearthctl in the repo root (where the stack's var/hearth.conf is): { status, stdout, stderr }. */
function hearthctl(...args) {
	const r = spawnSync(`${ROOT}/tools/hearthctl`, args, { cwd: ROOT, encoding: 'utf8' });
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A token made with hearthctl token create (a day long: tests leave no long-lived tokens); returns it. */
function ctlToken(email, scopes, name = `test ${RUN}`, days = 1) {
	const args = ['token', 'create', email, '--scopes', scopes, '--name', name, '--days', String(days)];
	const r = hearthctl(...args);
	assert.equal(r.status, 0, `hearthctl ${args.join(' ')}: ${r.stderr}`);
	return r.stdout.trim();
}

/** SQL as the database owner (psql over the stack's socket); the text of the answer. */
function sql(query) {
	return execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', query],
		{ encoding: 'utf8' }).trim();
}

const sha256hex = (s) => createHash('sha256').update(s).digest('hex');

/** The stack's configuration (var/hearth.conf): to forge tokens the way only the server could. */
function conf(key) {
	const text = readFileSync(`${ROOT}/var/hearth.conf`, 'utf8');
	let v;
	for (const line of text.split('\n')) {
		const m = /^\s*([a-z_.]+)\s*=\s*(.*?)\s*$/.exec(line);
		if (m && m[1] === key) v = m[2];
	}
	return v;
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** header.payload.signature with HMAC-SHA256 under key (a Buffer), or unsigned when key is null. */
function jwt(header, claims, key) {
	const head = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
	if (key === null) return `${head}.`;
	return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

const sessionKey = () => Buffer.from(conf('jwt_secret'), 'hex');
const accessKey = () => createHmac('sha256', sessionKey()).update('oauth-access-v1').digest();

/** A client that sends only a bearer token (no cookie jar is ever used). */
function bearer(token) {
	const headers = { Authorization: `Bearer ${token}` };
	const c = new Client();
	return {
		get: (path) => c.getJson(path, { headers }),
		getHtml: (path) => c.getHtml(path, { headers }),
		post: (path, body) => c.postJson(path, body, { headers, csrf: false }),
		postForm: (path, fields) => c.postForm(path, fields, { headers, csrf: false }),
		del: (path) => c.deleteJson(path, { headers, csrf: false }),
	};
}

/** Assert a 401 for a bad bearer: problem+json and WWW-Authenticate: Bearer error="invalid_token". */
function assertBadBearer(r, what) {
	assertProblem(r, 401, what);
	const wa = r.headers.get('www-authenticate') || '';
	assert.match(wa, /^Bearer /, `${what}: WWW-Authenticate ${wa}`);
	assert.match(wa, /error="invalid_token"/, `${what}: WWW-Authenticate ${wa}`);
	assertNoCookie(r, what);
}

function assertNoCookie(r, what = '') {
	const lines = typeof r.headers.getSetCookie === 'function' ? r.headers.getSetCookie() : [];
	assert.deepEqual(lines, [], `${what}: a bearer answer set cookies`);
	assert.equal(r.headers.get('set-cookie'), null, `${what}: Set-Cookie on a bearer answer`);
}

/** POST /auth/oauth/token: fields as a form; basic = [id, secret] for HTTP Basic. */
async function tokenRequest(fields, { basic, headers = {}, body } = {}) {
	const h = { ...headers };
	if (basic) h.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(basic[0])}:${encodeURIComponent(basic[1])}`).toString('base64')}`;
	if (body === undefined) h['Content-Type'] = 'application/x-www-form-urlencoded';
	const sent = body !== undefined ? body : new URLSearchParams(fields).toString();
	const res = await fetch(`${BASE}/auth/oauth/token`, { method: 'POST', headers: h, redirect: 'manual', body: sent });
	await assertConforms(BASE, { method: 'POST', url: `${BASE}/auth/oauth/token`, res, requestBody: sent });   // /openapi.json
	const text = await res.text();
	let json = null;
	try { json = JSON.parse(text); } catch { /* not JSON */ }
	return { res, status: res.status, headers: res.headers, text, body: json };
}

function assertOAuthError(r, status, error, what = '') {
	assert.equal(r.status, status, `${what} ${r.status} ${r.text}`);
	assert.match(r.headers.get('content-type') || '', /^application\/json/, `${what} content-type`);
	assert.equal(r.body?.error, error, `${what} ${r.text}`);
	assert.equal(typeof r.body.error_description, 'string');
	assert.match(r.headers.get('cache-control') || '', /no-store/, `${what} cache-control`);
	if (status === 401) assert.match(r.headers.get('www-authenticate') || '', /^Basic /, `${what} WWW-Authenticate`);
	assertNoCookie(r, what);
}

// ---- personal tokens from hearthctl --------------------------------------------------------

describe('hearthctl token create', () => {
	test('prints the token once; only its hash is stored; it reads customers as JSON without a cookie', async () => {
		const r = hearthctl('token', 'create', USERS.sales, '--scopes', 'customers:read', '--name', `ctl ${RUN}`, '--days', '7');
		assert.equal(r.status, 0, r.stderr);
		const tok = r.stdout.trim();
		assert.match(tok, /^hth_[A-Za-z0-9_-]{43}$/, 'stdout is the token alone');
		assert.equal(r.stdout, `${tok}\n`);
		assert.match(r.stderr, /shown only now/);
		assert.doesNotMatch(r.stderr, new RegExp(tok.slice(12)), 'the token is not repeated on stderr');
		// stored: its SHA-256 and its first 12 characters, never the token
		const row = sql(`SELECT prefix || '|' || array_to_string(scopes, ',') || '|' || (expires_at - created_at < interval '7 days 1 minute')::text
			FROM auth.api_tokens WHERE token_hash = '${sha256hex(tok)}'`);
		assert.equal(row, `${tok.slice(0, 12)}|customers:read|true`);
		assert.equal(sql(`SELECT count(*) FROM auth.api_tokens WHERE token_hash = '${tok.replace(/'/g, '')}' OR prefix = '${tok.replace(/'/g, '')}'`), '0');
		const g = await bearer(tok).get('/customers?limit=2');
		const body = assertJson(g, 200, 'bearer GET /customers');
		assert.ok(Array.isArray(body.items));
		assertNoCookie(g, 'bearer GET');
		// HTML asked for: the page, still without a cookie (no CSRF seed, no session)
		const h = await bearer(tok).getHtml('/customers');
		assertHtml(h, 200, 'bearer HTML GET');
		assertNoCookie(h, 'bearer HTML GET');
	});

	test('bad command lines are refused, nothing is created', () => {
		const before = sql('SELECT count(*) FROM auth.api_tokens');
		const cases = [
			[['token', 'create', USERS.sales, '--scopes', 'customers:read', '--name', 'x', '--days', '0'], 2, /1 to 365/],
			[['token', 'create', USERS.sales, '--scopes', 'customers:read', '--name', 'x', '--days', '366'], 2, /1 to 365/],
			[['token', 'create', USERS.sales, '--scopes', 'customers:read', '--name', 'x', '--days', 'never'], 2, /always expire/],
			[['token', 'create', USERS.sales, '--scopes', 'customers:admin', '--name', 'x'], 2, /customers:admin/],
			[['token', 'create', USERS.sales, '--scopes', 'bogus:read', '--name', 'x'], 2, /bogus:read/],
			[['token', 'create', USERS.sales, '--scopes', '', '--name', 'x'], 2, /at least one/],
			[['token', 'create', USERS.sales, '--name', 'x'], 2, /--scopes/],
			[['token', 'create', USERS.sales, '--scopes', 'customers:read'], 2, /--name/],
			[['token', 'list'], 2, /create/],
			[['token', 'create', `nobody-${RUN}@demo.hearth`, '--scopes', 'customers:read', '--name', 'x'], 1, /no user/],
		];
		for (const [args, status, msg] of cases) {
			const r = hearthctl(...args);
			assert.equal(r.status, status, `${args.join(' ')}: ${r.status} ${r.stderr}`);
			assert.match(r.stderr, msg, args.join(' '));
			assert.equal(r.stdout, '', `${args.join(' ')} printed a token`);
		}
		assert.equal(sql('SELECT count(*) FROM auth.api_tokens'), before);
	});
});

// ---- what a bearer may do ------------------------------------------------------------------

describe('bearer requests', () => {
	test('a write token posts without CSRF and the answer has no Set-Cookie (JSON and form)', async () => {
		const tok = ctlToken(USERS.sales, 'customers:write');
		const b = bearer(tok);
		const r = await b.post('/customers', { name: `Bearer Co ${RUN}` });
		const c = assertJson(r, 201, 'bearer POST /customers');
		assert.equal(c.name, `Bearer Co ${RUN}`);
		assertNoCookie(r, 'bearer POST');
		// a browser-style form post (which would flash a message by cookie) gets none either
		const f = await b.postForm('/customers', { name: `Bearer Form ${RUN}` });
		assertRedirect(f, 303, 'bearer form POST');
		assertNoCookie(f, 'bearer form POST');
		// the audit row names the token's user
		assert.equal(sql(`SELECT actor FROM core.audit WHERE action = 'customer.create' AND entity_id = ${c.id}`), USERS.sales);
	});

	test('a customers:read token gets 403 on POST /customers', async () => {
		const tok = ctlToken(USERS.sales, 'customers:read');
		const b = bearer(tok);
		assertJson(await b.get('/customers?limit=1'), 200);
		const r = await b.post('/customers', { name: `Read only ${RUN}` });
		const p = assertProblem(r, 403, 'read token POST');
		assert.match(p.detail, /customers:write/);
		assertNoCookie(r);
	});

	test("a viewer's token with customers:write still gets 403 (scopes narrow, never widen)", async () => {
		const tok = ctlToken(USERS.viewer, 'customers:write');
		const b = bearer(tok);
		assertJson(await b.get('/customers?limit=1'), 200, 'viewer token read');
		assertProblem(await b.post('/customers', { name: `Viewer write ${RUN}` }), 403, 'viewer token write');
	});

	test('a token without a scope for the family gets 403, and no token can reach admin routes', async () => {
		const tok = ctlToken(USERS.admin, 'sales:read,auth:write');
		const b = bearer(tok);
		assertProblem(await b.get('/customers?limit=1'), 403, 'no customers scope');
		assertProblem(await b.get('/auth/oauth/clients'), 403, 'admin route by token');
		// an admin's token is not an admin: ?all=1 lists only its own user's tokens
		const all = assertJson(await b.get('/auth/tokens?all=1&limit=200'), 200);
		assert.ok(all.items.length > 0 && all.items.every((i) => i.user_email === USERS.admin), 'admin token saw others');
	});

	test('garbage, malformed, alg-none, wrong-key and unknown bearers are 401 with WWW-Authenticate', async () => {
		const claims = {
			iss: conf('public_url') || 'hearth', sub: 'hthc_AAAAAAAAAAAAAAAA', aud: 'hearth', scope: 'customers:read',
			iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600, jti: 'x',
		};
		const bad = {
			'garbage': 'garbage',
			'hth_ too short': 'hth_garbage',
			'unknown hth_ token': `hth_${b64url(randomBytes(32))}`,
			'bad characters': 'abc$def',
			'alg none': jwt({ alg: 'none', typ: 'JWT' }, claims, null),
			'wrong key': jwt({ alg: 'HS256', typ: 'JWT' }, claims, randomBytes(32)),
			'session key for an access token': jwt({ alg: 'HS256', typ: 'JWT' }, claims, sessionKey()),
			'valid signature, unknown client': jwt({ alg: 'HS256', typ: 'JWT' }, claims, accessKey()),
		};
		for (const [what, tok] of Object.entries(bad)) {
			assertBadBearer(await bearer(tok).get('/customers'), what);
			// an HTML client is not sent to the sign-in page: the script must see the 401
			const h = await bearer(tok).getHtml('/customers');
			assert.equal(h.status, 401, `${what} (HTML): ${h.status}`);
			assert.match(h.headers.get('www-authenticate') || '', /invalid_token/);
		}
		// "Bearer" with nothing after it
		const c = new Client();
		assertBadBearer(await c.getJson('/customers', { headers: { Authorization: 'Bearer' } }), 'empty bearer');
		assertBadBearer(await c.getJson('/customers', { headers: { Authorization: 'Bearer    ' } }), 'blank bearer');
	});

	test('a bad bearer is refused even with a good session cookie (no fallback)', async () => {
		const s = await signIn(USERS.sales);
		const r = await s.getJson('/customers', { headers: { Authorization: 'Bearer hth_nope' } });
		assertBadBearer(r, 'bad bearer + cookie');
		// and a good bearer is used, not the cookie: the token's narrower scope decides
		const tok = ctlToken(USERS.sales, 'customers:read');
		const w = await s.postJson('/customers', { name: `Cookie and token ${RUN}` }, { headers: { Authorization: `Bearer ${tok}` } });
		assertProblem(w, 403, 'bearer wins over cookie');
		assertNoCookie(w);
	});

	test('revoked → 401; expired → 401; a deactivated user\'s token → 401', async () => {
		const s = await signIn(USERS.sales);
		const r = await s.postJson('/auth/tokens', { name: `revoke me ${RUN}`, scopes: ['customers:read'] });
		const t = assertJson(r, 201, 'create for revoke');
		assertJson(await bearer(t.token).get('/customers?limit=1'), 200, 'before revoke');
		const d = await s.deleteJson(`/auth/tokens/${t.id}`);
		const rec = assertJson(d, 200, 'revoke');
		assert.equal(rec.status, 'revoked');
		assert.ok(rec.revoked_at);
		assertBadBearer(await bearer(t.token).get('/customers?limit=1'), 'revoked');
		// again: nothing changes
		assert.equal(assertJson(await s.deleteJson(`/auth/tokens/${t.id}`), 200).status, 'revoked');

		const tok = ctlToken(USERS.sales, 'customers:read');
		assertJson(await bearer(tok).get('/customers?limit=1'), 200, 'before expiry');
		sql(`UPDATE auth.api_tokens SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second'
			WHERE token_hash = '${sha256hex(tok)}'`);
		assertBadBearer(await bearer(tok).get('/customers?limit=1'), 'expired');

		// a user deactivated after the token was made: refused at once
		const email = `robot-${RUN}@demo.hearth`;
		const u = spawnSync(`${ROOT}/tools/hearthctl`, ['create-user', email, '--role', 'sales', '--name', `Robot ${RUN}`],
			{ cwd: ROOT, encoding: 'utf8', input: `${b64url(randomBytes(18))}\n` });
		assert.equal(u.status, 0, u.stderr);
		const rt = ctlToken(email, 'customers:read');
		assertJson(await bearer(rt).get('/customers?limit=1'), 200, 'before deactivation');
		sql(`UPDATE auth.users SET active = false WHERE email = '${email}'`);
		assertBadBearer(await bearer(rt).get('/customers?limit=1'), 'deactivated user');
		const again = hearthctl('token', 'create', email, '--scopes', 'customers:read', '--name', 'x');
		assert.equal(again.status, 1, 'no token for a deactivated user');
		assert.match(again.stderr, /deactivated/);
	});

	test('last use is recorded at most once a minute, with one audit row', async () => {
		const tok = ctlToken(USERS.sales, 'customers:read');
		const id = sql(`SELECT id FROM auth.api_tokens WHERE token_hash = '${sha256hex(tok)}'`);
		assert.equal(sql(`SELECT last_used_at IS NULL FROM auth.api_tokens WHERE id = ${id}`), 't');
		for (let i = 0; i < 3; i++) assertJson(await bearer(tok).get('/customers?limit=1'), 200);
		assert.equal(sql(`SELECT last_used_at IS NOT NULL AND last_used_ip <> '' FROM auth.api_tokens WHERE id = ${id}`), 't');
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'auth.token_use' AND entity_id = ${id}`), '1');
		// a minute later (moved back by hand) the next use refreshes it and audits again
		sql(`UPDATE auth.api_tokens SET last_used_at = now() - interval '61 seconds' WHERE id = ${id}`);
		assertJson(await bearer(tok).get('/customers?limit=1'), 200);
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'auth.token_use' AND entity_id = ${id}`), '2');
		assert.equal(sql(`SELECT last_used_at > now() - interval '30 seconds' FROM auth.api_tokens WHERE id = ${id}`), 't');
	});
});

// ---- /auth/tokens -------------------------------------------------------------------------

describe('/auth/tokens', () => {
	let sales;
	before(async () => { sales = await signIn(USERS.sales); });

	test('JSON: 201 {id, token, ...}; the list shows it without the token; it works as a bearer', async () => {
		const r = await sales.postJson('/auth/tokens', { name: `json ${RUN}`, scopes: ['sales:read', 'customers:read'], expires_in_days: 30 });
		const t = assertJson(r, 201, 'POST /auth/tokens');
		assert.match(t.token, /^hth_[A-Za-z0-9_-]{43}$/);
		assert.equal(t.prefix, t.token.slice(0, 12));
		assert.deepEqual(t.scopes, ['customers:read', 'sales:read']);
		assert.equal(t.status, 'active');
		const days = (Date.parse(t.expires_at) - Date.parse(t.created_at)) / 86400000;
		assert.ok(days > 29.9 && days < 30.1, `expires after ${days} days`);
		assert.match(r.headers.get('cache-control') || '', /no-store/);
		const l = assertJson(await sales.getJson('/auth/tokens?limit=200'), 200);
		const item = l.items.find((i) => i.id === t.id);
		assert.ok(item, 'listed');
		assert.equal(item.prefix, t.prefix);
		assert.equal(item.name, `json ${RUN}`);
		assert.ok(!JSON.stringify(l).includes(t.token), 'the list never holds a token');
		assert.ok(!('token_hash' in item));
		assertJson(await bearer(t.token).get('/customers?limit=1'), 200);
		// the default expiry is 90 days
		const d = assertJson(await sales.postJson('/auth/tokens', { name: `default ${RUN}`, scopes: 'customers:read' }), 201);
		const dd = (Date.parse(d.expires_at) - Date.parse(d.created_at)) / 86400000;
		assert.ok(dd > 89.9 && dd < 90.1, `default expiry ${dd} days`);
	});

	test('bad input: 422 with field errors, nothing created', async () => {
		const before = sql('SELECT count(*) FROM auth.api_tokens');
		const cases = [
			[{ name: 'x' }, 'scopes'],
			[{ name: 'x', scopes: [] }, 'scopes'],
			[{ name: 'x', scopes: ['customers:admin'] }, 'scopes'],
			[{ name: 'x', scopes: ['nope:read'] }, 'scopes'],
			[{ name: 'x', scopes: [42] }, 'scopes'],
			[{ name: '', scopes: ['customers:read'] }, 'name'],
			[{ name: 'x'.repeat(101), scopes: ['customers:read'] }, 'name'],
			[{ name: 'x', scopes: ['customers:read'], expires_in_days: 0 }, 'expires_in_days'],
			[{ name: 'x', scopes: ['customers:read'], expires_in_days: 366 }, 'expires_in_days'],
			[{ name: 'x', scopes: ['customers:read'], expires_in_days: 'never' }, 'expires_in_days'],
		];
		for (const [body, field] of cases) {
			const p = assertProblem(await sales.postJson('/auth/tokens', body), 422, JSON.stringify(body));
			assert.ok(p.errors?.[field], `${JSON.stringify(body)}: errors.${field} in ${JSON.stringify(p.errors)}`);
		}
		assert.equal(sql('SELECT count(*) FROM auth.api_tokens'), before);
		// CSRF still guards the cookie session
		assertProblem(await sales.postJson('/auth/tokens', { name: 'x', scopes: ['customers:read'] }, { csrf: false }), 403);
	});

	test('HTML: the page with its form; a form post shows the token once (no-store); errors keep the values', async () => {
		const page = await sales.getHtml('/auth/tokens');
		const html = assertHtml(page, 200);
		assert.match(html, /<form[^>]*action="\/auth\/tokens"/);
		assert.match(html, /name="scopes" value="customers:read"/);
		assert.match(html, /name="scopes" value="sales:write"/);
		assert.equal(inputValue(html, 'name'), '');
		const r = await sales.postForm('/auth/tokens', [['name', `form ${RUN}`], ['expires_in_days', '7'],
			['scopes', 'customers:read'], ['scopes', 'projects:read']]);
		const created = assertHtml(r, 201, 'form create');
		assert.match(r.headers.get('cache-control') || '', /no-store/);
		const shown = (created.match(/hth_[A-Za-z0-9_-]{43}/) || [])[0];
		assert.ok(shown, 'the page shows the token');
		assert.match(textOf(created), /not shown again/);
		assertJson(await bearer(shown).get('/customers?limit=1'), 200, 'the shown token works');
		// shown once: the list page does not have it
		assert.ok(!(await sales.getHtml('/auth/tokens')).text.includes(shown));
		// a form with errors comes back with the values kept and the message by the field
		const bad = await sales.postForm('/auth/tokens', [['name', `kept ${RUN}`], ['expires_in_days', '30']]);
		const again = assertHtml(bad, 422, 'form without scopes');
		assert.equal(inputValue(again, 'name'), `kept ${RUN}`);
		assert.match(again, /id="f-scopes-error"/);
		assert.match(textOf(again), /Choose at least one scope/);
		const picked = await sales.postForm('/auth/tokens', [['name', ''], ['scopes', 'sales:write']]);
		const again2 = assertHtml(picked, 422);
		assert.match(again2, /value="sales:write"[^>]*checked/);
	});

	test("a token cannot make tokens; others' tokens are 404 to revoke, except for admins", async () => {
		const acct = ctlToken(USERS.sales, 'customers:read,auth:write');
		assertProblem(await bearer(acct).post('/auth/tokens', { name: 'minted', scopes: ['customers:write'] }), 403, 'token mints token');
		const viewerTok = assertJson(await (await signIn(USERS.viewer)).postJson('/auth/tokens', { name: `viewer ${RUN}`, scopes: ['customers:read'] }), 201);
		assertProblem(await sales.deleteJson(`/auth/tokens/${viewerTok.id}`), 404, "sales revokes viewer's token");
		assertProblem(await sales.deleteJson('/auth/tokens/999999999'), 404);
		assertProblem(await sales.deleteJson('/auth/tokens/abc'), 404);
		assertJson(await bearer(viewerTok.token).get('/customers?limit=1'), 200, 'still works');
		const admin = await signIn(USERS.admin);
		const all = assertJson(await admin.getJson('/auth/tokens?all=1&limit=200'), 200);
		assert.ok(all.items.some((i) => i.id === viewerTok.id && i.user_email === USERS.viewer), 'admins list everyone\'s');
		const mine = assertJson(await sales.getJson('/auth/tokens?all=1&limit=200'), 200);
		assert.ok(mine.items.every((i) => i.user_email === USERS.sales), '?all=1 is ignored for others');
		assert.equal(assertJson(await admin.deleteJson(`/auth/tokens/${viewerTok.id}`), 200).status, 'revoked');
		assertBadBearer(await bearer(viewerTok.token).get('/customers?limit=1'), 'revoked by admin');
		// a token may revoke its user's tokens only with auth:write
		const ro = ctlToken(USERS.sales, 'customers:read');
		const victim = assertJson(await sales.postJson('/auth/tokens', { name: `victim ${RUN}`, scopes: ['customers:read'] }), 201);
		assertProblem(await bearer(ro).del(`/auth/tokens/${victim.id}`), 403, 'revoke without auth:write');
		assert.equal(assertJson(await bearer(acct).del(`/auth/tokens/${victim.id}`), 200).status, 'revoked');
		// reading one's own tokens is any token's
		assertJson(await bearer(ro).get('/auth/tokens'), 200);
	});
});

// ---- OAuth2 client credentials -------------------------------------------------------------------

describe('OAuth2 client credentials', () => {
	let admin, client;
	before(async () => {
		admin = await signIn(USERS.admin);
		const r = await admin.postJson('/auth/oauth/clients', { name: `bridge ${RUN}`, user_email: USERS.sales, scopes: ['customers:write'] });
		client = assertJson(r, 201, 'register client');
		assert.match(r.headers.get('cache-control') || '', /no-store/);
	});

	test('registration: the secret is shown once and stored hashed; the list never has it', async () => {
		assert.match(client.client_id, /^hthc_[A-Za-z0-9_-]{16}$/);
		assert.match(client.client_secret, /^hths_[A-Za-z0-9_-]{43}$/);
		assert.deepEqual(client.scopes, ['customers:write']);
		assert.equal(client.user_email, USERS.sales);
		assert.equal(sql(`SELECT secret_hash FROM auth.oauth_clients WHERE id = ${client.id}`), sha256hex(client.client_secret));
		const l = assertJson(await admin.getJson('/auth/oauth/clients?limit=200'), 200);
		assert.ok(l.items.some((i) => i.id === client.id && i.client_id === client.client_id));
		assert.ok(!JSON.stringify(l).includes(client.client_secret));
		// admins only
		const sales = await signIn(USERS.sales);
		assertProblem(await sales.getJson('/auth/oauth/clients'), 403);
		assertProblem(await sales.postJson('/auth/oauth/clients', { name: 'x', user_email: USERS.sales, scopes: ['customers:read'] }), 403);
		// bad input
		const p = assertProblem(await admin.postJson('/auth/oauth/clients', { name: '', user_email: `nobody-${RUN}@demo.hearth`, scopes: ['customers:admin'] }), 422);
		assert.ok(p.errors.name && p.errors.user_email && p.errors.scopes, JSON.stringify(p.errors));
	});

	test('the good flow (HTTP Basic): a Bearer access token that reads and writes customers without CSRF or cookies', async () => {
		const r = await tokenRequest({ grant_type: 'client_credentials' }, { basic: [client.client_id, client.client_secret] });
		assert.equal(r.status, 200, r.text);
		assert.match(r.headers.get('content-type'), /^application\/json/);
		assert.match(r.headers.get('cache-control') || '', /no-store/);
		assertNoCookie(r, 'token endpoint');
		assert.deepEqual(Object.keys(r.body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
		assert.equal(r.body.token_type, 'Bearer');
		assert.equal(r.body.expires_in, 3600);
		assert.equal(r.body.scope, 'customers:write');
		const [h, p] = r.body.access_token.split('.').slice(0, 2).map((s) => JSON.parse(Buffer.from(s, 'base64url')));
		assert.equal(h.alg, 'HS256');
		assert.equal(p.sub, client.client_id);
		assert.equal(p.aud, 'hearth');
		assert.equal(p.scope, 'customers:write');
		assert.equal(p.exp - p.iat, 3600);
		assert.ok(p.jti && p.iss);
		const b = bearer(r.body.access_token);
		assertJson(await b.get('/customers?limit=1'), 200, 'access token GET');
		const w = await b.post('/customers', { name: `OAuth Co ${RUN}` });
		assertJson(w, 201, 'access token POST');
		assertNoCookie(w);
		// issuing is audited once per token
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'auth.oauth_token' AND after->>'jti' = '${p.jti.replace(/'/g, '')}'`), '1');
	});

	test('form-field client authentication and a narrower scope', async () => {
		const r = await tokenRequest({ grant_type: 'client_credentials', client_id: client.client_id,
			client_secret: client.client_secret, scope: 'customers:read' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.scope, 'customers:read');
		const b = bearer(r.body.access_token);
		assertJson(await b.get('/customers?limit=1'), 200);
		assertProblem(await b.post('/customers', { name: `narrow ${RUN}` }), 403, 'read scope cannot write');
	});

	test('RFC-shaped errors', async () => {
		const basic = [client.client_id, client.client_secret];
		assertOAuthError(await tokenRequest({ grant_type: 'client_credentials' }, { basic: [client.client_id, 'hths_wrong'] }),
			401, 'invalid_client', 'wrong secret');
		assertOAuthError(await tokenRequest({ grant_type: 'client_credentials' }, { basic: ['hthc_AAAAAAAAAAAAAAAA', client.client_secret] }),
			401, 'invalid_client', 'unknown client');
		assertOAuthError(await tokenRequest({ grant_type: 'client_credentials' }), 401, 'invalid_client', 'no credentials');
		assertOAuthError(await tokenRequest({ grant_type: 'password', username: 'a', password: 'b' }, { basic }),
			400, 'unsupported_grant_type', 'password grant');
		assertOAuthError(await tokenRequest({}, { basic }), 400, 'invalid_request', 'no grant_type');
		assertOAuthError(await tokenRequest({ grant_type: 'client_credentials', scope: 'sales:read' }, { basic }),
			400, 'invalid_scope', 'scope outside the registration');
		assertOAuthError(await tokenRequest({ grant_type: 'client_credentials', scope: 'customers:admin' }, { basic }),
			400, 'invalid_scope', 'admin scope');
		assertOAuthError(await tokenRequest({ grant_type: 'client_credentials', scope: 'customers:read nope' }, { basic }),
			400, 'invalid_scope', 'unknown scope');
		assertOAuthError(await tokenRequest(null, { basic, body: 'grant_type=client_credentials&grant_type=client_credentials',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 400, 'invalid_request', 'duplicate parameter');
		assertOAuthError(await tokenRequest(null, { basic, body: JSON.stringify({ grant_type: 'client_credentials' }),
			headers: { 'Content-Type': 'application/json' } }), 400, 'invalid_request', 'JSON body');
		assertOAuthError(await tokenRequest({ grant_type: 'client_credentials', client_secret: client.client_secret }, { basic }),
			400, 'invalid_request', 'two ways of client authentication');
		const g = await fetch(`${BASE}/auth/oauth/token`, { redirect: 'manual' });
		assert.equal(g.status, 405, 'GET on the token endpoint');
		// a failed client authentication is audited like a failed sign-in
		assert.ok(Number(sql(`SELECT count(*) FROM core.audit WHERE action = 'auth.oauth_failed' AND entity_id = ${client.id}
			AND after->>'reason' = 'secret'`)) >= 1);
	});

	test('access tokens: refused after exp, under the session key, or as alg none; sessions and access tokens never pass as each other', async () => {
		const now = Math.floor(Date.now() / 1000);
		const claims = { iss: conf('public_url') || 'hearth', sub: client.client_id, aud: 'hearth', scope: 'customers:read', iat: now - 3700, exp: now - 100, jti: `j${RUN}` };
		const head = { alg: 'HS256', typ: 'JWT' };
		// the same claims, not expired, signed right: accepted (so each refusal below is for its reason)
		assertJson(await bearer(jwt(head, { ...claims, iat: now - 10, exp: now + 600 }, accessKey())).get('/customers?limit=1'), 200, 'forged good token');
		assertBadBearer(await bearer(jwt(head, claims, accessKey())).get('/customers?limit=1'), 'expired access token');
		assertBadBearer(await bearer(jwt(head, { ...claims, iat: now, exp: now + 600 }, sessionKey())).get('/customers'), 'access claims under the session key');
		assertBadBearer(await bearer(jwt({ alg: 'none', typ: 'JWT' }, { ...claims, iat: now, exp: now + 600 }, null)).get('/customers'), 'alg none');
		assertBadBearer(await bearer(jwt(head, { ...claims, iat: now, exp: now + 600, aud: 'other' }, accessKey())).get('/customers'), 'wrong audience');
		assertBadBearer(await bearer(jwt(head, { ...claims, iat: now, exp: now + 600, scope: 'customers:admin' }, accessKey())).get('/customers'), 'admin scope claim');

		// the session cookie's JWT as a bearer → 401
		const s = await signIn(USERS.sales);
		const sessionJwt = s.jar.get('hearth_session');
		assert.ok(sessionJwt);
		assertBadBearer(await bearer(sessionJwt).get('/customers?limit=1'), 'session JWT as bearer');
		// an access token as the session cookie → signed out
		const at = (await tokenRequest({ grant_type: 'client_credentials' }, { basic: [client.client_id, client.client_secret] })).body.access_token;
		const c = new Client();
		c.jar.set('hearth_session', at);
		assertProblem(await c.getJson('/customers?limit=1'), 401, 'access token as cookie (JSON)');
		const c2 = new Client();
		c2.jar.set('hearth_session', at);
		const loc = assertRedirect(await c2.getHtml('/customers'), 303, 'access token as cookie (HTML)');
		assert.match(loc, /^\/auth\/login/);
	});

	test('deactivating the client refuses its secret and its access tokens at once', async () => {
		const r = await admin.postJson('/auth/oauth/clients', { name: `short-lived ${RUN}`, user_email: USERS.sales, scopes: 'customers:read' });
		const c = assertJson(r, 201);
		const t = await tokenRequest({ grant_type: 'client_credentials' }, { basic: [c.client_id, c.client_secret] });
		assert.equal(t.status, 200, t.text);
		assertJson(await bearer(t.body.access_token).get('/customers?limit=1'), 200);
		const d = assertJson(await admin.deleteJson(`/auth/oauth/clients/${c.id}`), 200);
		assert.equal(d.active, false);
		assertBadBearer(await bearer(t.body.access_token).get('/customers?limit=1'), 'token of a deactivated client');
		assertOAuthError(await tokenRequest({ grant_type: 'client_credentials' }, { basic: [c.client_id, c.client_secret] }),
			401, 'invalid_client', 'deactivated client');
		assertProblem(await admin.deleteJson('/auth/oauth/clients/999999999'), 404);
	});

	test('HTML: the clients page and registration form; the secret shown once', async () => {
		const page = assertHtml(await admin.getHtml('/auth/oauth/clients'), 200);
		assert.match(page, /<form[^>]*action="\/auth\/oauth\/clients"/);
		assert.ok(page.includes(client.client_id));
		const r = await admin.postForm('/auth/oauth/clients', [['name', `html ${RUN}`], ['user_email', USERS.viewer], ['scopes', 'customers:read']]);
		const html = assertHtml(r, 201);
		assert.match(r.headers.get('cache-control') || '', /no-store/);
		const secret = html.match(/hths_[A-Za-z0-9_-]{43}/)[0];
		const cid = html.match(/hthc_[A-Za-z0-9_-]{16}/)[0];
		const t = await tokenRequest({ grant_type: 'client_credentials' }, { basic: [cid, secret] });
		assert.equal(t.status, 200, t.text);
		assert.ok(!(await admin.getHtml('/auth/oauth/clients')).text.includes(secret), 'the list never shows a secret');
		const bad = assertHtml(await admin.postForm('/auth/oauth/clients', [['name', `kept ${RUN}`], ['user_email', 'nobody@nowhere.example']]), 422);
		assert.equal(inputValue(bad, 'name'), `kept ${RUN}`);
		assert.match(textOf(bad), /No active user has this email/);
		assert.match(bad, /name="scopes" value="customers:read"/, 'the form again has its scopes');
	});
});

// ---- nginx: the token endpoint is rate-limited (127.0.0.1 exempt in dev) -------------------

/** POST an empty body to the token endpoint from localAddress; resolves to the status. */
function postFrom(localAddress) {
	const u = new URL(`${BASE}/auth/oauth/token`);
	return new Promise((resolve, reject) => {
		const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', localAddress,
			headers: { 'Content-Length': '0' } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
		req.on('error', reject);
		req.end();
	});
}

test('nginx limits token requests per address, like sign-in; 127.0.0.1 is exempt in dev', async (t) => {
	if (!/^http:\/\/127\.0\.0\.1:/.test(BASE)) {
		t.skip('needs the dev stack on 127.0.0.1');
		return;
	}
	const local = [];
	for (let i = 0; i < 25; i++) local.push(await postFrom('127.0.0.1'));
	assert.ok(local.every((s) => s === 400), `127.0.0.1: ${local.join(' ')}`);
	const other = [];
	for (let i = 0; i < 25; i++) other.push(await postFrom('127.0.0.2'));
	assert.ok(other.includes(429), `127.0.0.2 never limited: ${other.join(' ')}`);
	assert.ok(other.every((s) => s === 400 || s === 429), other.join(' '));
});

