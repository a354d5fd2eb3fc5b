import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfigFile, resolveGatewayConfig } from '../../server/src/config-file';

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
