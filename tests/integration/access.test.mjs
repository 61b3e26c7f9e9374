// Authorisation in one place, proven from outside:
// - each responder's PostgreSQL role holds its own grants only (psql child
//   processes connecting as hearth_customers, hearth_auth, ... to the
//   stack's socket): no reading another family's private tables, no
//   changing the audit log;
// - over HTTP, every unsafe route of the customers responder (walked from
//   its --routes table) refuses viewers and technicians (403), signed-out
//   clients (401, browsers 303) and requests without the CSRF token (403);
//   the admin pages refuse everyone but admins.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
	Client, USERS, signIn, loginFormToken, letters, digits, assertProblem, assertRedirect, assertJson, assertHtml,
} from '../lib/client.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOCKET_DIR = path.join(ROOT, 'var/run');
const RESPONDER_ROLES = ['hearth_auth', 'hearth_customers', 'hearth_projects', 'hearth_inventory',
	'hearth_service', 'hearth_sales', 'hearth_analytics'];

/**
 * Run sql (a string, or an array run one after another in one session)
 * through psql as role (no password: the socket is trusted); { ok, out, err }.
 */
function psqlAs(role, sql) {
	const cmds = (Array.isArray(sql) ? sql : [sql]).flatMap((s) => ['-c', s]);
	const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1',
		`host=${SOCKET_DIR} dbname=hearth user=${role}`, ...cmds], { encoding: 'utf8' });
	if (r.error) throw r.error;
	return { ok: r.status === 0, out: r.stdout.trim(), err: r.stderr.trim() };
}

function refused(role, sql, pattern = /permission denied/) {
	const r = psqlAs(role, sql);
	assert.equal(r.ok, false, `${role} could run: ${sql} → ${r.out}`);
	assert.match(r.err, pattern, `${role}: ${sql}`);
}

function allowed(role, sql) {
	const r = psqlAs(role, sql);
	assert.ok(r.ok, `${role} could not run: ${sql}: ${r.err}`);
	return r.out;
}

describe('SQL roles: least privilege', () => {
	test('the stack is reachable as each responder role', () => {
		for (const role of RESPONDER_ROLES) assert.equal(allowed(role, 'SELECT current_user'), role);
	});

	test('hearth_customers cannot read auth.users or auth.sessions', () => {
		refused('hearth_customers', 'SELECT email, password_hash FROM auth.users LIMIT 1');
		refused('hearth_customers', 'SELECT id FROM auth.sessions LIMIT 1');
		refused('hearth_customers', 'SELECT permission FROM auth.role_permissions LIMIT 1');
		// what it may see of users: names, through the view
		assert.ok(Number(allowed('hearth_customers', 'SELECT count(*) FROM auth.user_names')) > 0);
	});

	test('no family but auth reads auth.users', () => {
		for (const role of RESPONDER_ROLES.filter((r) => r !== 'hearth_auth')) {
			refused(role, 'SELECT 1 FROM auth.users LIMIT 1');
		}
		allowed('hearth_auth', 'SELECT 1 FROM auth.users LIMIT 1');
	});

	test('hearth_customers cannot read, change or empty core.audit', () => {
		refused('hearth_customers', 'SELECT count(*) FROM core.audit');
		refused('hearth_customers', "UPDATE core.audit SET action = 'x' WHERE id = 1");
		refused('hearth_customers', 'DELETE FROM core.audit WHERE id = 1');
		refused('hearth_customers', 'TRUNCATE core.audit');
	});

	test('no responder role may change the audit log; only auth reads it', () => {
		for (const role of RESPONDER_ROLES) {
			refused(role, "UPDATE core.audit SET after = '{}' WHERE id = 1");
			refused(role, 'DELETE FROM core.audit WHERE id = 1');
			refused(role, 'TRUNCATE core.audit');
			refused(role, 'UPDATE core.audit_head SET writer = NULL');
			if (role !== 'hearth_auth') refused(role, 'SELECT 1 FROM core.audit LIMIT 1');
		}
		allowed('hearth_auth', 'SELECT 1 FROM core.audit LIMIT 1');
	});

	test('responders write audit content only: id, at and the hashes are the database\'s', () => {
		// Rolled back: the insert is allowed, nothing stays.
		allowed('hearth_customers', "BEGIN; INSERT INTO core.audit (action, actor) VALUES ('test.access', 'access.test'); ROLLBACK");
		refused('hearth_customers', "INSERT INTO core.audit (action, at) VALUES ('test.access', now() - interval '1 year')");
		refused('hearth_customers', "INSERT INTO core.audit (action, id) VALUES ('test.access', 1)");
		refused('hearth_customers', "INSERT INTO core.audit (action, hash) VALUES ('test.access', '\\x00')");
	});

	test('the append-only trigger refuses even a role that was granted UPDATE and DELETE', () => {
		// As the owner, in a transaction that is rolled back: grant, then act as hearth_auth.
		for (const stmt of ["UPDATE core.audit SET action = action WHERE id = (SELECT max(id) FROM core.audit)",
			'DELETE FROM core.audit WHERE id = (SELECT max(id) FROM core.audit)']) {
			// A row of our own first: on a new database the log may be empty, and
			// an UPDATE of no row would fire no trigger.
			const r = psqlAs('hearth', `BEGIN; INSERT INTO core.audit (action, actor) VALUES ('test.access', 'access.test'); GRANT UPDATE, DELETE ON core.audit TO hearth_auth; SET ROLE hearth_auth; ${stmt}; ROLLBACK`);
			assert.equal(r.ok, false, `${stmt} went through`);
			assert.match(r.err, /core\.audit is append-only/);
		}
	});

	test('hearth_auth cannot write (or read) customers.customers', () => {
		refused('hearth_auth', "INSERT INTO customers.customers (kind, name) VALUES ('residential', 'x')");
		refused('hearth_auth', "UPDATE customers.customers SET name = 'x' WHERE id = 1");
		refused('hearth_auth', 'DELETE FROM customers.customers WHERE id = 1');
		refused('hearth_auth', 'SELECT 1 FROM customers.customers LIMIT 1');
	});

	test('families that read customers cannot write them', () => {
		for (const role of ['hearth_projects', 'hearth_service', 'hearth_sales', 'hearth_analytics']) {
			refused(role, "UPDATE customers.customers SET name = 'x' WHERE id = 1");
		}
	});

	test('every responder role can run the session lookup and the who-is-asking functions', () => {
		for (const role of RESPONDER_ROLES) {
			assert.equal(allowed(role,
				"SELECT count(*) FROM auth.session_principal('00000000-0000-0000-0000-000000000000')"), '0');
			const out = allowed(role, ['BEGIN',
				"SELECT set_config('hearth.user_id', '7', true), set_config('hearth.role', 'technician', true)",
				"SELECT auth.current_user_id() || ':' || auth.current_role()", 'COMMIT']);
			assert.equal(out.split('\n').pop(), '7:technician', out);
			// outside that transaction: nobody
			assert.equal(allowed(role, "SELECT coalesce(auth.current_user_id()::text, 'null')"), 'null');
		}
	});

	test('only hearth_auth may change role permissions', () => {
		allowed('hearth_auth', "BEGIN; DELETE FROM auth.role_permissions WHERE role = 'viewer' AND permission = 'customers:read'; ROLLBACK");
		refused('hearth_customers', "DELETE FROM auth.role_permissions WHERE role = 'viewer'");
		refused('hearth_customers', "INSERT INTO auth.role_permissions VALUES ('viewer', 'auth:admin')");
	});
});

// The customers responder's table, as it prints it: every route that changes something.
const ROUTES = execFileSync(path.join(ROOT, 'cgi-bin/customers/hearth-customers'), ['--routes'], { encoding: 'utf8' })
	.trim().split('\n').map((l) => JSON.parse(l));
const UNSAFE = ROUTES.filter((r) => !['GET', 'HEAD'].includes(r.method));
// An id nobody has: the checks run before the handler, so nothing is touched.
const concrete = (pattern) => pattern.replace(/:[a-z_]+/g, '987654321');

describe('HTTP: who may change what (every unsafe customers route)', () => {
	let viewer, tech, sales;
	before(async () => {
		[viewer, tech, sales] = await Promise.all([signIn(USERS.viewer), signIn(USERS.tech), signIn(USERS.sales)]);
	});

	test('the table has unsafe routes, each needing customers:write', () => {
		assert.ok(UNSAFE.length >= 10, `only ${UNSAFE.length} unsafe routes`);
		for (const r of UNSAFE) assert.equal(r.permission, 'customers:write', `${r.method} ${r.pattern}`);
	});

	for (const r of UNSAFE) {
		const url = concrete(r.pattern);
		test(`${r.method} ${r.pattern}: viewer and technician 403 (with a valid CSRF token)`, async () => {
			for (const [who, c] of [['viewer', viewer], ['tech', tech]]) {
				const res = await c.json(r.method, url, { name: 'x', version: 1 });
				assertProblem(res, 403, `${who} ${r.method} ${url}`);
			}
		});
		test(`${r.method} ${r.pattern}: signed out 401 (JSON) and 303 to sign-in (form)`, async () => {
			const c = new Client();
			assertProblem(await c.json(r.method, url, { name: 'x' }), 401, `${r.method} ${url}`);
			const form = await c.postForm(url, { name: 'x', _method: r.method === 'POST' ? '' : r.method });
			const loc = assertRedirect(form, 303, `form ${r.method} ${url}`);
			assert.equal(new URL(loc, 'http://x').pathname, '/auth/login');
		});
		test(`${r.method} ${r.pattern}: no CSRF token or a wrong one → 403 (a writer, cookie session)`, async () => {
			const none = await sales.json(r.method, url, { name: 'x', version: 1 }, { csrf: false });
			const body = assertProblem(none, 403, `no token ${r.method} ${url}`);
			assert.match(body.detail, /expired|did not come from this site/i);
			const wrong = await sales.json(r.method, url, { name: 'x', version: 1 }, { csrf: 'A'.repeat(43) });
			assertProblem(wrong, 403, `wrong token ${r.method} ${url}`);
			const form = await sales.postForm(url, { name: 'x', _method: r.method === 'POST' ? '' : r.method },
				{ csrf: false, accept: 'application/json' });
			assert.equal(form.status, 403, `form without _csrf ${r.method} ${url}: ${form.status}`);
		});
	}

	test('a writer with the token gets past the checks (404 for the made-up id, not 403)', async () => {
		const r = await sales.patchJson('/customers/987654321', { name: 'x', version: 1 });
		assertProblem(r, 404, 'PATCH unknown customer');
	});
});

// The auth responder's admin routes (auth:admin), from its table.
const AUTH_ROUTES = execFileSync(path.join(ROOT, 'cgi-bin/auth/hearth-auth'), ['--routes'], { encoding: 'utf8' })
	.trim().split('\n').map((l) => JSON.parse(l));
const ADMIN = AUTH_ROUTES.filter((r) => r.permission === 'auth:admin');

describe('HTTP: admin pages are for admins', () => {
	const others = ['manager', 'sales', 'tech', 'office', 'viewer'];
	const clients = {};
	before(async () => {
		for (const who of ['admin', ...others]) clients[who] = await signIn(USERS[who]);
	});

	test('roles and audit routes are in the table as auth:admin', () => {
		const names = ADMIN.map((r) => `${r.method} ${r.pattern}`);
		for (const want of ['GET /auth/roles', 'GET /auth/roles/:name', 'PATCH /auth/roles/:name',
			'GET /auth/audit', 'GET /auth/audit/:id']) {
			assert.ok(names.includes(want), `${want} missing from ${names.join(', ')}`);
		}
	});

	for (const r of ADMIN) {
		const url = r.pattern.replace(':name', 'viewer').replace(/:[a-z_]+/g, '1');
		test(`${r.method} ${r.pattern}: 403 for every role but admin, 401 signed out`, async () => {
			for (const who of others) {
				const res = r.method === 'GET' ? await clients[who].getJson(url) : await clients[who].json(r.method, url, {});
				assertProblem(res, 403, `${who} ${r.method} ${url}`);
			}
			const anon = new Client();
			const res = r.method === 'GET' ? await anon.getJson(url) : await anon.json(r.method, url, {});
			assertProblem(res, 401, `signed out ${r.method} ${url}`);
		});
	}

	test('admins get the pages; others do not see the links', async () => {
		for (const p of ['/auth/roles', '/auth/roles/viewer', '/auth/audit']) {
			const r = await clients.admin.getHtml(p);
			assert.equal(r.status, 200, `admin GET ${p}: ${r.status}`);
			assert.match(r.text, /href="\/auth\/audit"/);
			assert.match(r.text, /href="\/auth\/roles"/);
		}
		const page = await clients.manager.getHtml('/customers');
		assert.equal(page.status, 200);
		assert.doesNotMatch(page.text, /href="\/auth\/audit"/, 'a manager sees the audit link');
		assert.doesNotMatch(page.text, /href="\/auth\/roles"/, 'a manager sees the roles link');
	});
});

// Roles × permissions, edited by an admin, take effect on the next request.
// A role and a user of their own (made as the owner, removed at the end),
// so the shipped roles other tests rely on never change.
describe('roles: edited by admins, effective on the next request', () => {
	const role = `test_${letters(10)}`;
	const email = `role-${letters(8)}@example.invalid`;
	const password = `Pw-${letters(12)}-${digits(6)}`;
	let admin, member;

	before(async () => {
		admin = await signIn(USERS.admin);
		allowed('hearth', `INSERT INTO auth.roles (name, description) VALUES ('${role}', 'access.test')`);
		const made = spawnSync(path.join(ROOT, 'tools/hearthctl'),
			['create-user', email, '--role', role, '--name', 'Role Test'],
			{ cwd: ROOT, input: `${password}\n`, encoding: 'utf8' });
		assert.equal(made.status, 0, `create-user: ${made.stderr}`);
		// Signed in as a browser would; no page of theirs has a CSRF token yet
		// (the role starts with no permissions): GETs only.
		member = new Client();
		const token = await loginFormToken(member);
		const r = await member.postForm('/auth/login', { email, password, _csrf: token });
		assert.equal(r.status, 303, `sign-in as ${email}: ${r.status} ${r.text.slice(0, 200)}`);
	});

	after(() => {
		psqlAs('hearth', `DELETE FROM auth.users WHERE email = '${email}'`);
		psqlAs('hearth', `DELETE FROM auth.roles WHERE name = '${role}'`);
	});

	const get = async () => assertJson(await admin.getJson(`/auth/roles/${role}`), 200);

	test('the matrix lists every role with a level per family', async () => {
		const body = assertJson(await admin.getJson('/auth/roles'), 200);
		assert.deepEqual(body.families.map((f) => f.name),
			['auth', 'customers', 'projects', 'inventory', 'service', 'sales', 'analytics']);
		const names = body.items.map((r) => r.name);
		assert.deepEqual(names.slice(0, 6), ['admin', 'manager', 'sales', 'technician', 'office', 'viewer']);
		const mine = body.items.find((r) => r.name === role);
		assert.ok(mine, 'the new role is listed');
		assert.deepEqual(Object.values(mine.levels), Array(7).fill('none'));
		assert.equal(body.items.find((r) => r.name === 'viewer').levels.customers, 'read');
		const html = assertHtml(await admin.getHtml('/auth/roles'), 200);
		assert.ok(html.includes(`href="/auth/roles/${role}"`));
		assertProblem(await admin.getJson('/auth/roles/no_such_role'), 404);
		assertProblem(await admin.getJson('/auth/roles/Bad%20Name'), 404);
	});

	test('a level given takes effect on the member\'s next request, and is audited', async () => {
		assertProblem(await member.getJson('/customers?limit=1'), 403);
		const cur = await get();
		const r = await admin.patchJson(`/auth/roles/${role}`, { permissions: { customers: 'read' }, version: cur.version });
		const body = assertJson(r, 200, 'PATCH role');
		assert.equal(body.levels.customers, 'read');
		assert.equal(body.version, cur.version + 1);
		assert.deepEqual(body.permissions, ['customers:read']);
		// same session, next request
		assertJson(await member.getJson('/customers?limit=1'), 200, 'member after the grant');
		assertProblem(await member.postJson('/customers', { name: 'x' }, { csrf: 'x' }), 403);
		// the audit row: before/after per family, linked to the role
		const log = assertJson(await admin.getJson('/auth/audit?entity=role&action=role.update&limit=20'), 200);
		const row = log.items.find((i) => i.after && i.after.name === role);
		assert.ok(row, 'no role.update row');
		assert.equal(row.before.customers, 'none');
		assert.equal(row.after.customers, 'read');
		assert.equal(row.after.auth, 'none');
		assert.equal(row.entity_href, `/auth/roles/${role}`);
		assert.equal(row.request_id, r.headers.get('x-request-id'));
		// and taken away again
		const now = await get();
		assertJson(await admin.patchJson(`/auth/roles/${role}`, { permissions: { customers: 'none' }, version: now.version }), 200);
		assertProblem(await member.getJson('/customers?limit=1'), 403);
	});

	test('stale or missing version, bad levels and unknown families are refused', async () => {
		const cur = await get();
		const stale = await admin.patchJson(`/auth/roles/${role}`, { permissions: { sales: 'read' }, version: cur.version - 1 });
		const p = assertProblem(stale, 409);
		assert.equal((await get()).version, cur.version, 'a stale write changed the role');
		assert.ok(p, 'problem body');
		const missing = assertProblem(await admin.patchJson(`/auth/roles/${role}`, { permissions: { sales: 'read' } }), 422);
		assert.ok(missing.errors.version);
		const bad = assertProblem(await admin.patchJson(`/auth/roles/${role}`,
			{ permissions: { sales: 'owner', customers: 'write' }, version: cur.version }), 422);
		assert.ok(bad.errors.sales);
		const unknown = assertProblem(await admin.patchJson(`/auth/roles/${role}`,
			{ permissions: { payroll: 'read' }, version: cur.version }), 422);
		assert.ok(unknown.errors.permissions);
		assert.deepEqual(Object.values((await get()).levels), Array(7).fill('none'), 'a refused write changed levels');
	});

	test('the admin role keeps auth:admin (422), other families of it can change', async () => {
		const cur = assertJson(await admin.getJson('/auth/roles/admin'), 200);
		for (const level of ['write', 'read', 'none']) {
			const r = await admin.patchJson('/auth/roles/admin', { permissions: { auth: level }, version: cur.version });
			const p = assertProblem(r, 422, `admin auth → ${level}`);
			assert.match(p.errors.auth, /keeps auth:admin/);
		}
		const after = assertJson(await admin.getJson('/auth/roles/admin'), 200);
		assert.equal(after.levels.auth, 'admin');
		assert.equal(after.version, cur.version);
		// the form refuses it too, with the message next to the field
		const form = await admin.postForm('/auth/roles/admin', { _method: 'PATCH', auth: 'read', version: String(cur.version) });
		assert.equal(form.status, 422);
		assert.match(form.text, /id="f-auth-error"/);
	});

	test('the HTML form: levels per family, 303 back, the conflict page on a stale version', async () => {
		const page = assertHtml(await admin.getHtml(`/auth/roles/${role}`), 200);
		for (const f of ['auth', 'customers', 'projects', 'inventory', 'service', 'sales', 'analytics']) {
			assert.match(page, new RegExp(`<select[^>]*name="${f}"`), `no select for ${f}`);
		}
		const cur = await get();
		const r = await admin.postForm(`/auth/roles/${role}`, {
			_method: 'PATCH', version: String(cur.version), customers: 'write', sales: 'read', auth: 'none',
			projects: 'none', inventory: 'none', service: 'none', analytics: 'none', description: 'edited by the form',
		});
		assert.equal(r.status, 303, r.text.slice(0, 300));
		assert.equal(r.headers.get('location'), `/auth/roles/${role}`);
		const now = await get();
		assert.equal(now.levels.customers, 'write');
		assert.equal(now.levels.sales, 'read');
		assert.equal(now.description, 'edited by the form');
		const me = assertJson(await member.getJson('/auth/me'), 200);
		assert.deepEqual([...me.permissions].sort(), ['customers:write', 'sales:read']);
		const shown = assertHtml(await admin.getHtml(`/auth/roles/${role}`), 200);
		assert.match(shown, /<option value="write" selected>Write<\/option>/);
		const stale = await admin.postForm(`/auth/roles/${role}`, { _method: 'PATCH', version: String(cur.version), customers: 'none' });
		assert.equal(stale.status, 409);
		assert.match(stale.text, /Someone else changed this role/);
		assert.equal((await get()).levels.customers, 'write', 'the stale form changed the role');
	});
});
