// Debian's Chromium for the e2e tests, driven by playwright-core: the one
// place that knows its path and flags (a browser playwright downloads
// itself does not run here: LIBRARY-NOTES).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || process.env.CHROME_PATH || '/usr/bin/chromium';

/** A headless Chromium; close it in after(). */
export function launchBrowser() {
	assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
	return chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--no-first-run'],
	});
}

/** Collects into problems what must fail a journey: a console error, a
 *  CSP report, an uncaught exception, a failed asset (not a document:
 *  a 4xx page can be what the test asks for). */
export function watchPage(page, problems) {
	page.on('console', (m) => {
		if (/^Failed to load resource/.test(m.text())) return;
		if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`${page.url()}: exception: ${e.message}`));
	page.on('response', (r) => {
		if (r.request().resourceType() !== 'document' && r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
	});
	return page;
}

/** Signs page in through the login form that path sends it to, and waits
 *  to be back on path. */
export async function signInThrough(page, path, email, password) {
	await page.goto(path);
	await page.fill('#f-email', email);
	await page.fill('#f-password', password);
	await Promise.all([page.waitForURL((u) => u.pathname === path), page.click('form[action="/auth/login"] button[type="submit"]')]);
	return page;
}

/** A new context of browser (baseURL, viewport, and any other context
 *  options in opts) with one watched page signed in as email through
 *  path's login form. Returns { ctx, p }. */
export async function signedInPage(browser, { baseURL, viewport, path, email, password, problems, ...opts }) {
	const ctx = await browser.newContext({ baseURL, viewport, ...opts });
	ctx.setDefaultTimeout(15000);
	const p = watchPage(await ctx.newPage(), problems);
	await signInThrough(p, path, email, password);
	return { ctx, p };
}
