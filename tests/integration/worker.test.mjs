// hearth-worker and core.outbox_process (tools/hearth-worker.c, sql/015):
// events written to core.outbox reach every consumer registered for them,
// once per consumer, whichever of several workers claims them, and even
// when a worker is killed with -9 in the middle of a batch. A failing
// consumer is tried again later with its error kept, without holding the
// others back. Timed jobs (sql/016) run when due, keep their last run,
// and never run twice at once. Admins see all of it at /auth/worker
// (sql/017) and put an event set aside back in the queue. The stack's own worker runs throughout; the tests start
// more. Consumers here are SQL functions of a test schema, as a family's
// would be in its own.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { USERS, signIn, assertJson, assertHtml, assertProblem, assertRedirect } from '../lib/client.mjs';
import { sql, until, startWorker } from '../lib/stack.mjs';

/** Inserts n events named event; the id range [first, last]. */
function emit(event, n) {
	const [first, last] = sql(`WITH e AS (INSERT INTO core.outbox (event, payload)
		SELECT '${event}', jsonb_build_object('i', i) FROM generate_series(1, ${n}) i RETURNING id)
		SELECT min(id) || ' ' || max(id) FROM e`).split(' ').map(Number);
	return { first, last };
}

const pending = ({ first, last }) =>
	Number(sql(`SELECT count(*) FROM core.outbox WHERE id BETWEEN ${first} AND ${last} AND processed_at IS NULL`));
const seen = ({ first, last }, consumer = 'count') =>
	sql(`SELECT count(*) || ' ' || count(DISTINCT event_id) FROM worker_test.seen
		WHERE consumer = '${consumer}' AND event_id BETWEEN ${first} AND ${last}`);

describe('outbox worker', () => {
	before(() => {
		sql(`CREATE SCHEMA IF NOT EXISTS worker_test;
			CREATE TABLE IF NOT EXISTS worker_test.seen (event_id bigint NOT NULL, consumer text NOT NULL);
			CREATE OR REPLACE FUNCTION worker_test.count(e jsonb) RETURNS void LANGUAGE sql SECURITY DEFINER AS
				$$ INSERT INTO worker_test.seen VALUES ((e->>'id')::bigint, 'count') $$;
			CREATE OR REPLACE FUNCTION worker_test.slow(e jsonb) RETURNS void LANGUAGE sql SECURITY DEFINER AS
				$$ SELECT pg_sleep(0.005); INSERT INTO worker_test.seen VALUES ((e->>'id')::bigint, 'slow') $$;
			CREATE OR REPLACE FUNCTION worker_test.refuse(e jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS
				$$ BEGIN RAISE EXCEPTION 'refused event %', e->>'id'; END $$;
			CREATE TABLE IF NOT EXISTS worker_test.runs (job text NOT NULL, started timestamptz NOT NULL,
				ended timestamptz NOT NULL DEFAULT clock_timestamp());
			CREATE OR REPLACE FUNCTION worker_test.tick() RETURNS void LANGUAGE sql SECURITY DEFINER AS
				$$ INSERT INTO worker_test.runs (job, started) VALUES ('tick', clock_timestamp()) $$;
			CREATE OR REPLACE FUNCTION worker_test.long() RETURNS void LANGUAGE sql SECURITY DEFINER AS
				$$ SELECT pg_sleep(0.4); INSERT INTO worker_test.runs (job, started)
				   VALUES ('long', clock_timestamp() - interval '0.4 seconds') $$;
			CREATE OR REPLACE FUNCTION worker_test.broken() RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS
				$$ BEGIN RAISE EXCEPTION 'the job broke'; END $$;
			GRANT USAGE ON SCHEMA worker_test TO hearth_worker;
			GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA worker_test TO hearth_worker;
			INSERT INTO core.consumers (name, event_pattern, handler) VALUES
				('worker_test.count', 'worker_test.%', 'worker_test.count'),
				('worker_test.slow', 'worker_test.slow', 'worker_test.slow'),
				('worker_test.refuse', 'worker_test.refused', 'worker_test.refuse')
			ON CONFLICT (name) DO NOTHING`);
	});

	after(() => {
		sql(`DELETE FROM core.consumers WHERE name LIKE 'worker_test.%';
			DELETE FROM core.jobs WHERE name LIKE 'worker_test.%';
			DELETE FROM core.outbox WHERE event LIKE 'worker_test.%';
			DROP SCHEMA worker_test CASCADE`);
	});

	test('an event reaches its consumer once, and is marked processed', async () => {
		const ids = emit('worker_test.one', 1);
		await until('the event to be processed', () => pending(ids) === 0);
		assert.equal(seen(ids), '1 1');
		assert.equal(sql(`SELECT count(*) FROM core.processed_events WHERE event_id = ${ids.first} AND consumer = 'worker_test.count'`), '1');
	});

	test('two workers share 10,000 events: every one handled once', async () => {
		const w = startWorker();
		try {
			await until('the second worker to start', () => w.log.includes('started'), 10000);
			const ids = emit('worker_test.many', 10000);
			await until('10,000 events to be processed', () => pending(ids) === 0, 120000);
			assert.equal(seen(ids), '10000 10000');
			assert.match(w.log, /batch: \d+ events/, 'the second worker handled none');
		} finally {
			w.kill('SIGTERM');
			const end = await w.exited;
			assert.equal(end.code, 0, 'SIGTERM: a clean exit');
			assert.match(w.log, /stopped/);
		}
	});

	test('a worker killed with -9 mid-batch loses nothing and repeats nothing', async () => {
		// The stack's worker and this one both take batches of the slow
		// consumer (5 ms an event, so a batch lasts half a second); this one
		// dies in the middle of one, and what it held is claimed again.
		const w = startWorker();
		await until('the worker to start', () => w.log.includes('started'), 10000);
		const ids = emit('worker_test.slow', 600);
		await new Promise((ok) => setTimeout(ok, 700));
		w.kill('SIGKILL');
		assert.equal((await w.exited).signal, 'SIGKILL');
		assert.ok(pending(ids) > 0, 'the batch finished before the kill: nothing was tested');
		await until('the rest to be processed by the stack\'s worker', () => pending(ids) === 0, 60000);
		assert.equal(seen(ids, 'slow'), '600 600');
		assert.equal(seen(ids, 'count'), '600 600');
	});

	test('a worker whose connection is cut (as by a PostgreSQL restart) reconnects and carries on', async () => {
		const cut = sql(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'hearth-worker'`);
		assert.ok(Number(cut) >= 1, 'no worker connection to cut');
		const ids = emit('worker_test.after_cut', 5);
		await until('the events after the cut to be processed', () => pending(ids) === 0, 60000);
		assert.equal(seen(ids), '5 5');
	});

	test('a timed job runs when due, again a period later, with its last run kept', async () => {
		sql(`INSERT INTO core.jobs (name, every, handler) VALUES ('worker_test.tick', '1 second', 'worker_test.tick')`);
		await until('two runs', () => Number(sql(`SELECT runs FROM core.jobs WHERE name = 'worker_test.tick'`)) >= 2, 20000);
		const [ok, err, ms, gap] = sql(`SELECT last_ok_at IS NOT NULL, last_error IS NULL, last_duration_ms >= 0,
			(SELECT max(started) - min(started) >= interval '0.9 seconds' FROM worker_test.runs WHERE job = 'tick')
			FROM core.jobs WHERE name = 'worker_test.tick'`).split('|');
		assert.deepEqual([ok, err, ms, gap], ['t', 't', 't', 't']);
		sql(`INSERT INTO core.jobs (name, every, handler) VALUES ('worker_test.broken', '1 hour', 'worker_test.broken')`);
		await until('the broken job to run', () => sql(`SELECT runs FROM core.jobs WHERE name = 'worker_test.broken'`) === '1', 20000);
		assert.equal(sql(`SELECT last_error, next_run_at > now() + interval '59 minutes'
			FROM core.jobs WHERE name = 'worker_test.broken'`), 'the job broke|t');
	});

	test('two workers never run one job at once', async () => {
		const w = startWorker();
		try {
			sql(`INSERT INTO core.jobs (name, every, handler) VALUES ('worker_test.long', '1 second', 'worker_test.long')`);
			await until('four runs', () => Number(sql(`SELECT count(*) FROM worker_test.runs WHERE job = 'long'`)) >= 4, 30000);
			sql(`UPDATE core.jobs SET enabled = false WHERE name = 'worker_test.long'`);
			assert.equal(sql(`SELECT count(*) FROM worker_test.runs a JOIN worker_test.runs b
				ON a.job = 'long' AND b.job = 'long' AND a.ctid < b.ctid
				AND a.started < b.ended AND b.started < a.ended`), '0', 'two runs overlapped');
		} finally {
			w.kill('SIGTERM');
			await w.exited;
		}
	});

	test('/auth/worker: the queue, events set aside, consumers and jobs; a retry puts an event back (admins only)', async () => {
		const admin = await signIn(USERS.admin);
		const sales = await signIn(USERS.sales);
		const ids = emit('worker_test.aside', 1);
		await until('the event to be processed', () => pending(ids) === 0);
		// As if its tries had run out: set aside, its consumer's mark gone.
		sql(`DELETE FROM core.processed_events WHERE event_id = ${ids.first};
			UPDATE core.outbox SET processed_at = NULL, dead_at = now(), attempts = 12, last_error = 'gave up'
			WHERE id = ${ids.first}`);
		const page = assertJson(await admin.getJson('/auth/worker'), 200);
		assert.deepEqual(Object.keys(page).sort(), ['consumers', 'dead', 'jobs', 'queue']);
		assert.ok(Number(page.queue.dead) >= 1);
		const dead = page.dead.find((e) => e.id === ids.first);
		assert.deepEqual([dead.event, dead.attempts, dead.last_error], ['worker_test.aside', 12, 'gave up']);
		assert.ok(!('payload' in dead), 'payloads are other families\' data');
		assert.ok(page.consumers.some((c) => c.name === 'worker_test.count' && c.handler === 'worker_test.count'));
		assert.ok(page.jobs.some((j) => j.name === 'worker_test.tick' && j.every_seconds === 1 && j.runs >= 2));
		const html = assertHtml(await admin.getHtml('/auth/worker'), 200);
		assert.ok(html.includes('Background work') && html.includes(`/auth/worker/events/${ids.first}/retry`));

		assertProblem(await sales.getJson('/auth/worker'), 403);
		assertProblem(await sales.postJson(`/auth/worker/events/${ids.first}/retry`, {}), 403);

		const back = assertJson(await admin.postJson(`/auth/worker/events/${ids.first}/retry`, {}), 200);
		assert.deepEqual([back.id, back.dead_at, back.attempts], [ids.first, null, 0]);
		await until('the retried event to be processed', () => pending(ids) === 0);
		assert.equal(seen(ids), '2 1', 'handled again once (its mark was gone), not more');
		assertProblem(await admin.postJson(`/auth/worker/events/${ids.first}/retry`, {}), 409);
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'outbox.retry' AND entity_id = ${ids.first}`), '1');

		// The page's button: a form with the CSRF token, back to the page with a notice.
		sql(`UPDATE core.outbox SET processed_at = NULL, dead_at = now() WHERE id = ${ids.first}`);
		await admin.loadCsrf('/auth/worker');
		assertRedirect(await admin.postForm(`/auth/worker/events/${ids.first}/retry`, {}), 303);
		assert.equal(sql(`SELECT dead_at IS NULL FROM core.outbox WHERE id = ${ids.first}`), 't');
	});

	test('a failing consumer is tried again later with its error kept; the others are not held back', async () => {
		const ids = emit('worker_test.refused', 1);
		await until('a first try', () => sql(`SELECT attempts FROM core.outbox WHERE id = ${ids.first}`) === '1');
		const row = sql(`SELECT processed_at IS NULL, last_error, next_attempt_at > now() + interval '50 seconds'
			FROM core.outbox WHERE id = ${ids.first}`).split('|');
		assert.deepEqual([row[0], row[2]], ['t', 't'], 'not processed, next try a minute later');
		assert.match(row[1], /worker_test\.refuse: refused event \d+/);
		assert.equal(seen(ids), '1 1', 'the consumer that succeeded ran');
		// Due again now: tried again, and the one that succeeded does not run twice.
		sql(`UPDATE core.outbox SET next_attempt_at = now() WHERE id = ${ids.first}; NOTIFY hearth_outbox`);
		await until('a second try', () => sql(`SELECT attempts FROM core.outbox WHERE id = ${ids.first}`) === '2');
		assert.equal(seen(ids), '1 1');
		assert.match(sql(`SELECT next_attempt_at > now() + interval '110 seconds' FROM core.outbox WHERE id = ${ids.first}`), /t/,
			'backoff doubles');
	});
});
