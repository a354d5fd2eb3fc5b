// `churnistic review [paths…] [--diff BASE..HEAD] [--format text|json|sarif] …`: the CI face of
// the review core. Reads files itself (git for the file list and diffs), runs `runReview`, prints
// one of the formats and maps the outcome to an exit code: 0 ok, 1 findings at or above
// --fail-on, 2 bad usage or an incomplete run (the message says which).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { atLeast, FindingSeverity, ReviewKind } from '../../../../protocol';
import { ChurnisticClient } from '../server-client';
import { formatJson, formatText, shouldColor } from './format';
import { collectFiles, gitDiffText, readRevisionFile } from './cli-files';
import { runReview, serverReviewer, type DedupeFn, type ReviewAnalyzer } from './run-review';
import { toSarif } from './sarif';

export const REVIEW_USAGE = `usage: churnistic review [paths…] [options]

Reviews source files with the local analyzers and, when a server and token are available, the
Churnistic server's AI review; prints the merged findings.

  paths                  files or folders (default: the git repository's files, or the current
                         folder honouring .gitignore)
  --diff BASE..HEAD      review only files changed in that range, keep findings on changed lines
  --format FORMAT        text (default), json or sarif
  --output FILE          write the report to FILE instead of standard output
  --fail-on LEVEL        exit 1 when a finding is LEVEL or worse: critical, high, medium, low,
                         info or none (default none)
  --kind KIND            review (default) or security (security findings only)
  --server URL           the Churnistic server (default: CHURNISTIC_SERVER_URL)
  --offline              analyzers only, no server

Environment: CHURNISTIC_TOKEN (API token), CHURNISTIC_SERVER_URL, NO_COLOR.
Exit codes: 0 no finding at --fail-on, 1 findings at or above --fail-on, 2 usage or runtime error.`;

export interface ReviewArgs {
  paths: string[];
  diff?: string;
  format: 'text' | 'json' | 'sarif';
  output?: string;
  failOn: FindingSeverity | 'none';
  offline: boolean;
  server?: string;
  kind: 'review' | 'security';
}

export class UsageError extends Error {}

/** Parses and checks `review`'s arguments; throws UsageError with a message for the user. */
export function parseReviewArgs(argv: string[]): ReviewArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        diff: { type: 'string' }, format: { type: 'string', default: 'text' }, output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string', default: 'none' }, offline: { type: 'boolean', default: false },
        server: { type: 'string' }, kind: { type: 'string', default: 'review' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  if (v.help) throw new UsageError('');
  const oneOf = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return value as T;
  };
  const format = oneOf('format', v.format!, ['text', 'json', 'sarif'] as const);
  const failOn = oneOf('fail-on', v['fail-on']!, [...FindingSeverity.options, 'none'] as const);
  const kind = oneOf('kind', v.kind!, ReviewKind.extract(['review', 'security']).options);
  // a range that starts with `-` would reach git as an option
  if (v.diff !== undefined && !/^[^\s-][^\s]*$/.test(v.diff)) throw new UsageError(`--diff wants a revision range such as origin/main..HEAD (got "${v.diff}")`);
  if (v.server !== undefined && !/^https?:\/\/\S+$/.test(v.server)) throw new UsageError(`--server must be an http(s) URL (got "${v.server}")`);
  return {
    paths: parsed.positionals, format, failOn, kind, offline: v.offline!,
    ...(v.diff !== undefined ? { diff: v.diff } : {}), ...(v.output !== undefined ? { output: v.output } : {}),
    ...(v.server !== undefined ? { server: v.server } : {}),
  };
}

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

export interface ReviewCommandDeps {
  /** Defaults to core/analysis's analyzers and their `dedupeFindings`. */
  analysis?: () => Promise<{ analyzer: ReviewAnalyzer; dedupe?: DedupeFn }>;
  version?: string;
}

/** Runs `review` and returns the exit code; never throws. */
export async function reviewCommand(argv: string[], io: CliIo = defaultIo(), deps: ReviewCommandDeps = {}): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  let args: ReviewArgs;
  try {
    args = parseReviewArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) say(`churnistic review: ${e.message}`);
    say(REVIEW_USAGE);
    return e.message ? 2 : 0;
  }
  try {
    const diff = args.diff !== undefined ? await gitDiffText(io.cwd, args.diff) : undefined;
    const collected = await collectFiles(io.cwd, args.paths, diff === undefined ? undefined : {
      diff: diff.text,
      // `BASE..HEAD`: the files as of HEAD, whatever is checked out; `BASE`: the working tree
      read: diff.head ? (rel) => readRevisionFile(diff.root, diff.head!, rel) : undefined,
    });

    const token = io.env.CHURNISTIC_TOKEN?.trim();
    const serverUrl = args.server ?? io.env.CHURNISTIC_SERVER_URL?.trim();
    const offlineReason = args.offline ? '--offline was given'
      : !serverUrl ? 'no server URL (--server or CHURNISTIC_SERVER_URL)'
        : !token ? 'CHURNISTIC_TOKEN is not set' : undefined;
    if (offlineReason) say(`churnistic review: offline (${offlineReason}): analyzers only, no AI review`);
    const server = offlineReason ? undefined : serverReviewer(new ChurnisticClient({
      serverUrl: () => serverUrl!, token: async () => token, requestTimeoutMs: 300_000, // a model review can take minutes
    }));

    const { analyzer, dedupe } = await (deps.analysis ?? defaultAnalysis)();
    const result = await runReview({
      files: collected.files, skipped: collected.skipped, kind: args.kind, diff: diff?.text, analyzer,
      server, offlineReason, isIgnored: collected.isIgnored, dedupe,
    });

    const texts = new Map(collected.files.map((f) => [f.path, f.text]));
    const report = args.format === 'json' ? formatJson(result)
      : args.format === 'sarif' ? `${JSON.stringify(toSarif(result.findings, { version: deps.version ?? packageVersion(), fileText: (p) => texts.get(p), skipped: result.skipped, errors: result.errors }), null, 2)}\n`
        : formatText(result, { color: !args.output && shouldColor(io.stdout, io.env) });
    if (args.output) {
      fs.writeFileSync(path.resolve(io.cwd, args.output), report);
      if (args.format !== 'text') io.stderr.write(formatText(result, { color: false }));
    } else {
      io.stdout.write(report);
    }

    if (result.errors.length) {
      say(`churnistic review: the AI review is incomplete (${result.errors.length} request(s) failed: ${result.errors[0]!.message})`);
      return 2;
    }
    const threshold = args.failOn;
    const failing = threshold === 'none' ? [] : result.findings.filter((f) => atLeast(f.severity, threshold));
    if (failing.length) say(`churnistic review: ${failing.length} finding(s) at or above --fail-on ${threshold}`);
    return failing.length ? 1 : 0;
  } catch (e) {
    say(`churnistic review: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

/** Loaded on first use: the parsers are only needed by `review`, not by `token create` or `--help`. */
async function defaultAnalysis(): Promise<{ analyzer: ReviewAnalyzer; dedupe: DedupeFn }> {
  const analysis = await import('../analysis');
  return { analyzer: await analysis.createAnalyzer(), dedupe: analysis.dedupeFindings };
}

function defaultIo(): CliIo {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}

/** Our package.json's version, found upwards from the running script (dist/cli.js or the TS source). */
function packageVersion(): string {
  let dir = path.dirname(path.resolve(process.argv[1] ?? '.'));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'churnistic' && pkg.version) return pkg.version;
    } catch { /* not here */ }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}
