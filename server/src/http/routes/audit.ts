import { Router, type Response } from 'express';
import { AuditExportQuery, AuditQuery, type AuditEntry, type AuditPage } from '../../../../protocol';
import type { AuditFilter, AuditRepo } from '../../data/audit-repo';
import type { AuditLog } from '../../domain/audit';
import { auditContext } from '../audit-context';
import { principalOf } from '../auth';
import { authorize } from '../route-policy';
import { parseOr400 } from '../validate';

const EXPORT_BATCH = 1000;
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
const iso = (ms: number) => new Date(ms).toISOString();

/** Query bounds as stored times: a bare `to` day covers the whole day; a `to` instant is inclusive. */
function bounds(q: { from?: string; to?: string }): { fromIso?: string; toIso?: string } {
  return {
    fromIso: q.from ? iso(Date.parse(isDay(q.from) ? `${q.from}T00:00:00Z` : q.from)) : undefined,
    toIso: q.to ? iso(isDay(q.to) ? Date.parse(`${q.to}T00:00:00Z`) + 86_400_000 : Date.parse(q.to) + 1) : undefined,
  };
}

const CSV_COLUMNS = ['id', 'at', 'action', 'actorUserId', 'actorTokenId', 'teamId', 'targetType', 'targetId', 'ip', 'userAgent', 'details'];

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvRow = (e: AuditEntry) => [e.id, e.at, e.action, e.actorUserId, e.actorTokenId, e.teamId, e.target?.type, e.target?.id,
  e.ip, e.userAgent, e.details].map(csvCell).join(',');

/**
 * The activity log, read-only: the team's entries newest first with filters and a cursor, and the
 * same as a JSON Lines or CSV download. There is no route that changes or deletes an entry.
 */
export function auditRouter(repo: AuditRepo, audit: AuditLog): Router {
  const router = Router();

  router.get('/audit', authorize('audit.read'), async (req, res) => {
    const q = parseOr400(AuditQuery, req.query, 'query');
    const filter: AuditFilter = { teamId: principalOf(res).teamId, ...bounds(q), action: q.action, actor: q.actor,
      beforeId: q.cursor ? Number(q.cursor) : undefined };
    const rows = await repo.query(filter, q.limit + 1); // one more tells whether a next page exists
    const data = rows.slice(0, q.limit);
    const body: AuditPage = { data, nextCursor: rows.length > q.limit ? String(data.at(-1)!.id) : null };
    res.json(body);
  });

  router.get('/audit/export', authorize('audit.read'), async (req, res) => {
    const q = parseOr400(AuditExportQuery, req.query, 'query');
    const p = principalOf(res);
    const filter: AuditFilter = { teamId: p.teamId, ...bounds(q), action: q.action, actor: q.actor };
    // Recorded first, so the export itself is in the log it exports.
    await audit.record({ ...auditContext(req), action: 'audit.exported', actor: p, details: { format: q.format, ...bounds(q) } });
    res.attachment(`audit-${p.teamId}-${new Date().toISOString().slice(0, 10)}.${q.format}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.type(q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    if (q.format === 'csv') res.write(`${CSV_COLUMNS.join(',')}\r\n`);
    await writeAll(res, filter, repo, (e) => (q.format === 'csv' ? `${csvRow(e)}\r\n` : `${JSON.stringify(e)}\n`));
    res.end();
  });

  return router;
}

/** Pages through the whole selection in batches, so a large log is never held in memory at once. */
async function writeAll(res: Response, filter: AuditFilter, repo: AuditRepo, line: (e: AuditEntry) => string): Promise<void> {
  let beforeId: number | undefined;
  for (;;) {
    const rows = await repo.query({ ...filter, beforeId }, EXPORT_BATCH);
    if (rows.length) res.write(rows.map(line).join(''));
    if (rows.length < EXPORT_BATCH) return;
    beforeId = rows.at(-1)!.id;
  }
}
