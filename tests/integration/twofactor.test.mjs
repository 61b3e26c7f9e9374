// Two-factor sign-in (TOTP, RFC 6238) over HTTP against the real stack:
// enrolment through JSON and HTML, codes computed by `oathtool` (not by
// our own code), the two-step sign-in, replay and wrong codes refused,
// recovery codes used once, "remember this device" off by default, turning
// it off, and the admin policy that holds a role's users at enrolment.
//
// Every test makes its own users (tools/hearthctl create-user) so the demo
// users and other suites never meet two-factor; the policy test makes its
// own role. Database facts are read with psql as the owner role.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
	Client, RUN, USERS, signIn, loginFormToken, assertProblem, assertJson, assertHtml, assertRedirect,
	inputValue, elementText, textOf, tags, attrsOf,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const CONFIG = process.env.HEARTH_CONFIG || `${ROOT}/var/hearth.conf`;
const PERIOD = 30;

// ---- helpers -------------------------------------------------------------------------

/** SQL as the database owner; :'name' variables from vars (psql quotes them). */
function sql(query, vars = {}) {
	const args = [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtq', '-v', 'ON_ERROR_STOP=1'];
	for (const [k, v] of Object.entries(vars)) args.push('-v', `${k}=${v}`);
	return execFileSync('psql', args, { input: query, encoding: 'utf8' }).trim();
}

let nusers = 0;
/** A new user of role (default viewer) with a password of its own: { email, password, id }. */
function makeUser(role = 'viewer') {
	nusers++;
	const email = `tf-${RUN}-${nusers}@example.com`;
	const password = `Tf ${randomBytes(9).toString('base64url')} long enough`;
	execFileSync(`${ROOT}/tools/hearthctl`, ['create-user', email, '--role', role, '--name', `Two Factor ${nusers} ${RUN}`], {
		cwd: ROOT, input: `${password}\n`, env: { ...process.env, HEARTH_CONFIG: CONFIG }, encoding: 'utf8',
	});
	const id = Number(sql(`SELECT id FROM auth.users WHERE lower(email) = lower(:'e')`, { e: email }));
	assert.ok(id > 0, `user ${email} was not created`);
	return { email, password, id };
}

/** The code oathtool computes for base32 secret at unix time t. */
function oathtool(secret, t) {
	return execFileSync('oathtool', ['--totp', '-b', '-N', `@${t}`, secret], { encoding: 'utf8' }).trim();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Codes for one secret, in the order the server accepts them: each a later
 * time step than the last (no replay), inside the ±1 step window around
 * the server's clock even if the request lands a few seconds later. Waits
 * for the clock when three steps of one window are used up.
 */
class Authenticator {
	constructor(secret) {
		this.secret = secret;
		this.last = -1;
	}

	async next() {
		for (;;) {
			const now = Date.now() / 1000;
			const lo = Math.floor((now - 1) / PERIOD);   // the server's step, give or take
			const hi = Math.floor((now + 4) / PERIOD);
			const step = Math.max(this.last + 1, hi - 1);
			if (step <= lo + 1) {
				this.last = step;
				return oathtool(this.secret, step * PERIOD + 1);
			}
			await sleep(((step - 1) * PERIOD + 1.5 - now) * 1000);
		}
	}

	/** A code of a step already used (for replay tests). */
	used() {
		return oathtool(this.secret, this.last * PERIOD + 1);
	}
}

/** A 6-digit code that is not code (and not any code of the window: differs from all). */
function wrongCode(auth) {
	const now = Math.floor(Date.now() / 1000);
	const window = [-2, -1, 0, 1, 2].map((d) => oathtool(auth.secret, now + d * PERIOD));
	for (let i = 0; ; i++) {
		const c = String((Number(window[0]) + 123457 * (i + 1)) % 1000000).padStart(6, '0');
		if (!window.includes(c)) return c;
	}
}

/** Base32 (RFC 4648) → bytes, for checking what the database holds. */
function base32Decode(s) {
	const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0, v = 0;
	const out = [];
	for (const ch of s.replace(/[\s=-]/g, '').toUpperCase()) {
		v = (v << 5) | alpha.indexOf(ch);
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			out.push((v >> bits) & 0xff);
		}
	}
	return Buffer.from(out);
}

/** Sign in with a password through the HTML form: returns { c, r } (r: the answer to POST /auth/login). */
async function passwordStep(user, extra = {}, client = new Client()) {
	const token = await loginFormToken(client);
	const r = await client.postForm('/auth/login', { email: user.email, password: user.password, _csrf: token, next: '/customers', ...extra });
	return { c: client, r, token };
}

/** The code step's form as the page shows it: { action, csrf, fields }. */
function codeStepForm(html) {
	const form = tags(html, 'form').map(attrsOf).find((a) => a.action === '/auth/login/2fa');
	assert.ok(form, 'no form posting to /auth/login/2fa on the code step');
	return { csrf: inputValue(html, '_csrf'), next: inputValue(html, 'next') };
}

/** Enrol u (signed in as c) over JSON: returns the Authenticator and the recovery codes. */
async function enrolJson(c) {
	const g = assertJson(await c.getJson('/auth/2fa'), 200, 'GET /auth/2fa');
	assert.equal(g.enabled, false);
	const auth = new Authenticator(g.secret);
	const r = assertJson(await c.postJson('/auth/2fa/confirm', { code: await auth.next() }), 200, 'confirm');
	assert.equal(r.enabled, true);
	return { auth, codes: r.recovery_codes, page: g };
}

/** A signed-in client for a new user with two-factor on: { user, c, auth, codes }. */
async function userWith2fa(role = 'viewer') {
	const user = makeUser(role);
	const c = await signIn(user.email, user.password);
	const { auth, codes } = await enrolJson(c);
	return { user, c, auth, codes };
}

/** The text of the page's breadcrumb trail. */
function breadcrumbs(html) {
	const m = /<nav class="breadcrumbs"[^>]*>([\s\S]*?)<\/nav>/.exec(html);
	return m ? textOf(m[1]) : null;
}

function auditCount(action, uid) {
	return Number(sql(`SELECT count(*) FROM core.audit WHERE action = :'a' AND entity = 'user' AND entity_id = :'u'`,
		{ a: action, u: String(uid) }));
}

// The users this file made (and their sessions, secrets, codes, devices) go when it ends.
after(() => {
	sql(`DELETE FROM auth.users WHERE email LIKE :'p'`, { p: `tf-${RUN}-%@example.com` });
});

// ---- enrolment ----------------------------------------------------------------------------

describe('enrolment', () => {
	test('JSON: a pending key with QR code and otpauth URI, kept until confirmed; wrong code 422; right code → ten recovery codes once', async () => {
		const user = makeUser();
		const c = await signIn(user.email, user.password);
		const r1 = await c.getJson('/auth/2fa');
		const g = assertJson(r1, 200);
		assert.match(r1.headers.get('cache-control') || '', /no-store/, 'the key must not be cached');
		assert.equal(g.enabled, false);
		assert.equal(g.required, false);
		assert.match(g.secret, /^[A-Z2-7]{32}$/, 'a 160-bit base32 secret');
		assert.equal(g.secret_groups, g.secret.match(/.{4}/g).join(' '));
		const uri = new URL(g.otpauth_uri);
		assert.equal(uri.protocol, 'otpauth:');
		assert.equal(uri.host, 'totp');
		assert.equal(decodeURIComponent(uri.pathname), `/Hearth:${user.email}`);
		assert.equal(uri.searchParams.get('secret'), g.secret);
		assert.equal(uri.searchParams.get('issuer'), 'Hearth');
		assert.equal(uri.searchParams.get('digits'), '6');
		assert.equal(uri.searchParams.get('period'), '30');
		assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
		assert.match(g.qr_svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"/);
		assert.match(g.qr_svg, /<path fill="#000" d="(M\d+ \d+h\d+v1h-\d+z)+"\/><\/svg>$/);
		// The same pending key on a second look (a reload does not break a half-done scan).
		const g2 = assertJson(await c.getJson('/auth/2fa'), 200);
		assert.equal(g2.secret, g.secret);

		// At rest: sealed (nonce + ciphertext + tag = 12 + 20 + 16 bytes), not the key itself.
		const row = sql(`SELECT encode(pending, 'hex') || '|' || (secret IS NULL) || '|' || (enabled_at IS NULL) FROM auth.user_totp WHERE user_id = :'u'`, { u: String(user.id) });
		const [sealed, noSecret, off] = row.split('|');
		assert.equal(sealed.length, 2 * 48, row);
		assert.ok(!sealed.includes(base32Decode(g.secret).toString('hex')), 'the pending secret is stored in the clear');
		assert.equal(noSecret, 'true');
		assert.equal(off, 'true');

		const auth = new Authenticator(g.secret);
		const bad = await c.postJson('/auth/2fa/confirm', { code: wrongCode(auth) });
		const p = assertProblem(bad, 422, 'wrong code');
		assert.ok(p.errors && p.errors.code, JSON.stringify(p));
		assertProblem(await c.postJson('/auth/2fa/confirm', {}), 422, 'no code');

		const ok = assertJson(await c.postJson('/auth/2fa/confirm', { code: await auth.next() }), 200, 'right code');
		assert.equal(ok.enabled, true);
		assert.equal(ok.recovery_codes.length, 10);
		for (const code of ok.recovery_codes) assert.match(code, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
		assert.equal(new Set(ok.recovery_codes).size, 10, 'recovery codes are distinct');

		const g3 = assertJson(await c.getJson('/auth/2fa'), 200);
		assert.equal(g3.enabled, true);
		assert.equal(g3.recovery_codes_left, 10);
		assert.equal(g3.secret, undefined, 'the key is never shown again once on');
		assert.equal(g3.qr_svg, undefined);
		assertProblem(await c.postJson('/auth/2fa/confirm', { code: await auth.next() }), 409, 'confirm twice');

		// Stored: the confirmed secret sealed; recovery codes as keyed hashes, not the codes, not plain SHA-256.
		const secretHex = sql(`SELECT encode(secret, 'hex') FROM auth.user_totp WHERE user_id = :'u' AND enabled_at IS NOT NULL AND pending IS NULL`, { u: String(user.id) });
		assert.equal(secretHex.length, 96);
		assert.ok(!secretHex.includes(base32Decode(g.secret).toString('hex')));
		const hashes = sql(`SELECT code_hash FROM auth.recovery_codes WHERE user_id = :'u' AND used_at IS NULL`, { u: String(user.id) }).split('\n');
		assert.equal(hashes.length, 10);
		for (const code of ok.recovery_codes) {
			const plain = code.replace('-', '');
			assert.ok(!hashes.includes(plain) && !hashes.includes(code));
			assert.ok(!hashes.includes(createHash('sha256').update(plain).digest('hex')), 'recovery codes must be keyed hashes');
		}
		assert.equal(auditCount('auth.2fa_enabled', user.id), 1);
	});

	test('HTML: the QR page shows an inline SVG and the manual key in groups of 4; a wrong code shows it again with a message; a right one shows the codes once', async () => {
		const user = makeUser();
		const c = await signIn(user.email, user.password);
		const page = await c.getHtml('/auth/2fa');
		const html = assertHtml(page, 200);
		assert.match(page.headers.get('cache-control') || '', /no-store/);
		assert.match(html, /<figure class="qr-code"><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="qr"/, 'inline SVG QR code');
		const key = elementText(html, 'totp-key');
		assert.match(key, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/, `manual key in groups of 4: ${key}`);
		assert.ok(html.includes(user.email), 'the account is named');
		const auth = new Authenticator(key.replace(/ /g, ''));

		const bad = await c.postForm('/auth/2fa/confirm', { code: wrongCode(auth) });
		const badHtml = assertHtml(bad, 422, 'wrong code');
		assert.match(textOf(badHtml), /That code is not right/);
		assert.equal(elementText(badHtml, 'totp-key'), key, 'the same key after a wrong code');
		assert.match(badHtml, /aria-invalid="true"/);

		const ok = await c.postForm('/auth/2fa/confirm', { code: await auth.next() });
		const okHtml = assertHtml(ok, 200, 'right code');
		assert.match(ok.headers.get('cache-control') || '', /no-store/);
		const list = elementText(okHtml, 'recovery-codes');
		const codes = list.match(/[a-z2-7]{5}-[a-z2-7]{5}/g);
		assert.equal(codes?.length, 10, list);
		assert.match(textOf(okHtml), /Two-factor sign-in is on/);
		assert.equal(breadcrumbs(okHtml), 'Two-factor sign-in Recovery codes');
		// Shown once: the status page has no codes and no key.
		const after = assertHtml(await c.getHtml('/auth/2fa'), 200);
		assert.equal(elementText(after, 'recovery-codes'), null);
		assert.equal(elementText(after, 'totp-key'), null);
		assert.match(textOf(after), /10 of 10 recovery codes left/);
	});

	test('signed out: the 2FA pages send to sign-in (HTML) or answer 401 (JSON)', async () => {
		const c = new Client();
		const r = await c.getHtml('/auth/2fa');
		assert.equal(new URL(assertRedirect(r), 'http://x').pathname, '/auth/login');
		assertProblem(await c.getJson('/auth/2fa'), 401);
		assertProblem(await c.postJson('/auth/2fa/confirm', { code: '123456' }), 401);
	});
});

// ---- sign-in ---------------------------------------------------------------------------------

// Each test has a user of its own: a user gets three codes a 30 s window
// (the ±1 step window, each step once), and waiting for the clock is slow.
describe('sign-in with two-factor', () => {
	test('password → the code step and no session; an oathtool code → session; remember is off by default', async () => {
		const u = await userWith2fa();
		const { c, r } = await passwordStep(u.user);
		const html = assertHtml(r, 200, 'password step');
		assert.ok(!c.jar.has('hearth_session'), 'no session before the second factor');
		const mfa = c.lastSetCookies.find((x) => x.name === 'hearth_mfa');
		assert.ok(mfa && mfa.value, 'hearth_mfa cookie');
		assert.ok(mfa.attrs.httponly, 'hearth_mfa must be HttpOnly');
		assert.equal(mfa.attrs['max-age'], '300');
		const form = codeStepForm(html);
		assert.ok(form.csrf, 'code step has _csrf');
		assert.equal(form.next, '/customers');
		assert.match(html, /name="remember" value="1"/, 'remember checkbox');
		assert.ok(!/name="remember" value="1"[^>]*checked/.test(html), 'remember must be off by default');
		assertProblem(await c.getJson('/auth/me'), 401, 'no session yet');

		const ok = await c.postForm('/auth/login/2fa', { code: await u.auth.next(), next: form.next, _csrf: form.csrf });
		assert.equal(assertRedirect(ok), '/customers');
		assert.ok(c.jar.has('hearth_session'), 'session after the code');
		assert.ok(!c.jar.has('hearth_mfa'), 'the pending cookie is cleared');
		assert.ok(!c.lastSetCookies.some((x) => x.name === 'hearth_device'), 'no remembered device unless ticked');
		const me = assertJson(await c.getJson('/auth/me'), 200);
		assert.equal(me.email, u.user.email);
		assert.equal(Number(sql(`SELECT failed_logins FROM auth.users WHERE id = :'u'`, { u: String(u.user.id) })), 0);
		const last = sql(`SELECT after::text FROM core.audit WHERE action = 'auth.login' AND entity_id = :'u' ORDER BY id DESC LIMIT 1`, { u: String(u.user.id) });
		assert.match(last, /"second_factor": "totp"/);
	});

	test('a code already used is refused (no replay), and so is a wrong one: both audited, both counted', async () => {
		const u = await userWith2fa();
		const failsBefore = auditCount('auth.2fa_failed', u.user.id);
		// Use a code, then try it again in a new sign-in.
		const a = await passwordStep(u.user);
		const fa = codeStepForm(a.r.text);
		assertRedirect(await a.c.postForm('/auth/login/2fa', { code: await u.auth.next(), _csrf: fa.csrf }));
		const b = await passwordStep(u.user);
		const fb = codeStepForm(b.r.text);
		const replay = await b.c.postForm('/auth/login/2fa', { code: u.auth.used(), _csrf: fb.csrf });
		const html = assertHtml(replay, 401, 'replayed code');
		assert.match(textOf(html), /used already/);
		assert.ok(!b.c.jar.has('hearth_session'));
		assert.equal(Number(sql(`SELECT failed_logins FROM auth.users WHERE id = :'u'`, { u: String(u.user.id) })), 1);

		const wrong = await b.c.postForm('/auth/login/2fa', { code: wrongCode(u.auth), _csrf: fb.csrf });
		assertHtml(wrong, 401, 'wrong code');
		assert.ok(!b.c.jar.has('hearth_session'));
		assert.equal(Number(sql(`SELECT failed_logins FROM auth.users WHERE id = :'u'`, { u: String(u.user.id) })), 2);
		assert.equal(auditCount('auth.2fa_failed', u.user.id), failsBefore + 2);
		// The same pending sign-in still takes a right code.
		assertRedirect(await b.c.postForm('/auth/login/2fa', { code: await u.auth.next(), _csrf: fb.csrf }));
		assert.equal(Number(sql(`SELECT failed_logins FROM auth.users WHERE id = :'u'`, { u: String(u.user.id) })), 0);
	});

	test('JSON: the password alone answers 401 asking for the code; then POST /auth/login/2fa; or totp with the password in one step', async () => {
		const u = await userWith2fa();
		const c = new Client();
		const token = await loginFormToken(c);
		const r = await c.postJson('/auth/login', { email: u.user.email, password: u.user.password }, { csrf: token });
		const p = assertProblem(r, 401, 'password only');
		assert.ok(p.errors && p.errors.code, JSON.stringify(p));
		assert.ok(c.jar.has('hearth_mfa'));
		assert.ok(!c.jar.has('hearth_session'));
		const ok = assertJson(await c.postJson('/auth/login/2fa', { code: await u.auth.next() }, { csrf: token }), 200);
		assert.equal(ok.user.email, u.user.email);
		assert.ok(c.jar.has('hearth_session'));

		const d = new Client();
		const t2 = await loginFormToken(d);
		const one = assertJson(await d.postJson('/auth/login', { email: u.user.email, password: u.user.password, totp: await u.auth.next() }, { csrf: t2 }), 200);
		assert.equal(one.user.id, u.user.id);
		assert.ok(d.jar.has('hearth_session'));
		// And with a wrong totp: refused, no session.
		const e = new Client();
		const t3 = await loginFormToken(e);
		assertProblem(await e.postJson('/auth/login', { email: u.user.email, password: u.user.password, totp: wrongCode(u.auth) }, { csrf: t3 }), 401);
		assert.ok(!e.jar.has('hearth_session'));
	});

	test('the pending step: missing, forged or unsigned cookies send back to the password; CSRF is checked', async () => {
		const u = await userWith2fa();
		const c = new Client();
		const token = await loginFormToken(c);
		const r = await c.postForm('/auth/login/2fa', { code: '123456', _csrf: token });
		assert.equal(new URL(assertRedirect(r), 'http://x').pathname, '/auth/login');
		assertProblem(await c.postJson('/auth/login/2fa', { code: '123456' }, { csrf: token }), 401);

		// A real pending cookie for u, its user id changed: the signature breaks.
		const { c: d, r: step } = await passwordStep(u.user);
		const f = codeStepForm(step.text);
		const [h, payload, sig] = d.jar.get('hearth_mfa').split('.');
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
		claims.sub = String(Number(claims.sub) + 1);
		d.jar.set('hearth_mfa', `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`);
		const forged = await d.postForm('/auth/login/2fa', { code: u.auth.used(), _csrf: f.csrf });
		assert.equal(new URL(assertRedirect(forged), 'http://x').pathname, '/auth/login');
		assert.ok(!d.jar.has('hearth_session'));
		// alg none.
		const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: String(u.user.id), nonce: 'x', exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url')}.`;
		d.jar.set('hearth_mfa', none);
		assertRedirect(await d.postForm('/auth/login/2fa', { code: u.auth.used(), _csrf: f.csrf }));
		assert.ok(!d.jar.has('hearth_session'));
		// A session cookie is not a pending cookie (another key), and the pending cookie is not a session.
		const { c: e, r: s2 } = await passwordStep(u.user);
		e.jar.set('hearth_session', e.jar.get('hearth_mfa'));
		assertProblem(await e.getJson('/auth/me'), 401);
		// No CSRF token: 403.
		const { c: g } = await passwordStep(u.user);
		const noCsrf = await g.postForm('/auth/login/2fa', { code: u.auth.used() }, { csrf: false });
		assert.equal(noCsrf.status, 403);
		assert.ok(!g.jar.has('hearth_session'));
		void s2;
	});

	test('a recovery code signs in once', async () => {
		const u = await userWith2fa();
		const code = u.codes[0];
		const a = await passwordStep(u.user);
		const ok = await a.c.postForm('/auth/login/2fa', { code: code.toUpperCase(), _csrf: codeStepForm(a.r.text).csrf });
		assertRedirect(ok);
		assert.ok(a.c.jar.has('hearth_session'));
		const last = sql(`SELECT after::text FROM core.audit WHERE action = 'auth.login' AND entity_id = :'u' ORDER BY id DESC LIMIT 1`, { u: String(u.user.id) });
		assert.match(last, /"second_factor": "recovery_code"/);
		assert.equal(auditCount('auth.2fa_recovery_used', u.user.id), 1);
		const b = await passwordStep(u.user);
		const again = await b.c.postForm('/auth/login/2fa', { code, _csrf: codeStepForm(b.r.text).csrf });
		assertHtml(again, 401, 'a recovery code twice');
		assert.ok(!b.c.jar.has('hearth_session'));
		const s = assertJson(await a.c.getJson('/auth/2fa'), 200);
		assert.equal(s.recovery_codes_left, 9);
	});

	test('failed codes lock the account like failed passwords', async () => {
		const v = await userWith2fa();
		const { c, r } = await passwordStep(v.user);
		const f = codeStepForm(r.text);
		let res;
		for (let i = 0; i < 10; i++) {
			res = await c.postForm('/auth/login/2fa', { code: wrongCode(v.auth), _csrf: f.csrf });
			if (res.status === 303) break;
		}
		// Locked: back to the password step with the lockout message; even a right code is refused now.
		assert.equal(new URL(assertRedirect(res), 'http://x').pathname, '/auth/login');
		assert.equal(sql(`SELECT locked_until > now() FROM auth.users WHERE id = :'u'`, { u: String(v.user.id) }), 't');
		const again = await passwordStep(v.user);
		assert.equal(again.r.status, 401, 'a locked account cannot sign in');
		assert.ok(!again.c.jar.has('hearth_mfa'));
		assert.ok(!again.c.jar.has('hearth_session'));
	});
});

// ---- remember this device ---------------------------------------------------------------------

describe('remember this device', () => {
	test('ticked: this browser skips the code step for that user only; a new password or turning 2FA off forgets it', async () => {
		const u = await userWith2fa();
		const other = await userWith2fa();
		const { c, r } = await passwordStep(u.user);
		const ok = await c.postForm('/auth/login/2fa', [['code', await u.auth.next()], ['remember', '0'], ['remember', '1'], ['_csrf', codeStepForm(r.text).csrf]]);
		assertRedirect(ok);
		const dev = c.lastSetCookies.find((x) => x.name === 'hearth_device');
		assert.ok(dev && dev.value, 'hearth_device cookie when ticked');
		assert.ok(dev.attrs.httponly);
		assert.equal(dev.attrs['max-age'], String(30 * 86400));
		assert.equal(Number(sql(`SELECT count(*) FROM auth.trusted_devices WHERE user_id = :'u' AND expires_at > now() + interval '29 days'`, { u: String(u.user.id) })), 1);
		assert.ok(!sql(`SELECT device_hash FROM auth.trusted_devices WHERE user_id = :'u'`, { u: String(u.user.id) }).includes(dev.value));

		// A new browser with only that cookie: password, then straight in.
		const b = new Client();
		b.jar.set('hearth_device', dev.value);
		const skip = await passwordStep(u.user, {}, b);
		assert.equal(assertRedirect(skip.r), '/customers');
		assert.ok(b.jar.has('hearth_session'));

		// The cookie does nothing for another user with two-factor.
		const o = new Client();
		o.jar.set('hearth_device', dev.value);
		const os = await passwordStep(other.user, {}, o);
		assertHtml(os.r, 200, 'other user gets the code step');
		assert.ok(!o.jar.has('hearth_session'));

		// A new password forgets the remembered browsers (trigger on auth.users.password_hash).
		const helper = makeUser();
		sql(`UPDATE auth.users SET password_hash = (SELECT password_hash FROM auth.users WHERE id = :'h') WHERE id = :'u'`, { h: String(helper.id), u: String(u.user.id) });
		assert.equal(Number(sql(`SELECT count(*) FROM auth.trusted_devices WHERE user_id = :'u'`, { u: String(u.user.id) })), 0);
		const changed = { ...u.user, password: helper.password };
		const d = new Client();
		d.jar.set('hearth_device', dev.value);
		const ds = await passwordStep(changed, {}, d);
		assertHtml(ds.r, 200, 'after a password change the code step is back');
		assert.ok(!d.jar.has('hearth_session'));
	});
});

// ---- managing it -------------------------------------------------------------------------------

describe('managing two-factor', () => {
	test('new recovery codes need a current code; the old ones stop working', async () => {
		const u = await userWith2fa();
		assertProblem(await u.c.postJson('/auth/2fa/recovery-codes', { code: wrongCode(u.auth) }), 422);
		const html = await u.c.postForm('/auth/2fa/recovery-codes', { code: wrongCode(u.auth) });
		assertHtml(html, 422);
		const fresh = assertJson(await u.c.postJson('/auth/2fa/recovery-codes', { code: await u.auth.next() }), 200);
		assert.equal(fresh.recovery_codes.length, 10);
		assert.equal(fresh.recovery_codes.filter((x) => u.codes.includes(x)).length, 0);
		// Replay of that code is refused here too.
		assertProblem(await u.c.postJson('/auth/2fa/recovery-codes', { code: u.auth.used() }), 422);
		const a = await passwordStep(u.user);
		assertHtml(await a.c.postForm('/auth/login/2fa', { code: u.codes[1], _csrf: codeStepForm(a.r.text).csrf }), 401, 'old code');
		assertRedirect(await a.c.postForm('/auth/login/2fa', { code: fresh.recovery_codes[1], _csrf: codeStepForm(a.r.text).csrf }));
		assert.equal(auditCount('auth.2fa_recovery_codes_replaced', u.user.id), 1);
	});

	test('turning it off needs the password and a code; then sign-in is one step and remembered browsers are gone', async () => {
		const u = await userWith2fa();
		// Remember one browser first.
		const { c, r } = await passwordStep(u.user);
		assertRedirect(await c.postForm('/auth/login/2fa', { code: await u.auth.next(), remember: '1', _csrf: codeStepForm(r.text).csrf }));
		assert.equal(Number(sql(`SELECT count(*) FROM auth.trusted_devices WHERE user_id = :'u'`, { u: String(u.user.id) })), 1);

		let p = assertProblem(await u.c.postJson('/auth/2fa/disable', { password: 'not the password at all', code: wrongCode(u.auth) }), 422);
		assert.ok(p.errors.password, JSON.stringify(p));
		p = assertProblem(await u.c.postJson('/auth/2fa/disable', { password: u.user.password, code: wrongCode(u.auth) }), 422);
		assert.ok(p.errors.code, JSON.stringify(p));
		const page = await u.c.postForm('/auth/2fa/disable', { password: u.user.password, totp: wrongCode(u.auth) });
		assert.match(textOf(assertHtml(page, 422)), /That code is not right/);
		const off = await u.c.postForm('/auth/2fa/disable', { password: u.user.password, totp: await u.auth.next() });
		assert.equal(assertRedirect(off), '/auth/2fa');
		const id = String(u.user.id);
		assert.equal(sql(`SELECT count(*) FROM auth.user_totp WHERE user_id = :'u' AND secret IS NOT NULL`, { u: id }), '0');
		assert.equal(sql(`SELECT count(*) FROM auth.recovery_codes WHERE user_id = :'u'`, { u: id }), '0');
		assert.equal(sql(`SELECT count(*) FROM auth.trusted_devices WHERE user_id = :'u'`, { u: id }), '0');
		assert.equal(auditCount('auth.2fa_disabled', u.user.id), 1);
		const s = assertJson(await u.c.getJson('/auth/2fa'), 200);
		assert.equal(s.enabled, false);
		assertProblem(await u.c.postJson('/auth/2fa/disable', { password: u.user.password, code: '123456' }), 409);
		// Sign-in: password only again.
		const again = await passwordStep(u.user);
		assertRedirect(again.r);
		assert.ok(again.c.jar.has('hearth_session'));
	});
});

// ---- policy --------------------------------------------------------------------------------------

describe('policy: roles that require two-factor', () => {
	const role = `tf_${RUN}`.replace(/[^a-z0-9_]/g, '');
	let admin;
	before(async () => {
		sql(`INSERT INTO auth.roles (name, description) VALUES (:'r', 'Two-factor test role');
		     INSERT INTO auth.role_permissions (role, permission) VALUES (:'r', 'customers:read');`, { r: role });
		admin = await signIn(USERS.admin);
	});
	after(() => {
		sql(`UPDATE auth.roles SET require_2fa = false WHERE name = :'r';
		     DELETE FROM auth.users WHERE role = :'r';
		     DELETE FROM auth.roles WHERE name = :'r';`, { r: role });
	});

	async function setPolicy(mutate) {
		const cur = assertJson(await admin.getJson('/auth/2fa/policy'), 200);
		const want = cur.roles.filter((x) => x.require_2fa).map((x) => x.name);
		return admin.postJson('/auth/2fa/policy', { require_2fa: mutate(want), version: cur.version });
	}

	test('admins only; unknown roles and stale versions are refused', async () => {
		const sales = await signIn(USERS.sales);
		assertProblem(await sales.getJson('/auth/2fa/policy'), 403);
		assertProblem(await sales.postJson('/auth/2fa/policy', { require_2fa: [], version: 1 }), 403);
		const cur = assertJson(await admin.getJson('/auth/2fa/policy'), 200);
		assert.ok(cur.roles.some((x) => x.name === role && x.require_2fa === false));
		const bad = assertProblem(await admin.postJson('/auth/2fa/policy', { require_2fa: ['no-such-role'], version: cur.version }), 422);
		assert.ok(bad.errors.require_2fa);
		assertProblem(await admin.postJson('/auth/2fa/policy', { require_2fa: 'admin', version: cur.version }), 422);
		assertProblem(await admin.postJson('/auth/2fa/policy', { require_2fa: [] }), 422);
		const stale = (cur.version % 2147483000) + 1;
		assertProblem(await admin.postJson('/auth/2fa/policy', { require_2fa: [], version: stale }), 409);
		const html = assertHtml(await admin.getHtml('/auth/2fa/policy'), 200);
		assert.match(html, new RegExp(`name="require_2fa" value="${role}"`));
	});

	test('HTML: the policy form ticks roles (repeated require_2fa fields); a stale form shows the conflict', async () => {
		const html = assertHtml(await admin.getHtml('/auth/2fa/policy'), 200);
		assert.equal(breadcrumbs(html), 'Two-factor sign-in Policy');
		const version = inputValue(html, 'version');
		assert.match(version, /^\d+$/);
		const ticked = tags(html, 'input').map(attrsOf).filter((a) => a.name === 'require_2fa' && 'checked' in a).map((a) => a.value);
		assert.ok(!ticked.includes(role));
		const fields = [['version', version], ...[...ticked, role].map((n) => ['require_2fa', n])];
		const r = await admin.postForm('/auth/2fa/policy', fields);
		assert.equal(assertRedirect(r), '/auth/2fa/policy');
		const after1 = assertHtml(await admin.getHtml('/auth/2fa/policy'), 200);
		const mine = tags(after1, 'input').map(attrsOf).find((a) => a.name === 'require_2fa' && a.value === role);
		assert.ok(mine && 'checked' in mine, 'the role is ticked after saving');
		// The form read before that save is stale now: 409, nothing saved, the conflict said plainly.
		const stale = await admin.postForm('/auth/2fa/policy', [['version', version], ...ticked.map((n) => ['require_2fa', n])]);
		assert.match(textOf(assertHtml(stale, 409)), /Someone else changed the policy/);
		assert.ok(sql(`SELECT require_2fa FROM auth.roles WHERE name = :'r'`, { r: role }) === 't');
		// Untick it again with the current version.
		const v2 = inputValue(after1, 'version');
		assert.notEqual(v2, version);
		assertRedirect(await admin.postForm('/auth/2fa/policy', [['version', v2], ...ticked.map((n) => ['require_2fa', n])]));
		assert.ok(sql(`SELECT require_2fa FROM auth.roles WHERE name = :'r'`, { r: role }) === 'f');
	});

	test('a user of a required role without two-factor is held at /auth/2fa until they enrol, and cannot turn it off', async () => {
		const user = makeUser(role);
		const before2fa = await signIn(user.email, user.password);     // before the policy: free
		assertJson(await before2fa.getJson('/customers?limit=1'), 200);

		const set = await setPolicy((w) => [...w, role]);
		const pol = assertJson(set, 200, 'set policy');
		assert.ok(pol.roles.some((x) => x.name === role && x.require_2fa === true));
		assert.match(sql(`SELECT after::text FROM core.audit WHERE action = 'auth.2fa_policy' ORDER BY id DESC LIMIT 1`), new RegExp(role));

		// The session already open is held from its next request, in every family.
		const c = before2fa;
		const h = await c.getHtml('/customers');
		assert.equal(assertRedirect(h), '/auth/2fa');
		const j = assertProblem(await c.getJson('/customers'), 403);
		assert.match(j.detail, /two-factor enrolment required/i);
		assertProblem(await c.getJson('/auth/2fa/policy'), 403);
		assert.equal(assertRedirect(await c.getHtml('/auth/roles')), '/auth/2fa');
		// What stays open: the enrolment pages, /auth/me, sign-out.
		assertJson(await c.getJson('/auth/me'), 200);
		const s = assertJson(await c.getJson('/auth/2fa'), 200);
		assert.equal(s.required, true);
		const page = assertHtml(await c.getHtml('/auth/2fa'), 200);
		assert.match(textOf(page), /Your role requires two-factor sign-in/);

		// A fresh sign-in gets a session (password only) and the same hold.
		const d = await passwordStep(user);
		assert.equal(assertRedirect(d.r), '/customers');
		assert.equal(assertRedirect(await d.c.getHtml('/customers')), '/auth/2fa');

		// Enrol: free again.
		const auth = new Authenticator(s.secret);
		assertJson(await c.postJson('/auth/2fa/confirm', { code: await auth.next() }), 200);
		assertJson(await c.getJson('/customers?limit=1'), 200);
		assertHtml(await c.getHtml('/customers'), 200);
		// And it cannot be turned off while the role requires it.
		const no = assertProblem(await c.postJson('/auth/2fa/disable', { password: user.password, code: wrongCode(auth) }), 403);
		assert.match(no.detail, /requires two-factor/);
		assert.equal(sql(`SELECT count(*) FROM auth.user_totp WHERE user_id = :'u' AND enabled_at IS NOT NULL`, { u: String(user.id) }), '1');

		// The logout route stays open for a held user too.
		const held = makeUser(role);
		const hc = await passwordStep(held);
		assertRedirect(hc.r);
		await hc.c.loadCsrf('/auth/2fa');
		const out = await hc.c.postForm('/auth/logout', {});
		assert.equal(assertRedirect(out), '/auth/login');

		const unset = await setPolicy((w) => w.filter((x) => x !== role));
		assertJson(unset, 200, 'unset policy');
	});
});
