// Stock over HTTP (cgi-bin/inventory/stock.c, sql/031): receipts,
// transfers, adjustments, write-offs and returns into the ledger; levels
// per product and location that never go negative; reservations for
// projects and tickets, released or used; and the proof that the database
// keeps it right when 100 requests race for the last 10 units. After every
// test the ledger sums to the levels (inventory.ledger_mismatches(product)).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
	USERS, RUN, letters, signIn, assertJson, assertProblem, assertHtml, assertRedirect, textOf,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const sql = (q) => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', q],
	{ encoding: 'utf8' }).trim();
const TAG = RUN.toUpperCase().replace(/[^A-Z0-9]/g, '');

let admin, office, viewer, tech, wh, van, site;
const made = [];       // every product the tests make: their ledgers are checked at the end
const newProduct = async (over = {}) => {
	const p = assertJson(await office.postJson('/products', {
		sku: `S${TAG}-${letters(6).toUpperCase()}`, name: `Stock item ${RUN}`, manufacturer: 'Meshline', category: 'networking',
		cost_cents: 1000, price_cents: 2000, reorder_point: 2, reorder_qty: 10, ...over,
	}), 201);
	made.push(p.id);
	return p;
};
const move = (c, body) => c.postJson('/stock/moves', body);
const level = (pid, loc) => sql(`SELECT on_hand || '/' || allocated FROM inventory.stock_levels
	WHERE product_id = ${pid} AND location_id = ${loc}`);

before(async () => {
	[admin, office, viewer, tech] = await Promise.all(
		[USERS.admin, USERS.office, USERS.viewer, USERS.tech].map((u) => signIn(u, undefined, { csrfFrom: '/products' })));
	const techId = Number(sql(`SELECT id FROM auth.users WHERE email = '${USERS.tech}'`));
	wh = assertJson(await admin.postJson('/locations', { name: `Stock WH ${RUN}`, kind: 'warehouse' }), 201);
	van = assertJson(await admin.postJson('/locations', { name: `Stock van ${RUN}`, kind: 'van', technician_id: techId }), 201);
	site = assertJson(await admin.postJson('/locations', { name: `Stock site ${RUN}`, kind: 'site' }), 201);
});

after(() => {
	// per product: a full pass reads the whole ledger (a minute at scale)
	assert.equal(sql(`SELECT count(*) FROM unnest(ARRAY[${made.join(',')}]::bigint[]) p, inventory.ledger_mismatches(p)`), '0',
		'the ledger sums to the levels');
});

describe('stock moves', () => {
	test('receipt, transfer, adjustment, write-off, return: the ledger row, the levels, audit and event', async () => {
		const p = await newProduct();
		const r = assertJson(await move(office, { kind: 'receipt', product_id: p.id, qty: 12, to_location_id: wh.id, doc_ref: 'DN-1' }), 201);
		assert.equal(r.kind, 'receipt');
		assert.equal(r.doc_type, 'delivery');
		assert.equal(r.user_id, Number(sql(`SELECT id FROM auth.users WHERE email = '${USERS.office}'`)), 'who');
		assert.equal(level(p.id, wh.id), '12/0');
		assertJson(await move(office, { kind: 'transfer', sku: p.sku.toLowerCase(), qty: 5, from_location_id: wh.id, to_location_id: van.id }), 201);
		assert.equal(level(p.id, wh.id), '7/0');
		assert.equal(level(p.id, van.id), '5/0');
		assertJson(await move(office, { kind: 'adjustment', product_id: p.id, qty: 1, from_location_id: van.id, reason: 'Counted 4' }), 201);
		assertJson(await move(office, { kind: 'adjustment', product_id: p.id, qty: 2, to_location_id: wh.id, reason: 'Found a box' }), 201);
		assertJson(await move(office, { kind: 'write_off', product_id: p.id, qty: 1, from_location_id: wh.id, reason: 'Damaged' }), 201);
		assertJson(await move(office, { kind: 'return', product_id: p.id, qty: 1, to_location_id: wh.id, doc_ref: 'Job 77' }), 201);
		assert.equal(level(p.id, wh.id), '9/0');
		assert.equal(level(p.id, van.id), '4/0');
		assert.equal(sql(`SELECT count(*) FROM core.audit a JOIN inventory.stock_moves m ON m.id = a.entity_id
			WHERE a.action = 'stock_move.create' AND m.product_id = ${p.id}`), '6');
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'inventory.stock_moved'
			AND (payload->>'product_id')::bigint = ${p.id}`), '6');
		const show = assertJson(await viewer.getJson(`/products/${p.id}`), 200);
		assert.equal(show.on_hand, 13);
		assert.deepEqual(show.levels.map((l) => [l.location_id, l.on_hand]).sort(), [[wh.id, 9], [van.id, 4]].sort());
		assert.equal(show.moves.length, 6);
		const ledger = assertJson(await viewer.getJson(`/stock/moves?product_id=${p.id}`), 200);
		assert.deepEqual(ledger.items.map((m) => m.kind), ['return', 'write_off', 'adjustment', 'adjustment', 'transfer', 'receipt']);
		assert.equal(ledger.items[0].user_name, 'Jordan Lee');
		const vanLedger = assertJson(await viewer.getJson(`/stock/moves?location_id=${van.id}&product_id=${p.id}`), 200);
		assert.deepEqual(vanLedger.items.map((m) => m.kind), ['adjustment', 'transfer']);
		const kinds = assertJson(await viewer.getJson(`/stock/moves?product_id=${p.id}&kind=adjustment&limit=1`), 200);
		assert.equal(kinds.items.length, 1);
		assert.ok(kinds.next, 'a next page');
		const page2 = assertJson(await viewer.getJson(`/stock/moves?product_id=${p.id}&kind=adjustment&limit=1&after=${encodeURIComponent(kinds.next)}`), 200);
		assert.equal(page2.items.length, 1);
		assert.notEqual(page2.items[0].id, kinds.items[0].id);
		const csv = await viewer.fetch(`/stock/moves?format=csv&product_id=${p.id}`);
		assert.equal((await csv.text()).trim().split('\n').length, 7);
	});

	test('bad moves: a clear message on the field at fault, nothing half-applied', async () => {
		const p = await newProduct();
		assertJson(await move(office, { kind: 'receipt', product_id: p.id, qty: 3, to_location_id: wh.id }), 201);
		const moves = () => sql(`SELECT count(*) FROM inventory.stock_moves WHERE product_id = ${p.id}`);
		const cases = [
			[{ kind: 'transfer', product_id: p.id, qty: 4, from_location_id: wh.id, to_location_id: van.id }, 'qty', /Only 3 of .* available at Stock WH/],
			[{ kind: 'transfer', product_id: p.id, qty: 1, from_location_id: van.id, to_location_id: wh.id }, 'qty', /Only 0/],
			[{ kind: 'transfer', product_id: p.id, qty: -1, from_location_id: wh.id, to_location_id: van.id }, 'qty', /between 1/],
			[{ kind: 'transfer', product_id: p.id, qty: 1.5, from_location_id: wh.id, to_location_id: van.id }, 'qty', /whole number/],
			[{ kind: 'transfer', product_id: p.id, qty: '2 boxes', from_location_id: wh.id, to_location_id: van.id }, 'qty', /whole number/],
			[{ kind: 'transfer', product_id: p.id, qty: 1, from_location_id: wh.id, to_location_id: wh.id }, 'to_location_id', /another location/],
			[{ kind: 'transfer', product_id: p.id, qty: 1, from_location_id: wh.id }, 'to_location_id', /where the stock goes/],
			[{ kind: 'receipt', product_id: p.id, qty: 1, to_location_id: 999999999 }, 'to_location_id', /Choose a location/],
			[{ kind: 'adjustment', product_id: p.id, qty: 1, from_location_id: wh.id }, 'reason', /Say why/],
			[{ kind: 'write_off', product_id: p.id, qty: 1, from_location_id: wh.id, reason: '  ' }, 'reason', /Say why/],
			[{ kind: 'teleport', product_id: p.id, qty: 1 }, 'kind', /./],
			[{ kind: 'receipt', sku: 'NO-SUCH-SKU-X', qty: 1, to_location_id: wh.id }, 'sku', /No product has this SKU/],
			[{ kind: 'receipt', qty: 1, to_location_id: wh.id }, 'product_id', /Choose a product/],
			[{ kind: 'receipt', product_id: 999999999, qty: 1, to_location_id: wh.id }, 'product_id', /No such product/],
		];
		for (const [body, field, msg] of cases) {
			const e = assertProblem(await move(office, body), 422, JSON.stringify(body));
			assert.match(e.errors[field] || '', msg, `${JSON.stringify(body)} → ${JSON.stringify(e.errors)}`);
		}
		assert.equal(moves(), '1', 'only the receipt');
		assert.equal(level(p.id, wh.id), '3/0');
		// an archived location takes no stock
		const gone = assertJson(await admin.postJson('/locations', { name: `Gone ${RUN}`, kind: 'site' }), 201);
		assertJson(await admin.deleteJson(`/locations/${gone.id}`), 200);
		const e = assertProblem(await move(office, { kind: 'transfer', product_id: p.id, qty: 1, from_location_id: wh.id,
			to_location_id: gone.id }), 422);
		assert.match(e.errors.to_location_id, /archived/);
		assert.equal(level(p.id, wh.id), '3/0', 'the half that would have left the warehouse did not');
	});

	test('the database refuses a negative level even without the functions\' checks', async () => {
		const p = await newProduct();
		assertJson(await move(office, { kind: 'receipt', product_id: p.id, qty: 1, to_location_id: wh.id }), 201);
		assert.throws(() => sql(`UPDATE inventory.stock_levels SET on_hand = -1 WHERE product_id = ${p.id}`), /check constraint/);
		assert.throws(() => sql(`UPDATE inventory.stock_levels SET allocated = 2 WHERE product_id = ${p.id}`), /stock_levels_within_on_hand/);
		// and the responder's role cannot write the stock tables at all
		assert.throws(() => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth_inventory`, '-XAtqc',
			`UPDATE inventory.stock_levels SET on_hand = 99 WHERE product_id = ${p.id}`], { encoding: 'utf8', stdio: 'pipe' }),
		/permission denied/);
	});

	test('stock_low is announced once, when a product falls to its reorder point', async () => {
		const p = await newProduct({ reorder_point: 3 });
		const lows = () => sql(`SELECT count(*) FROM core.outbox WHERE event = 'inventory.stock_low' AND entity_id = ${p.id}`);
		assertJson(await move(office, { kind: 'receipt', product_id: p.id, qty: 10, to_location_id: wh.id }), 201);
		assert.equal(sql(`SELECT low FROM inventory.stock_totals WHERE product_id = ${p.id}`), 'f');
		const created = lows();
		assertJson(await move(office, { kind: 'write_off', product_id: p.id, qty: 7, from_location_id: wh.id, reason: 'Flood' }), 201);
		assert.equal(Number(lows()), Number(created) + 1);
		assertJson(await move(office, { kind: 'write_off', product_id: p.id, qty: 1, from_location_id: wh.id, reason: 'Flood' }), 201);
		assert.equal(Number(lows()), Number(created) + 1, 'still low: not announced again');
		const ev = JSON.parse(sql(`SELECT payload FROM core.outbox WHERE event = 'inventory.stock_low' AND entity_id = ${p.id} ORDER BY id DESC LIMIT 1`));
		assert.equal(ev.available, 3);
		assert.equal(ev.sku, p.sku);
		const low = assertJson(await viewer.getJson(`/products?low=1&q=${p.sku}`), 200);
		assert.ok(low.items.some((x) => x.id === p.id) && low.items.every((x) => x.low === true));
	});

	test('HTML: the move form, a transfer by form (303 to the product), the form again on a shortage', async () => {
		const p = await newProduct();
		assertJson(await move(office, { kind: 'receipt', product_id: p.id, qty: 5, to_location_id: wh.id }), 201);
		const form = assertHtml(await office.getHtml(`/stock/moves/new?kind=transfer&product_id=${p.id}`), 200);
		assert.match(form, new RegExp(`Stock van ${RUN}`));
		assert.match(form, /<option value="transfer" selected>/);
		const ok = await office.postForm('/stock/moves', { kind: 'transfer', product_id: String(p.id), qty: '2',
			from_location_id: String(wh.id), to_location_id: String(van.id), reason: '', doc_ref: '' });
		assert.equal(assertRedirect(ok, 303), `/products/${p.id}`);
		assert.equal(level(p.id, van.id), '2/0');
		const short = await office.postForm('/stock/moves', { kind: 'transfer', product_id: String(p.id), qty: '9',
			from_location_id: String(wh.id), to_location_id: String(van.id) });
		const html = assertHtml(short, 422);
		assert.match(textOf(html), /Only 3 of .* available at Stock WH/);
		assert.match(html, /<option value="9"|value="9"/, 'the quantity is kept');
		assert.match(assertHtml(await viewer.getHtml('/stock/moves'), 200), /Stock moves/);
		assert.match(assertHtml(await viewer.getHtml(`/locations/${van.id}/stock`), 200), new RegExp(p.sku));
		assert.match(assertHtml(await viewer.getHtml(`/products/${p.id}`), 200), /Stock van/);
		assertProblem(await viewer.postJson('/stock/moves', { kind: 'receipt', product_id: p.id, qty: 1, to_location_id: wh.id }), 403);
		assert.equal((await tech.getHtml('/stock/moves/new')).status, 403);
	});

	test('a location\'s stock: by SKU, searchable, low filter, paged, CSV', async () => {
		const ps = [];
		for (let i = 0; i < 3; i++) {
			const p = await newProduct({ sku: `L${TAG}-${i}${letters(3).toUpperCase()}`, reorder_point: i === 0 ? 50 : 0 });
			assertJson(await move(office, { kind: 'receipt', product_id: p.id, qty: 10 + i, to_location_id: site.id }), 201);
			ps.push(p);
		}
		const list = assertJson(await viewer.getJson(`/locations/${site.id}/stock?q=L${TAG}`), 200);
		assert.deepEqual(list.items.map((x) => x.id), ps.map((p) => p.id));
		assert.deepEqual(list.items.map((x) => x.available), [10, 11, 12]);
		const low = assertJson(await viewer.getJson(`/locations/${site.id}/stock?q=L${TAG}&low=1`), 200);
		assert.deepEqual(low.items.map((x) => x.id), [ps[0].id]);
		const p1 = assertJson(await viewer.getJson(`/locations/${site.id}/stock?q=L${TAG}&limit=2`), 200);
		const p2 = assertJson(await viewer.getJson(`/locations/${site.id}/stock?q=L${TAG}&limit=2&after=${encodeURIComponent(p1.next)}`), 200);
		assert.deepEqual([...p1.items, ...p2.items].map((x) => x.id), ps.map((p) => p.id));
		const csv = await viewer.fetch(`/locations/${site.id}/stock?format=csv&q=L${TAG}`);
		assert.equal((await csv.text()).trim().split('\n').length, 4);
		assertProblem(await viewer.getJson('/locations/999999999/stock'), 404);
		assert.match(textOf(assertHtml(await viewer.getHtml(`/locations/${site.id}`), 200)), /Products held \d+/);
	});
});

describe('allocations', () => {
	test('reserve, use, release: levels, the allocation, audit and events; 422 beyond what is there', async () => {
		const p = await newProduct();
		assertJson(await move(office, { kind: 'receipt', product_id: p.id, qty: 6, to_location_id: wh.id }), 201);
		const r = await office.postJson('/allocations', { product_id: p.id, location_id: wh.id, qty: 4, doc_type: 'project', doc_id: 1042 });
		const a = assertJson(r, 201);
		assert.equal(r.headers.get('location'), `/allocations/${a.id}`);
		assert.equal(a.qty, 4);
		assert.equal(level(p.id, wh.id), '6/4');
		const more = assertJson(await office.postJson('/allocations', { sku: p.sku, location_id: wh.id, qty: 1, doc_type: 'project',
			doc_id: 1042 }), 201);
		assert.equal(more.id, a.id, 'the same document\'s allocation grows');
		assert.equal(more.qty, 5);
		const short = assertProblem(await office.postJson('/allocations', { product_id: p.id, location_id: wh.id, qty: 2,
			doc_type: 'ticket', doc_id: 7 }), 422);
		assert.match(short.errors.qty, /Only 1 of/);
		// a transfer cannot take reserved stock
		assertProblem(await move(office, { kind: 'transfer', product_id: p.id, qty: 2, from_location_id: wh.id, to_location_id: van.id }), 422);
		const used = assertJson(await office.postJson(`/allocations/${a.id}/consume`, { qty: 3, reason: 'Installed' }), 200);
		assert.deepEqual([used.qty, used.consumed], [2, 3]);
		assert.equal(level(p.id, wh.id), '3/2');
		const rel = assertJson(await office.postJson(`/allocations/${a.id}/release`, { qty: 2 }), 200);
		assert.equal(rel.qty, 0);
		assert.equal(level(p.id, wh.id), '3/0');
		const over = assertProblem(await office.postJson(`/allocations/${a.id}/release`, { qty: 1 }), 422);
		assert.match(over.errors.qty, /Only 0 of .* is reserved/);
		assertProblem(await office.postJson(`/allocations/${a.id}/consume`, { qty: 0 }), 422);
		assertProblem(await office.postJson('/allocations/999999999/consume', { qty: 1 }), 404);
		for (const bad of [{ doc_type: 'invoice' }, { doc_id: 0 }, { location_id: null }, { qty: 1.5 }]) {
			const e = assertProblem(await office.postJson('/allocations', { product_id: p.id, location_id: wh.id, qty: 1,
				doc_type: 'project', doc_id: 1, ...bad }), 422, JSON.stringify(bad));
			assert.ok(Object.keys(e.errors).length === 1, JSON.stringify(e.errors));
		}
		assert.equal(sql(`SELECT string_agg(event, ',' ORDER BY id) FROM core.outbox WHERE entity_id = ${a.id}
			AND event LIKE 'inventory.stock_%ed'`), 'inventory.stock_allocated,inventory.stock_allocated,inventory.stock_consumed,inventory.stock_released');
		assert.equal(sql(`SELECT string_agg(kind, ',' ORDER BY id) FROM inventory.stock_moves WHERE product_id = ${p.id}`),
			'receipt,allocation,allocation,consumption,release');
		const list = assertJson(await viewer.getJson(`/allocations?doc_type=project&doc_id=1042&product_id=${p.id}`), 200);
		assert.deepEqual(list.items.map((x) => x.id), [a.id]);
		assert.equal(assertJson(await viewer.getJson(`/allocations?product_id=${p.id}&open=1`), 200).items.length, 0);
		assert.match(assertHtml(await viewer.getHtml(`/allocations/${a.id}`), 200), /Project #1042/);
		assertHtml(await viewer.getHtml('/allocations'), 200);
		assertProblem(await viewer.postJson('/allocations', { product_id: p.id, location_id: wh.id, qty: 1, doc_type: 'project', doc_id: 1 }), 403);
	});

	test('HTML: reserve, use and release from the product page (303 back, a flash on refusal)', async () => {
		const p = await newProduct();
		assertJson(await move(office, { kind: 'receipt', product_id: p.id, qty: 2, to_location_id: wh.id }), 201);
		const r = await office.postForm('/allocations', { product_id: String(p.id), location_id: String(wh.id), qty: '2',
			doc_type: 'ticket', doc_id: '88' });
		assert.equal(assertRedirect(r, 303), `/products/${p.id}`);
		const page = assertHtml(await office.getHtml(`/products/${p.id}`), 200);
		assert.match(textOf(page), /Ticket #88 2 reserved at Stock WH/);
		const id = sql(`SELECT id FROM inventory.allocations WHERE product_id = ${p.id}`);
		assert.equal(assertRedirect(await office.postForm(`/allocations/${id}/consume`, { qty: '1' }), 303), `/products/${p.id}`);
		assert.equal(assertRedirect(await office.postForm(`/allocations/${id}/release`, { qty: '1' }), 303), `/products/${p.id}`);
		const refused = await office.postForm('/allocations', { product_id: String(p.id), location_id: String(wh.id), qty: '5',
			doc_type: 'ticket', doc_id: '88' });
		assert.equal(assertRedirect(refused, 303), `/products/${p.id}`);
		assert.match(textOf(assertHtml(await office.getHtml(`/products/${p.id}`), 200)), /Only 1 of .* available/);
		assert.equal(level(p.id, wh.id), '1/0');
	});

	test('100 parallel requests for 1 unit each when 10 are available: exactly 10 succeed', async () => {
		const p = await newProduct({ reorder_point: 0 });
		assertJson(await move(office, { kind: 'receipt', product_id: p.id, qty: 10, to_location_id: wh.id }), 201);
		// one session, 100 requests in flight at once (fetch opens a connection each)
		const results = await Promise.all(Array.from({ length: 100 }, (_, i) => office.postJson('/allocations',
			{ product_id: p.id, location_id: wh.id, qty: 1, doc_type: 'ticket', doc_id: 5000 + i })));
		const statuses = results.map((r) => r.status);
		assert.equal(statuses.filter((s) => s === 201).length, 10, `statuses: ${JSON.stringify(statuses)}`);
		assert.ok(statuses.every((s) => s === 201 || s === 409 || s === 422), `statuses: ${JSON.stringify(statuses)}`);
		assert.equal(level(p.id, wh.id), '10/10');
		assert.equal(sql(`SELECT on_hand - allocated FROM inventory.stock_totals WHERE product_id = ${p.id}`), '0', 'nothing available');
		assert.equal(sql(`SELECT count(*) || '/' || sum(qty) FROM inventory.allocations WHERE product_id = ${p.id}`), '10/10');
		assert.equal(sql(`SELECT sum(CASE kind WHEN 'receipt' THEN qty ELSE 0 END) || '/' ||
			sum(CASE kind WHEN 'allocation' THEN qty ELSE 0 END) FROM inventory.stock_moves WHERE product_id = ${p.id}`), '10/10');
		assert.equal(sql(`SELECT count(*) FROM inventory.ledger_mismatches(${p.id})`), '0');
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'inventory.stock_allocated'
			AND (payload->'allocation'->>'product_id')::bigint = ${p.id}`), '10');
	});

	test('the SQL functions other families call: granted to projects and service, not to sales', async () => {
		const grants = sql(`SELECT string_agg(r, ',' ORDER BY r) FROM unnest(ARRAY['hearth_projects','hearth_service','hearth_sales']) r
			WHERE has_function_privilege(r, 'inventory.allocate(bigint,bigint,integer,text,bigint,text)', 'EXECUTE')
			AND has_function_privilege(r, 'inventory.release(bigint,integer,text)', 'EXECUTE')
			AND has_function_privilege(r, 'inventory.consume(bigint,integer,text)', 'EXECUTE')`);
		assert.equal(grants, 'hearth_projects,hearth_service');
		// as the projects responder would: its own role, one transaction, who is asking set
		const p = await newProduct();
		assertJson(await move(office, { kind: 'receipt', product_id: p.id, qty: 3, to_location_id: wh.id }), 201);
		const out = execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth_projects`, '-XAtq', '-c',
			`BEGIN; SELECT set_config('hearth.user_id', '1', true);
			 SELECT qty FROM inventory.allocate(${p.id}, ${wh.id}, 2, 'project', 31337);
			 SELECT consumed FROM inventory.consume((SELECT id FROM inventory.allocations WHERE product_id = ${p.id}), 1, 'fitted');
			 COMMIT;`], { encoding: 'utf8' }).trim().split('\n');
		assert.deepEqual(out.slice(-2), ['2', '1']);
		assert.equal(level(p.id, wh.id), '2/1');
		assert.throws(() => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth_projects`, '-XAtqc',
			`SELECT inventory.allocate(${p.id}, ${wh.id}, 5, 'project', 31337)`], { encoding: 'utf8', stdio: 'pipe' }),
		/Only 1 of/);
	});
});

describe('JSON links (docs/api.md)', () => {
	test('records, list items and the rows a page lists carry their url; a move has a page of its own', async () => {
		const p = await newProduct();
		const ps = assertJson(await office.postJson(`/products/${p.id}/suppliers`, {
			supplier_id: Number(sql('SELECT min(id) FROM inventory.suppliers WHERE archived_at IS NULL')), cost_cents: 900,
		}), 201);
		assert.equal(ps.url, `/product-suppliers/${ps.id}`);
		assert.equal(ps.product_url, `/products/${p.id}`);
		const m = assertJson(await move(office, { kind: 'receipt', product_id: p.id, qty: 4, to_location_id: wh.id }), 201);
		assert.equal(m.url, `/stock/moves/${m.id}`);
		const a = assertJson(await office.postJson('/allocations',
			{ product_id: p.id, location_id: wh.id, qty: 1, doc_type: 'project', doc_id: 77 }), 201);
		assert.equal(a.url, `/allocations/${a.id}`);
		assert.equal(assertJson(await office.postJson(`/allocations/${a.id}/release`, { qty: 1 }), 200).url, a.url);

		const full = assertJson(await viewer.getJson(`/products/${p.id}`), 200);
		assert.equal(full.url, `/products/${p.id}`);
		assert.equal(full.suppliers_url, `/products/${p.id}/suppliers`);
		assert.deepEqual(full.suppliers.map((s) => s.url), [ps.url]);
		assert.ok(full.moves.every((x) => x.url === `/stock/moves/${x.id}`) && full.moves.some((x) => x.url === m.url), 'the latest moves link theirs');
		assert.deepEqual(full.allocations, [], 'nothing reserved any more');
		assert.equal(assertJson(await viewer.getJson(full.suppliers_url), 200).items[0].url, ps.url);

		const loc = assertJson(await viewer.getJson(`/locations/${wh.id}`), 200);
		assert.equal(loc.stock_url, `/locations/${wh.id}/stock`);
		assert.equal(typeof loc.value_cents, 'number', 'a sum at cost is a JSON number, not numeric text');
		const held = assertJson(await viewer.getJson(`${loc.stock_url}?q=${encodeURIComponent(p.sku)}`), 200).items;
		assert.deepEqual(held.map((x) => [x.url, x.on_hand]), [[`/products/${p.id}`, 4]]);

		const ledger = assertJson(await viewer.getJson(`/stock/moves?product_id=${p.id}&kind=receipt`), 200).items;
		assert.deepEqual(ledger.map((x) => x.url), [m.url]);
		const one = assertJson(await viewer.getJson(m.url), 200);
		assert.deepEqual([one.id, one.kind, one.qty, one.to_name, one.product_name], [m.id, 'receipt', 4, wh.name, p.name]);
		assertProblem(await viewer.getJson('/stock/moves/999999999'), 404);
		assert.match(textOf(assertHtml(await viewer.getHtml(m.url), 200)), new RegExp(`Receipt: 4 × ${p.name}`));
	});
});
