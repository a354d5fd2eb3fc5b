import { Router } from 'express';
import type { Db } from '../../data/db';
import type { CircuitSnapshot } from '../../llm/circuit-breaker';
import type { ProviderRegistry } from '../../llm/registry';
import { authorize } from '../route-policy';

/**
 * Liveness and readiness, without auth (probes have no token). Readiness checks the database and
 * that a provider has credentials; it never calls the upstream, so probes cost nothing. The
 * providers' circuit breakers are shown for operators but do not decide readiness: an upstream
 * outage hits every instance alike, and taking instances out of rotation would not help.
 */
export function healthRouter(db: Db, registry: ProviderRegistry,
  circuits: { circuitStates(): Record<string, CircuitSnapshot> } = { circuitStates: () => ({}) }): Router {
  const router = Router();
  router.get('/healthz', authorize('public'), (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', authorize('public'), async (_req, res) => {
    const reasons: string[] = [];
    const database = await db.execute('SELECT 1').then(() => 'ok', (err: Error) => {
      reasons.push(`database is not answering: ${err.message}`);
      return 'error';
    });
    const providers = registry.configuredProviders;
    if (!providers.length) reasons.push('no LLM provider is configured: set GROQ_API_KEY in the server environment');
    res.status(reasons.length ? 503 : 200).json({
      status: reasons.length ? 'not_ready' : 'ready',
      checks: { database, providers, circuits: circuits.circuitStates() },
      ...(reasons.length ? { reasons } : {}),
    });
  });
  return router;
}
