// Webhooks out (sql/018, tools/worker_webhooks.c, cgi-bin/auth/webhooks.c,
// docs/webhooks.md): a receiver started here on 127.0.0.1 (the dev stack's
// config allows private targets: webhooks_allow_private) gets each event
// POSTed and signed; it checks the signature with the secret shown at
// creation, the order, retries after a 500, dead letters and replay, the
// disabling of a subscription that keeps failing, and a worker killed with
// -9 mid-delivery. The admin pages: JSON and HTML, 403 for non-admins,
// field errors, 409 on a stale version. The event catalogue holds every
// event the code emits. Where a test would wait hours (a delivery's 22 h
// of tries running out), it moves the row as the database owner and says
// so; the lease of a killed worker (20 s) is waited out for real.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { USERS, signIn, assertJson, assertHtml, assertProblem, assertRedirect, RUN } from '../lib/client.mjs';
import { ROOT, CONFIG, sql, until, startWorker } from '../lib/stack.mjs';

/**
 * The receiver: one HTTP server; each test has its own path (/<name>),
 * an answer function (req, body) → status (or a promise of one; never
 * settled: the request hangs), and the requests it got.
 */
const receiver = {
	server: null, port: 0, routes: new Map(),
	route(name, answer = () => 200) {
		const r = { got: [], answer };
		this.routes.set(`/${name}`, r);
		return { url: `http://127.0.0.1:${this.port}/${name}`, got: r.got, set: (a) => { r.answer = a; } };
	},
};

function startReceiver() {
	receiver.server = createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', async () => {
			const r = receiver.routes.get(req.url);
			if (!r) { res.writeHead(404).end(); return; }
			const raw = Buffer.concat(chunks).toString('utf8');
			const hit = { headers: req.headers, raw, body: JSON.parse(raw), method: req.method, at: Date.now() };
			r.got.push(hit);
			const status = await r.answer(hit, r.got.length);
			res.writeHead(status, { 'Content-Type': 'text/plain' }).end(`answer ${status}`);
		});
	});
	return new Promise((ok) => receiver.server.listen(0, '127.0.0.1', () => {
		receiver.port = receiver.server.address().port;
		ok();
	}));
}

/** Whether a request carries a valid Hearth-Signature for secret. */
function signatureValid(hit, secret) {
	const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(hit.headers['hearth-signature'] || '');
	if (!m) return false;
	const want = createHmac('sha256', secret).update(`${m[1]}.${hit.raw}`).digest('hex');
	return want === m[2] && Math.abs(Date.now() / 1000 - Number(m[1])) < 300;
}

/** A subscription made over JSON; its record with the secret. */
async function subscribe(admin, url, events, extra = {}) {
	const r = await admin.postJson('/auth/webhooks', { url, events, description: `test ${RUN}`, ...extra });
	const s = assertJson(r, 201, 'create webhook');
	assert.equal(r.headers.get('location'), `/auth/webhooks/${s.id}`);
	assert.match(r.headers.get('cache-control') || '', /no-store/);
	return s;
}

/** Inserts n events of type directly into the outbox; their ids in order. */
function emit(type, n) {
	return sql(`WITH e AS (INSERT INTO core.outbox (event, entity_id, payload)
		SELECT '${type}', i, jsonb_build_object('id', i, 'run', '${RUN}') FROM generate_series(1, ${n}) i RETURNING id)
		SELECT string_agg(id::text, ',' ORDER BY id) FROM e`).split(',').map(Number);
}

const delivery = (sub, event) => sql(`SELECT id, status, attempts FROM core.webhook_deliveries
	WHERE subscription_id = ${sub} AND event_id = ${event}`).split('|');

/** The worker log's JSON lines about one delivery (the stack's worker and ours). */
function logLines(text, deliveryId) {
	return text.split('\n').filter((l) => l.includes('"msg":"webhook"') && l.includes(`"delivery":${deliveryId},`))
		.map((l) => JSON.parse(l));
}
const stackLog = () => readFileSync(`${ROOT}/var/log/worker.log`, 'utf8');

describe('webhooks', () => {
	let admin;
	const made = [];

	before(async () => {
		await startReceiver();
		admin = await signIn(USERS.admin);
	});

	after(() => {
		receiver.server.close();
		if (made.length) sql(`DELETE FROM core.webhook_subscriptions WHERE id IN (${made.join(',')})`);
		sql(`DELETE FROM core.outbox WHERE payload->>'run' = '${RUN}'`);
	});

	test('an event reaches the receiver signed with the subscription\'s secret, in the documented shape', async () => {
		const rx = receiver.route('signed');
		const s = await subscribe(admin, rx.url, ['customer.*']);
		made.push(s.id);
		assert.match(s.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
		assert.equal(s.secret_hint, s.secret.slice(-4));
		assert.deepEqual([s.active, s.events, s.version], [true, ['customer.*'], 1]);

		// A real change through the API: customer.created.
		const c = assertJson(await admin.postJson('/customers', { kind: 'residential', name: `Hook ${RUN}` }), 201);
		await until('the delivery', () => rx.got.length >= 1);
		const hit = rx.got[0];
		assert.equal(hit.method, 'POST');
		assert.equal(hit.headers['content-type'], 'application/json');
		assert.equal(hit.headers['user-agent'], 'Hearth-Webhooks/1');
		assert.equal(hit.headers['hearth-event'], 'customer.created');
		assert.match(hit.headers['hearth-delivery'], /^\d+$/);
		assert.deepEqual(Object.keys(hit.body).sort(), ['created_at', 'data', 'id', 'type']);
		assert.equal(hit.body.type, 'customer.created');
		assert.equal(hit.body.data.id, c.id);
		assert.equal(hit.body.data.name, `Hook ${RUN}`);
		assert.match(hit.body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		assert.ok(signatureValid(hit, s.secret), 'the signature checks with the secret');
		assert.ok(!signatureValid(hit, `${s.secret}x`), 'and not with another');
		// The docs' shell check (openssl dgst) gives the same.
		const [, t, v1] = /^t=(\d+),v1=(\w+)$/.exec(hit.headers['hearth-signature']);
		const dgst = execFileSync('openssl', ['dgst', '-sha256', '-hmac', s.secret],
			{ input: `${t}.${hit.raw}`, encoding: 'utf8' });
		assert.ok(dgst.trim().endsWith(v1), `openssl: ${dgst}`);

		// Recorded: delivered, one attempt, the log line in the shape mtail reads.
		const id = Number(hit.headers['hearth-delivery']);
		await until('the delivery to be recorded', () => delivery(s.id, hit.body.id)[1] === 'delivered');
		assert.deepEqual(delivery(s.id, hit.body.id), [String(id), 'delivered', '1']);
		await until('the log line', () => logLines(stackLog(), id).length === 1, 5000);
		const line = logLines(stackLog(), id)[0];
		assert.deepEqual(Object.keys(line), ['time', 'program', 'level', 'msg', 'outcome', 'subscription', 'delivery', 'status', 'ms']);
		assert.deepEqual([line.program, line.level, line.outcome, line.subscription, line.status],
			['hearth-worker', 'info', 'delivered', s.id, 200]);
		assert.equal(typeof line.ms, 'number');
	});

	test('events arrive in order, each once; patterns pick the types; a ping goes to its subscription only', async () => {
		const rx = receiver.route('ordered');
		const other = receiver.route('other');
		const s = await subscribe(admin, rx.url, ['contact.updated', 'webhook.ping']);
		const t = await subscribe(admin, other.url, ['property.*']);
		made.push(s.id, t.id);
		const ids = emit('contact.updated', 60);
		emit('customer.updated', 5);                            // matches neither
		await until('60 deliveries', () => rx.got.length >= 60);
		assert.deepEqual(rx.got.map((h) => h.body.id), ids, 'in event order, once each');
		assert.equal(new Set(rx.got.map((h) => h.headers['hearth-delivery'])).size, 60);

		const p = assertJson(await admin.postJson(`/auth/webhooks/${s.id}/ping`, {}), 202);
		assert.deepEqual(p, { event: 'webhook.ping', subscription_id: s.id });
		await until('the ping', () => rx.got.length === 61);
		assert.equal(rx.got[60].body.type, 'webhook.ping');
		assert.deepEqual(rx.got[60].body.data, { subscription_id: s.id });
		await new Promise((ok) => setTimeout(ok, 500));
		assert.equal(other.got.length, 0, 'nothing for the other subscription');
		assert.equal(rx.got.length, 61, 'nothing more');
	});

	test('a receiver that answers 500 is tried again soon, and the delivery then succeeds', async () => {
		const rx = receiver.route('flaky', (hit, n) => (n === 1 ? 500 : 200));
		const s = await subscribe(admin, rx.url, ['document.created']);
		made.push(s.id);
		const [ev] = emit('document.created', 1);
		await until('a first attempt', () => rx.got.length === 1);
		await until('the retry to be recorded', () => delivery(s.id, ev)[1] === 'retrying');
		const sub = assertJson(await admin.getJson(`/auth/webhooks/${s.id}`), 200);
		assert.equal(sub.consecutive_failures, 1);
		// The first retry comes 5 s (±20 %) after the failure.
		await until('the second attempt', () => rx.got.length === 2, 15000);
		assert.equal(rx.got[0].headers['hearth-delivery'], rx.got[1].headers['hearth-delivery'], 'the same delivery id');
		await until('delivered', () => delivery(s.id, ev)[1] === 'delivered');
		const gap = rx.got[1].at - rx.got[0].at;
		assert.ok(gap >= 3900 && gap < 9000, `retried after ${gap} ms`);
		const did = Number(delivery(s.id, ev)[0]);
		const d = assertJson(await admin.getJson(`/auth/webhooks/${s.id}/deliveries/${did}`), 200);
		assert.deepEqual([d.status, d.attempts, d.last_status], ['delivered', 2, 200]);
		assert.deepEqual(d.attempts_log.map((a) => a.status), [200, 500], 'newest first');
		assert.equal(d.attempts_log[1].response_body, 'answer 500');
		assert.equal(d.attempts_log[1].error, 'HTTP 500');
		const lines = logLines(stackLog(), did);
		assert.deepEqual(lines.map((l) => [l.outcome, l.level, l.status]), [['retry', 'warn', 500], ['delivered', 'info', 200]]);
		const back = assertJson(await admin.getJson(`/auth/webhooks/${s.id}`), 200);
		assert.equal(back.consecutive_failures, 0, 'a success resets the count');
	});

	test('after its last attempt a delivery is dead; replay sends it again; 3 dead in a row switch the subscription off', async () => {
		const rx = receiver.route('down', () => 503);
		const s = await subscribe(admin, rx.url, ['communication.created']);
		made.push(s.id);
		const [ev] = emit('communication.created', 1);
		await until('a first attempt', () => delivery(s.id, ev)[1] === 'retrying');
		// As if 22 hours of tries had passed: the 11th failed, the 12th is due.
		const did = Number(delivery(s.id, ev)[0]);
		sql(`UPDATE core.webhook_deliveries SET attempts = 11, next_attempt_at = now() WHERE id = ${did}`);
		await until('the delivery to be dead', () => delivery(s.id, ev)[1] === 'dead');
		const d = assertJson(await admin.getJson(`/auth/webhooks/${s.id}/deliveries`), 200).items[0];
		assert.deepEqual([d.id, d.status, d.attempts, d.last_status, d.last_error], [did, 'dead', 12, 503, 'HTTP 503']);
		assert.ok(d.dead_at);
		assert.ok(logLines(stackLog(), did).some((l) => l.outcome === 'dead' && l.level === 'warn' && l.status === 503));
		const page = assertHtml(await admin.getHtml(`/auth/webhooks/${s.id}`), 200);
		assert.ok(page.includes('Dead') && page.includes(`/auth/webhooks/${s.id}/deliveries/${did}/replay`));

		// The receiver is fixed; the replay sends the dead delivery again, now.
		rx.set(() => 200);
		const before = rx.got.length;
		const r = assertJson(await admin.postJson(`/auth/webhooks/${s.id}/deliveries/${did}/replay`, {}), 200);
		assert.deepEqual([r.id, r.status, r.attempts], [did, 'pending', 0]);
		await until('the replayed delivery', () => delivery(s.id, ev)[1] === 'delivered', 5000);
		assert.equal(rx.got.length, before + 1);
		assert.equal(rx.got.at(-1).headers['hearth-delivery'], String(did), 'the same delivery id: receivers dedupe on it');
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'webhook.replay' AND entity_id = ${did}`), '1');
		assertProblem(await admin.postJson(`/auth/webhooks/${s.id}/deliveries/999999999/replay`, {}), 404);

		// Down again, and already two dead letters in a row: the third
		// switches the subscription off, with a notice.
		rx.set(() => 500);
		sql(`UPDATE core.webhook_subscriptions SET dead_streak = 2 WHERE id = ${s.id}`);
		const [ev2] = emit('communication.created', 1);
		await until('a first attempt', () => delivery(s.id, ev2)[1] === 'retrying');
		sql(`UPDATE core.webhook_deliveries SET attempts = 11, next_attempt_at = now() WHERE subscription_id = ${s.id} AND event_id = ${ev2}`);
		await until('the delivery to be dead', () => delivery(s.id, ev2)[1] === 'dead');
		const off = assertJson(await admin.getJson(`/auth/webhooks/${s.id}`), 200);
		assert.equal(off.active, false);
		assert.ok(off.disabled_at);
		assert.match(off.disabled_reason, /3 deliveries in a row failed/);
		const html = assertHtml(await admin.getHtml(`/auth/webhooks/${s.id}`), 200);
		assert.ok(html.includes('Hearth switched this webhook off'));
		const list = assertHtml(await admin.getHtml('/auth/webhooks'), 200);
		assert.ok(list.includes('Disabled') && list.includes('3 deliveries in a row failed'));
		// Off: no new deliveries, no replay, no ping.
		const [ev3] = emit('communication.created', 1);
		await until('the event while off to be fanned out', () =>
			sql(`SELECT count(*) FROM core.processed_events WHERE consumer = 'core.webhooks' AND event_id = ${ev3}`) === '1');
		assert.equal(sql(`SELECT count(*) FROM core.webhook_deliveries WHERE event_id = ${ev3} AND subscription_id = ${s.id}`), '0');
		assertProblem(await admin.postJson(`/auth/webhooks/${s.id}/ping`, {}), 409);
		assertProblem(await admin.postJson(`/auth/webhooks/${s.id}/deliveries/${did}/replay`, {}), 409);
		// Switched on again (the page's form): the notice goes, replay works.
		await admin.loadCsrf(`/auth/webhooks/${s.id}`);
		assertRedirect(await admin.postForm(`/auth/webhooks/${s.id}`, [['_method', 'PATCH'], ['version', String(off.version)],
			['url', rx.url], ['description', ''], ['events', 'communication.created'], ['active', '0'], ['active', '1']]), 303);
		const on = assertJson(await admin.getJson(`/auth/webhooks/${s.id}`), 200);
		assert.deepEqual([on.active, on.disabled_at, on.disabled_reason, on.dead_streak], [true, null, null, 0]);
		rx.set(() => 200);
		const sent = () => rx.got.filter((h) => h.headers['hearth-delivery'] === String(did)).length;
		const sentBefore = sent();
		assertRedirect(await admin.postForm(`/auth/webhooks/${s.id}/deliveries/${did}/replay`, {}), 303);
		await until('the replay by the form', () => sent() === sentBefore + 1 && delivery(s.id, ev)[1] === 'delivered');
	});

	test('a worker killed with -9 mid-delivery loses nothing: the delivery goes out again when its lease ends', async () => {
		// The stack's worker is paused (SIGSTOP) so that ours takes the delivery.
		const stackPid = Number(readFileSync(`${ROOT}/var/run/worker.pid`, 'utf8'));
		let release;
		const rx = receiver.route('hang', (hit, n) => (n === 1 ? new Promise((ok) => { release = ok; }) : 200));
		const s = await subscribe(admin, rx.url, ['property.created']);
		made.push(s.id);
		process.kill(stackPid, 'SIGSTOP');
		let w;
		try {
			w = startWorker();
			const [ev] = emit('property.created', 1);
			await until('the request to reach the receiver', () => rx.got.length === 1, 10000);
			w.kill('SIGKILL');
			assert.equal((await w.exited).signal, 'SIGKILL');
			release(200);                                      // too late: nobody reads it
			assert.equal(delivery(s.id, ev)[1], 'pending', 'nothing recorded by the dead worker');
			assert.match(sql(`SELECT busy_by FROM core.webhook_subscriptions WHERE id = ${s.id}`), new RegExp(`:${w.pid}$`));
			process.kill(stackPid, 'SIGCONT');
			// The lease (20 s) runs out; the stack's worker sends it again.
			await until('the delivery after the lease', () => delivery(s.id, ev)[1] === 'delivered', 30000);
			assert.equal(rx.got.length, 2);
			assert.equal(rx.got[0].headers['hearth-delivery'], rx.got[1].headers['hearth-delivery']);
			assert.equal(sql(`SELECT count(*) FROM core.webhook_deliveries WHERE subscription_id = ${s.id} AND event_id = ${ev}`), '1', 'fanned out once');
			assert.equal(sql(`SELECT count(*) FROM core.processed_events WHERE consumer = 'core.webhooks' AND event_id = ${ev}`), '1');
		} finally {
			process.kill(stackPid, 'SIGCONT');
			if (w && w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
		}
	});

	test('without webhooks_allow_private a worker refuses the loopback address it would connect to', async () => {
		// The subscription was saved where private targets are allowed (the
		// stack's config, as a DNS answer that changed later would be); a
		// worker whose config does not allow them refuses at connect time.
		const stackPid = Number(readFileSync(`${ROOT}/var/run/worker.pid`, 'utf8'));
		const rx = receiver.route('guarded');
		const s = await subscribe(admin, rx.url, ['contact.archived']);
		made.push(s.id);
		const dir = mkdtempSync(`${tmpdir()}/hearth-wh-`);
		const conf = `${dir}/hearth.conf`;
		writeFileSync(conf, readFileSync(CONFIG, 'utf8').replace(/^webhooks_allow_private\s*=.*$/m, 'webhooks_allow_private = false'));
		process.kill(stackPid, 'SIGSTOP');
		let w;
		try {
			w = startWorker(conf);
			const [ev] = emit('contact.archived', 1);
			await until('the refused attempt', () => delivery(s.id, ev)[1] === 'retrying', 15000);
			const d = assertJson(await admin.getJson(`/auth/webhooks/${s.id}/deliveries`), 200).items[0];
			assert.match(d.last_error, /^Refused: 127\.0\.0\.1 is a private or reserved address/);
			assert.equal(d.last_status, null);
			assert.equal(rx.got.length, 0, 'no request reached the receiver');
			assert.ok(w.log.includes('"outcome":"retry"') && w.log.includes('"status":0'));
		} finally {
			if (w) { w.kill('SIGTERM'); await w.exited; }
			process.kill(stackPid, 'SIGCONT');
			rmSync(dir, { recursive: true, force: true });
		}
	});

	test('two workers share the deliveries: each once, in order per subscription', async () => {
		const w = startWorker();
		try {
			await until('the second worker to start', () => w.log.includes('started'), 10000);
			const rxs = [receiver.route('share-a'), receiver.route('share-b'), receiver.route('share-c')];
			for (const rx of rxs) made.push((await subscribe(admin, rx.url, ['customer.archived'])).id);
			const ids = emit('customer.archived', 150);
			await until('450 deliveries', () => rxs.every((rx) => rx.got.length >= 150), 60000);
			for (const rx of rxs) {
				assert.deepEqual(rx.got.map((h) => h.body.id), ids, 'each event once, in order');
				assert.equal(new Set(rx.got.map((h) => h.headers['hearth-delivery'])).size, 150);
			}
		} finally {
			w.kill('SIGTERM');
			assert.equal((await w.exited).code, 0, 'SIGTERM: a clean exit');
		}
	});

	test('the pages: list with the form, a subscription with its log, a delivery; forms with errors come back', async () => {
		const rx = receiver.route('pages');
		const list = assertHtml(await admin.getHtml('/auth/webhooks'), 200);
		assert.ok(list.includes('Add a webhook') && list.includes('value="customer.created"') && list.includes('value="customer.*"'));
		// Created by the page's form: the secret page, once.
		await admin.loadCsrf('/auth/webhooks');
		const created = await admin.postForm('/auth/webhooks', [['url', rx.url], ['description', 'by the form'],
			['events', 'property.*'], ['events', 'webhook.ping'], ['active', '0'], ['active', '1']]);
		const secretPage = assertHtml(created, 201);
		const secret = /value="(whsec_[A-Za-z0-9_-]{43})"/.exec(secretPage)[1];
		const id = Number(/\/auth\/webhooks\/(\d+)/.exec(created.headers.get('location'))[1]);
		made.push(id);
		assert.match(created.headers.get('cache-control') || '', /no-store/);
		const show = assertHtml(await admin.getHtml(`/auth/webhooks/${id}`), 200);
		assert.ok(!show.includes(secret), 'the secret is not shown again');
		assert.ok(show.includes(`whsec_…${secret.slice(-4)}`));
		assert.ok(show.includes('Send a test event') && show.includes('Rotate secret'));
		// The ping button.
		assertRedirect(await admin.postForm(`/auth/webhooks/${id}/ping`, {}), 303);
		await until('the ping', () => rx.got.length === 1);
		assert.ok(signatureValid(rx.got[0], secret));
		const did = Number(rx.got[0].headers['hearth-delivery']);
		await until('delivered', () => sql(`SELECT status FROM core.webhook_deliveries WHERE id = ${did}`) === 'delivered');
		const log = assertHtml(await admin.getHtml(`/auth/webhooks/${id}`), 200);
		assert.ok(log.includes('webhook.ping') && log.includes('Delivered'));
		const one = assertHtml(await admin.getHtml(`/auth/webhooks/${id}/deliveries/${did}`), 200);
		assert.ok(one.includes('answer 200'), 'the response body is in the attempt log');

		// The form again, values and messages kept.
		const bad = await admin.postForm('/auth/webhooks', [['url', 'ftp://example.com/x'], ['description', 'keep me']]);
		const again = assertHtml(bad, 422);
		assert.ok(again.includes('Only http and https URLs can receive webhooks.'));
		assert.ok(again.includes('Choose at least one event type.'));
		assert.ok(again.includes('value="keep me"'));
		const bad2 = await admin.postForm(`/auth/webhooks/${id}`, [['_method', 'PATCH'], ['version', '1'], ['url', ''],
			['events', 'property.*']]);
		const again2 = assertHtml(bad2, 422);
		assert.ok(again2.includes('Save changes') && again2.includes('id="f-url-error"'));
	});

	test('JSON: field errors as problem+json, 409 on a stale version, rotate, delete; non-admins get 403', async () => {
		const rx = receiver.route('json');
		const bad = assertProblem(await admin.postJson('/auth/webhooks', { url: 'gopher://x', events: ['nope.never'], extra: 1 }), 422);
		assert.match(bad.errors.url, /http and https/);
		assert.match(bad.errors.events, /not in the event catalogue/);
		assert.equal(bad.errors.extra, 'Unknown field.');
		assert.match(assertProblem(await admin.postJson('/auth/webhooks', { url: 'https://u:p@example.com/', events: ['*'] }), 422)
			.errors.url, /user name or password/);
		assert.ok(assertProblem(await admin.postJson('/auth/webhooks', { url: rx.url, events: [] }), 422).errors.events);

		const s = await subscribe(admin, rx.url, ['*']);
		made.push(s.id);
		const v2 = assertJson(await admin.patchJson(`/auth/webhooks/${s.id}`, { version: 1, description: 'changed', events: ['customer.*', 'contact.created'] }), 200);
		assert.deepEqual([v2.version, v2.description, v2.events], [2, 'changed', ['customer.*', 'contact.created']]);
		const stale = assertProblem(await admin.patchJson(`/auth/webhooks/${s.id}`, { version: 1, description: 'lost' }), 409);
		assert.ok(stale);
		assert.equal(assertJson(await admin.getJson(`/auth/webhooks/${s.id}`), 200).description, 'changed');
		assertProblem(await admin.patchJson(`/auth/webhooks/${s.id}`, { version: 2, url: 'file:///etc/passwd' }), 422);

		// Rotate: a new secret, shown once; the old one no longer signs.
		const rot = assertJson(await admin.postJson(`/auth/webhooks/${s.id}/secret`, {}), 200);
		assert.notEqual(rot.secret, s.secret);
		assert.equal(rot.version, 3);
		assertJson(await admin.postJson(`/auth/webhooks/${s.id}/ping`, {}), 202);
		await until('the ping', () => rx.got.length === 1);
		assert.ok(signatureValid(rx.got[0], rot.secret) && !signatureValid(rx.got[0], s.secret));
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE entity = 'webhook' AND entity_id = ${s.id}
			AND (after::text LIKE '%whsec_%' OR before::text LIKE '%whsec_%')`), '0', 'no secret in the audit log');

		const sales = await signIn(USERS.sales);
		assertProblem(await sales.getJson('/auth/webhooks'), 403);
		assertProblem(await sales.getJson(`/auth/webhooks/${s.id}`), 403);
		assertProblem(await sales.postJson('/auth/webhooks', { url: rx.url, events: ['*'] }), 403);
		assertProblem(await sales.postJson(`/auth/webhooks/${s.id}/ping`, {}), 403);
		assertProblem(await sales.postJson(`/auth/webhooks/${s.id}/deliveries/1/replay`, {}), 403);

		const page = assertJson(await admin.getJson('/auth/webhooks?limit=1'), 200);
		assert.equal(page.items.length, 1);
		assert.ok(page.next, 'a cursor to the next page');
		assert.ok(!('secret' in page.items[0]) && !('secret_sealed' in page.items[0]));
		const log = assertJson(await admin.getJson(`/auth/webhooks/${s.id}/deliveries?limit=1`), 200);
		assert.equal(log.items.length, 1);

		assert.equal((await admin.deleteJson(`/auth/webhooks/${s.id}`)).status, 204);
		assertProblem(await admin.getJson(`/auth/webhooks/${s.id}`), 404);
		assert.equal(sql(`SELECT count(*) FROM core.webhook_deliveries WHERE subscription_id = ${s.id}`), '0');
	});

	test('the event catalogue holds every event the code emits, and docs/webhooks.md lists it', () => {
		const catalogue = new Set(sql('SELECT type FROM core.webhook_event_types').split('\n'));
		const emitted = new Set(['webhook.ping']);
		const src = (dir) => readdirSync(`${ROOT}/${dir}`, { recursive: true })
			.filter((f) => /\.c$/.test(f)).map((f) => readFileSync(`${ROOT}/${dir}/${f}`, 'utf8'));
		// Literal event names: outbox_emit(r, "x.y", ...), record_commit's last
		// argument (both of a "c ? x.y : x.z"), and the SQL functions' own
		// INSERT INTO core.outbox (sql/031's inventory.stock_low).
		const code = [...src('cgi-bin'), ...src('lib')];
		for (const text of code) {
			for (const m of text.matchAll(/outbox_emit\(r, "([a-z_]+\.[a-z_]+)"/g)) emitted.add(m[1]);
			for (const m of text.matchAll(/record_commit\([^;]*,\s+(?:\w+ \? "([a-z_]+\.[a-z_]+)" : )?"([a-z_]+\.[a-z_]+)"\)/g))
				m.slice(1).filter(Boolean).forEach((e) => emitted.add(e));
		}
		for (const f of readdirSync(`${ROOT}/sql`).filter((f) => f.endsWith('.sql')))
			for (const m of readFileSync(`${ROOT}/sql/${f}`, 'utf8').matchAll(/INSERT INTO core\.outbox \(event[^)]*\)\s+VALUES \('([a-z_]+\.[a-z_]+)'/g))
				emitted.add(m[1]);
		// Each resource (lib/resource.c) emits <name>.created / .updated, and
		// lib/record.c .archived / .restored, for the steps its handlers run
		// (RES_HANDLER(fn, res_create, var) with fn in the route table); a
		// resource with .event_prefix emits <prefix>created ... instead
		// (inventory.product_created).
		const steps = { res_create: 'created', res_update: 'updated', res_archive: 'archived', res_restore: 'restored' };
		for (const dir of readdirSync(`${ROOT}/cgi-bin`)) {
			const all = src(`cgi-bin/${dir}`).join('\n');
			const prefixes = new Map();
			for (const [, v, body] of all.matchAll(/struct resource (\w+) = \{([\s\S]*?)\n\};/g)) {
				const name = body.match(/\.name = "([a-z_]+)"/)?.[1];
				prefixes.set(v, body.match(/\.event_prefix = "([a-z_]+\.[a-z_]*)"/)?.[1] ?? `${name}.`);
			}
			for (const [, fn, op, v] of all.matchAll(/RES_(?:HANDLER|API)\((\w+), (\w+), (\w+)\)/g))
				if (steps[op] && prefixes.has(v) && new RegExp(`"[A-Z]+",\\s+"[^"]+",\\s+${fn}\\b`).test(all))
					emitted.add(prefixes.get(v) + steps[op]);
		}
		assert.ok(emitted.size >= 21, `found only ${[...emitted]}`);
		// Internal events (sql/023: an import's next batch) are never delivered.
		const internal = new Set(sql('SELECT type FROM core.internal_event_types').split('\n'));
		const missing = [...emitted].filter((e) => !catalogue.has(e) && !internal.has(e));
		assert.deepEqual(missing, [], 'emitted but in neither core.webhook_event_types nor core.internal_event_types');
		assert.equal(sql(`SELECT count(*) FROM core.webhook_deliveries d WHERE d.event_type <> 'webhook.ping'
			AND NOT EXISTS (SELECT 1 FROM core.webhook_event_types t WHERE t.type = d.event_type)`), '0',
			'a delivery of an event outside the catalogue');
		const docs = readFileSync(`${ROOT}/docs/webhooks.md`, 'utf8');
		const rows = sql(`SELECT type || ' ' || example::text FROM core.webhook_event_types`).split('\n');
		assert.deepEqual(rows.filter((row) => {
			const [t, ...ex] = row.split(' ');
			return !docs.includes(`### \`${t}\``) || !docs.includes(ex.join(' '));
		}), [], 'in the catalogue but not in docs/webhooks.md (with its example)');
	});
});
