// Stock-takes and the inventory reports over HTTP (cgi-bin/inventory/
// counts.c, reports.c, sql/044): a location's count sheet in JSON, HTML
// and CSV; a count applied as adjustments in one transaction; a stale
// count (a line moved since the sheet was read) refused with nothing
// applied; bad counts refused by line. Each report (value, turnover, dead,
// low) in JSON, HTML and CSV, its numbers checked against values this test
// computes itself from the ledger (SQL) and the moves it made, and its bad
// filters refused. At the end the summaries agree with the ledger and the
// levels (inventory.report_mismatches()) and each product's ledger with
// its levels (inventory.ledger_mismatches(p)).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
	USERS, RUN, letters, signIn, assertJson, assertProblem, assertHtml, assertRedirect, textOf, parseCsv, inputValue,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const sql = (q) => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', q],
	{ encoding: 'utf8' }).trim();
const TAG = RUN.toUpperCase().replace(/[^A-Z0-9]/g, '');

let admin, office, viewer, wh, site, far;
const made = [];
const newProduct = async (over = {}) => {
	const p = assertJson(await office.postJson('/products', {
		sku: `R${TAG}-${letters(6).toUpperCase()}`, name: `Report item ${RUN} ${letters(4)}`, manufacturer: 'Lumora',
		category: 'lighting', cost_cents: 1250, price_cents: 2500, reorder_point: 0, reorder_qty: 10, ...over,
	}), 201);
	made.push(p.id);
	return p;
};
const move = async (body) => assertJson(await office.postJson('/stock/moves', body), 201, `move ${body.kind}`);
const level = (pid, loc) => sql(`SELECT coalesce((SELECT on_hand FROM inventory.stock_levels
	WHERE product_id = ${pid} AND location_id = ${loc}), 0)`);

before(async () => {
	[admin, office, viewer] = await Promise.all(
		[USERS.admin, USERS.office, USERS.viewer].map((u) => signIn(u, undefined, { csrfFrom: '/products' })));
	wh = assertJson(await admin.postJson('/locations', { name: `Count WH ${RUN}`, kind: 'warehouse' }), 201);
	site = assertJson(await admin.postJson('/locations', { name: `Count site ${RUN}`, kind: 'site' }), 201);
	far = assertJson(await admin.postJson('/locations', { name: `Old store ${RUN}`, kind: 'warehouse' }), 201);
});

after(() => {
	assert.equal(sql(`SELECT count(*) FROM unnest(ARRAY[${made.join(',')}]::bigint[]) p, inventory.ledger_mismatches(p)`), '0',
		'the ledger sums to the levels');
	assert.equal(sql('SELECT count(*) FROM inventory.report_mismatches()'), '0',
		`the report summaries agree with the ledger: ${sql('SELECT * FROM inventory.report_mismatches() LIMIT 5')}`);
});

describe('stock-take', () => {
	let a, b, c, sheet;
	before(async () => {
		a = await newProduct({ cost_cents: 1000 });
		b = await newProduct({ cost_cents: 2000, category: 'audio' });
		c = await newProduct({ cost_cents: 333 });
		await move({ kind: 'receipt', product_id: a.id, qty: 10, to_location_id: wh.id });
		await move({ kind: 'receipt', product_id: b.id, qty: 5, to_location_id: wh.id });
	});

	test('the count sheet: every product held there with its expected on hand, filters, CSV, HTML', async () => {
		sheet = assertJson(await viewer.getJson(`/locations/${wh.id}/count`), 200);
		assert.deepEqual(sheet.items.map((i) => [i.id, i.expected, i.allocated]).sort(), [[a.id, 10, 0], [b.id, 5, 0]].sort());
		assert.equal(sheet.items[0].url, `/products/${sheet.items[0].id}`);
		assert.equal(sheet.next, null);
		const audio = assertJson(await viewer.getJson(`/locations/${wh.id}/count?category=audio`), 200);
		assert.deepEqual(audio.items.map((i) => i.id), [b.id]);
		const q = assertJson(await viewer.getJson(`/locations/${wh.id}/count?q=${encodeURIComponent(a.sku.toLowerCase())}`), 200);
		assert.deepEqual(q.items.map((i) => i.id), [a.id]);
		const paged = assertJson(await viewer.getJson(`/locations/${wh.id}/count?limit=1`), 200);
		assert.equal(paged.items.length, 1);
		assert.ok(paged.next, 'a next page');
		const rest = assertJson(await viewer.getJson(`/locations/${wh.id}/count?limit=1&after=${encodeURIComponent(paged.next)}`), 200);
		assert.notEqual(rest.items[0].id, paged.items[0].id);
		const csv = await viewer.fetch(`/locations/${wh.id}/count?format=csv`);
		assert.equal(csv.status, 200);
		const rows = parseCsv(await csv.text()).filter((x) => x.length > 1);
		assert.deepEqual(rows[0], ['id', 'sku', 'bin', 'manufacturer', 'name', 'unit', 'category', 'serialised', 'expected', 'allocated', 'counted']);
		assert.equal(rows.length, 3);
		const html = assertHtml(await office.getHtml(`/locations/${wh.id}/count`), 200);
		assert.equal(inputValue(html, `e_${a.id}`), '10', 'the expected value rides with the line');
		assert.match(html, new RegExp(`name="c_${a.id}"`));
		assert.match(html, /name="add_sku_1"/);
		assert.match(html, /Apply the count/);
		assert.match(textOf(html), /Reports/, 'the inventory navigation has Reports');
		const ro = assertHtml(await viewer.getHtml(`/locations/${wh.id}/count`), 200);
		assert.doesNotMatch(ro, /Apply the count/, 'a viewer sees the sheet without the form');
		assertProblem(await viewer.getJson('/locations/999999999/count'), 404);
		assertProblem(await viewer.getJson(`/locations/${wh.id}/count?category=toys`), 422);
	});

	test('a count applied: differences booked as adjustments in one transaction, the result, audit and event', async () => {
		const r = assertJson(await office.postJson(`/locations/${wh.id}/count`, {
			reason: 'Quarterly count',
			lines: [
				{ product_id: a.id, expected: 10, counted: 8 },
				{ product_id: b.id, expected: 5, counted: 5 },
				{ sku: c.sku.toLowerCase(), expected: 0, counted: 3 },
			],
		}), 201);
		assert.equal(r.lines, 3);
		assert.equal(r.adjusted, 2);
		assert.equal(r.units_delta, 1);
		assert.equal(r.value_delta_cents, -2 * 1000 + 3 * 333);
		assert.equal(r.reason, 'Quarterly count');
		assert.equal(r.location_id, wh.id);
		assert.equal(r.url, `/stock/counts/${r.id}`);
		const byId = Object.fromEntries(r.changes.map((x) => [x.product_id, x]));
		assert.deepEqual([byId[a.id].expected, byId[a.id].counted, byId[a.id].diff, byId[a.id].value_cents], [10, 8, -2, -2000]);
		assert.deepEqual([byId[c.id].diff, byId[c.id].value_cents], [3, 999]);
		assert.equal(byId[b.id], undefined, 'an unchanged line books nothing');
		assert.equal(level(a.id, wh.id), '8');
		assert.equal(level(c.id, wh.id), '3');
		// the ledger: adjustments of the count, out for a, in for c
		assert.equal(sql(`SELECT string_agg(kind || ':' || qty || ':' || coalesce(from_location_id::text, '-') || ':'
			|| coalesce(to_location_id::text, '-') || ':' || reason, ',' ORDER BY product_id)
			FROM inventory.stock_moves WHERE doc_type = 'count' AND doc_id = ${r.id}`),
		`adjustment:2:${wh.id}:-:Quarterly count,adjustment:3:-:${wh.id}:Quarterly count`);
		assert.equal(sql(`SELECT id FROM inventory.stock_moves WHERE doc_type = 'count' AND doc_id = ${r.id} AND product_id = ${a.id}`),
			String(byId[a.id].move_id));
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'stock_count.create' AND entity_id = ${r.id}`), '1');
		assert.equal(sql(`SELECT payload->>'adjusted' FROM core.outbox WHERE event = 'inventory.stock_counted' AND entity_id = ${r.id}`), '2');
		const show = assertJson(await viewer.getJson(`/stock/counts/${r.id}`), 200);
		assert.deepEqual(show, r);
		const page = textOf(assertHtml(await viewer.getHtml(`/stock/counts/${r.id}`), 200));
		assert.match(page, new RegExp(`Count ${r.id} at Count WH`));
		assert.match(page, /−2/);
		assert.match(page, /−\$20\.00/);
		assert.match(page, /\$9\.99/);
		assertProblem(await viewer.getJson('/stock/counts/999999999'), 404);
	});

	test('a stale count: a line that moved since the sheet was read refuses the whole count (409)', async () => {
		const s = assertJson(await office.getJson(`/locations/${wh.id}/count`), 200);
		const exp = Object.fromEntries(s.items.map((i) => [i.id, i.expected]));
		assert.equal(exp[a.id], 8);
		await move({ kind: 'transfer', product_id: a.id, qty: 1, from_location_id: wh.id, to_location_id: site.id });
		const movesBefore = sql(`SELECT count(*) FROM inventory.stock_moves WHERE product_id IN (${a.id}, ${b.id})`);
		const p = assertProblem(await office.postJson(`/locations/${wh.id}/count`, {
			lines: [{ product_id: a.id, expected: exp[a.id], counted: 6 }, { product_id: b.id, expected: exp[b.id], counted: 4 }],
		}), 409);
		assert.match(p.errors['lines.0'], /Moved since the sheet was read: 7 expected now, not 8/);
		const lines = Object.fromEntries(p.current.lines.map((l) => [l.product_id, l]));
		assert.equal(lines[a.id].status, 'stale');
		assert.equal(lines[a.id].on_hand, 7);
		assert.equal(lines[b.id].status, 'adjusted', 'b alone would have applied');
		assert.equal(level(a.id, wh.id), '7', 'nothing applied');
		assert.equal(level(b.id, wh.id), '5', 'nothing applied, not even the good line');
		assert.equal(sql(`SELECT count(*) FROM inventory.stock_moves WHERE product_id IN (${a.id}, ${b.id})`), movesBefore);
		// the browser's sheet: shown again (409) with the message at the line, the counts typed kept and the new expected
		const html = await office.postForm(`/locations/${wh.id}/count`, {
			[`c_${a.id}`]: '6', [`e_${a.id}`]: '8', [`c_${b.id}`]: '4', [`e_${b.id}`]: '5', reason: 'Shelf A',
		});
		assert.equal(html.status, 409);
		assert.match(textOf(html.text), /Stock moved while you were counting/);
		assert.match(textOf(html.text), /7 expected now, not 8/);
		assert.equal(inputValue(html.text, `c_${a.id}`), '6', 'the count typed is kept');
		assert.equal(inputValue(html.text, `e_${a.id}`), '7', 'the expected value is the current one');
		assert.equal(level(b.id, wh.id), '5');
		// submitted again with the sheet as shown now: applied
		const ok = await office.postForm(`/locations/${wh.id}/count`, {
			[`c_${a.id}`]: '6', [`e_${a.id}`]: '7', [`c_${b.id}`]: '', [`e_${b.id}`]: '5', reason: 'Shelf A',
		});
		const loc = assertRedirect(ok, 303);
		assert.match(loc, /^\/stock\/counts\/\d+$/);
		assert.equal(level(a.id, wh.id), '6');
		assert.equal(level(b.id, wh.id), '5', 'an empty count is no count');
	});

	test('bad counts: negative, fractional, unknown product or SKU, under what is reserved, twice, nothing', async () => {
		const bad = async (lines, key, re, status = 422) => {
			const p = assertProblem(await office.postJson(`/locations/${wh.id}/count`, { lines }), status, key);
			assert.match(p.errors[key] || '', re, `${key}: ${JSON.stringify(p.errors)}`);
		};
		await bad([{ product_id: a.id, expected: 6, counted: -1 }], 'lines.0.counted', /0 or more/);
		await bad([{ product_id: a.id, expected: 6, counted: '-3' }], 'lines.0.counted', /0 or more/);
		await bad([{ product_id: a.id, expected: 6, counted: 2.5 }], 'lines.0.counted', /whole number/);
		await bad([{ product_id: a.id, expected: 6, counted: '2.5' }], 'lines.0.counted', /whole number/);
		await bad([{ product_id: a.id, expected: 6, counted: 'ten' }], 'lines.0.counted', /whole number/);
		await bad([{ product_id: a.id, counted: 3 }], 'lines.0.expected', /expected/);
		await bad([{ product_id: 999999999, expected: 0, counted: 1 }], 'lines.0', /No such product/);
		await bad([{ sku: `NOPE-${TAG}`, expected: 0, counted: 1 }], 'lines.0.sku', /No product has this SKU/);
		await bad([{ expected: 0, counted: 1 }], 'lines.0', /product_id or sku/);
		await bad([], 'lines', /at least one/);
		await bad([{ product_id: a.id, expected: 6, counted: 5 }, { product_id: a.id, expected: 6, counted: 4 }], 'lines', /counted on two lines/);
		// a serialised product: a difference goes by serial, not by a count
		const ser = await newProduct({ serialised: true });
		await bad([{ product_id: ser.id, expected: 0, counted: 1 }], 'lines.0', /Serialised: 0 expected/);
		const same = assertJson(await office.postJson(`/locations/${wh.id}/count`, { lines: [{ product_id: ser.id, expected: 0, counted: 0 }] }), 201);
		assert.equal(same.adjusted, 0, 'a serialised product counted as expected is confirmed');
		// a count under what is reserved there
		const rsv = assertJson(await office.postJson('/allocations', { product_id: b.id, location_id: wh.id, qty: 3, doc_type: 'project', doc_id: 77 }), 201);
		await bad([{ product_id: b.id, expected: 5, counted: 2 }], 'lines.0', /reserved/);
		assertJson(await office.postJson(`/allocations/${rsv.id}/release`, { qty: 3 }), 200);
		const p = assertProblem(await office.postJson(`/locations/${wh.id}/count`, { lines: [], extra: 1 }), 422);
		assert.equal(p.errors.extra, 'Unknown field.');
		assert.equal(level(a.id, wh.id), '6', 'nothing applied by any of them');
		// the browser's sheet with a bad count: 422, the message at the line
		const html = await office.postForm(`/locations/${wh.id}/count`, { [`c_${a.id}`]: '-2', [`e_${a.id}`]: '6', add_sku_1: `NOPE-${TAG}`, add_qty_1: '1' });
		assert.equal(html.status, 422);
		assert.match(textOf(html.text), /Must be 0 or more/);
		assert.match(textOf(html.text), /No product has this SKU/);
		assert.equal(inputValue(html.text, 'add_sku_1'), `NOPE-${TAG}`);
		const twice = await office.postForm(`/locations/${wh.id}/count`, { add_sku_2: a.sku, add_qty_2: '1' });
		assert.equal(twice.status, 409, 'found, but the sheet lists it');
		assert.match(textOf(twice.text), /Already held here \(6 expected\): count it on its line/);
		const none = await office.postForm(`/locations/${wh.id}/count`, { [`c_${a.id}`]: '', [`e_${a.id}`]: '6' });
		assert.equal(none.status, 422);
		assert.match(textOf(none.text), /Count at least one product/);
		// who may, where
		assertProblem(await viewer.postJson(`/locations/${wh.id}/count`, { lines: [{ product_id: a.id, expected: 6, counted: 6 }] }), 403);
		assertProblem(await office.postJson('/locations/999999999/count', { lines: [{ product_id: a.id, expected: 0, counted: 1 }] }), 404);
		const gone = assertJson(await admin.postJson('/locations', { name: `Closed ${RUN}`, kind: 'site' }), 201);
		assertJson(await admin.deleteJson(`/locations/${gone.id}`), 200);
		const arch = assertProblem(await office.postJson(`/locations/${gone.id}/count`, { lines: [{ product_id: a.id, expected: 0, counted: 1 }] }), 422);
		assert.match(arch.errors.location_id, /archived/);
	});
});

describe('reports', () => {
	let lit, spk, idle, low;
	before(async () => {
		// known moves at wh and site, all this month: receipts, a transfer,
		// consumption and a write-off (the outflow), a return (not outflow)
		lit = await newProduct({ cost_cents: 1500, category: 'lighting' });
		spk = await newProduct({ cost_cents: 4000, category: 'audio' });
		await move({ kind: 'receipt', product_id: lit.id, qty: 20, to_location_id: wh.id });
		await move({ kind: 'receipt', product_id: spk.id, qty: 6, to_location_id: wh.id });
		await move({ kind: 'transfer', product_id: lit.id, qty: 4, from_location_id: wh.id, to_location_id: site.id });
		const al = assertJson(await office.postJson('/allocations', { product_id: lit.id, location_id: wh.id, qty: 5, doc_type: 'project', doc_id: 4242 }), 201);
		assertJson(await office.postJson(`/allocations/${al.id}/consume`, { qty: 5 }), 200);
		await move({ kind: 'write_off', product_id: spk.id, qty: 1, from_location_id: wh.id, reason: 'Dropped' });
		await move({ kind: 'return', product_id: spk.id, qty: 2, to_location_id: wh.id });
		// dead stock: a product at its own location whose moves are moved
		// 3000 days back, with its summaries (the owner may; the test stands
		// in for time passing)
		idle = await newProduct({ cost_cents: 700, category: 'mounting' });
		await move({ kind: 'receipt', product_id: idle.id, qty: 9, to_location_id: far.id });
		sql(`BEGIN;
			INSERT INTO inventory.report_deltas (location_id, category, month, d_units, d_value, out_units, out_value)
			  SELECT location_id, category, month, -d_units, -d_value, -out_units, -out_value FROM (
			  SELECT ${far.id} AS location_id, 'mounting' AS category, inventory.month_of(now()) AS month, 9 AS d_units, 6300 AS d_value, 0 AS out_units, 0 AS out_value
			  UNION ALL SELECT ${far.id}, 'mounting', inventory.month_of(now() - interval '3000 days'), -9, -6300, 0, 0) x;
			UPDATE inventory.stock_moves SET at = at - interval '3000 days' WHERE product_id = ${idle.id};
			UPDATE inventory.stock_totals SET last_move_at = last_move_at - interval '3000 days' WHERE product_id = ${idle.id};
			UPDATE inventory.product_months SET month = inventory.month_of(now() - interval '3000 days') WHERE product_id = ${idle.id};
			COMMIT;`);
		// low stock: reorder point 5, 3 at wh and 1 at the site; named to sort first
		low = await newProduct({ name: `000 Low ${RUN}`, reorder_point: 5, reorder_qty: 12, category: 'security' });
		await move({ kind: 'receipt', product_id: low.id, qty: 4, to_location_id: wh.id });
		await move({ kind: 'transfer', product_id: low.id, qty: 1, from_location_id: wh.id, to_location_id: site.id });
	});

	test('the reports page and the navigation', async () => {
		const idx = assertJson(await viewer.getJson('/stock/reports'), 200);
		assert.deepEqual(idx.items.map((i) => i.url), ['/stock/reports/value', '/stock/reports/turnover', '/stock/reports/dead', '/stock/reports/low']);
		const html = assertHtml(await viewer.getHtml('/stock/reports'), 200);
		assert.match(html, /href="\/stock\/reports" aria-current="page">Reports/);
		for (const i of idx.items) assert.match(html, new RegExp(`href="${i.url}"`));
		assert.match(assertHtml(await viewer.getHtml('/products'), 200), /href="\/stock\/reports">Reports/);
	});

	test('stock value at cost by location and category equals the levels summed here', async () => {
		const expect = (loc) => Object.fromEntries(sql(`SELECT p.category || '=' || sum(l.on_hand) || '/' || sum(l.on_hand * p.cost_cents)
			FROM inventory.stock_levels l JOIN inventory.products p ON p.id = l.product_id WHERE l.location_id = ${loc}
			GROUP BY p.category HAVING sum(l.on_hand) <> 0`).split('\n').filter(Boolean).map((x) => x.split('=')));
		const r = assertJson(await viewer.getJson(`/stock/reports/value?location_id=${wh.id}`), 200);
		const want = expect(wh.id);
		assert.deepEqual(Object.fromEntries(r.by_category.map((c) => [c.category, `${c.units}/${c.value_cents}`])), want);
		assert.equal(r.by_location.length, 1);
		assert.equal(r.by_location[0].url, `/locations/${wh.id}`);
		const total = Object.values(want).reduce((s, v) => s + Number(v.split('/')[1]), 0);
		assert.equal(r.total.value_cents, total);
		assert.equal(r.by_location[0].value_cents, total);
		assert.equal(r.by_location[0].share, 100);
		// lit: 20 in, 4 to the site, 5 used: 11 at wh at 15.00; the site holds 4 (+1 of low)
		assert.equal(r.items.find((i) => i.category === 'lighting').location_id, wh.id);
		const atSite = () => expect(site.id).lighting.split('/').map(Number);
		const s = assertJson(await viewer.getJson(`/stock/reports/value?location_id=${site.id}&category=lighting`), 200);
		assert.deepEqual(s.total, { units: atSite()[0], value_cents: atSite()[1] });
		// a cost change revalues the stock held: lit's 4 at the site by 4 x 1.00
		assertJson(await office.patchJson(`/products/${lit.id}`, { cost_cents: 1600, version: lit.version }), 200);
		const s2 = assertJson(await viewer.getJson(`/stock/reports/value?location_id=${site.id}&category=lighting`), 200);
		assert.deepEqual(s2.total, { units: atSite()[0], value_cents: atSite()[1] });
		assert.equal(s2.total.value_cents - s.total.value_cents, 4 * 100);
		const all = assertJson(await viewer.getJson('/stock/reports/value?kind=site'), 200);
		assert.ok(all.by_location.every((l) => l.kind === 'site'));
		assert.ok(all.by_location.some((l) => l.location_id === site.id));
		const csv = await viewer.fetch(`/stock/reports/value?location_id=${wh.id}&format=csv`);
		assert.equal(csv.status, 200);
		assert.match(csv.headers.get('content-type'), /^text\/csv/);
		const rows = parseCsv(await csv.text()).filter((x) => x.length > 1);
		assert.deepEqual(rows[0], ['location_id', 'location_name', 'kind', 'category', 'units', 'value_cents']);
		assert.equal(rows.length - 1, Object.keys(want).length);
		const page = textOf(assertHtml(await viewer.getHtml(`/stock/reports/value?location_id=${site.id}`), 200));
		assert.match(page, /Stock value/);
		const v = atSite()[1];
		assert.match(page, new RegExp(`\\$${Math.floor(v / 100)}\\.${String(v % 100).padStart(2, '0')}`), 'lighting at the site');
		assertProblem(await viewer.getJson('/stock/reports/value?kind=castle'), 422);
		assertProblem(await viewer.getJson('/stock/reports/value?category=toys'), 422);
		assertProblem(await viewer.getJson('/stock/reports/value?location_id=x1'), 422);
		assert.equal((await viewer.getHtml('/stock/reports/value?kind=castle')).status, 422);
	});

	test('turnover and days of stock: per category at cost and per product in units, from the moves made', async () => {
		const r = assertJson(await viewer.getJson(`/stock/reports/turnover?location_id=${wh.id}`), 200);
		assert.equal(r.period.months, 12);
		const now = new Date();
		assert.equal(r.period.to, `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`);
		// everything at wh happened this month: opening 0, closing 0 for 11
		// months and the value now for this one, so average = now / 13
		const cat = (c) => r.categories.find((x) => x.category === c);
		const valueNow = (c) => Number(sql(`SELECT coalesce(sum(l.on_hand * p.cost_cents), 0) FROM inventory.stock_levels l
			JOIN inventory.products p ON p.id = l.product_id WHERE l.location_id = ${wh.id} AND p.category = '${c}'`));
		const outAtCost = (c) => Number(sql(`SELECT coalesce(sum(m.qty * p.cost_cents), 0) FROM inventory.stock_moves m
			JOIN inventory.products p ON p.id = m.product_id WHERE m.from_location_id = ${wh.id} AND p.category = '${c}'
			AND m.kind IN ('consumption', 'write_off')`));
		// the cost of lit changed after its consumption: the outflow is at
		// the cost when it went out, the stock at today's
		const audio = cat('audio');
		assert.equal(audio.out_units, 1);
		assert.equal(audio.out_value_cents, outAtCost('audio'));
		assert.equal(audio.avg_value_cents, Math.round(valueNow('audio') / 13));
		assert.equal(audio.turnover, Math.round(100 * audio.out_value_cents / audio.avg_value_cents) / 100);
		assert.equal(audio.days_of_stock, Math.round(audio.avg_value_cents * r.period.days / audio.out_value_cents));
		const light = cat('lighting');
		assert.equal(light.out_units, 5);
		assert.equal(light.out_value_cents, 5 * 1500);
		assert.equal(light.avg_value_cents, Math.round(valueNow('lighting') / 13));
		// the per-product figures (over every location): lit 20 in, 5 used
		const p = assertJson(await viewer.getJson(`/stock/reports/turnover?q=${encodeURIComponent(lit.sku)}`), 200);
		assert.equal(p.items.length, 1);
		const li = p.items[0];
		assert.deepEqual([li.id, li.url, li.on_hand, li.out_units], [lit.id, `/products/${lit.id}`, 15, 5]);
		assert.equal(li.avg_units, Math.round(150 / 13) / 10, 'on hand 15 this month only: 15 / 13');
		assert.equal(li.turnover, Math.round(100 * 5 / li.avg_units) / 100);
		assert.equal(li.days_of_stock, Math.round(li.avg_units * p.period.days / 5));
		// a period before any of it: nothing out, nothing held
		const old = assertJson(await viewer.getJson(`/stock/reports/turnover?from=2020-01&to=2020-06&location_id=${wh.id}`), 200);
		assert.deepEqual(old.period, { from: '2020-01', to: '2020-06', months: 6, days: 182 });
		assert.ok(old.categories.every((c) => c.out_units === 0 && c.avg_value_cents === 0 && c.turnover === null));
		const csv = await viewer.fetch(`/stock/reports/turnover?q=${encodeURIComponent(lit.sku)}&format=csv`);
		const rows = parseCsv(await csv.text());
		assert.deepEqual(rows[0], ['id', 'sku', 'name', 'unit', 'category', 'on_hand', 'out_units', 'avg_units', 'turnover', 'days_of_stock']);
		assert.equal(rows[1][1], lit.sku);
		const page = textOf(assertHtml(await viewer.getHtml(`/stock/reports/turnover?q=${encodeURIComponent(lit.sku)}`), 200));
		assert.match(page, /Turnover and days of stock/);
		assert.match(page, new RegExp(lit.sku));
		for (const [q, field] of [['from=2026-13', 'from'], ['to=9999-01', 'to'], ['from=2025-06&to=2025-01', 'from'],
			['from=2020-01&to=2024-01', 'from'], ['category=toys', 'category'], ['limit=0', 'limit']]) {
			const e = assertProblem(await viewer.getJson(`/stock/reports/turnover?${q}`), 422, q);
			assert.ok(e.errors[field], `${q}: ${JSON.stringify(e.errors)}`);
		}
		assert.equal((await viewer.getHtml('/stock/reports/turnover?from=nope')).status, 422);
	});

	test('dead stock: held and not moved in N days, longest idle first, with value at cost', async () => {
		const r = assertJson(await viewer.getJson('/stock/reports/dead?days=2999&limit=200'), 200);
		const mine = r.items.find((i) => i.id === idle.id);
		assert.ok(mine, 'the idle product is dead at 2999 days');
		assert.ok(r.items.every((x, k) => k === 0 || r.items[k - 1].last_move_at <= x.last_move_at), 'the longest idle first');
		assert.equal(mine.on_hand, 9);
		assert.equal(mine.value_cents, 9 * 700);
		assert.equal(mine.idle_days, Number(sql(`SELECT current_date - (last_move_at AT TIME ZONE 'UTC')::date FROM inventory.stock_totals WHERE product_id = ${idle.id}`)));
		assert.ok(mine.idle_days >= 3000);
		const not = assertJson(await viewer.getJson('/stock/reports/dead?days=3650&limit=200'), 200);
		assert.ok(!not.items.some((i) => i.id === idle.id), 'not dead at 3650 days');
		const def = assertJson(await viewer.getJson('/stock/reports/dead?category=mounting&limit=200'), 200);
		assert.ok(def.items.some((i) => i.id === idle.id), 'dead at the default 180 days');
		assert.ok(def.items.every((i) => i.category === 'mounting'));
		assert.ok(!def.items.some((i) => i.id === lit.id), 'what moved today is not dead');
		const csv = parseCsv(await (await viewer.fetch('/stock/reports/dead?days=2999&format=csv')).text());
		assert.equal(csv[0].join(), 'id,sku,manufacturer,name,unit,category,on_hand,allocated,cost_cents,value_cents,last_move_at,idle_days');
		const page = textOf(assertHtml(await viewer.getHtml('/stock/reports/dead?days=2999'), 200));
		assert.match(page, /Tied up at cost/);
		assert.match(page, new RegExp(idle.sku));
		for (const d of ['0', 'abc', '99999', '-5']) assertProblem(await viewer.getJson(`/stock/reports/dead?days=${d}`), 422, d);
		assertProblem(await viewer.getJson('/stock/reports/dead?category=toys'), 422);
	});

	test('low stock: at or under the reorder point, with where the stock is', async () => {
		const r = assertJson(await viewer.getJson('/stock/reports/low?category=security&limit=200'), 200);
		const mine = r.items.find((i) => i.id === low.id);
		assert.ok(mine, `the low product is listed (named to sort first): ${JSON.stringify(r.items.slice(0, 5).map((i) => i.name))}`);
		const names = r.items.map((i) => i.name.toLowerCase());
		assert.deepEqual(names, [...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)), 'by name');
		assert.deepEqual([mine.on_hand, mine.allocated, mine.available, mine.reorder_point, mine.suggested_qty], [4, 0, 4, 5, 12]);
		assert.deepEqual(mine.locations.map((l) => [l.location_id, l.available]), [[wh.id, 3], [site.id, 1]]);
		assert.ok(r.items.every((i) => i.available <= i.reorder_point && i.category === 'security'));
		const csv = parseCsv(await (await viewer.fetch('/stock/reports/low?category=security&format=csv')).text());
		assert.equal(csv[0].join(), 'id,sku,manufacturer,name,unit,category,on_hand,allocated,available,reorder_point,reorder_qty,suggested_qty');
		const page = textOf(assertHtml(await viewer.getHtml('/stock/reports/low?category=security'), 200));
		assert.match(page, new RegExp(`000 Low ${RUN}`));
		assert.match(page, new RegExp(`Count WH ${RUN} 3`));
		// received above the point: off the list
		await move({ kind: 'receipt', product_id: low.id, qty: 10, to_location_id: wh.id });
		const after2 = assertJson(await viewer.getJson('/stock/reports/low?category=security&limit=200'), 200);
		assert.ok(!after2.items.some((i) => i.id === low.id));
		assertProblem(await viewer.getJson('/stock/reports/low?category=toys'), 422);
		assertProblem(await viewer.getJson('/stock/reports/low?after=bogus'), 422);
	});
});
