// SARIF 2.1.0 for `churnistic review --format sarif`, shaped for GitHub code scanning: rules with
// `security-severity`, results located relative to `%SRCROOT%`, and `partialFingerprints` that
// survive lines moving, so an alert stays the same alert from one CI run to the next.
import { createHash } from 'node:crypto';
import type { Finding, FindingSeverity, SourceRange } from '../../../../protocol';
import type { ReviewFailure, SkippedFile } from './run-review';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/churnistic/churnistic';

export interface SarifOptions {
  /** The tool's version (package.json), as `semanticVersion`. */
  version: string;
  informationUri?: string;
  /** The file's text, for fingerprints from the flagged line's content; titles are used without it. */
  fileText?: (path: string) => string | undefined;
  /** Where a rule is documented, when it is. */
  helpUri?: (ruleId: string) => string | undefined;
  /** Becomes `invocations[0]`: files left out and server failures as notifications. */
  skipped?: readonly SkippedFile[];
  errors?: readonly ReviewFailure[];
}

type Level = 'error' | 'warning' | 'note';
type Json = Record<string, unknown>;

export function sarifLevel(severity: FindingSeverity): Level {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note';
}

/** GitHub's bands: >= 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<FindingSeverity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', info: '0.1' };
const RANK: Record<FindingSeverity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** A relative path as a URI reference: each segment percent-encoded (spaces, `#`, `?`). */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function region(range: SourceRange): Json {
  const r: Json = { startLine: range.startLine, endLine: Math.max(range.endLine, range.startLine) };
  if (range.startColumn !== undefined) r.startColumn = range.startColumn;
  // SARIF's endColumn is exclusive like ours; on a single line it must not come before the start
  if (range.endColumn !== undefined && !(r.endLine === range.startLine && range.startColumn !== undefined && range.endColumn < range.startColumn)) r.endColumn = range.endColumn;
  return r;
}

/** Whitespace-insensitive text of `line` in `text`, or undefined when the file or line is unknown. */
function lineText(text: string | undefined, line: number): string | undefined {
  const value = text?.split('\n')[line - 1];
  return value === undefined ? undefined : value.replace(/\s+/g, ' ').trim();
}

export function toSarif(findings: readonly Finding[], options: SarifOptions): Json {
  const rules: Json[] = [];
  const ruleIndex = new Map<string, number>();
  const worst = new Map<string, FindingSeverity>();
  for (const f of findings) {
    const prev = worst.get(f.ruleId);
    if (!prev || RANK[f.severity] > RANK[prev]) worst.set(f.ruleId, f.severity);
  }
  for (const f of findings) {
    if (ruleIndex.has(f.ruleId)) continue;
    ruleIndex.set(f.ruleId, rules.length);
    const severity = worst.get(f.ruleId)!;
    const tags = [f.category, f.source === 'llm' ? 'ai-review' : 'analyzer'];
    if (f.cwe) tags.push(`external/cwe/${f.cwe.toLowerCase()}`);
    if (f.category === 'security' && !tags.includes('security')) tags.push('security');
    const properties: Json = { tags };
    if (f.category === 'security') properties['security-severity'] = SECURITY_SEVERITY[severity];
    const rule: Json = {
      id: f.ruleId,
      // a model's rule is a category; its first finding's title would mislabel the others
      shortDescription: { text: f.source === 'llm' ? `Churnistic AI review: ${f.category}` : f.title },
      defaultConfiguration: { level: sarifLevel(severity) },
      properties,
    };
    const help = options.helpUri?.(f.ruleId);
    if (help) rule.helpUri = help;
    rules.push(rule);
  }

  const texts = new Map<string, string | undefined>();
  const textOf = (path: string) => {
    if (!texts.has(path)) texts.set(path, options.fileText?.(path));
    return texts.get(path);
  };
  const occurrences = new Map<string, number>();
  const results = findings.map((f) => {
    const location = { physicalLocation: { artifactLocation: { uri: pathToUri(f.file), uriBaseId: '%SRCROOT%' }, region: region(f.range) } };
    // rule + file + the flagged line's content: stable when lines above are added or removed;
    // the occurrence number separates identical lines flagged by the same rule
    const basis = `${f.ruleId}\0${f.file}\0${lineText(textOf(f.file), f.range.startLine) ?? f.title}`;
    const hash = createHash('sha256').update(basis).digest('hex').slice(0, 32);
    const n = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, n);
    const text = f.message.trim() ? `${f.title}\n\n${f.message.trim()}` : f.title;
    const result: Json = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: sarifLevel(f.severity),
      message: { text },
      locations: [location],
      partialFingerprints: { 'churnistic/v1': `${hash}:${n}` },
      properties: { severity: f.severity, category: f.category, source: f.source, ...(f.confidence !== undefined ? { confidence: f.confidence } : {}) },
    };
    if (f.fix) {
      result.fixes = [{
        description: { text: f.fix.description },
        artifactChanges: [{
          artifactLocation: { uri: pathToUri(f.file), uriBaseId: '%SRCROOT%' },
          replacements: [{ deletedRegion: region(f.fix.range), insertedContent: { text: f.fix.replacement } }],
        }],
      }];
    }
    return result;
  });

  const notifications = [
    ...(options.skipped ?? []).map((s) => ({ level: 'note', message: { text: `skipped ${s.path}: ${s.reason}${s.detail ? ` (${s.detail})` : ''}` } })),
    ...(options.errors ?? []).map((e) => ({ level: 'error', message: { text: `server review failed for ${e.paths.join(', ')}: ${e.message}` } })),
  ];
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'Churnistic', informationUri: options.informationUri ?? INFORMATION_URI, semanticVersion: options.version, rules } },
      // JavaScript strings count UTF-16 code units, and so do our columns
      columnKind: 'utf16CodeUnits',
      invocations: [{ executionSuccessful: !(options.errors ?? []).length, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
      results,
    }],
  };
}
