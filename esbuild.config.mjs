// One build for every part of Churnistic. Targets:
//   extension   cjs for the VS Code extension host (`vscode` is provided by the host)
//   analyzers   the code analyzers (TypeScript compiler, tree-sitter), loaded by the extension at first use
//   webview-ui  browser bundle for the chat panel
//   server      node bundle of the backend (its npm dependencies stay in node_modules)
//   cli         `churnistic` command (admin tokens, …)
//   test        in-host mocha suites (test/vscode) compiled like the extension
//   pages       the server's onboarding pages: one browser script per server/src/web/*.ts into dist/web
// Usage: node esbuild.config.mjs [--watch] [--production] [--only extension,server,…]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const production = args.includes('--production');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1].split(',') : null;

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

const pageEntries = () => fs.readdirSync('server/src/web').filter((f) => f.endsWith('.ts')).map((f) => path.join('server/src/web', f));

const testEntries = () => {
  const dir = 'test/vscode';
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /\.(test\.)?ts$/.test(f)).map((f) => path.join(dir, f));
};

/** Copies files next to a bundle at the end of its build (the grammars tree-sitter loads at run time). */
function copyFiles(from, to, names) {
  return {
    name: 'copy-files',
    setup(build) {
      build.onEnd(() => {
        fs.mkdirSync(to, { recursive: true });
        for (const name of names) fs.copyFileSync(path.join(from, name), path.join(to, name));
      });
    },
  };
}

const targets = {
  extension: {
    ...common,
    entryPoints: { extension: 'extension/src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  // the analyzers, required by the extension at first use (see adapters/analysis-loader.ts)
  analyzers: {
    ...common,
    entryPoints: { analyzers: 'extension/src/core/analysis/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    plugins: [copyFiles('node_modules/@vscode/tree-sitter-wasm/wasm', 'dist/wasm', ['tree-sitter.wasm', 'tree-sitter-python.wasm'])],
  },
  'webview-ui': {
    ...common,
    entryPoints: { webview: 'webview-ui/src/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'css' },
    // always minified: zod, markdown-it, highlight.js and DOMPurify are ~770 KB as source, ~360 KB
    // minified, and the webview parses it on every (re)load; the linked source map keeps it debuggable
    minify: true,
  },
  server: {
    ...common,
    entryPoints: { server: 'server/src/main.ts', cli: 'server/src/cli.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  },
  // served by the server at /web/<page>.js under a nonce CSP; the firebase web SDK is bundled into signin.js
  pages: {
    ...common,
    get entryPoints() { return pageEntries(); },
    outdir: 'dist/web',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
  },
  test: {
    ...common,
    sourcemap: 'inline',
    minify: false,
    get entryPoints() { return testEntries(); },
    outdir: 'dist/test/vscode',
    outbase: 'test/vscode',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  },
};

const selected = Object.entries(targets).filter(([name]) => !only || only.includes(name));
if (!selected.length) {
  console.error(`esbuild.config.mjs: nothing to build for --only ${only}; targets: ${Object.keys(targets).join(', ')}`);
  process.exit(2);
}

if (watch) {
  for (const [, options] of selected) await (await esbuild.context(options)).watch();
  console.log(`watching ${selected.map(([n]) => n).join(', ')}`);
} else {
  await Promise.all(selected.map(([, options]) => esbuild.build(options)));
}
