// Health, signed-out answers, sign-in, CSRF, roles and sign-out, over HTTP
// against the real stack (DESIGN §4).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import {
	Client, USERS, PASSWORD, RUN, signIn, loginFormToken, assertProblem, assertJson, assertHtml,
	assertRedirect, createCustomer, inputValue, metaContent, textOf,
} from '../lib/client.mjs';

test('GET /customers/healthz answers 200 signed out', async () => {
	const c = new Client();
	const r = await c.getJson('/customers/healthz');
	assert.equal(r.status, 200, r.text);
	assert.equal(r.body.status, 'ok');
	const a = await c.getJson('/auth/healthz');
	assert.equal(a.status, 200, a.text);
});

// Every customers-family page: what a signed-out browser and script get.
const PAGES = [
	'/customers', '/customers/new', '/customers/1', '/customers/1/edit',
	'/customers/1/contacts', '/customers/1/contacts/new', '/contacts', '/contacts/1', '/contacts/1/edit',
	'/customers/1/properties', '/customers/1/properties/new', '/properties', '/properties/1', '/properties/1/edit',
	'/customers/1/communications', '/customers/1/communications/new', '/communications', '/communications/1',
	'/communications/1/edit',
	'/customers/1/documents', '/documents', '/documents/1', '/documents/1/download',
	'/customers?q=a%20b&sort=-created_at',
];

describe('signed out', () => {
	for (const path of PAGES) {
		test(`HTML GET ${path} → 303 to /auth/login?next=`, async () => {
			const c = new Client();
			const r = await c.getHtml(path);
			const loc = assertRedirect(r, 303, path);
			const u = new URL(loc, 'http://x');
			assert.equal(u.pathname, '/auth/login', loc);
			assert.equal(u.searchParams.get('next'), path, `next= of ${loc}`);
		});
		test(`JSON GET ${path} → 401 problem+json`, async () => {
			const c = new Client();
			const r = await c.getJson(path);
			assertProblem(r, 401, path);
		});
	}

	test('JSON POST /customers signed out → 401, nothing created', async () => {
		const c = new Client();
		const r = await c.postJson('/customers', { name: `Signed out ${RUN}` });
		assertProblem(r, 401);
		const admin = await signIn(USERS.admin);
		const l = await admin.getJson(`/customers?q=${encodeURIComponent(`Signed out ${RUN}`)}`);
		assert.equal(l.body.items.filter((i) => i.name === `Signed out ${RUN}`).length, 0);
	});

	test('a forged session cookie is refused', async () => {
		const c = new Client();
		c.jar.set('hearth_session', 'eyJhbGciOiJub25lIn0.eyJzaWQiOiIxIiwic3ViIjoiMSJ9.');
		assertProblem(await c.getJson('/customers'), 401);
		const r = await c.getHtml('/customers');
		assertRedirect(r, 303);
	});
});

describe('sign-in', () => {
	test('GET /auth/login sets hearth_pre and has a _csrf field', async () => {
		const c = new Client();
		const r = await c.getHtml('/auth/login');
		const html = assertHtml(r, 200);
		assert.ok(c.jar.get('hearth_pre'), 'no hearth_pre cookie');
		const pre = c.lastSetCookies.find((x) => x.name === 'hearth_pre');
		assert.ok(pre.attrs.httponly, 'hearth_pre must be HttpOnly');
		assert.ok(inputValue(html, '_csrf'), 'no _csrf input');
		assert.notEqual(inputValue(html, 'email'), null, 'no email input');
		assert.match(html, /<input\b[^>]*\bname="password"/, 'no password input');
	});

	test('form sign-in: 303 to next with an HttpOnly, SameSite=Lax session cookie; /auth/me knows us', async () => {
		const c = new Client();
		const token = await loginFormToken(c);
		const r = await c.postForm('/auth/login', {
			email: USERS.sales, password: PASSWORD, _csrf: token, next: '/customers?sort=name',
		});
		assert.equal(assertRedirect(r, 303), '/customers?sort=name');
		const s = c.lastSetCookies.find((x) => x.name === 'hearth_session');
		assert.ok(s && s.value, 'no hearth_session cookie');
		assert.ok(s.attrs.httponly, 'session cookie must be HttpOnly');
		assert.equal(String(s.attrs.samesite).toLowerCase(), 'lax');
		assert.equal(s.attrs.path, '/');
		const me = assertJson(await c.getJson('/auth/me'), 200);
		assert.equal(me.email, USERS.sales);
		assert.equal(me.role, 'sales');
		assert.ok(me.permissions.includes('customers:write'), JSON.stringify(me.permissions));
		// A signed-in page carries the CSRF token for scripts.
		const page = assertHtml(await c.getHtml('/customers'), 200);
		assert.ok(metaContent(page, 'csrf-token'), 'no <meta name="csrf-token">');
		// Signed in already: the form sends us on.
		assertRedirect(await c.getHtml('/auth/login?next=/customers/new'), 303);
	});

	test('next= may not leave the site', async () => {
		for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
			const c = new Client();
			const token = await loginFormToken(c);
			const r = await c.postForm('/auth/login', { email: USERS.viewer, password: PASSWORD, _csrf: token, next });
			const loc = assertRedirect(r, 303);
			assert.ok(loc.startsWith('/') && !loc.startsWith('//') && !loc.startsWith('/\\'), `next=${next} → ${loc}`);
		}
	});

	test('JSON sign-in: 200 {user}', async () => {
		const c = new Client();
		const token = await loginFormToken(c);
		const r = await c.postJson('/auth/login', { email: USERS.tech, password: PASSWORD, _csrf: token }, { csrf: false });
		const body = assertJson(r, 200);
		assert.equal(body.user.email, USERS.tech);
		assert.equal(body.user.role, 'technician');
		assert.ok(c.jar.get('hearth_session'));
		assert.equal(assertJson(await c.getJson('/auth/me'), 200).email, USERS.tech);
	});

	test('bad sign-in: 401, the form again, one message for unknown email and wrong password', async () => {
		const c = new Client();
		const token = await loginFormToken(c);
		const unknown = `nobody-${RUN}@demo.hearth`;
		const a = await c.postForm('/auth/login', { email: unknown, password: PASSWORD, _csrf: token, next: '/customers' });
		const b = await c.postForm('/auth/login', { email: USERS.office, password: 'wrong-password-1', _csrf: token, next: '/customers' });
		for (const [r, email] of [[a, unknown], [b, USERS.office]]) {
			assertHtml(r, 401, email);
			assert.ok(!c.jar.get('hearth_session'), 'a refused sign-in set a session');
			assert.match(r.text, /<input\b[^>]*\bname="password"/, 'the form is not shown again');
			assert.equal(inputValue(r.text, 'email'), email, 'the email is not kept');
		}
		// JSON: the same detail for both.
		const ja = assertProblem(await c.postJson('/auth/login', { email: unknown, password: PASSWORD, _csrf: token }, { csrf: false }), 401);
		const jb = assertProblem(await c.postJson('/auth/login', { email: USERS.office, password: 'wrong-password-2', _csrf: token }, { csrf: false }), 401);
		assert.equal(ja.detail, jb.detail, 'unknown email and wrong password must read the same');
		// The HTML pages show that same message, and nothing else differs but the email.
		assert.ok(textOf(a.text).includes(ja.detail), `the page does not show "${ja.detail}"`);
		assert.ok(textOf(b.text).includes(ja.detail));
		assert.equal(a.text.split(unknown).join('EMAIL'), b.text.split(USERS.office).join('EMAIL'),
			'the two refusals differ beyond the email');
		// The right password still works (and resets the failure counter).
		const ok = await c.postForm('/auth/login', { email: USERS.office, password: PASSWORD, _csrf: token, next: '/customers' });
		assertRedirect(ok, 303);
	});

	test('missing email or password: 422 with field errors', async () => {
		const c = new Client();
		const token = await loginFormToken(c);
		const p = assertProblem(await c.postJson('/auth/login', { email: '', password: '', _csrf: token }, { csrf: false }), 422);
		assert.ok(p.errors.email && p.errors.password, JSON.stringify(p.errors));
	});
});

describe('CSRF', () => {
	let sales;
	before(async () => { sales = await signIn(USERS.sales); });

	test('JSON POST without a token → 403, nothing created', async () => {
		const name = `No token ${RUN}`;
		assertProblem(await sales.postJson('/customers', { name }, { csrf: false }), 403);
		const l = await sales.getJson(`/customers?q=${encodeURIComponent(name)}&limit=200`);
		assert.equal(l.body.items.filter((i) => i.name === name).length, 0);
	});

	test('JSON POST with a wrong token → 403', async () => {
		assertProblem(await sales.postJson('/customers', { name: `Bad token ${RUN}` }, { csrf: 'A'.repeat(43) }), 403);
		assertProblem(await sales.postJson('/customers', { name: `Bad token ${RUN}` }, { csrf: sales.csrf.slice(0, -2) + 'xx' }), 403);
	});

	test('another session\'s token is refused', async () => {
		const other = await signIn(USERS.sales);
		assert.notEqual(other.csrf, sales.csrf, 'two sessions share a CSRF token');
		assertProblem(await sales.postJson('/customers', { name: `Cross token ${RUN}` }, { csrf: other.csrf }), 403);
	});

	test('X-CSRF-Token header → 201', async () => {
		await createCustomer(sales, { name: `Header token ${RUN}` });
	});

	test('_csrf in a JSON body → 201', async () => {
		const r = await sales.postJson('/customers', { name: `Body token ${RUN}`, _csrf: sales.csrf }, { csrf: false });
		assertJson(r, 201);
	});

	test('HTML form without _csrf → 403, with it → 303', async () => {
		const r = await sales.postForm('/customers', { name: `Form no token ${RUN}` }, { csrf: false });
		assert.equal(r.status, 403, r.text.slice(0, 200));
		const ok = await sales.postForm('/customers', { name: `Form token ${RUN}`, kind: 'residential' });
		assert.match(assertRedirect(ok, 303), /^\/customers\/\d+$/);
	});

	test('sign-in form without _csrf → 403', async () => {
		const c = new Client();
		await loginFormToken(c);
		const r = await c.postForm('/auth/login', { email: USERS.viewer, password: PASSWORD }, { csrf: false });
		assert.equal(r.status, 403);
		assert.ok(!c.jar.get('hearth_session'));
	});
});

describe('roles', () => {
	test('viewer can read customers but not write', async () => {
		const v = await signIn(USERS.viewer);
		const l = assertJson(await v.getJson('/customers'), 200);
		assert.ok(Array.isArray(l.items));
		assertHtml(await v.getHtml('/customers'), 200);
		const name = `Viewer wrote ${RUN}`;
		assertProblem(await v.postJson('/customers', { name }), 403, 'viewer POST');
		const f = await v.postForm('/customers', { name });
		assert.equal(f.status, 403, 'viewer form POST');
		assert.match(f.headers.get('content-type') || '', /^text\/html/);
		assert.equal((await v.getHtml('/customers/new')).status, 403, 'viewer GET /customers/new');
		const me = assertJson(await v.getJson('/auth/me'), 200);
		assert.deepEqual(me.permissions.filter((p) => p.startsWith('customers:')), ['customers:read']);
		const sales = await signIn(USERS.sales);
		const rec = await createCustomer(sales, { name: `Role target ${RUN}` });
		assertProblem(await v.patchJson(`/customers/${rec.id}`, { name: 'x', version: rec.version }), 403);
		assertProblem(await v.deleteJson(`/customers/${rec.id}`), 403);
		assertProblem(await v.postJson(`/customers/${rec.id}/restore`, {}), 403);
		assertProblem(await v.postJson(`/customers/${rec.id}/properties`, { name: 'Home' }), 403);
		assertProblem(await v.postJson(`/customers/${rec.id}/communications`, { kind: 'note', subject: 'x' }), 403);
		assert.equal(assertJson(await v.getJson(`/customers/${rec.id}`), 200).name, `Role target ${RUN}`);
	});

	test('technician reads customers, cannot create them; office can', async () => {
		const t = await signIn(USERS.tech);
		assertJson(await t.getJson('/customers'), 200);
		assertProblem(await t.postJson('/customers', { name: `Tech wrote ${RUN}` }), 403);
		const o = await signIn(USERS.office);
		await createCustomer(o, { name: `Office wrote ${RUN}` });
	});
});

describe('sign-out', () => {
	test('POST /auth/logout revokes the session: the old cookie is refused', async () => {
		const c = await signIn(USERS.sales);
		const old = c.clone();
		const r = await c.postForm('/auth/logout', {});
		assert.equal(assertRedirect(r, 303), '/auth/login');
		const cleared = c.lastSetCookies.find((x) => x.name === 'hearth_session');
		assert.ok(cleared && (cleared.value === '' || cleared.attrs['max-age'] === '0'), 'the session cookie is not cleared');
		// The copied cookie no longer works: HTML → sign-in, JSON → 401.
		const h = await old.getHtml('/customers/new');
		const loc = assertRedirect(h, 303);
		assert.equal(new URL(loc, 'http://x').pathname, '/auth/login');
		assert.equal(new URL(loc, 'http://x').searchParams.get('next'), '/customers/new');
		assertProblem(await old.getJson('/customers'), 401);
		assertProblem(await old.getJson('/auth/me'), 401);
		assertProblem(await old.postJson('/customers', { name: `After logout ${RUN}` }), 401);
	});

	test('JSON logout → 204, then 401', async () => {
		const c = await signIn(USERS.viewer);
		const old = c.clone();
		const r = await c.postJson('/auth/logout', {});
		assert.equal(r.status, 204, r.text);
		assertProblem(await old.getJson('/auth/me'), 401);
	});

	test('logout without the CSRF token → 403, the session stays', async () => {
		const c = await signIn(USERS.viewer);
		const r = await c.postForm('/auth/logout', {}, { csrf: false });
		assert.equal(r.status, 403);
		assertJson(await c.getJson('/auth/me'), 200);
	});
});
