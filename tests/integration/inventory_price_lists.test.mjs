// Distributor price lists over HTTP (cgi-bin/inventory/price_lists.c on
// lib/import, sql/043): one supplier's CSV uploaded, its columns mapped
// (remembered per supplier), previewed with per-row errors naming the line
// and the field (bad number, unknown unit, duplicate SKU, negative or
// sub-cent money), applied by the stack's hearth-worker (products created,
// the supplier's costs and the list prices changed, each change kept old
// and new, a page and a CSV), cancel applying nothing, and malformed files
// (wrong encoding, a required column missing, a 10 MB line) refused with
// nothing half-applied; in JSON and HTML. The customers' import keeps its
// own tests (imports.test.mjs) on the same machinery.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
	RUN, USERS, signIn, assertJson, assertHtml, assertProblem, assertRedirect, parseCsv, textOf,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const sql = (q) => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', q],
	{ encoding: 'utf8' }).trim();
const TAG = RUN.toUpperCase().replace(/[^A-Z0-9]/g, '');
const sku = (s) => `P${TAG}-${s}`;

let office, viewer, supplierA, supplierB;

function upload(c, body, supplier, name = `prices-${RUN}.csv`, opts = {}) {
	const fd = new FormData();
	if (supplier !== null) fd.append('supplier_id', String(supplier));
	if (body !== null) fd.append('file', new Blob([body], { type: 'text/csv' }), name);
	return c.postMultipart('/products/imports', fd, opts);
}
async function uploaded(c, body, supplier, name) {
	const r = await upload(c, body, supplier, name);
	const imp = assertJson(r, 201, 'upload');
	assert.equal(r.headers.get('location'), `/products/imports/${imp.id}`);
	return imp;
}
async function preview(c, imp, extra = {}) {
	return assertJson(await c.postJson(`/products/imports/${imp.id}`, { version: imp.version, ...extra }), 200, 'preview');
}
async function settled(c, id, ms = 60000) {
	const end = Date.now() + ms;
	for (;;) {
		const imp = assertJson(await c.getJson(`/products/imports/${id}`), 200).import;
		if (imp.status !== 'applying') return imp;
		if (Date.now() > end) assert.fail(`import ${id} still ${imp.status}`);
		await new Promise((ok) => setTimeout(ok, 150));
	}
}

before(async () => {
	[office, viewer] = await Promise.all([USERS.office, USERS.viewer].map((u) => signIn(u, undefined, { csrfFrom: '/products' })));
	supplierA = assertJson(await office.postJson('/suppliers', { name: `Price Dist A ${RUN}` }), 201);
	supplierB = assertJson(await office.postJson('/suppliers', { name: `Price Dist B ${RUN}` }), 201);
});

describe('price lists', () => {
	test('upload, preview, apply: products created, the supplier cost and list price changed, every change listed', async () => {
		// an existing product the supplier sells already, one it does not sell yet
		const known = assertJson(await office.postJson('/products', { sku: sku('KNOWN'), name: 'Known mount', cost_cents: 6000, price_cents: 12000 }), 201);
		assertJson(await office.postJson(`/products/${known.id}/suppliers`, { supplier_id: supplierA.id, cost_cents: 6000, supplier_sku: 'A-1', preferred: true }), 201);
		const other = assertJson(await office.postJson('/products', { sku: sku('OTHER'), name: 'Other cable', cost_cents: 500, price_cents: 1500 }), 201);
		const csv = [
			'Part Number,Order Code,Description,Brand,Model,UOM,Dealer Price,MSRP,Pack Qty',
			`${sku('KNOWN')},A-1,"Known mount, tilting",Mountwell,TILT,each,64.90,129.00,1`,
			`${sku('OTHER').toLowerCase()},A-2,Other cable,Copperglen,C1,each,5.00,,10`,
			`${sku('NEW1')},A-3,"New speaker, 6 in",Tonehall,S6,each,120.5,199.99,2`,
			`${sku('NEW2')},A-4,,Tonehall,BRK,box,18,39,1`,
		].join('\r\n');
		const imp = await uploaded(office, csv, supplierA.id);
		assert.equal(imp.scope, String(supplierA.id));
		assert.equal(imp.kind, 'price_list');
		assert.deepEqual(imp.mapping, { sku: 0, supplier_sku: 1, name: 2, manufacturer: 3, model: 4, unit: 5, cost: 6, price: 7, pack_size: 8 });
		const pv = await preview(office, imp);
		assert.deepEqual([pv.import.status, pv.import.ok_rows, pv.import.error_rows], ['previewed', 4, 0]);
		assert.equal(sql(`SELECT count(*) FROM inventory.products WHERE sku LIKE '${sku('NEW')}%'`), '0', 'nothing before apply');
		const r = await office.postJson(`/products/imports/${imp.id}/apply`, { version: pv.import.version });
		assert.equal(assertJson(r, 202, 'apply').status, 'applying');
		const done = await settled(office, imp.id);
		assert.equal(done.status, 'applied', done.error || '');
		assert.equal(done.applied_rows, 4);
		// what it did
		assert.equal(sql(`SELECT cost_cents || ' ' || price_cents || ' ' || version FROM inventory.products WHERE id = ${known.id}`), '6490 12900 2');
		assert.equal(sql(`SELECT cost_cents || ' ' || supplier_sku FROM inventory.product_suppliers WHERE product_id = ${known.id} AND supplier_id = ${supplierA.id}`), '6490 A-1');
		assert.equal(sql(`SELECT price_cents FROM inventory.products WHERE id = ${other.id}`), '1500', 'no list price in the file: unchanged');
		assert.equal(sql(`SELECT cost_cents || ' ' || pack_size || ' ' || preferred FROM inventory.product_suppliers WHERE product_id = ${other.id}`), '500 10 true');
		assert.equal(sql(`SELECT name || '|' || cost_cents || '|' || price_cents || '|' || unit || '|' || import_id FROM inventory.products WHERE sku = '${sku('NEW1')}'`),
			`New speaker, 6 in|12050|19999|each|${imp.id}`);
		assert.equal(sql(`SELECT name || '|' || unit FROM inventory.products WHERE sku = '${sku('NEW2')}'`), 'Tonehall BRK|box', 'no name: maker and model');
		// the changes: JSON, CSV, HTML
		const ch = assertJson(await office.getJson(`/products/imports/${imp.id}/changes`), 200);
		assert.deepEqual(ch.counts, { created: 2, costs_changed: 2, prices_changed: 1 });
		const k = ch.items.find((x) => x.product_id === known.id);
		assert.deepEqual([k.old_cost_cents, k.new_cost_cents, k.old_price_cents, k.new_price_cents, k.created], [6000, 6490, 12000, 12900, false]);
		const rows = parseCsv(await (await office.fetch(`/products/imports/${imp.id}/changes?format=csv`)).text()).filter((x) => x.length > 1);
		assert.equal(rows[0].join(','), 'line_no,product_id,sku,name,created,old_cost_cents,new_cost_cents,old_price_cents,new_price_cents');
		assert.equal(rows.length, 5);
		const page = textOf(assertHtml(await office.getHtml(`/products/imports/${imp.id}/changes`), 200));
		assert.match(page, /\$60\.00 → \$64\.90/);
		assert.match(page, /\$120\.00 → \$129\.00/);
		assert.match(textOf(assertHtml(await office.getHtml(`/products/imports/${imp.id}`), 200)), /The price changes/);
		// one event for the list, with the counts
		const ev = JSON.parse(sql(`SELECT payload FROM core.outbox WHERE event = 'inventory.price_list_applied' AND entity_id = ${imp.id}`));
		assert.deepEqual([ev.supplier_id, ev.products_created, ev.costs_changed, ev.prices_changed], [supplierA.id, 2, 2, 1]);
		assertProblem(await office.postJson(`/products/imports/${imp.id}/apply`, { version: done.version }), 409, 'twice');
	});

	test('per-row errors name the line and the field: bad number, unknown unit, duplicate SKU, negative or sub-cent money', async () => {
		const csv = [
			'SKU,Name,Unit,Cost,List price',
			`${sku('E1')},Fine,each,10.00,20.00`,
			`${sku('E2')},Comma decimal,each,"12,50",20`,
			`${sku('E3')},Litres,litre,10,20`,
			`${sku('E1')},Again,each,11,21`,
			`${sku('E4')},Negative,each,-5,20`,
			`${sku('E5')},Sub-cent,each,1.005,20`,
			`bad sku!,Bad SKU,each,1,2`,
		].join('\n');
		const imp = await uploaded(office, csv, supplierB.id);
		const pv = await preview(office, imp, { });
		assert.deepEqual([pv.import.ok_rows, pv.import.error_rows, pv.import.duplicate_rows], [1, 5, 1]);
		const byLine = Object.fromEntries(pv.rows.map((r) => [r.line_no, r]));
		assert.match(byLine[3].errors.cost, /Not a number/);
		assert.match(byLine[4].errors.unit, /Not one of: each, metre, box/);
		assert.equal(byLine[5].status, 'duplicate');
		assert.equal(byLine[5].errors.sku, 'The same SKU as line 2.');
		assert.match(byLine[6].errors.cost, /negative/);
		assert.match(byLine[7].errors.cost, /two decimals/);
		assert.match(byLine[8].errors.sku, /letters, digits/);
		// the problems as CSV: the file's columns, the line, what is wrong
		const errs = parseCsv(await (await office.fetch(`/products/imports/${imp.id}/errors`)).text()).filter((x) => x.length > 1);
		assert.deepEqual(errs[0], ['SKU', 'Name', 'Unit', 'Cost', 'List price', 'Line', 'Problems']);
		assert.match(errs.find((x) => x[5] === '4')[6], /^Unit: Not one of/);
		// HTML preview lists them by line
		const html = textOf(assertHtml(await office.getHtml(`/products/imports/${imp.id}`), 200));
		assert.match(html, /Cost: Not a number/);
		// applied: the good row and, chosen, the duplicate
		const done = await (async () => {
			assertJson(await office.postJson(`/products/imports/${imp.id}/apply`, { version: pv.import.version, duplicates: 'import' }), 202);
			return settled(office, imp.id);
		})();
		assert.equal(done.status, 'applied');
		// imported anyway, a repeated SKU's last line counts
		assert.equal(sql(`SELECT string_agg(name, ',') FROM inventory.products WHERE sku LIKE '${sku('E')}%'`), 'Again');
	});

	test('the mapping is remembered per supplier; customers keep theirs', async () => {
		const custBefore = sql("SELECT coalesce(columns::text, '') FROM core.import_mappings WHERE kind = 'customers' AND scope = ''");
		const odd = ['Artikel,Omschrijving,Inkoop,Advies', `${sku('M1')},Mapped,1.00,2.00`].join('\n');
		const imp = await uploaded(office, odd, supplierA.id);
		assert.deepEqual(imp.mapping, {}, 'nothing recognised');
		const p = await office.postJson(`/products/imports/${imp.id}`, { version: imp.version, mapping: { sku: 0, name: 1, cost: 2, price: 3 } });
		assertJson(p, 200, 'mapped by hand');
		const again = await uploaded(office, odd, supplierA.id);
		assert.deepEqual(again.mapping, { sku: 0, name: 1, cost: 2, price: 3 }, 'the same supplier: remembered');
		const other = await uploaded(office, odd, supplierB.id);
		assert.deepEqual(other.mapping, {}, 'another supplier: its own');
		assert.equal(sql("SELECT coalesce(columns::text, '') FROM core.import_mappings WHERE kind = 'customers' AND scope = ''"), custBefore);
		for (const i of [imp, again, other])
			assertJson(await office.postJson(`/products/imports/${i.id}/cancel`, {}), 200);
	});

	test('cancel applies nothing; the supplier is required and must exist', async () => {
		const csv = ['SKU,Name,Cost', `${sku('C1')},Cancelled,1.00`].join('\n');
		const imp = await uploaded(office, csv, supplierA.id);
		const pv = await preview(office, imp);
		const c = assertJson(await office.postJson(`/products/imports/${imp.id}/cancel`, {}), 200);
		assert.equal(c.status, 'cancelled');
		assertProblem(await office.postJson(`/products/imports/${imp.id}/apply`, { version: pv.import.version + 1 }), 409);
		assert.equal(sql(`SELECT count(*) FROM inventory.products WHERE sku = '${sku('C1')}'`), '0');
		assert.equal(sql(`SELECT count(*) FROM core.import_rows WHERE import_id = ${imp.id}`), '0');
		let e = assertProblem(await upload(office, csv, null), 422, 'no supplier');
		assert.match(e.errors.supplier_id, /Choose the supplier/);
		e = assertProblem(await upload(office, csv, 999999999), 422, 'unknown supplier');
		assert.ok(e.errors.supplier_id);
		assertProblem(await upload(viewer, csv, supplierA.id), 403, 'viewer');
	});

	test('malformed files: a missing required column, the wrong encoding, a 10 MB line; nothing half-applied', async () => {
		const before = sql('SELECT count(*) FROM inventory.products');
		// no cost column: the mapping is refused, naming the field
		const nocost = await uploaded(office, ['SKU,Name', `${sku('X1')},No cost`].join('\n'), supplierA.id);
		let e = assertProblem(await office.postJson(`/products/imports/${nocost.id}`, { version: nocost.version }), 422, 'no cost');
		assert.match(e.errors.mapping, /Choose the column that holds Cost \(required\)/);
		// Windows-1252 bytes read as UTF-8: each such row is an error of its line
		const latin = Buffer.concat([Buffer.from(`SKU,Name,Cost\n${sku('X2')},Caf`), Buffer.from([0xe9]), Buffer.from(' speaker,1.00\n')]);
		const enc = await uploaded(office, latin, supplierA.id);
		assert.equal(enc.detected_encoding, 'windows-1252');
		const reread = assertJson(await office.postJson(`/products/imports/${enc.id}`, { version: enc.version, encoding: 'utf-8' }), 200);
		assert.equal(reread.status, 'uploaded', 'another encoding reads the columns again');
		const pv = await preview(office, reread);
		assert.equal(pv.import.error_rows, 1);
		assert.match(JSON.stringify(pv.rows[0].errors), /encoding/);
		const good = assertJson(await office.postJson(`/products/imports/${enc.id}`, { version: pv.import.version, encoding: 'windows-1252' }), 200);
		const ok = await preview(office, good);
		assert.equal(ok.import.ok_rows, 1);
		assert.equal(ok.rows.length, 0);
		// 10 MB on one line: refused at the upload with why and where; nothing kept
		const imports = sql('SELECT count(*) FROM core.imports');
		const huge = `SKU,Name,Cost\n${sku('X3')},${'x'.repeat(10 * 1024 * 1024)},1\n`;
		e = assertProblem(await upload(office, huge, supplierA.id), 422, '10 MB line');
		assert.match(e.errors.file, /line 2/i);
		assert.equal(sql('SELECT count(*) FROM core.imports'), imports);
		assert.equal(sql('SELECT count(*) FROM inventory.products'), before);
		for (const i of [nocost, enc]) await office.postJson(`/products/imports/${i.id}/cancel`, {});
	});

	test('HTML: the list with the supplier choice, an upload as a browser sends it, the mapping page, the template', async () => {
		const list = assertHtml(await office.getHtml('/products/imports'), 200);
		assert.match(list, /name="supplier_id"/);
		assert.match(list, new RegExp(`Price Dist A ${RUN}`));
		const fd = new FormData();
		fd.append('_csrf', office.csrf);
		fd.append('file', new Blob([readFileSync(`${ROOT}/tests/fixtures/price-list-demo.csv`)], { type: 'text/csv' }), `demo-${RUN}.csv`);
		const noSup = await office.postMultipart('/products/imports', fd, { accept: 'text/html' });
		assert.equal(noSup.status, 422);
		assert.match(textOf(noSup.text), /Choose the supplier this file is for/);
		fd.append('supplier_id', String(supplierB.id));
		const r = await office.postMultipart('/products/imports', fd, { accept: 'text/html' });
		assertRedirect(r, 303);
		const page = textOf(assertHtml(await office.getHtml(r.headers.get('location')), 200));
		assert.match(page, new RegExp(`Supplier: Price Dist B ${RUN}`));
		assert.match(page, /Dealer Price/);
		const tpl = await office.fetch('/products/imports/template');
		assert.equal(parseCsv(await tpl.text())[0].join(','), 'SKU,Supplier SKU,Name,Manufacturer,Model,Category,Unit,Cost,List price,Pack size,Long description');
		const id = r.headers.get('location').split('/').pop();
		assertRedirect(await office.postForm(`/products/imports/${id}/cancel`, {}), 303);
		assertHtml(await office.getHtml(`/products/imports/${id}/changes`), 200);
		assertProblem(await office.getJson('/products/imports/999999999/changes'), 404);
	});
});
