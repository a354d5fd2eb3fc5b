// The analyzers' public shapes. Findings use the shared protocol type, so analyzer and model
// findings merge, become diagnostics and SARIF alike.
import type { Finding, FindingCategory, FindingSeverity, SourceRange } from '../../../../protocol/review';

export type { Finding, SourceRange };

export type AnalysisLanguage = 'javascript' | 'typescript' | 'python';

export interface AnalyzeFile {
  /** Workspace-relative path with `/`; becomes `Finding.file`, and picks the language when `language` is absent. */
  path: string;
  /** `javascript`, `javascriptreact`, `typescript`, `typescriptreact`, `python` (VS Code language ids) or absent. */
  language?: string;
  text: string;
}

export interface FunctionMetric {
  name: string;
  /** The whole function, from its first token to its last. */
  range: SourceRange;
  /** 1 + decision points (see metrics in js/metrics.ts and py/metrics.ts). */
  cyclomatic: number;
  /** Lines spanned, first and last included. */
  lines: number;
  parameters: number;
}

export type SkipReason = 'too-large' | 'minified';

export interface AnalysisResult {
  findings: Finding[];
  metrics: FunctionMetric[];
  /** Set when the file was not analyzed (over 1 MB, or minified: average line over 500 characters). */
  skipped?: SkipReason;
}

export interface Analyzer {
  /** Synchronous: one parse, one tree walk, all rules. Never throws on bad code (parsers recover). */
  analyze(file: AnalyzeFile): AnalysisResult;
}

/** What a rule says about itself; every finding of the rule carries it. */
export interface RuleMeta {
  id: string;
  severity: FindingSeverity;
  category: FindingCategory;
  cwe?: string;
  title: string;
  /** Why it matters and what to do, Markdown. */
  message: string;
  /** 0..1: how often a hit of this rule is a real problem (its precision, as far as we know). */
  confidence: number;
}
