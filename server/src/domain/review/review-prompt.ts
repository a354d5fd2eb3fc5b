// The review prompt: what to look for per kind, the exact JSON shape, and the files with their
// line numbers written in front of every line, so the model cites numbers it can see instead of
// counting (placement.ts still checks them).
import type { OpenAIMessage, ReviewFile, ReviewKind, ReviewRequest } from '../../../../protocol';
import { ANSWER_SHAPE } from './raw-finding';

const FOCUS: Record<ReviewKind, string> = {
  review: 'Review the code for bugs (incorrect logic, unhandled errors, edge cases, races), security problems, '
    + 'performance problems and maintainability problems. Use the category that fits each finding.',
  security: 'Audit the code for security vulnerabilities only: injection, path traversal, unsafe deserialization, '
    + 'missing authentication or authorization, secrets in code, weak cryptography, SSRF, XSS and the like. '
    + 'Use category "security" and give the CWE id of each finding in "cwe". Give a fix where one is clear.',
  optimize: 'Find performance problems only: needless work in loops, repeated computation, quadratic algorithms, '
    + 'blocking I/O, excess allocations, N+1 queries. Use category "performance" and give a fix for every finding.',
  docs: 'Find missing or poor documentation only: exported or public functions, classes, types and modules without '
    + 'a doc comment, or with one that is wrong or unhelpful. Use category "docs" and severity "low" or "info". '
    + 'Every finding needs a fix that adds or rewrites the doc comment in the language\'s convention (JSDoc, '
    + 'docstring, ///…): the fix replaces the declaration\'s first line (startLine = endLine = that line) with the '
    + 'doc comment followed by that same line, unchanged and with its indentation.',
};

const RULES = [
  'Every line of code below starts with its line number and " | ". Cite those numbers exactly; never count lines yourself.',
  'In "quote", copy the offending code from the cited line exactly (without the number and " | "), so the line can be checked.',
  'In a fix, "replacement" is the complete new text of lines startLine..endLine, without line numbers; keep the indentation.',
  'Report real problems only, most important first; no praise, no findings about code that is not shown. '
    + 'If there is nothing to report, answer {"findings": []}.',
  'Answer with a single JSON object and nothing else (no prose, no code fence), exactly in this shape:',
];

export function reviewSystemPrompt(kind: ReviewKind): string {
  return [
    'You are Churnistic, a meticulous code reviewer.',
    FOCUS[kind],
    ...RULES,
    ANSWER_SHAPE,
  ].join('\n\n');
}

/** `  41 | code`: numbers padded to one width so the code's own indentation stays readable. */
export function numbered(file: ReviewFile): string {
  const lines = file.content.split(/\r?\n/);
  const width = String(file.startLine + lines.length - 1).length;
  return lines.map((l, i) => `${String(file.startLine + i).padStart(width)} | ${l}`).join('\n');
}

function fileBlock(file: ReviewFile): string {
  const lines = file.content.split(/\r?\n/).length;
  const last = file.startLine + lines - 1;
  const where = file.startLine === 1 ? `lines 1-${last}` : `lines ${file.startLine}-${last} (a part of the file)`;
  return `File: ${file.path} (${file.language || 'text'}, ${where})\n<<<\n${numbered(file)}\n>>>`;
}

export function reviewMessages(request: ReviewRequest): OpenAIMessage[] {
  const parts = [
    request.files.length === 1 ? 'Review this file.' : `Review these ${request.files.length} files.`,
    ...request.files.map(fileBlock),
  ];
  if (request.diff) {
    parts.push('These files come from the following change. Focus on the lines it adds or changes, '
      + 'and cite line numbers from the numbered files above, not from the diff:\n<<<\n' + request.diff + '\n>>>');
  }
  if (request.instructions?.trim()) parts.push(`Instructions from the user:\n${request.instructions.trim()}`);
  parts.push('Answer with the JSON object only.');
  return [
    { role: 'system', content: reviewSystemPrompt(request.kind) },
    { role: 'user', content: parts.join('\n\n') },
  ];
}
