// What tests that reach past HTTP share: the stack's root and config, one
// SQL statement as the database owner, polling until a condition holds,
// and a hearth-worker of the test's own (its stderr collected).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
export const CONFIG = process.env.HEARTH_CONFIG || `${ROOT}/var/hearth.conf`;

/** One statement as the database owner; the text of its rows. */
export function sql(query) {
	return execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', query],
		{ encoding: 'utf8' }).trim();
}

/** Polls fn (may be async) until it is true, or fails after ms. */
export async function until(what, fn, ms = 30000) {
	const end = Date.now() + ms;
	for (;;) {
		if (await fn()) return;
		if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
		await new Promise((ok) => setTimeout(ok, 100));
	}
}

/** A hearth-worker of the test's own (with the stack's config, or
 *  config): .log collects its stderr (JSON lines), .exited resolves to
 *  {code, signal}. */
export function startWorker(config = CONFIG) {
	const w = spawn(`${ROOT}/tools/hearth-worker`, [], { env: { PATH: process.env.PATH, HEARTH_CONFIG: config },
		stdio: ['ignore', 'ignore', 'pipe'] });
	w.log = '';
	w.stderr.on('data', (d) => { w.log += d; });
	w.exited = new Promise((ok) => w.on('exit', (code, signal) => ok({ code, signal })));
	return w;
}
