// The rules every update shares (DESIGN §4), checked on real resources:
// If-Match takes back the ETag a GET sent (stale → 409 with the current
// record, malformed → 412), and a JSON body's unknown fields are refused
// by name instead of being dropped.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { USERS, RUN, signIn, assertProblem, assertJson, createCustomer } from '../lib/client.mjs';

let sales;
before(async () => { sales = await signIn(USERS.sales); });

async function newContact(name) {
	const c = await createCustomer(sales, { name: `ETag home ${RUN}` });
	return assertJson(await sales.postJson(`/customers/${c.id}/contacts`, { name }), 201);
}

describe('If-Match', () => {
	test('the ETag of a GET is accepted as If-Match: 200, and the new GET has a new ETag', async () => {
		const ct = await newContact(`Etta ${RUN}`);
		const g = await sales.getJson(`/contacts/${ct.id}`);
		assertJson(g, 200);
		const etag = g.headers.get('etag');
		assert.match(etag, /^W\/"v1-[0-9a-f]{16}"$/, 'a record\'s ETag names its version');
		const p = await sales.patchJson(`/contacts/${ct.id}`, { title: 'Owner' }, { headers: { 'If-Match': etag } });
		const u = assertJson(p, 200);
		assert.equal(u.version, 2);
		assert.equal(u.title, 'Owner');
		const g2 = await sales.getJson(`/contacts/${ct.id}`);
		assert.match(g2.headers.get('etag'), /^W\/"v2-/);
		// the strong form of the same tag, and "<version>", work too
		const strong = g2.headers.get('etag').slice(2);
		assertJson(await sales.patchJson(`/contacts/${ct.id}`, { title: 'Owner 2' }, { headers: { 'If-Match': strong } }), 200);
		assertJson(await sales.patchJson(`/contacts/${ct.id}`, { title: 'Owner 3' }, { headers: { 'If-Match': '"3"' } }), 200);
	});

	test('a stale ETag → 409 with the current record; nothing written', async () => {
		const ct = await newContact(`Stale ${RUN}`);
		const old = (await sales.getJson(`/contacts/${ct.id}`)).headers.get('etag');
		assertJson(await sales.patchJson(`/contacts/${ct.id}`, { title: 'First' }, { headers: { 'If-Match': old } }), 200);
		const r = await sales.patchJson(`/contacts/${ct.id}`, { title: 'Second' }, { headers: { 'If-Match': old } });
		const p = assertProblem(r, 409);
		assert.equal(p.current.version, 2);
		assert.equal(p.current.title, 'First');
		assert.equal(assertJson(await sales.getJson(`/contacts/${ct.id}`), 200).title, 'First');
	});

	test('a malformed If-Match, or a tag that names no version → 412; nothing written', async () => {
		const ct = await newContact(`Garbage ${RUN}`);
		for (const im of ['garbage', 'W/"0123456789abcdef"', '"v1-x" junk', '"1", "2"']) {
			const r = await sales.patchJson(`/contacts/${ct.id}`, { title: 'Nope' }, { headers: { 'If-Match': im } });
			const p = assertProblem(r, 412, im);
			assert.match(p.detail, /If-Match/);
		}
		const now = assertJson(await sales.getJson(`/contacts/${ct.id}`), 200);
		assert.equal(now.version, 1);
		assert.notEqual(now.title, 'Nope');
	});

	test('If-None-Match with the record ETag still answers 304', async () => {
		const c = await createCustomer(sales, { name: `Cached ${RUN}` });
		const g = await sales.getJson(`/customers/${c.id}`);
		const r = await sales.fetch(`/customers/${c.id}`, { accept: 'application/json', headers: { 'If-None-Match': g.headers.get('etag') } });
		assert.equal(r.status, 304);
	});
});

describe('unknown fields', () => {
	test('POST /customers with a misspelt field → 422 naming it; nothing created', async () => {
		const name = `Typo ${RUN}`;
		const r = await sales.postJson('/customers', { name, nmae: 'y' });
		const p = assertProblem(r, 422);
		assert.equal(p.errors.nmae, 'Unknown field.');
		assert.equal(Object.keys(p.errors).length, 1, JSON.stringify(p.errors));
		const l = assertJson(await sales.getJson(`/customers?q=${encodeURIComponent(name)}`), 200);
		assert.equal(l.items.filter((c) => c.name === name).length, 0);
	});

	test('PATCH: a record read with GET can be sent back whole; a changed read-only field is refused', async () => {
		const c = await createCustomer(sales, { name: `Round trip ${RUN}` });
		const { contacts, properties, communications, documents, ...rec } = assertJson(await sales.getJson(`/customers/${c.id}`), 200);
		assert.ok(contacts && properties && communications && documents);
		const u = assertJson(await sales.patchJson(`/customers/${c.id}`, { ...rec, notes: 'changed' }), 200);
		assert.equal(u.notes, 'changed');
		const p = assertProblem(await sales.patchJson(`/customers/${c.id}`, { ...u, id: u.id + 1, colour: 'red' }), 422);
		assert.equal(p.errors.id, 'Read-only.');
		assert.equal(p.errors.colour, 'Unknown field.');
	});

	test('PATCH: the whole GET body, with what the page lists (contacts, properties, ...), is accepted', async () => {
		const c = await createCustomer(sales, { name: `Whole body ${RUN}` });
		const rec = assertJson(await sales.getJson(`/customers/${c.id}`), 200);
		assert.ok(Array.isArray(rec.contacts) && Array.isArray(rec.documents));
		const u = assertJson(await sales.patchJson(`/customers/${c.id}`, { ...rec, notes: 'whole' }), 200);
		assert.equal(u.notes, 'whole');
		assert.equal(u.version, rec.version + 1);
	});

	test('an HTML form may carry fields the server does not read (submit buttons)', async () => {
		const r = await sales.postForm('/customers', { name: `Form ${RUN}`, kind: 'residential', commit: 'Save' });
		assert.equal(r.status, 303, r.text.slice(0, 300));
	});
});
