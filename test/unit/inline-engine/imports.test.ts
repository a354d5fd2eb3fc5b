import assert from 'node:assert/strict';
import { declarationOf, extractImports, resolveImport } from '../../../extension/src/core/inline/imports';
import { importsSource, openEditorsSource } from '../../../extension/src/core/inline/sources';
import { snapshot } from './fakes';

describe('inline engine: imports', () => {
  it('extracts TS/JS imports with the names taken from each module', () => {
    const text = [
      "import React, { useState, type FC } from 'react';",
      "import * as path from 'node:path';",
      "import type { Config as Cfg } from './config.js';",
      "import {",
      "  formatDate,",
      "  parseDate as parse,",
      "} from '../util/dates';",
      "import './polyfills';",
      "export { helper } from './helpers';",
      "const { readFile } = require('fs');",
      "const lazy = await import('./lazy');",
      "import React2 from 'react';",
    ].join('\n');
    assert.deepEqual(extractImports(text, 'typescriptreact'), [
      { specifier: 'react', names: ['useState', 'FC', 'React', 'React2'] },
      { specifier: 'node:path', names: [] },
      { specifier: './config.js', names: ['Config'] },
      { specifier: '../util/dates', names: ['formatDate', 'parseDate'] },
      { specifier: './helpers', names: ['helper'] },
      { specifier: './polyfills', names: [] },
      { specifier: './lazy', names: [] },
      { specifier: 'fs', names: ['readFile'] },
    ]);
  });

  it('extracts Python imports, relative and absolute', () => {
    const text = 'import os, sys as system\nimport pkg.sub.mod\nfrom .models import User, Post as P\nfrom ..core import (\n    engine,\n    session,\n)\nfrom . import views\n';
    assert.deepEqual(extractImports(text, 'python'), [
      { specifier: '.models', names: ['User', 'Post'] },
      { specifier: '..core', names: ['engine', 'session'] },
      { specifier: '.', names: ['views'] },
      { specifier: 'os', names: [] },
      { specifier: 'sys', names: [] },
      { specifier: 'pkg.sub.mod', names: [] },
    ]);
    assert.deepEqual(extractImports(text, 'go'), []);
  });

  it('resolves import paths to workspace files', () => {
    const known = new Set(['src/util.ts', 'src/config.ts', 'src/dir/index.tsx', 'src/lib/a.ts', 'lib/b.js']);
    const from = 'src/app.ts';
    assert.equal(resolveImport('./util', from, 'typescript', known), 'src/util.ts');
    assert.equal(resolveImport('./config.js', from, 'typescript', known), 'src/config.ts');
    assert.equal(resolveImport('./dir', from, 'typescript', known), 'src/dir/index.tsx');
    assert.equal(resolveImport('../lib/b.js', from, 'javascript', known), 'lib/b.js');
    assert.equal(resolveImport('@/lib/a', from, 'typescript', known), 'src/lib/a.ts');
    assert.equal(resolveImport('react', from, 'typescript', known), undefined);
    assert.equal(resolveImport('./missing', from, 'typescript', known), undefined);

    const py = new Set(['app/models.py', 'app/core/__init__.py', 'src/pkg/sub/mod.py', 'app/views.py']);
    assert.equal(resolveImport('.models', 'app/api.py', 'python', py), 'app/models.py');
    assert.equal(resolveImport('..core', 'app/api/routes.py', 'python', py), 'app/core/__init__.py');
    assert.equal(resolveImport('pkg.sub.mod', 'main.py', 'python', py), 'src/pkg/sub/mod.py');
    assert.equal(resolveImport('os', 'main.py', 'python', py), undefined);
  });

  it('finds the declaration of an imported name and its body', () => {
    const ts = 'import x from "y";\n\nexport async function fetchUser(id: string): Promise<User> {\n  const res = await fetch(`/u/${id}`);\n\n  return res.json();\n}\n\nexport const other = 1;\n';
    assert.equal(declarationOf(ts, 'fetchUser'), 'export async function fetchUser(id: string): Promise<User> {\n  const res = await fetch(`/u/${id}`);\n\n  return res.json();\n}');
    const py = 'class User:\n    def __init__(self, name):\n        self.name = name\n\n\ndef other():\n    pass\n';
    assert.equal(declarationOf(py, 'User'), 'class User:\n    def __init__(self, name):\n        self.name = name');
    assert.equal(declarationOf(ts, 'fetch'), undefined);
  });
});

describe('inline engine: ready-made sources', () => {
  it('the imports source reads imported files and returns the declarations used', async () => {
    const doc = snapshot("import { add, scale } from './math';\n\nconst total = add(");
    const files: Record<string, string> = {
      'src/math.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function scale(v: number, k: number) {\n  return v * k;\n}\n',
    };
    const read: string[] = [];
    const source = importsSource({
      knownFiles: () => new Set(Object.keys(files)),
      readFile: async (p) => {
        read.push(p);
        return files[p];
      },
    });
    const snippets = await source.collect(doc, new AbortController().signal);
    assert.deepEqual(read, ['src/math.ts']);
    assert.equal(snippets[0]!.path, 'src/math.ts');
    assert.ok(snippets[0]!.text.startsWith('export function add'), 'the name used at the cursor ranks first');
    assert.equal(snippets.length, 2);
  });

  it('the open editors source ranks windows of the open files', async () => {
    const doc = snapshot('function totalPrice(items: Item[]) {\n  return items.reduce(');
    const source = openEditorsSource({
      files: () => [{ path: 'src/cart.ts', text: 'function totalWeight(items: Item[]) {\n  return items.reduce((sum, item) => sum + item.weight, 0);\n}' }],
    });
    const snippets = await source.collect(doc, new AbortController().signal);
    assert.equal(snippets.length, 1);
    assert.equal(source.name, 'open');
  });
});
