// The audit log: a change shows up in /auth/audit with who, when, from
// where, before/after and the request id nginx answered with; failed
// sign-ins are logged; filters, keyset pages and CSV work; and `hearthctl
// audit verify` catches an edited row (on the live log, restored at once)
// and a deleted one (on a copy: the dev chain is never left broken).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
	Client, USERS, RUN, signIn, loginFormToken, assertJson, assertProblem, assertHtml, createCustomer,
	parseCsv, textOf, decodeEntities,
} from '../lib/client.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOCKET_DIR = path.join(ROOT, 'var/run');

/** psql as the owner (the role that may touch the log); { ok, out, err }. */
function psqlOwner(sql) {
	const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1',
		`host=${SOCKET_DIR} dbname=hearth user=hearth`, '-c', sql], { encoding: 'utf8' });
	if (r.error) throw r.error;
	assert.equal(r.status, 0, `psql: ${sql}: ${r.stderr}`);
	return r.stdout.trim();
}

/** tools/hearthctl audit verify [args], from the tree the stack runs in. */
function verify(...args) {
	const r = spawnSync(path.join(ROOT, 'tools/hearthctl'), ['audit', 'verify', ...args],
		{ cwd: ROOT, encoding: 'utf8', timeout: 120000 });
	if (r.error) throw r.error;
	return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

// Company-local date (the audit filters' days are the company's time zone,
// "timezone" in var/hearth.conf).
const COMPANY_TZ = (/^timezone\s*=\s*(\S+)/m.exec(readFileSync(path.join(ROOT, 'var/hearth.conf'), 'utf8')) || [])[1] || 'UTC';
function companyDate(offsetDays = 0) {
	const tz = COMPANY_TZ;
	const d = new Date(Date.now() + offsetDays * 86400000);
	return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

let admin, sales, salesId;
let customer, createReqId, updateReqId;
const name1 = `Audit Subject ${RUN}`;
const name2 = `Audit Subject Renamed ${RUN}`;

before(async () => {
	[admin, sales] = await Promise.all([signIn(USERS.admin), signIn(USERS.sales)]);
	salesId = (await sales.getJson('/auth/me')).body.id;
	const r = await sales.postJson('/customers', { name: name1, kind: 'residential', notes: 'before' });
	customer = assertJson(r, 201, 'create');
	createReqId = r.headers.get('x-request-id');
	const u = await sales.patchJson(`/customers/${customer.id}`, { name: name2, version: customer.version });
	assertJson(u, 200, 'update');
	updateReqId = u.headers.get('x-request-id');
	assert.ok(createReqId && updateReqId, 'nginx answers with X-Request-Id');
});

after(async () => {
	if (customer) await sales.deleteJson(`/customers/${customer.id}`);
});

describe('a change in the log', () => {
	test('the create and the update are listed for the customer, newest first, with request ids', async () => {
		const r = await admin.getJson(`/auth/audit?entity=customer&entity_id=${customer.id}`);
		const body = assertJson(r, 200);
		const actions = body.items.map((i) => i.action);
		assert.deepEqual(actions, ['customer.update', 'customer.create']);
		const [upd, crt] = body.items;
		assert.equal(upd.request_id, updateReqId, 'the update row carries the X-Request-Id the client saw');
		assert.equal(crt.request_id, createReqId);
		assert.equal(upd.user_id, salesId);
		assert.equal(upd.actor, USERS.sales);
		assert.equal(upd.user_name.length > 0, true);
		assert.match(upd.client_ip, /^(127\.0\.0\.1|::1)$/);
		assert.equal(upd.entity_href, `/customers/${customer.id}`);
		assert.match(upd.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		assert.equal(upd.before.name, name1);
		assert.equal(upd.after.name, name2);
		assert.equal(crt.before, null);
		assert.equal(crt.after.name, name1);
	});

	test('GET /auth/audit/:id: before/after and a per-field diff (JSON)', async () => {
		const list = (await admin.getJson(`/auth/audit?entity=customer&entity_id=${customer.id}&action=customer.update`)).body;
		const id = list.items[0].id;
		const r = assertJson(await admin.getJson(`/auth/audit/${id}`), 200);
		assert.equal(r.id, id);
		assert.equal(r.request_id, updateReqId);
		assert.equal(r.before.name, name1);
		assert.equal(r.after.name, name2);
		const byField = Object.fromEntries(r.diff.map((d) => [d.field, d]));
		assert.equal(byField.name.changed, true);
		assert.equal(byField.name.before, name1);
		assert.equal(byField.name.after, name2);
		assert.equal(byField.notes.changed, false);
		assert.equal(byField.version.changed, true);
		assert.match(r.hash, /^[0-9a-f]{64}$/);
		assert.match(r.prev_hash, /^[0-9a-f]{64}$/);
	});

	test('the HTML pages: the row in the list, the diff on its page', async () => {
		const listHtml = assertHtml(await admin.getHtml(`/auth/audit?entity=customer&entity_id=${customer.id}`), 200);
		assert.ok(listHtml.includes(updateReqId), 'request id shown');
		assert.ok(listHtml.includes(`href="/customers/${customer.id}"`), 'entity link');
		assert.ok(listHtml.includes('customer.update'));
		const m = /href="\/auth\/audit\/(\d+)"/.exec(listHtml);
		assert.ok(m, 'a link to the entry');
		const page = assertHtml(await admin.getHtml(`/auth/audit/${m[1]}`), 200);
		const text = textOf(page);
		assert.ok(page.includes(`<del>${name1}</del>`), 'old value struck through');
		assert.ok(page.includes(`<ins>${name2}</ins>`), 'new value marked');
		assert.ok(text.includes(updateReqId));
		assert.ok(text.includes(USERS.sales));
		// the company's time, with its offset (America/Chicago: -05:00 or -06:00)
		assert.match(page, /<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d">/);
	});

	test('404 for an entry that does not exist', async () => {
		assertProblem(await admin.getJson('/auth/audit/999999999999'), 404);
		assertProblem(await admin.getJson('/auth/audit/abc'), 404);
	});
});

describe('sign-ins in the log', () => {
	test('a failed sign-in is an auth.login_failed row with its request id', async () => {
		const c = new Client();
		const token = await loginFormToken(c);
		const r = await c.postForm('/auth/login', { email: `nobody-${RUN}@example.invalid`, password: 'wrong password here', _csrf: token });
		assert.equal(r.status, 401);
		const reqId = r.headers.get('x-request-id');
		const list = assertJson(await admin.getJson('/auth/audit?action=auth.login_failed&limit=50'), 200);
		const row = list.items.find((i) => i.request_id === reqId);
		assert.ok(row, `no auth.login_failed row with request id ${reqId}`);
		assert.equal(row.user_id, null);
		assert.ok(row.client_ip);
	});

	test('a sign-in is an auth.login row for the user', async () => {
		const list = assertJson(await admin.getJson(`/auth/audit?action=auth.login&user=${encodeURIComponent(USERS.sales)}`), 200);
		assert.ok(list.items.length > 0);
		for (const i of list.items) {
			assert.equal(i.user_id, salesId);
			assert.ok(i.action.startsWith('auth.login'));
		}
		const login = list.items.find((i) => i.action === 'auth.login');
		assert.equal(login.entity_href, `/auth/users/${salesId}`);
	});
});

describe('filters, pages, CSV', () => {
	test('action is a prefix; user by email or id', async () => {
		const byPrefix = assertJson(await admin.getJson('/auth/audit?action=customer.&limit=100'), 200);
		assert.ok(byPrefix.items.length > 0);
		for (const i of byPrefix.items) assert.ok(i.action.startsWith('customer.'), i.action);
		// LIKE metacharacters are literal: "customer_" matches nothing
		const none = assertJson(await admin.getJson('/auth/audit?action=customer_'), 200);
		assert.equal(none.items.length, 0);
		const byEmail = assertJson(await admin.getJson(`/auth/audit?user=${encodeURIComponent(USERS.sales)}&limit=100`), 200);
		const byId = assertJson(await admin.getJson(`/auth/audit?user=${salesId}&limit=100`), 200);
		assert.ok(byEmail.items.length > 0);
		assert.deepEqual(byEmail.items.map((i) => i.id), byId.items.map((i) => i.id));
		for (const i of byId.items) assert.equal(i.user_id, salesId);
	});

	test('from/to are company days, inclusive', async () => {
		const q = `entity=customer&entity_id=${customer.id}`;
		const today = companyDate(0), tomorrow = companyDate(1), yesterday = companyDate(-1);
		assert.equal(assertJson(await admin.getJson(`/auth/audit?${q}&from=${today}&to=${today}`), 200).items.length, 2);
		assert.equal(assertJson(await admin.getJson(`/auth/audit?${q}&from=${tomorrow}`), 200).items.length, 0);
		assert.equal(assertJson(await admin.getJson(`/auth/audit?${q}&to=${yesterday}`), 200).items.length, 0);
	});

	test('bad filters → 422 with a message per field (and the form again in HTML)', async () => {
		const r = await admin.getJson('/auth/audit?from=2026-13-01&to=yesterday&action=DROP%20TABLE&entity_id=-1');
		const body = assertProblem(r, 422);
		for (const f of ['from', 'to', 'action', 'entity_id']) assert.ok(body.errors[f], `no error for ${f}`);
		const reversed = assertProblem(await admin.getJson('/auth/audit?from=2026-02-02&to=2026-02-01'), 422);
		assert.ok(reversed.errors.to);
		const html = await admin.getHtml('/auth/audit?from=2026-13-01');
		assert.equal(html.status, 422);
		assert.match(html.text, /id="f-from-error"/);
		assert.match(html.text, /value="2026-13-01"/);
	});

	test('keyset pages walk (at, id) newest first without gaps or repeats', async () => {
		// Enough rows for four pages of 7 and a paged CSV, on a new database too
		// (rows of their own action, written through the chain trigger).
		psqlOwner(`INSERT INTO core.audit (action, actor) SELECT 'test.audit_page', 'audit.test'
			FROM generate_series(1, GREATEST(3, 40 - (SELECT count(*) FROM core.audit)::int))`);
		const all = assertJson(await admin.getJson('/auth/audit?limit=30'), 200).items;
		const seen = [];
		let url = '/auth/audit?limit=7';
		for (let i = 0; i < 4; i++) {
			const page = assertJson(await admin.getJson(url), 200);
			seen.push(...page.items);
			assert.ok(page.next, 'a next cursor');
			url = `/auth/audit?limit=7&after=${encodeURIComponent(page.next)}`;
		}
		// New rows may arrive meanwhile (other tests): compare from the first common id.
		const ids = seen.map((i) => i.id);
		assert.equal(new Set(ids).size, ids.length, 'a row repeated across pages');
		// (at is shown to the second; the order is by the stored microseconds, then id)
		for (let i = 1; i < seen.length; i++) {
			const a = seen[i - 1], b = seen[i];
			assert.ok(a.at >= b.at, `order broken at ${a.id} (${a.at}) → ${b.id} (${b.at})`);
		}
		const start = all.findIndex((x) => x.id === ids[0]);
		if (start >= 0) {
			const want = all.slice(start, start + ids.length).map((x) => x.id);
			assert.deepEqual(ids.slice(0, want.length), want);
		}
		assertProblem(await admin.getJson('/auth/audit?after=not-a-cursor'), 422);
	});

	test('CSV export: the filtered rows with before/after and request ids', async () => {
		const r = await admin.fetch(`/auth/audit?format=csv&entity=customer&entity_id=${customer.id}`);
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/csv/);
		assert.match(r.headers.get('content-disposition'), /filename="audit\.csv"/);
		const rows = parseCsv(await r.text());
		const head = rows[0];
		for (const col of ['id', 'at', 'actor', 'client_ip', 'request_id', 'action', 'entity', 'entity_id', 'before', 'after']) {
			assert.ok(head.includes(col), `CSV has no ${col} column`);
		}
		const data = rows.slice(1).map((row) => Object.fromEntries(head.map((h, i) => [h, row[i]])));
		assert.equal(data.length, 2);
		assert.equal(data[0].action, 'customer.update');
		assert.equal(data[0].request_id, updateReqId);
		assert.equal(JSON.parse(data[0].before).name, name1);
		assert.equal(JSON.parse(data[0].after).name, name2);
		assert.equal(data[1].request_id, createReqId);
		// more than a page: a Link header to the rest
		const paged = await admin.fetch('/auth/audit?format=csv&limit=2&action=test.audit_page');
		assert.match(paged.headers.get('link') || '', /^<\/auth\/audit\?.*after=[^>]+>; rel="next"$/);
		assert.match(paged.headers.get('link'), /action=test\.audit_page/);
	});

	test('the list page links to the CSV of the same filters', async () => {
		const html = assertHtml(await admin.getHtml(`/auth/audit?entity=customer&entity_id=${customer.id}`), 200);
		const m = /href="(\/auth\/audit\?format=csv[^"]*)"/.exec(html);
		assert.ok(m, 'no CSV link');
		const href = decodeEntities(m[1]);
		assert.ok(href.includes(`entity_id=${customer.id}`) && href.includes('entity=customer'), href);
	});
});

describe('hearthctl audit verify', () => {
	test('the live chain verifies', () => {
		const v = verify();
		assert.equal(v.status, 0, `${v.out} ${v.err}`);
		assert.match(v.out, /^audit chain ok \(\d+ rows\)$/);
	});

	test('an edited row is named (then restored, and the chain is whole again)', async () => {
		const list = assertJson(await admin.getJson(`/auth/audit?entity=customer&entity_id=${customer.id}&action=customer.create`), 200);
		const id = list.items[0].id;
		psqlOwner(`UPDATE core.audit SET after = after || '{"tampered": true}' WHERE id = ${id}`);
		let v;
		try {
			v = verify();
		} finally {
			psqlOwner(`UPDATE core.audit SET after = after - 'tampered' WHERE id = ${id}`);
		}
		assert.equal(v.status, 1, `verify passed a tampered row: ${v.out}`);
		assert.match(v.err, new RegExp(`row ${id}: its hash does not match its content`));
		const again = verify();
		assert.equal(again.status, 0, again.err);
		assert.match(again.out, /^audit chain ok/);
	});

	test('a deleted row breaks the link of the row after it (on a copy)', async () => {
		const schema = `audit_drill_${RUN}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
		psqlOwner(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.audit AS SELECT * FROM core.audit`);
		try {
			const whole = verify('--table', `${schema}.audit`);
			assert.equal(whole.status, 0, whole.err);
			// a row in the middle of the copy, and the one after it
			const [gone, next] = psqlOwner(`SELECT id FROM ${schema}.audit WHERE id >= (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY id) FROM ${schema}.audit) ORDER BY id LIMIT 2`).split('\n');
			psqlOwner(`DELETE FROM ${schema}.audit WHERE id = ${gone}`);
			const v = verify('--table', `${schema}.audit`);
			assert.equal(v.status, 1, `verify missed a deleted row: ${v.out}`);
			assert.match(v.err, new RegExp(`row ${next}: its prev_hash is not the hash of row \\d+ before it`));
			// the first rows gone: the new first row still points back
			psqlOwner(`DELETE FROM ${schema}.audit WHERE id < ${gone}`);
			const head = verify('--table', `${schema}.audit`);
			assert.equal(head.status, 1);
			assert.match(head.err, new RegExp(`row ${next}: the first row has a prev_hash`));
		} finally {
			psqlOwner(`DROP SCHEMA ${schema} CASCADE`);
		}
		assert.equal(verify().status, 0, 'the live chain is untouched');
	});

	test('bad arguments: exit 2', () => {
		const r = spawnSync(path.join(ROOT, 'tools/hearthctl'), ['audit', 'check'], { cwd: ROOT, encoding: 'utf8' });
		assert.equal(r.status, 2);
		const t = verify('--table', 'core.audit; DROP TABLE x');
		assert.equal(t.status, 2);
		assert.match(t.err, /--table wants schema\.table/);
	});
});
