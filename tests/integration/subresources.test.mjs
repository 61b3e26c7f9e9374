// A customer's contacts, properties, communications and documents: the
// nested routes (/customers/:id/<sub>) and their own (/<sub>/:id), in JSON
// and HTML, plus uploads served back by nginx (X-Accel-Redirect).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
	BASE, Client, USERS, RUN, signIn, assertJson, assertProblem, assertHtml, assertRedirect, createCustomer,
	inputValue, textOf,
} from '../lib/client.mjs';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]00:00)$/;

let sales, viewer, cust;
before(async () => {
	sales = await signIn(USERS.sales);
	viewer = await signIn(USERS.viewer);
	cust = await createCustomer(sales, { name: `Subres Family ${RUN}`, email: `subres.${RUN}@example.com` });
});

// What each sub-resource is made of: a valid record, a change, an invalid
// record with the fields that must be flagged, and a form (urlencoded).
const KINDS = {
	contacts: {
		valid: () => ({
			name: `Dana Homeowner ${RUN}`, title: 'Homeowner', email: `dana.${RUN}@example.com`, phone: '612-555-0142',
			preferred_channel: 'sms', do_not_contact: false, best_time: 'weekdays after 5pm', is_primary: true, notes: 'Has a dog.',
		}),
		change: { title: 'Co-owner', preferred_channel: 'phone' },
		invalid: { name: '', email: 'nope', preferred_channel: 'pigeon' },
		invalidFields: ['name', 'email', 'preferred_channel'],
		form: () => ({ name: `Form Contact ${RUN}`, title: 'Tenant', email: '', phone: '', preferred_channel: 'email', best_time: '', notes: '' }),
		label: (x) => x.name,
	},
	properties: {
		valid: () => ({
			name: `Lake House ${RUN}`, type: 'house', line1: '12 Shore Rd', line2: '', city: 'Excelsior', region: 'MN',
			postal_code: '55331', country: 'US', access_notes: 'Gate code 4412; dog in the yard', rooms: ['Kitchen', 'Theater', 'Primary bedroom'],
		}),
		change: { type: 'condo', rooms: ['Kitchen'] },
		invalid: { name: '', type: 'castle', rooms: [1, 2] },
		invalidFields: ['name', 'type', 'rooms'],
		form: () => ({ name: `Form Property ${RUN}`, type: 'apartment', line1: '1 Elm St', city: 'Edina', rooms: 'Living room, Office' }),
		label: (x) => x.name,
	},
	communications: {
		valid: () => ({
			kind: 'call', direction: 'inbound', occurred_at: '2026-03-14T09:30:00Z', subject: `Asked about Sonos ${RUN}`,
			body: 'Wants a quote for 4 zones.',
		}),
		change: { subject: `Asked about Sonos (edited) ${RUN}`, direction: 'outbound' },
		invalid: { kind: 'fax', subject: '', occurred_at: 'yesterday' },
		invalidFields: ['kind', 'subject', 'occurred_at'],
		form: () => ({ kind: 'note', direction: 'internal', subject: `Form note ${RUN}`, body: 'From the form', occurred_at: '2026-03-15T10:00' }),
		label: (x) => x.subject,
	},
};

for (const [sub, k] of Object.entries(KINDS)) {
	describe(sub, () => {
		let rec;

		test(`POST /customers/:id/${sub} (JSON) → 201 + Location /${sub}/:id`, async () => {
			const v = k.valid();
			const r = await sales.postJson(`/customers/${cust.id}/${sub}`, v);
			rec = assertJson(r, 201);
			assert.equal(r.headers.get('location'), `/${sub}/${rec.id}`);
			assert.equal(rec.customer_id, cust.id);
			assert.equal(rec.version, 1);
			assert.match(rec.created_at, RFC3339);
			for (const [f, val] of Object.entries(v)) {
				if (f === 'occurred_at') assert.equal(Date.parse(rec[f]), Date.parse(val), f);
				else assert.deepEqual(rec[f], val, f);
			}
		});

		test(`GET /${sub}/:id (JSON, HTML)`, async () => {
			const j = assertJson(await sales.getJson(`/${sub}/${rec.id}`), 200);
			assert.equal(j.id, rec.id);
			const html = assertHtml(await sales.getHtml(`/${sub}/${rec.id}`), 200);
			assert.ok(textOf(html).includes(k.label(rec)), `the ${sub} page does not show ${k.label(rec)}`);
			assert.ok(html.includes(`href="/customers/${cust.id}"`), `the ${sub} page does not link back to its customer`);
			assert.ok(assertHtml(await viewer.getHtml(`/${sub}/${rec.id}`), 200));
		});

		test(`GET /customers/:id/${sub} and /${sub} list it`, async () => {
			const l = assertJson(await sales.getJson(`/customers/${cust.id}/${sub}`), 200);
			assert.ok(Array.isArray(l.items) && 'next' in l);
			assert.ok(l.items.some((i) => i.id === rec.id));
			const all = assertJson(await sales.getJson(`/${sub}?q=${encodeURIComponent(RUN)}&limit=200`), 200);
			assert.ok(all.items.some((i) => i.id === rec.id), `/${sub}?q= does not find it`);
			assertHtml(await sales.getHtml(`/customers/${cust.id}/${sub}`), 200);
			assertHtml(await sales.getHtml(`/${sub}`), 200);
			assertProblem(await sales.getJson(`/customers/999999999/${sub}`), 404);
		});

		test(`the customer record includes it`, async () => {
			const c = assertJson(await sales.getJson(`/customers/${cust.id}`), 200);
			assert.ok(c[sub].some((i) => i.id === rec.id), `customer.${sub} lacks ${rec.id}`);
			const html = assertHtml(await sales.getHtml(`/customers/${cust.id}`), 200);
			assert.ok(textOf(html).includes(k.label(rec)), `the customer page does not show ${k.label(rec)}`);
		});

		test(`PATCH /${sub}/:id with version → 200; stale → 409 with current`, async () => {
			const u = assertJson(await sales.patchJson(`/${sub}/${rec.id}`, { ...k.change, version: rec.version }), 200);
			assert.equal(u.version, rec.version + 1);
			for (const [f, val] of Object.entries(k.change)) assert.deepEqual(u[f], val, f);
			const p = assertProblem(await sales.patchJson(`/${sub}/${rec.id}`, { ...k.valid(), version: rec.version }), 409);
			assert.equal(p.current?.version, u.version);
			const back = assertJson(await sales.getJson(`/${sub}/${rec.id}`), 200);
			for (const [f, val] of Object.entries(k.change)) assert.deepEqual(back[f], val, `${f} overwritten by a stale write`);
			rec = back;
		});

		test(`validation: 422 with per-field errors (JSON); form again (HTML)`, async () => {
			const p = assertProblem(await sales.postJson(`/customers/${cust.id}/${sub}`, k.invalid), 422);
			for (const f of k.invalidFields) assert.ok(p.errors?.[f], `no errors.${f}: ${JSON.stringify(p.errors)}`);
			const formBad = Object.fromEntries(Object.entries(k.invalid).map(([f, v]) => [f, Array.isArray(v) ? v.join(',') : String(v)]));
			const r = await sales.postForm(`/customers/${cust.id}/${sub}`, { ...formBad, best_time: `keep ${RUN}` });
			const html = assertHtml(r, 422);
			assert.ok(inputValue(html, '_csrf'), 'the form again has no _csrf');
			const kept = Object.entries(formBad).find(([f, v]) => v && inputValue(html, f) !== null);
			if (kept) assert.equal(inputValue(html, kept[0]), kept[1], `${kept[0]} not kept`);
			for (const f of k.invalidFields) {
				if (f === 'rooms') continue;   // "1,2" is a fine list in a form
				assert.match(html, new RegExp(`id="f-${f}-error"`), `no message by the ${f} field`);
			}
		});

		test(`HTML: new form, create by form → 303, edit form, update by form`, async () => {
			const nf = assertHtml(await sales.getHtml(`/customers/${cust.id}/${sub}/new`), 200);
			assert.match(nf, new RegExp(`<form\\b[^>]*\\baction="/customers/${cust.id}/${sub}"`));
			assert.ok(inputValue(nf, '_csrf'));
			const form = k.form();
			const r = await sales.postForm(`/customers/${cust.id}/${sub}`, form);
			const loc = assertRedirect(r, 303);
			assert.ok(loc.startsWith('/'), loc);
			const page = assertHtml(await sales.getHtml(loc), 200);
			assert.ok(textOf(page).includes(k.label(form)), `after the form, ${loc} does not show ${k.label(form)}`);
			const ef = assertHtml(await sales.getHtml(`/${sub}/${rec.id}/edit`), 200);
			assert.equal(inputValue(ef, 'version'), String(rec.version));
			assert.equal(inputValue(ef, '_method'), 'PATCH');
			const fields = { _method: 'PATCH', version: String(rec.version) };
			for (const [f, v] of Object.entries(k.change)) fields[f] = Array.isArray(v) ? v.join(', ') : String(v);
			fields[sub === 'communications' ? 'subject' : 'name'] = `${k.label(rec)} v2`;
			const u = await sales.postForm(`/${sub}/${rec.id}`, fields);
			assertRedirect(u, 303);
			const back = assertJson(await sales.getJson(`/${sub}/${rec.id}`), 200);
			assert.equal(k.label(back), `${k.label(rec)} v2`);
			rec = back;
		});

		test(`viewer cannot write ${sub}`, async () => {
			assertProblem(await viewer.postJson(`/customers/${cust.id}/${sub}`, k.valid()), 403);
			assertProblem(await viewer.patchJson(`/${sub}/${rec.id}`, { ...k.change, version: rec.version }), 403);
			assertProblem(await viewer.deleteJson(`/${sub}/${rec.id}`), 403);
			assert.equal((await viewer.getHtml(`/customers/${cust.id}/${sub}/new`)).status, 403);
		});

		test(`DELETE /${sub}/:id archives: off the lists, still readable`, async () => {
			const a = assertJson(await sales.deleteJson(`/${sub}/${rec.id}`), 200);
			assert.match(a.archived_at, RFC3339);
			const l = assertJson(await sales.getJson(`/customers/${cust.id}/${sub}`), 200);
			assert.ok(!l.items.some((i) => i.id === rec.id), 'archived still listed');
			const c = assertJson(await sales.getJson(`/customers/${cust.id}`), 200);
			assert.ok(!c[sub].some((i) => i.id === rec.id), 'archived still on the customer');
			assertJson(await sales.getJson(`/${sub}/${rec.id}`), 200);
		});
	});
}

describe('communications: links to the customer\'s own contact and property only', () => {
	test('a contact of another customer → 422', async () => {
		const other = await createCustomer(sales, { name: `Other Family ${RUN}` });
		const oc = assertJson(await sales.postJson(`/customers/${other.id}/contacts`, { name: `Other contact ${RUN}` }), 201);
		const op = assertJson(await sales.postJson(`/customers/${other.id}/properties`, { name: `Other home ${RUN}` }), 201);
		const p = assertProblem(await sales.postJson(`/customers/${cust.id}/communications`, {
			kind: 'call', subject: `Wrong contact ${RUN}`, contact_id: oc.id, property_id: op.id,
		}), 422);
		assert.ok(p.errors.contact_id && p.errors.property_id, JSON.stringify(p.errors));
		const mine = assertJson(await sales.postJson(`/customers/${cust.id}/contacts`, { name: `My contact ${RUN}` }), 201);
		const m = assertJson(await sales.postJson(`/customers/${cust.id}/communications`, {
			kind: 'email', subject: `Right contact ${RUN}`, contact_id: mine.id,
		}), 201);
		assert.equal(m.contact_id, mine.id);
	});

	test('only one primary contact per customer', async () => {
		const c = await createCustomer(sales, { name: `Primary Family ${RUN}` });
		const a = assertJson(await sales.postJson(`/customers/${c.id}/contacts`, { name: `First ${RUN}`, is_primary: true }), 201);
		assertJson(await sales.postJson(`/customers/${c.id}/contacts`, { name: `Second ${RUN}`, is_primary: true }), 201);
		assert.equal(assertJson(await sales.getJson(`/contacts/${a.id}`), 200).is_primary, false);
		const list = assertJson(await sales.getJson(`/customers/${c.id}/contacts`), 200).items;
		assert.equal(list.filter((x) => x.is_primary).length, 1);
	});
});

describe('documents', () => {
	// Bytes no text codec would keep: every byte value, twice, plus a tail.
	const bytes = new Uint8Array(512 + 1000);
	for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
	const sha = createHash('sha256').update(bytes).digest('hex');
	let doc;

	function upload(client, { title = `Wiring diagram ${RUN}`, body = bytes, filename = `wiring-${RUN}.pdf`, type = 'application/pdf', extra = {} } = {}) {
		const fd = new FormData();
		if (title !== null) fd.append('title', title);
		for (const [k, v] of Object.entries(extra)) fd.append(k, v);
		if (body !== null) fd.append('file', new Blob([body], { type }), filename);
		return client.postMultipart(`/customers/${cust.id}/documents`, fd);
	}

	test('upload (multipart) → 201 + Location /documents/:id', async () => {
		const r = await upload(sales);
		doc = assertJson(r, 201);
		assert.equal(r.headers.get('location'), `/documents/${doc.id}`);
		assert.equal(doc.size_bytes, bytes.length);
		assert.equal(doc.sha256, sha);
		assert.equal(doc.filename, `wiring-${RUN}.pdf`);
		assert.equal(doc.content_type, 'application/pdf');
		assert.equal(doc.title, `Wiring diagram ${RUN}`);
	});

	test('download returns the identical bytes, as an attachment, served by nginx', async () => {
		const r = await sales.fetch(`/documents/${doc.id}/download`);
		assert.equal(r.status, 200);
		const got = new Uint8Array(await r.arrayBuffer());
		assert.equal(got.length, bytes.length, 'length differs');
		assert.equal(createHash('sha256').update(got).digest('hex'), sha, 'the bytes differ');
		assert.equal(r.headers.get('x-accel-redirect'), null, 'X-Accel-Redirect leaked to the client');
		assert.match(r.headers.get('content-disposition') || '', /^attachment;/);
		assert.match(r.headers.get('content-type') || '', /^application\/pdf/);
		assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
		// Signed out, the file is not served.
		const anon = await new Client().fetch(`/documents/${doc.id}/download`, { accept: 'application/json' });
		assert.equal(anon.status, 401);
		// The internal location cannot be reached directly.
		const direct = await sales.fetch(`/_files/${sha.slice(0, 2)}/${sha.slice(2)}`);
		assert.equal(direct.status, 404);
		await direct.arrayBuffer();
	});

	test('listed on the customer, with its own page', async () => {
		const c = assertJson(await sales.getJson(`/customers/${cust.id}`), 200);
		assert.ok(c.documents.some((d) => d.id === doc.id));
		const l = assertJson(await sales.getJson(`/customers/${cust.id}/documents`), 200);
		assert.ok(l.items.some((d) => d.id === doc.id));
		const page = assertHtml(await sales.getHtml(`/documents/${doc.id}`), 200);
		assert.ok(page.includes(`/documents/${doc.id}/download`), 'no download link on the document page');
		const cp = assertHtml(await sales.getHtml(`/customers/${cust.id}`), 200);
		assert.ok(textOf(cp).includes(`Wiring diagram ${RUN}`), 'the customer page does not list the document');
		assertHtml(await sales.getHtml(`/customers/${cust.id}/documents`), 200);
	});

	test('HTML content is never served as HTML', async () => {
		const evil = new TextEncoder().encode('<script>alert(1)</script>');
		const d = assertJson(await upload(sales, { title: `Evil ${RUN}`, body: evil, filename: 'evil.html', type: 'text/html' }), 201);
		const r = await sales.fetch(`/documents/${d.id}/download`);
		assert.equal(r.status, 200);
		assert.doesNotMatch(r.headers.get('content-type') || '', /html|svg|javascript/i);
		assert.match(r.headers.get('content-disposition') || '', /^attachment;/);
		assert.equal(await r.text(), '<script>alert(1)</script>');
	});

	test('a hostile file name is neutralised in Content-Disposition', async () => {
		const d = assertJson(await upload(sales, { body: new Uint8Array([1, 2, 3]), filename: '..\\..\\"evil"; x=.pdf' }), 201);
		assert.ok(!d.filename.includes('/') && !d.filename.includes('\\'), `stored path in filename: ${d.filename}`);
		const r = await sales.fetch(`/documents/${d.id}/download`);
		const cd = r.headers.get('content-disposition') || '';
		assert.match(cd, /^attachment; filename="[^"]*"(; filename\*=UTF-8''\S+)?$/, cd);
		await r.arrayBuffer();
	});

	test('no file / empty file → 422 errors.file', async () => {
		let p = assertProblem(await upload(sales, { body: null }), 422);
		assert.ok(p.errors.file);
		p = assertProblem(await upload(sales, { body: new Uint8Array(0) }), 422);
		assert.ok(p.errors.file);
	});

	test('rename (PATCH title) and archive', async () => {
		const u = assertJson(await sales.patchJson(`/documents/${doc.id}`, { title: `Wiring v2 ${RUN}`, version: doc.version }), 200);
		assert.equal(u.title, `Wiring v2 ${RUN}`);
		assertProblem(await sales.patchJson(`/documents/${doc.id}`, { title: 'stale', version: doc.version }), 409);
		assertProblem(await viewer.deleteJson(`/documents/${doc.id}`), 403);
		const a = assertJson(await sales.deleteJson(`/documents/${doc.id}`), 200);
		assert.ok(a.archived_at);
		const l = assertJson(await sales.getJson(`/customers/${cust.id}/documents`), 200);
		assert.ok(!l.items.some((d) => d.id === doc.id));
	});

	test('upload without CSRF → 403; as viewer → 403', async () => {
		const fd = new FormData();
		fd.append('file', new Blob([bytes]), 'x.bin');
		assertProblem(await sales.postMultipart(`/customers/${cust.id}/documents`, fd, { csrf: false }), 403);
		const fd2 = new FormData();
		fd2.append('file', new Blob([bytes]), 'x.bin');
		assertProblem(await viewer.postMultipart(`/customers/${cust.id}/documents`, fd2), 403);
	});

	test('too large: over the responder\'s limit → 413 problem+json', async () => {
		const big = new Uint8Array(25 * 1024 * 1024 + 512 * 1024);   // 25.5 MiB: nginx passes it, the responder refuses
		const r = await upload(sales, { body: big, filename: 'big.bin', type: 'application/octet-stream' });
		assertProblem(r, 413);
	});

	test('too large: over nginx\'s limit → 413 before the body is read', async () => {
		// node:http, so the early answer is read while the body is still being sent.
		const size = 27 * 1024 * 1024;
		const boundary = `----hearth${RUN}`;
		const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
		const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
		const status = await new Promise((resolve, reject) => {
			const u = new URL(`${BASE}/customers/${cust.id}/documents`);
			const req = http.request({
				host: u.hostname, port: u.port, path: u.pathname, method: 'POST',
				headers: {
					'Content-Type': `multipart/form-data; boundary=${boundary}`,
					'Content-Length': head.length + size + tail.length,
					Accept: 'application/json', Cookie: sales.cookieHeader(), 'X-CSRF-Token': sales.csrf,
				},
			}, (res) => { res.resume(); resolve(res.statusCode); });
			req.on('error', (e) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
			req.write(head);
			const chunk = Buffer.alloc(1024 * 1024);
			let sent = 0;
			const pump = () => {
				while (sent < size) {
					sent += chunk.length;
					if (!req.write(chunk)) { req.once('drain', pump); return; }
				}
				req.end(tail);
			};
			pump();
			setTimeout(() => reject(new Error('no answer in 20 s')), 20000).unref();
		});
		assert.equal(status, 413);
	});
});

// Undoing an archive: POST /<sub>/:id/restore, like POST /customers/:id/restore.
describe('restore: contacts, properties, communications, documents', () => {
	const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/+$/, '');
	const SUBS = {
		contacts: { entity: 'contact', flash: 'Contact restored.', make: (cid, n) => sales.postJson(`/customers/${cid}/contacts`, { name: `Undo contact ${n} ${RUN}` }) },
		properties: { entity: 'property', flash: 'Property restored.', make: (cid, n) => sales.postJson(`/customers/${cid}/properties`, { name: `Undo home ${n} ${RUN}` }) },
		communications: { entity: 'communication', flash: 'Communication restored.', make: (cid, n) => sales.postJson(`/customers/${cid}/communications`, { kind: 'note', subject: `Undo note ${n} ${RUN}` }) },
		documents: {
			entity: 'document', flash: 'Document restored.', make: (cid, n) => {
				const fd = new FormData();
				fd.append('title', `Undo doc ${n} ${RUN}`);
				fd.append('file', new Blob([`undo ${n} ${RUN}`], { type: 'text/plain' }), `undo-${n}.txt`);
				return sales.postMultipart(`/customers/${cid}/documents`, fd);
			},
		},
	};
	let rc;

	before(async () => {
		rc = await createCustomer(sales, { name: `Restore Family ${RUN}` });
	});

	// The latest audit row and outbox event of a record, read as the database owner.
	function sql(query) {
		return execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', query], { encoding: 'utf8' }).trim();
	}
	function lastAudit(entity, id) {
		assert.ok(Number.isInteger(id) && /^[a-z]+$/.test(entity));
		return sql(`SELECT id || '|' || action FROM core.audit WHERE entity = '${entity}' AND entity_id = ${id} ORDER BY id DESC LIMIT 1`);
	}
	function lastEvent(entity, id) {
		return sql(`SELECT event FROM core.outbox WHERE event LIKE '${entity}.%' AND entity_id = ${id} ORDER BY id DESC LIMIT 1`);
	}
	async function listed(sub, cid, id) {
		const l = assertJson(await sales.getJson(`/customers/${cid}/${sub}?limit=200`), 200);
		return l.items.some((i) => i.id === id);
	}

	for (const [sub, k] of Object.entries(SUBS)) {
		test(`${sub}: archive, then POST /${sub}/:id/restore (JSON) → 200, listed again, audited`, async () => {
			const rec = assertJson(await k.make(rc.id, 'json'), 201);
			const a = assertJson(await sales.deleteJson(`/${sub}/${rec.id}`), 200);
			assert.match(a.archived_at, RFC3339);
			assert.ok(!(await listed(sub, rc.id, rec.id)), 'archived still listed');
			const r = assertJson(await sales.postJson(`/${sub}/${rec.id}/restore`, {}), 200);
			assert.equal(r.id, rec.id);
			assert.equal(r.archived_at, null);
			assert.equal(r.version, a.version + 1);
			assert.ok(await listed(sub, rc.id, rec.id), 'restored but not listed');
			assert.equal(assertJson(await sales.getJson(`/${sub}/${rec.id}`), 200).archived_at, null);
			const audit = lastAudit(k.entity, rec.id);
			assert.match(audit, new RegExp(`^\\d+\\|${k.entity}\\.restore$`), `audit: ${audit}`);
			assert.equal(lastEvent(k.entity, rec.id), `${k.entity}.restored`);
			// Restoring what is not archived changes nothing.
			const again = assertJson(await sales.postJson(`/${sub}/${rec.id}/restore`, {}), 200);
			assert.equal(again.archived_at, null);
			assert.equal(again.version, r.version, 'a no-op restore bumped the version');
			assert.equal(lastAudit(k.entity, rec.id), audit, 'a no-op restore wrote an audit row');
		});

		test(`${sub}: archive and restore through the HTML forms`, async () => {
			const rec = assertJson(await k.make(rc.id, 'form'), 201);
			assertRedirect(await sales.postForm(`/${sub}/${rec.id}`, { _method: 'DELETE' }), 303);
			const page = assertHtml(await sales.getHtml(`/${sub}/${rec.id}`), 200);
			assert.ok(textOf(page).includes('Archived on'), 'no "Archived on" notice');
			assert.match(page, new RegExp(`<form\\b[^>]*action="/${sub}/${rec.id}/restore"`), 'no restore form');
			assert.ok(!page.includes('name="_method" value="DELETE"'), 'an archived record still offers Archive');
			const vp = assertHtml(await viewer.getHtml(`/${sub}/${rec.id}`), 200);
			assert.ok(!vp.includes(`/${sub}/${rec.id}/restore`), 'a viewer is offered restore');
			assert.equal(assertRedirect(await sales.postForm(`/${sub}/${rec.id}/restore`, {}), 303), `/${sub}/${rec.id}`);
			const after = assertHtml(await sales.getHtml(`/${sub}/${rec.id}`), 200);
			assert.ok(textOf(after).includes(k.flash), `no "${k.flash}" flash`);
			assert.ok(!textOf(after).includes('Archived on'), 'still shows the archived notice');
			assert.match(after, new RegExp(`<form\\b[^>]*action="/${sub}/${rec.id}"`), 'no archive form after the restore');
			assert.equal(assertJson(await sales.getJson(`/${sub}/${rec.id}`), 200).archived_at, null);
			assert.match(lastAudit(k.entity, rec.id), new RegExp(`\\|${k.entity}\\.restore$`));
		});

		test(`${sub}: restore of an unknown id → 404; as viewer → 403; without CSRF → 403`, async () => {
			assertProblem(await sales.postJson(`/${sub}/999999999/restore`, {}), 404);
			assertHtml(await sales.postForm(`/${sub}/999999999/restore`, {}), 404);
			const rec = assertJson(await k.make(rc.id, 'perm'), 201);
			assertJson(await sales.deleteJson(`/${sub}/${rec.id}`), 200);
			assertProblem(await viewer.postJson(`/${sub}/${rec.id}/restore`, {}), 403);
			assertProblem(await sales.postJson(`/${sub}/${rec.id}/restore`, {}, { csrf: false }), 403);
			assert.ok(assertJson(await sales.getJson(`/${sub}/${rec.id}`), 200).archived_at, 'restored despite 403');
		});
	}

	test('under an archived customer: 422 "Restore the customer first", then restorable', async () => {
		const c = await createCustomer(sales, { name: `Gone Family ${RUN}` });
		const recs = {};
		for (const [sub, k] of Object.entries(SUBS)) {
			recs[sub] = assertJson(await k.make(c.id, 'gone'), 201);
			assertJson(await sales.deleteJson(`/${sub}/${recs[sub].id}`), 200);
		}
		assertJson(await sales.deleteJson(`/customers/${c.id}`), 200);
		for (const [sub, k] of Object.entries(SUBS)) {
			const id = recs[sub].id;
			const before = lastAudit(k.entity, id);
			const p = assertProblem(await sales.postJson(`/${sub}/${id}/restore`, {}), 422, `${sub}`);
			assert.match(p.detail, /Restore the customer first/, p.detail);
			const html = assertHtml(await sales.postForm(`/${sub}/${id}/restore`, {}), 422, `${sub} form`);
			assert.ok(textOf(html).includes('Restore the customer first'), `${sub}: the 422 page does not say why`);
			assert.ok(assertJson(await sales.getJson(`/${sub}/${id}`), 200).archived_at, `${sub} restored under an archived customer`);
			assert.equal(lastAudit(k.entity, id), before, `${sub}: a refused restore wrote an audit row`);
		}
		assertJson(await sales.postJson(`/customers/${c.id}/restore`, {}), 200);
		for (const [sub, k] of Object.entries(SUBS)) {
			const r = assertJson(await sales.postJson(`/${sub}/${recs[sub].id}/restore`, {}), 200);
			assert.equal(r.archived_at, null, sub);
			assert.match(lastAudit(k.entity, recs[sub].id), new RegExp(`\\|${k.entity}\\.restore$`));
		}
	});
});
