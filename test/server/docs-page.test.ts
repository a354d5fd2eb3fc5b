import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import pino from 'pino';
import type { InlineAcceptanceStats } from '../../protocol';
import { createApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/data/db';
import type { AcceptanceStats } from '../../server/src/data/inline-events-repo';
import { ProviderRegistry } from '../../server/src/llm/registry';
import { Metrics } from '../../server/src/metrics';
import { startTestServer, type TestServer } from './harness';

// Compile-time: the stats the repository returns are what the documented schema says.
const _statsMatch: InlineAcceptanceStats = {} as AcceptanceStats;
void _statsMatch;

type Doc = { paths: Record<string, Record<string, { summary: string }>> };
interface RouterLayer { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: RouterLayer[] }; rawPath?: unknown }

/** Every (METHOD, path) the Express app answers, from its router stack (router 2.x keeps mount paths as rawPath). */
function expressRoutes(stack: RouterLayer[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) {
        out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`.replace(/:(\w+)/g, '{$1}'));
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      out.push(...expressRoutes(layer.handle.stack, prefix + mount));
    }
  }
  return out;
}

describe('server: GET /docs and the completeness of /openapi.json', () => {
  let s: TestServer;
  let doc: Doc;
  before(async () => {
    s = await startTestServer();
    doc = await (await fetch(`${s.url}/openapi.json`)).json() as Doc;
  });
  after(async () => { await s.close(); });

  it('is public HTML that lists every documented route with its method and summary', async () => {
    const res = await fetch(`${s.url}/docs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /<title>Churnistic server API/);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const escapedPath = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        assert.match(html, new RegExp(`${method.toUpperCase()}</span> <code>${escapedPath}</code>`), `${method} ${path}`);
        assert.ok(html.includes(op.summary.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;')), op.summary);
      }
    }
  });

  it('renders request and response schemas readably: fields, types, required flags, defaults, descriptions', async () => {
    const html = await (await fetch(`${s.url}/docs`)).text();
    const usage = html.slice(html.indexOf('id="get--api-v1-usage"'));
    assert.ok(usage.length < html.length, 'the usage section exists');
    const section = usage.slice(0, usage.indexOf('</section>'));
    assert.match(section, /<code>groupBy<\/code><\/td><td>query<\/td>/);
    assert.match(section, /&quot;user&quot; \| &quot;team&quot; \| &quot;model&quot; \| &quot;day&quot;/);
    assert.match(section, /<code>requests<\/code> <span class="type">integer, ≥ 0<\/span>/);
    assert.match(section, /default &quot;day&quot;/);
    assert.match(section, /<code>costUsd<\/code> <span class="type">number/);
    assert.match(section, /<code>rows<\/code> <span class="type">array of object<\/span> <span class="req">required<\/span>/);
    const chat = html.slice(html.indexOf('id="post--api-v1-chat"'));
    assert.match(chat.slice(0, chat.indexOf('</section>')), /<code>message<\/code> <span class="type">string, 1–100000 chars<\/span> <span class="req">required/);
    const hook = html.slice(html.indexOf('Webhooks the server sends'));
    assert.match(hook, /webhook: spendThresholdCrossed[\s\S]*<code>threshold<\/code> <span class="type">number/);
  });

  it('runs no script and loads nothing from elsewhere: a strict CSP whose one allowance is its stylesheet\'s hash', async () => {
    const res = await fetch(`${s.url}/docs`);
    const html = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|script-src|https?:/);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|\son\w+=|src=/i);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    assert.equal(styles.length, 1);
    const hash = createHash('sha256').update(styles[0]!).digest('base64');
    assert.ok(csp.includes(`style-src 'sha256-${hash}'`), csp);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });

  it('every route the app serves is in /openapi.json', async () => {
    const db = await openDatabase(':memory:');
    try {
      const logger = pino({ level: 'silent' });
      const config = loadConfig({ CHURNISTIC_DATA_DIR: s.dataDir });
      const app = createApp({ db, registry: ProviderRegistry.fromConfig(config, logger, {}), logger, metrics: new Metrics(), maxBodyBytes: 1024 });
      const routes = [...new Set(expressRoutes((app as unknown as { router: { stack: RouterLayer[] } }).router.stack))];
      assert.ok(routes.includes('GET /api/v1/usage') && routes.includes('GET /docs'), routes.join(', '));
      const documented = new Set(Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)));
      // /openai/v1/… is the same router as /v1/… (for groq-sdk); the document says so in its summaries.
      const missing = routes.filter((r) => !documented.has(r.replace(' /openai/v1/', ' /v1/')));
      assert.deepEqual(missing, [], `routes missing from openapi.ts: ${missing.join(', ')}`);
    } finally {
      db.close();
    }
  });

  it('every documented route exists (none answers "no route")', async () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        const res = await s.api(path.replace('{id}', 'no-such-id'), { method: method.toUpperCase(),
          ...(method === 'post' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}) });
        const text = await res.text();
        assert.ok(!(res.status === 404 && text.includes('no route for')), `${method} ${path}: ${res.status} ${text}`);
      }
    }
  });

  it('documents the usage and inline routes with their zod schemas', () => {
    const usage = doc.paths['/api/v1/usage']!.get as unknown as { parameters: { name: string }[]; responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }> };
    assert.deepEqual(usage.parameters.map((p) => p.name), ['groupBy', 'from', 'to', 'userId', 'model']);
    assert.ok(usage.responses['200']!.content['application/json']!.schema.properties.totals);
    const events = doc.paths['/api/v1/completions/events']!.post as unknown as { responses: Record<string, unknown> };
    assert.ok(events.responses['202'], 'events answer 202');
    for (const p of ['/api/v1/completions/inline', '/api/v1/completions/inline/config', '/api/v1/completions/stats', '/docs', '/openapi.json']) {
      assert.ok(doc.paths[p], p);
    }
  });
});
