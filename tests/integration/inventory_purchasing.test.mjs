// Purchasing over HTTP (cgi-bin/inventory/purchase_orders.c, po_receive.c,
// reorder.c, materials.c; sql/041): purchase orders from draft to closed,
// their lines (a draft's only, with the version read), receiving into
// stock in one transaction per submit, reorder suggestions turned into
// drafts without ordering twice, and the materials projects and tickets
// ask for, ordered, received (allocated), delivered to a site, installed.
// After every test the ledger of each product made sums to its levels.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
	USERS, RUN, letters, signIn, assertJson, assertProblem, assertHtml, assertRedirect, textOf, parseCsv,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const sql = (q) => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', q],
	{ encoding: 'utf8' }).trim();
const TAG = RUN.toUpperCase().replace(/[^A-Z0-9]/g, '');

let admin, office, viewer, supplier, wh, van, site;
const made = [];
const newProduct = async (over = {}, source = {}) => {
	const p = assertJson(await office.postJson('/products', {
		sku: `PO${TAG}-${letters(6).toUpperCase()}`, name: `Purchased item ${RUN}`, manufacturer: 'Meshline',
		category: 'networking', cost_cents: 1000, price_cents: 2500, reorder_point: 0, reorder_qty: 0, ...over,
	}), 201);
	made.push(p.id);
	if (source !== null)
		assertJson(await office.postJson(`/products/${p.id}/suppliers`, {
			supplier_id: supplier.id, supplier_sku: `SUP-${p.id}`, cost_cents: 900, pack_size: 1, preferred: true, ...source,
		}), 201);
	return p;
};
const newPo = async (c = office) => assertJson(await c.postJson('/purchase-orders', {
	supplier_id: supplier.id, expected_on: '2026-12-24', notes: `Test ${RUN}`,
}), 201);
const addLine = async (po, body) => assertJson(await office.postJson(`/purchase-orders/${po.id}/lines`,
	{ version: po.version, ...body }), 201);
const send = async (po) => assertJson(await office.postJson(`/purchase-orders/${po.id}/send`, { version: po.version }), 200);
const level = (pid, loc) => sql(`SELECT on_hand || '/' || allocated FROM inventory.stock_levels
	WHERE product_id = ${pid} AND location_id = ${loc}`);
const events = (type, id) => Number(sql(`SELECT count(*) FROM core.outbox WHERE event = '${type}' AND entity_id = ${id}`));

before(async () => {
	[admin, office, viewer] = await Promise.all(
		[USERS.admin, USERS.office, USERS.viewer].map((u) => signIn(u, undefined, { csrfFrom: '/products' })));
	supplier = assertJson(await office.postJson('/suppliers', { name: `Purchasing supplier ${RUN}`, account_number: 'ACC-1',
		payment_terms: 'Net 30', address: '1 Dock Rd\nAustin, TX' }), 201);
	wh = assertJson(await admin.postJson('/locations', { name: `PO warehouse ${RUN}`, kind: 'warehouse' }), 201);
	const techId = Number(sql(`SELECT id FROM auth.users WHERE email = '${USERS.tech}'`));
	van = assertJson(await admin.postJson('/locations', { name: `PO van ${RUN}`, kind: 'van', technician_id: techId }), 201);
	site = assertJson(await admin.postJson('/locations', { name: `PO site ${RUN}`, kind: 'site' }), 201);
});

after(() => {
	assert.equal(sql(`SELECT count(*) FROM unnest(ARRAY[${made.join(',')}]::bigint[]) p, inventory.ledger_mismatches(p)`), '0',
		'the ledger sums to the levels');
});

describe('purchase orders', () => {
	test('draft → sent → partially received → received → closed: numbers, lines, costs, moves, events', async () => {
		const a = await newProduct(), b = await newProduct({ cost_cents: 4200 }, null);
		let po = await newPo();
		assert.match(po.number, /^PO-\d{6}$/);
		assert.equal(po.status, 'draft');
		assert.equal(po.total_cents, 0);
		assert.equal(po.receive_url, `/purchase-orders/${po.id}/receive`);
		po = await addLine(po, { product_id: a.id, qty: 10 });
		assert.equal(po.lines[0].unit_cost_cents, 900, "the supplier's cost");
		assert.equal(po.lines[0].supplier_sku, `SUP-${a.id}`);
		po = await addLine(po, { sku: b.sku.toLowerCase(), qty: 3 });
		assert.equal(po.lines[1].unit_cost_cents, 4200, "no supplier row: the product's cost");
		assert.equal(po.total_cents, 10 * 900 + 3 * 4200);
		assert.equal(po.version, 3);
		// a line's edit with the PO's version; a stale one is 409 with the current PO
		const la = po.lines[0].id;
		po = assertJson(await office.patchJson(`/purchase-orders/${po.id}/lines/${la}`, { qty: 12, unit_cost_cents: 850, version: po.version }), 200);
		assert.equal(po.lines[0].qty, 12);
		assert.equal(po.total_cents, 12 * 850 + 3 * 4200);
		const stale = assertProblem(await office.patchJson(`/purchase-orders/${po.id}/lines/${la}`, { qty: 1, version: po.version - 1 }), 409);
		assert.ok(stale.detail);
		assertProblem(await office.postJson(`/purchase-orders/${po.id}/lines`, { product_id: a.id, qty: 1, version: po.version }), 422)
			.errors.product_id.match(/already on this purchase order/);
		for (const qty of [0, -2, 1.5, 'three'])
			assert.ok(assertProblem(await office.postJson(`/purchase-orders/${po.id}/lines`, { product_id: b.id, qty, version: po.version }), 422).errors.qty);
		assertProblem(await office.patchJson(`/purchase-orders/${po.id}`, { notes: 'x' }), 422);   // no version
		po = assertJson(await office.patchJson(`/purchase-orders/${po.id}`, { notes: 'Back door', version: po.version }), 200);
		assert.equal(po.notes, 'Back door');
		// sent: lines are fixed, the supplier too
		po = await send(po);
		assert.equal(po.status, 'sent');
		assert.ok(po.sent_at);
		assert.match(assertProblem(await office.patchJson(`/purchase-orders/${po.id}/lines/${la}`, { qty: 2, version: po.version }), 422)
			.errors.status, /Only a draft/);
		assert.match(assertProblem(await office.postJson(`/purchase-orders/${po.id}/lines`, { product_id: b.id, qty: 1, version: po.version }), 422)
			.errors.status, /Only a draft/);
		assertProblem(await office.deleteJson(`/purchase-orders/${po.id}/lines/${la}`, { headers: { 'If-Match': `"${po.version}"` } }), 422);
		const other = assertJson(await office.postJson('/suppliers', { name: `Other ${RUN}` }), 201);
		assert.ok(assertProblem(await office.patchJson(`/purchase-orders/${po.id}`, { supplier_id: other.id, version: po.version }), 422).errors.supplier_id);
		assertProblem(await office.postJson(`/purchase-orders/${po.id}/send`, { version: po.version }), 422);
		// partial receipt: one receipt move per line, back-order stays open
		const lb = po.lines[1].id;
		po = assertJson(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [
			{ line_id: la, qty: 5, location_id: wh.id }, { line_id: lb, qty: 3, location_id: van.id }] }), 200);
		assert.equal(po.status, 'partially_received');
		assert.deepEqual(po.lines.map((l) => [l.received, l.open_qty]), [[5, 7], [3, 0]]);
		assert.equal(level(a.id, wh.id), '5/0');
		assert.equal(level(b.id, van.id), '3/0');
		const moves = sql(`SELECT kind, doc_type, doc_id, doc_ref, qty FROM inventory.stock_moves WHERE product_id = ${a.id}`);
		assert.equal(moves, `receipt|po|${po.id}|${po.number}|5`);
		// over-receiving is refused naming the line; nothing is half-applied
		const over = assertProblem(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [
			{ line_id: la, qty: 2, location_id: wh.id }, { line_id: lb, qty: 1, location_id: wh.id }] }), 422);
		assert.match(over.errors['lines.1.qty'] || JSON.stringify(over.errors), new RegExp(`Line 2 \\(${b.sku}\\): only 0 of 3 still to receive`));
		assert.equal(level(a.id, wh.id), '5/0', 'the first line rolled back too');
		for (const qty of [0, -1, 2.5, '3'])
			assert.ok(assertProblem(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [{ line_id: la, qty }] }), 422).errors['lines.0.qty']);
		assertProblem(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [] }), 422);
		assertProblem(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [{ line_id: la, qty: 1 }], version: 1 }), 409);
		// the rest, into the default location (the main warehouse)
		const main = Number(sql(`SELECT id FROM inventory.locations WHERE kind = 'warehouse' AND archived_at IS NULL ORDER BY id LIMIT 1`));
		po = assertJson(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [{ line_id: la, qty: 7 }] }), 200);
		assert.equal(po.status, 'received');
		assert.match(level(a.id, main), /^\d+\/\d+$/);
		assertProblem(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [{ line_id: la, qty: 1 }] }), 422);
		assertProblem(await office.postJson(`/purchase-orders/${po.id}/cancel`, { version: po.version }), 422);
		po = assertJson(await office.postJson(`/purchase-orders/${po.id}/close`, { version: po.version }), 200);
		assert.equal(po.status, 'closed');
		assertProblem(await office.patchJson(`/purchase-orders/${po.id}`, { notes: 'late', version: po.version }), 422);
		for (const [ev, n] of [['inventory.po_created', 1], ['inventory.po_updated', 4], ['inventory.po_sent', 1],
			['inventory.po_partially_received', 1], ['inventory.po_received', 1], ['inventory.po_closed', 1]])
			assert.equal(events(ev, po.id), n, ev);
		const payload = JSON.parse(sql(`SELECT payload FROM core.outbox WHERE event = 'inventory.po_received' AND entity_id = ${po.id}`));
		assert.equal(payload.purchase_order.status, 'received');
		assert.equal(payload.received[0].qty, 7);
		assert.ok(payload.received[0].move_id > 0);
		assert.equal(sql(`SELECT string_agg(action, ',' ORDER BY id) FROM core.audit WHERE entity = 'purchase_order' AND entity_id = ${po.id}`),
			'purchase_order.create,purchase_order.line_add,purchase_order.line_add,purchase_order.line_update,purchase_order.update,'
			+ 'purchase_order.send,purchase_order.receive,purchase_order.receive,purchase_order.close');
	});

	test('cancel: a draft or a sent PO with nothing received; numbers are never reused', async () => {
		const p = await newProduct();
		const one = await newPo();
		assertJson(await office.postJson(`/purchase-orders/${one.id}/cancel`, { version: one.version }), 200);
		let two = await newPo();
		assert.ok(Number(two.number.slice(3)) > Number(one.number.slice(3)));
		two = await addLine(two, { product_id: p.id, qty: 2 });
		assertProblem(await office.postJson(`/purchase-orders/${two.id}/receive`, { lines: [{ line_id: two.lines[0].id, qty: 1 }] }), 422)
			.errors.status.match(/sent/);
		two = await send(two);
		two = assertJson(await office.postJson(`/purchase-orders/${two.id}/cancel`, { version: two.version }), 200);
		assert.equal(two.status, 'cancelled');
		assertProblem(await office.postJson(`/purchase-orders/${two.id}/close`, { version: two.version }), 422);
		const empty = await newPo();
		assert.match(assertProblem(await office.postJson(`/purchase-orders/${empty.id}/send`, { version: empty.version }), 422).errors.status, /at least one line/);
		assert.equal(events('inventory.po_cancelled', two.id), 1);
		assertProblem(await office.postJson('/purchase-orders', { supplier_id: 999999999 }), 422);
		assertProblem(await office.postJson('/purchase-orders', {}), 422);
	});

	test('receiving into an archived location is refused, naming the line', async () => {
		const p = await newProduct();
		let po = await newPo();
		po = await send(await addLine(po, { product_id: p.id, qty: 4 }));
		const gone = assertJson(await admin.postJson('/locations', { name: `PO gone ${RUN}`, kind: 'warehouse' }), 201);
		assertJson(await admin.deleteJson(`/locations/${gone.id}`), 200);
		const r = assertProblem(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [{ line_id: po.lines[0].id, qty: 4, location_id: gone.id }] }), 422);
		assert.match(r.errors['lines.0.location_id'] || JSON.stringify(r.errors), /archived/);
		assert.equal(sql(`SELECT count(*) FROM inventory.stock_moves WHERE product_id = ${p.id}`), '0');
	});

	test('two receives of the same last open quantity at once: one succeeds, the ledger agrees', async () => {
		const p = await newProduct();
		let po = await newPo();
		po = await send(await addLine(po, { product_id: p.id, qty: 5 }));
		const line = po.lines[0].id;
		assertJson(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [{ line_id: line, qty: 2, location_id: wh.id }] }), 200);
		const results = await Promise.all([office, admin, office, admin].map((c) =>
			c.postJson(`/purchase-orders/${po.id}/receive`, { lines: [{ line_id: line, qty: 3, location_id: wh.id }] })));
		assert.deepEqual(results.map((r) => r.status).sort(), [200, 422, 422, 422]);
		assert.equal(level(p.id, wh.id), '5/0');
		assert.equal(sql(`SELECT received FROM inventory.po_lines WHERE id = ${line}`), '5');
		assert.equal(sql(`SELECT count(*) FROM inventory.ledger_mismatches(${p.id})`), '0');
	});

	test('a 500-line PO is received in one submit', async () => {
		const ids = sql(`INSERT INTO inventory.products (sku, name, cost_cents) SELECT 'PO${TAG}-BULK-' || g, 'Bulk item ' || g, 100
			FROM generate_series(1, 500) g RETURNING id`).split('\n').map(Number);
		made.push(...ids);
		let po = await newPo();
		sql(`INSERT INTO inventory.po_lines (po_id, product_id, qty, unit_cost_cents)
			SELECT ${po.id}, unnest(ARRAY[${ids.join(',')}]::bigint[]), 2, 100`);
		po = await send(assertJson(await office.getJson(`/purchase-orders/${po.id}`), 200));
		assert.equal(po.lines.length, 500);
		const t0 = Date.now();
		po = assertJson(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: po.lines.map((l) => ({ line_id: l.id, qty: 2, location_id: wh.id })) }), 200);
		const ms = Date.now() - t0;
		assert.equal(po.status, 'received');
		assert.equal(sql(`SELECT count(*) FROM inventory.stock_moves WHERE doc_type = 'po' AND doc_id = ${po.id}`), '500');
		console.log(`# 500-line receive over HTTP: ${ms} ms (tests/load/po-receive measures it)`);
	});

	test('pages: list, new, show, edit, lines, send, print, receive (HTML without JavaScript)', async () => {
		const p = await newProduct();
		const list = assertHtml(await viewer.getHtml('/purchase-orders?status=open'), 200);
		assert.match(list, /Purchase orders/);
		assert.match(list, /aria-current="page"[^>]*>Purchase orders|href="\/purchase-orders" aria-current/);
		assertHtml(await office.getHtml(`/purchase-orders/new?supplier_id=${supplier.id}`), 200);
		const bad = assertHtml(await office.postForm('/purchase-orders', { supplier_id: '', notes: 'x' }), 422);
		assert.match(bad, /Choose|Required|required/i);
		const loc = assertRedirect(await office.postForm('/purchase-orders', { supplier_id: String(supplier.id), expected_on: '2026-12-30', notes: 'Form order' }));
		const id = Number(loc.split('/').pop());
		let po = assertJson(await office.getJson(`/purchase-orders/${id}`), 200);
		assertRedirect(await office.postForm(`/purchase-orders/${id}/lines`, { sku: p.sku, qty: '4', unit_cost: '12.5', version: String(po.version) }));
		po = assertJson(await office.getJson(`/purchase-orders/${id}`), 200);
		assert.equal(po.lines[0].unit_cost_cents, 1250);
		const show = assertHtml(await office.getHtml(`/purchase-orders/${id}`), 200);
		assert.match(show, new RegExp(po.number));
		assert.match(show, /Mark as sent/);
		assert.match(show, /name="unit_cost"/);
		// a stale page's line edit: back to the PO with the message, nothing changed
		assertRedirect(await office.postForm(`/purchase-orders/${id}/lines/${po.lines[0].id}`, { _method: 'PATCH', qty: '9', version: String(po.version - 1) }));
		assert.equal(assertJson(await office.getJson(`/purchase-orders/${id}`), 200).lines[0].qty, 4);
		assertRedirect(await office.postForm(`/purchase-orders/${id}/lines/${po.lines[0].id}`, { _method: 'PATCH', qty: '6', unit_cost: '12.50', version: String(po.version) }));
		po = assertJson(await office.getJson(`/purchase-orders/${id}`), 200);
		assert.equal(po.lines[0].qty, 6);
		assertHtml(await office.getHtml(`/purchase-orders/${id}/edit`), 200);
		assertRedirect(await office.postForm(`/purchase-orders/${id}`, { _method: 'PATCH', supplier_id: String(supplier.id), expected_on: '2026-12-31', notes: 'Changed', version: String(po.version) }));
		po = assertJson(await office.getJson(`/purchase-orders/${id}`), 200);
		assert.equal(po.expected_on, '2026-12-31');
		assertRedirect(await office.postForm(`/purchase-orders/${id}/send`, { version: String(po.version) }));
		po = assertJson(await office.getJson(`/purchase-orders/${id}`), 200);
		assert.equal(po.status, 'sent');
		const print = assertHtml(await viewer.getHtml(`/purchase-orders/${id}/print`), 200);
		assert.match(textOf(print), new RegExp(`Purchase order ${po.number}`));
		assert.match(print, /po-sheet/);
		assert.match(textOf(print), /1 Dock Rd/);
		assert.match(textOf(print), /\$75\.00/);
		const printJson = assertJson(await viewer.getJson(`/purchase-orders/${id}/print`), 200);
		assert.equal(printJson.supplier.account_number, 'ACC-1');
		assert.ok(printJson.company.name);
		const form = assertHtml(await office.getHtml(`/purchase-orders/${id}/receive`), 200);
		const line = po.lines[0].id;
		assert.match(form, new RegExp(`name="qty_${line}"[^>]*value="6"`));
		assertJson(await office.getJson(`/purchase-orders/${id}/receive`), 200);
		const again = assertHtml(await office.postForm(`/purchase-orders/${id}/receive`, { [`qty_${line}`]: '7', [`location_${line}`]: String(wh.id) }), 422);
		assert.match(textOf(again), /only 6 of 6 still to receive/);
		assert.match(again, new RegExp(`name="qty_${line}"[^>]*value="7"`), 'the value is kept');
		assertHtml(await office.postForm(`/purchase-orders/${id}/receive`, { [`qty_${line}`]: '1.5' }), 422);
		assertRedirect(await office.postForm(`/purchase-orders/${id}/receive`, { [`qty_${line}`]: '2', [`location_${line}`]: String(wh.id) }));
		assert.equal(level(p.id, wh.id), '2/0');
		assert.equal(assertJson(await office.getJson(`/purchase-orders/${id}`), 200).status, 'partially_received');
		const csv = await viewer.fetch(`/purchase-orders?format=csv&supplier_id=${supplier.id}`);
		assert.equal(csv.status, 200);
		assert.ok(parseCsv(await csv.text()).some((r) => r.includes(po.number)));
		// permissions
		assert.equal((await viewer.postJson('/purchase-orders', { supplier_id: supplier.id })).status, 403);
		assert.equal((await viewer.getHtml(`/purchase-orders/${id}/receive`)).status, 403);
		assertProblem(await viewer.getJson('/purchase-orders/999999999'), 404);
		assertProblem(await viewer.getJson('/purchase-orders?status=bogus'), 422);
	});
});

describe('receiving serialised products', () => {
	test('each unit named at receipt (a range, SERIAL MAC, a pasted column), JSON and the form; refusals beside the line, nothing half-applied', async () => {
		const cam = await newProduct({ serialised: true, category: 'security', name: `PO camera ${RUN}` });
		const cable = await newProduct({ name: `PO cable ${RUN}` });
		let po = await newPo();
		po = await addLine(po, { product_id: cam.id, qty: 6 });
		po = await addLine(po, { product_id: cable.id, qty: 4 });
		po = await send(po);
		const [lc, lk] = po.lines.map((l) => l.id);
		// MACs of this run (a MAC is unique across all serials)
		const [m1, m2] = [0, 1].map(() => `02:${[...randomBytes(5)].map((b) => b.toString(16).padStart(2, '0')).join(':')}`);
		const serialCount = () => sql(`SELECT count(*) FROM inventory.serials WHERE product_id = ${cam.id}`);
		// no serials, too few, a bad range, a bad MAC: 422 on that line's serials, the other line not received either
		for (const [serials, re] of [[undefined, /serial/i], [`C${TAG}-1`, /serial/i], [`C${TAG}9-C${TAG}1`, /range|count/i],
			[`C${TAG}-1 zz:zz`, /MAC|serial/i]]) {
			const bad = assertProblem(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [
				{ line_id: lk, qty: 4, location_id: wh.id }, { line_id: lc, qty: 3, location_id: wh.id, serials }] }), 422);
			assert.match(bad.errors['lines.1.serials'] || '', re, JSON.stringify(bad.errors));
		}
		assert.equal(level(cable.id, wh.id), '', 'the cable line rolled back with it');
		assert.equal(serialCount(), '0');
		assert.ok(assertProblem(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [
			{ line_id: lc, qty: 1, location_id: wh.id, serials: 42 }] }), 422).errors['lines.0.serials']);
		// JSON: a range and one with its MAC, as an array of lines
		po = assertJson(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [
			{ line_id: lc, qty: 3, location_id: wh.id, serials: [`C${TAG}100-C${TAG}101`, `C${TAG}X7 ${m1.toUpperCase().replace(/:/g, '-')}`] },
			{ line_id: lk, qty: 4, location_id: wh.id }] }), 200);
		assert.equal(po.status, 'partially_received');
		assert.equal(level(cam.id, wh.id), '3/0');
		assert.equal(sql(`SELECT string_agg(serial || ':' || coalesce(mac::text, '-') || '@' || location_id, ',' ORDER BY serial)
			FROM inventory.serials WHERE product_id = ${cam.id}`),
			[`C${TAG}100:-@${wh.id}`, `C${TAG}101:-@${wh.id}`, `C${TAG}X7:${m1}@${wh.id}`].join(','));
		// a serial already in stock is refused
		assert.match(assertProblem(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [
			{ line_id: lc, qty: 1, location_id: wh.id, serials: `c${TAG}100` }] }), 422).errors['lines.0.serials'], new RegExp(`C${TAG}100`, 'i'));
		// the form: the serials field under the serialised line only; a refusal keeps what was typed
		const form = assertHtml(await office.getHtml(`/purchase-orders/${po.id}/receive`), 200);
		assert.match(form, new RegExp(`name="serials_${lc}"`));
		assert.doesNotMatch(form, new RegExp(`name="serials_${lk}"`));
		const again = assertHtml(await office.postForm(`/purchase-orders/${po.id}/receive`, {
			[`qty_${lc}`]: '3', [`location_${lc}`]: String(van.id), [`serials_${lc}`]: `C${TAG}200\r\nC${TAG}201` }), 422);
		assert.match(again, new RegExp(`id="s-${lc}-error"`));
		assert.match(again, new RegExp(`C${TAG}200\\r?\\nC${TAG}201</textarea>`), 'the serials typed are kept');
		// a column pasted from a spreadsheet (CRLF, a tab before a MAC) into the van
		assertRedirect(await office.postForm(`/purchase-orders/${po.id}/receive`, {
			[`qty_${lc}`]: '3', [`location_${lc}`]: String(van.id),
			[`serials_${lc}`]: `C${TAG}200\r\nC${TAG}201\t${m2}\r\nC${TAG}202\r\n` }));
		po = assertJson(await office.getJson(`/purchase-orders/${po.id}`), 200);
		assert.equal(po.status, 'received');
		assert.equal(level(cam.id, van.id), '3/0');
		// each serial's history names the purchase order it came from
		const sid = sql(`SELECT id FROM inventory.serials WHERE serial = 'C${TAG}201'`);
		const serial = assertJson(await viewer.getJson(`/serials/${sid}`), 200);
		assert.equal(serial.mac, m2);
		assert.equal(serial.history[0].kind, 'receipt');
		assert.equal(serial.history[0].doc_ref, po.number);
		assert.equal(sql(`SELECT count(*) FROM inventory.serial_mismatches(${cam.id})`), '0', 'serials = levels');
	});
});

describe('reorder suggestions', () => {
	test('low products by preferred supplier, rounded to the pack; one draft per supplier; a second click orders nothing twice', async () => {
		const low = await newProduct({ reorder_point: 5, reorder_qty: 7 }, { pack_size: 5, cost_cents: 300 });
		const fine = await newProduct({ reorder_point: 2, reorder_qty: 4 });
		const orphan = await newProduct({ reorder_point: 3, reorder_qty: 3 }, null);
		assertJson(await office.postJson('/stock/moves', { kind: 'receipt', product_id: fine.id, qty: 10, to_location_id: wh.id }), 201);
		assertJson(await office.postJson('/stock/moves', { kind: 'receipt', product_id: low.id, qty: 9, to_location_id: site.id }), 201);
		const sugg = assertJson(await viewer.getJson('/purchase-orders/reorder'), 200);
		const mine = (s) => s.items.filter((i) => made.includes(i.product_id) && [low.id, fine.id, orphan.id].includes(i.product_id));
		const rows = mine(sugg);
		const l = rows.find((i) => i.product_id === low.id);
		assert.ok(l, 'stock at a site does not count by default');
		assert.equal(l.suggested_qty, 10, 'reorder_qty 7 rounded up to packs of 5');
		assert.equal(l.unit_cost_cents, 300);
		assert.equal(l.supplier_id, supplier.id);
		assert.ok(!rows.some((i) => i.product_id === fine.id), 'above its reorder point');
		assert.equal(rows.find((i) => i.product_id === orphan.id).supplier_id, null);
		const atSite = assertJson(await viewer.getJson(`/purchase-orders/reorder?location_id=${site.id}`), 200);
		assert.ok(!mine(atSite).some((i) => i.product_id === low.id), 'counted at the site: 9 available');
		assertProblem(await viewer.getJson('/purchase-orders/reorder?location_id=x'), 422);
		const html = assertHtml(await viewer.getHtml('/purchase-orders/reorder'), 200);
		assert.match(html, new RegExp(supplier.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
		assert.match(html, /No preferred supplier/);
		const csv = await viewer.fetch('/purchase-orders/reorder?format=csv');
		assert.ok(parseCsv(await csv.text()).some((r) => r.includes(low.sku)));
		// create: the orphan has no supplier and is left out
		const made1 = assertJson(await office.postJson('/purchase-orders/reorder', { product_ids: [low.id, orphan.id] }), 201);
		assert.equal(made1.items.length, 1);
		const po = assertJson(await office.getJson(made1.items[0].url), 200);
		assert.equal(po.supplier_id, supplier.id);
		assert.deepEqual(po.lines.map((x) => [x.product_id, x.qty, x.unit_cost_cents]), [[low.id, 10, 300]]);
		// a second click: nothing twice
		assertProblem(await office.postJson('/purchase-orders/reorder', { product_ids: [low.id] }), 422);
		const r2 = await office.postForm('/purchase-orders/reorder', [['product_id', String(low.id)]]);
		assertRedirect(r2);
		assert.equal(sql(`SELECT count(*) FROM inventory.po_lines WHERE product_id = ${low.id}`), '1');
		assert.ok(!mine(assertJson(await viewer.getJson('/purchase-orders/reorder'), 200)).some((i) => i.product_id === low.id));
		const shown = mine(assertJson(await viewer.getJson('/purchase-orders/reorder?on_order=1'), 200)).find((i) => i.product_id === low.id);
		assert.equal(shown.on_order, 10);
		assert.equal(shown.open_pos, po.number);
		assert.equal(events('inventory.po_created', po.id), 1);
		assertProblem(await office.postJson('/purchase-orders/reorder', { product_ids: ['x'] }), 422);
	});

	test('two people creating drafts for the same products at once: one order', async () => {
		const p = await newProduct({ reorder_point: 4, reorder_qty: 6 });
		const results = await Promise.all([office, admin, office].map((c) =>
			c.postJson('/purchase-orders/reorder', { product_ids: [p.id] })));
		assert.deepEqual(results.map((r) => r.status).sort(), [201, 422, 422]);
		assert.equal(sql(`SELECT count(*) FROM inventory.po_lines WHERE product_id = ${p.id}`), '1');
	});
});

describe('materials for projects and tickets', () => {
	test('requested → to order → ordered → received (allocated) → delivered → installed', async () => {
		const p = await newProduct({}, { cost_cents: 2500 });
		const q = await newProduct();
		const proj = 900000 + Math.floor(Math.random() * 99999);
		const r1 = assertJson(await office.postJson('/materials', { doc_type: 'project', doc_id: proj, product_id: p.id, qty: 3, needed_by: '2026-12-20' }), 201);
		assert.equal(r1.materials_url, `/materials?doc_type=project&doc_id=${proj}`);
		assertJson(await office.postJson('/materials', { doc_type: 'project', doc_id: proj, sku: p.sku, qty: 2, needed_by: '2026-12-28' }), 201);
		assertJson(await office.postJson('/materials', { doc_type: 'ticket', doc_id: proj, product_id: q.id, qty: 1 }), 201);
		for (const bad of [{ doc_type: 'quote' }, { qty: 0 }, { qty: 1.5 }, { doc_id: -1 }, { product_id: 999999999 }])
			assertProblem(await office.postJson('/materials', { doc_type: 'project', doc_id: proj, product_id: p.id, qty: 1, ...bad }), 422);
		assert.equal(events('inventory.material_requested', r1.id), 1);
		const state = async () => assertJson(await viewer.getJson(`/materials?doc_type=project&doc_id=${proj}`), 200).items;
		assert.deepEqual((await state()).map((m) => [m.qty, m.state, m.to_order]), [[3, 'to_order', 3], [2, 'to_order', 2]]);
		assertProblem(await viewer.getJson('/materials?doc_type=quote&doc_id=1'), 422);
		const to = assertJson(await viewer.getJson('/purchase-orders/to-order'), 200).items.filter((i) => i.doc_id === proj);
		assert.equal(to.length, 3);
		assert.match(assertHtml(await viewer.getHtml('/purchase-orders/to-order'), 200), new RegExp(`Project #${proj}`));
		assert.match(assertHtml(await viewer.getHtml(`/materials?doc_type=project&doc_id=${proj}`), 200), /To order/);
		// one line per project and product: the two requests summed
		const drafts = assertJson(await office.postJson('/purchase-orders/to-order', { request_ids: to.map((i) => i.id) }), 201);
		assert.equal(drafts.items.length, 1);
		let po = assertJson(await office.getJson(drafts.items[0].url), 200);
		const lines = po.lines.map((l) => [l.product_id, l.qty, l.doc_type, l.doc_id]).sort();
		assert.deepEqual(lines, [[p.id, 5, 'project', proj], [q.id, 1, 'ticket', proj]].sort());
		assertProblem(await office.postJson('/purchase-orders/to-order', { request_ids: to.map((i) => i.id) }), 422);
		assert.deepEqual((await state()).map((m) => m.state), ['ordered', 'ordered']);
		// receiving a project's line allocates it there
		po = await send(po);
		const pl = po.lines.find((l) => l.product_id === p.id);
		po = assertJson(await office.postJson(`/purchase-orders/${po.id}/receive`, { lines: [{ line_id: pl.id, qty: 3, location_id: wh.id }] }), 200);
		assert.equal(level(p.id, wh.id), '3/3');
		assert.deepEqual((await state()).map((m) => m.state), ['received', 'ordered']);
		// delivered to site: released at the warehouse, moved, reserved at the site
		const alloc = assertJson(await viewer.getJson(`/allocations?doc_type=project&doc_id=${proj}`), 200).items[0];
		assertJson(await office.postJson(`/allocations/${alloc.id}/release`, { qty: 3 }), 200);
		assertJson(await office.postJson('/stock/moves', { kind: 'transfer', product_id: p.id, qty: 3, from_location_id: wh.id, to_location_id: site.id }), 201);
		const onSite = assertJson(await office.postJson('/allocations', { product_id: p.id, location_id: site.id, qty: 3, doc_type: 'project', doc_id: proj }), 201);
		assert.deepEqual((await state()).map((m) => m.state), ['delivered', 'ordered']);
		assertJson(await office.postJson(`/allocations/${onSite.id}/consume`, { qty: 3 }), 200);
		const s = await state();
		assert.deepEqual(s.map((m) => [m.state, m.installed]), [['installed', 3], ['ordered', 0]]);
		const csv = await viewer.fetch(`/materials?doc_type=project&doc_id=${proj}&format=csv`);
		assert.equal(parseCsv(await csv.text()).length, 3);
	});
});
