import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfigFile, resolveGatewayConfig } from '../../server/src/config-file';
import { parseTemplateFile } from '../../extension/src/core/templates';

/** The README's CHURNISTIC_CONFIG examples are what users copy: they must load as written. */
describe('README: configuration examples', () => {
  const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('has YAML examples to check', () => {
    assert.ok(blocks.length >= 2, `found ${blocks.length}`);
  });

  blocks.forEach((yaml, i) => {
    it(`YAML example ${i + 1} is a valid CHURNISTIC_CONFIG file`, () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'readme-config-')), 'config.yaml');
      fs.writeFileSync(file, yaml);
      try {
        const config = resolveGatewayConfig(loadConfigFile(file));
        assert.ok(config.routes.chat.length > 0);
      } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
    });
  });
});

/** The README's prompt-file example is what users copy into .churnistic/prompts: it must validate. */
describe('README: prompt template example', () => {
  const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```markdown\n(---\n[\s\S]*?)```/g)].map((m) => m[1]!);

  it('has a template example and it parses as a prompt file', () => {
    assert.ok(blocks.length >= 1, 'no ```markdown block with front matter in the README');
    for (const text of blocks) {
      const parsed = parseTemplateFile('security-review.md', text);
      assert.ok('template' in parsed, 'error' in parsed ? parsed.error : '');
      assert.equal(parsed.template.name, 'security-review');
    }
  });
});
