// Metrics (tools/mtail/, docs/metrics.md): the stack's mtail turns the
// responders' and the worker's JSON log lines into Prometheus metrics on
// loopback. Requests made here show up under their route's pattern, never
// their path, with latency and database-time histograms; the worker's
// queue and timed job runs show up as gauges and counters. Other suites run
// at the same time, so counts are compared as "at least what we did".
// The line shapes of webhook and mail attempts are checked by
// tests/unit/mtail_check.sh (mtail -one_shot over sample lines).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { USERS, RUN, signIn, createCustomer, assertJson } from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const CONFIG = process.env.HEARTH_CONFIG || `${ROOT}/var/hearth.conf`;
const METRICS_URL = process.env.HEARTH_METRICS_URL
	|| (/^metrics_url\s*=\s*(\S+)/m.exec(readFileSync(CONFIG, 'utf8')) || [])[1];

/** One statement as the database owner; the text of its rows. */
function sql(query) {
	return execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', query],
		{ encoding: 'utf8' }).trim();
}

/** The exposition as [{ name, labels, value }] (Prometheus text format). */
async function scrape() {
	const res = await fetch(METRICS_URL);
	assert.equal(res.status, 200, `GET ${METRICS_URL}`);
	const series = [];
	for (const line of (await res.text()).split('\n')) {
		const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
		if (!m) continue;
		const labels = {};
		for (const [, k, v] of (m[2] || '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
		series.push({ name: m[1], labels, value: Number(m[3]) });
	}
	return series;
}

/** The value of the series name whose labels are exactly labels; 0 when absent. */
function value(series, name, labels = {}) {
	const want = JSON.stringify(Object.entries(labels).sort());
	const s = series.find((x) => x.name === name && JSON.stringify(Object.entries(x.labels).sort()) === want);
	return s ? s.value : 0;
}

/** Scrapes until fn(series) is true, or fails after ms; the last scrape. */
async function scrapeUntil(what, fn, ms = 15000) {
	const end = Date.now() + ms;
	for (;;) {
		const series = await scrape();
		if (fn(series)) return series;
		if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
		await new Promise((ok) => setTimeout(ok, 200));
	}
}

describe('metrics', () => {
	before(() => {
		assert.ok(METRICS_URL, `no metrics_url in ${CONFIG} (tools/hearth up writes it)`);
		sql(`CREATE SCHEMA IF NOT EXISTS metrics_test;
			CREATE OR REPLACE FUNCTION metrics_test.tick() RETURNS void LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;
			CREATE OR REPLACE FUNCTION metrics_test.broken() RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS
				$$ BEGIN RAISE EXCEPTION 'metrics_test broke'; END $$;
			GRANT USAGE ON SCHEMA metrics_test TO hearth_worker;
			GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA metrics_test TO hearth_worker`);
	});

	after(() => {
		sql(`SET client_min_messages = warning;
			DELETE FROM core.jobs WHERE name LIKE 'metrics_test.%';
			DELETE FROM core.outbox WHERE event LIKE 'metrics_test.%';
			DROP SCHEMA metrics_test CASCADE`);
	});

	test('the endpoint listens on loopback only', () => {
		const port = Number(new URL(METRICS_URL).port);
		assert.equal(new URL(METRICS_URL).hostname, '127.0.0.1');
		// /proc/net/tcp{,6}: local address and state 0A (LISTEN) of every socket.
		const listeners = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(1))
			.map((l) => l.trim().split(/\s+/)).filter((f) => f[3] === '0A' && parseInt(f[1].split(':')[1], 16) === port)
			.map((f) => f[1].split(':')[0]);
		assert.deepEqual(listeners, ['0100007F'], `listeners on port ${port}: ${listeners}`);
	});

	test('requests count under their route pattern, with latency and database-time histograms', async () => {
		const sales = await signIn(USERS.sales);
		const customer = await createCustomer(sales, { name: `Metrics ${RUN}` });
		const labels = { family: 'customers', route: '/customers/:id', method: 'GET', status_class: '2xx' };
		const hist = { family: 'customers', route: '/customers/:id', method: 'GET' };
		const db = { family: 'customers', route: '/customers/:id' };
		const before = await scrape();
		const n = 5;
		for (let i = 0; i < n; i++) assertJson(await sales.getJson(`/customers/${customer.id}`), 200);
		const seen = await scrapeUntil('the requests to be counted',
			(s) => value(s, 'hearth_http_requests_total', labels) >= value(before, 'hearth_http_requests_total', labels) + n);
		const grew = (name, l) => value(seen, name, l) - value(before, name, l);
		assert.ok(grew('hearth_http_request_duration_seconds_count', hist) >= n, 'latency histogram count');
		assert.ok(grew('hearth_http_request_duration_seconds_bucket', { ...hist, le: '+Inf' }) >= n, 'latency +Inf bucket');
		assert.ok(grew('hearth_http_request_duration_seconds_sum', hist) > 0, 'latency sum');
		assert.ok(grew('hearth_db_duration_seconds_count', db) >= n, 'database-time histogram count');
		assert.ok(grew('hearth_db_queries_total', db) >= n, 'a shown customer costs at least one query');
		// The buckets are cumulative: each at least the one below it.
		const buckets = seen.filter((x) => x.name === 'hearth_http_request_duration_seconds_bucket'
			&& x.labels.route === hist.route && x.labels.method === 'GET' && x.labels.family === 'customers');
		assert.ok(buckets.length >= 10, 'the histogram has its buckets');
		for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i].value >= buckets[i - 1].value, 'cumulative buckets');
		// The POST that made the customer counts under its pattern too.
		assert.ok(value(seen, 'hearth_http_requests_total', { family: 'customers', route: '/customers', method: 'POST', status_class: '2xx' }) >= 1);
		// No label anywhere holds a path with an id (cardinality).
		const raw = seen.find((x) => Object.values(x.labels).some((v) => v.includes(`/${customer.id}`)));
		assert.equal(raw, undefined, `a raw path became a label: ${JSON.stringify(raw)}`);
	});

	test('a path no route matches counts with an empty route, not its path', async () => {
		const sales = await signIn(USERS.sales);
		const path = `/customers/${RUN}/no-such-thing`;
		const l = { family: 'customers', route: '', method: 'GET', status_class: '4xx' };
		const before = await scrape();
		assert.equal((await sales.getJson(path)).status, 404);
		const seen = await scrapeUntil('the 404 to be counted',
			(s) => value(s, 'hearth_http_requests_total', l) >= value(before, 'hearth_http_requests_total', l) + 1);
		assert.ok(!seen.some((x) => Object.values(x.labels).some((v) => v.includes(RUN))), 'the path became a label');
	});

	test('the worker reports its queue: depth, due, lag and events set aside', async () => {
		const since = Math.floor(Date.now() / 1000);
		// An event makes a batch, and the worker reports the queue after it.
		sql(`INSERT INTO core.outbox (event, payload) VALUES ('metrics_test.ping', '{}')`);
		const seen = await scrapeUntil('a queue report from the worker',
			(s) => value(s, 'hearth_worker_queue_reported_timestamp_seconds') >= since);
		for (const g of ['hearth_worker_queue_waiting', 'hearth_worker_queue_due', 'hearth_worker_queue_oldest_seconds', 'hearth_worker_queue_dead']) {
			const s = seen.find((x) => x.name === g);
			assert.ok(s && s.value >= 0, `${g} is there`);
		}
		assert.equal(value(seen, 'hearth_worker_queue_dead'), Number(sql('SELECT count(*) FROM core.outbox WHERE dead_at IS NOT NULL')));
		assert.ok(value(seen, 'hearth_worker_events_total') >= 1, 'the batch was counted');
	});

	test('timed job runs count by job and outcome, with their time', async () => {
		sql(`INSERT INTO core.jobs (name, every, handler) VALUES
			('metrics_test.tick', '1 hour', 'metrics_test.tick'), ('metrics_test.broken', '1 hour', 'metrics_test.broken')`);
		const seen = await scrapeUntil('both jobs to be counted',
			(s) => value(s, 'hearth_job_runs_total', { job: 'metrics_test.tick', outcome: 'ok' }) >= 1
				&& value(s, 'hearth_job_runs_total', { job: 'metrics_test.broken', outcome: 'error' }) >= 1);
		assert.equal(value(seen, 'hearth_job_runs_total', { job: 'metrics_test.tick', outcome: 'error' }), 0);
		assert.ok(value(seen, 'hearth_job_duration_seconds_count', { job: 'metrics_test.tick' }) >= 1);
		assert.ok(value(seen, 'hearth_job_last_run_timestamp_seconds', { job: 'metrics_test.tick' }) > 0);
		// What the worker reported is what the table kept.
		assert.equal(sql(`SELECT runs || '|' || (last_error IS NOT NULL) FROM core.jobs WHERE name = 'metrics_test.broken'`), '1|true');
	});
});
