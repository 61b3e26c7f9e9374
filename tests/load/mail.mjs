#!/usr/bin/env node
// Mail throughput (docs/mail.md): N messages (default 200) queued in one
// transaction, sent by the stack's hearth-worker over STARTTLS + AUTH to
// the test's SMTP server on loopback (tests/fixtures/smtp_server.py);
// reports messages/s from the commit to the last one sent, and each
// message's claim-to-result time (the worker's JSON lines) p50/p99. The
// mail settings are put back as they were. Reports; never fails on numbers.
//
//   tools/hearth up
//   HEARTH_URL=http://127.0.0.1:8080 node tests/load/mail.mjs [N]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signIn, USERS } from '../lib/client.mjs';
const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const N = Number(process.argv[2] || 200);
const sql = (q) => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', q], { encoding: 'utf8' }).trim();
const dir = mkdtempSync(join(tmpdir(), 'hearth-mailbench-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
const out = join(dir, 'out.jsonl');
const smtp = spawn('/usr/bin/python3', [`${ROOT}/tests/fixtures/smtp_server.py`, '--cert', join(dir, 'c.pem'), '--key', join(dir, 'k.pem'), '--user', 'u', '--password', 'p', '--out', out], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((ok) => smtp.stdout.on('data', (d) => { const m = /PORT (\d+)/.exec(String(d)); if (m) ok(Number(m[1])); }));
const admin = await signIn(USERS.admin);
const cur = (await admin.getJson('/auth/mail/settings')).body;
await admin.postJson('/auth/mail/settings', { host: '127.0.0.1', port, security: 'starttls', username: 'u', password: 'p', from_address: 'bench@hearth.test', ca_pem: readFileSync(join(dir, 'c.pem'), 'utf8'), version: cur.version });
const first = Number(sql(`SELECT coalesce(max(id), 0) FROM core.mail_messages`));
const t0 = Date.now();
sql(`SELECT count(core.mail_enqueue('auth.mail_test', 'bench' || i || '@example.com', '', 'Bench ' || i, 'text ' || i, '<p>html ' || i || '</p>', NULL, '', NULL)) FROM generate_series(1, ${N}) i`);
for (;;) {
	const left = Number(sql(`SELECT count(*) FROM core.mail_messages WHERE id > ${first} AND status <> 'sent'`));
	if (left === 0) break;
	await new Promise((ok) => setTimeout(ok, 50));
}
const secs = (Date.now() - t0) / 1000;
const got = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean).length : 0;
const ms = readFileSync(`${ROOT}/var/log/worker.log`, 'utf8').split('\n').filter((l) => l.includes('"msg":"mail"'))
	.map((l) => JSON.parse(l)).filter((l) => l.message > first).map((l) => l.ms).sort((a, b) => a - b);
const pct = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
console.log(`${N} messages, commit to all sent: ${secs.toFixed(2)} s (${(N / secs).toFixed(1)}/s); received ${got}; per message (claim to result) p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
const now = (await admin.getJson('/auth/mail/settings')).body;
await admin.postJson('/auth/mail/settings', { host: cur.host, port: cur.port, security: cur.security, username: cur.username,
	password_clear: !cur.password_set, from_address: cur.from_address, from_name: cur.from_name, reply_to: cur.reply_to,
	ca_pem: cur.ca_pem, version: now.version });
smtp.kill('SIGTERM');
