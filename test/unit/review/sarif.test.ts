import assert from 'node:assert/strict';
import type { Finding } from '../../../protocol';
import { pathToUri, sarifLevel, toSarif } from '../../../extension/src/core/review/sarif';
import { assertValidSarif } from './sarif-validate';

const findings: Finding[] = [
  { ruleId: 'secrets/aws-access-key', source: 'analyzer', severity: 'critical', category: 'security', cwe: 'CWE-798', title: 'AWS access key', message: 'Rotate it.', file: 'src/config.ts', range: { startLine: 3, startColumn: 15, endLine: 3, endColumn: 35 }, confidence: 0.9 },
  { ruleId: 'llm/bug', source: 'llm', severity: 'medium', category: 'bug', title: 'Off by one', message: '`i <= n` reads past the end.', file: 'src/dir with space/#x.ts', range: { startLine: 10, endLine: 12 },
    fix: { description: 'Use <', range: { startLine: 10, startColumn: 5, endLine: 10, endColumn: 11 }, replacement: 'i < n' } },
  { ruleId: 'llm/bug', source: 'llm', severity: 'info', category: 'bug', title: 'Nit', message: '', file: 'src/a.py', range: { startLine: 1, endLine: 1 } },
  { ruleId: 'js/eval', source: 'analyzer', severity: 'high', category: 'security', title: 'eval', message: '', file: 'src/a.js', range: { startLine: 2, endLine: 2 } },
  { ruleId: 'js/eval', source: 'analyzer', severity: 'high', category: 'security', title: 'eval', message: '', file: 'src/a.js', range: { startLine: 7, endLine: 7 } },
];
const texts: Record<string, string> = { 'src/a.js': 'x\n  eval(a)\n\n\n\n\neval(a)\n' };

describe('review: SARIF 2.1.0 writer', () => {
  const log = toSarif(findings, { version: '0.1.0', fileText: (p) => texts[p], skipped: [{ path: '.env', reason: 'sensitive' }] }) as any;

  it('validates against the official SARIF 2.1.0 JSON schema (also with no findings, and with errors)', () => {
    assertValidSarif(log);
    assertValidSarif(toSarif([], { version: '0.1.0' }));
    assertValidSarif(toSarif(findings, { version: '1.2.3', errors: [{ paths: ['a.ts'], message: 'HTTP 502' }] }));
    assert.throws(() => assertValidSarif({ ...log, version: '2.0.0' }), /invalid SARIF/);
  });

  it('one run, the Churnistic driver, rules with security-severity for security rules', () => {
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'Churnistic');
    assert.equal(driver.semanticVersion, '0.1.0');
    assert.deepEqual(driver.rules.map((r: any) => r.id), ['secrets/aws-access-key', 'llm/bug', 'js/eval']);
    assert.equal(driver.rules[0].properties['security-severity'], '9.5');
    assert.ok(driver.rules[0].properties.tags.includes('external/cwe/cwe-798'));
    assert.equal(driver.rules[1].properties['security-severity'], undefined);
    assert.equal(driver.rules[2].properties['security-severity'], '8.0');
    assert.equal(driver.rules[1].defaultConfiguration.level, 'warning', 'the rule\'s worst finding decides');
  });

  it('results: ruleIndex, levels from severity, %SRCROOT%-relative encoded URIs, regions, fixes', () => {
    const [aws, bug, nit] = log.runs[0].results;
    assert.deepEqual([aws.ruleIndex, bug.ruleIndex, nit.ruleIndex], [0, 1, 1]);
    assert.deepEqual(['critical', 'high', 'medium', 'low', 'info'].map((s) => sarifLevel(s as any)), ['error', 'error', 'warning', 'note', 'note']);
    assert.deepEqual([aws.level, bug.level, nit.level], ['error', 'warning', 'note']);
    assert.deepEqual(aws.locations[0].physicalLocation, { artifactLocation: { uri: 'src/config.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 15, endLine: 3, endColumn: 35 } });
    assert.equal(bug.locations[0].physicalLocation.artifactLocation.uri, 'src/dir%20with%20space/%23x.ts');
    assert.equal(pathToUri('a b/c'), 'a%20b/c');
    assert.equal(aws.message.text, 'AWS access key\n\nRotate it.');
    assert.deepEqual(bug.fixes[0].artifactChanges[0].replacements[0], { deletedRegion: { startLine: 10, startColumn: 5, endLine: 10, endColumn: 11 }, insertedContent: { text: 'i < n' } });
    assert.equal(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text, 'skipped .env: sensitive');
  });

  it('partialFingerprints: same rule and line text → same hash whatever the line number, occurrence numbered', () => {
    const [, , , e1, e2] = log.runs[0].results;
    const [h1, n1] = e1.partialFingerprints['churnistic/v1'].split(':');
    const [h2, n2] = e2.partialFingerprints['churnistic/v1'].split(':');
    assert.equal(h1, h2, '`  eval(a)` and `eval(a)` normalise to the same text');
    assert.deepEqual([n1, n2], ['1', '2']);
    // moving the code down does not change the fingerprint
    const moved = toSarif([{ ...findings[3]!, range: { startLine: 4, endLine: 4 } }], { version: '0', fileText: () => '\n\n\n  eval(a)' }) as any;
    assert.equal(moved.runs[0].results[0].partialFingerprints['churnistic/v1'], e1.partialFingerprints['churnistic/v1']);
  });
});
