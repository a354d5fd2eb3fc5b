// Loads tree-sitter (web-tree-sitter, as built by @vscode/tree-sitter-wasm) and the grammars the
// analyzers parse with. The runtime is a process-wide singleton, so it is initialized once and
// every Analyzer shares it; grammars are cached per directory.
//
// Files needed in `wasmDir`: tree-sitter.wasm (the runtime) and tree-sitter-python.wasm.
// Default `wasmDir`: the package's own `wasm/` folder when it can be resolved (tests, CLI from the
// repository), else `<dir of this bundle>/wasm` (the extension ships them in dist/wasm/).
import fs from 'node:fs';
import path from 'node:path';
import { Language, Parser } from '@vscode/tree-sitter-wasm';

export const WASM_FILES = ['tree-sitter.wasm', 'tree-sitter-python.wasm'] as const;

export function defaultWasmDir(): string {
  try {
    // main is wasm/tree-sitter.js, next to the .wasm files
    return path.dirname(require.resolve('@vscode/tree-sitter-wasm'));
  } catch {
    return path.join(__dirname, 'wasm');
  }
}

let runtime: Promise<void> | undefined;
let runtimeDir: string | undefined;
const grammars = new Map<string, Promise<Language>>();

async function initRuntime(wasmDir: string): Promise<void> {
  // The Emscripten module is global: the first directory wins; later ones only need their grammars.
  runtimeDir ??= wasmDir;
  runtime ??= Parser.init({ locateFile: (file: string) => path.join(runtimeDir!, file) }).catch((e: unknown) => {
    runtime = undefined;
    runtimeDir = undefined;
    throw new Error(`tree-sitter runtime not loaded from ${wasmDir}: ${(e as Error).message}`);
  });
  return runtime;
}

export async function loadGrammar(wasmDir: string, name: 'python'): Promise<Language> {
  await initRuntime(wasmDir);
  const file = path.join(wasmDir, `tree-sitter-${name}.wasm`);
  let grammar = grammars.get(file);
  if (!grammar) {
    grammar = fs.promises.readFile(file).then((bytes) => Language.load(new Uint8Array(bytes)));
    grammar.catch(() => grammars.delete(file));
    grammars.set(file, grammar);
  }
  return grammar;
}

export function newParser(language: Language): Parser {
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
