// Exact ranges (1-based, exclusive end column) and fixes of a few findings, including non-ASCII
// text before them (columns count UTF-16 code units, as VS Code does).
import assert from 'node:assert/strict';
import { createAnalyzer, type Analyzer, type Finding } from '../../../extension/src/core/analysis';
import { loadFixture } from './fixtures';

const at = (f: Finding) => [f.ruleId, f.range.startLine, f.range.startColumn, f.range.endLine, f.range.endColumn];

describe('analysis: ranges and fixes', () => {
  let analyzer: Analyzer;
  before(async () => {
    analyzer = await createAnalyzer();
  });

  it('JS: the call or expression, not the line; the TLS fix replaces only `false`', () => {
    const text = 'const é = "ü"; eval(input);\nconst a = new https.Agent({ rejectUnauthorized: false });\n';
    const [ev, tlsF] = analyzer.analyze({ path: 'x.js', text }).findings;
    assert.deepEqual(at(ev!), ['js/eval', 1, 16, 1, 27]);
    assert.deepEqual(at(tlsF!), ['js/tls-disabled', 2, 29, 2, 54]);
    assert.deepEqual(tlsF!.fix, { description: 'Turn certificate verification back on', range: { startLine: 2, startColumn: 49, endLine: 2, endColumn: 54 }, replacement: 'true' });
    assert.equal(ev!.source, 'analyzer');
    assert.equal(ev!.cwe, 'CWE-95');
    assert.equal(ev!.file, 'x.js');
  });

  it('Python: verify=False fix, yaml.load fix, non-ASCII before the finding', () => {
    const text = 'x = "ü€"; requests.get(u, verify=False)\ncfg = yaml.load(s)\n';
    const [tlsF, yml] = analyzer.analyze({ path: 'x.py', text }).findings;
    assert.deepEqual(at(tlsF!), ['py/tls-disabled', 1, 27, 1, 39]);
    assert.deepEqual(tlsF!.fix?.range, { startLine: 1, startColumn: 34, endLine: 1, endColumn: 39 });
    assert.equal(tlsF!.fix?.replacement, 'True');
    assert.deepEqual(at(yml!), ['py/deserialization', 2, 7, 2, 19]);
    assert.deepEqual([yml!.fix?.range, yml!.fix?.replacement], [{ startLine: 2, startColumn: 7, endLine: 2, endColumn: 16 }, 'yaml.safe_load']);
  });

  it('secrets: the value only, the whole private key block, one finding for a JWT in a header', () => {
    const file = loadFixture('tokens.txt.tmpl');
    const findings = analyzer.analyze(file).findings;
    const lines = file.text.split('\n');
    for (const f of findings.filter((x) => x.range.startLine === x.range.endLine)) {
      const value = lines[f.range.startLine - 1]!.slice(f.range.startColumn! - 1, f.range.endColumn! - 1);
      assert.doesNotMatch(value, /[\s"'()]/, `${f.ruleId} range holds only the secret: ${value}`);
    }
    const key = findings.find((f) => f.ruleId === 'secrets/private-key')!;
    assert.equal(key.range.endLine - key.range.startLine, 2);
    assert.equal(key.severity, 'critical');
    const cfg = analyzer.analyze({ path: 'app.yaml', text: 'db:\n  password: "hunter2-prod"\n' }).findings;
    assert.deepEqual(at(cfg[0]!), ['secrets/password-in-config', 2, 14, 2, 26]);
  });

  it('skips huge and minified files, and files of other languages get secrets only', () => {
    assert.equal(analyzer.analyze({ path: 'big.js', text: 'eval(x);\n'.repeat(120_000) }).skipped, 'too-large');
    assert.equal(analyzer.analyze({ path: 'min.js', text: `${'var a=1;'.repeat(100)}eval(x)` }).skipped, 'minified');
    assert.deepEqual(analyzer.analyze({ path: 'notes.md', text: 'eval(x)\n' }).findings, []);
    assert.equal(analyzer.analyze({ path: 'run.sh', text: 'DB_PASSWORD="s3cret-value"\n' }).findings[0]?.ruleId, 'secrets/hardcoded-credential');
    assert.equal(analyzer.analyze({ path: 'x', language: 'python', text: 'eval(x)\n' }).findings[0]?.ruleId, 'py/eval');
    assert.equal(analyzer.analyze({ path: 'broken.ts', text: 'const x = ;\nif (\neval(input)' }).findings[0]?.ruleId, 'js/eval', 'parsers recover');
  });
});
