// The API reference page (static/api/index.html, served at /api) rendered
// from the contract: no script (the site's CSP allows no inline script and
// the page needs none), the product's stylesheet, everything escaped.

const esc = (s) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The little Markdown the descriptions use: paragraphs, `code`, **bold**, [text](/path). */
function md(text) {
	if (!text) return '';
	return text.split(/\n\s*\n/).map((p) => `<p>${esc(p.replace(/\n/g, ' '))
		.replace(/`([^`]+)`/g, '<code>$1</code>')
		.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
		.replace(/\[([^\]]+)\]\((\/[^)\s]*)\)/g, '<a href="$2">$1</a>')}</p>`).join('\n');
}

const BADGE = { get: 'badge-blue', post: 'badge-green', patch: 'badge-amber', put: 'badge-amber', delete: 'badge-red' };

const anchor = (method, path) => `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-+$/, '');

function resolve(doc, node) {
	let n = node;
	for (let i = 0; n && n.$ref && i < 10; i++) {
		const parts = n.$ref.replace(/^#\//, '').split('/');
		n = parts.reduce((o, k) => o?.[k], doc);
	}
	return n || {};
}

const refName = (node) => node?.$ref ? node.$ref.split('/').pop() : null;

/** A schema's type in a few words: "string ≤ 200", "one of a, b", "Customer". */
function typeOf(doc, s) {
	if (!s) return 'any';
	if (s.$ref) return refName(s);
	if (s.const !== undefined) return JSON.stringify(s.const);
	if (s.enum) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`;
	if (s.oneOf) return s.oneOf.map((x) => typeOf(doc, x)).join(' or ');
	const types = [s.type].flat().filter(Boolean);
	let t = types.map((ty) => (ty === 'array' ? `array of ${typeOf(doc, s.items)}` : ty)).join(' or ') || 'object';
	if (s.format) t += ` (${s.format})`;
	if (s.maxLength) t += ` ≤ ${s.maxLength} chars`;
	if (s.maxItems) t += `, ≤ ${s.maxItems} items`;
	if (s.minimum !== undefined && s.maximum !== undefined) t += ` ${s.minimum}–${s.maximum}`;
	return t;
}

function propsTable(doc, schema, caption) {
	const s = resolve(doc, schema);
	if (!s.properties) return `<p class="muted">${esc(typeOf(doc, schema))}</p>`;
	const req = new Set(s.required || []);
	const rows = Object.entries(s.properties).map(([name, p]) => `<tr><td class="cell-primary"><code>${esc(name)}</code>${req.has(name) ? ' <span class="badge badge-neutral">required</span>' : ''}${p.readOnly ? ' <span class="badge">read only</span>' : ''}</td><td data-label="Type">${esc(typeOf(doc, p))}</td><td data-label="Notes"${p.description ? '' : ' class="is-empty"'}>${esc(p.description || '')}</td></tr>`);
	return `<div class="table-wrap table-wrap-stack"><table class="table table-stack"><caption class="visually-hidden">${esc(caption)}</caption>
<thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Notes</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

function security(op) {
	const perm = op['x-permission'];
	if (perm === 'public') return '<p><span class="badge badge-green">public</span> No sign-in needed.</p>';
	const names = { bearer: 'a bearer token', oauth2: 'an OAuth2 access token', session: 'the session cookie', csrf: 'X-CSRF-Token' };
	const ways = (op.security || []).map((req) => Object.entries(req)
		.map(([k, v]) => `${names[k] || k}${v.length ? ` with ${v.join(', ')}` : ''}`).join(' + '));
	return `<p><span class="badge badge-violet">${esc(perm)}</span> ${esc(ways.join('; or '))}</p>`;
}

function operation(doc, path, method, op) {
	const id = anchor(method, path);
	const params = (op.parameters || []).map((p0) => resolve(doc, p0));
	const parts = [];
	parts.push(`<section class="card" id="${esc(id)}" aria-labelledby="${esc(id)}-h">
<header class="card-header"><h3 id="${esc(id)}-h"><span class="badge ${BADGE[method] || ''}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3><p>${esc(op.summary)}</p></header>
<div class="card-body">`);
	parts.push(md(op.description));
	parts.push(security(op));
	if (params.length) {
		parts.push(`<h4>Parameters</h4><div class="table-wrap table-wrap-stack"><table class="table table-stack"><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Notes</th></tr></thead><tbody>
${params.map((p) => `<tr><td class="cell-primary"><code>${esc(p.name)}</code>${p.required ? ' <span class="badge badge-neutral">required</span>' : ''}</td><td data-label="In">${esc(p.in)}</td><td data-label="Type">${esc(typeOf(doc, p.schema))}</td><td data-label="Notes"${p.description ? '' : ' class="is-empty"'}>${esc(p.description || '')}</td></tr>`).join('\n')}
</tbody></table></div>`);
	}
	if (op.requestBody) {
		const content = op.requestBody.content || {};
		const [type, media] = Object.entries(content)[0] || [];
		parts.push(`<h4>Body <span class="muted">${esc(Object.keys(content).join(', '))}</span></h4>`);
		if (op.requestBody.description) parts.push(md(op.requestBody.description));
		if (media) parts.push(propsTable(doc, media.schema, `${type} body`));
	}
	parts.push('<h4>Answers</h4><div class="table-wrap table-wrap-stack"><table class="table table-stack"><thead><tr><th scope="col">Status</th><th scope="col">Type</th><th scope="col">Meaning</th></tr></thead><tbody>');
	for (const [status, r0] of Object.entries(op.responses)) {
		const r = resolve(doc, r0);
		// a named schema links to its table below
		const types = Object.entries(r.content || {}).map(([t, m]) => `${esc(t)}${m.schema ? ` → ${refName(m.schema)
			? `<a href="#schema-${esc(refName(m.schema))}">${esc(refName(m.schema))}</a>` : esc(typeOf(doc, m.schema))}` : ''}`);
		parts.push(`<tr><td class="cell-primary"><code>${esc(status)}</code></td><td data-label="Type">${types.join('; ') || '—'}</td><td data-label="Meaning">${md(r.description)}</td></tr>`);
	}
	parts.push('</tbody></table></div></div></section>');
	return parts.join('\n');
}

export function renderReference(doc, guides = []) {
	const byTag = new Map();
	for (const [path, ops] of Object.entries(doc.paths))
		for (const [method, op] of Object.entries(ops)) {
			const tag = op.tags?.[0] || 'other';
			if (!byTag.has(tag)) byTag.set(tag, []);
			byTag.get(tag).push([path, method, op]);
		}
	const toc = [...byTag].map(([tag, ops]) => `<section class="card"><header class="card-header"><h2>${esc(tag)}</h2></header><div class="card-body"><ul class="api-toc">
${ops.map(([p, m, op]) => `<li><a href="#${esc(anchor(m, p))}"><span class="badge ${BADGE[m] || ''}">${esc(m.toUpperCase())}</span> <code>${esc(p)}</code></a> <span class="muted">${esc(op.summary)}</span></li>`).join('\n')}
</ul></div></section>`).join('\n');
	const body = [...byTag].map(([tag, ops]) => `<h2 class="subhead" id="tag-${esc(tag)}">${esc(tag)}</h2>\n${ops.map(([p, m, op]) => operation(doc, p, m, op)).join('\n')}`).join('\n');
	const schemas = Object.entries(doc.components.schemas).map(([name, s]) => `<section class="card" id="schema-${esc(name)}"><header class="card-header"><h3><code>${esc(name)}</code></h3>${s.description ? `<p>${esc(s.description)}</p>` : ''}</header><div class="card-body">${propsTable(doc, s, name)}</div></section>`).join('\n');
	const guideList = guides.length ? `<section class="card"><header class="card-header"><h2>Guides</h2></header><div class="card-body"><ul class="api-toc">
${guides.map((g) => `<li><a href="/api/${esc(g.name)}">${esc(g.title)}</a></li>`).join('\n')}
</ul></div></section>` : '';
	return pageShell({
		title: 'API reference',
		heading: `${doc.info.title} reference`,
		meta: `OpenAPI ${esc(doc.openapi)} · generated from the route tables · the machine-readable document is <a href="/openapi.json">/openapi.json</a>`,
		body: `<section class="card"><div class="card-body">${md(doc.info.description)}</div></section>
${guideList}
${toc}
${body}
<h2 class="subhead" id="schemas">Schemas</h2>
${schemas}`,
	});
}

/** The page every generated API page shares: the product's stylesheet and
 *  top bar, no script. meta is HTML (escaped by the caller), body too. */
export function pageShell({ title, heading, meta, body, bodyClass = 'api-reference' }) {
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(title)} · Hearth</title>
<link rel="stylesheet" href="/static/css/hearth.css">
<link rel="stylesheet" href="/static/css/api.css">
<link rel="icon" href="/static/icons/hearth.svg" type="image/svg+xml">
</head>
<body class="app ${esc(bodyClass)}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar">
 <a class="brand" href="/customers"><img src="/static/icons/hearth.svg" alt="" width="24" height="24"><span>Hearth</span></a>
 <nav class="mainnav" aria-label="Main"><ul>
  <li><a href="/customers">Customers</a></li>
  <li><a href="/api">API reference</a></li>
  <li><a href="/auth/tokens">API tokens</a></li>
  <li><a href="/openapi.json">openapi.json</a></li>
 </ul></nav>
</header>
<div class="shell">
<main id="main" tabindex="-1">
<header class="page-header"><div class="page-heading"><h1>${esc(heading)}</h1>
<p class="page-meta">${meta}</p></div></header>
${body}
</main>
</div>
</body>
</html>
`;
}

