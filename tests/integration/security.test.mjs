// Hostile input: HTML/script payloads must come back escaped on every page
// that shows them; SQL metacharacters must be plain text (stored, shown,
// searched) and never change a query.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	Client, loginFormToken, USERS, RUN, signIn, assertJson, assertHtml, createCustomer, inputValue, textareaValue, escapeHtml,
} from '../lib/client.mjs';

let sales;
const hostile = [];   // ids created here: archived at the end, so the dev stack's lists are not full of payloads
before(async () => { sales = await signIn(USERS.sales); });
after(async () => {
	for (const id of hostile) await sales.deleteJson(`/customers/${id}`);
});

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

// What must never appear raw in a page, and the escaped text that must.
function assertEscaped(html, payload, where) {
	const raw = payload.replace(/^"/, ''); // the quote is checked separately, in attributes
	assert.ok(!html.includes(raw), `${where}: the raw payload ${raw} is in the page`);
	assert.ok(!/<script>alert\(1\)/i.test(html), `${where}: a live <script>alert(1)`);
	assert.ok(!/<img[^>]*onerror=/i.test(html), `${where}: a live <img onerror>`);
	assert.ok(html.includes(escapeHtml(raw)), `${where}: the escaped form ${escapeHtml(raw)} is not in the page`);
}

describe('XSS: stored payloads are shown escaped', () => {
	const cases = [
		{ label: 'script', payload: SCRIPT },
		{ label: 'img', payload: IMG },
	];
	for (const { label, payload } of cases) {
		describe(label, () => {
			const name = `${payload} ${label}${RUN}`;
			const tag = `${label}${RUN}`;
			let c;
			before(async () => {
				c = await createCustomer(sales, {
					name, billing_city: payload, notes: `${payload}\nnotes`, tags: [tag, label === 'img' ? IMG : SCRIPT],
				});
				hostile.push(c.id);
				assert.equal(c.name, name, 'the payload was changed on the way in (store as is, escape on output)');
			});

			test('list page', async () => {
				const html = assertHtml(await sales.getHtml(`/customers?tag=${encodeURIComponent(tag)}`), 200);
				assert.ok(html.includes(`/customers/${c.id}"`), 'the customer is not listed');
				assertEscaped(html, payload, 'list');
			});

			test('list page with the payload as the search text', async () => {
				const html = assertHtml(await sales.getHtml(`/customers?q=${encodeURIComponent(payload)}`), 200);
				assertEscaped(html, payload, 'search');
				// The search box keeps the text, escaped inside its attribute.
				assert.equal(inputValue(html, 'q'), payload, 'the search box lost or mangled q');
			});

			test('show page', async () => {
				const html = assertHtml(await sales.getHtml(`/customers/${c.id}`), 200);
				assertEscaped(html, payload, 'show');
			});

			test('edit page: attribute values escaped, quotes too', async () => {
				const html = assertHtml(await sales.getHtml(`/customers/${c.id}/edit`), 200);
				assertEscaped(html, payload, 'edit');
				// Decoding the attribute gives back exactly the stored value: no breaking out of value="".
				assert.equal(inputValue(html, 'name'), name);
				assert.equal(inputValue(html, 'billing_city'), payload);
				assert.equal(textareaValue(html, 'notes'), `${payload}\nnotes`);
				assert.ok(!html.includes(`value="${payload}`), 'a raw quote ends the value attribute');
			});

			test('form shown again with errors keeps the payload escaped', async () => {
				const r = await sales.postForm('/customers', { name: payload, email: `bad ${payload}` });
				const html = assertHtml(r, 422);
				assertEscaped(html, payload, 'form again');
				assert.equal(inputValue(html, 'name'), payload);
			});

			test('JSON returns the text as is (escaping is the page\'s job)', async () => {
				const j = assertJson(await sales.getJson(`/customers/${c.id}`), 200);
				assert.equal(j.name, name);
				assert.equal(j.billing_city, payload);
			});
		});
	}

	test('the sign-in page does not reflect next= or email raw', async () => {
		const c = new Client();
		const evilNext = `/customers"><script>alert(1)</script>`;
		const page = await c.getHtml(`/auth/login?next=${encodeURIComponent(evilNext)}`);
		assert.equal(page.status, 200);
		assert.ok(!page.text.includes('<script>alert(1)'), 'next= reflected raw');
		const token = await loginFormToken(c);
		const r = await c.postForm('/auth/login', { email: `${SCRIPT}@x.example`, password: 'nope-nope', _csrf: token });
		assert.equal(r.status, 401);
		assert.ok(!r.text.includes('<script>alert(1)'), 'email reflected raw');
	});
});

describe('SQL metacharacters are plain text', () => {
	const names = {
		drop: `'; DROP TABLE customers.customers; -- ${RUN}`,
		percent: `100% Wired ${RUN}`,
		underscore: `Under_score ${RUN}`,
		backslash: `Back\\slash ${RUN}`,
		quote: `O'Brien "Smart" Homes ${RUN}`,
		union: `x' UNION SELECT password_hash FROM auth.users -- ${RUN}`,
	};
	const made = {};
	before(async () => {
		for (const [k, n] of Object.entries(names)) {
			made[k] = await createCustomer(sales, { name: n, notes: n, billing_city: n.slice(0, 90) });
			hostile.push(made[k].id);
		}
	});

	test('stored and read back exactly', async () => {
		for (const [k, n] of Object.entries(names)) {
			const j = assertJson(await sales.getJson(`/customers/${made[k].id}`), 200);
			assert.equal(j.name, n, k);
			assert.equal(j.notes, n, k);
		}
	});

	test('the customers table is still there', async () => {
		const l = assertJson(await sales.getJson('/customers?limit=5'), 200);
		assert.ok(l.items.length > 0);
	});

	test('searchable by their full names', async () => {
		for (const [k, n] of Object.entries(names)) {
			const l = assertJson(await sales.getJson(`/customers?q=${encodeURIComponent(n)}&limit=200`), 200, k);
			assert.ok(l.items.some((i) => i.id === made[k].id), `search for ${n} did not find it`);
		}
	});

	for (const [ch, key] of [['%', 'percent'], ['_', 'underscore'], ['\\', 'backslash']]) {
		test(`"${ch}" as the search text matches only text that contains it`, async () => {
			const l = assertJson(await sales.getJson(`/customers?q=${encodeURIComponent(ch)}&limit=200`), 200);
			assert.ok(l.items.some((i) => i.id === made[key].id) || l.items.length === 200,
				`"${ch}" did not find ${names[key]}`);
			for (const i of l.items) {
				const hay = [i.name, i.email, i.phone, i.billing_city].join(' ');
				assert.ok(hay.includes(ch), `"${ch}" matched ${JSON.stringify(i.name)}: a wildcard, not a character`);
			}
		});
	}

	test('"%" inside a longer search is a character, not a wildcard', async () => {
		const l = assertJson(await sales.getJson(`/customers?q=${encodeURIComponent(`100% Wired ${RUN}`)}&limit=200`), 200);
		assert.ok(l.items.some((i) => i.id === made.percent.id));
		// "100%Wired" has no space: as a LIKE pattern (% = anything) it would match "100% Wired"; as text it must not.
		const w = assertJson(await sales.getJson(`/customers?q=${encodeURIComponent(`0%W`)}&limit=200`), 200);
		assert.ok(!w.items.some((i) => i.id === made.percent.id), '"0%W" matched "100% Wired": % acted as a wildcard');
	});

	test('metacharacters in every list parameter are harmless', async () => {
		for (const p of ['tag', 'kind', 'sort', 'after', 'limit']) {
			for (const v of ["'", '%', "1' OR '1'='1", '\\', '_']) {
				const r = await sales.getJson(`/customers?${p}=${encodeURIComponent(v)}`);
				assert.ok(r.status === 200 || r.status === 422, `${p}=${v}: ${r.status} ${r.text.slice(0, 200)}`);
				if (p === 'tag' && r.status === 200) assert.equal(r.body.items.length, 0, `tag=${v} matched`);
			}
		}
		const r = await sales.getJson(`/customers/1%27%20OR%201=1`);
		assert.equal(r.status, 404);
	});

	test('shown escaped on the list page', async () => {
		const html = assertHtml(await sales.getHtml(`/customers?q=${encodeURIComponent(`O'Brien "Smart" Homes ${RUN}`)}`), 200);
		assert.ok(html.includes(`/customers/${made.quote.id}"`));
		assert.equal(inputValue(html, 'q'), `O'Brien "Smart" Homes ${RUN}`, 'the search box mangles quotes');
		assert.ok(!html.includes(`"Smart" Homes ${RUN}"`), 'a raw quote inside an attribute');
	});
});
