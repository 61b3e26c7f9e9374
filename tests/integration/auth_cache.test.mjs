// The principal cache (lib/auth_cache.c, sql/012): each worker keeps the
// principals of recent sessions so a signed-in request makes one round
// trip, and drops them when PostgreSQL says something changed (LISTEN/
// NOTIFY) or when its connection is new. Proven from outside: a session is
// first used until the workers answer from their cache (the log's
// db_queries), then changed, and every request after that, whichever
// worker takes it, sees the change:
// - a revoked session is refused on its next request,
// - a role's permissions taken away refuse it on the next request,
// - a deactivated user is refused on the next request,
// - a change made while the workers' connections were cut (as by a
//   PostgreSQL restart, where no notification can reach them) is seen too.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
	Client, USERS, signIn, loginFormToken, letters, digits, assertProblem, assertJson,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const WARM = 16;       // requests to let every worker (4 in the dev stack) keep the principal
// A list read that always runs its query (a tag filter: the browse answers
// are kept by the workers, lib/kept.h), so db_queries 1 means the
// principal came from the cache, 2 that it was looked up.
const PROBE = '/customers?limit=1&tag=cache-probe';

/** One statement as the database owner; the text of its rows. */
function sql(query) {
	return execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', query],
		{ encoding: 'utf8' }).trim();
}

/** db_queries of the customers responder's log line for a request id (null: not logged yet). */
function dbQueriesOf(requestId) {
	const lines = readFileSync(`${ROOT}/var/log/customers.log`, 'utf8').split('\n');
	for (let i = lines.length - 1; i >= 0; i--) {
		if (!lines[i].includes(requestId)) continue;
		try {
			return JSON.parse(lines[i]).db_queries;
		} catch {
			return null;
		}
	}
	return null;
}

/** WARM reads that must all answer 200; asserts that some came from a worker's cache (one round trip). */
async function warm(c) {
	const ids = [];
	for (let i = 0; i < WARM; i++) {
		const r = await c.getJson(PROBE);
		assertJson(r, 200, `warm-up ${i}`);
		ids.push(r.headers.get('x-request-id'));
	}
	await new Promise((ok) => setTimeout(ok, 100));     // the log line is written after the answer
	const counts = ids.map(dbQueriesOf);
	assert.ok(counts.some((n) => n === 1), `no request was answered from the cache: db_queries ${counts.join(',')}`);
}

/** The next WARM requests all get status. */
async function allRefused(c, status, what) {
	for (let i = 0; i < WARM; i++)
		assertProblem(await c.getJson(PROBE), status, `${what}: request ${i + 1} after`);
}

describe('principal cache: a change is seen on the next request by every worker', () => {
	const role = `cache_${letters(10)}`;
	const email = `cache-${letters(8)}@example.invalid`;
	const password = `Pw-${letters(12)}-${digits(6)}`;
	let admin, userId;

	before(async () => {
		admin = await signIn(USERS.admin);
		sql(`INSERT INTO auth.roles (name, description) VALUES ('${role}', 'auth_cache.test')`);
		sql(`INSERT INTO auth.role_permissions (role, permission) VALUES ('${role}', 'customers:read')`);
		const made = spawnSync(`${ROOT}/tools/hearthctl`, ['create-user', email, '--role', role, '--name', 'Cache Test'],
			{ cwd: ROOT, input: `${password}\n`, encoding: 'utf8' });
		assert.equal(made.status, 0, `create-user: ${made.stderr}`);
		userId = sql(`SELECT id FROM auth.users WHERE email = '${email}'`);
	});

	after(() => {
		sql(`DELETE FROM auth.users WHERE email = '${email}'`);
		sql(`DELETE FROM auth.roles WHERE name = '${role}'`);
	});

	/** A fresh session of the test user (JSON client, cookie only). */
	async function member() {
		sql(`UPDATE auth.users SET active = true WHERE id = ${userId}`);
		const c = new Client();
		const token = await loginFormToken(c);
		const r = await c.postJson('/auth/login', { email, password, _csrf: token }, { csrf: false });
		assert.equal(r.status, 200, `sign-in: ${r.status} ${r.text.slice(0, 200)}`);
		return c;
	}

	function sidOf(c) {
		return JSON.parse(Buffer.from(c.jar.get('hearth_session').split('.')[1], 'base64url').toString()).sid;
	}

	test('a session revoked by an admin is refused on its next request', async () => {
		const c = await member();
		await warm(c);
		const r = await admin.deleteJson(`/auth/users/${userId}/sessions/${sidOf(c)}`);
		assert.equal(r.status, 204, `revoke: ${r.status} ${r.text}`);
		await allRefused(c, 401, 'revoked session');
	});

	test("a role's permission taken away is refused on the member's next request", async () => {
		const c = await member();
		await warm(c);
		const cur = assertJson(await admin.getJson(`/auth/roles/${role}`), 200);
		assertJson(await admin.patchJson(`/auth/roles/${role}`, { permissions: { customers: 'none' }, version: cur.version }), 200);
		await allRefused(c, 403, 'permission taken away');
		const now = assertJson(await admin.getJson(`/auth/roles/${role}`), 200);
		assertJson(await admin.patchJson(`/auth/roles/${role}`, { permissions: { customers: 'read' }, version: now.version }), 200);
		assertJson(await c.getJson(PROBE), 200, 'given back');
	});

	test('a deactivated user is refused on the next request', async () => {
		const c = await member();
		await warm(c);
		const u = assertJson(await admin.getJson(`/auth/users/${userId}`), 200);
		assertJson(await admin.patchJson(`/auth/users/${userId}`, { active: false, version: u.version }), 200);
		await allRefused(c, 401, 'deactivated user');
	});

	test('a change made while the workers were cut off from PostgreSQL is seen after they reconnect', async () => {
		const c = await member();
		await warm(c);
		// As a PostgreSQL restart does: every worker's connection ends (the
		// call waits until each server process is gone), and the revocation
		// below is made while none of them listens.
		sql(`SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE application_name = 'hearth-customers'`);
		sql(`UPDATE auth.sessions SET revoked_at = now() WHERE id = '${sidOf(c)}'`);
		await allRefused(c, 401, 'revoked while disconnected');
		// and the cache works again on the new connections
		await warm(await member());
	});
});
