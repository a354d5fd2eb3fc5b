import assert from 'node:assert/strict';
import { PromptTemplate, type TeamTemplate } from '../../../protocol';
import {
  BUILTIN_TEMPLATES, missingVariables, parseTemplateFile, renderTemplate, TemplateRegistry,
} from '../../../extension/src/core/templates';

const template = (fields: Record<string, unknown>) => PromptTemplate.parse({ name: 't', description: 'd', body: 'b', ...fields });

describe('templates: parseTemplateFile', () => {
  it('reads YAML front matter and the body; the name defaults to the file name', () => {
    const text = [
      '---',
      'description: Review for security issues',
      'model: llama-3.3-70b-versatile',
      'variables:',
      '  - name: focus',
      '    options: [auth, injection]',
      '    default: auth',
      '---',
      'Review {{selection}} with a focus on {{focus}}.',
      '',
    ].join('\n');
    const parsed = parseTemplateFile('.churnistic/prompts/security-review.md', text);
    assert.ok('template' in parsed, JSON.stringify(parsed));
    assert.equal(parsed.template.name, 'security-review');
    assert.equal(parsed.template.model, 'llama-3.3-70b-versatile');
    assert.deepEqual(parsed.template.variables, [{ name: 'focus', options: ['auth', 'injection'], default: 'auth', required: true }]);
    assert.equal(parsed.template.body, 'Review {{selection}} with a focus on {{focus}}.');
  });

  it('a name in the front matter wins over the file name', () => {
    const parsed = parseTemplateFile('x.md', '---\nname: other\ndescription: d\n---\nbody');
    assert.ok('template' in parsed && parsed.template.name === 'other');
  });

  const errors: [string, string, string, RegExp][] = [
    ['no front matter: no description', 'a.md', 'Just a body', /^a\.md: description: /],
    ['invalid YAML', 'b.md', '---\ndescription: [unclosed\n---\nbody', /^b\.md: the front matter is not valid YAML/],
    ['front matter that is a list', 'c.md', '---\n- a\n---\nbody', /^c\.md: the front matter must be a YAML mapping/],
    ['undeclared placeholder', 'd.md', '---\ndescription: d\n---\nUse {{style}}', /^d\.md: body: \{\{style\}\} is neither/],
    ['bad variable name, with its path', 'e.md', '---\ndescription: d\nvariables:\n  - name: 1x\n---\nbody', /^e\.md: variables\.0\.name: a variable name/],
    ['bad file name', 'Bad Name.md', '---\ndescription: d\n---\nbody', /^Bad Name\.md: name: a template name is lower-case/],
    ['empty body', 'f.md', '---\ndescription: d\n---\n   \n', /^f\.md: body: body must not be empty/],
  ];
  for (const [name, file, text, expected] of errors) {
    it(`reports ${name}`, () => {
      const parsed = parseTemplateFile(file, text);
      assert.ok('error' in parsed);
      assert.match(parsed.error, expected);
    });
  }
});

describe('templates: renderTemplate', () => {
  const tests = BUILTIN_TEMPLATES.find((t) => t.name === 'tests')!;
  const pick = template({ variables: [{ name: 'style', options: ['short', 'long'] }, { name: 'tone', required: false }], body: '{{style}} {{tone}} {{input}} in {{language}} ({{file}})' });

  it('fills declared variables and the editor builtins', () => {
    assert.deepEqual(renderTemplate(pick, { style: 'short', tone: 'dry' }, { input: 'go', language: 'ts', file: 'a.ts' }), { prompt: 'short dry go in ts (a.ts)' });
  });

  it('applies defaults, and optional variables become empty', () => {
    const r = renderTemplate(tests, { framework: 'mocha' }, { input: 'edge cases' });
    assert.ok('prompt' in r && r.prompt.includes('using mocha.') && r.prompt.endsWith('edge cases'));
    const d = renderTemplate(tests, {});
    assert.ok('prompt' in d && d.prompt.includes('using the framework the project already uses'));
    assert.deepEqual(renderTemplate(pick, { style: 'long' }), { prompt: 'long   in  ()' });
  });

  it('rejects unknown values, values outside options and missing required ones, all at once', () => {
    const r = renderTemplate(pick, { stlye: 'short' });
    assert.ok('errors' in r);
    assert.deepEqual(r.errors, ['/t has no variable "stlye" (it has: style, tone)', '/t needs a value for "style"']);
    const o = renderTemplate(pick, { style: 'medium' });
    assert.deepEqual(o, { errors: ['"style" must be one of short, long (got "medium")'] });
  });

  it('missingVariables lists required variables without value or default', () => {
    assert.deepEqual(missingVariables(pick, {}), ['style']);
    assert.deepEqual(missingVariables(pick, { style: '  ' }), ['style']);
    assert.deepEqual(missingVariables(pick, { style: 'short' }), []);
    assert.deepEqual(missingVariables(tests, {}), []);
  });

  it('values are inserted literally (placeholders in them are not expanded)', () => {
    assert.deepEqual(renderTemplate(pick, { style: 'short', tone: '{{input}}' }, { input: 'x' }), { prompt: 'short {{input}} x in  ()' });
  });
});

describe('templates: built-ins and the registry', () => {
  it('has the five built-in commands, all valid templates', () => {
    assert.deepEqual(BUILTIN_TEMPLATES.map((t) => t.name), ['explain', 'fix', 'tests', 'docs', 'optimize']);
    for (const t of BUILTIN_TEMPLATES) assert.ok(PromptTemplate.safeParse(t).success, t.name);
    const fix = renderTemplate(BUILTIN_TEMPLATES[1]!, {}, { input: '' });
    assert.ok('prompt' in fix && /attached problems/.test(fix.prompt) && !fix.prompt.endsWith('\n'));
  });

  const team = (name: string, body: string): TeamTemplate => ({ name, description: `team ${name}`, variables: [], body, version: 2, updatedAt: '2025-01-01T00:00:00Z', updatedBy: 'Ada' });

  it('merges built-in < team < workspace by name', () => {
    const registry = new TemplateRegistry();
    registry.setTeam([team('fix', 'team fix {{input}}'), team('review', 'team review')]);
    registry.setWorkspace([template({ name: 'review', description: 'ws review', body: 'ws review' }), template({ name: 'explain', description: 'ws explain', body: 'mine' })]);
    assert.deepEqual(registry.commands().map((c) => [c.name, c.source]), [
      ['docs', 'builtin'], ['explain', 'workspace'], ['fix', 'team'], ['optimize', 'builtin'], ['review', 'workspace'], ['tests', 'builtin']]);
    assert.equal(registry.get('review')?.template.body, 'ws review');
    registry.setWorkspace([]);
    assert.equal(registry.get('review')?.source, 'team');
    assert.equal(registry.get('explain')?.source, 'builtin');
  });

  it('skips team templates that are not valid', () => {
    const registry = new TemplateRegistry();
    registry.setTeam([team('bad', 'uses {{undeclared}}')]);
    assert.equal(registry.get('bad'), undefined);
  });

  it('parses /name key=value key2="quoted value" rest', () => {
    const registry = new TemplateRegistry();
    registry.setWorkspace([template({ name: 'review', variables: [{ name: 'focus' }, { name: 'level', required: false }], body: '{{focus}} {{level}} {{input}}' })]);
    const parsed = registry.parseSlashInput('  /review focus="error handling" level=2 the parser\nplease ');
    assert.deepEqual({ ...parsed, template: parsed?.template.name }, {
      template: 'review', source: 'workspace', values: { focus: 'error handling', level: '2' }, input: 'the parser\nplease' });
    assert.deepEqual(registry.parseSlashInput('/tests framework=jest')?.values, { framework: 'jest' });
    assert.equal(registry.parseSlashInput('/tests')?.input, '');
  });

  it('leaves undeclared key=value pairs in the text, and knows unknown commands', () => {
    const registry = new TemplateRegistry();
    assert.deepEqual(registry.parseSlashInput('/explain x=1 in this loop')?.input, 'x=1 in this loop');
    assert.equal(registry.parseSlashInput('/nope do it'), undefined);
    assert.equal(registry.parseSlashInput('/explained'), undefined);
    assert.equal(registry.parseSlashInput('please /explain'), undefined);
    assert.deepEqual(registry.parseSlashInput(`/tests framework='it\\'s' go`)?.values, { framework: "it's" });
  });
});
