// Golden cases for the inline post-processing filters: one `.case` file per case under
// test/fixtures/inline-filters/<folder>/, each run as its own mocha test. The format (see the
// README next to the cases) is meant to be read and written by hand:
//
//   # language: python          options, one per line, before the first section (all optional)
//   # multiline: false          default: isMultilinePosition(prefix, suffix)
//   # maxLines: 3               default: 20
//   # indent: 2 | 4 | tab       default: inferIndentUnit(prefix + suffix)
//   # anything else starting with '#' is a note
//   === document                the file; █ marks the cursor (prefix before it, suffix after)
//   === completion              what the model returned
//   === expected                what must come out   (or `=== drop`: must come out undefined)
//
// A section's text is its lines joined with "\n": the line break before the next header is not
// part of it, so an empty last line means the text ends with a line break. In any section ⇥ is a
// tab, ␍ a carriage return (write it at the end of a line for CRLF) and ␠ a space (to show
// trailing spaces); real tabs work too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { inferIndentUnit, isMultilinePosition } from '../../../extension/src/core/inline/filters';
import type { CompletionFilter, FilterContext } from '../../../extension/src/core/inline/types';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/inline-filters');
const CURSOR = '█';
const SECTIONS = new Set(['document', 'completion', 'expected', 'drop']);
const HEADER = /^=== (\w+)$/;
const OPTION = /^#\s*(language|multiline|maxLines|indent)\s*:\s*(.*?)\s*$/;

export interface GoldenCase {
  name: string;
  file: string;
  completion: string;
  /** undefined: the filter must drop the completion. */
  expected: string | undefined;
  ctx: FilterContext;
}

function unescape(text: string): string {
  return text.replaceAll('⇥', '\t').replaceAll('␍', '\r').replaceAll('␠', ' ');
}

export function parseCase(file: string, source: string): GoldenCase {
  const lines = source.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const options: Record<string, string> = {};
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const [n, line] of lines.entries()) {
    const header = HEADER.exec(line);
    if (header && SECTIONS.has(header[1]!)) {
      if (sections.has(header[1]!)) throw new Error(`${file}:${n + 1}: section "${header[1]}" given twice`);
      current = [];
      sections.set(header[1]!, current);
    } else if (current) {
      current.push(line);
    } else {
      const option = OPTION.exec(line);
      if (option) options[option[1]!] = option[2]!;
      else if (line.trim() && !line.startsWith('#')) throw new Error(`${file}:${n + 1}: text before the first section`);
    }
  }
  const text = (name: string): string | undefined => {
    const body = sections.get(name);
    return body === undefined ? undefined : unescape(body.join('\n'));
  };
  const document = text('document');
  const completion = text('completion');
  if (document === undefined || completion === undefined) throw new Error(`${file}: needs "=== document" and "=== completion"`);
  const cursor = document.indexOf(CURSOR);
  if (cursor === -1 || document.indexOf(CURSOR, cursor + 1) !== -1) throw new Error(`${file}: the document needs exactly one ${CURSOR}`);
  if (sections.has('expected') === sections.has('drop')) throw new Error(`${file}: needs exactly one of "=== expected" and "=== drop"`);
  if (sections.get('drop')?.some((line) => line.trim())) throw new Error(`${file}: "=== drop" takes no text`);

  const prefix = document.slice(0, cursor);
  const suffix = document.slice(cursor + CURSOR.length);
  const indent = options.indent;
  const ctx: FilterContext = {
    prefix,
    suffix,
    languageId: options.language ?? 'typescript',
    indentUnit: indent === undefined ? inferIndentUnit(prefix + suffix) : indent === 'tab' ? '\t' : ' '.repeat(Number(indent)),
    multiline: options.multiline === undefined ? isMultilinePosition(prefix, suffix) : options.multiline === 'true',
    maxLines: options.maxLines === undefined ? 20 : Number(options.maxLines),
  };
  return { name: path.basename(file, '.case'), file, completion, expected: text('expected'), ctx };
}

export function loadCases(folder: string): GoldenCase[] {
  const dir = path.join(FIXTURES, folder);
  return fs.readdirSync(dir)
    .filter((name) => name.endsWith('.case'))
    .sort()
    .map((name) => parseCase(path.join(dir, name), fs.readFileSync(path.join(dir, name), 'utf8')));
}

/** One mocha test per case file in `folder`; `run` is the filter or the whole pipeline. */
export function describeGolden(folder: string, run: CompletionFilter, minCases = 6): void {
  const cases = loadCases(folder);
  describe(`inline filter golden cases: ${folder}`, () => {
    it(`has at least ${minCases} cases`, () => assert.ok(cases.length >= minCases, `${cases.length} cases in ${folder}`));
    for (const c of cases) {
      it(c.name, () => {
        const actual = run(c.completion, c.ctx);
        assert.equal(actual, c.expected, `${path.relative(process.cwd(), c.file)}\n  raw:      ${JSON.stringify(c.completion)}\n  expected: ${JSON.stringify(c.expected)}\n  actual:   ${JSON.stringify(actual)}`);
      });
    }
  });
}
