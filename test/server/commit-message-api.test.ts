import assert from 'node:assert/strict';
import { CommitMessageResponse } from '../../protocol';
import { startTestServer, type TestServer } from './harness';

const DIFF = [
  'diff --git a/src/users.ts b/src/users.ts',
  'index 1111111..2222222 100644',
  '--- a/src/users.ts',
  '+++ b/src/users.ts',
  '@@ -1,3 +1,6 @@',
  " import { db } from './db';",
  '+',
  '+export function findUser(name: string) {',
  "+  return db.query('SELECT * FROM users WHERE name = ?', [name]);",
  '+}',
].join('\n');

const reply = (subject: unknown, body?: unknown) => ({ text: JSON.stringify({ subject, ...(body !== undefined ? { body } : {}) }) });
type Sent = { messages: { role: string; content: string }[]; response_format?: unknown; max_tokens?: number };
const errorOf = async (res: Response) => (await res.json() as { error: { code: string; message: string } }).error;

describe('server: POST /api/v1/commit-message', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ modelConfig: { limits: { user: { review: { requestsPerMinute: 1000 } } } } });
  });
  after(async () => { await s.close(); });
  beforeEach(() => s.fake.reset());

  const ask = (json: unknown) => s.api('/api/v1/commit-message', { json });

  it('answers subject, body and the message for the input box; trailing period and quotes are stripped', async () => {
    s.fake.script(reply('"Add findUser with a parameterised query."', 'Look users up by name without building SQL from input.'));
    const res = await ask({ diff: DIFF, recentSubjects: ['users: add list endpoint', 'db: pool connections'] });
    assert.equal(res.status, 200);
    const body = CommitMessageResponse.parse(await res.json());
    assert.deepEqual(body, {
      subject: 'Add findUser with a parameterised query',
      body: 'Look users up by name without building SQL from input.',
      message: 'Add findUser with a parameterised query\n\nLook users up by name without building SQL from input.',
      model: 'llama-3.3-70b-versatile',
    });
    const sent = s.fake.chatRequests[0]!.body as Sent;
    assert.deepEqual(sent.response_format, { type: 'json_object' });
    assert.match(sent.messages[0]!.content, /imperative mood/);
    assert.match(sent.messages[0]!.content, /\{"subject": "<subject>", "body": "<body>"\}/);
    assert.match(sent.messages[1]!.content, /- users: add list endpoint\n- db: pool connections/);
    assert.ok(sent.messages[1]!.content.includes(DIFF), 'a small diff is sent whole');
  });

  it('a message without body is the subject alone', async () => {
    s.fake.script(reply('Fix typo in README', null));
    const body = CommitMessageResponse.parse(await (await ask({ diff: DIFF })).json());
    assert.equal(body.body, '');
    assert.equal(body.message, 'Fix typo in README');
  });

  it('a subject over 72 characters is retried with the reason (not cut): the second answer is used', async () => {
    const long = `Add a function that finds users by their name using a parameterised SQL query`;
    assert.ok(long.length > 72);
    s.fake.script([reply(long, ''), reply('Add findUser with a parameterised query', '')]);
    const res = await ask({ diff: DIFF });
    assert.equal(res.status, 200);
    assert.equal((await res.json() as { subject: string }).subject, 'Add findUser with a parameterised query');
    assert.equal(s.fake.chatRequests.length, 2);
    const second = (s.fake.chatRequests[1]!.body as Sent).messages;
    assert.equal(second.at(-2)!.role, 'assistant');
    assert.match(second.at(-1)!.content, new RegExp(`subject is ${long.length} characters; at most 72 allowed`));
  });

  it('invalid output twice is a 502 naming what was wrong', async () => {
    s.fake.script([{ text: 'Add findUser' }, reply('', 'body only')]);
    const res = await ask({ diff: DIFF });
    assert.equal(res.status, 502);
    const error = await errorOf(res);
    assert.equal(error.code, 'bad_model_output');
    assert.match(error.message, /commit-message answer was not valid after 2 attempts: subject: subject must not be empty/);
  });

  it('400 for an empty diff or bad fields, 401 without a token; no model call', async () => {
    let res = await ask({ diff: '' });
    assert.equal(res.status, 400);
    assert.match((await errorOf(res)).message, /diff: diff must not be empty/);
    res = await ask({ diff: DIFF, recentSubjects: 'fix stuff' });
    assert.equal(res.status, 400);
    assert.match((await errorOf(res)).message, /recentSubjects/);
    res = await fetch(`${s.url}/api/v1/commit-message`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ diff: DIFF }) });
    assert.equal(res.status, 401);
    assert.equal(s.fake.chatRequests.length, 0);
  });
});

describe('server: commit messages and reviews on a small model, under review limits', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ modelConfig: {
      // No jsonMode: the JSON shape is only asked for in the prompt.
      models: [{ id: 'small-model', provider: 'groq', tasks: ['chat', 'inline', 'review'], contextWindow: 4096 }],
      limits: { user: { review: { requestsPerMinute: 3 } } },
    } });
  });
  after(async () => { await s.close(); });
  beforeEach(() => s.fake.reset());

  it('cuts a diff larger than the window by the documented rule and still answers', async () => {
    const files = Array.from({ length: 30 }, (_, i) => [
      `diff --git a/src/f${i}.ts b/src/f${i}.ts`, `--- a/src/f${i}.ts`, `+++ b/src/f${i}.ts`, '@@ -1,0 +1,60 @@',
      ...Array.from({ length: 60 }, (_, j) => `+export const value${i}_${j} = compute(${i}, ${j}); // line ${j}`),
    ].join('\n'));
    s.fake.script(reply('Add computed values', ''));
    const res = await s.api('/api/v1/commit-message', { json: { diff: files.join('\n') } });
    assert.equal(res.status, 200, await res.clone().text());
    const sent = s.fake.chatRequests[0]!.body as Sent;
    assert.equal(sent.response_format, undefined, 'no json_object for a model without jsonMode');
    const prompt = sent.messages[1]!.content;
    assert.ok(prompt.length < files.join('\n').length / 4, 'the diff was cut');
    assert.match(prompt, /diff --git a\/src\/f0\.ts/);
    assert.match(prompt, /more lines of this hunk left out to fit the context window/);
    assert.match(prompt, /were left out to fit the context window: .*src\/f29\.ts/);
  });

  it('a review too large for the window is refused with 400 context_length_exceeded, without a model call', async () => {
    const content = Array.from({ length: 2000 }, (_, i) => `const v${i} = ${i};`).join('\n');
    const res = await s.api('/api/v1/review', { json: { kind: 'review', files: [{ path: 'big.ts', language: 'ts', content }] } });
    assert.equal(res.status, 400);
    const error = await errorOf(res);
    assert.equal(error.code, 'context_length_exceeded');
    assert.match(error.message, /small-model takes at most \d+ for a review/);
    assert.equal(s.fake.chatRequests.length, 0);
  });

  it('both routes count against the review task\'s request limit (429 with Retry-After)', async () => {
    s.fake.script(reply('Add it', ''));
    assert.equal((await s.api('/api/v1/commit-message', { json: { diff: DIFF } })).status, 200);
    const res = await s.api('/api/v1/review', { json: { kind: 'review', files: [{ path: 'a.ts', language: 'ts', content: 'x' }] } });
    assert.equal(res.status, 429);
    assert.ok(res.headers.get('retry-after'));
    assert.match((await errorOf(res)).message, /review/);
  });
});
