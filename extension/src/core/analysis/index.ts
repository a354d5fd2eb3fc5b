// Deterministic code analyzers (no LLM, offline): secrets, dangerous JS/TS and Python patterns,
// function metrics. Pure Node (no `vscode`), shared by the extension and the CLI.
export { createAnalyzer, type AnalyzerOptions } from './analyzer';
export { analyzeAll, type AnalyzeAllFile, type AnalyzeAllOptions } from './analyze-all';
export { dedupeFindings } from './dedupe';
export { isConfigFile, languageOf, MAX_AVERAGE_LINE, MAX_BYTES } from './language';
export { MAX_COMPLEXITY, MAX_LINES } from './metrics-findings';
export { defaultWasmDir, WASM_FILES } from './tree-sitter';
export type { AnalysisLanguage, AnalysisResult, AnalyzeFile, Analyzer, Finding, FunctionMetric, RuleMeta, SkipReason, SourceRange } from './types';
