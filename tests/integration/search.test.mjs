// Search, keyset pagination and CSV export of the customer list.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	Client, USERS, RUN, signIn, assertJson, assertProblem, createCustomer, listAll, parseCsv, letters, digits,
} from '../lib/client.mjs';

let sales;
before(async () => { sales = await signIn(USERS.sales); });

const q = (s) => encodeURIComponent(s);

async function search(text, extra = '') {
	const r = await sales.getJson(`/customers?q=${q(text)}&limit=200${extra}`);
	return assertJson(r, 200, `search ${text}`).items;
}

describe('search', () => {
	// One customer with a made-up surname, e-mail and phone nobody else has.
	const word = `Marchetti${letters(7)}`;
	const area = `7${digits(2)}`, mid = digits(3), end = digits(4);
	const email = `kestrel.${RUN}@hearth-tests.example`;
	let c;
	before(async () => {
		c = await createCustomer(sales, {
			name: `Giulia ${word}`, email, phone: `(${area}) ${mid}-${end}`, billing_city: 'Duluth',
		});
	});
	const ids = (items) => items.map((i) => i.id);

	test('a tag filter longer than a tag can be → 422 naming the tag; a tag that fits is fine', async () => {
		const p = assertProblem(await sales.getJson(`/customers?tag=${'x'.repeat(41)}`), 422);
		assert.equal(p.errors.tag, 'At most 40 characters.');
		assertJson(await sales.getJson(`/customers?tag=${'x'.repeat(40)}`), 200);
	});

	test('by name word', async () => {
		assert.ok(ids(await search(word)).includes(c.id));
		assert.ok(ids(await search(word.toUpperCase())).includes(c.id), 'search is case-sensitive');
		assert.ok(ids(await search(`giulia ${word.toLowerCase()}`)).includes(c.id));
	});

	test('by substring of the name', async () => {
		assert.ok(ids(await search(word.slice(3, 12))).includes(c.id));
	});

	test('by email and its local part', async () => {
		assert.ok(ids(await search(email)).includes(c.id), 'full email');
		assert.ok(ids(await search(`kestrel.${RUN}`)).includes(c.id), 'local part');
	});

	test('by phone digits, however they are spaced', async () => {
		for (const form of [`${area} ${mid} ${end}`, `${area}${mid}${end}`, `(${area}) ${mid}-${end}`, `${mid} ${end}`, `${mid}-${end}`, `${area}-${mid}-${end}`, `${area}.${mid}.${end}`]) {
			assert.ok(ids(await search(form)).includes(c.id), `phone search "${form}"`);
		}
	});

	test('fuzzy: a misspelt name still finds the customer', async () => {
		// drop one letter, swap one letter
		const dropped = word.slice(0, 4) + word.slice(5);
		const swapped = word.slice(0, 2) + word[3] + word[2] + word.slice(4);
		for (const m of [dropped, swapped]) assert.ok(ids(await search(m)).includes(c.id), `fuzzy "${m}" for "${word}"`);
	});

	test('no match → empty list, not an error', async () => {
		assert.deepEqual(await search(`zz${letters(12)}qq`), []);
	});

	test('search text over 200 characters → 422', async () => {
		assertProblem(await sales.getJson(`/customers?q=${'a'.repeat(201)}`), 422);
	});

	test('the HTML list finds it too', async () => {
		const r = await sales.getHtml(`/customers?q=${q(word)}`);
		assert.equal(r.status, 200);
		assert.ok(r.text.includes(`/customers/${c.id}"`), 'the HTML search result has no link to the customer');
	});
});

// Exact matches first (full text, substring, phone digits); similar words
// (word similarity) only when the exact matches are fewer than a page.
describe('search steps: exact first, fuzzy only to fill a page', () => {
	const word = `Tamsin${letters(7)}`;
	const near = word.slice(0, 4) + word.slice(5);       // one letter dropped: similar, not a substring
	const area = `6${digits(2)}`, mid = digits(3), end = digits(4);
	const made = [];
	let nearMiss;
	const ids = (items) => items.map((i) => i.id);
	before(async () => {
		// Five share the word (one in the e-mail only, one in the middle of
		// the name), so with limit=3 the exact matches fill a page.
		const names = [`Zed ${word} Holdings`, `abel ${word}`, `Mid${word.toLowerCase()}son Ltd`, `Bea ${word}`, 'Only By Email'];
		for (const [i, name] of names.entries()) {
			made.push(await createCustomer(sales, {
				name: `${name} ${RUN}`, email: i === 4 ? `${word.toLowerCase()}.${RUN}@example.com` : '',
				kind: i % 2 ? 'commercial' : 'residential',
				phone: i === 0 ? `(${area}) ${mid}-${end}` : '',
			}));
		}
		nearMiss = await createCustomer(sales, { name: `Ann ${near} ${RUN}` });
	});

	test('a common term: pages in name order, a working next page, no similar names mixed in', async () => {
		const seen = [];
		const pages = [];
		let url = `/customers?q=${q(word)}&limit=3`;
		for (let i = 0; i < 5; i++) {
			const body = assertJson(await sales.getJson(url), 200, url);
			pages.push(body.items.length);
			seen.push(...body.items);
			if (!body.next) break;
			url = `/customers?q=${q(word)}&limit=3&after=${q(body.next)}`;
		}
		assert.deepEqual(pages, [3, 2], `page sizes ${pages}`);
		const got = seen.map((i) => i.id);
		assert.deepEqual([...got].sort((a, b) => a - b), made.map((m) => m.id).sort((a, b) => a - b));
		const keys = seen.map((i) => [i.name.toLowerCase(), i.id]);
		const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
		assert.deepEqual(keys, sorted, 'not in name order');
		assert.ok(!got.includes(nearMiss.id), 'a merely similar name was mixed into a page of exact matches');
	});

	test('the same pages in every sort, newest first too', async () => {
		for (const sort of ['-created_at', '-updated_at']) {
			const all = await listAll(sales, `/customers?q=${q(word)}&limit=2&sort=${sort}`);
			assert.deepEqual(all.map((i) => i.id), made.map((m) => m.id).reverse(), `sort=${sort}`);
		}
	});

	test('with a kind filter', async () => {
		// Two exact matches, so similar names may fill the page: look at this test's own.
		const mine = [...made, nearMiss].map((m) => m.id);
		const res = ids(await search(word, '&kind=commercial')).filter((id) => mine.includes(id));
		assert.deepEqual(res.sort((a, b) => a - b), [made[1].id, made[3].id].sort((a, b) => a - b));
	});

	test('few exact matches: similar words fill the page', async () => {
		const res = ids(await search(`${word} Holdings`));
		assert.ok(res.includes(made[0].id), 'the exact match');
		const typo = ids(await search(near));
		assert.ok(typo.includes(nearMiss.id), 'the exact match of the misspelling');
		assert.ok(typo.includes(made[1].id) && typo.includes(made[3].id), `the similar names: ${typo}`);
	});

	test('a rare term on its own, and a phone number by its digits only', async () => {
		// One exact match: similar names (this test's others, earlier runs') fill the page.
		assert.ok(ids(await search(`abel ${word}`)).includes(made[1].id), 'a rare term');
		assert.deepEqual(ids(await search(`${mid}-${end}`)).filter((id) => made.some((m) => m.id === id)), [made[0].id]);
		assert.ok(ids(await search(`(${area}) ${mid}-${end}`)).includes(made[0].id));
	});

	test('contacts: exact, misspelt and phone', async () => {
		const cword = `Ottoline${letters(7)}`;
		const phone = `(${area}) ${digits(3)}-${digits(4)}`;
		const r = await sales.postJson(`/customers/${made[0].id}/contacts`, { name: `Ida ${cword}`, phone });
		const contact = assertJson(r, 201, 'create contact');
		const find = async (text) => assertJson(await sales.getJson(`/contacts?q=${q(text)}&limit=200`), 200).items.map((i) => i.id);
		assert.ok((await find(cword)).includes(contact.id), 'exact');
		assert.ok((await find(cword.slice(0, 4) + cword.slice(5))).includes(contact.id), 'misspelt');
		assert.ok((await find(phone.replace(/\D/g, ' '))).includes(contact.id), 'phone digits');
	});
});

describe('keyset pagination', () => {
	const tag = `page${RUN}`;
	const made = [];
	before(async () => {
		for (let i = 0; i < 7; i++) {
			// Two pairs share a name: ties must be broken by id, not lost.
			const name = `Pager ${['Delta', 'alpha', 'Charlie', 'alpha', 'Bravo', 'echo', 'Bravo'][i]} ${RUN}`;
			made.push(await createCustomer(sales, { name, tags: [tag] }));
		}
	});

	for (const sort of ['name', '-created_at', '-updated_at']) {
		test(`limit=3, sort=${sort}: every page, no duplicates, no gaps, in order`, async () => {
			const seen = [];
			const pages = [];
			let url = `/customers?tag=${tag}&limit=3&sort=${sort}`;
			for (let i = 0; i < 10; i++) {
				const body = assertJson(await sales.getJson(url), 200, url);
				pages.push(body.items.length);
				seen.push(...body.items);
				if (!body.next) break;
				assert.equal(typeof body.next, 'string');
				url = `/customers?tag=${tag}&limit=3&sort=${sort}&after=${q(body.next)}`;
			}
			assert.deepEqual(pages, [3, 3, 1], `page sizes ${pages}`);
			const got = seen.map((i) => i.id);
			assert.equal(new Set(got).size, got.length, `duplicates: ${got}`);
			assert.deepEqual([...got].sort((a, b) => a - b), made.map((m) => m.id).sort((a, b) => a - b), 'gaps');
			if (sort === 'name') {
				const keys = seen.map((i) => [i.name.toLowerCase(), i.id]);
				const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
				assert.deepEqual(keys, sorted, 'not in name order');
			} else {
				// newest first: creation order reversed
				assert.deepEqual(got, made.map((m) => m.id).reverse());
			}
		});
	}

	test('limit=1 walks the same set', async () => {
		const all = await listAll(sales, `/customers?tag=${tag}&limit=1`);
		assert.deepEqual(all.map((i) => i.id).sort((a, b) => a - b), made.map((m) => m.id).sort((a, b) => a - b));
	});

	test('a record updated between pages is neither lost nor repeated (sort=name)', async () => {
		const p1 = assertJson(await sales.getJson(`/customers?tag=${tag}&limit=3`), 200);
		// Change a record on a later page without changing its position.
		const later = made.find((m) => !p1.items.some((i) => i.id === m.id));
		const cur = assertJson(await sales.getJson(`/customers/${later.id}`), 200);
		assertJson(await sales.patchJson(`/customers/${later.id}`, { notes: 'touched', version: cur.version }), 200);
		const rest = await listAll(sales, `/customers?tag=${tag}&limit=3&after=${q(p1.next)}`);
		const ids = [...p1.items, ...rest].map((i) => i.id);
		assert.equal(new Set(ids).size, 7);
	});

	test('the HTML list has a "next page" link carrying the cursor and the filters', async () => {
		const r = await sales.getHtml(`/customers?tag=${tag}&limit=3`);
		assert.equal(r.status, 200);
		const m = r.text.match(/<a\b[^>]*\brel="next"[^>]*\bhref="([^"]+)"|<a\b[^>]*\bhref="([^"]+)"[^>]*\brel="next"/);
		assert.ok(m, 'no rel="next" link');
		const href = (m[1] || m[2]).replace(/&amp;/g, '&');
		const u = new URL(href, 'http://x/customers');
		assert.ok(u.searchParams.get('after'), href);
		assert.equal(u.searchParams.get('tag'), tag, `the next link drops the tag filter: ${href}`);
		assert.equal(u.searchParams.get('limit'), '3', `the next link drops the limit: ${href}`);
	});
});

describe('CSV export', () => {
	const tag = `csv${RUN}`;
	const names = {
		comma: `Smith, "Bob" & Co ${RUN}`,
		formula: `=HYPERLINK("http://evil.example","x") ${RUN}`,
		plus: `+1+1 ${RUN}`,
		at: `@SUM(A1) ${RUN}`,
		minus: `-2+3 ${RUN}`,
		plain: `Plain ${RUN}`,
	};
	const ids = [];
	before(async () => {
		for (const n of Object.values(names)) ids.push((await createCustomer(sales, { name: n, tags: [tag, 'two'] })).id);
	});
	// Formula-looking names would top the dev stack's lists: archive them when done.
	after(async () => {
		for (const id of ids) await sales.deleteJson(`/customers/${id}`);
	});

	test('?format=csv: text/csv attachment, header row, RFC 4180 quoting, CRLF', async () => {
		const r = await sales.fetch(`/customers?format=csv&tag=${tag}&limit=200`);
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type') || '', /^text\/csv/);
		assert.match(r.headers.get('content-disposition') || '', /^attachment;\s*filename="?[^"]+\.csv"?/);
		const text = await r.text();
		assert.ok(text.endsWith('\r\n'), 'rows must end in CRLF');
		assert.ok(!/[^\r]\n/.test(text), 'a bare LF line ending');
		const rows = parseCsv(text);
		const header = rows[0];
		for (const col of ['id', 'name', 'email', 'phone', 'tags', 'created_at']) assert.ok(header.includes(col), `no ${col} column: ${header}`);
		assert.ok(!header.includes('search_text') && !header.includes('search_tsv'), 'internal columns exported');
		assert.equal(rows.length, 1 + Object.keys(names).length);
		for (const row of rows) assert.equal(row.length, header.length, `ragged row ${row}`);
		const byName = new Map(rows.slice(1).map((row) => [row[header.indexOf('name')], row]));
		assert.ok(byName.has(names.comma), `comma/quote name not round-tripped: ${[...byName.keys()]}`);
		assert.ok(text.includes(`"Smith, ""Bob"" & Co ${RUN}"`), 'embedded quotes must be doubled inside a quoted field');
		assert.ok(byName.has(names.plain));
		const tagsCol = byName.get(names.plain)[header.indexOf('tags')];
		assert.ok(tagsCol.includes(tag) && tagsCol.includes('two'), `tags column: ${tagsCol}`);
	});

	test('formula injection is neutralised with a leading apostrophe', async () => {
		const text = await (await sales.fetch(`/customers?format=csv&tag=${tag}`)).text();
		const rows = parseCsv(text);
		const ni = rows[0].indexOf('name');
		const got = rows.slice(1).map((r) => r[ni]);
		for (const k of ['formula', 'plus', 'at', 'minus']) {
			assert.ok(got.includes(`'${names[k]}`), `${k}: want '${names[k]} in ${JSON.stringify(got)}`);
			assert.ok(!got.includes(names[k]), `${k} exported raw`);
		}
	});

	test('Accept: text/csv works too; a page without CSV → 406', async () => {
		const r = await sales.fetch(`/customers?tag=${tag}`, { accept: 'text/csv' });
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type') || '', /^text\/csv/);
		const c = await createCustomer(sales, { name: `Csv one ${RUN}` });
		const one = await sales.fetch(`/customers/${c.id}?format=csv`);
		assert.equal(one.status, 406);
	});

	test('CSV export needs sign-in', async () => {
		const r = await new Client().fetch('/customers?format=csv');
		assert.ok(r.status === 401 || r.status === 303, `signed-out CSV: ${r.status}`);
		assert.ok(!(await r.text()).includes(',name,'), 'signed-out CSV has data');
	});
});
