// The inventory catalog over HTTP (cgi-bin/inventory/): products (search on
// sku, manufacturer, model and name, filters, sorts, keyset pages, CSV,
// optimistic concurrency, archive and restore), suppliers, who sells what
// (one preferred supplier per product) and locations; in JSON and HTML,
// with the permissions of the route table and the audit and outbox rows
// written with each change.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
	USERS, RUN, letters, signIn, assertJson, assertProblem, assertHtml, assertRedirect, inputValue, textOf,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
/** One statement as the database owner; the text of its rows. */
const sql = (q) => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', q],
	{ encoding: 'utf8' }).trim();

const TAG = RUN.toUpperCase().replace(/[^A-Z0-9]/g, '');
const sku = (s) => `T${TAG}-${s}`;
const product = (over = {}) => ({
	sku: sku(letters(5).toUpperCase()), manufacturer: `Lumora${TAG}`, model: 'DIM-600', name: `Test dimmer ${RUN}`,
	category: 'lighting', description: 'A dimmer for tests.', unit: 'each', cost_cents: 6400, price_cents: 12950,
	labour_minutes: 25, serialised: false, reorder_point: 5, reorder_qty: 20, tags: ['test', 'dimmer'], ...over,
});

let admin, office, viewer, tech, sales;
before(async () => {
	[admin, office, viewer, tech, sales] = await Promise.all(
		[USERS.admin, USERS.office, USERS.viewer, USERS.tech, USERS.sales].map((u) => signIn(u, undefined, { csrfFrom: '/products' })));
});

describe('products', () => {
	test('create: 201 + Location, the record, an audit row and inventory.product_created', async () => {
		const p = product();
		const r = await office.postJson('/products', p);
		const body = assertJson(r, 201, 'create');
		assert.equal(r.headers.get('location'), `/products/${body.id}`);
		for (const k of ['sku', 'manufacturer', 'model', 'name', 'category', 'unit', 'cost_cents', 'price_cents',
			'labour_minutes', 'serialised', 'reorder_point', 'reorder_qty'])
			assert.deepEqual(body[k], p[k], k);
		assert.deepEqual(body.tags, ['test', 'dimmer']);
		assert.equal(body.version, 1);
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'product.create' AND entity_id = ${body.id}`), '1');
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'inventory.product_created' AND entity_id = ${body.id}`), '1');
		// a new product with a reorder point and no stock is low at once
		assert.equal(sql(`SELECT low FROM inventory.stock_totals WHERE product_id = ${body.id}`), 't');
		const show = assertJson(await viewer.getJson(`/products/${body.id}`), 200, 'show');
		assert.equal(show.on_hand, 0);
		assert.equal(show.low, true);
		assert.deepEqual(show.levels, []);
	});

	test('every field is checked, each message names its field; nothing is written', async () => {
		const before = sql('SELECT count(*) FROM inventory.products');
		const r = await office.postJson('/products', {
			sku: 'has space', name: '', category: 'toasters', unit: 'litre', cost_cents: -1, price_cents: 12.5,
			labour_minutes: 'lots', reorder_point: -3, tags: 'x'.repeat(50),
		});
		const p = assertProblem(r, 422, 'invalid');
		for (const f of ['sku', 'name', 'category', 'unit', 'cost_cents', 'price_cents', 'labour_minutes', 'reorder_point', 'tags'])
			assert.ok(p.errors[f], `errors.${f} in ${JSON.stringify(p.errors)}`);
		assert.match(p.errors.price_cents, /whole number/);
		assert.equal(sql('SELECT count(*) FROM inventory.products'), before);
		assertProblem(await office.postJson('/products', { ...product(), colour: 'red' }), 422, 'unknown field');
	});

	test('a SKU is unique whatever its case: 422 on sku, on create and on edit', async () => {
		const a = assertJson(await office.postJson('/products', product()), 201);
		const dup = assertProblem(await office.postJson('/products', product({ sku: a.sku.toLowerCase() })), 422, 'dup');
		assert.match(dup.errors.sku, /Another product has this SKU/);
		const b = assertJson(await office.postJson('/products', product()), 201);
		const e = assertProblem(await office.patchJson(`/products/${b.id}`, { sku: a.sku, version: b.version }), 422);
		assert.match(e.errors.sku, /Another product/);
	});

	test('edit with the version read; a stale version is 409 with the current record', async () => {
		const a = assertJson(await office.postJson('/products', product()), 201);
		const r1 = assertJson(await office.patchJson(`/products/${a.id}`, { price_cents: 13900, version: 1 }), 200);
		assert.equal(r1.version, 2);
		assert.equal(r1.price_cents, 13900);
		const stale = assertProblem(await admin.patchJson(`/products/${a.id}`, { price_cents: 1, version: 1 }), 409, 'stale');
		assert.equal(JSON.stringify(stale).includes('13900'), true, 'the 409 carries the current record');
		assertProblem(await office.patchJson(`/products/${a.id}`, { price_cents: 1 }), 422, 'no version');
		// If-Match works as the version
		const r2 = await office.patchJson(`/products/${a.id}`, { name: `Renamed ${RUN}` }, { headers: { 'If-Match': '"2"' } });
		assert.equal(assertJson(r2, 200).version, 3);
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'inventory.product_updated' AND entity_id = ${a.id}`), '2');
	});

	test('archive hides it from the list; restore brings it back', async () => {
		const a = assertJson(await office.postJson('/products', product({ name: `Archivable ${RUN}` })), 201);
		const ar = assertJson(await office.deleteJson(`/products/${a.id}`), 200);
		assert.ok(ar.archived_at);
		const ids = async (q) => assertJson(await viewer.getJson(`/products?q=${encodeURIComponent(a.sku)}${q}`), 200)
			.items.map((x) => x.id);
		assert.ok(!(await ids('')).includes(a.id), 'archived: not listed');
		assert.ok((await ids('&archived=1')).includes(a.id), 'listed with archived=1');
		assert.equal(assertJson(await office.postJson(`/products/${a.id}/restore`, {}), 200).archived_at, null);
		assert.equal(sql(`SELECT string_agg(event, ',' ORDER BY id) FROM core.outbox WHERE entity_id = ${a.id}
			AND event IN ('inventory.product_archived', 'inventory.product_restored')`), 'inventory.product_archived,inventory.product_restored');
	});

	test('search: exact on sku, manufacturer, model, name; fuzzy for a typo', async () => {
		const word = letters(9);
		const a = assertJson(await office.postJson('/products', product({ name: `Keypad ${word}`, model: `KP-${TAG}` })), 201);
		const ids = async (q) => assertJson(await viewer.getJson(`/products?q=${encodeURIComponent(q)}`), 200).items.map((x) => x.id);
		assert.ok((await ids(a.sku)).includes(a.id), 'by sku');
		assert.ok((await ids(a.sku.toLowerCase().slice(0, -1))).includes(a.id), 'sku prefix, any case');
		assert.ok((await ids(`KP-${TAG}`)).includes(a.id), 'by model');
		assert.ok((await ids(word)).includes(a.id), 'by name');
		assert.ok((await ids(word.slice(0, 7) + word[8] + word[7])).includes(a.id), 'two letters swapped: fuzzy');
		assert.deepEqual(await ids(letters(12)), [], 'nothing like it');
	});

	test('filters (category, manufacturer, low), sorts and keyset pages; 422 on a bad filter', async () => {
		const maker = `Maker${TAG}${letters(4)}`;
		const made = [];
		for (let i = 0; i < 5; i++)
			made.push(assertJson(await office.postJson('/products', product({ manufacturer: maker, name: `Page ${i} ${RUN}`,
				category: i < 3 ? 'networking' : 'audio', reorder_point: i === 0 ? 0 : 5 })), 201));
		const list = async (q) => assertJson(await viewer.getJson(`/products?manufacturer=${maker}&${q}`), 200);
		assert.equal((await list('')).items.length, 5);
		assert.equal((await list('category=networking')).items.length, 3);
		assert.equal((await list('low=1')).items.length, 4, 'low: reorder point > 0 and nothing available');
		assert.ok((await list('')).items.every((x) => typeof x.available === 'number' && x.on_hand === 0));
		// name order, two a page, every one once
		const seen = [];
		let next = null;
		do {
			const page = await list(`sort=name&limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`);
			seen.push(...page.items.map((x) => x.name));
			next = page.next;
		} while (next);
		assert.deepEqual(seen, made.map((x) => x.name));
		const bySku = (await list('sort=sku')).items.map((x) => x.sku);
		assert.deepEqual(bySku, [...bySku].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
		const newest = (await list('sort=-created_at')).items.map((x) => x.id);
		assert.deepEqual(newest, made.map((x) => x.id).reverse());
		assertProblem(await viewer.getJson('/products?category=toasters'), 422, 'category');
		assertProblem(await viewer.getJson('/products?low=yes'), 422, 'low');
		assertProblem(await viewer.getJson('/products?sort=price'), 422, 'sort');
		// browsing (no q, no maker): the first page of the whole catalog, in name order
		const browse = assertJson(await viewer.getJson('/products?limit=20'), 200);
		assert.equal(browse.items.length, 20);
		const names = browse.items.map((x) => x.name.toLowerCase());
		assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
		const cat = assertJson(await viewer.getJson('/products?category=video&limit=200'), 200);
		assert.ok(cat.items.length > 0 && cat.items.every((x) => x.category === 'video'));
	});

	test('CSV of the list with the filters', async () => {
		const r = await viewer.fetch('/products?format=csv&category=cabling');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /text\/csv/);
		const lines = (await r.text()).trim().split(/\r?\n/);
		assert.match(lines[0], /^id,sku,manufacturer,model,name,category,unit,cost_cents,price_cents/);
		assert.ok(lines.length > 5);
		assert.ok(lines.slice(1).every((l) => l.includes(',cabling,')));
	});

	test('HTML: list, page, new form, create by form (303), the form again with messages, edit', async () => {
		const list = assertHtml(await viewer.getHtml('/products'), 200, 'list');
		assert.match(list, /<h1>Products<\/h1>/);
		assert.match(list, /Export CSV/);
		assert.doesNotMatch(list, /New product/, 'a viewer gets no create button');
		assert.match(textOf(assertHtml(await office.getHtml('/products?q=zzzzqqqq'), 200)), /No products match/);
		assert.match(assertHtml(await office.getHtml('/products/new'), 200), /name="sku"/);
		const s = sku(letters(4).toUpperCase());
		const made = await office.postForm('/products', { sku: s, name: `Form product ${RUN}`, category: 'audio', unit: 'each',
			cost_cents: '100', price_cents: '250', labour_minutes: '', reorder_point: '', reorder_qty: '', tags: 'a, b',
			serialised: '1', description: '', manufacturer: 'Aurelle', model: '' });
		const loc = assertRedirect(made, 303, 'form create');
		const page = assertHtml(await office.getHtml(loc), 200, 'show');
		assert.match(page, new RegExp(s));
		assert.match(textOf(page), /Yes: each unit has a serial number/);
		const again = await office.postForm('/products', { sku: s, name: '', category: 'audio', cost_cents: '-5' });
		const html = assertHtml(again, 422, 'form again');
		assert.match(html, /Another product has this SKU/);
		assert.equal(inputValue(html, 'sku'), s, 'values kept');
		assert.match(html, /id="f-cost_cents-error"/);
		const id = loc.split('/').pop();
		const edit = assertHtml(await office.getHtml(`/products/${id}/edit`), 200, 'edit');
		assert.equal(inputValue(edit, 'version'), '1');
		assertRedirect(await office.postForm(`/products/${id}`, { _method: 'PATCH', version: '1', sku: s, name: `Form product 2 ${RUN}`,
			category: 'audio', unit: 'each' }), 303, 'form edit');
		const conflict = await office.postForm(`/products/${id}`, { _method: 'PATCH', version: '1', sku: s, name: 'stale' });
		assert.match(assertHtml(conflict, 409, 'stale form'), /Someone else changed this product/);
		assertRedirect(await office.postForm(`/products/${id}`, { _method: 'DELETE' }), 303, 'archive form');
		assertRedirect(await office.postForm(`/products/${id}/restore`, {}), 303, 'restore form');
		assertHtml(await office.getHtml('/products/999999999'), 404, 'missing');
	});

	test('permissions: read for every role with inventory:read; writes need inventory:write', async () => {
		for (const c of [viewer, tech, sales]) assertJson(await c.getJson('/products?limit=1'), 200);
		for (const c of [viewer, tech, sales]) {
			assertProblem(await c.postJson('/products', product()), 403, 'create');
			assert.equal((await c.getHtml('/products/new')).status, 403, 'new form');
		}
		const signedOut = await fetch(`${process.env.HEARTH_URL || 'http://127.0.0.1:8080'}/products`, { redirect: 'manual' });
		assert.equal(signedOut.status, 303);
	});
});

describe('suppliers and who sells what', () => {
	let supA, supB, prod;
	before(async () => {
		supA = assertJson(await office.postJson('/suppliers', { name: `Northline ${RUN}`, contact_name: 'Dana', email: `dana.${TAG.toLowerCase()}@example.com`,
			phone: '+1 512 555 0101', account_number: 'NL-1', payment_terms: 'Net 30', lead_time_days: 2 }), 201);
		supB = assertJson(await office.postJson('/suppliers', { name: `Signal ${RUN}`, lead_time_days: 5 }), 201);
		prod = assertJson(await office.postJson('/products', product()), 201);
	});

	test('suppliers: create, 422 per field, list with search, page, edit 409, archive', async () => {
		const bad = assertProblem(await office.postJson('/suppliers', { name: '', email: 'nope', lead_time_days: 400 }), 422);
		for (const f of ['name', 'email', 'lead_time_days']) assert.ok(bad.errors[f], f);
		const list = assertJson(await viewer.getJson(`/suppliers?q=${encodeURIComponent(`northline ${RUN}`)}`), 200);
		assert.deepEqual(list.items.map((x) => x.id), [supA.id]);
		assert.match(assertHtml(await viewer.getHtml(`/suppliers/${supA.id}`), 200), /Net 30/);
		assert.match(assertHtml(await viewer.getHtml('/suppliers'), 200), new RegExp(`Northline ${RUN}`));
		assert.match(assertHtml(await office.getHtml('/suppliers/new'), 200), /name="account_number"/);
		assertJson(await office.patchJson(`/suppliers/${supB.id}`, { payment_terms: 'Net 45', version: 1 }), 200);
		assertProblem(await office.patchJson(`/suppliers/${supB.id}`, { payment_terms: 'x', version: 1 }), 409);
		const csv = await viewer.fetch('/suppliers?format=csv');
		assert.match((await csv.text()).split('\n')[0], /^id,name,contact_name/);
	});

	test('a product names its suppliers; one preferred at a time; a supplier once', async () => {
		const a = assertJson(await office.postJson(`/products/${prod.id}/suppliers`, { supplier_id: supA.id, supplier_sku: 'NL-77',
			cost_cents: 6100, pack_size: 10, preferred: true }), 201);
		assert.equal(a.preferred, true);
		const dup = assertProblem(await office.postJson(`/products/${prod.id}/suppliers`, { supplier_id: supA.id }), 422);
		assert.match(dup.errors.supplier_id, /already listed/);
		assertProblem(await office.postJson(`/products/${prod.id}/suppliers`, { supplier_id: 999999999 }), 422);
		assertProblem(await office.postJson(`/products/${prod.id}/suppliers`, { supplier_id: supB.id, pack_size: 0 }), 422);
		const b = assertJson(await office.postJson(`/products/${prod.id}/suppliers`, { supplier_id: supB.id, cost_cents: 5900,
			preferred: true }), 201);
		const list = assertJson(await viewer.getJson(`/products/${prod.id}/suppliers`), 200);
		assert.deepEqual(list.items.map((x) => [x.id, x.preferred]), [[a.id, false], [b.id, true]], 'the new preferred one took the flag');
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'inventory.product_supplier_updated' AND entity_id = ${a.id}`), '1');
		const show = assertJson(await viewer.getJson(`/products/${prod.id}`), 200);
		assert.deepEqual(show.suppliers.map((x) => x.supplier_id), [supB.id, supA.id], 'preferred first');
		assert.match(assertHtml(await viewer.getHtml(`/product-suppliers/${a.id}`), 200), /NL-77/);
		assert.match(assertHtml(await office.getHtml(`/products/${prod.id}/suppliers/new`), 200), new RegExp(`Signal ${RUN}`));
		assert.match(assertHtml(await office.getHtml(`/product-suppliers/${a.id}/edit`), 200), /name="pack_size"/);
		assertJson(await office.patchJson(`/product-suppliers/${a.id}`, { cost_cents: 6000, version: a.version + 1 }), 200);
		assertJson(await office.deleteJson(`/product-suppliers/${b.id}`), 200);
		assert.equal(assertJson(await viewer.getJson(`/product-suppliers/${b.id}`), 200).preferred, false, 'archived is not preferred');
		assertJson(await office.postJson(`/product-suppliers/${b.id}/restore`, {}), 200);
		assertHtml(await viewer.getHtml(`/products/${prod.id}/suppliers`), 200);
		assertProblem(await viewer.getJson('/products/999999999/suppliers'), 404);
		assertProblem(await viewer.postJson(`/products/${prod.id}/suppliers`, { supplier_id: supA.id }), 403);
	});

	test('the product list filtered by supplier: what it sells (not what it stopped selling), with search, the form and CSV', async () => {
		const only = assertJson(await office.postJson('/suppliers', { name: `Only ${RUN}` }), 201);
		const sold = [], word = letters(8);
		for (let i = 0; i < 3; i++) {
			const p = assertJson(await office.postJson('/products', product({ name: `Sold ${word} ${i}` })), 201);
			sold.push(assertJson(await office.postJson(`/products/${p.id}/suppliers`, { supplier_id: only.id, cost_cents: 100 + i }), 201));
			sold[i].product = p;
		}
		assertJson(await office.deleteJson(`/product-suppliers/${sold[2].id}`), 200);   // no longer sold by it
		const ids = async (q) => assertJson(await viewer.getJson(`/products?supplier_id=${only.id}${q}`), 200).items.map((x) => x.id);
		assert.deepEqual((await ids('')).sort(), [sold[0].product.id, sold[1].product.id].sort());
		assert.deepEqual(await ids(`&q=${word}&sort=name`), [sold[0].product.id, sold[1].product.id], 'with a search (exact and walk steps)');
		assert.deepEqual(await ids(`&q=${word}&limit=1`), [sold[0].product.id], 'a page of one');
		assertProblem(await viewer.getJson(`/products?supplier_id=${only.id}&category=toasters`), 422, 'category');
		assertProblem(await viewer.getJson('/products?supplier_id=abc'), 422, 'supplier_id');
		assert.deepEqual(assertJson(await viewer.getJson('/products?supplier_id=999999999'), 200).items, []);
		const html = assertHtml(await viewer.getHtml(`/products?supplier_id=${only.id}`), 200);
		assert.match(html, new RegExp(`<option value="${only.id}" selected>Only ${RUN}</option>`));
		assert.match(html, new RegExp(`Sold ${word} 0`));
		assert.doesNotMatch(html, new RegExp(`Sold ${word} 2`));
		const csv = (await (await viewer.fetch(`/products?format=csv&supplier_id=${only.id}`)).text()).trim().split(/\r?\n/);
		assert.equal(csv.length, 3, 'a header and two products');
	});

	test('by form: added, then the product page lists it', async () => {
		const p = assertJson(await office.postJson('/products', product()), 201);
		const r = await office.postForm(`/products/${p.id}/suppliers`, { supplier_id: String(supA.id), supplier_sku: 'F-1',
			cost_cents: '100', pack_size: '1', preferred: '1' });
		assert.equal(assertRedirect(r, 303), `/products/${p.id}`);
		assert.match(assertHtml(await office.getHtml(`/products/${p.id}`), 200), new RegExp(`Northline ${RUN}[\\s\\S]*Preferred`));
		const again = await office.postForm(`/products/${p.id}/suppliers`, { supplier_id: '' });
		assert.match(assertHtml(again, 422), /id="f-supplier_id-error"/);
	});
});

describe('locations', () => {
	const techId = () => Number(sql(`SELECT id FROM auth.users WHERE email = '${USERS.tech}'`));

	test('admin creates a warehouse and a van with its technician; 422 for a van without one', async () => {
		const wh = assertJson(await admin.postJson('/locations', { name: `Depot ${RUN}`, kind: 'warehouse', address: '1 Yard Rd' }), 201);
		assert.equal(wh.technician_id, null);
		const van = assertJson(await admin.postJson('/locations', { name: `Van ${RUN}`, kind: 'van', technician_id: techId() }), 201);
		assert.equal(van.technician_name, 'Taylor Nguyen');
		const bad = assertProblem(await admin.postJson('/locations', { name: `Van ${RUN}`, kind: 'van' }), 422);
		assert.match(bad.errors.technician_id, /technician/);
		const bad2 = assertProblem(await admin.postJson('/locations', { name: 'X', kind: 'site', technician_id: techId() }), 422);
		assert.match(bad2.errors.technician_id, /Only a van/);
		assertProblem(await admin.postJson('/locations', { name: '', kind: 'castle' }), 422);
		assertProblem(await office.postJson('/locations', { name: 'Office made' }), 403, 'locations need inventory:admin');
		const list = assertJson(await viewer.getJson(`/locations?kind=van&q=${encodeURIComponent(`van ${RUN}`)}`), 200);
		assert.deepEqual(list.items.map((x) => x.id), [van.id]);
		const page = assertHtml(await viewer.getHtml(`/locations/${van.id}`), 200);
		assert.match(page, /driven by Taylor Nguyen/);
		assert.match(assertHtml(await admin.getHtml('/locations/new'), 200), /Taylor Nguyen/);
		assert.match(assertHtml(await admin.getHtml(`/locations/${wh.id}/edit`), 200), /name="address"/);
		assertHtml(await viewer.getHtml('/locations'), 200);
		assertJson(await admin.patchJson(`/locations/${wh.id}`, { notes: 'Back gate', version: 1 }), 200);
		assertProblem(await admin.patchJson(`/locations/${wh.id}`, { notes: 'stale', version: 1 }), 409);
		assertJson(await admin.deleteJson(`/locations/${wh.id}`), 200);
		assertJson(await admin.postJson(`/locations/${wh.id}/restore`, {}), 200);
		const csv = await viewer.fetch('/locations?format=csv');
		assert.match((await csv.text()).split('\n')[0], /^id,name,kind,technician_id/);
	});
});
