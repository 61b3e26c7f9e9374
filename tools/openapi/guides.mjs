// The guides beside the API reference: docs/<name>.md rendered to
// static/api/<name>.html (served at /api/<name>) in the reference page's
// shell, so what the product tells its users to read (how to check a
// webhook signature, the import file format, the metrics) is on the site
// itself, not only in the source tree.
//
// Markdown by cmark-gfm (Debian's, GitHub's dialect with tables): a real
// CommonMark parser rather than a hand-written one, and safe by default
// (raw HTML in a document is dropped, never passed through). Links to
// another published guide (`webhooks.md`, `docs/imports.md#x`) become
// /api/<name> links; links into the source tree become plain text.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pageShell } from './render.mjs';

/** For the people who build Hearth, not for its users. */
const UNPUBLISHED = new Set(['adding-a-resource']);

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** "The signature" → "the-signature" (GitHub's anchors, so links written against it work). */
export function slug(text) {
	return text.toLowerCase().replace(/<[^>]+>/g, '').replace(/&[a-z#0-9]+;/g, '')
		.replace(/[^\p{L}\p{N} _-]/gu, '').trim().replace(/ /g, '-');
}

/** The published guides: [{name, title, file}], title from the first "# " line. */
export function listGuides(root) {
	const dir = join(root, 'docs');
	return readdirSync(dir).filter((f) => /^[a-z][a-z0-9-]*\.md$/.test(f)).sort()
		.map((f) => f.slice(0, -3)).filter((name) => !UNPUBLISHED.has(name))
		.map((name) => {
			const file = join(dir, `${name}.md`);
			const title = /^# (.+)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? name;
			return { name, title, file };
		});
}

/** cmark-gfm's HTML of one guide, with heading ids and links fixed. */
export function guideBody(file, published) {
	const html = execFileSync('cmark-gfm', ['--extension', 'table', '--extension', 'autolink',
		'--extension', 'strikethrough', file], { encoding: 'utf8', maxBuffer: 16 << 20 });
	const seen = new Map();
	return html
		// the title is the page's h1; the body starts after it
		.replace(/^<h1>[\s\S]*?<\/h1>\n/, '')
		.replace(/<h([2-4])>([\s\S]*?)<\/h\1>/g, (_, n, inner) => {
			let id = slug(inner);
			const k = seen.get(id) ?? 0;
			seen.set(id, k + 1);
			if (k) id = `${id}-${k}`;
			return `<h${n} id="${esc(id)}">${inner}</h${n}>`;
		})
		.replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/g, (all, href, text) => {
			if (/^(https?:|mailto:|\/|#)/.test(href)) return all;
			const m = /^(?:\.\/|docs\/)?([a-z][a-z0-9-]*)\.md(#[^"]*)?$/.exec(href);
			if (m && published.has(m[1])) return `<a href="/api/${m[1]}${m[2] ?? ''}">${text}</a>`;
			return text;
		})
		.replace(/<table>/g, '<div class="table-wrap"><table class="table">')
		.replace(/<\/table>/g, '</table></div>');
}

/** [[path under out, html]] for every guide. */
export function renderGuides(root) {
	const guides = listGuides(root);
	const published = new Set(guides.map((g) => g.name));
	return {
		guides,
		pages: guides.map((g) => [`api/${g.name}.html`, pageShell({
			title: g.title,
			heading: g.title,
			meta: `Guide · part of the <a href="/api">API reference</a>`,
			body: `<section class="card guide"><div class="card-body">${guideBody(g.file, published)}</div></section>`,
			bodyClass: 'api-reference api-guide',
		})]),
	};
}
