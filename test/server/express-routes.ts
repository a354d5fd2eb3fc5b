// The routes an Express app really serves, read from its router stack, with the actions their
// authorize() middlewares declare: the ground truth the route table is checked against.
import pino from 'pino';
import { createApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/data/db';
import { ProviderRegistry } from '../../server/src/llm/registry';
import { Metrics } from '../../server/src/metrics';

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: { action?: string } }[] };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

export interface ServedRoute { key: string; method: string; path: string; actions: string[] }

/** "METHOD /path" with Express's own `:params`, as route-policy.ts lists them. */
export const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

function walk(stack: Layer[], prefix: string, out: ServedRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const path = prefix + layer.route.path;
      const actions = layer.route.stack.map((l) => l.handle.action).filter((a): a is string => typeof a === 'string');
      for (const method of Object.keys(layer.route.methods)) {
        if (method === '_all') continue;
        out.push({ key: routeKey(method, path), method: method.toUpperCase(), path, actions });
      }
    } else if (layer.handle?.stack) {
      // router 2.x keeps a mount path as rawPath; "/" mounts add nothing.
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      walk(layer.handle.stack, prefix + mount, out);
    }
  }
}

/** Builds the real app over an in-memory database (nothing listens) and lists what it serves. */
export async function servedRoutes(dataDir: string): Promise<ServedRoute[]> {
  const db = await openDatabase(':memory:');
  try {
    const logger = pino({ level: 'silent' });
    const config = loadConfig({ CHURNISTIC_DATA_DIR: dataDir });
    const app = createApp({ db, registry: ProviderRegistry.fromConfig(config, logger, {}), logger, metrics: new Metrics(), maxBodyBytes: 1024 });
    const out: ServedRoute[] = [];
    walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', out);
    return out;
  } finally {
    db.close();
  }
}
