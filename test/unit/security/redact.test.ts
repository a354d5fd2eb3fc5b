// Golden tests of secret redaction: each secret shape is replaced by its placeholder with the text
// around it untouched, and ordinary code that merely looks secret-ish comes back byte for byte.
import assert from 'node:assert/strict';
import { isDotenvFile, redactSecrets, secretNameKind } from '../../../extension/src/core/security/redact';

// Assembled at run time so this file itself holds no literal that secret scanners flag.
const gh = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const ghPat = 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ';
const groq = 'gsk_' + 'abcDEF1234567890ghiJKL1234567890mnoPQR';
const openai = 'sk-' + 'abcdefghij1234567890ABCDEFGHIJ1234567890abcdefgh';
const openaiProj = 'sk-proj-' + 'Ab1_Cd2-Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3';
const anthropic = 'sk-ant-' + 'api03-AbCdEf1234567890GhIjKl1234567890-MnOpQr';
const slack = 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const google = 'AIza' + 'SyA1234567890abcdefghijklmnopqrstuv';
const stripe = 'sk_live_' + '51H8abcdefGHIJKLmnopQRST1234';
const stripeR = 'rk_live_' + '51H8abcdefGHIJKLmnopQRST1234';
const akid = 'AKIA' + 'IOSFODNN7EXAMPLE';
const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY';
const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' + 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.' + 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA1234567890abcdef', 'QWERTYUIOPasdfghjkl0987654321==', '-----END RSA PRIVATE KEY-----'].join('\n');

type Case = [name: string, input: string, expected: string, count: number, fileName?: string];

const REDACTED: Case[] = [
  ['GitHub classic token in code', `const t = "${gh}";`, 'const t = "[REDACTED:github-token]";', 1],
  ['GitHub fine-grained PAT', `pat ${ghPat} end`, 'pat [REDACTED:github-token] end', 1],
  ['gho/ghs/ghu/ghr prefixes', ['gho_', 'ghs_', 'ghu_', 'ghr_'].map((p) => p + gh.slice(4)).join(' '),
    '[REDACTED:github-token] [REDACTED:github-token] [REDACTED:github-token] [REDACTED:github-token]', 4],
  ['Groq key in a call', `new Groq({ apiKey: '${groq}' })`, "new Groq({ apiKey: '[REDACTED:groq-key]' })", 1],
  ['OpenAI key', `OPENAI=${openai}\nnext`, 'OPENAI=[REDACTED:openai-key]\nnext', 1],
  ['OpenAI project key', `key: ${openaiProj}`, 'key: [REDACTED:openai-key]', 1],
  ['Anthropic key wins over OpenAI', `"${anthropic}"`, '"[REDACTED:anthropic-key]"', 1],
  ['Slack bot token', `slack(${slack})`, 'slack([REDACTED:slack-token])', 1],
  ['Google API key', `url = "https://x.googleapis.com/v1?key=${google}"`, 'url = "https://x.googleapis.com/v1?key=[REDACTED:google-api-key]"', 1],
  ['Stripe secret and restricted keys', `${stripe} ${stripeR}`, '[REDACTED:stripe-key] [REDACTED:stripe-key]', 2],
  ['AWS access key id anywhere', `aws_access_key_id = ${akid}`, 'aws_access_key_id = [REDACTED:aws-access-key-id]', 1],
  ['AWS secret in an assignment', `aws_secret_access_key = ${awsSecret}`, 'aws_secret_access_key = [REDACTED:aws-secret-key]', 1],
  ['JWT', `const session = '${jwt}'`, "const session = '[REDACTED:jwt]'", 1],
  ['Bearer header keeps the scheme', `headers: { Authorization: 'Bearer abc123def456ghi789' }`, "headers: { Authorization: 'Bearer [REDACTED:bearer-credentials]' }", 1],
  ['Basic header', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: Basic [REDACTED:basic-credentials]', 1],
  ['Bearer JWT counted once', `Authorization: Bearer ${jwt}`, 'Authorization: Bearer [REDACTED:jwt]', 1],
  ['connection string keeps user and host', 'db = "postgres://admin:S3cr3t!pw@db.example.com:5432/app"', 'db = "postgres://admin:[REDACTED:password]@db.example.com:5432/app"', 1],
  ['mongodb+srv connection string', 'mongodb+srv://app:hunter2@cluster0.mongodb.net/x', 'mongodb+srv://app:[REDACTED:password]@cluster0.mongodb.net/x', 1],
  ['private key block, surrounding kept', `before\n${pem}\nafter`, 'before\n[REDACTED:private-key]\nafter', 1],
  ['unterminated private key runs to the end', 'x\n-----BEGIN PRIVATE KEY-----\nMIIEv', 'x\n[REDACTED:private-key]', 1],
  ['private key inside a JSON string', `{"private_key": "${pem.replace(/\n/g, '\\n')}\\n", "x": 1}`, '{"private_key": "[REDACTED:private-key]\\n", "x": 1}', 1],
  ['OPENSSH and PGP keys', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQ\n-----END PGP PRIVATE KEY BLOCK-----',
    '[REDACTED:private-key]\n[REDACTED:private-key]', 2],
  ['KEY=value env line in any file', 'DB_PASSWORD=hunter2', 'DB_PASSWORD=[REDACTED:password]', 1],
  ['YAML key: value', 'database:\n  password: hunter2\n  host: db', 'database:\n  password: [REDACTED:password]\n  host: db', 1],
  ['YAML word value in a .yaml file', 'password: correcthorse', 'password: [REDACTED:password]', 1, 'config/app.yaml'],
  ['JSON "key": "value"', '{ "client_secret": "abc.def-123", "name": "x" }', '{ "client_secret": "[REDACTED:secret]", "name": "x" }', 1],
  ['code key = "value"', 'api_key = "my-real-api-key"', 'api_key = "[REDACTED:secret]"', 1],
  ['camelCase name, single quotes', "const apiKey = 'k-9f8e7d';", "const apiKey = '[REDACTED:secret]';", 1],
  ['Go := assignment', 'token := "abcdef123456"', 'token := "[REDACTED:token]"', 1],
  ['PRIVATE_KEY and ACCESS_KEY names', 'PRIVATE_KEY="zz9"\nSECRET_ACCESS_KEY=qq8', 'PRIVATE_KEY="[REDACTED:secret]"\nSECRET_ACCESS_KEY=[REDACTED:secret]', 2],
  ['case-insensitive names', 'Passwd = "pw1"; APIKEY = "k2"', 'Passwd = "[REDACTED:password]"; APIKEY = "[REDACTED:secret]"', 2],
  ['escaped quote inside the value', 'password = "a\\"b"', 'password = "[REDACTED:password]"', 1],
  ['.env: every value', 'PORT=8080\nNAME="my app"\nexport REGION=eu\nEMPTY=\n# comment', 'PORT=[REDACTED:env-value]\nNAME=[REDACTED:env-value]\nexport REGION=[REDACTED:env-value]\nEMPTY=\n# comment', 3, '.env'],
  ['.env.* and *.env files', 'A=1', 'A=[REDACTED:env-value]', 1, 'deploy/.env.production'],
  ['prod.env', 'A=1\r\nB=2\r\n', 'A=[REDACTED:env-value]\r\nB=[REDACTED:env-value]\r\n', 2, 'prod.env'],
];

const UNCHANGED: [string, string, string?][] = [
  ['a lexer', 'const token = lexer.next();\nwhile (token.kind !== "eof") { tokens.push(token); }'],
  ['type annotations', 'interface Login { password: string; token?: string; apiKey: string | undefined }\nfunction f(password: string, secret: SecretString) {}'],
  ['env references', 'const token = process.env.GITHUB_TOKEN;\npassword = os.environ["DB_PASSWORD"]\nkey: ${API_KEY}\nsecret = "${SECRET}"'],
  ['placeholders', 'API_KEY=xxx\npassword: "<your-password>"\ntoken = "changeme"\nsecret: ""\nOPENAI_API_KEY=your-key-here'],
  ['names that only start with a keyword', 'const tokenType = "identifier";\nconst passwordLabel = "Password";\nsecretName: "db-creds"'],
  ['comparisons and arrows', 'if (password === "") return;\nconst f = (token) => token.trim();\nconst ok = token == null;'],
  ['token counts', 'maxTokens = 4096\ntoken_count = 12'],
  ['lockfile integrity', '"integrity": "sha512-Ai1Eq8PGOwHZkJkdEzHqS8ZsGSkSvqb7BBn4/GskvmSK+tocMk4V/3nY0Lqvqj7Z/cbUb/JHQS2rZt7cJPP5Sg=="'],
  ['UUIDs and git SHAs', 'id = "3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b"\ncommit 9c709a4e1f0b3d2c5a6e7f8091a2b3c4d5e6f708'],
  ['prose about auth', 'Basic authentication and Bearer tokens are explained in the docs.\nSee task-sk-reference for more.'],
  ['connection string with variables', 'url = `postgres://${user}:${password}@${host}/db`\nredis://:@localhost:6379'],
  ['python None and calls', 'password = None\ntoken = get_token()\nsecret = settings.SECRET'],
  ['markdown', '# Setup\n\nSet `GROQ_API_KEY` in your shell, then run `npm start`.'],
  ['already redacted text', 'GITHUB_TOKEN=[REDACTED:github-token]\n"password": "[REDACTED:password]"'],
  ['.env template placeholder', 'API_KEY=<your-key>\nTOKEN=changeme', '.env.example'],
];

describe('security: redactSecrets', () => {
  for (const [name, input, expected, count, fileName] of REDACTED) {
    it(`redacts: ${name}`, () => {
      const result = redactSecrets(input, fileName ? { fileName } : {});
      assert.equal(result.text, expected);
      assert.equal(result.redactions, count);
      assert.equal(result.kinds.length > 0, true);
    });
  }

  for (const [name, input, fileName] of UNCHANGED) {
    it(`leaves ordinary code alone: ${name}`, () => {
      const result = redactSecrets(input, fileName ? { fileName } : {});
      assert.equal(result.text, input);
      assert.equal(result.redactions, 0);
      assert.deepEqual(result.kinds, []);
    });
  }

  it('reports each distinct kind once, and counts every occurrence', () => {
    const r = redactSecrets(`a=${gh}\nb=${gh}\nc: "${jwt}"\nDB_PASSWORD=x1y2`);
    assert.equal(r.redactions, 4);
    assert.deepEqual(r.kinds, ['jwt', 'github-token', 'password']);
  });

  it('keeps a realistic TypeScript module byte for byte except the one secret', () => {
    const src = [
      "import { Groq } from 'groq-sdk';",
      '',
      'export interface Options { apiKey: string; baseURL?: string }',
      '',
      'export function client(options: Options) {',
      '  const token = options.apiKey;',
      `  const fallback = '${groq}';`,
      '  return new Groq({ apiKey: token ?? fallback, maxRetries: 0 });',
      '}',
    ].join('\n');
    const r = redactSecrets(src, { fileName: 'src/client.ts' });
    assert.equal(r.redactions, 1);
    assert.equal(r.text, src.replace(groq, '[REDACTED:groq-key]'));
  });

  it('handles pathological inputs without catastrophic backtracking (bounded quantifiers)', () => {
    // Not a timing assertion: these inputs used to be the classic ReDoS shapes; finishing at all is the test.
    const inputs = ['a'.repeat(200_000) + '=', 'password = "' + 'x'.repeat(100_000), 'Bearer ' + 'A1'.repeat(50_000) + '!',
      'eyJ' + 'a'.repeat(100_000) + '.eyJ', 'postgres://' + 'u'.repeat(100_000) + ':'];
    for (const input of inputs) assert.equal(typeof redactSecrets(input).text, 'string');
  });

  it('recognises secret names by their last word', () => {
    assert.equal(secretNameKind('DB_PASSWORD'), 'password');
    assert.equal(secretNameKind('githubToken'), 'token');
    assert.equal(secretNameKind('AWS_SECRET_ACCESS_KEY'), 'aws-secret-key');
    assert.equal(secretNameKind('api-key'), 'secret');
    for (const n of ['tokenType', 'passwordField', 'bypass', 'PWD', 'aws_access_key_id', 'keyboard']) assert.equal(secretNameKind(n), undefined, n);
  });

  it('knows .env file names', () => {
    for (const f of ['.env', 'a/.env.local', 'prod.env', 'C:\\x\\.ENV']) assert.ok(isDotenvFile(f), f);
    for (const f of ['env.ts', '.envrc.md', 'environment.yaml', undefined]) assert.ok(!isDotenvFile(f), String(f));
  });
});
