/**
 * HTTP control plane under `/__fake/…`, so tests in other processes (the server, the real
 * extension host, e2e) can script the fake. Control requests are not recorded in `requests`.
 *
 *   POST /__fake/script   a script or an array of scripts → queued in order      → {queued}
 *   POST /__fake/default  a script → used whenever the queue is empty              → {ok}
 *   POST /__fake/reset    clear queue, requests, disconnects, default             → {ok}
 *   GET  /__fake/state    → {requests, disconnects, queued}
 */
import type { ServerResponse } from 'node:http';
import { describeIssues, FakeScriptListSchema, FakeScriptSchema, type FakeScript } from './script';
import { sendError, sendJson } from './wire';

export const CONTROL_PREFIX = '/__fake/';

export interface ControlTarget {
  script(s: FakeScript | FakeScript[]): void;
  setDefault(s: FakeScript): void;
  reset(): void;
  readonly requests: readonly unknown[];
  readonly disconnects: number;
  readonly queued: number;
}

/** `body` is the parsed JSON, or `bodyError` says why it could not be parsed. */
export function handleControl(
  method: string,
  path: string,
  body: unknown,
  bodyError: string | undefined,
  res: ServerResponse,
  target: ControlTarget,
): void {
  const route = `${method} ${path}`;
  if (route === `GET ${CONTROL_PREFIX}state`) {
    return sendJson(res, 200, { requests: target.requests, disconnects: target.disconnects, queued: target.queued });
  }
  if (route === `POST ${CONTROL_PREFIX}reset`) {
    target.reset();
    return sendJson(res, 200, { ok: true });
  }
  if (route !== `POST ${CONTROL_PREFIX}script` && route !== `POST ${CONTROL_PREFIX}default`) {
    return sendError(res, 404, { message: `unknown control route ${route}`, code: 'unknown_url' });
  }
  if (bodyError !== undefined) {
    return sendError(res, 400, { message: `invalid JSON: ${bodyError}`, code: 'invalid_script' });
  }
  const schema = path.endsWith('/default') ? FakeScriptSchema : FakeScriptListSchema;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return sendError(res, 400, { message: `invalid script: ${describeIssues(parsed.error)}`, code: 'invalid_script' });
  }
  if (path.endsWith('/default')) {
    target.setDefault(parsed.data as FakeScript);
    return sendJson(res, 200, { ok: true });
  }
  target.script(parsed.data);
  return sendJson(res, 200, { queued: target.queued });
}
