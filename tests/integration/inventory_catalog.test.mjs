// The catalog's structure over HTTP (cgi-bin/inventory/catalog.c,
// product_image.c, catalog_export.c; sql/042): accessories (required,
// recommended, optional; self and loops refused), kits (parts, the roll-up
// kept exact, the price rule with its version, no kit inside itself, a kit
// is not stocked), expand (the lines a product brings to a quote or a
// project), product images (safe types only, served by nginx) and the whole
// catalog as streamed CSV; in JSON and HTML, with the audit and outbox rows.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
	BASE, USERS, RUN, letters, signIn, assertJson, assertProblem, assertHtml, assertRedirect, textOf, parseCsv,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const sql = (q) => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', q],
	{ encoding: 'utf8' }).trim();

const TAG = RUN.toUpperCase().replace(/[^A-Z0-9]/g, '');
const sku = (s) => `C${TAG}-${s}`;
let n = 0;
const product = (over = {}) => ({
	sku: sku(`${letters(4).toUpperCase()}${n++}`), manufacturer: `Catalog${TAG}`, model: 'M1', name: `Catalog test ${RUN} ${n}`,
	category: 'audio', unit: 'each', cost_cents: 1000, price_cents: 2500, labour_minutes: 10, ...over,
});

let admin, office, viewer;
const make = async (over) => assertJson(await office.postJson('/products', product(over)), 201, 'product');
const events = (ev, id) => Number(sql(`SELECT count(*) FROM core.outbox WHERE event = '${ev}' AND entity_id = ${id}`));

before(async () => {
	[admin, office, viewer] = await Promise.all(
		[USERS.admin, USERS.office, USERS.viewer].map((u) => signIn(u, undefined, { csrfFrom: '/products' })));
});

describe('accessories', () => {
	test('add (201), change (200), list, remove; each with its audit row and event', async () => {
		const tv = await make({ category: 'video', name: `TV ${RUN}` });
		const mount = await make({ category: 'mounting', name: `Mount ${RUN}` });
		const r = await office.postJson(`/products/${tv.id}/accessories`, { accessory_sku: mount.sku.toLowerCase(), kind: 'required' });
		const a = assertJson(r, 201, 'add');
		assert.equal(r.headers.get('location'), `/products/${tv.id}`);
		assert.deepEqual([a.product_id, a.accessory_id, a.kind, a.qty], [tv.id, mount.id, 'required', 1]);
		const again = assertJson(await office.postJson(`/products/${tv.id}/accessories`, { accessory_id: mount.id, kind: 'optional', qty: 2 }), 200, 'change');
		assert.equal(again.id, a.id);
		assert.deepEqual([again.kind, again.qty], ['optional', 2]);
		const list = assertJson(await viewer.getJson(`/products/${tv.id}/accessories`), 200);
		assert.deepEqual(list.items.map((x) => [x.sku, x.kind, x.qty, x.product_url]), [[mount.sku, 'optional', 2, `/products/${mount.id}`]]);
		const show = assertJson(await viewer.getJson(`/products/${tv.id}`), 200);
		assert.equal(show.accessories.length, 1);
		assert.equal(assertJson(await viewer.getJson(`/products/${mount.id}`), 200).used_in[0].id, tv.id);
		assert.equal(events('inventory.accessory_added', tv.id), 2);
		const gone = assertJson(await office.deleteJson(`/products/${tv.id}/accessories/${a.id}`), 200, 'remove');
		assert.equal(gone.accessory_sku, mount.sku);
		assert.equal(events('inventory.accessory_removed', tv.id), 1);
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action LIKE 'product_accessory.%' AND entity_id = ${tv.id}`), '3');
		assertProblem(await office.deleteJson(`/products/${tv.id}/accessories/${a.id}`), 404, 'twice');
		assertProblem(await office.deleteJson(`/products/${mount.id}/accessories/${a.id}`), 404, 'another product');
	});

	test('refused, naming the field: itself, a loop, an unknown SKU, a bad kind or quantity; nothing written', async () => {
		const a = await make(), b = await make(), c = await make();
		assertJson(await office.postJson(`/products/${a.id}/accessories`, { accessory_id: b.id, kind: 'required' }), 201);
		assertJson(await office.postJson(`/products/${b.id}/accessories`, { accessory_id: c.id, kind: 'recommended' }), 201);
		const count = () => sql(`SELECT count(*) FROM inventory.product_accessories WHERE product_id IN (${a.id}, ${b.id}, ${c.id})`);
		const before = count();
		let p = assertProblem(await office.postJson(`/products/${a.id}/accessories`, { accessory_id: a.id }), 422, 'self');
		assert.match(p.errors.accessory_id, /cannot be an accessory of itself/);
		p = assertProblem(await office.postJson(`/products/${c.id}/accessories`, { accessory_id: a.id, kind: 'optional' }), 422, 'loop');
		assert.match(p.errors.accessory_id, new RegExp(`${a.sku} already has ${c.sku} among its own accessories`));
		p = assertProblem(await office.postJson(`/products/${a.id}/accessories`, { accessory_sku: 'NO-SUCH-SKU' }), 422, 'unknown');
		assert.match(p.errors.accessory_sku, /No product has this SKU/);
		p = assertProblem(await office.postJson(`/products/${a.id}/accessories`, { accessory_id: c.id, kind: 'mandatory', qty: 0 }), 422);
		assert.ok(p.errors.kind && p.errors.qty, JSON.stringify(p.errors));
		p = assertProblem(await office.postJson(`/products/${a.id}/accessories`, {}), 422, 'nothing');
		assert.match(p.errors.accessory_id, /Choose a product/);
		assert.equal(count(), before);
		assertProblem(await viewer.postJson(`/products/${a.id}/accessories`, { accessory_id: c.id }), 403, 'viewer');
		assertProblem(await office.postJson('/products/999999999/accessories', { accessory_id: c.id }), 404);
	});

	test('HTML: the product page lists them with the forms; a refused form comes back with its message and values', async () => {
		const a = await make({ name: `Soundbar ${RUN}` }), b = await make({ name: `Bar mount ${RUN}` });
		const ok = await office.postForm(`/products/${a.id}/accessories`, { accessory_sku: b.sku, kind: 'recommended', qty: '1' });
		assertRedirect(ok, 303);
		assert.equal(ok.headers.get('location'), `/products/${a.id}`);
		const page = assertHtml(await office.getHtml(`/products/${a.id}`), 200);
		assert.match(page, new RegExp(`Bar mount ${RUN}`));
		assert.match(page, /Recommended/);
		assert.match(page, new RegExp(`action="/products/${a.id}/accessories"`));
		const bad = await office.postForm(`/products/${a.id}/accessories`, { accessory_sku: a.sku, kind: 'required', qty: '3' });
		const text = assertHtml(bad, 422, 'again');
		assert.match(textOf(text), /cannot be an accessory of itself/);
		assert.match(text, new RegExp(`value="${a.sku}"`));
		assertHtml(await viewer.getHtml(`/products/${a.id}/accessories`), 200);
		const link = sql(`SELECT id FROM inventory.product_accessories WHERE product_id = ${a.id}`);
		assertRedirect(await office.postForm(`/products/${a.id}/accessories/${link}`, { _method: 'DELETE' }), 303);
		assert.equal(sql(`SELECT count(*) FROM inventory.product_accessories WHERE product_id = ${a.id}`), '0');
	});
});

describe('kits', () => {
	test('a kit: its parts, the roll-up exact in cents and minutes, both prices, the rule with its version', async () => {
		const kit = await make({ name: `Living room kit ${RUN}`, labour_minutes: 180, price_cents: 99900, cost_cents: 1 });
		const recv = await make({ cost_cents: 33333, price_cents: 55555, labour_minutes: 45 });
		const spk = await make({ cost_cents: 10001, price_cents: 19999, labour_minutes: 30 });
		const plate = await make({ cost_cents: 264, price_cents: 699, labour_minutes: 5 });
		let r = await office.postJson(`/products/${kit.id}/kit`, { price_rule: 'sum' });
		let k = assertJson(r, 201, 'make');
		assert.deepEqual([k.is_kit, k.price_rule, k.version, k.parts], [true, 'sum', 1, []]);
		k = assertJson(await office.postJson(`/products/${kit.id}/kit/parts`, { part_id: recv.id, qty: 1 }), 201);
		k = assertJson(await office.postJson(`/products/${kit.id}/kit/parts`, { part_sku: spk.sku, qty: 3 }), 201);
		k = assertJson(await office.postJson(`/products/${kit.id}/kit/parts`, { part_sku: spk.sku, qty: 2 }), 200, 'qty changed');
		k = assertJson(await office.postJson(`/products/${kit.id}/kit/parts`, { part_id: plate.id, qty: 3 }), 201);
		assert.deepEqual(k.parts.map((p) => [p.part_id, p.qty]).sort(), [[recv.id, 1], [spk.id, 2], [plate.id, 3]].sort());
		const cost = 33333 + 2 * 10001 + 3 * 264, price = 55555 + 2 * 19999 + 3 * 699, labour = 45 + 2 * 30 + 3 * 5;
		assert.deepEqual(k.rollup, {
			price_rule: 'sum', parts_cost_cents: cost, parts_price_cents: price, parts_labour_minutes: labour,
			own_price_cents: 99900, own_labour_minutes: 180, cost_cents: cost, price_cents: price, labour_minutes: labour + 180,
		});
		assert.equal(k.version, 5);
		// the rule: own price, with the version read; a stale one is 409
		const own = assertJson(await office.postJson(`/products/${kit.id}/kit`, { price_rule: "own", version: 5 }), 200, 'rule');
		assert.equal(own.rollup.price_cents, 99900);
		assert.equal(own.rollup.parts_price_cents, price);
		assertProblem(await office.postJson(`/products/${kit.id}/kit`, { price_rule: "sum", version: 5 }), 409, 'stale');
		assertProblem(await office.postJson(`/products/${kit.id}/kit`, { price_rule: 'sum' }), 422, 'no version');
		// the product page shows the kit and its roll-up
		const show = assertJson(await viewer.getJson(`/products/${kit.id}`), 200);
		assert.equal(show.is_kit, true);
		assert.equal(show.kit_parts.length, 3);
		assert.equal(show.kit_rollup[0].price_cents, 99900);
		assert.equal(events('inventory.kit_changed', kit.id), 6);
		const html = textOf(assertHtml(await viewer.getHtml(`/products/${kit.id}/kit`), 200));
		assert.match(html, /Parts price/);
		assert.match(html, /Own price\s*\$999\.00\s*Sells at this/);
		assert.match(textOf(assertHtml(await viewer.getHtml(`/products/${kit.id}`), 200)), /Kit parts/);
	});

	test('a kit cannot contain itself, directly or through another kit; 422 on part_id, nothing written', async () => {
		const outer = await make(), inner = await make(), leaf = await make();
		assertJson(await office.postJson(`/products/${outer.id}/kit`, {}), 201);
		assertJson(await office.postJson(`/products/${inner.id}/kit`, {}), 201);
		assertJson(await office.postJson(`/products/${outer.id}/kit/parts`, { part_id: inner.id, qty: 2 }), 201);
		assertJson(await office.postJson(`/products/${inner.id}/kit/parts`, { part_id: leaf.id, qty: 3 }), 201);
		const parts = () => sql(`SELECT count(*) FROM inventory.kit_parts WHERE kit_id IN (${outer.id}, ${inner.id})`);
		let p = assertProblem(await office.postJson(`/products/${outer.id}/kit/parts`, { part_id: outer.id, qty: 1 }), 422, 'self');
		assert.match(p.errors.part_id, /cannot be a part of itself/);
		p = assertProblem(await office.postJson(`/products/${inner.id}/kit/parts`, { part_id: outer.id, qty: 1 }), 422, 'loop');
		assert.match(p.errors.part_id, new RegExp(`${outer.sku} contains ${inner.sku} already`));
		p = assertProblem(await office.postJson(`/products/${leaf.id}/kit/parts`, { part_id: outer.id, qty: 1 }), 422, 'not a kit');
		assert.match(p.errors.part_id, /Make this product a kit first/);
		assert.equal(parts(), '2');
		// kits within kits roll up: leaf × 3 × 2
		const k = assertJson(await viewer.getJson(`/products/${outer.id}/kit`), 200);
		assert.equal(k.rollup.parts_cost_cents, 6 * 1000);
		// a kit with parts cannot stop being a kit; without them it can
		p = assertProblem(await office.deleteJson(`/products/${inner.id}/kit`), 422);
		assert.match(p.errors.parts, /Remove the kit's parts first/);
		const part = k.parts[0].id;
		assertJson(await office.deleteJson(`/products/${outer.id}/kit/parts/${part}`), 200, 'part removed');
		const un = assertJson(await office.deleteJson(`/products/${outer.id}/kit`), 200, 'unmade');
		assert.equal(un.is_kit, false);
		assertProblem(await office.deleteJson(`/products/${outer.id}/kit`), 404, 'not a kit now');
	});

	test('a kit is not stocked: its stock moves and reservations are refused by name; a stocked product cannot become one', async () => {
		const kit = await make(), stocked = await make();
		assertJson(await office.postJson(`/products/${kit.id}/kit`, {}), 201);
		const wh = sql("SELECT id FROM inventory.locations WHERE kind = 'warehouse' AND archived_at IS NULL ORDER BY id LIMIT 1");
		let p = assertProblem(await office.postJson('/stock/moves', { kind: 'receipt', product_id: kit.id, qty: 1, to_location_id: Number(wh) }), 422, 'receipt');
		assert.match(p.errors.product_id, new RegExp(`${kit.sku} is a kit: kits are not stocked`));
		p = assertProblem(await office.postJson('/allocations', { product_id: kit.id, location_id: Number(wh), qty: 1, doc_type: 'project', doc_id: 1 }), 422, 'reserve');
		assert.match(p.errors.product_id, /is a kit/);
		assert.equal(sql(`SELECT count(*) FROM inventory.stock_moves WHERE product_id = ${kit.id}`), '0');
		assertJson(await office.postJson('/stock/moves', { kind: 'receipt', product_id: stocked.id, qty: 2, to_location_id: Number(wh) }), 201);
		p = assertProblem(await office.postJson(`/products/${stocked.id}/kit`, {}), 422, 'stocked');
		assert.match(p.errors.product_id, /has 2 on hand: a kit is not stocked/);
		const serial = await make({ serialised: true });
		p = assertProblem(await office.postJson(`/products/${serial.id}/kit`, {}), 422, 'serialised');
		assert.match(p.errors.product_id, /serialised/);
		assert.equal(sql('SELECT count(*) FROM inventory.ledger_mismatches()'), '0');
	});

	test('HTML: make a kit, add a part, a refused part comes back with its message', async () => {
		const kit = await make(), part = await make();
		const page = assertHtml(await office.getHtml(`/products/${kit.id}/kit`), 200);
		assert.match(page, /Make this product a kit/);
		assertRedirect(await office.postForm(`/products/${kit.id}/kit`, { price_rule: 'sum' }), 303);
		assertRedirect(await office.postForm(`/products/${kit.id}/kit/parts`, { part_sku: part.sku, qty: '4' }), 303);
		const bad = await office.postForm(`/products/${kit.id}/kit/parts`, { part_sku: kit.sku, qty: '1' });
		assert.match(textOf(assertHtml(bad, 422)), /cannot be a part of itself/);
		const pid = sql(`SELECT id FROM inventory.kit_parts WHERE kit_id = ${kit.id}`);
		assertRedirect(await office.postForm(`/products/${kit.id}/kit/parts/${pid}`, { _method: 'DELETE' }), 303);
		assert.equal(sql(`SELECT count(*) FROM inventory.kit_parts WHERE kit_id = ${kit.id}`), '0');
	});
});

describe('expand', () => {
	test('a kit exploded: its parts multiplied, required accessories (theirs too), offers flagged; the totals are the roll-up', async () => {
		const kit = await make({ labour_minutes: 120 });
		const amp = await make({ cost_cents: 40000, price_cents: 60000, labour_minutes: 30 });
		const spk = await make({ cost_cents: 20000, price_cents: 30000, labour_minutes: 20 });
		const brk = await make({ cost_cents: 500, price_cents: 1200, labour_minutes: 5 });
		const box = await make({ cost_cents: 100, price_cents: 300, labour_minutes: 2 });
		const vol = await make({ cost_cents: 3000, price_cents: 9000, labour_minutes: 15 });
		assertJson(await office.postJson(`/products/${kit.id}/kit`, {}), 201);
		assertJson(await office.postJson(`/products/${kit.id}/kit/parts`, { part_id: amp.id, qty: 1 }), 201);
		assertJson(await office.postJson(`/products/${kit.id}/kit/parts`, { part_id: spk.id, qty: 2 }), 201);
		assertJson(await office.postJson(`/products/${spk.id}/accessories`, { accessory_id: brk.id, kind: 'required', qty: 1 }), 201);
		assertJson(await office.postJson(`/products/${brk.id}/accessories`, { accessory_id: box.id, kind: 'required', qty: 2 }), 201);
		assertJson(await office.postJson(`/products/${amp.id}/accessories`, { accessory_id: vol.id, kind: 'recommended', qty: 1 }), 201);
		const x = assertJson(await viewer.getJson(`/products/${kit.id}/expand?qty=3`), 200);
		const lines = x.lines.map((l) => [l.role, l.product_id, l.qty, l.offer]);
		assert.deepEqual(lines, [
			['kit', kit.id, 3, false], ['part', amp.id, 3, false], ['part', spk.id, 6, false],
			['required', brk.id, 6, false], ['required', box.id, 12, false], ['recommended', vol.id, 3, true],
		]);
		const parts = { cost: 40000 + 2 * 20000, price: 60000 + 2 * 30000, labour: 120 + 30 + 2 * 20 };
		const acc = { cost: 2 * 500 + 4 * 100, price: 2 * 1200 + 4 * 300, labour: 2 * 5 + 4 * 2 };
		assert.deepEqual(x.totals, { cost_cents: 3 * (parts.cost + acc.cost), price_cents: 3 * (parts.price + acc.price),
			labour_minutes: 3 * (parts.labour + acc.labour) });
		// whole: one line at the rolled-up figures, the kit's own accessories only
		const w = assertJson(await viewer.getJson(`/products/${kit.id}/expand?qty=2&explode=0`), 200);
		assert.deepEqual(w.lines.map((l) => [l.role, l.qty, l.unit_cost_cents, l.unit_price_cents, l.unit_labour_minutes]),
			[['product', 2, parts.cost, parts.price, parts.labour]]);
		// the kit at its own price: the parts' prices are in the kit line
		const k = assertJson(await viewer.getJson(`/products/${kit.id}/kit`), 200);
		assertJson(await office.postJson(`/products/${kit.id}/kit`, { price_rule: 'own', version: k.version }), 200);
		const own = assertJson(await viewer.getJson(`/products/${kit.id}/expand`), 200);
		assert.equal(own.lines[0].unit_price_cents, 2500);
		assert.deepEqual(own.lines.filter((l) => l.role === 'part').map((l) => l.unit_price_cents), [0, 0]);
		assert.equal(own.totals.price_cents, 2500 + acc.price);
		// the function other families call gives the same lines
		const rows = sql(`SELECT role || ':' || qty FROM inventory.expand(${kit.id}, 3, true) ORDER BY line`).split('\n');
		assert.deepEqual(rows, ['kit:3', 'part:3', 'part:6', 'required:6', 'required:12', 'recommended:3']);
		for (const role of ['hearth_sales', 'hearth_projects', 'hearth_service'])
			assert.equal(sql(`SELECT has_function_privilege('${role}', 'inventory.expand(bigint, integer, boolean)', 'EXECUTE')`), 't');
	});

	test('bad quantity or an archived product: 422 naming the field; HTML shows the lines', async () => {
		const p = await make();
		let e = assertProblem(await viewer.getJson(`/products/${p.id}/expand?qty=0`), 422);
		assert.match(e.errors.qty, /whole number/);
		e = assertProblem(await viewer.getJson(`/products/${p.id}/expand?qty=2.5`), 422);
		assert.ok(e.errors.qty);
		assertProblem(await viewer.getJson(`/products/${p.id}/expand?explode=maybe`), 422);
		const one = assertJson(await viewer.getJson(`/products/${p.id}/expand`), 200);
		assert.deepEqual(one.lines.map((l) => [l.role, l.qty]), [['product', 1]]);
		assert.match(textOf(assertHtml(await viewer.getHtml(`/products/${p.id}/expand?qty=4`), 200)), /Added lines: \$100\.00/);
		assertJson(await office.deleteJson(`/products/${p.id}`), 200);
		e = assertProblem(await viewer.getJson(`/products/${p.id}/expand`), 422);
		assert.match(e.errors.product_id, /archived/);
	});
});

describe('product image', () => {
	// The smallest PNG: 1×1, transparent.
	const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
		'1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
	const send = (c, id, bytes, name, version, type = 'image/png') => {
		const fd = new FormData();
		fd.append('version', String(version));
		fd.append('image', new Blob([bytes], { type }), name);
		return c.postMultipart(`/products/${id}/image`, fd);
	};

	test('upload, served by nginx with its type; a stale version 409; replace, remove; the list shows a thumbnail', async () => {
		const p = await make({ name: `Pictured ${RUN}` });
		const r = assertJson(await send(office, p.id, PNG, 'tv.png', p.version), 200, 'upload');
		assert.equal(r.image_type, 'image/png');
		assert.equal(r.image_name, 'tv.png');
		assert.equal(r.version, p.version + 1);
		assert.match(r.image_url, new RegExp(`^/products/${p.id}/image\\?v=[0-9a-f]{16}$`));
		const img = await viewer.fetch(r.image_url);
		assert.equal(img.status, 200);
		assert.equal(img.headers.get('content-type'), 'image/png');
		assert.equal(img.headers.get('x-content-type-options'), 'nosniff');
		assert.deepEqual(Buffer.from(await img.arrayBuffer()), PNG);
		assert.equal(events('inventory.product_image_changed', p.id), 1);
		assertProblem(await send(office, p.id, PNG, 'again.png', p.version), 409, 'stale');
		const list = assertHtml(await viewer.getHtml(`/products?q=${encodeURIComponent(p.sku)}`), 200);
		assert.match(list, new RegExp(`<img class="thumb" src="/products/${p.id}/image\\?v=`));
		assert.match(assertHtml(await viewer.getHtml(`/products/${p.id}`), 200), /class="product-image"/);
		assert.match(assertHtml(await office.getHtml(`/products/${p.id}/edit`), 200), /enctype="multipart\/form-data"/);
		const gone = await office.json('DELETE', `/products/${p.id}/image`, { version: r.version });
		assert.equal(assertJson(gone, 200, 'remove').image_url, null);
		assert.equal((await viewer.fetch(`/products/${p.id}/image`)).status, 404);
	});

	test('only PNG, JPEG, WebP and GIF by their bytes: SVG, HTML named .png and empty files refused; 5 MB at most', async () => {
		const p = await make();
		const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
		let e = assertProblem(await send(office, p.id, svg, 'x.svg', 1, 'image/svg+xml'), 422, 'svg');
		assert.match(e.errors.image, /PNG, JPEG, WebP or GIF/);
		e = assertProblem(await send(office, p.id, '<html><script>alert(1)</script>', 'x.png', 1), 422, 'html as png');
		assert.match(e.errors.image, /PNG, JPEG, WebP or GIF/);
		e = assertProblem(await send(office, p.id, Buffer.alloc(0), 'empty.png', 1), 422, 'empty');
		assert.match(e.errors.image, /empty/);
		const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
		e = assertProblem(await send(office, p.id, big, 'big.png', 1), 422, 'big');
		assert.match(e.errors.image, /5 MB/);
		assert.equal(sql(`SELECT image_sha256 IS NULL FROM inventory.products WHERE id = ${p.id}`), 't');
		// HTML: the form again with the message
		const fd = new FormData();
		fd.append('version', '1');
		fd.append('image', new Blob([svg], { type: 'image/svg+xml' }), 'x.svg');
		const html = await office.postMultipart(`/products/${p.id}/image`, fd, { accept: 'text/html' });
		assert.equal(html.status, 422);
		assert.match(textOf(html.text), /PNG, JPEG, WebP or GIF/);
		assertProblem(await send(viewer, p.id, PNG, 'x.png', 1), 403, 'viewer');
	});
});

describe('catalog export', () => {
	test('every active product as CSV, streamed: columns, supplier, stock, formula cells guarded, archived left out', async () => {
		const p = await make({ name: `=HYPERLINK("x") ${RUN}`, manufacturer: `Export${TAG}` });
		const arch = await make();
		assertJson(await office.deleteJson(`/products/${arch.id}`), 200);
		const res = await viewer.fetch('/products/export');
		assert.equal(res.status, 200);
		assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
		assert.match(res.headers.get('content-disposition'), /catalog\.csv/);
		assert.equal(res.headers.get('content-length'), null, 'streamed: no length up front');
		const rows = parseCsv(await res.text());
		const head = rows[0];
		for (const col of ['id', 'sku', 'manufacturer', 'model', 'name', 'category', 'description', 'unit', 'cost_cents',
			'price_cents', 'labour_minutes', 'serialised', 'reorder_point', 'reorder_qty', 'tags', 'is_kit', 'supplier_name',
			'supplier_sku', 'supplier_cost_cents', 'on_hand', 'allocated', 'available', 'created_at'])
			assert.ok(head.includes(col), col);
		const body = rows.slice(1).filter((r) => r.length > 1);
		assert.equal(body.length, Number(sql('SELECT count(*) FROM inventory.products WHERE archived_at IS NULL')));
		const mine = body.find((r) => r[head.indexOf('sku')] === p.sku);
		assert.equal(mine[head.indexOf('name')], `'=HYPERLINK("x") ${RUN}`);
		assert.equal(mine[head.indexOf('is_kit')], 'false');
		assert.ok(!body.some((r) => r[head.indexOf('sku')] === arch.sku), 'archived left out');
		const withSupplier = body.find((r) => r[head.indexOf('supplier_name')] !== '');
		assert.ok(withSupplier, 'a demo product with its supplier');
		// a page of the list is still ?format=csv
		const page = await viewer.fetch('/products?format=csv&limit=5');
		assert.equal(parseCsv(await page.text()).filter((r) => r.length > 1).length, 6);
		const anon = await fetch(`${BASE}/products/export`, { redirect: 'manual', headers: { Accept: 'application/json' } });
		assert.equal(anon.status, 401);
		void admin;
	});
});
