// What nginx answers itself (an unknown address, an address too long, a
// body too large, a family that is down) looks like the responders'
// answers: the branded page to a browser, application/problem+json
// (DESIGN §4) to a script — never nginx's bare page, never HTML to JSON.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { BASE, RUN } from '../lib/client.mjs';

const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';
const JSON_ = 'application/json';

async function get(path, accept) {
	const res = await fetch(BASE + path, { headers: { Accept: accept }, redirect: 'manual' });
	return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The branded page: the app's stylesheet and error markup, the security headers, no inline script or style. */
function assertPage(r, status, title) {
	assert.equal(r.status, status, r.text.slice(0, 300));
	assert.match(r.headers.get('content-type') || '', /^text\/html/);
	assert.match(r.headers.get('content-security-policy') || '', /default-src 'self'/);
	assert.match(r.text, /<link rel="stylesheet" href="\/static\/css\/hearth\.css">/);
	assert.match(r.text, /<div class="error-page">/);
	assert.match(r.text, new RegExp(`<p class="error-code">${status}</p>`));
	assert.match(r.text, new RegExp(`<h1>${title}</h1>`));
	assert.doesNotMatch(r.text, /<center>|nginx/i, 'not nginx\'s own page');
	assert.doesNotMatch(r.text, /<script|<style| style=/i);
	assert.doesNotMatch(r.text, /<!--#/, 'every SSI command was run');
}

function assertProblemOf(r, status, title) {
	assert.equal(r.status, status, r.text.slice(0, 300));
	assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
	const p = JSON.parse(r.text);
	assert.equal(p.status, status);
	assert.equal(p.title, title);
	assert.equal(p.type, 'about:blank');
	assert.equal(typeof p.detail, 'string');
	assert.ok(p.detail.length > 10);
	return p;
}

/** A request that announces a body over nginx's limit and sends none: nginx answers before reading it. */
function announceHugeBody(accept) {
	return new Promise((resolve, reject) => {
		const u = new URL(`${BASE}/customers`);
		const req = http.request({
			host: u.hostname, port: u.port, path: u.pathname, method: 'POST',
			headers: { 'Content-Type': 'application/json', 'Content-Length': 30 * 1024 * 1024, Accept: accept },
		}, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (d) => { text += d; });
			res.on('end', () => resolve({ status: res.statusCode, headers: new Headers(res.headers), text }));
		});
		req.on('error', (e) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
		req.flushHeaders();
		setTimeout(() => { req.destroy(); reject(new Error('no answer in 10 s')); }, 10000).unref();
	});
}

/** A request with a header line nginx cannot read: its 400, parsed into { status, headers, text }. */
function badHeader(accept) {
	return new Promise((resolve, reject) => {
		const u = new URL(BASE);
		const sock = net.connect(Number(u.port), u.hostname, () => {
			sock.end(`GET /customers HTTP/1.1\r\nHost: ${u.host}\r\nAccept: ${accept}\r\nConnection: close\r\nNo colon here\r\n\r\n`);
		});
		let raw = '';
		sock.setEncoding('utf8');
		sock.on('data', (d) => { raw += d; });
		sock.on('error', reject);
		sock.on('end', () => {
			const [head, ...body] = raw.split('\r\n\r\n');
			const [statusLine, ...lines] = head.split('\r\n');
			const headers = new Headers(lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
			let text = body.join('\r\n\r\n');
			if (/chunked/i.test(headers.get('transfer-encoding') || '')) text = text.replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n/gi, '');
			resolve({ status: Number(statusLine.split(' ')[1]), headers, text });
		});
	});
}

describe('nginx\'s own errors', () => {
	test('an unknown address → 404: the page to a browser, problem+json to a script', async () => {
		assertPage(await get(`/no-such-page-${RUN}`, HTML), 404, 'Page not found');
		assertProblemOf(await get(`/no-such-page-${RUN}`, JSON_), 404, 'Page not found');
		assertProblemOf(await get(`/no-such-page-${RUN}?format=json`, HTML), 404, 'Page not found');
		// a missing static file too
		assertPage(await get(`/static/css/none-${RUN}.css`, HTML), 404, 'Page not found');
	});

	test('an address too long → 414, both forms; far too long (before the headers are read) → the page', async () => {
		const long = `/customers?q=${'a'.repeat(5000)}`;
		assertPage(await get(long, HTML), 414, 'Address too long');
		assertProblemOf(await get(long, JSON_), 414, 'Address too long');
		assertPage(await get(`/customers?q=${'a'.repeat(20000)}`, JSON_), 414, 'Address too long');
		// just under the limit still reaches the responder (signed out: 401)
		assert.equal((await get(`/customers?q=${'a'.repeat(4000)}`, JSON_)).status, 401);
	});

	test('a body too large → 413, both forms', async () => {
		assertPage(await announceHugeBody(HTML), 413, 'Request too large');
		assertProblemOf(await announceHugeBody(JSON_), 413, 'Request too large');
	});

	test('a request nginx cannot read → 400, both forms', async () => {
		assertPage(await badHeader(HTML), 400, 'Bad request');
		assertProblemOf(await badHeader(JSON_), 400, 'Bad request');
	});

	test('a method nginx does not take → 405, both forms', async () => {
		const post = (accept) => fetch(`${BASE}/static/css/hearth.css`, { method: 'POST', headers: { Accept: accept } })
			.then(async (res) => ({ status: res.status, headers: res.headers, text: await res.text() }));
		assertPage(await post(HTML), 405, 'Method not allowed');
		assertProblemOf(await post(JSON_), 405, 'Method not allowed');
	});

	test('a responder that is down → 503 with Retry-After, both forms', async () => {
		// /_bench/hello answers only while tests/load/run has started it (dev config).
		const page = await get('/_bench/hello', HTML);
		assertPage(page, 503, 'Temporarily unavailable');
		assert.equal(page.headers.get('retry-after'), '5');
		const p = await get('/_bench/hello', JSON_);
		assertProblemOf(p, 503, 'Temporarily unavailable');
		assert.equal(p.headers.get('retry-after'), '5');
	});

	test('the responders\' own errors pass through unchanged', async () => {
		const r = await get('/customers', JSON_);
		assert.equal(r.status, 401);
		assert.equal(JSON.parse(r.text).title, 'Sign-in required');
		assert.equal((await get('/customers/healthz', JSON_)).status, 200);
		assert.equal((await get('/customers/healthz', JSON_)).headers.get('retry-after'), null);
	});
});
