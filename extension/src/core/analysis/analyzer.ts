// `createAnalyzer()`: loads what parsing needs once (tree-sitter runtime and the Python grammar),
// then `analyze()` is synchronous: pick the language, skip huge/minified files, one parse, one
// walk with every rule, plus the text-level secrets scan.
//
// Parsers: JS/TS use the TypeScript compiler's parser (syntax only); Python uses tree-sitter. The
// TypeScript parser is ~3x faster than tree-sitter's WASM build on the same TS files (see
// `npm run bench:analyze`), which is what makes the throughput goal reachable, and it is the
// reference grammar for TS/TSX.
import { Reporter } from './finding';
import { analyzeJs } from './js/engine';
import { isConfigFile, isJsxFile, languageOf, skipReason } from './language';
import { LineIndex } from './line-index';
import { analyzePython } from './py/engine';
import { scanSecrets } from './secrets';
import { defaultWasmDir, loadGrammar, newParser } from './tree-sitter';
import type { AnalysisResult, AnalyzeFile, Analyzer, FunctionMetric } from './types';

export interface AnalyzerOptions {
  /** Directory holding tree-sitter.wasm and tree-sitter-python.wasm (default: see tree-sitter.ts). */
  wasmDir?: string;
}

export async function createAnalyzer(options: AnalyzerOptions = {}): Promise<Analyzer> {
  const python = newParser(await loadGrammar(options.wasmDir ?? defaultWasmDir(), 'python'));
  return {
    analyze(file: AnalyzeFile): AnalysisResult {
      const text = file.text;
      const lines = new LineIndex(text);
      const skipped = skipReason(text, lines.lineCount);
      if (skipped) return { findings: [], metrics: [], skipped };
      const reporter = new Reporter(file.path, lines);
      const language = languageOf(file.path, file.language);
      let metrics: FunctionMetric[] = [];
      if (language === 'python') metrics = analyzePython(python, text, reporter);
      else if (language) {
        metrics = analyzeJs(file.path, text, { typescript: language === 'typescript', jsx: isJsxFile(file.path, file.language) }, reporter);
      }
      scanSecrets(text, reporter, { assignments: !language, configFile: isConfigFile(file.path) });
      reporter.findings.sort((a, b) => a.range.startLine - b.range.startLine || (a.range.startColumn ?? 0) - (b.range.startColumn ?? 0));
      return { findings: reporter.findings, metrics };
    },
  };
}
