import { parseArgs } from 'node:util';
import { reviewCommand } from '../../extension/src/core/review/cli-review';
import { ConfigError, loadConfig } from './config';
import { AccountsRepo } from './data/accounts-repo';
import { openDatabase } from './data/db';

const USAGE = `usage: churnistic <command>

commands:
  token create [--name NAME]   create an admin API token for the server in CHURNISTIC_DATA_DIR
                               (printed once; it is stored hashed)
  review [paths…] [options]    review code with the analyzers and the server's AI review
                               (text, json or SARIF; --fail-on for CI); \`churnistic review --help\`

Environment: token create reads the server's (CHURNISTIC_DATA_DIR, DATABASE_URL); review reads
CHURNISTIC_SERVER_URL and CHURNISTIC_TOKEN.`;

async function tokenCreate(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { name: { type: 'string', default: 'cli token' } } });
  const config = loadConfig();
  const db = await openDatabase(config.databaseUrl);
  const accounts = new AccountsRepo(db);
  const token = await accounts.createToken(await accounts.ensureDefaultAdmin(), values.name!);
  db.close();
  process.stdout.write(`${token}\n`);
  process.stderr.write(`created admin token "${values.name}" in ${config.databaseUrl}; it is shown only now\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === 'token' && command === 'create') return tokenCreate(rest);
  if (group === 'review') return reviewCommand(argv.slice(1));
  process.stderr.write(`${USAGE}\n`);
  return group === undefined || group === '--help' || group === '-h' ? 0 : 2;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  process.stderr.write(`churnistic: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : err}\n`);
  process.exit(1);
});
