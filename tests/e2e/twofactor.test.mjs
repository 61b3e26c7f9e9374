// Two-factor sign-in in headless Chromium (Debian's, driven by
// playwright-core): a new user enrols from the QR page by reading the
// manual key shown under the QR code, confirms with a code from `oathtool`,
// saves the recovery codes, signs out, signs in with the password and then
// a code oathtool computes, and signs out a second browser's session on
// /auth/sessions. The enrolment and code-step pages are also looked at on
// a phone; the QR code is read back with `zbarimg` (zbar-tools).
// Screenshots go to tests/e2e/screenshots/.
//
// Every page is watched: a console error, an uncaught exception, a CSP
// violation or a failed asset fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BASE, RUN } from '../lib/client.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const ROOT = process.env.HEARTH_ROOT || join(HERE, '..', '..');
const CONFIG = process.env.HEARTH_CONFIG || join(ROOT, 'var', 'hearth.conf');
const CHROMIUM = process.env.CHROMIUM_PATH || process.env.CHROME_PATH || '/usr/bin/chromium';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PERIOD = 30;

let browser;
const problems = [];

before(async () => {
	mkdirSync(SHOTS, { recursive: true });
	assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--no-first-run'],
	});
});

after(async () => {
	if (browser) await browser.close();
	execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtq', '-v', `p=tf-e2e-${RUN}-%@example.com`],
		{ input: `DELETE FROM auth.users WHERE email LIKE :'p'`, encoding: 'utf8' });
});

async function context(name, opts = {}) {
	const ctx = await browser.newContext({ baseURL: BASE, viewport: DESKTOP, ...opts });
	ctx.setDefaultTimeout(10000);
	ctx.on('page', (page) => watch(name, page));
	return ctx;
}

function watch(name, page) {
	const where = () => `${name} ${page.url().replace(BASE, '')}`;
	page.on('console', (m) => {
		if (/^Failed to load resource/.test(m.text())) return;   // a 4xx page (the 422 form), caught below for assets
		if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push([where(), `console: ${m.text()}`]);
	});
	page.on('pageerror', (e) => problems.push([where(), `exception: ${e.message}`]));
	page.on('requestfailed', (r) => {
		if (!/ERR_ABORTED/.test(r.failure()?.errorText || '')) problems.push([where(), `request failed: ${r.url()} ${r.failure()?.errorText}`]);
	});
	page.on('response', (r) => {
		if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push([where(), `${r.status()} for ${r.url()}`]);
	});
}

async function shot(page, file, opts = {}) {
	await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
	await page.screenshot({ path: join(SHOTS, file), ...opts });
}

let nusers = 0;
function makeUser(role) {
	nusers++;
	const email = `tf-e2e-${RUN}-${nusers}@example.com`;
	const password = `E2e ${randomBytes(9).toString('base64url')} passphrase`;
	execFileSync(join(ROOT, 'tools', 'hearthctl'), ['create-user', email, '--role', role, '--name', `Priya Natarajan ${nusers}`], {
		cwd: ROOT, input: `${password}\n`, env: { ...process.env, HEARTH_CONFIG: CONFIG }, encoding: 'utf8',
	});
	return { email, password };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Codes from oathtool, each a later step than the last, inside the server's ±1 window (waits when used up). */
class Authenticator {
	constructor(secret) { this.secret = secret; this.last = -1; }
	async next() {
		for (;;) {
			const now = Date.now() / 1000;
			const lo = Math.floor((now - 1) / PERIOD), hi = Math.floor((now + 4) / PERIOD);
			const step = Math.max(this.last + 1, hi - 1);
			if (step <= lo + 1) {
				this.last = step;
				return execFileSync('oathtool', ['--totp', '-b', '-N', `@${step * PERIOD + 1}`, this.secret], { encoding: 'utf8' }).trim();
			}
			await sleep(((step - 1) * PERIOD + 1.5 - now) * 1000);
		}
	}
	/** A 6-digit code that is none of the codes around now. */
	wrong() {
		const now = Math.floor(Date.now() / 1000);
		const near = [-2, -1, 0, 1, 2].map((d) => execFileSync('oathtool', ['--totp', '-b', '-N', `@${now + d * PERIOD}`, this.secret], { encoding: 'utf8' }).trim());
		for (let c = 123456; ; c = (c + 111111) % 1000000) {
			const s = String(c).padStart(6, '0');
			if (!near.includes(s)) return s;
		}
	}
}

async function passwordStep(page, user) {
	await page.goto('/auth/login');
	await page.fill('#f-email', user.email);
	await page.fill('#f-password', user.password);
	await Promise.all([page.waitForNavigation(), page.click('form[action="/auth/login"] button[type="submit"]')]);
}

async function codeStep(page, code) {
	assert.equal(await page.locator('h1').first().innerText(), 'Two-factor sign-in', `no code step at ${page.url()}`);
	await page.fill('#f-code', code);
	await Promise.all([page.waitForURL((u) => u.pathname === '/customers'), page.click('form[action="/auth/login/2fa"] button[type="submit"]')]);
}

async function openUserMenu(page) {
	await page.click('.usermenu summary');
	await page.locator('.usermenu-panel').waitFor();
}

test('two-factor journey: enrol from the QR page, sign out, sign in with an oathtool code, revoke a session', async () => {
	const user = makeUser('sales');
	const ctx = await context('2fa');
	const page = await ctx.newPage();

	// Signed in with the password alone (two-factor is off).
	await passwordStep(page, user);
	assert.equal(new URL(page.url()).pathname, '/customers');

	// The user menu leads to the two-factor page.
	await openUserMenu(page);
	await Promise.all([page.waitForURL((u) => u.pathname === '/auth/2fa'), page.click('.usermenu-panel a[href="/auth/2fa"]')]);
	const qr = page.locator('figure.qr-code svg');
	const box = await qr.boundingBox();
	assert.ok(box && box.width >= 150 && box.height >= 150, `QR code too small or missing: ${JSON.stringify(box)}`);
	assert.equal(await qr.getAttribute('role'), 'img');
	await shot(page, 'twofactor-enrol-desktop.png', { fullPage: true });

	// The manual key under the QR code, read as a person would type it.
	const shown = (await page.locator('#totp-key').innerText()).trim();
	assert.match(shown, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/, `manual key: ${shown}`);
	const auth = new Authenticator(shown.replace(/ /g, ''));
	// The QR code, as a phone's camera would see it, holds that same key for this account.
	const qrShot = join(SHOTS, 'twofactor-qr.png');
	await qr.screenshot({ path: qrShot });
	const scanned = execFileSync('zbarimg', ['-q', '--raw', qrShot], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	const uri = new URL(scanned);
	assert.equal(uri.protocol, 'otpauth:', scanned);
	assert.equal(uri.searchParams.get('secret'), shown.replace(/ /g, ''));
	assert.equal(decodeURIComponent(uri.pathname), `/Hearth:${user.email}`);

	// A mistyped code: the same page, the same key, a message by the field.
	await page.fill('#f-code', auth.wrong());
	await Promise.all([page.waitForNavigation(), page.click('form[action="/auth/2fa/confirm"] button[type="submit"]')]);
	assert.match(await page.locator('#f-code-error').innerText(), /not right/);
	assert.equal((await page.locator('#totp-key').innerText()).trim(), shown);
	await shot(page, 'twofactor-enrol-error-desktop.png', { fullPage: true });

	// The right code: two-factor is on, the recovery codes are shown once.
	await page.fill('#f-code', await auth.next());
	await Promise.all([page.waitForNavigation(), page.click('form[action="/auth/2fa/confirm"] button[type="submit"]')]);
	const codes = await page.locator('#recovery-codes code').allInnerTexts();
	assert.equal(codes.length, 10);
	for (const c of codes) assert.match(c, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
	await shot(page, 'twofactor-recovery-desktop.png', { fullPage: true });
	await Promise.all([page.waitForURL((u) => u.pathname === '/auth/2fa'), page.click('a:has-text("I have saved them")')]);
	assert.match(await page.locator('main').innerText(), /10 of 10 recovery codes left/);
	await shot(page, 'twofactor-on-desktop.png', { fullPage: true });

	// Sign out.
	await openUserMenu(page);
	await Promise.all([page.waitForURL((u) => u.pathname === '/auth/login'), page.click('.usermenu-panel form[action="/auth/logout"] button')]);

	// Sign in: the password, then the code step; "remember" is off by default.
	await passwordStep(page, user);
	assert.equal(new URL(page.url()).pathname, '/auth/login');
	assert.equal(await page.locator('#f-remember').isChecked(), false, 'remember this browser must be off by default');
	await shot(page, 'twofactor-step-desktop.png');
	await codeStep(page, await auth.next());
	assert.ok(!(await ctx.cookies()).some((c) => c.name === 'hearth_device'), 'no remembered device unless ticked');

	// A second browser (a phone) signs in too: its code step, on a phone screen.
	const phone = await context('2fa-phone', { viewport: PHONE, isMobile: true, hasTouch: true });
	const p2 = await phone.newPage();
	await passwordStep(p2, user);
	await shot(p2, 'twofactor-step-phone.png');
	await codeStep(p2, await auth.next());

	// On /auth/sessions the first browser signs out the phone's session.
	await page.goto('/auth/sessions');
	const rows = page.locator('table.table-sessions tbody tr');
	assert.equal(await rows.count(), 2, 'two live sessions');
	await shot(page, 'twofactor-sessions-desktop.png');
	const other = rows.filter({ hasNot: page.locator('.badge:has-text("This session")') });
	assert.equal(await other.count(), 1);
	await other.locator('button[type="submit"]').click();
	const dialog = page.locator('dialog[open]');
	await dialog.waitFor();
	await Promise.all([page.waitForNavigation(), dialog.locator('button[value="ok"]').click()]);
	assert.equal(await page.locator('table.table-sessions tbody tr').count(), 1, 'one session left');

	// The phone's next request is refused: back to sign-in.
	await p2.goto('/customers');
	assert.equal(new URL(p2.url()).pathname, '/auth/login');
	// The first browser is still signed in.
	await page.goto('/customers');
	assert.equal(new URL(page.url()).pathname, '/customers');

	// The enrolment page on a phone, for a user who has not enrolled yet.
	const fresh = makeUser('viewer');
	const p3 = await phone.newPage();
	await passwordStep(p3, fresh);
	await p3.goto('/auth/2fa');
	await shot(p3, 'twofactor-enrol-phone.png', { fullPage: true });
	const pbox = await p3.locator('figure.qr-code svg').boundingBox();
	assert.ok(pbox && pbox.x >= 0 && pbox.x + pbox.width <= PHONE.width, `QR code off screen on a phone: ${JSON.stringify(pbox)}`);

	await phone.close();
	await ctx.close();
	const mine = problems.map(([w, what]) => `${w}: ${what}`);
	assert.deepEqual(mine, []);
});
