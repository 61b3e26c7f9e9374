// Single sign-on with a real OpenID Connect provider (panva's oidc-provider,
// tests/fixtures/oidc/provider.mjs) started here as a child process. Hearth
// is configured through its settings endpoint as admin; each sign-in is
// walked with fetch as a browser would: redirects followed by hand, one
// cookie jar for Hearth (Client) and one for the provider. The ID token
// checks that need a misbehaving provider (wrong nonce, another key, alg
// confusion, expired) are in tests/unit/test_jwks.c.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
	Client, BASE, RUN, USERS, signIn, assertHtml, assertRedirect, assertProblem, assertJson, textOf,
	attrsOf, tags,
} from '../lib/client.mjs';

const PROVIDER = fileURLToPath(new URL('../fixtures/oidc/provider.mjs', import.meta.url));
const CALLBACK = `${BASE}/auth/oidc/callback`;
const NAME = `Test IdP ${RUN}`;

let child;      // the provider process
let idp;        // { issuer, client_id, client_secret, kid }
let admin;      // a signed-in admin Client

function startProvider() {
	return new Promise((resolve, reject) => {
		const p = spawn(process.execPath, [PROVIDER], {
			env: { ...process.env, OIDC_REDIRECT_URI: CALLBACK, OIDC_CLIENT_ID: `hearth-${RUN}` },
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		const timer = setTimeout(() => reject(new Error(`the provider did not start in 15 s: ${err}`)), 15000);
		p.stderr.on('data', (d) => { err += d; });
		p.stdout.on('data', (d) => {
			out += d;
			const nl = out.indexOf('\n');
			if (nl >= 0) {
				clearTimeout(timer);
				resolve({ p, info: JSON.parse(out.slice(0, nl)) });
			}
		});
		p.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the provider exited (${code}): ${err}`));
		});
	});
}

/** The provider's cookies: a jar that sends every live cookie back (its paths are all under one host). */
class Jar {
	constructor() { this.cookies = new Map(); }

	async fetch(url, opts = {}) {
		const headers = new Headers(opts.headers || {});
		if (this.cookies.size) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
		const res = await fetch(url, { ...opts, headers, redirect: 'manual' });
		for (const line of res.headers.getSetCookie()) {
			const [nv, ...attrs] = line.split(';').map((s) => s.trim());
			const eq = nv.indexOf('=');
			const name = nv.slice(0, eq);
			const value = nv.slice(eq + 1);
			const expired = attrs.some((a) => /^max-age=0$/i.test(a) ||
				(/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
			if (expired || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
		return res;
	}
}

/** The action of the page's (only) form, absolute. */
function formAction(html, base) {
	const form = tags(html, 'form')[0];
	assert.ok(form, `no form on the provider's page: ${textOf(html).slice(0, 200)}`);
	return new URL(attrsOf(form).action, base).href;
}

/**
 * Start a sign-in at Hearth and walk the provider's pages (login as `login`,
 * then consent) until it sends the browser back to Hearth. Returns
 * { c, start, callback, state }: c the Hearth Client holding the flow cookie,
 * start the 303 from /auth/oidc/start, callback the URL the provider sent
 * the browser to (not fetched yet).
 */
async function walkToCallback(login, { next, c = new Client() } = {}) {
	const r = await c.getHtml(`/auth/oidc/start${next ? `?next=${encodeURIComponent(next)}` : ''}`);
	const loc = assertRedirect(r, 303, 'GET /auth/oidc/start');
	const start = { res: r, location: loc, cookies: c.lastSetCookies };
	const authz = new URL(loc);
	assert.equal(authz.origin, new URL(idp.issuer).origin, `start goes to the provider: ${loc}`);
	const jar = new Jar();
	let url = loc;
	for (let i = 0; i < 12; i++) {
		if (url.startsWith(CALLBACK)) return { c, start, callback: url, state: authz.searchParams.get('state') };
		const res = await jar.fetch(url);
		if (res.status >= 300 && res.status < 400) {
			url = new URL(res.headers.get('location'), url).href;
			await res.arrayBuffer();
			continue;
		}
		const html = await res.text();
		assert.equal(res.status, 200, `provider page ${url}: ${res.status} ${textOf(html).slice(0, 300)}`);
		const action = formAction(html, url);
		const body = /name="login"/.test(html)
			? new URLSearchParams({ prompt: 'login', login, password: 'any' })
			: new URLSearchParams({ prompt: 'consent' });
		const post = await jar.fetch(action, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: body.toString(),
		});
		await post.arrayBuffer();
		assert.ok(post.status >= 300 && post.status < 400, `provider form ${action}: ${post.status}`);
		url = new URL(post.headers.get('location'), action).href;
	}
	throw new Error(`the provider never sent the browser back to ${CALLBACK}`);
}

/** The callback as the browser fetches it (HTML). */
async function follow(c, callback) {
	return c.getHtml(callback);
}

async function settings() {
	const r = await admin.getJson('/auth/oidc/settings');
	return assertJson(r, 200, 'GET /auth/oidc/settings');
}

async function configure(fields) {
	const cur = await settings();
	const r = await admin.postJson('/auth/oidc/settings', { ...fields, version: cur.version });
	return assertJson(r, 200, `POST /auth/oidc/settings ${JSON.stringify({ ...fields, client_secret: undefined })}`);
}

before(async () => {
	const started = await startProvider();
	child = started.p;
	idp = started.info;
	admin = await signIn(USERS.admin);
});

after(async () => {
	// Leave the stack as it was: single sign-on off (the login page without the button).
	try {
		if (admin) await configure({ enabled: false, allow_signup: false });
	} finally {
		if (child) {
			child.kill('SIGTERM');
			await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
		}
	}
});

describe('settings', () => {
	test('admin only: viewer 403, signed out 401', async () => {
		const viewer = await signIn(USERS.viewer);
		assertProblem(await viewer.getJson('/auth/oidc/settings'), 403);
		assertProblem(await new Client().getJson('/auth/oidc/settings'), 401);
		const r = await viewer.postJson('/auth/oidc/settings', { enabled: false, version: 1 });
		assertProblem(r, 403);
	});

	test('an issuer that is not https (nor this machine) is refused with a field error', async () => {
		const cur = await settings();
		const r = await admin.postJson('/auth/oidc/settings', {
			issuer: 'http://idp.example.test', client_id: 'x', client_secret: 'y', display_name: 'X',
			enabled: true, version: cur.version,
		});
		const p = assertProblem(r, 422);
		assert.match(p.errors.issuer, /https/);
		assert.equal((await settings()).version, cur.version, 'nothing saved');
	});

	test('enabling with a provider that does not answer is refused, saying why', async () => {
		const cur = await settings();
		const r = await admin.postJson('/auth/oidc/settings', {
			issuer: 'http://127.0.0.1:9', client_id: 'x', client_secret: 'y', display_name: 'X',
			enabled: true, version: cur.version,
		});
		const p = assertProblem(r, 422);
		assert.match(p.errors.issuer, /could not use this provider/);
		assert.match(p.errors.issuer, /openid-configuration/);
	});

	test('enabling needs a client id and secret', async () => {
		const cur = await settings();
		const r = await admin.postJson('/auth/oidc/settings', {
			issuer: idp.issuer, client_id: '', display_name: '', enabled: true, version: cur.version,
		});
		const p = assertProblem(r, 422);
		assert.ok(p.errors.client_id, JSON.stringify(p.errors));
		assert.ok(p.errors.display_name, JSON.stringify(p.errors));
	});

	test('configure the provider: saved, the secret never shown back; a stale version is 409', async () => {
		const body = await configure({
			issuer: idp.issuer, client_id: idp.client_id, client_secret: idp.client_secret,
			display_name: NAME, allow_signup: false, enabled: true,
		});
		assert.equal(body.enabled, true);
		assert.equal(body.issuer, idp.issuer);
		assert.equal(body.client_secret_set, true);
		assert.equal(body.redirect_uri, CALLBACK);
		assert.ok(!('client_secret' in body), 'the secret is not in the answer');
		const again = await settings();
		assert.ok(!JSON.stringify(again).includes(idp.client_secret), 'GET never shows the secret');
		const html = assertHtml(await admin.getHtml('/auth/oidc/settings'), 200);
		assert.ok(!html.includes(idp.client_secret), 'the settings page never shows the secret');
		assert.ok(html.includes(CALLBACK), 'the page shows the redirect URI to register');
		const stale = await admin.postJson('/auth/oidc/settings', { display_name: 'Other', version: again.version - 1 });
		assertProblem(stale, 409);
		assert.equal((await settings()).display_name, NAME);
	});
});

describe('sign-in', () => {
	test('the sign-in page offers "Sign in with <name>"', async () => {
		const c = new Client();
		const html = assertHtml(await c.getHtml('/auth/login?next=%2Fcustomers%3Fq%3Dx'), 200);
		const link = tags(html, 'a').map(attrsOf).find((a) => a.href && a.href.startsWith('/auth/oidc/start'));
		assert.ok(link, 'no link to /auth/oidc/start');
		assert.equal(link.href, '/auth/oidc/start?next=%2Fcustomers%3Fq%3Dx');
		assert.ok(textOf(html).includes(`Sign in with ${NAME}`), 'button text');
	});

	test('a known, verified email signs in: session cookie, /auth/me is that user, back to next', async () => {
		const { c, start, callback } = await walkToCallback(USERS.sales, { next: '/customers?q=oidc' });
		const flow = start.cookies.find((x) => x.name === 'hearth_oidc');
		assert.ok(flow, 'start sets the flow cookie');
		assert.equal(flow.attrs.path, '/auth/oidc');
		assert.ok(flow.attrs.httponly, 'HttpOnly');
		assert.equal(flow.attrs.samesite, 'Lax');
		assert.equal(flow.attrs['max-age'], '600');
		const authz = new URL(start.location);
		assert.equal(authz.searchParams.get('response_type'), 'code');
		assert.equal(authz.searchParams.get('code_challenge_method'), 'S256');
		assert.equal(authz.searchParams.get('scope'), 'openid email profile');
		assert.equal(authz.searchParams.get('redirect_uri'), CALLBACK);
		assert.ok(authz.searchParams.get('nonce')?.length >= 32, 'nonce');
		const r = await follow(c, callback);
		assert.equal(assertRedirect(r, 303, 'callback'), '/customers?q=oidc');
		assert.ok(c.jar.get('hearth_session'), 'a session cookie');
		assert.ok(!c.jar.has('hearth_oidc'), 'the flow cookie is cleared');
		const me = assertJson(await c.getJson('/auth/me'), 200, '/auth/me');
		assert.equal(me.email, USERS.sales);
		assert.equal(me.role, 'sales');
		// A second sign-in finds the same user through the linked identity.
		const second = await walkToCallback(USERS.sales);
		const r2 = await follow(second.c, second.callback);
		assertRedirect(r2, 303, 'second sign-in');
		assert.equal(assertJson(await second.c.getJson('/auth/me'), 200).email, USERS.sales);
	});

	test('an unknown email is refused with a page that says so; no session', async () => {
		const email = `stranger-${RUN}@example.test`;
		const { c, callback } = await walkToCallback(email);
		const r = await follow(c, callback);
		const html = assertHtml(r, 403, 'unknown email');
		assert.ok(textOf(html).includes(`No Hearth account for ${email}; ask an admin`), textOf(html).slice(0, 400));
		assert.ok(!c.jar.has('hearth_session'), 'no session cookie');
		assertProblem(await c.getJson('/auth/me'), 401);
	});

	test('an unverified email is refused', async () => {
		const { c, callback } = await walkToCallback(`unverified:${USERS.sales}`);
		const html = assertHtml(await follow(c, callback), 403, 'unverified');
		assert.match(textOf(html), /not verified/);
		assert.ok(!c.jar.has('hearth_session'));
	});

	test('a tampered state is refused, and the code is not used', async () => {
		const { c, callback, state } = await walkToCallback(USERS.sales);
		const u = new URL(callback);
		u.searchParams.set('state', `${state.slice(0, -2)}xy`);
		const html = assertHtml(await follow(c.clone(), u.href), 400, 'tampered state');
		assert.match(textOf(html), /state mismatch/);
		// The same flow with its real state still completes: the refusal was the state.
		const ok = await follow(c, callback);
		assertRedirect(ok, 303, 'the untampered callback');
	});

	test('a replayed callback is refused (the same flow twice, and the same code in another flow)', async () => {
		const { c, callback } = await walkToCallback(USERS.sales);
		const copy = c.clone();                 // the flow cookie, kept as an attacker would
		assertRedirect(await follow(c, callback), 303, 'first use');
		const again = assertHtml(await follow(copy, callback), 400, 'replay');
		assert.match(textOf(again), /already used/);
		assert.ok(!copy.jar.has('hearth_session'));
		// A fresh flow at Hearth, fed the old code with the new state: the provider refuses the code.
		const fresh = new Client();
		const start = await fresh.getHtml('/auth/oidc/start');
		const state = new URL(assertRedirect(start, 303)).searchParams.get('state');
		const u = new URL(callback);
		u.searchParams.set('state', state);
		const html = assertHtml(await follow(fresh, u.href), 401, 'old code in a new flow');
		assert.match(textOf(html), /refused the sign-in code/);
		assert.ok(!fresh.jar.has('hearth_session'));
	});

	test('no flow cookie, or the provider saying no, each get a clear page', async () => {
		const { callback } = await walkToCallback(USERS.sales);
		const html = assertHtml(await follow(new Client(), callback), 400, 'no flow cookie');
		assert.match(textOf(html), /expired/);
		const c = new Client();
		const start = await c.getHtml('/auth/oidc/start');
		const state = new URL(assertRedirect(start, 303)).searchParams.get('state');
		const denied = await follow(c, `${CALLBACK}?error=access_denied&error_description=${encodeURIComponent('End-User aborted <b>')}&state=${encodeURIComponent(state)}`);
		const text = assertHtml(denied, 401, 'provider error');
		assert.match(textOf(text), /access_denied/);
		assert.ok(!text.includes('<b>'), 'the provider\'s words are escaped');
		const json = await new Client().getJson('/auth/oidc/callback?code=x&state=y');
		assertProblem(json, 400, 'JSON callback without a flow');
	});

	test('sign-up when the admin allows it: an unknown verified email becomes a viewer', async () => {
		await configure({ allow_signup: true });
		try {
			const email = `oidc-new-${RUN}@example.test`;
			const { c, callback } = await walkToCallback(email);
			assertRedirect(await follow(c, callback), 303, 'sign-up');
			const me = assertJson(await c.getJson('/auth/me'), 200);
			assert.equal(me.email, email);
			assert.equal(me.role, 'viewer');
		} finally {
			await configure({ allow_signup: false });
		}
	});
});

describe('turned off', () => {
	test('no button, and /auth/oidc/start says single sign-on is not set up', async () => {
		await configure({ enabled: false });
		const c = new Client();
		const html = assertHtml(await c.getHtml('/auth/login'), 200);
		assert.ok(!html.includes('/auth/oidc/start'), 'no sign-on button');
		const r = await c.getHtml('/auth/oidc/start');
		assert.match(textOf(assertHtml(r, 404)), /not set up/);
		await configure({ enabled: true });
	});
});
