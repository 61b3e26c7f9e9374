// The customer record over HTTP: every route in HTML and JSON, validation,
// optimistic concurrency, ETags, and the protocol errors (DESIGN §4).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import {
	USERS, RUN, signIn, assertProblem, assertJson, assertHtml, assertRedirect, createCustomer,
	inputValue, textareaValue, textOf, elementText,
} from '../lib/client.mjs';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]00:00)$/;

let sales;
before(async () => { sales = await signIn(USERS.sales); });

describe('customers: JSON', () => {
	test('create → 201 + Location, the record in snake_case with id, version, timestamps', async () => {
		const fields = {
			kind: 'commercial', name: `Acme Lofts ${RUN}`, email: `frontdesk.${RUN}@acme-lofts.example`,
			phone: '(612) 555-0199', billing_line1: '100 Main St', billing_line2: 'Suite 4', billing_city: 'Minneapolis',
			billing_region: 'MN', billing_postal_code: '55401', billing_country: 'US', tags: ['vip', `t${RUN}`],
			notes: 'Gate code in the office.\nSecond line.',
		};
		const r = await sales.postJson('/customers', fields);
		const c = assertJson(r, 201);
		assert.equal(r.headers.get('location'), `/customers/${c.id}`);
		assert.equal(typeof c.id, 'number');
		assert.equal(c.version, 1);
		for (const [k, v] of Object.entries(fields)) assert.deepEqual(c[k], v, k);
		assert.match(c.created_at, RFC3339);
		assert.match(c.updated_at, RFC3339);
		assert.equal(c.archived_at, null);
	});

	test('show → 200 with contacts, properties, communications, documents', async () => {
		const c = await createCustomer(sales, { name: `Show Me ${RUN}` });
		const r = await sales.getJson(`/customers/${c.id}`);
		const s = assertJson(r, 200);
		assert.equal(s.id, c.id);
		assert.equal(s.name, `Show Me ${RUN}`);
		for (const k of ['contacts', 'properties', 'communications', 'documents']) assert.ok(Array.isArray(s[k]), k);
		assert.equal(s.kind, 'residential', 'kind defaults to residential');
		// ?format=json works without the Accept header.
		const f = await sales.fetch(`/customers/${c.id}?format=json`);
		assert.equal(f.status, 200);
		assert.match(f.headers.get('content-type'), /^application\/json/);
		assert.equal((await f.json()).id, c.id);
	});

	test('list → {items, next}; filters kind, tag, archived; sort whitelist; limit bounds', async () => {
		const tag = `list${RUN}`;
		const a = await createCustomer(sales, { name: `Lister A ${RUN}`, kind: 'residential', tags: [tag] });
		const b = await createCustomer(sales, { name: `Lister B ${RUN}`, kind: 'commercial', tags: [tag] });
		const all = assertJson(await sales.getJson(`/customers?tag=${tag}`), 200);
		assert.deepEqual(Object.keys(all).sort(), ['items', 'next']);
		assert.deepEqual(all.items.map((i) => i.id), [a.id, b.id], 'sorted by name');
		assert.equal(all.next, null);
		const com = assertJson(await sales.getJson(`/customers?tag=${tag}&kind=commercial`), 200);
		assert.deepEqual(com.items.map((i) => i.id), [b.id]);
		const newest = assertJson(await sales.getJson(`/customers?tag=${tag}&sort=-created_at`), 200);
		assert.deepEqual(newest.items.map((i) => i.id), [b.id, a.id]);
		assertProblem(await sales.getJson('/customers?sort=password_hash'), 422);
		assertProblem(await sales.getJson('/customers?limit=201'), 422);
		assertProblem(await sales.getJson('/customers?limit=0'), 422);
		assertProblem(await sales.getJson('/customers?kind=villa'), 422);
		assertProblem(await sales.getJson('/customers?after=not-a-cursor'), 422);
		// In HTML the page says what is wrong, and no empty state pretends there are no customers.
		for (const path of ['/customers?sort=password_hash', '/contacts?sort=password_hash', '/properties?limit=0',
			'/communications?after=not-a-cursor', '/documents?sort=nope']) {
			const text = assertHtml(await sales.getHtml(path), 422, path);
			assert.match(text, /This list cannot be shown with these settings/, path);
			assert.doesNotMatch(text, /No (customers|contacts|properties|communications|documents) yet/, path);
		}
		assert.ok(assertJson(await sales.getJson('/customers?limit=200'), 200).items.length <= 200);
	});

	test('update with version → 200, version+1; with If-Match; absent fields keep their values', async () => {
		const c = await createCustomer(sales, { name: `Updater ${RUN}`, email: `u.${RUN}@example.com`, billing_city: 'Austin' });
		const u = assertJson(await sales.patchJson(`/customers/${c.id}`, { name: `Updated ${RUN}`, version: c.version }), 200);
		assert.equal(u.version, c.version + 1);
		assert.equal(u.name, `Updated ${RUN}`);
		assert.equal(u.email, `u.${RUN}@example.com`, 'a field not sent was changed');
		assert.equal(u.billing_city, 'Austin');
		const m = await sales.patchJson(`/customers/${c.id}`, { billing_city: 'Dallas' }, { headers: { 'If-Match': `W/"${u.version}"` } });
		const u2 = assertJson(m, 200);
		assert.equal(u2.version, u.version + 1);
		assert.equal(u2.billing_city, 'Dallas');
		const back = assertJson(await sales.getJson(`/customers/${c.id}`), 200);
		assert.equal(back.billing_city, 'Dallas');
		assert.equal(back.name, `Updated ${RUN}`);
	});

	test('update without a version → 422 errors.version', async () => {
		const c = await createCustomer(sales, { name: `No version ${RUN}` });
		const p = assertProblem(await sales.patchJson(`/customers/${c.id}`, { name: 'x' }), 422);
		assert.ok(p.errors && p.errors.version, JSON.stringify(p));
	});

	test('archive (DELETE) and restore', async () => {
		const tag = `arch${RUN}`;
		const c = await createCustomer(sales, { name: `Archivable ${RUN}`, tags: [tag] });
		const a = assertJson(await sales.deleteJson(`/customers/${c.id}`), 200);
		assert.match(a.archived_at, RFC3339);
		assert.equal(assertJson(await sales.getJson(`/customers?tag=${tag}`), 200).items.length, 0, 'archived still listed');
		const withArchived = assertJson(await sales.getJson(`/customers?tag=${tag}&archived=1`), 200);
		assert.deepEqual(withArchived.items.map((i) => i.id), [c.id]);
		// History stays: the record is still there.
		assert.match(assertJson(await sales.getJson(`/customers/${c.id}`), 200).archived_at, RFC3339);
		const r = assertJson(await sales.postJson(`/customers/${c.id}/restore`, {}), 200);
		assert.equal(r.archived_at, null);
		assert.deepEqual(assertJson(await sales.getJson(`/customers?tag=${tag}`), 200).items.map((i) => i.id), [c.id]);
	});

	test('unknown id → 404 problem+json (GET, PATCH, DELETE, restore)', async () => {
		assertProblem(await sales.getJson('/customers/999999999'), 404);
		assertProblem(await sales.getJson('/customers/abc'), 404);
		assertProblem(await sales.patchJson('/customers/999999999', { name: 'x', version: 1 }), 404);
		assertProblem(await sales.deleteJson('/customers/999999999'), 404);
		assertProblem(await sales.postJson('/customers/999999999/restore', {}), 404);
	});
});

describe('customers: HTML', () => {
	test('list page shows customers, keeps the search, links each to its page', async () => {
		const c = await createCustomer(sales, { name: `Htmlist ${RUN}` });
		const r = await sales.getHtml(`/customers?q=${encodeURIComponent(`Htmlist ${RUN}`)}`);
		const html = assertHtml(r, 200);
		assert.ok(textOf(html).includes(`Htmlist ${RUN}`));
		assert.match(html, new RegExp(`href="/customers/${c.id}"`));
		assert.equal(inputValue(html, 'q'), `Htmlist ${RUN}`, 'the search box does not keep q');
		assert.match(html, /<!doctype html>/i);
		assert.match(html, /<html\b[^>]*\blang="/i, 'no lang on <html>');
	});

	test('show page', async () => {
		const c = await createCustomer(sales, { name: `Htmlshow ${RUN}`, email: `hs.${RUN}@example.com`, phone: '612 555 0100' });
		const html = assertHtml(await sales.getHtml(`/customers/${c.id}`), 200);
		const t = textOf(html);
		assert.ok(t.includes(`Htmlshow ${RUN}`));
		assert.ok(t.includes(`hs.${RUN}@example.com`));
		assert.ok(html.includes(`href="/customers/${c.id}/edit"`), 'no link to the edit page');
	});

	test('new page: an empty form posting to /customers with _csrf', async () => {
		const html = assertHtml(await sales.getHtml('/customers/new'), 200);
		assert.match(html, /<form\b[^>]*\baction="\/customers"[^>]*>/);
		assert.match(html, /<form\b[^>]*\bmethod="post"/i);
		assert.ok(inputValue(html, '_csrf'), 'no _csrf');
		assert.equal(inputValue(html, 'name'), '');
		for (const f of ['email', 'phone', 'billing_city']) assert.notEqual(inputValue(html, f), null, `no ${f} field`);
		assert.match(html, /<label\b[^>]*\bfor="f-name"/, 'the name field has no label');
	});

	test('create by form → 303 to the new customer page, which shows it', async () => {
		const name = `Formmade ${RUN}`;
		const r = await sales.postForm('/customers', {
			kind: 'residential', name, email: `fm.${RUN}@example.com`, phone: '', tags: 'a, b', notes: '',
		});
		const loc = assertRedirect(r, 303);
		assert.match(loc, /^\/customers\/\d+$/);
		const html = assertHtml(await sales.getHtml(loc), 200);
		assert.ok(textOf(html).includes(name));
		const j = assertJson(await sales.getJson(loc), 200);
		assert.deepEqual(j.tags, ['a', 'b']);
	});

	test('edit page: the form filled from the record, with version', async () => {
		const c = await createCustomer(sales, { name: `Editme ${RUN}`, billing_city: 'Boise', tags: ['x', 'y'], notes: 'line 1\nline 2' });
		const html = assertHtml(await sales.getHtml(`/customers/${c.id}/edit`), 200);
		assert.equal(inputValue(html, 'name'), `Editme ${RUN}`);
		assert.equal(inputValue(html, 'billing_city'), 'Boise');
		assert.equal(inputValue(html, 'version'), String(c.version), 'no hidden version field');
		assert.equal(inputValue(html, '_method'), 'PATCH');
		assert.match(inputValue(html, 'tags'), /^x,\s*y$/);
		assert.equal(textareaValue(html, 'notes'), 'line 1\nline 2');
		assert.match(html, new RegExp(`<form\\b[^>]*\\baction="/customers/${c.id}"`));
	});

	test('update by form (_method=PATCH) → 303, saved', async () => {
		const c = await createCustomer(sales, { name: `Formedit ${RUN}` });
		const r = await sales.postForm(`/customers/${c.id}`, {
			_method: 'PATCH', version: String(c.version), kind: 'commercial', name: `Formedited ${RUN}`,
		});
		assert.equal(assertRedirect(r, 303), `/customers/${c.id}`);
		const j = assertJson(await sales.getJson(`/customers/${c.id}`), 200);
		assert.equal(j.name, `Formedited ${RUN}`);
		assert.equal(j.kind, 'commercial');
		assert.equal(j.version, c.version + 1);
		// The flash message is shown once on the next page.
		const page = assertHtml(await sales.getHtml(`/customers/${c.id}`), 200);
		assert.ok(textOf(page).includes('Customer saved.'), 'no flash after saving');
		const again = assertHtml(await sales.getHtml(`/customers/${c.id}`), 200);
		assert.ok(!textOf(again).includes('Customer saved.'), 'the flash is shown twice');
	});

	test('archive by form (_method=DELETE) and restore by form', async () => {
		const c = await createCustomer(sales, { name: `Formarch ${RUN}` });
		assert.equal(assertRedirect(await sales.postForm(`/customers/${c.id}`, { _method: 'DELETE' }), 303), `/customers/${c.id}`);
		assert.ok(assertJson(await sales.getJson(`/customers/${c.id}`), 200).archived_at);
		const page = assertHtml(await sales.getHtml(`/customers/${c.id}`), 200);
		assert.match(page, new RegExp(`<form\\b[^>]*action="/customers/${c.id}/restore"`), 'an archived customer page offers no restore');
		assert.equal(assertRedirect(await sales.postForm(`/customers/${c.id}/restore`, {}), 303), `/customers/${c.id}`);
		assert.equal(assertJson(await sales.getJson(`/customers/${c.id}`), 200).archived_at, null);
	});

	test('unknown id → 404 HTML page', async () => {
		const r = await sales.getHtml('/customers/999999999');
		assertHtml(r, 404);
		assertHtml(await sales.getHtml('/customers/999999999/edit'), 404);
	});
});

describe('validation', () => {
	const bad = { kind: 'villa', name: '   ', email: 'not-an-email', phone: 'call me maybe', tags: 'ok', billing_postal_code: 'x'.repeat(21) };

	test('JSON: 422 problem+json with an error per field (not just the first)', async () => {
		const p = assertProblem(await sales.postJson('/customers', bad), 422);
		for (const f of ['kind', 'name', 'email', 'phone', 'billing_postal_code']) {
			assert.equal(typeof p.errors?.[f], 'string', `no errors.${f} in ${JSON.stringify(p.errors)}`);
		}
		assert.equal(p.errors.tags, undefined);
	});

	test('JSON: wrong types are field errors, not 500', async () => {
		const p = assertProblem(await sales.postJson('/customers', { name: { a: 1 }, tags: 'x', email: ['a'] }), 422);
		assert.ok(p.errors.name && p.errors.email, JSON.stringify(p.errors));
		const q = assertProblem(await sales.postJson('/customers', { name: 'x'.repeat(201) }), 422);
		assert.ok(q.errors.name);
	});

	test('HTML: 422, the form again with the values kept and each message by its field', async () => {
		const r = await sales.postForm('/customers', { ...bad, name: '', billing_city: `Keepme ${RUN}`, notes: 'keep <these> notes' });
		const html = assertHtml(r, 422);
		assert.equal(inputValue(html, 'email'), 'not-an-email');
		assert.equal(inputValue(html, 'phone'), 'call me maybe');
		assert.equal(inputValue(html, 'billing_city'), `Keepme ${RUN}`);
		assert.equal(textareaValue(html, 'notes'), 'keep <these> notes');
		assert.ok(inputValue(html, '_csrf'), 'the form again has no _csrf');
		const j = assertProblem(await sales.postJson('/customers', { ...bad, name: '' }), 422);
		for (const f of ['name', 'email', 'phone']) {
			const msg = elementText(html, `f-${f}-error`);
			assert.ok(msg !== null, `no #f-${f}-error next to the ${f} field`);
			assert.ok(msg.includes(j.errors[f]), `#f-${f}-error says "${msg}", want "${j.errors[f]}"`);
			assert.match(html, new RegExp(`<(input|select|textarea)\\b[^>]*\\bid="f-${f}"[^>]*aria-invalid="true"`), `f-${f} not aria-invalid`);
		}
	});

	test('HTML edit with errors: 422, values kept, nothing saved', async () => {
		const c = await createCustomer(sales, { name: `Editbad ${RUN}`, email: `eb.${RUN}@example.com` });
		const r = await sales.postForm(`/customers/${c.id}`, { _method: 'PATCH', version: String(c.version), name: `Editbad2 ${RUN}`, email: 'nope' });
		const html = assertHtml(r, 422);
		assert.equal(inputValue(html, 'email'), 'nope');
		assert.equal(inputValue(html, 'name'), `Editbad2 ${RUN}`);
		const j = assertJson(await sales.getJson(`/customers/${c.id}`), 200);
		assert.equal(j.email, `eb.${RUN}@example.com`);
		assert.equal(j.version, c.version);
	});
});

describe('optimistic concurrency', () => {
	test('JSON: a stale version → 409 with the current record; nothing overwritten', async () => {
		const c = await createCustomer(sales, { name: `Race ${RUN}`, billing_city: 'Reno' });
		const other = await signIn(USERS.office);
		const first = assertJson(await other.patchJson(`/customers/${c.id}`, { name: `Race won ${RUN}`, version: c.version }), 200);
		const r = await sales.patchJson(`/customers/${c.id}`, { name: `Race lost ${RUN}`, billing_city: 'Elko', version: c.version });
		const p = assertProblem(r, 409);
		assert.ok(p.current, 'no "current" in the 409');
		assert.equal(p.current.id, c.id);
		assert.equal(p.current.version, first.version);
		assert.equal(p.current.name, `Race won ${RUN}`);
		const back = assertJson(await sales.getJson(`/customers/${c.id}`), 200);
		assert.equal(back.name, `Race won ${RUN}`);
		assert.equal(back.billing_city, 'Reno');
		assert.equal(back.version, first.version);
		// Stale If-Match too.
		assertProblem(await sales.patchJson(`/customers/${c.id}`, { name: 'x' }, { headers: { 'If-Match': `"${c.version}"` } }), 409);
	});

	test('HTML: a stale form → 409, the form again with the user\'s values and the saved ones', async () => {
		const c = await createCustomer(sales, { name: `Formrace ${RUN}` });
		assertJson(await sales.patchJson(`/customers/${c.id}`, { name: `Formrace saved ${RUN}`, version: c.version }), 200);
		const r = await sales.postForm(`/customers/${c.id}`, { _method: 'PATCH', version: String(c.version), name: `Formrace mine ${RUN}` });
		const html = assertHtml(r, 409);
		assert.equal(inputValue(html, 'name'), `Formrace mine ${RUN}`, 'the user\'s value is lost');
		assert.ok(textOf(html).includes(`Formrace saved ${RUN}`), 'the saved value is not shown');
		assert.equal(assertJson(await sales.getJson(`/customers/${c.id}`), 200).name, `Formrace saved ${RUN}`);
	});
});

describe('caching', () => {
	test('GET carries an ETag; If-None-Match → 304; a change → a new ETag', async () => {
		const c = await createCustomer(sales, { name: `Etag ${RUN}` });
		for (const get of [(h) => sales.getJson(`/customers/${c.id}`, { headers: h }), (h) => sales.getHtml(`/customers/${c.id}`, { headers: h })]) {
			const a = await get({});
			assert.equal(a.status, 200);
			const etag = a.headers.get('etag');
			assert.ok(etag, 'no ETag');
			const b = await get({ 'If-None-Match': etag });
			assert.equal(b.status, 304);
			assert.equal(b.text, '');
			const other = await get({ 'If-None-Match': 'W/"0000"' });
			assert.equal(other.status, 200);
		}
		const j = await sales.getJson(`/customers/${c.id}`);
		const etag = j.headers.get('etag');
		assertJson(await sales.patchJson(`/customers/${c.id}`, { notes: 'changed', version: c.version }), 200);
		const after = await sales.getJson(`/customers/${c.id}`, { headers: { 'If-None-Match': etag } });
		assert.equal(after.status, 200, 'a stale ETag got 304');
		assert.notEqual(after.headers.get('etag'), etag);
	});

	test('the list has an ETag too, and answers vary by Accept', async () => {
		const r = await sales.getJson('/customers?limit=5');
		assert.ok(r.headers.get('etag'));
		assert.match(r.headers.get('vary') || '', /Accept/i);
		const h = await sales.getHtml('/customers?limit=5');
		assert.notEqual(h.headers.get('etag'), r.headers.get('etag'), 'HTML and JSON share an ETag');
	});
});

describe('kept list answers', () => {
	// Every worker keeps the list's browse answers until PostgreSQL says
	// the table changed (lib/kept.h, sql/014). A change made through one
	// worker shows at once on all of them: each burst of requests below
	// reaches every worker (4), which kept the answer from before.
	const burst = async (path, n = 12) => Promise.all(Array.from({ length: n }, () => sales.getJson(path)));
	test('an edit, an archive and a restore show at once in the list, on every worker', async () => {
		const path = '/customers?sort=-updated_at&limit=3';
		const c = await createCustomer(sales, { name: `Kept ${RUN}` });
		for (const r of await burst(path)) assert.equal(assertJson(r, 200).items[0].id, c.id, 'the newest edit first');
		const p = assertJson(await sales.patchJson(`/customers/${c.id}`, { name: `Kept renamed ${RUN}`, version: c.version }), 200);
		for (const r of await burst(path)) assert.equal(assertJson(r, 200).items[0].name, `Kept renamed ${RUN}`, 'a kept answer from before the edit');
		assertJson(await sales.deleteJson(`/customers/${c.id}`), 200);
		for (const r of await burst(path)) assert.ok(!assertJson(r, 200).items.some((i) => i.id === c.id), 'archived, still listed');
		assertJson(await sales.postJson(`/customers/${c.id}/restore`, {}), 200);
		for (const r of await burst(path)) assert.equal(assertJson(r, 200).items[0].id, p.id, 'restored, not listed first');
		const html = await sales.getHtml(path);
		assert.ok(assertHtml(html, 200).includes(`Kept renamed ${RUN}`));
	});
});

describe('protocol errors', () => {
	test('unknown route → 404 (JSON problem, HTML page)', async () => {
		assertProblem(await sales.getJson('/customers/1/nothing-here'), 404);
		assertHtml(await sales.getHtml('/customers/1/nothing-here'), 404);
		const r = await sales.getJson('/no-such-family');
		assert.equal(r.status, 404);
	});

	test('wrong method → 405 with Allow', async () => {
		const r = await sales.json('PUT', '/customers', { name: 'x' });
		assertProblem(r, 405);
		const allow = (r.headers.get('allow') || '').split(/\s*,\s*/);
		for (const m of ['GET', 'POST']) assert.ok(allow.includes(m), `Allow: ${allow}`);
		const d = await sales.deleteJson('/customers');
		assertProblem(d, 405);
		const one = await sales.json('POST', '/customers/1', { name: 'x' });
		assertProblem(one, 405);
		const allow1 = (one.headers.get('allow') || '').split(/\s*,\s*/);
		for (const m of ['GET', 'PATCH', 'DELETE']) assert.ok(allow1.includes(m), `Allow: ${allow1}`);
	});

	test('malformed JSON → 400', async () => {
		for (const body of ['{"name":', '{"name": "a"} trailing', '[1,2]', '"just a string"', '{"name": "\u0000"}x']) {
			assertProblem(await sales.postJson('/customers', body), 400, body);
		}
	});

	test('wrong content type → 415', async () => {
		const r = await sales.fetch('/customers', {
			method: 'POST', accept: 'application/json',
			headers: { 'Content-Type': 'text/plain', 'X-CSRF-Token': sales.csrf }, body: 'name=Plain',
		});
		assert.equal(r.status, 415);
		assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
		const x = await sales.fetch('/customers', {
			method: 'POST', accept: 'application/json',
			headers: { 'Content-Type': 'application/xml', 'X-CSRF-Token': sales.csrf }, body: '<name>x</name>',
		});
		assert.equal(x.status, 415);
	});

	test('security headers on answers', async () => {
		const r = await sales.getHtml('/customers');
		const csp = r.headers.get('content-security-policy') || '';
		assert.match(csp, /default-src 'self'/);
		assert.doesNotMatch(csp, /unsafe-inline/);
		assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
		assert.match(csp + (r.headers.get('x-frame-options') || ''), /frame-ancestors 'none'|DENY/);
	});
});
