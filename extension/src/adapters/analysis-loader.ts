// The analyzers (the TypeScript compiler and tree-sitter, several MB) are a bundle of their own,
// dist/analyzers.js with its grammars in dist/wasm/, required the first time something is
// analyzed: activation and the extension bundle stay small.
import * as vscode from 'vscode';
import type * as Analysis from '../core/analysis';

export type AnalysisModule = typeof Analysis;

let loaded: AnalysisModule | undefined;

export function loadAnalysis(extensionUri: vscode.Uri): AnalysisModule {
  // a computed path: esbuild leaves this require alone, so the module is read at first use
  const file = vscode.Uri.joinPath(extensionUri, 'dist', 'analyzers.js').fsPath;
  loaded ??= require(file) as AnalysisModule;
  return loaded;
}
