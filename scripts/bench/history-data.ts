// The data set of `npm run bench:history`: users, conversations and messages with varied, repeatable
// text, written straight into a migrated database with batched multi-row INSERTs inside
// transactions. The schema's triggers run as they do in production (FTS rows, counters), so the
// database is the one the server would have built itself, only faster.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../server/src/data/db';
import { seededRandom } from './stats';

export interface DataSetOptions {
  conversations: number;
  messages: number;
  /** Users by share of the conversations; the first one is the heavy user. */
  users: { id: string; share: number }[];
  seed?: number;
  onProgress?: (messagesWritten: number) => void;
}

// Everyday words and a programmer's vocabulary; identifiers are built from the latter, so the
// index sees a long tail of rare terms as real conversations about code do.
const ENGLISH = `the a to of and in is it that for you this with on be are can as not or if but what how
why when which there use so we have do at by from your will would should could need want make get
just like also more one all any some then than only about into other these those each very well
because example question answer problem issue error works working try instead way change better
first second new old same different right wrong case value result point part thing time place
help thanks please explain understand show see look think know mean sure maybe again still here
`.split(/\s+/).filter(Boolean);

const CODE = `function class method variable const let return import export module package type interface
async await promise callback array object string number boolean null undefined map filter reduce
loop index key value hash table query database schema migration index transaction cursor page
request response header body status server client socket stream buffer event listener handler
router middleware session token cookie cache queue worker thread process memory leak garbage
compile build bundle webpack esbuild typescript javascript python rust golang kotlin swift
react vue svelte angular component props state hook effect render template style layout
test assert mock fixture coverage lint format debug breakpoint stack trace exception panic
docker kubernetes container image volume deploy pipeline release version branch merge rebase
commit diff patch review refactor rename extract inline parameter argument signature overload
generic trait struct enum union tuple vector matrix graph tree node edge parent child sibling
parser lexer token grammar syntax semantic compiler interpreter runtime virtual machine bytecode
config environment variable secret credential permission role policy audit log metric alert
latency throughput benchmark profile optimize performance allocation concurrency mutex lock
retry timeout backoff circuit breaker fallback upstream downstream gateway proxy balancer
`.split(/\s+/).filter(Boolean);

const SUFFIXES = ['', '', '', 's', 'ed', 'ing', 'er', 'Config', 'Handler', 'Service', 'Repo', 'Id', 'List', 'Map'];
const LANGS = ['ts', 'python', 'go', 'rust', 'sql', 'bash'];

/** Zipf-like choice: low indexes are common, the tail is long. */
function zipf(random: () => number, n: number, s = 1.1): number {
  return Math.min(n - 1, Math.floor(Math.pow(n, Math.pow(random(), s)) - 1));
}

export class TextGenerator {
  private readonly random: () => number;
  private readonly words: string[];
  private readonly identifiers: string[];

  constructor(seed: number) {
    this.random = seededRandom(seed);
    // Interleave so the most common words are a mix of English and code terms.
    this.words = [];
    for (let i = 0; i < Math.max(ENGLISH.length, CODE.length); i++) {
      if (ENGLISH[i]) this.words.push(ENGLISH[i]!);
      if (CODE[i]) this.words.push(CODE[i]!);
    }
    const ids = new Set<string>();
    const r = seededRandom(seed ^ 0x5bd1e995);
    while (ids.size < 20_000) {
      const a = CODE[Math.floor(r() * CODE.length)]!;
      const b = CODE[Math.floor(r() * CODE.length)]!;
      const suffix = SUFFIXES[Math.floor(r() * SUFFIXES.length)]!;
      const style = r();
      ids.add(style < 0.5 ? `${a}${b[0]!.toUpperCase()}${b.slice(1)}${suffix}` : style < 0.8 ? `${a}_${b}${suffix.toLowerCase()}` : `${a}${suffix}${Math.floor(r() * 100)}`);
    }
    this.identifiers = [...ids];
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  word(): string {
    // One word in six is an identifier from the long tail; the rest follow Zipf over the vocabulary.
    return this.random() < 1 / 6 ? this.identifiers[zipf(this.random, this.identifiers.length, 1.3)]! : this.words[zipf(this.random, this.words.length)]!;
  }

  sentence(min: number, max: number): string {
    const n = min + Math.floor(this.random() * (max - min + 1));
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(this.word());
    const s = words.join(' ');
    return `${s[0]!.toUpperCase()}${s.slice(1)}${this.random() < 0.3 ? '?' : '.'}`;
  }

  question(): string {
    const parts = [this.sentence(4, 14)];
    if (this.random() < 0.5) parts.push(this.sentence(4, 16));
    if (this.random() < 0.15) parts.push(`\`\`\`${this.pick(LANGS)}\n${this.code(2, 6)}\n\`\`\``);
    return parts.join(' ');
  }

  answer(): string {
    const paragraphs: string[] = [];
    const n = 1 + Math.floor(this.random() * 3);
    for (let p = 0; p < n; p++) {
      const sentences: string[] = [];
      for (let i = 0, k = 1 + Math.floor(this.random() * 4); i < k; i++) sentences.push(this.sentence(6, 18));
      paragraphs.push(sentences.join(' '));
    }
    if (this.random() < 0.4) paragraphs.splice(1, 0, `\`\`\`${this.pick(LANGS)}\n${this.code(3, 10)}\n\`\`\``);
    return paragraphs.join('\n\n');
  }

  code(min: number, max: number): string {
    const lines: string[] = [];
    for (let i = 0, n = min + Math.floor(this.random() * (max - min + 1)); i < n; i++) {
      const id = this.identifiers[zipf(this.random, this.identifiers.length, 1.3)]!;
      lines.push(`${'  '.repeat(i % 3)}const ${id} = ${this.word()}(${this.word()}, ${Math.floor(this.random() * 1000)});`);
    }
    return lines.join('\n');
  }

  title(question: string): string {
    const line = question.split('\n')[0]!.replace(/```\w*/g, '').trim();
    return line.length > 80 ? `${line.slice(0, 77)}…` : line;
  }

  between(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  chance(): number {
    return this.random();
  }
}

const ROWS_PER_INSERT = 200;
const CONVERSATIONS_PER_TRANSACTION = 2_000;
const MESSAGE_COLUMNS = '(id, seq, conversation_id, user_id, team_id, role, content, model, status, prompt_tokens, completion_tokens, latency_ms, created_at, owner_serial)';

/** Writes the data set; returns the number of messages written (exactly `options.messages`). */
export async function buildDataSet(db: Db, teamId: string, options: DataSetOptions): Promise<number> {
  const text = new TextGenerator(options.seed ?? 7);
  const { conversations, messages } = options;
  // Messages per conversation: varied (2 to ~60), summing exactly to `messages`.
  const counts: number[] = [];
  for (let i = 0; i < conversations; i++) counts.push(Math.max(2, Math.round(-Math.log(1 - text.chance() * 0.999) * (messages / conversations))));
  let total = counts.reduce((a, b) => a + b, 0);
  for (let i = 0; total !== messages; i = (i + 1) % conversations) {
    if (total > messages && counts[i]! > 2) { counts[i]!--; total--; } else if (total < messages) { counts[i]!++; total++; }
  }
  const owners: string[] = [];
  for (const u of options.users) for (let i = 0; i < Math.round(u.share * conversations); i++) owners.push(u.id);
  while (owners.length < conversations) owners.push(options.users[0]!.id);
  // Each user's search-index partition, as ConversationsRepo.create assigns it.
  const serials = new Map<string, number>();
  for (const u of options.users) {
    await db.execute({ sql: 'INSERT OR IGNORE INTO history_owners (user_id) VALUES (?)', args: [u.id] });
    const r = await db.execute({ sql: 'SELECT serial FROM history_owners WHERE user_id = ?', args: [u.id] });
    serials.set(u.id, Number(r.rows[0]!.serial));
  }

  // Two years of history, oldest first, as a real server would have written it.
  const start = Date.parse('2024-01-01T00:00:00Z');
  const span = 2 * 365 * 86_400_000;
  let written = 0;
  for (let first = 0; first < conversations; first += CONVERSATIONS_PER_TRANSACTION) {
    const statements: { sql: string; args: (string | number | null)[] }[] = [];
    const convRows: (string | number)[][] = [];
    const msgRows: (string | number | null)[][] = [];
    for (let c = first; c < Math.min(conversations, first + CONVERSATIONS_PER_TRANSACTION); c++) {
      const id = randomUUID();
      const userId = owners[(c * 7919) % conversations]!; // spread each user's conversations over time
      let t = start + Math.floor((c / conversations) * span);
      const createdAt = new Date(t).toISOString();
      const question = text.question();
      const serial = serials.get(userId)!;
      convRows.push([id, userId, teamId, text.title(question), createdAt, createdAt, serial]);
      for (let seq = 1; seq <= counts[c]!; seq++) {
        const user = seq % 2 === 1;
        const content = seq === 1 ? question : user ? text.question() : text.answer();
        t += text.between(2_000, 120_000);
        msgRows.push([randomUUID(), seq, id, userId, teamId, user ? 'user' : 'assistant', content,
          user ? null : 'llama-3.3-70b-versatile', 'complete', user ? null : text.between(200, 4000),
          user ? null : text.between(20, 800), user ? null : text.between(300, 9000), new Date(t).toISOString(), serial]);
      }
    }
    for (let i = 0; i < convRows.length; i += ROWS_PER_INSERT) {
      const rows = convRows.slice(i, i + ROWS_PER_INSERT);
      statements.push({
        sql: `INSERT INTO conversations (id, user_id, team_id, title, created_at, updated_at, owner_serial) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        args: rows.flat(),
      });
    }
    for (let i = 0; i < msgRows.length; i += ROWS_PER_INSERT) {
      const rows = msgRows.slice(i, i + ROWS_PER_INSERT);
      statements.push({
        sql: `INSERT INTO messages ${MESSAGE_COLUMNS} VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        args: rows.flat(),
      });
    }
    await db.batch(statements, 'write');
    written += msgRows.length;
    options.onProgress?.(written);
  }
  return written;
}
