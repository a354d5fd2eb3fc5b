// `npm run bench`: runs every `bench:*` script of package.json in turn (each prints its own
// baseline and ratios), and fails if any fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const { scripts } = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const benches = Object.keys(scripts).filter((name) => name.startsWith('bench:'));
if (!benches.length) {
  console.log('no benchmarks defined yet (add `bench:<name>` scripts to package.json)');
  process.exit(0);
}
let failed = 0;
for (const name of benches) {
  console.log(`\n== npm run ${name}`);
  const r = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
