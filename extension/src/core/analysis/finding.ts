// Turns a rule hit into a protocol Finding: the rule's metadata, the file, an exact range, and an
// optional mechanical fix. Rules never build Finding objects by hand, so every one is complete.
import type { Finding } from '../../../../protocol/review';
import type { LineIndex } from './line-index';
import type { RuleMeta } from './types';

export interface Hit {
  start: number;
  end: number;
  /** Replaces the rule's title (e.g. to name the algorithm or the secret kind). */
  title?: string;
  /** Appended to the rule's message (a detail of this occurrence). */
  detail?: string;
  fix?: { description: string; start: number; end: number; replacement: string };
}

export class Reporter {
  readonly findings: Finding[] = [];
  constructor(private readonly file: string, readonly lines: LineIndex) {}

  report(rule: RuleMeta, hit: Hit): void {
    const finding: Finding = {
      ruleId: rule.id,
      source: 'analyzer',
      severity: rule.severity,
      category: rule.category,
      title: hit.title ?? rule.title,
      message: hit.detail ? `${rule.message}\n\n${hit.detail}` : rule.message,
      file: this.file,
      range: this.lines.range(hit.start, hit.end),
      confidence: rule.confidence,
    };
    if (rule.cwe) finding.cwe = rule.cwe;
    if (hit.fix) {
      finding.fix = { description: hit.fix.description, range: this.lines.range(hit.fix.start, hit.fix.end), replacement: hit.fix.replacement };
    }
    this.findings.push(finding);
  }
}
