// Bins over HTTP (cgi-bin/inventory/bins.c, sql/045): a product's shelf
// label at a location, set, changed and removed by POST /products/:id/bins
// (JSON and form), the refusals and permissions, the audit row and the
// event; the Bin column of the product page, a location's stock and its
// count sheet in HTML, JSON and CSV; the count sheet by bin.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
	USERS, RUN, letters, signIn, assertJson, assertProblem, assertHtml, assertRedirect, textOf, parseCsv,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const sql = (q) => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', q],
	{ encoding: 'utf8' }).trim();
const TAG = RUN.toUpperCase().replace(/[^A-Z0-9]/g, '');

let admin, office, viewer, wh, other;
const newProduct = async (sku) => assertJson(await office.postJson('/products', {
	sku: `B${TAG}-${sku || letters(5).toUpperCase()}`, name: `Bin item ${RUN}`, manufacturer: 'Meshline',
	category: 'networking', cost_cents: 1000, price_cents: 2000,
}), 201);
const receive = async (p, loc, qty = 3) => assertJson(await office.postJson('/stock/moves',
	{ kind: 'receipt', product_id: p.id, qty, to_location_id: loc.id }), 201);
const setBin = (c, p, body) => c.postJson(`/products/${p.id}/bins`, body);
const binOf = (p, loc) => sql(`SELECT bin FROM inventory.product_bins WHERE product_id = ${p.id} AND location_id = ${loc.id}`);

before(async () => {
	[admin, office, viewer] = await Promise.all(
		[USERS.admin, USERS.office, USERS.viewer].map((u) => signIn(u, undefined, { csrfFrom: '/products' })));
	wh = assertJson(await admin.postJson('/locations', { name: `Bins WH ${RUN}`, kind: 'warehouse' }), 201);
	other = assertJson(await admin.postJson('/locations', { name: `Bins other ${RUN}`, kind: 'site' }), 201);
});

describe('setting a bin', () => {
	test('set, change, remove (JSON): the answer, the product, the audit rows and the events', async () => {
		const p = await newProduct();
		await receive(p, wh);
		const a = assertJson(await setBin(office, p, { location_id: wh.id, bin: ' a3-02 ' }), 200);
		assert.equal(a.bin, 'A3-02', 'trimmed, upper case');
		assert.equal(a.previous_bin, null);
		assert.equal(a.version, 1);
		assert.equal(a.location_name, wh.name);
		assert.equal(a.url, `/products/${p.id}`);
		assert.equal(binOf(p, wh), 'A3-02');
		const show = assertJson(await viewer.getJson(`/products/${p.id}`), 200);
		assert.equal(show.levels.find((l) => l.location_id === wh.id).bin, 'A3-02', 'levels carry the bin');
		assert.equal(show.bins.find((b) => b.location_id === wh.id).bin, 'A3-02');

		const b = assertJson(await setBin(office, p, { location_id: wh.id, bin: 'B1-10', version: 1 }), 200);
		assert.equal(b.bin, 'B1-10');
		assert.equal(b.previous_bin, 'A3-02');
		assert.equal(b.version, 2);
		const same = assertJson(await setBin(office, p, { location_id: wh.id, bin: 'b1-10' }), 200);
		assert.equal(same.version, 2, 'the same bin again changes nothing');

		const c = assertJson(await setBin(office, p, { location_id: wh.id, bin: '' }), 200);
		assert.equal(c.bin, null);
		assert.equal(c.previous_bin, 'B1-10');
		assert.equal(binOf(p, wh), '', 'the row is gone');

		assert.equal(sql(`SELECT string_agg(coalesce(after->>'bin', '-') || '<' || coalesce(before->>'bin', '-'), ',' ORDER BY id)
			FROM core.audit WHERE action = 'product_bin.set' AND entity_id = ${p.id}`), 'A3-02<-,B1-10<A3-02,-<B1-10');
		const events = sql(`SELECT json_agg(payload ORDER BY id) FROM core.outbox
			WHERE event = 'inventory.bin_set' AND (payload->>'product_id')::bigint = ${p.id}`);
		const ev = JSON.parse(events);
		assert.deepEqual(ev.map((e) => [e.bin, e.previous_bin]), [['A3-02', null], ['B1-10', 'A3-02'], [null, 'B1-10']]);
		assert.equal(ev[0].sku, p.sku);
		assert.equal(ev[0].location_id, wh.id);
		assert.equal(ev[0].updated_by, Number(sql(`SELECT id FROM auth.users WHERE email = '${USERS.office}'`)));
	});

	test('a bin where nothing is held yet; one bin per product per location, many products per bin', async () => {
		const p = await newProduct(), q = await newProduct();
		assertJson(await setBin(office, p, { location_id: other.id, bin: 'SHELF-1' }), 200);
		assertJson(await setBin(office, q, { location_id: other.id, bin: 'SHELF-1' }), 200);
		assertJson(await setBin(office, p, { location_id: wh.id, bin: 'C2' }), 200);
		assert.equal(sql(`SELECT count(*) FROM inventory.product_bins WHERE product_id = ${p.id}`), '2');
		const show = assertJson(await viewer.getJson(`/products/${p.id}`), 200);
		assert.equal(show.bins.find((b) => b.location_id === other.id).bin, 'SHELF-1', 'a binned location without stock is listed');
	});

	test('refusals: 422 per field, 404, 409 on a stale version, viewer 403, nothing written', async () => {
		const p = await newProduct();
		let e = assertProblem(await setBin(office, p, { location_id: 99999999, bin: 'A1' }), 422);
		assert.match(e.errors.location_id, /No such location/);
		e = assertProblem(await setBin(office, p, { location_id: wh.id, bin: 'A 1' }), 422);
		assert.match(e.errors.bin, /Letters, digits/);
		e = assertProblem(await setBin(office, p, { location_id: wh.id, bin: '-A1' }), 422);
		assert.match(e.errors.bin, /starting with a letter or digit/);
		e = assertProblem(await setBin(office, p, { location_id: wh.id, bin: 'A'.repeat(21) }), 422);
		assert.match(e.errors.bin, /At most 20/);
		e = assertProblem(await setBin(office, p, { location_id: 'x', bin: 'A1<b>' }), 422);
		assert.ok(e.errors.location_id && e.errors.bin, 'every field, not the first only');
		e = assertProblem(await setBin(office, p, { location_id: wh.id, bin: 'A1', shelf: 2 }), 422);
		assert.match(e.errors.shelf, /Unknown field/);
		const arch = assertJson(await admin.postJson('/locations', { name: `Bins gone ${RUN}`, kind: 'warehouse' }), 201);
		assertJson(await admin.json('DELETE', `/locations/${arch.id}`), 200);
		e = assertProblem(await setBin(office, p, { location_id: arch.id, bin: 'A1' }), 422);
		assert.match(e.errors.location_id, /archived/);
		assertProblem(await setBin(office, { id: 99999999 }, { location_id: wh.id, bin: 'A1' }), 404);
		assertProblem(await setBin(viewer, p, { location_id: wh.id, bin: 'A1' }), 403);

		assertJson(await setBin(office, p, { location_id: wh.id, bin: 'D4', version: 0 }), 200);
		const stale = assertProblem(await setBin(office, p, { location_id: wh.id, bin: 'D5', version: 0 }), 409);
		assert.match(stale.detail, /changed by someone else/);
		assert.equal(binOf(p, wh), 'D4', 'nothing overwritten');
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'product_bin.set' AND entity_id = ${p.id}`), '1');
	});

	test('HTML: the product page shows the bin and its forms; a form sets it (303, flash), a refusal is a flash', async () => {
		const p = await newProduct();
		await receive(p, wh);
		let page = assertHtml(await office.getHtml(`/products/${p.id}`), 200);
		assert.match(page, new RegExp(`<form method="post" action="/products/${p.id}/bins"`));
		assert.doesNotMatch(assertHtml(await viewer.getHtml(`/products/${p.id}`), 200), /\/bins"/, 'no form for a viewer');
		const r = await office.postForm(`/products/${p.id}/bins`, { location_id: String(wh.id), bin: 'e7-01', version: '0' });
		assert.equal(assertRedirect(r, 303), `/products/${p.id}`);
		page = textOf(assertHtml(await office.getHtml(`/products/${p.id}`), 200));
		assert.match(page, /bin E7-01 at Bins WH/, 'the flash');
		assert.match(page, new RegExp(`Bins WH ${RUN} Warehouse 3 0 3 E7-01`), 'the Bin column of the stock card');
		const bad = await office.postForm(`/products/${p.id}/bins`, { location_id: String(wh.id), bin: 'no way', version: '1' });
		assert.equal(assertRedirect(bad, 303), `/products/${p.id}`);
		assert.match(textOf(assertHtml(await office.getHtml(`/products/${p.id}`), 200)), /Letters, digits and/);
		const stale = await office.postForm(`/products/${p.id}/bins`, { location_id: String(wh.id), bin: 'E7-02', version: '0' });
		assert.equal(assertRedirect(stale, 303), `/products/${p.id}`);
		assert.match(textOf(assertHtml(await office.getHtml(`/products/${p.id}`), 200)), /changed by someone else/);
		assert.equal(binOf(p, wh), 'E7-01');
	});
});

describe('where bins are shown', () => {
	let loc, ps;
	before(async () => {
		loc = assertJson(await admin.postJson('/locations', { name: `Bins shelf ${RUN}`, kind: 'warehouse' }), 201);
		// SKUs in one order, bins in another, one product without a bin
		ps = [];
		for (const [s, bin] of [['AA', 'C1-01'], ['BB', 'A1-02'], ['CC', null], ['DD', 'A1-01'], ['EE', 'A1-02']]) {
			const p = await newProduct(s);
			await receive(p, loc, 2);
			if (bin) assertJson(await setBin(office, p, { location_id: loc.id, bin }), 200);
			ps.push({ ...p, bin });
		}
	});

	test("a location's stock: the Bin column in HTML, JSON and CSV", async () => {
		const j = assertJson(await viewer.getJson(`/locations/${loc.id}/stock`), 200);
		assert.deepEqual(j.items.map((i) => [i.sku, i.bin]), ps.map((p) => [p.sku, p.bin]));
		const html = assertHtml(await viewer.getHtml(`/locations/${loc.id}/stock`), 200);
		assert.match(html, /<th>Bin<\/th>/);
		assert.match(textOf(html), new RegExp(`${ps[0].sku} 2 0 2 C1-01`));
		const csv = parseCsv((await viewer.fetch(`/locations/${loc.id}/stock?format=csv`).then((r) => r.text())));
		const col = csv[0].indexOf('bin');
		assert.ok(col >= 0, 'a bin column');
		assert.deepEqual(csv.slice(1).filter((r) => r.length > 1).map((r) => r[col]), ps.map((p) => p.bin || ''));
	});

	test('the count sheet: the Bin column, sort=bin walks the shelves, then the unbinned by SKU; pages keep the order', async () => {
		const bySku = assertJson(await viewer.getJson(`/locations/${loc.id}/count`), 200);
		assert.deepEqual(bySku.items.map((i) => i.sku), ps.map((p) => p.sku), 'sku stays the default');
		const want = [ps[3], ps[1], ps[4], ps[0], ps[2]].map((p) => [p.sku, p.bin]);
		const byBin = assertJson(await viewer.getJson(`/locations/${loc.id}/count?sort=bin`), 200);
		assert.deepEqual(byBin.items.map((i) => [i.sku, i.bin]), want);
		// two at a time: the cursor crosses from the binned to the unbinned
		const seen = [];
		let next = null;
		do {
			const pg = assertJson(await viewer.getJson(`/locations/${loc.id}/count?sort=bin&limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`), 200);
			seen.push(...pg.items.map((i) => [i.sku, i.bin]));
			next = pg.next;
		} while (next);
		assert.deepEqual(seen, want);
		const html = assertHtml(await viewer.getHtml(`/locations/${loc.id}/count?sort=bin`), 200);
		assert.match(html, /<th>Bin<\/th>/);
		assert.match(html, /<option value="bin" selected>/);
		const order = want.map(([sku]) => html.indexOf(`<code>${sku}</code>`));
		assert.deepEqual([...order].sort((a, b) => a - b), order, 'rows in bin order');
		const csv = parseCsv(await viewer.fetch(`/locations/${loc.id}/count?sort=bin&format=csv`).then((r) => r.text()));
		const col = csv[0].indexOf('bin'), sk = csv[0].indexOf('sku');
		assert.deepEqual(csv.slice(1).filter((r) => r.length > 1).map((r) => [r[sk], r[col] || null]), want);
		assertProblem(await viewer.getJson(`/locations/${loc.id}/count?sort=shelf`), 422);
	});

	test("the PO receive form: each line's bin at the default location, beside where it goes", async () => {
		const main = Number(sql(`SELECT id FROM inventory.locations WHERE kind = 'warehouse' AND archived_at IS NULL
			ORDER BY id LIMIT 1`));
		const sup = assertJson(await office.postJson('/suppliers', { name: `Bins supplier ${RUN}` }), 201);
		const p = await newProduct(), q = await newProduct();
		assertJson(await setBin(office, p, { location_id: main, bin: 'Z9-99' }), 200);
		let po = assertJson(await office.postJson('/purchase-orders', { supplier_id: sup.id }), 201);
		for (const x of [p, q])
			po = assertJson(await office.postJson(`/purchase-orders/${po.id}/lines`, { product_id: x.id, qty: 2, version: po.version }), 201);
		po = assertJson(await office.postJson(`/purchase-orders/${po.id}/send`, { version: po.version }), 200);
		const html = assertHtml(await office.getHtml(`/purchase-orders/${po.id}/receive`), 200);
		assert.match(textOf(html), /Bin Z9-99 at the default location/);
		assert.equal((html.match(/class="bin-hint"/g) || []).length, 1, 'only the line with a bin there');
		const j = assertJson(await office.getJson(`/purchase-orders/${po.id}/receive`), 200);
		assert.equal(j.bins, undefined, 'the hint is the page\'s, not the API\'s');
	});
});
