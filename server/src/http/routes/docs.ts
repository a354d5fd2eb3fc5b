import { createHash } from 'node:crypto';
import { Router } from 'express';
import { CSS, esc, renderSchema, typeLabel } from '../docs-html';
import { authorize } from '../route-policy';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The page runs no script and loads nothing: its one inline stylesheet is allowed by hash, so the
 * policy can forbid everything else (no CDN, no inline script, no framing, no form posts).
 */
export const DOCS_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const anchor = (method: string, path: string) => `${method}-${path}`.replace(/[^\w-]+/g, '-').replace(/-+$/, '');

function contentBlocks(content: unknown): string {
  if (!isObj(content)) return '';
  return Object.entries(content).map(([mime, media]) => {
    const schema = isObj(media) && isObj(media.schema) ? media.schema : undefined;
    const fields = schema ? renderSchema(schema) : '';
    return `<p><code>${esc(mime)}</code>${schema && !fields ? ` <span class="type">${esc(typeLabel(schema, schema))}</span>` : ''}</p>${fields}`;
  }).join('');
}

function parametersTable(parameters: unknown): string {
  if (!Array.isArray(parameters) || !parameters.length) return '';
  const rows = parameters.filter(isObj).map((p) => {
    const schema = isObj(p.schema) ? p.schema : {};
    const about = [typeof schema.description === 'string' ? schema.description : '',
      'default' in schema ? `default ${JSON.stringify(schema.default)}` : ''].filter(Boolean).join('; ');
    return `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? '<span class="req">required</span>' : ''}</td>`
      + `<td><span class="type">${esc(typeLabel(schema, schema))}</span>${about ? `<span class="desc">${esc(about)}</span>` : ''}</td></tr>`;
  });
  return `<h3>Parameters</h3><table><tr><th>name</th><th>in</th><th></th><th>type</th></tr>${rows.join('')}</table>`;
}

function operationSection(path: string, method: string, op: Json, globalAuth: boolean): string {
  const isPublic = Array.isArray(op.security) ? op.security.length === 0 : !globalAuth;
  const body = isObj(op.requestBody) ? `<h3>Request body</h3>${contentBlocks(op.requestBody.content)}` : '';
  const responses = isObj(op.responses) ? Object.entries(op.responses).filter(([status]) => status !== 'default')
    .map(([status, r]) => `<h3>Response ${esc(status)}${isObj(r) && r.description ? ` — ${esc(r.description)}` : ''}</h3>${
      isObj(r) ? contentBlocks(r.content) : ''}`).join('') : '';
  return `<section id="${anchor(method, path)}"><h2><span class="method ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h2>
<p>${esc(op.summary ?? '')}</p><p class="${isPublic ? 'public' : 'auth'}">${isPublic ? 'Public: no token needed' : 'Needs <code>Authorization: Bearer &lt;token&gt;</code>'}</p>
${parametersTable(op.parameters)}${body}${responses}</section>`;
}

/** Renders the whole document: a table of contents, then one section per operation. */
export function renderDocsPage(doc: Json): string {
  const info = isObj(doc.info) ? doc.info : {};
  const globalAuth = Array.isArray(doc.security) && doc.security.length > 0;
  const ops: { path: string; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(isObj(doc.paths) ? doc.paths : {})) {
    if (!isObj(item)) continue;
    for (const [method, op] of Object.entries(item)) if (isObj(op)) ops.push({ path, method, op });
  }
  const hooks: { path: string; method: string; op: Json }[] = [];
  for (const [name, item] of Object.entries(isObj(doc.webhooks) ? doc.webhooks : {})) {
    if (!isObj(item)) continue;
    for (const [method, op] of Object.entries(item)) if (isObj(op)) hooks.push({ path: `webhook: ${name}`, method, op: { ...op, security: [] } });
  }
  const toc = ops.map(({ path, method, op }) => `<li><a href="#${anchor(method, path)}"><span class="method ${esc(method)}">${
    esc(method.toUpperCase())}</span> <code>${esc(path)}</code></a> ${esc(op.summary ?? '')}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title ?? 'API')} — docs</title><style>${CSS}</style></head>
<body><h1>${esc(info.title ?? 'API')}</h1><p>Version ${esc(info.version ?? '')} · machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${esc(doc.openapi ?? '')})</p>
<p>Errors are always JSON: <code>{"error": {"code", "message", "issues"?, "requestId"?}}</code> with the HTTP status that fits (400, 401, 403, 404, 413, 429 with <code>Retry-After</code>, 502/503/504).</p>
<nav><h2>Routes</h2><ul>${toc}</ul></nav>
${ops.map(({ path, method, op }) => operationSection(path, method, op, globalAuth)).join('\n')}
${hooks.length ? `<h2>Webhooks the server sends</h2>${hooks.map(({ path, method, op }) => operationSection(path, method, op, false)
    .replace('<p class="public">Public: no token needed</p>', '')).join('\n')}` : ''}
</body></html>`;
}

/** `GET /docs`: public like /openapi.json, rendered once since the document never changes at runtime. */
export function docsRouter(openApi: Json): Router {
  const html = renderDocsPage(openApi);
  const router = Router();
  router.get('/docs', authorize('public'), (_req, res) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.type('html').send(html);
  });
  return router;
}
