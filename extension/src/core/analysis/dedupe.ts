// Merging two lists of findings (typically the analyzers' and the model's) into one, so the same
// problem is shown once.
//
// Two findings are the same problem when they are in the same file, their line ranges overlap,
// and either
//   - both come from analyzers and have the same rule id (the same hit from two runs), or
//   - at least one comes from the model and: both have a CWE and it is the same, or one lacks a
//     CWE and the categories are equal. (With CWEs on both sides they must agree, so a model's SQL
//     injection and an analyzer's eval on one line stay two findings.)
// Findings of the same list are never merged with each other. Each finding of `b` merges into at
// most one finding of `a` (the best: same rule, then same CWE, then widest overlap); a finding of
// `a` can absorb several of `b`.
//
// The merged finding keeps the analyzer's rule id, range, title and CWE (deterministic, precise),
// the higher severity and confidence, the analyzer's fix or else the model's, and the analyzer's
// message followed by the model's explanation when that adds something.
import type { Finding, FindingSeverity } from '../../../../protocol/review';

const RANK: Record<FindingSeverity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

function overlap(x: Finding, y: Finding): number {
  if (x.file !== y.file) return -1;
  return Math.min(x.range.endLine, y.range.endLine) - Math.max(x.range.startLine, y.range.startLine);
}

/** 0 = not the same problem; higher = better match. */
function matchScore(x: Finding, y: Finding): number {
  const lines = overlap(x, y);
  if (lines < 0) return 0;
  if (x.source === 'analyzer' && y.source === 'analyzer') return x.ruleId === y.ruleId ? 3000 + lines : 0;
  if (x.ruleId === y.ruleId) return 3000 + lines;
  if (x.cwe && y.cwe) return x.cwe === y.cwe ? 2000 + lines : 0;
  return x.category === y.category ? 1000 + lines : 0;
}

function merge(x: Finding, y: Finding): Finding {
  const [keep, other] = x.source === 'analyzer' || y.source !== 'analyzer' ? [x, y] : [y, x];
  const merged: Finding = { ...keep };
  if (RANK[other.severity] > RANK[keep.severity]) merged.severity = other.severity;
  if (!merged.fix && other.fix) merged.fix = other.fix;
  if (!merged.cwe && other.cwe) merged.cwe = other.cwe;
  if (other.confidence !== undefined) merged.confidence = Math.max(keep.confidence ?? 0, other.confidence);
  const extra = other.message.trim();
  if (other.source !== keep.source && extra && !keep.message.includes(extra)) {
    const label = other.source === 'llm' ? 'Model review' : 'Analyzer';
    merged.message = `${keep.message}\n\n**${label}:** ${other.title === keep.title ? '' : `${other.title}. `}${extra}`;
  }
  return merged;
}

export function dedupeFindings(a: Finding[], b: Finding[]): Finding[] {
  const out = a.map((f) => ({ ...f }));
  const rest: Finding[] = [];
  for (const f of b) {
    let best = -1;
    let bestScore = 0;
    for (let i = 0; i < a.length; i++) {
      const score = matchScore(a[i]!, f);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best < 0) rest.push(f);
    else out[best] = merge(out[best]!, f);
  }
  return [...out, ...rest];
}
