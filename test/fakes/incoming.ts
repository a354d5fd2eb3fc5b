/** Reading what a client sent: the body (size-capped, JSON-parsed) and the headers. */
import type { IncomingMessage } from 'node:http';

const MAX_BODY = 10 * 1024 * 1024;

export interface IncomingBody {
  /** Parsed JSON; the raw text if it was not JSON; null if empty. */
  body: unknown;
  /** Why the text was not JSON (undefined when it was, or was empty). */
  bodyError?: string;
}

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error(`body larger than ${MAX_BODY} bytes`));
      else parts.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** Rejects only when the body is too large or the stream fails. */
export async function readBody(req: IncomingMessage): Promise<IncomingBody> {
  const text = await readText(req);
  if (text === '') return { body: null };
  try {
    return { body: JSON.parse(text) };
  } catch (err) {
    return { body: text, bodyError: (err as Error).message };
  }
}

/** Lower-cased names (as node gives them); repeated headers joined with ', '. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
