// Imports (lib/import.c, lib/csv_read.c, sql/020, cgi-bin/customers/imports.c):
// real uploads over HTTP to /customers/imports, the mapping (guessed,
// chosen, remembered), the preview with per-row errors, the apply run by
// the stack's hearth-worker, cancel and undo, the errors CSV, hostile
// files, permissions, and every route in JSON and HTML.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
	RUN, USERS, signIn, letters, assertJson, assertHtml, assertProblem, assertRedirect, parseCsv, textOf, tags, attrsOf,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');

/** One statement as the database owner; the text of its rows. */
function sql(query) {
	return execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', query],
		{ encoding: 'utf8' }).trim();
}

const importsOfRun = () => Number(sql(`SELECT count(*) FROM core.imports WHERE file_name LIKE '%${RUN}%'`));

function upload(c, body, name = `customers-${RUN}.csv`, opts = {}) {
	const fd = new FormData();
	if (body !== null) fd.append('file', new Blob([body], { type: 'text/csv' }), name);
	return c.postMultipart('/customers/imports', fd, opts);
}

/** Upload → the import (201 + Location checked). */
async function uploaded(c, body, name) {
	const r = await upload(c, body, name);
	const imp = assertJson(r, 201, 'upload');
	assert.equal(r.headers.get('location'), `/customers/imports/${imp.id}`);
	return imp;
}

/** Preview (JSON) with extra fields; the answer's import. */
async function preview(c, imp, extra = {}) {
	const r = await c.postJson(`/customers/imports/${imp.id}`, { version: imp.version, ...extra });
	return assertJson(r, 200, 'preview').import;
}

/** Polls the import until it is no longer applying or undoing. */
async function settled(c, id, ms = 60000) {
	const end = Date.now() + ms;
	for (;;) {
		const imp = assertJson(await c.getJson(`/customers/imports/${id}`), 200).import;
		if (imp.status !== 'applying' && imp.status !== 'undoing') return imp;
		if (Date.now() > end) assert.fail(`import ${id} still ${imp.status}`);
		await new Promise((ok) => setTimeout(ok, 150));
	}
}

async function apply(c, imp, extra = {}) {
	const r = await c.postJson(`/customers/imports/${imp.id}/apply`, { version: imp.version, ...extra });
	assert.equal(assertJson(r, 202, 'apply').status, 'applying');
	return settled(c, imp.id);
}

const customersNamed = (word) => sql(`SELECT count(*) FROM customers.customers WHERE name LIKE '%${word}%'`);

describe('imports', () => {
	let sales, viewer;
	before(async () => {
		sales = await signIn(USERS.sales);
		viewer = await signIn(USERS.viewer);
	});

	test('happy path: guessed mapping, preview creates nothing, apply creates customers with contact and property', async () => {
		const w = letters(8);
		const csv = 'Company,E-mail,Phone,City,Contact,Contact Email,Site Address,Site City,Tags,Kind\r\n'
			+ `"Okafor ${w}, Residence",ada.${w}@example.com,+44 20 7946 0958,London,Ada Okafor,ada@okafor.example,12 Elm Road,Bath,vip;knx,Residential\r\n`
			+ `Brook ${w} Ltd,info.${w}@brook.example,(555) 014-2233,Leeds,,,,,,commercial\r\n`;
		const imp = await uploaded(sales, csv);
		assert.equal(imp.status, 'uploaded');
		assert.equal(imp.detected_encoding, 'utf-8');
		assert.equal(imp.delimiter, ',');
		assert.equal(imp.total_rows, 2);
		assert.deepEqual(imp.header.slice(0, 3), ['Company', 'E-mail', 'Phone']);
		assert.deepEqual(imp.mapping, {
			name: 0, email: 1, phone: 2, billing_city: 3, contact_name: 4, contact_email: 5, property_line1: 6,
			property_city: 7, tags: 8, kind: 9,
		});
		const p = await preview(sales, imp);
		assert.equal(p.status, 'previewed');
		assert.deepEqual([p.ok_rows, p.error_rows, p.duplicate_rows], [2, 0, 0]);
		assert.equal(customersNamed(w), '0', 'a preview creates nothing');
		const done = await apply(sales, p);
		assert.equal(done.status, 'applied');
		assert.equal(done.applied_rows, 2);
		assert.ok(done.undo_until > done.applied_at);
		const list = assertJson(await sales.getJson(`/customers?q=${w}`), 200);
		assert.equal(list.items.length, 2);
		const okafor = list.items.find((x) => x.name.startsWith('Okafor'));
		const full = assertJson(await sales.getJson(`/customers/${okafor.id}`), 200);
		assert.equal(full.name, `Okafor ${w}, Residence`);
		assert.equal(full.email, `ada.${w}@example.com`);
		assert.equal(full.phone, '+44 20 7946 0958');
		assert.deepEqual(full.tags, ['vip', 'knx']);
		assert.equal(full.kind, 'residential');
		assert.equal(full.contacts.length, 1);
		assert.equal(full.contacts[0].name, 'Ada Okafor');
		assert.equal(full.contacts[0].email, 'ada@okafor.example');
		assert.equal(full.contacts[0].is_primary, true);
		assert.equal(full.properties.length, 1);
		assert.equal(full.properties[0].line1, '12 Elm Road');
		assert.equal(full.properties[0].city, 'Bath');
		const brook = assertJson(await sales.getJson(`/customers/${list.items.find((x) => x.name.startsWith('Brook')).id}`), 200);
		assert.equal(brook.kind, 'commercial');
		assert.equal(brook.contacts.length, 0, 'no contact columns, no contact');
		assert.equal(brook.properties.length, 0, 'no property columns, no property');
		// one audit row and one outbox event for the whole import
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'import.applied' AND entity_id = ${imp.id}`), '1');
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'import.applied' AND entity_id = ${imp.id}`), '1');

		// a second apply of the same import is refused, and creates nothing more
		const again = await sales.postJson(`/customers/imports/${imp.id}/apply`, { version: done.version });
		assert.match(assertProblem(again, 409).detail, /applied already/);
		assert.equal(customersNamed(w), '2');
		// so is changing its mapping, or cancelling it
		assertProblem(await sales.postJson(`/customers/imports/${imp.id}`, { version: done.version }), 409);
		assertProblem(await sales.postJson(`/customers/imports/${imp.id}/cancel`, {}), 409);
	});

	test('a stale version is refused (409) and nothing changes', async () => {
		const imp = await uploaded(sales, `Name\nStale ${letters(6)}\n`);
		assertProblem(await sales.postJson(`/customers/imports/${imp.id}`, { version: imp.version + 1 }), 409);
		assertProblem(await sales.postJson(`/customers/imports/${imp.id}`, {}), 422);
		const now = assertJson(await sales.getJson(`/customers/imports/${imp.id}`), 200).import;
		assert.equal(now.status, 'uploaded');
		assert.equal(now.version, imp.version);
	});

	test('a chosen mapping is remembered for the next file with the same headers', async () => {
		const w = letters(8);
		const csv = `Kundennummer,Firma,Ort\n1,Remember ${w},Köln\n`;
		const imp = await uploaded(sales, csv);
		assert.deepEqual(imp.mapping, {}, 'no header is known yet');
		// a required field missing from the mapping is a 422 naming it
		const bad = assertProblem(await sales.postJson(`/customers/imports/${imp.id}`, { version: imp.version, mapping: { billing_city: 2 } }), 422);
		assert.match(bad.errors.mapping, /Name/);
		const badIdx = assertProblem(await sales.postJson(`/customers/imports/${imp.id}`, { version: imp.version, mapping: { name: 7 } }), 422);
		assert.match(badIdx.errors.mapping, /not a column/);
		const p = await preview(sales, imp, { mapping: { name: 1, billing_city: 2 } });
		assert.deepEqual(p.mapping, { name: 1, billing_city: 2 });
		assert.equal(p.ok_rows, 1);
		const next = await uploaded(sales, `Kundennummer,Firma,Ort\n2,Second ${w},Bonn\n`);
		assert.deepEqual(next.mapping, { name: 1, billing_city: 2 });
	});

	test('a Windows-1252 file: guessed, read wrong as UTF-8, right after choosing its encoding', async () => {
		const w = letters(8);
		// "José Müller <w>,Zürich" in Windows-1252 bytes (é 0xE9, ü 0xFC), and a euro sign (0x80)
		const text = `Name,City,Notes\nJos\xe9 M\xfcller ${w},Z\xfcrich,costs 5 \x80\n`;
		const bytes = Uint8Array.from([...text].map((ch) => ch === '\x80' ? 0x80 : ch.charCodeAt(0)));
		const imp = await uploaded(sales, bytes, `cp1252-${RUN}.csv`);
		assert.equal(imp.detected_encoding, 'windows-1252');
		assert.equal(imp.encoding, 'windows-1252');
		assert.equal(imp.sample[0][0], `José Müller ${w}`);
		// the user says UTF-8: the columns are read again; every row is then unreadable
		const asUtf8 = assertJson(await sales.postJson(`/customers/imports/${imp.id}`, { version: imp.version, encoding: 'utf-8' }), 200);
		assert.equal(asUtf8.status, 'uploaded');
		assert.equal(asUtf8.encoding, 'utf-8');
		const bad = await preview(sales, asUtf8);
		assert.equal(bad.error_rows, 1);
		const rows = assertJson(await sales.getJson(`/customers/imports/${imp.id}?show=problems`), 200).rows;
		assert.match(rows[0].errors.name, /encoding/);
		// ISO-8859-1 reads é and ü too, but not the euro sign; Windows-1252 does
		const back = assertJson(await sales.postJson(`/customers/imports/${imp.id}`, { version: bad.version, encoding: 'windows-1252' }), 200);
		const p = await preview(sales, back);
		assert.equal(p.ok_rows, 1);
		await apply(sales, p);
		const list = assertJson(await sales.getJson(`/customers?q=${w}`), 200);
		assert.equal(list.items.length, 1);
		assert.equal(list.items[0].name, `José Müller ${w}`);
		assert.equal(list.items[0].billing_city, 'Zürich');
		const full = assertJson(await sales.getJson(`/customers/${list.items[0].id}`), 200);
		assert.equal(full.notes, 'costs 5 €');
	});

	test('UTF-16 with a BOM and a semicolon-delimited file', async () => {
		const w = letters(8);
		const semi = `Name;Email;City;Tags\n"Dupont; Marie ${w}";marie.${w}@example.fr;Lyon;a, b\n`;
		const imp = await uploaded(sales, semi);
		assert.equal(imp.delimiter, ';');
		assert.deepEqual(imp.header, ['Name', 'Email', 'City', 'Tags']);
		const p = await preview(sales, imp);
		assert.equal(p.ok_rows, 1);
		await apply(sales, p);
		const c = assertJson(await sales.getJson(`/customers?q=${w}`), 200).items[0];
		assert.equal(c.name, `Dupont; Marie ${w}`);
		assert.deepEqual(c.tags, ['a', 'b']);

		const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`Name\tCity\r\nÅsa ${w}\tMalmö\r\n`, 'utf16le')]);
		const imp16 = await uploaded(sales, u16, `utf16-${RUN}.csv`);
		assert.equal(imp16.detected_encoding, 'utf-16le');
		assert.equal(imp16.delimiter, '\t');
		assert.deepEqual(imp16.sample, [[`Åsa ${w}`, 'Malmö']]);
	});

	test('ragged rows, bad emails and formula cells are reported per row; nothing is created; cancel', async () => {
		const w = letters(8);
		const csv = 'Name,Email,Phone,City,Contact,Contact Email\n'
			+ `Good ${w},good.${w}@example.com,+44 20 7946 0958,York,,\n`   // 2 ok
			+ `Short ${w},x@example.com\n`                                     // 3 ragged
			+ `Bad mail ${w},not-an-email,,,,\n`                                // 4 email
			+ `=HYPERLINK("http://evil.example"),,,,,\n`                        // 5 formula in name
			+ `Plus ${w},,,+SUM(A1),,\n`                                        // 6 formula in city
			+ `At ${w},,,@cmd,,\n`                                              // 7
			+ `Tab ${w},,,"\t=1+1",,\n`                                         // 8 a tab hides it
			+ `Minus ${w},,-5550142,,,\n`                                       // 9 a phone starts with a digit, + or (
			+ `Mail ${w},=1+1@x.com,,,,\n`                                      // 10 formula in email
			+ `NoContact ${w},,,,,c.${w}@example.com\n`                         // 11 contact email without a name
			+ `Dup ${w},GOOD.${w}@example.com,,,,\n`;                           // 12 duplicate of line 2
		const imp = await uploaded(sales, csv);
		const p = await preview(sales, imp);
		assert.deepEqual([p.ok_rows, p.error_rows, p.duplicate_rows], [1, 9, 1]);
		const rows = assertJson(await sales.getJson(`/customers/imports/${imp.id}?show=problems`), 200).rows;
		const byLine = Object.fromEntries(rows.map((r) => [r.line_no, r]));
		assert.deepEqual(Object.keys(byLine).map(Number), [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
		assert.match(byLine[3].errors.row, /2 fields where the header has 6/);
		assert.match(byLine[4].errors.email, /Not an email/);
		for (const [line, field] of [[5, 'name'], [6, 'billing_city'], [7, 'billing_city'], [8, 'billing_city'], [10, 'email']])
			assert.match(byLine[line].errors[field], /formula/, `line ${line}`);
		assert.match(byLine[9].errors.phone, /formula/);
		assert.match(byLine[11].errors.contact_name, /Required when/);
		assert.equal(byLine[12].status, 'duplicate');
		assert.match(byLine[12].errors.email, /same email as line 2/);
		// the formula text is never stored where a record could take it
		assert.equal(byLine[5].data.name, undefined);
		assert.equal(customersNamed(w), '0');

		// the rows with problems as CSV: the file's columns, the line, the problems; formulas neutralised
		const csvRes = await sales.fetch(`/customers/imports/${imp.id}/errors`, { accept: 'text/html' });
		assert.equal(csvRes.status, 200);
		assert.match(csvRes.headers.get('content-type'), /^text\/csv/);
		assert.match(csvRes.headers.get('content-disposition'), /attachment; filename="import-\d+-problems.csv"/);
		const table = parseCsv(await csvRes.text());
		assert.deepEqual(table[0], ['Name', 'Email', 'Phone', 'City', 'Contact', 'Contact Email', 'Line', 'Problems']);
		assert.equal(table.length, 11);
		const five = table.find((r) => r[6] === '5');
		assert.equal(five[0], `'=HYPERLINK("http://evil.example")`);
		assert.match(five[7], /^Name: Starts with/);
		const errJson = assertJson(await sales.getJson(`/customers/imports/${imp.id}/errors`), 200);
		assert.equal(errJson.items.length, 10);

		// apply with duplicates skipped would create one; cancel instead: nothing at all
		const r = await sales.postJson(`/customers/imports/${imp.id}/cancel`, {});
		assert.equal(assertJson(r, 200).status, 'cancelled');
		assert.equal(customersNamed(w), '0');
		assert.equal(sql(`SELECT count(*) FROM core.import_rows WHERE import_id = ${imp.id}`), '0');
		assertProblem(await sales.postJson(`/customers/imports/${imp.id}/apply`, { version: r.body.version }), 409);
		assert.equal(customersNamed(w), '0');
	});

	test('duplicates: skipped by default, imported when asked', async () => {
		const w = letters(8);
		const imp = await uploaded(sales, `Name,Email\nFirst ${w},d.${w}@example.com\nSecond ${w},D.${w}@example.com\n`);
		const p = await preview(sales, imp);
		assert.deepEqual([p.ok_rows, p.duplicate_rows], [1, 1]);
		const done = await apply(sales, p, { duplicates: 'import' });
		assert.equal(done.applied_rows, 2);
		assert.equal(done.duplicates, 'import');
		// now both emails are a customer's: a new file with that email is a duplicate of them
		const next = await preview(sales, await uploaded(sales, `Name,Email\nThird ${w},d.${w}@example.com\n`));
		assert.equal(next.duplicate_rows, 1);
		const rows = assertJson(await sales.getJson(`/customers/imports/${next.id}`), 200).rows;
		assert.match(rows[0].errors.email, /A customer with this email exists: First/);
		// skipping the only row leaves nothing to import: refused before it starts
		const none = assertProblem(await sales.postJson(`/customers/imports/${next.id}/apply`, { version: next.version }), 422);
		assert.match(none.detail, /No row can be imported/);
		assert.equal(assertJson(await sales.getJson(`/customers/imports/${next.id}`), 200).import.status, 'previewed');
	});

	test('malformed files are refused at the upload with a clear message; nothing is kept', async () => {
		const before = importsOfRun();
		const cases = [
			[`Name\n"never closed ${letters(4)}\n`, /Line 2 has a quoted field that is never closed/],
			['', /Choose a CSV file|empty/],
			['Name,Email\n', /header line but no rows/],
			[`Name,Email\n${'x'.repeat(70000)},a@b.co\n`, /Line 2 has a field longer than 65536 bytes/],
			[`Name\n${'a,'.repeat(600)}\n`, /Line 2 has more than 500 fields/],
		];
		for (const [body, re] of cases) {
			const p = assertProblem(await upload(sales, body === '' ? new Uint8Array(0) : body), 422, String(re));
			assert.match(p.errors.file, re);
			assert.match(p.errors.file, /Nothing was imported|Choose|empty/);
		}
		// a 2 MB single line: refused by the reader after 1 MiB
		const t0 = Date.now();
		const big = assertProblem(await upload(sales, `Name,Notes\nx,${'y'.repeat(2 << 20)}\n`), 422);
		assert.match(big.errors.file, /Line 2 (is longer than 1048576 bytes|has a field longer)/);
		assert.ok(Date.now() - t0 < 10000);
		assert.equal(importsOfRun(), before);
	});

	test('a 50 MB single line is refused with a clear message (413) and nothing is created', async () => {
		const before = importsOfRun();
		const customers = sql('SELECT count(*) FROM customers.customers');
		const line = Buffer.alloc(50 << 20, 'a');
		const r = await upload(sales, line, `huge-${RUN}.csv`);
		const p = assertProblem(r, 413);
		assert.match(p.title + p.detail, /large/i);
		assert.equal(importsOfRun(), before);
		assert.equal(sql('SELECT count(*) FROM customers.customers'), customers);
	});

	test('a batch the database refuses rolls back whole: the import is failed, with the reason and the line', async () => {
		const w = letters(8);
		const p = await preview(sales, await uploaded(sales, `Name,Kind\nFail A ${w},residential\nFail B ${w},commercial\n`));
		// a staged value the checks passed but the table refuses (as a rule
		// the database has and the descriptor lacks would)
		sql(`UPDATE core.import_rows SET data = jsonb_set(data, '{kind}', '"castle"') WHERE import_id = ${p.id} AND line_no = 3`);
		const r = await sales.postJson(`/customers/imports/${p.id}/apply`, { version: p.version });
		assertJson(r, 202);
		const failed = await settled(sales, p.id);
		assert.equal(failed.status, 'failed');
		assert.match(failed.error, /The rows after line 0 could not be saved: .*customers_kind_check.*0 rows were saved before/);
		assert.equal(failed.applied_rows, 0);
		assert.equal(customersNamed(w), '0', 'the batch rolled back whole');
		assert.match(textOf(assertHtml(await sales.getHtml(`/customers/imports/${p.id}`), 200)), /The import stopped/);
		assert.match(assertProblem(await sales.postJson(`/customers/imports/${p.id}/undo`, {}), 409).detail, /only an applied import/);
	});

	test('undo removes exactly what the import created; refused (naming them) when records changed since', async () => {
		const w = letters(8);
		const csv = `Name,Contact,Property\nUndo A ${w},Ann,Main\nUndo B ${w},Bob,Cabin\nUndo C ${w},,\n`;
		const done = await apply(sales, await preview(sales, await uploaded(sales, csv)));
		assert.equal(done.applied_rows, 3);
		// a customer made by hand with a similar name is not the import's
		const other = assertJson(await sales.postJson('/customers', { name: `Undo Z ${w}` }), 201);
		// an edit to one of the imported customers blocks the undo
		const bid = sql(`SELECT id FROM customers.customers WHERE name = 'Undo B ${w}'`);
		const b = assertJson(await sales.getJson(`/customers/${bid}`), 200);
		const edited = assertJson(await sales.patchJson(`/customers/${b.id}`, { version: b.version, notes: 'called back' }), 200);
		const refused = assertProblem(await sales.postJson(`/customers/imports/${done.id}/undo`, {}), 409);
		assert.match(refused.detail, new RegExp(`1 of the imported customers changed since the import.*Undo B ${w} \\(#${b.id}\\): edited`));
		assert.equal(sql(`SELECT count(*) FROM customers.customers WHERE import_id = ${done.id}`), '3');
		// editing it back does not make it the import's again: still refused
		await sales.patchJson(`/customers/${b.id}`, { version: edited.version, notes: '' });
		assert.match(assertProblem(await sales.postJson(`/customers/imports/${done.id}/undo`, {}), 409).detail, /edited/);

		// a clean import undoes: its customers, contacts and properties go, nothing else
		const clean = await apply(sales, await preview(sales, await uploaded(sales, `Name,Contact,Property Address\nGone ${w},Gina,1 Lane\nGone2 ${w},,\n`)));
		const ids = sql(`SELECT string_agg(id::text, ',') FROM customers.customers WHERE import_id = ${clean.id}`).split(',');
		assert.equal(ids.length, 2);
		const r = await sales.postJson(`/customers/imports/${clean.id}/undo`, {});
		assert.equal(assertJson(r, 202).status, 'undoing');
		const undone = await settled(sales, clean.id);
		assert.equal(undone.status, 'undone');
		assert.equal(undone.undone_rows, 2);
		for (const id of ids) assertProblem(await sales.getJson(`/customers/${id}`), 404);
		assert.equal(sql(`SELECT count(*) FROM customers.contacts WHERE import_id = ${clean.id}`), '0');
		assert.equal(sql(`SELECT count(*) FROM customers.properties WHERE import_id = ${clean.id}`), '0');
		assertJson(await sales.getJson(`/customers/${other.id}`), 200);
		assert.equal(sql(`SELECT count(*) FROM customers.customers WHERE import_id = ${done.id}`), '3');
		// an undone import is not undone twice
		assert.match(assertProblem(await sales.postJson(`/customers/imports/${clean.id}/undo`, {}), 409).detail, /undone/);
	});

	test('only writers: viewers get 403 on every route; uploads need the CSRF token', async () => {
		const imp = await uploaded(sales, `Name\nPerm ${letters(6)}\n`);
		for (const path of ['/customers/imports', '/customers/imports/template', `/customers/imports/${imp.id}`, `/customers/imports/${imp.id}/errors`])
			assertProblem(await viewer.getJson(path), 403, path);
		assertProblem(await upload(viewer, 'Name\nx\n'), 403);
		for (const path of [`/customers/imports/${imp.id}`, `/customers/imports/${imp.id}/apply`, `/customers/imports/${imp.id}/cancel`, `/customers/imports/${imp.id}/undo`])
			assertProblem(await viewer.postJson(path, { version: imp.version }), 403, path);
		const noCsrf = await upload(sales, 'Name\nx\n', `nocsrf-${RUN}.csv`, { csrf: false });
		assertProblem(noCsrf, 403);
		assertProblem(await sales.getJson('/customers/imports/999999999'), 404);
		// the customers list links to the imports of writers only
		assert.match(assertHtml(await sales.getHtml('/customers'), 200), /href="\/customers\/imports"/);
		assert.doesNotMatch(assertHtml(await viewer.getHtml('/customers'), 200), /href="\/customers\/imports"/);
	});

	test('the template CSV and the lists, in CSV, JSON and HTML', async () => {
		const t = await sales.fetch('/customers/imports/template', { accept: 'text/html' });
		assert.equal(t.status, 200);
		assert.match(t.headers.get('content-type'), /^text\/csv/);
		const rows = parseCsv(await t.text());
		assert.equal(rows[0][0], 'Name');
		assert.ok(rows[0].includes('Contact name') && rows[0].includes('Property address'));
		assert.equal(rows[1].length, rows[0].length);
		// the template, uploaded as it is, maps every column by itself and previews clean
		const imp = await uploaded(sales, await (await sales.fetch('/customers/imports/template', { accept: 'text/csv' })).text());
		assert.equal(Object.keys(imp.mapping).length, rows[0].length);
		const p = await preview(sales, imp);
		assert.deepEqual([p.ok_rows, p.error_rows], [1, 0]);
		await sales.postJson(`/customers/imports/${imp.id}/cancel`, {});

		const cols = assertJson(await sales.getJson('/customers/imports/template'), 200).columns;
		assert.deepEqual(cols[0], { name: 'name', label: 'Name', required: true, type: 'text' });
		const list = assertJson(await sales.getJson('/customers/imports'), 200);
		assert.ok(list.items.length > 0 && list.items.length <= 50);
		assert.ok(list.items.every((i) => i.kind === 'customers'));
		const html = assertHtml(await sales.getHtml('/customers/imports'), 200);
		assert.match(html, /<form class="upload" method="post" action="\/customers\/imports" enctype="multipart\/form-data">/);
		assert.match(html, /Template CSV/);
	});

	test('the whole flow as a browser: upload, mapping form, preview, apply, undo', async () => {
		const w = letters(8);
		// upload (multipart form, HTML) → 303 to the import
		const fd = new FormData();
		fd.append('_csrf', sales.csrf);
		fd.append('file', new Blob([`Who,Mail,Town\nForm ${w},form.${w}@example.com,Ely\n=bad,,\n`], { type: 'text/csv' }), `form-${RUN}.csv`);
		const up = await sales.fetch('/customers/imports', { method: 'POST', body: fd, accept: 'text/html' });
		const loc = assertRedirect({ status: up.status, headers: up.headers, text: await up.text() });
		assert.match(loc, /^\/customers\/imports\/\d+$/);
		// the mapping form: one select per file column, sample values, the version
		let page = assertHtml(await sales.getHtml(loc), 200);
		assert.match(page, /Check the columns/);
		const selects = tags(page, 'select').map(attrsOf).map((a) => a.name);
		assert.deepEqual(selects.filter((n) => n.startsWith('col_')), ['col_0', 'col_1', 'col_2']);
		assert.match(textOf(page), new RegExp(`Form ${w}`));
		const version = /name="version" value="(\d+)"/.exec(page)[1];
		// a mapping without the required name → the form again (422) with the message
		let r = await sales.postForm(loc, { version, encoding: 'utf-8', delimiter: 'comma', col_0: '', col_1: 'email', col_2: 'billing_city' });
		assert.match(assertHtml(r, 422), /Choose the column that holds Name \(required\)/);
		// the same field twice → 422 on that column
		r = await sales.postForm(loc, { version, encoding: 'utf-8', delimiter: 'comma', col_0: 'name', col_1: 'name', col_2: '' });
		assert.match(assertHtml(r, 422), /Another column is imported as this field already/);
		// a good mapping → 303 back, with the preview
		r = await sales.postForm(loc, { version, encoding: 'utf-8', delimiter: 'comma', col_0: 'name', col_1: 'email', col_2: 'billing_city' });
		assert.equal(assertRedirect(r), loc);
		page = assertHtml(await sales.getHtml(loc), 200);
		assert.match(textOf(page), /1 rows ready/);
		assert.match(textOf(page), /Name: Starts with = \+ - or @/);
		assert.match(page, /Download the rows with problems/);
		assert.match(assertHtml(await sales.getHtml(`${loc}?show=all`), 200), new RegExp(`form.${w}@example.com`));
		// apply by the form → 303; the page shows progress or the result
		const v2 = /action="[^"]*\/apply"[\s\S]*?name="version" value="(\d+)"/.exec(page)[1];
		assert.equal(assertRedirect(await sales.postForm(`${loc}/apply`, { version: v2 })), loc);
		const id = loc.split('/').pop();
		const done = await settled(sales, id);
		assert.equal(done.status, 'applied');
		page = assertHtml(await sales.getHtml(loc), 200);
		assert.match(textOf(page), /1 customers imported/);
		assert.match(page, /action="[^"]*\/undo"/);
		// a second apply by the form: back to the page with the reason
		r = await sales.postForm(`${loc}/apply`, { version: String(done.version) });
		assert.equal(assertRedirect(r), loc);
		// undo by the form → 303, then undone
		assert.equal(assertRedirect(await sales.postForm(`${loc}/undo`, {})), loc);
		assert.equal((await settled(sales, id)).status, 'undone');
		assert.match(textOf(assertHtml(await sales.getHtml(loc), 200)), /Undone/);
		// cancel by the form → 303 to the list
		const other = await uploaded(sales, `Name\nCancel ${w}\n`);
		assert.equal(assertRedirect(await sales.postForm(`/customers/imports/${other.id}/cancel`, {})), '/customers/imports');
		assert.match(textOf(assertHtml(await sales.getHtml(`/customers/imports/${other.id}`), 200)), /Cancelled: nothing was created/);
		// a refused upload shows the form again with the reason
		const bad = new FormData();
		bad.append('_csrf', sales.csrf);
		bad.append('file', new Blob(['Name\n"open'], { type: 'text/csv' }), `bad-${RUN}.csv`);
		const br = await sales.fetch('/customers/imports', { method: 'POST', body: bad, accept: 'text/html' });
		assert.equal(br.status, 422);
		assert.match(await br.text(), /never closed/);
	});
});
