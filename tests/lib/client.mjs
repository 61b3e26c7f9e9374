// A small HTTP client for the integration and e2e tests: a cookie jar,
// sign-in, CSRF token extraction, JSON/form/multipart helpers and a few
// HTML helpers. It speaks to the real stack at HEARTH_URL; no mocks.
// Every JSON answer it receives is checked against the API contract
// (/openapi.json, lib/contract.mjs): one that drifts fails the test.
//
//   const c = await signIn('sales@demo.hearth');
//   const r = await c.postJson('/customers', { name: 'x' });   // X-CSRF-Token sent
//   assert.equal(r.status, 201);
//
// Every request is sent with redirect: 'manual', so a test sees the 303s.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { assertConforms } from './contract.mjs';

export const BASE = (process.env.HEARTH_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const PASSWORD = 'hearth-demo-2026';
export const USERS = {
	admin: 'admin@demo.hearth',
	manager: 'manager@demo.hearth',
	sales: 'sales@demo.hearth',
	tech: 'tech@demo.hearth',
	office: 'office@demo.hearth',
	viewer: 'viewer@demo.hearth',
};

/** A suffix unique to this run (and this process), for names and tags. */
export const RUN = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** n lower-case letters, random: for words that must be unique and fuzzy-searchable. */
export function letters(n) {
	const a = 'bcdfghjklmnpqrstvwxz';
	const b = randomBytes(n);
	let s = '';
	for (let i = 0; i < n; i++) s += a[b[i] % a.length];
	return s;
}

/** n random decimal digits. */
export function digits(n) {
	const b = randomBytes(n);
	let s = '';
	for (let i = 0; i < n; i++) s += String(b[i] % 10);
	return s;
}

// Set-Cookie lines of a response (getSetCookie where fetch has it).
function setCookies(res) {
	if (typeof res.headers.getSetCookie === 'function') return res.headers.getSetCookie();
	const raw = res.headers.get('set-cookie');
	return raw ? raw.split(/,\s*(?=[^;=\s]+=)/) : [];
}

/** A parsed Set-Cookie: { name, value, attrs: { httponly: true, samesite: 'Lax', 'max-age': '0', ... } } */
export function parseSetCookie(line) {
	const parts = line.split(';').map((s) => s.trim());
	const [nv, ...rest] = parts;
	const eq = nv.indexOf('=');
	const attrs = {};
	for (const a of rest) {
		const i = a.indexOf('=');
		if (i < 0) attrs[a.toLowerCase()] = true;
		else attrs[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
	}
	return { name: nv.slice(0, eq), value: nv.slice(eq + 1), attrs };
}

export class Client {
	constructor() {
		this.jar = new Map();     // name -> value
		this.csrf = null;         // the signed-in session's token (meta csrf-token)
		this.lastSetCookies = []; // parsed Set-Cookie lines of the last response
	}

	cookieHeader() {
		return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	/** Copy of this client with the same cookies (e.g. to keep an old session cookie). */
	clone() {
		const c = new Client();
		c.jar = new Map(this.jar);
		c.csrf = this.csrf;
		return c;
	}

	/**
	 * fetch(path) with the jar's cookies; never follows redirects. opts as
	 * fetch's, plus accept (shorthand for the Accept header).
	 */
	async fetch(path, opts = {}) {
		const headers = new Headers(opts.headers || {});
		if (opts.accept) headers.set('Accept', opts.accept);
		const cookie = this.cookieHeader();
		if (cookie && !headers.has('Cookie')) headers.set('Cookie', cookie);
		const url = path.startsWith('http') ? path : BASE + path;
		const res = await fetch(url, { ...opts, headers, redirect: 'manual' });
		// Every JSON answer must be what /openapi.json says (contract.mjs):
		// a drift fails the test that received it.
		await assertConforms(BASE, { method: opts.method || 'GET', url, res, requestBody: opts.body });
		this.lastSetCookies = setCookies(res).map(parseSetCookie);
		for (const c of this.lastSetCookies) {
			if (c.value === '' || c.attrs['max-age'] === '0') this.jar.delete(c.name);
			else this.jar.set(c.name, c.value);
		}
		return res;
	}

	/** GET as a browser would ask (HTML): { res, status, headers, text }. */
	async getHtml(path, opts = {}) {
		const res = await this.fetch(path, { ...opts, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' });
		return { res, status: res.status, headers: res.headers, text: await res.text() };
	}

	/** GET with Accept: application/json: { res, status, headers, body (parsed or null), text }. */
	async getJson(path, opts = {}) {
		const res = await this.fetch(path, { ...opts, accept: 'application/json' });
		return wrapJson(res);
	}

	/**
	 * A JSON request (POST/PATCH/DELETE...) with the session's CSRF token in
	 * X-CSRF-Token (unless csrf: false, or csrf: 'value' to send that).
	 */
	async json(method, path, body, opts = {}) {
		const headers = { ...(opts.headers || {}) };
		if (body !== undefined) headers['Content-Type'] = 'application/json';
		const token = opts.csrf === undefined ? this.csrf : opts.csrf;
		if (token) headers['X-CSRF-Token'] = token;
		const res = await this.fetch(path, {
			method,
			headers,
			accept: 'application/json',
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		return wrapJson(res);
	}

	postJson(path, body, opts) { return this.json('POST', path, body, opts); }
	patchJson(path, body, opts) { return this.json('PATCH', path, body, opts); }
	deleteJson(path, opts) { return this.json('DELETE', path, undefined, opts); }

	/**
	 * An HTML form POST (urlencoded), as a browser sends it: _csrf added
	 * from the session unless fields has _csrf or csrf: false.
	 * fields: object or array of [name, value] pairs. Returns { res, status, headers, text }.
	 */
	async postForm(path, fields, opts = {}) {
		const p = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields));
		const token = opts.csrf === undefined ? this.csrf : opts.csrf;
		if (!p.has('_csrf') && token) p.append('_csrf', token);
		const res = await this.fetch(path, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) },
			accept: opts.accept || 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
			body: p.toString(),
		});
		return { res, status: res.status, headers: res.headers, text: await res.text() };
	}

	/** A multipart POST of a FormData (the CSRF token goes in the X-CSRF-Token header). */
	async postMultipart(path, formData, opts = {}) {
		const headers = { ...(opts.headers || {}) };
		const token = opts.csrf === undefined ? this.csrf : opts.csrf;
		if (token) headers['X-CSRF-Token'] = token;
		const res = await this.fetch(path, {
			method: 'POST',
			headers,
			accept: opts.accept || 'application/json',
			body: formData,
		});
		return wrapJson(res);
	}

	/** The CSRF token of a signed-in page (<meta name="csrf-token">), stored in this.csrf. */
	async loadCsrf(path = '/customers') {
		const { status, text } = await this.getHtml(path);
		assert.equal(status, 200, `GET ${path} for the CSRF token: ${status}`);
		const t = metaContent(text, 'csrf-token');
		assert.ok(t, `no <meta name="csrf-token"> on ${path}`);
		this.csrf = t;
		return t;
	}
}

async function wrapJson(res) {
	const text = await res.text();
	let body = null;
	if (text.length > 0) {
		try {
			body = JSON.parse(text);
		} catch {
			body = null;
		}
	}
	return { res, status: res.status, headers: res.headers, body, text };
}

/** GET /auth/login: the sign-in form's _csrf (the hearth_pre cookie lands in the jar). */
export async function loginFormToken(client) {
	const { status, text } = await client.getHtml('/auth/login');
	assert.equal(status, 200, `GET /auth/login: ${status}`);
	const t = inputValue(text, '_csrf');
	assert.ok(t, 'the sign-in form has no hidden _csrf input');
	return t;
}

/**
 * Sign in through the HTML form (as a browser), then read the session's
 * CSRF token from a signed-in page. Returns the Client.
 */
export async function signIn(email, password = PASSWORD, { csrfFrom = '/customers' } = {}) {
	const c = new Client();
	const token = await loginFormToken(c);
	const r = await c.postForm('/auth/login', { email, password, _csrf: token, next: '/customers' });
	assert.equal(r.status, 303, `sign-in as ${email}: ${r.status} ${r.text.slice(0, 300)}`);
	assert.ok(c.jar.has('hearth_session'), `sign-in as ${email} set no hearth_session cookie`);
	await c.loadCsrf(csrfFrom);
	return c;
}

// ---- HTML helpers -----------------------------------------------------------

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decode HTML character references (named basics, &#NN;, &#xNN;). */
export function decodeEntities(s) {
	return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
		if (e[0] === '#') {
			const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
			return String.fromCodePoint(n);
		}
		return ENTITIES[e.toLowerCase()] ?? m;
	});
}

/** HTML-escape as the templates must (the minimal body-context form). */
export function escapeHtml(s) {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The visible-ish text of a page: tags, scripts and styles gone, entities decoded, spaces collapsed. */
export function textOf(html) {
	return decodeEntities(
		html.replace(/<script[\s\S]*?<\/script>/gi, ' ')
			.replace(/<style[\s\S]*?<\/style>/gi, ' ')
			.replace(/<[^>]*>/g, ' '),
	).replace(/\s+/g, ' ').trim();
}

/** Attributes of a start tag's source ('<input name="a" value="b">') as an object (values decoded). */
export function attrsOf(tag) {
	const out = {};
	const re = /([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
	const inner = tag.replace(/^<\s*[a-z0-9-]+/i, '').replace(/\/?>$/, '');
	let m;
	while ((m = re.exec(inner))) {
		const v = m[2] ?? m[3] ?? m[4];
		out[m[1].toLowerCase()] = v === undefined ? '' : decodeEntities(v);
	}
	return out;
}

/** Every start tag <name ...> in html. */
export function tags(html, name) {
	return html.match(new RegExp(`<${name}\\b[^>]*>`, 'gi')) || [];
}

/** The decoded value of the first <input name=NAME>, or null. */
export function inputValue(html, name) {
	for (const t of tags(html, 'input')) {
		const a = attrsOf(t);
		if (a.name === name) return a.value ?? '';
	}
	return null;
}

/** The decoded text of <textarea name=NAME>, or null. */
export function textareaValue(html, name) {
	const re = /<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi;
	let m;
	while ((m = re.exec(html))) {
		if (attrsOf(`<textarea${m[1]}>`).name === name) return decodeEntities(m[2].replace(/^\n/, ''));
	}
	return null;
}

/** content of <meta name=NAME>, or null. */
export function metaContent(html, name) {
	for (const t of tags(html, 'meta')) {
		const a = attrsOf(t);
		if (a.name === name) return a.content ?? null;
	}
	return null;
}

/** The element with id=ID and its text (up to its first closing tag of the same name), or null. */
export function elementText(html, id) {
	const re = new RegExp(`<([a-z0-9]+)\\b[^>]*\\bid\\s*=\\s*"${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`, 'i');
	const m = re.exec(html);
	if (!m) return null;
	const rest = html.slice(m.index + m[0].length);
	const end = rest.search(new RegExp(`</${m[1]}>`, 'i'));
	return textOf(end < 0 ? rest : rest.slice(0, end));
}

// ---- assertions ----------------------------------------------------------------

/** Assert an application/problem+json answer with the given status; returns the parsed body. */
export function assertProblem(r, status, what = '') {
	const ct = r.headers.get('content-type') || '';
	assert.equal(r.status, status, `${what} status ${r.status}, want ${status}: ${r.text.slice(0, 400)}`);
	assert.match(ct, /^application\/problem\+json/, `${what} content-type ${ct}`);
	assert.ok(r.body && typeof r.body === 'object', `${what} body is not JSON: ${r.text.slice(0, 200)}`);
	assert.equal(r.body.status, status, `${what} problem.status`);
	assert.equal(typeof r.body.title, 'string', `${what} problem.title`);
	assert.equal(typeof r.body.type, 'string', `${what} problem.type`);
	assert.equal(typeof r.body.detail, 'string', `${what} problem.detail`);
	return r.body;
}

/** Assert a 2xx JSON answer with the given status; returns the body. */
export function assertJson(r, status, what = '') {
	assert.equal(r.status, status, `${what} status ${r.status}, want ${status}: ${r.text.slice(0, 400)}`);
	assert.match(r.headers.get('content-type') || '', /^application\/json/, `${what} content-type`);
	return r.body;
}

/** Assert an HTML page with the given status. */
export function assertHtml(r, status, what = '') {
	assert.equal(r.status, status, `${what} status ${r.status}, want ${status}: ${(r.text || '').slice(0, 300)}`);
	assert.match(r.headers.get('content-type') || '', /^text\/html/, `${what} content-type`);
	return r.text;
}

/** Assert a redirect (303 by default) and return its Location. */
export function assertRedirect(r, status = 303, what = '') {
	assert.equal(r.status, status, `${what} status ${r.status}, want ${status}: ${(r.text || '').slice(0, 300)}`);
	const loc = r.headers.get('location');
	assert.ok(loc, `${what} no Location`);
	return loc;
}

/** Create a customer over JSON as client c; returns the record. */
export async function createCustomer(c, fields) {
	const r = await c.postJson('/customers', fields);
	const body = assertJson(r, 201, `create customer ${JSON.stringify(fields).slice(0, 80)}`);
	assert.equal(r.headers.get('location'), `/customers/${body.id}`);
	return body;
}

/** Walk every page of a JSON list (following next); returns all items. */
export async function listAll(c, path, max = 100) {
	const items = [];
	let url = path;
	for (let i = 0; i < max; i++) {
		const r = await c.getJson(url);
		const body = assertJson(r, 200, `GET ${url}`);
		items.push(...body.items);
		if (!body.next) return items;
		url = `${path}${path.includes('?') ? '&' : '?'}after=${encodeURIComponent(body.next)}`;
	}
	throw new Error(`more than ${max} pages at ${path}`);
}

/** Parse RFC 4180 CSV into rows of fields. */
export function parseCsv(text) {
	const rows = [];
	let row = [], field = '', i = 0, quoted = false;
	while (i < text.length) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
				quoted = false; i++; continue;
			}
			field += ch; i++; continue;
		}
		if (ch === '"' && field === '') { quoted = true; i++; continue; }
		if (ch === ',') { row.push(field); field = ''; i++; continue; }
		if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
		if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
		field += ch; i++;
	}
	if (field !== '' || row.length) { row.push(field); rows.push(row); }
	return rows;
}
