// Serial numbers and MACs over HTTP (cgi-bin/inventory/serials.c,
// serial_input.c, sql/040): serials captured on receipts (lines, ranges,
// SERIAL MAC pairs), followed through transfers, write-offs, reservations
// and installs; the list and a serial's history; what is refused; and the
// proof that 100 requests for the same last serial give it to exactly one.
// After every test the serials agree with the levels and the ledger
// (inventory.serial_mismatches, inventory.ledger_mismatches).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
	USERS, RUN, letters, signIn, assertJson, assertProblem, assertHtml, assertRedirect, textOf, textareaValue,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const psql = (user, q) => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=${user}`, '-XAtqc', q],
	{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const sql = (q) => psql('hearth', q);
const TAG = RUN.toUpperCase().replace(/[^A-Z0-9]/g, '');
// this run's own hex digits, so MACs never clash with another run's
const MACBASE = RUN.replace(/[^0-9a-f]/g, '').padEnd(6, '0').slice(0, 6);
const mac = (n, sep = ':') => `02${MACBASE}${n.toString(16).padStart(4, '0')}`.match(/../g).join(sep);

let admin, office, viewer, wh, van;
const made = [];
const newProduct = async (over = {}) => {
	const p = assertJson(await office.postJson('/products', {
		sku: `SER${TAG}-${letters(5).toUpperCase()}`, name: `Camera ${RUN}`, manufacturer: 'Sentinel Eye',
		category: 'security', serialised: true, cost_cents: 9000, price_cents: 15000, ...over,
	}), 201);
	made.push(p.id);
	return p;
};
const move = (body) => office.postJson('/stock/moves', body);
const level = (pid, loc) => sql(`SELECT on_hand || '/' || allocated FROM inventory.stock_levels
	WHERE product_id = ${pid} AND location_id = ${loc}`);
const where = (pid, serial) => sql(`SELECT state || '@' || coalesce(location_id::text, '-') FROM inventory.serials
	WHERE product_id = ${pid} AND serial = '${serial}'`);

before(async () => {
	[admin, office, viewer] = await Promise.all(
		[USERS.admin, USERS.office, USERS.viewer].map((u) => signIn(u, undefined, { csrfFrom: '/products' })));
	const techId = Number(sql(`SELECT id FROM auth.users WHERE email = '${USERS.tech}'`));
	wh = assertJson(await admin.postJson('/locations', { name: `Serial WH ${RUN}`, kind: 'warehouse' }), 201);
	van = assertJson(await admin.postJson('/locations', { name: `Serial van ${RUN}`, kind: 'van', technician_id: techId }), 201);
});

after(() => {
	const ids = `ARRAY[${made.join(',')}]::bigint[]`;
	assert.equal(sql(`SELECT count(*) FROM unnest(${ids}) p, inventory.ledger_mismatches(p)`), '0', 'ledger = levels');
	assert.equal(sql(`SELECT count(*) FROM unnest(${ids}) p, inventory.serial_mismatches(p)`), '0', 'serials = levels');
});

describe('serials through the moves', () => {
	test('a receipt with a range and SERIAL MAC lines, a transfer, a write-off: each serial where the ledger says', async () => {
		const p = await newProduct();
		const text = `CAM${TAG}-0098-CAM${TAG}-0101\r\nX${TAG}A ${mac(1)}\nX${TAG}B\t${mac(2, '-').toUpperCase()}\n`;
		const r = assertJson(await move({ kind: 'receipt', product_id: p.id, qty: 6, to_location_id: wh.id,
			doc_ref: 'DN-77', serials: text }), 201);
		assert.equal(level(p.id, wh.id), '6/0');
		assert.equal(where(p.id, `CAM${TAG}-0098`), `in_stock@${wh.id}`);
		assert.equal(sql(`SELECT mac FROM inventory.serials WHERE serial = 'X${TAG}B'`), mac(2));
		const ev = JSON.parse(sql(`SELECT payload FROM core.outbox WHERE event = 'inventory.serials_received' AND entity_id = ${r.id}`));
		assert.equal(ev.serials.length, 6);
		assert.equal(ev.doc_ref, 'DN-77');
		// the move's page lists the serials it moved
		const mv = assertJson(await viewer.getJson(`/stock/moves/${r.id}`), 200);
		assert.deepEqual(mv.serials.map((x) => x.serial), [`CAM${TAG}-0098`, `CAM${TAG}-0099`, `CAM${TAG}-0100`, `CAM${TAG}-0101`, `X${TAG}A`, `X${TAG}B`]);
		assert.equal(mv.serials[4].mac, mac(1));
		assert.ok(mv.serials.every((x) => x.url === `/serials/${x.id}`));
		assert.match(textOf(assertHtml(await viewer.getHtml(`/stock/moves/${r.id}`), 200)), new RegExp(`Serials\\s*CAM${TAG}-0098\\s*CAM${TAG}-0099`));
		// JSON arrays work too, one line an item
		assertJson(await move({ kind: 'transfer', product_id: p.id, qty: 2, from_location_id: wh.id, to_location_id: van.id,
			serials: [`cam${TAG}-0099`, `X${TAG}A`] }), 201);
		assert.equal(where(p.id, `CAM${TAG}-0099`), `in_stock@${van.id}`, 'found whatever the case');
		assert.equal(level(p.id, van.id), '2/0');
		assertJson(await move({ kind: 'write_off', product_id: p.id, qty: 1, from_location_id: van.id, reason: 'Dropped',
			serials: `X${TAG}A` }), 201);
		assert.equal(where(p.id, `X${TAG}A`), 'written_off@-');
		assertJson(await move({ kind: 'adjustment', product_id: p.id, qty: 1, from_location_id: wh.id, reason: 'Lost',
			serials: `CAM${TAG}-0100` }), 201);
		assert.equal(where(p.id, `CAM${TAG}-0100`), 'removed@-');
		// a written-off unit comes back on a return
		assertJson(await move({ kind: 'return', product_id: p.id, qty: 1, to_location_id: wh.id, serials: `X${TAG}A` }), 201);
		assert.equal(where(p.id, `X${TAG}A`), `in_stock@${wh.id}`);
		assert.equal(level(p.id, wh.id), '4/0');
		const id = sql(`SELECT id FROM inventory.serials WHERE serial = 'X${TAG}A'`);
		const s = assertJson(await viewer.getJson(`/serials/${id}`), 200);
		assert.equal(s.mac, mac(1));
		assert.equal(s.location_name, wh.name);
		assert.deepEqual(s.history.map((h) => h.kind), ['receipt', 'transfer', 'write_off', 'return']);
		assert.equal(s.history[1].to_technician, 'Taylor Nguyen', 'which van: its driver');
		assert.equal(s.history[0].doc_ref, 'DN-77');
		assert.ok(s.history.every((h) => h.url === `/stock/moves/${h.id}`));
		const page = textOf(assertHtml(await viewer.getHtml(`/serials/${id}`), 200));
		assert.match(page, new RegExp(`X${TAG}A`));
		assert.match(page, /Receipt from delivery DN-77 into/);
		assert.match(page, /Transfer from Serial WH .* to Serial van .* \(Taylor Nguyen\)/);
		assert.match(page, /Write-off/);
		const show = assertJson(await viewer.getJson(`/products/${p.id}`), 200);
		assert.deepEqual(show.serials.map((l) => [l.location_id, l.count]).sort(), [[wh.id, 4], [van.id, 1]].sort());
		assert.match(textOf(assertHtml(await viewer.getHtml(`/products/${p.id}`), 200)), /Serials in stock.*4 units/s);
	});

	test('as purchase-order receiving calls it: inventory.move then inventory.move_serials, the PO in the history', async () => {
		const p = await newProduct();
		const out = psql('hearth', `BEGIN; SELECT set_config('hearth.user_id', '1', true);
			SELECT inventory.move_serials((inventory.move('receipt', ${p.id}, 2, NULL, ${wh.id}, '', 'po', 12, 'PO-0012')).id,
			  ARRAY['PO${TAG}1', 'PO${TAG}2'], ARRAY['${mac(40, '')}', NULL]); COMMIT;`);
		assert.match(out, /^2$/m);
		const s = assertJson(await viewer.getJson(`/serials?q=PO${TAG}1`), 200).items[0];
		const h = assertJson(await viewer.getJson(`/serials/${s.id}`), 200).history[0];
		assert.deepEqual([h.kind, h.doc_type, h.doc_id, h.doc_ref], ['receipt', 'po', 12, 'PO-0012']);
		assert.match(textOf(assertHtml(await viewer.getHtml(`/serials/${s.id}`), 200)), /from purchase order #12 PO-0012/);
		// a receipt left without its serials is refused at COMMIT, and nothing stays
		assert.throws(() => psql('hearth', `BEGIN; SELECT inventory.move('receipt', ${p.id}, 1, NULL, ${wh.id}); COMMIT;`),
			/serials/);
		assert.equal(level(p.id, wh.id), '2/0');
	});
});

describe('what is refused', () => {
	test('missing, wrong count, duplicates, unknown, not at the source, bad range, malformed MAC: 422 naming serials', async () => {
		const p = await newProduct();
		assertJson(await move({ kind: 'receipt', product_id: p.id, qty: 3, to_location_id: wh.id, serials: `D${TAG}1-D${TAG}3` }), 201);
		const cases = [
			[{ kind: 'receipt', qty: 2, to_location_id: wh.id }, /Enter 2 serials of .*: 0 were given/],
			[{ kind: 'receipt', qty: 2, to_location_id: wh.id, serials: `N${TAG}1` }, /Enter 2 serials .*: 1 was given/],
			[{ kind: 'receipt', qty: 2, to_location_id: wh.id, serials: `N${TAG}1\nn${TAG}1` }, /is listed twice \(lines 1 and 2\)/],
			[{ kind: 'receipt', qty: 1, to_location_id: wh.id, serials: `D${TAG}2` }, /D.*2 of .* is already in stock at Serial WH/],
			[{ kind: 'transfer', qty: 1, from_location_id: wh.id, to_location_id: van.id, serials: `Z${TAG}` }, /is not a serial of/],
			[{ kind: 'transfer', qty: 1, from_location_id: van.id, to_location_id: wh.id, serials: `D${TAG}1` }, /Only 0 of .* available|is not in stock at Serial van/],
			[{ kind: 'receipt', qty: 5, to_location_id: wh.id, serials: `R${TAG}9-R${TAG}5` }, /Line 1: range .* counts down/],
			[{ kind: 'receipt', qty: 1, to_location_id: wh.id, serials: `R${TAG}00000-R${TAG}20000` }, /has 20001 serials; enter at most 10000/],
			[{ kind: 'receipt', qty: 1, to_location_id: wh.id, serials: `M${TAG} 02:zz:00:00:00:01` }, /is not a MAC/],
			[{ kind: 'receipt', qty: 1, to_location_id: wh.id, serials: `M${TAG} 02:00:00:00:01` }, /Enter 1 serial .*: 2 were given|not a serial/],
		];
		for (const [body, re] of cases) {
			const e = assertProblem(await move({ product_id: p.id, ...body }), 422, JSON.stringify(body));
			assert.match(e.errors.serials ?? e.errors.qty, re, JSON.stringify(body));
		}
		// the same MAC as another serial's
		assertJson(await move({ kind: 'receipt', product_id: p.id, qty: 1, to_location_id: van.id, serials: `Q${TAG}1 ${mac(60)}` }), 201);
		const dup = assertProblem(await move({ kind: 'receipt', product_id: p.id, qty: 1, to_location_id: wh.id,
			serials: `Q${TAG}2 ${mac(60, '')}` }), 422);
		assert.match(dup.errors.serials, /belongs to another serial/);
		// a product without serials takes none
		const plain = await newProduct({ serialised: false });
		const e = assertProblem(await move({ kind: 'receipt', product_id: plain.id, qty: 1, to_location_id: wh.id, serials: 'ABC' }), 422);
		assert.match(e.errors.serials, /is not serialised/);
		assertJson(await move({ kind: 'receipt', product_id: plain.id, qty: 4, to_location_id: wh.id }), 201);
		// serials switched on or off only with nothing in stock
		const cur = assertJson(await office.getJson(`/products/${p.id}`), 200);
		const sw = assertProblem(await office.patchJson?.(`/products/${p.id}`, { version: cur.version, serialised: false })
			?? await office.json('PATCH', `/products/${p.id}`, { version: cur.version, serialised: false }), 422);
		assert.match(sw.errors.serialised, /only while none of this product is in stock/);
		assert.equal(level(p.id, wh.id), '3/0', 'nothing half-applied');
		assert.equal(sql(`SELECT count(*) FROM inventory.serials WHERE product_id = ${p.id}`), '4');
	});

	test('the move form: the serials field, its message next to it, the text kept', async () => {
		const p = await newProduct();
		const form = assertHtml(await office.getHtml(`/stock/moves/new?kind=receipt&product_id=${p.id}`), 200);
		assert.match(form, /<textarea[^>]*name="serials"/);
		assert.match(textOf(form), /Serialised products such as this one/);
		const bad = assertHtml(await office.postForm('/stock/moves', { kind: 'receipt', product_id: String(p.id), qty: '2',
			to_location_id: String(wh.id), from_location_id: '', reason: '', doc_ref: '', serials: `F${TAG}1\r\nF${TAG}1` }), 422);
		assert.match(bad, /id="f-serials-error"/);
		assert.match(textOf(bad), /listed twice/);
		assert.equal(textareaValue(bad, 'serials'), `F${TAG}1\r\nF${TAG}1`.replace(/\r\n/g, '\n'));
		assertRedirect(await office.postForm('/stock/moves', { kind: 'receipt', product_id: String(p.id), qty: '2',
			to_location_id: String(wh.id), from_location_id: '', reason: '', doc_ref: 'DN-9', serials: `F${TAG}1\r\nF${TAG}2\r\n` }), 303);
		assert.equal(level(p.id, wh.id), '2/0');
	});
});

describe('reserving and installing serials', () => {
	test('reserve by serial (JSON and form), install, release; a plain consume of a serialised product is refused', async () => {
		const p = await newProduct();
		assertJson(await move({ kind: 'receipt', product_id: p.id, qty: 5, to_location_id: wh.id, serials: `A${TAG}1-A${TAG}5` }), 201);
		const a = assertJson(await office.postJson('/allocations', { product_id: p.id, location_id: wh.id, doc_type: 'project',
			doc_id: 4242, serials: [`A${TAG}1`, `A${TAG}2`] }), 201);
		assert.equal(a.qty, 2);
		assert.equal(where(p.id, `A${TAG}1`), `allocated@${wh.id}`);
		assert.equal(level(p.id, wh.id), '5/2');
		const taken = assertProblem(await office.postJson('/allocations', { product_id: p.id, location_id: wh.id, doc_type: 'ticket',
			doc_id: 9, serials: `A${TAG}2` }), 422);
		assert.match(taken.errors.serials, /is not free at .*: it is reserved for project #4242/);
		const cnt = assertProblem(await office.postJson('/allocations', { product_id: p.id, location_id: wh.id, doc_type: 'ticket',
			doc_id: 9, qty: 2, serials: `A${TAG}3` }), 422);
		assert.match(cnt.errors.qty, /number of serials/);
		// the form on the product page's way: serials typed, no qty
		assertRedirect(await office.postForm('/allocations', { product_id: String(p.id), location_id: String(wh.id),
			doc_type: 'project', doc_id: '4242', serials: `A${TAG}3` }), 303);
		assert.equal(sql(`SELECT qty FROM inventory.allocations WHERE id = ${a.id}`), '3');
		// install one of them; releasing one that is not reserved for it is refused
		const used = assertJson(await office.postJson(`/allocations/${a.id}/consume`, { serials: `a${TAG}1`, reason: 'Fitted' }), 200);
		assert.deepEqual([used.qty, used.consumed], [2, 1]);
		assert.equal(where(p.id, `A${TAG}1`), 'consumed@-');
		const notours = assertProblem(await office.postJson(`/allocations/${a.id}/release`, { serials: `A${TAG}4` }), 422);
		assert.match(notours.errors.serials, /is not reserved for project #4242: it is in stock/);
		// by quantity alone, a serialised product's use leaves its serials in stock: refused, named
		const byQty = assertProblem(await office.postJson(`/allocations/${a.id}/consume`, { qty: 1 }), 422);
		assert.match(byQty.errors.serials, /Name the serials of every unit moved/);
		assertJson(await office.postJson(`/allocations/${a.id}/release`, { serials: `A${TAG}2` }), 200);
		assert.equal(where(p.id, `A${TAG}2`), `in_stock@${wh.id}`);
		assert.equal(level(p.id, wh.id), '4/1');
		const h = assertJson(await viewer.getJson(`/serials/${sql(`SELECT id FROM inventory.serials WHERE serial = 'A${TAG}1'`)}`), 200);
		assert.deepEqual(h.history.map((m) => [m.kind, m.doc_type, m.doc_id]),
			[['receipt', '', null], ['allocation', 'project', 4242], ['consumption', 'project', 4242]]);
		assert.equal(h.doc_id, 4242, 'installed on project 4242');
		assert.match(textOf(assertHtml(await viewer.getHtml(`/serials/${h.id}`), 200)), /Installed on Project #4242/);
		// the projects family names serials through the functions granted to it;
		// a consume by quantity alone leaves serials in stock: refused at commit
		assert.equal(sql(`SELECT string_agg(r, ',' ORDER BY r) FROM unnest(ARRAY['hearth_projects','hearth_service','hearth_sales']) r
			WHERE has_function_privilege(r, 'inventory.allocate_serials(bigint,bigint,text,bigint,text[],text)', 'EXECUTE')
			AND has_function_privilege(r, 'inventory.consume_serials(bigint,text[],text)', 'EXECUTE')`), 'hearth_projects,hearth_service');
		assert.throws(() => psql('hearth_projects', `BEGIN; SELECT set_config('hearth.user_id', '1', true);
			SELECT inventory.consume(${a.id}, 1); COMMIT;`), /serials/);
		assert.match(psql('hearth_projects', `BEGIN; SELECT set_config('hearth.user_id', '1', true);
			SELECT consumed FROM inventory.consume_serials(${a.id}, ARRAY['A${TAG}3']); COMMIT;`), /^2$/m);
	});

	test('100 parallel requests reserving the same last serial: exactly 1 succeeds', async () => {
		const p = await newProduct({ reorder_point: 0 });
		assertJson(await move({ kind: 'receipt', product_id: p.id, qty: 3, to_location_id: wh.id, serials: `L${TAG}1-L${TAG}3` }), 201);
		// two units are reserved by serial already: L…3 is the last free one
		assertJson(await office.postJson('/allocations', { product_id: p.id, location_id: wh.id, doc_type: 'project', doc_id: 1,
			serials: `L${TAG}1\nL${TAG}2` }), 201);
		const results = await Promise.all(Array.from({ length: 100 }, (_, i) => office.postJson('/allocations',
			{ product_id: p.id, location_id: wh.id, doc_type: 'ticket', doc_id: 7000 + i, serials: [`L${TAG}3`] })));
		const statuses = results.map((r) => r.status);
		assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses: ${JSON.stringify(statuses)}`);
		assert.ok(statuses.every((s) => s === 201 || s === 409 || s === 422), `statuses: ${JSON.stringify(statuses)}`);
		assert.equal(level(p.id, wh.id), '3/3');
		assert.equal(sql(`SELECT count(*) FROM inventory.serials WHERE product_id = ${p.id} AND state = 'allocated'`), '3');
		assert.equal(sql(`SELECT count(*) FROM inventory.ledger_mismatches(${p.id})`), '0');
		assert.equal(sql(`SELECT count(*) FROM inventory.serial_mismatches(${p.id})`), '0');
	});
});

describe('the list', () => {
	test('by serial or MAC (with or without separators), product, location, state; keyset pages; CSV; HTML', async () => {
		const p = await newProduct();
		assertJson(await move({ kind: 'receipt', product_id: p.id, qty: 3, to_location_id: wh.id,
			serials: `K${TAG}1 ${mac(80)}\nK${TAG}2 ${mac(81)}\nK${TAG}3` }), 201);
		assertJson(await move({ kind: 'transfer', product_id: p.id, qty: 1, from_location_id: wh.id, to_location_id: van.id,
			serials: `K${TAG}3` }), 201);
		const all = assertJson(await viewer.getJson(`/serials?product_id=${p.id}`), 200);
		assert.deepEqual(all.items.map((s) => s.serial), [`K${TAG}1`, `K${TAG}2`, `K${TAG}3`]);
		assert.equal(all.items[0].url, `/serials/${all.items[0].id}`);
		assert.deepEqual(assertJson(await viewer.getJson(`/serials?q=k${TAG.toLowerCase()}2`), 200).items.map((s) => s.serial), [`K${TAG}2`]);
		for (const q of [mac(81), mac(81, '-').toUpperCase(), mac(81, '')])
			assert.deepEqual(assertJson(await viewer.getJson(`/serials?q=${encodeURIComponent(q)}`), 200).items.map((s) => s.serial),
				[`K${TAG}2`], q);
		// the beginning of a MAC finds every unit of that block
		assert.deepEqual(assertJson(await viewer.getJson(`/serials?q=${mac(81, '').slice(0, 11)}`), 200).items.map((s) => s.serial),
			[`K${TAG}1`, `K${TAG}2`]);
		assert.deepEqual(assertJson(await viewer.getJson(`/serials?location_id=${van.id}&product_id=${p.id}`), 200).items.map((s) => s.serial), [`K${TAG}3`]);
		assert.equal(assertJson(await viewer.getJson(`/serials?product_id=${p.id}&state=consumed`), 200).items.length, 0);
		const p1 = assertJson(await viewer.getJson(`/serials?product_id=${p.id}&limit=2`), 200);
		assert.equal(p1.items.length, 2);
		assert.ok(p1.next);
		const p2 = assertJson(await viewer.getJson(`/serials?product_id=${p.id}&limit=2&after=${encodeURIComponent(p1.next)}`), 200);
		assert.deepEqual(p2.items.map((s) => s.serial), [`K${TAG}3`]);
		assert.equal(p2.next, null);
		const csv = await viewer.fetch(`/serials?product_id=${p.id}&format=csv`);
		assert.equal(csv.status, 200);
		assert.match(csv.headers.get('content-type'), /text\/csv/);
		const body = await csv.text();
		assert.match(body, /^id,serial,mac,state,/);
		assert.match(body, new RegExp(`K${TAG}1,${mac(80)},in_stock,`));
		const html = textOf(assertHtml(await viewer.getHtml(`/serials?q=K${TAG}`), 200));
		assert.match(html, /Serial numbers/);
		assert.match(html, new RegExp(`K${TAG}1 ${mac(80)}`));
		assert.match(textOf(assertHtml(await viewer.getHtml(`/serials?q=zz${TAG}zz`), 200)), /No serial matches/);
		assertProblem(await viewer.getJson('/serials?state=lost'), 422);
		assertProblem(await viewer.getJson('/serials/999999999'), 404);
	});
});
