import * as z from 'zod';

/**
 * Reviews and analysis: findings from the model (server, `POST /api/v1/review`) and from the
 * deterministic analyzers (editor and CLI, offline), in one shape, so they merge, deduplicate,
 * become VS Code diagnostics and SARIF results alike.
 *
 * Lines and columns are 1-based, as editors, SARIF and humans count them; `endColumn` is exclusive.
 */
export const FindingSeverity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export type FindingSeverity = z.infer<typeof FindingSeverity>;

export const FindingCategory = z.enum(['bug', 'security', 'performance', 'maintainability', 'style', 'docs']);
export type FindingCategory = z.infer<typeof FindingCategory>;

export const SourceRange = z.object({
  startLine: z.number().int().positive(),
  startColumn: z.number().int().positive().optional(),
  endLine: z.number().int().positive(),
  endColumn: z.number().int().positive().optional(),
});
export type SourceRange = z.infer<typeof SourceRange>;

/** A change that resolves a finding: `replacement` replaces exactly `range` of `file`. */
export const SuggestedFix = z.object({
  description: z.string().min(1).max(500),
  range: SourceRange,
  replacement: z.string().max(200_000),
});
export type SuggestedFix = z.infer<typeof SuggestedFix>;

export const Finding = z.object({
  /** `llm/<category>` for model findings; `<analyzer>/<rule>` for analyzers (e.g. `secrets/aws-access-key`, `js/eval`). */
  ruleId: z.string().min(1).max(128),
  source: z.enum(['llm', 'analyzer']),
  severity: FindingSeverity,
  category: FindingCategory,
  /** One line, shown as the diagnostic's message. */
  title: z.string().min(1).max(300),
  /** The explanation (why it matters, how to fix), Markdown. */
  message: z.string().max(10_000),
  /** Workspace-relative path with `/`. */
  file: z.string().min(1).max(1024),
  range: SourceRange,
  fix: SuggestedFix.optional(),
  /** e.g. `CWE-89`. */
  cwe: z.string().regex(/^CWE-\d+$/).optional(),
  /** 0..1 where the source can say (the model's own confidence, an analyzer's precision). */
  confidence: z.number().min(0).max(1).optional(),
});
export type Finding = z.infer<typeof Finding>;

/** What a review looks for; every kind answers with findings (docs and optimize with fixes). */
export const ReviewKind = z.enum(['review', 'security', 'optimize', 'docs']);
export type ReviewKind = z.infer<typeof ReviewKind>;

/** A piece of a file: the whole file, a selection, or one chunk of a large file. */
export const ReviewFile = z.object({
  path: z.string().min(1).max(1024),
  language: z.string().max(64),
  content: z.string().max(400_000),
  /** 1-based line of `content`'s first line in the file. */
  startLine: z.number().int().positive().default(1),
});
export type ReviewFile = z.infer<typeof ReviewFile>;

/** `POST /api/v1/review`. Large inputs are chunked by the client (core/review/chunk.ts). */
export const ReviewRequest = z.object({
  kind: ReviewKind,
  files: z.array(ReviewFile).min(1).max(20),
  /** For Review Changes: the unified diff the files come from, so the model focuses on changed lines. */
  diff: z.string().max(400_000).optional(),
  /** Extra instructions (e.g. what the user typed). */
  instructions: z.string().max(4_000).optional(),
  model: z.string().min(1).max(256).optional(),
});
export type ReviewRequest = z.infer<typeof ReviewRequest>;

export const ReviewResponse = z.object({
  findings: z.array(Finding),
  /** The model that answered. */
  model: z.string(),
  /** 1, or 2 when the first answer failed validation and was retried with the errors. */
  attempts: z.number().int().positive(),
  /** Findings the model gave that could not be placed in the files sent (dropped, counted). */
  discarded: z.number().int().nonnegative(),
});
export type ReviewResponse = z.infer<typeof ReviewResponse>;

/** `POST /api/v1/commit-message`: a message for the staged (or working-tree) diff. */
export const CommitMessageRequest = z.object({
  diff: z.string().min(1, 'diff must not be empty').max(400_000),
  /** Recent commit subjects, so the message follows the repository's style. */
  recentSubjects: z.array(z.string().max(300)).max(20).optional(),
  model: z.string().min(1).max(256).optional(),
});
export type CommitMessageRequest = z.infer<typeof CommitMessageRequest>;

export const CommitMessageResponse = z.object({
  /** Imperative, at most 72 characters. */
  subject: z.string().min(1).max(72),
  body: z.string().max(5_000),
  /** subject, blank line, body: what goes into the Source Control input box. */
  message: z.string(),
  model: z.string(),
});
export type CommitMessageResponse = z.infer<typeof CommitMessageResponse>;

const SEVERITY_ORDER: readonly FindingSeverity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** `--fail-on high`: true when `severity` is `threshold` or worse. */
export function atLeast(severity: FindingSeverity, threshold: FindingSeverity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}
