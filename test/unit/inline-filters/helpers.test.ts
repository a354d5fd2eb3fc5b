import assert from 'node:assert/strict';
import { inferIndentUnit, isMultilinePosition } from '../../../extension/src/core/inline/filters';

// █ marks the cursor; \r\n where the line ends matter.
const POSITIONS: Array<[string, boolean, string]> = [
  ['function f() {█', true, 'after `{` at the end of the line'],
  ['function f() {█}', true, 'after `{` with the auto-closed `}`'],
  ['app.get("/", (req, res) => {█});', true, 'only closers and `;` after the cursor'],
  ['function f() {█\r\n}', true, 'CRLF: the CR is not text after the cursor'],
  ['function f() {\n  █\n}', true, 'blank line (indentation only)'],
  ['█', true, 'empty document'],
  ['if x > 0:█', true, 'Python `:`'],
  ['items.forEach((x) =>█', true, 'arrow'],
  ['const xs = [█]', true, '`[` with `]` after'],
  ['if [ -f x ]; then█', true, 'shell `then`'],
  ['items.each do |x|█', true, 'Ruby `do |x|`'],
  ['const x = foo(█, b);', false, 'arguments after the cursor'],
  ['const x = 1;█', false, 'end of a complete statement'],
  ['promise.then█', false, '`.then` is a property, not the keyword'],
  ['undo█', false, '`undo` does not end with the keyword `do`'],
  ['const s = "█";', false, 'a quote after the cursor'],
  ['  return █', false, 'line that opens nothing'],
];

describe('inline filters: isMultilinePosition', () => {
  for (const [doc, expected, why] of POSITIONS) {
    it(`${expected ? 'multi' : 'single'}-line: ${why} (${JSON.stringify(doc)})`, () => {
      const [prefix, suffix] = doc.split('█') as [string, string];
      assert.equal(isMultilinePosition(prefix, suffix), expected);
    });
  }
});

const INDENTS: Array<[string, string, string]> = [
  ['two spaces', 'function f() {\n  if (x) {\n    y();\n  }\n}\n', '  '],
  ['four spaces', 'def f():\n    if x:\n        return 1\n    return 2\n', '    '],
  ['tabs', 'func f() {\n\tif x {\n\t\treturn\n\t}\n}\n', '\t'],
  ['nothing indented: four spaces', 'a = 1\nb = 2\n', '    '],
  ['block comment lines do not count', '/**\n * Doc.\n * More.\n */\nfunction f() {\n  a();\n  if (b) {\n    c();\n  }\n}\n', '  '],
  ['the most common step wins over one aligned continuation', 'x = f(a,\n      b)\nif y:\n  z()\nif w:\n  v()\n', '  '],
  ['CRLF', 'class A {\r\n  m() {\r\n    n();\r\n  }\r\n}\r\n', '  '],
];

describe('inline filters: inferIndentUnit', () => {
  for (const [why, text, expected] of INDENTS) {
    it(why, () => assert.equal(inferIndentUnit(text), expected));
  }
});
