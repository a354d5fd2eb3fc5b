// The shape we ask the model for, validated leniently: models write "High", "5" or
// "documentation" where we would write high, 5 and docs, and that is no reason to spend a retry.
// What cannot be understood (no line, no title, an unknown severity) fails validation, and the
// errors go back to the model once (json-answer.ts).
import * as z from 'zod';
import { FindingCategory, FindingSeverity } from '../../../../protocol';

const SEVERITY_SYNONYMS: Record<string, string> = {
  blocker: 'critical', error: 'high', major: 'high', warning: 'medium', moderate: 'medium', minor: 'low',
  note: 'info', informational: 'info', suggestion: 'info', hint: 'info',
};
const CATEGORY_SYNONYMS: Record<string, string> = {
  bugs: 'bug', correctness: 'bug', logic: 'bug', error: 'bug', vulnerability: 'security', perf: 'performance',
  optimization: 'performance', optimisation: 'performance', maintenance: 'maintainability', readability: 'maintainability',
  documentation: 'docs', doc: 'docs', comments: 'docs', formatting: 'style',
};

const word = (synonyms: Record<string, string>) => (v: unknown) => {
  if (typeof v !== 'string') return v;
  const key = v.trim().toLowerCase();
  return synonyms[key] ?? key;
};

/** A positive line number; "12" is read as 12 (models quote numbers now and then). */
const line = z.preprocess((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number().int().positive());
/** Columns are a nicety: a bad one is dropped, not a reason to retry. */
const column = line.optional().catch(undefined);

/** `CWE-79`, `cwe-79`, `79` → `CWE-79`; anything else is dropped. */
const cwe = z.preprocess((v) => {
  const m = /^\s*(?:cwe[-\s:]?)?(\d{1,5})\s*$/i.exec(String(v ?? ''));
  return m ? `CWE-${m[1]}` : undefined;
}, z.string().optional());

/** 0..1; a percentage (e.g. 85) is read as 0.85; anything else is dropped. */
const confidence = z.preprocess((v) => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && n > 1 && n <= 100 ? n / 100 : n;
}, z.number().min(0).max(1).optional().catch(undefined));

/** Text fields: a null or a number said as text is read as a string. */
const text = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());

export const RawFix = z.object({
  description: text.optional(),
  replacement: z.string(),
  startLine: line,
  endLine: line.optional(),
});
export type RawFix = z.infer<typeof RawFix>;

export const RawFinding = z.object({
  file: z.string().min(1),
  startLine: line,
  endLine: line.optional(),
  startColumn: column,
  endColumn: column,
  severity: z.preprocess(word(SEVERITY_SYNONYMS), FindingSeverity),
  category: z.preprocess(word(CATEGORY_SYNONYMS), FindingCategory),
  title: text.pipe(z.string().trim().min(1, 'title must not be empty')),
  message: z.preprocess((v) => v ?? '', text),
  /** The offending code as it appears in the file, so a miscounted line can be found again. */
  quote: z.preprocess((v) => v ?? undefined, z.string().optional()),
  // null means "no fix" to most models; a fix that is present must be complete.
  fix: z.preprocess((v) => v ?? undefined, RawFix.optional()),
  cwe,
  confidence,
});
export type RawFinding = z.infer<typeof RawFinding>;

/** The whole answer: `{"findings": [...]}`; a bare array is accepted too. */
export const RawReviewAnswer = z.preprocess((v) => (Array.isArray(v) ? { findings: v } : v),
  z.object({ findings: z.array(RawFinding).max(200) }));
export type RawReviewAnswer = z.infer<typeof RawReviewAnswer>;

/** Described to the model word for word in the prompt, so the validation and the request agree. */
export const ANSWER_SHAPE = `{
  "findings": [
    {
      "file": "<path exactly as given>",
      "startLine": <number shown before the line>,
      "endLine": <number, inclusive, same as startLine for one line>,
      "startColumn": <optional number, 1-based>,
      "endColumn": <optional number, 1-based, exclusive>,
      "severity": "critical" | "high" | "medium" | "low" | "info",
      "category": "bug" | "security" | "performance" | "maintainability" | "style" | "docs",
      "title": "<one line, at most 120 characters>",
      "message": "<why it matters and how to fix it, Markdown>",
      "quote": "<the offending code copied exactly from that line, without the line number>",
      "fix": null | {
        "description": "<what the fix does>",
        "startLine": <first line replaced>,
        "endLine": <last line replaced, inclusive>,
        "replacement": "<the new text for those whole lines, without line numbers>"
      },
      "cwe": "<optional, e.g. CWE-89, for security findings>",
      "confidence": <optional number from 0 to 1>
    }
  ]
}`;
