import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { startTestServer, type TestServer } from './harness';
import { addPasswordUser, anon, json } from './local-accounts';
import { OutboxList } from '../../protocol';
import { ConfigError, loadConfig } from '../../server/src/config';

interface Received { from: string; to: string[]; data: string }

/**
 * The smallest SMTP server nodemailer will talk to (RFC 5321 without extensions): enough to see
 * that with SMTP_URL set the real nodemailer transport delivers the mail, instead of the outbox.
 */
async function startSmtpSink(): Promise<{ url: string; mails: Received[]; close(): Promise<void> }> {
  const mails: Received[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let current: Received = { from: '', to: [], data: '' };
    let inData = false;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 sink ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          mails.push(current);
          current = { from: '', to: [], data: '' };
          inData = false;
          reply('250 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 sink');
        else if (verb === 'MAIL') { current.from = line; reply('250 ok'); }
        else if (verb === 'RCPT') { current.to.push(line); reply('250 ok'); }
        else if (verb === 'DATA') { inData = true; reply('354 go ahead'); }
        else if (verb === 'QUIT') { reply('221 bye'); socket.end(); }
        else reply('250 ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((r) => server.close(() => r())) };
}

describe('server: mail through SMTP_URL (nodemailer)', () => {
  let s: TestServer;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  before(async () => {
    sink = await startSmtpSink();
    s = await startTestServer({ env: { SMTP_URL: sink.url, SMTP_FROM: 'Churnistic <noreply@acme.test>', CHURNISTIC_PUBLIC_URL: 'https://churnistic.acme.test/' } });
    await addPasswordUser(s, 'nia', 'nia@example.com');
  });
  after(async () => {
    await s.close();
    await sink.close();
  });

  it('a reset mail goes out over SMTP with a link to CHURNISTIC_PUBLIC_URL; nothing lands in the outbox', async () => {
    assert.equal((await anon(s, '/api/v1/auth/password-reset/request', { json: { email: 'nia@example.com' } })).status, 202);
    const deadline = Date.now() + 5000;
    while (!sink.mails.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const [mail] = sink.mails;
    assert.ok(mail, 'the sink received the mail');
    assert.match(mail.from, /noreply@acme\.test/);
    assert.deepEqual(mail.to.map((t) => /<(.+)>/.exec(t)?.[1]), ['nia@example.com']);
    assert.match(mail.data, /Subject: Reset your Churnistic password/);
    // The body may be quoted-printable (soft line breaks "=\r\n", "=" as "=3D"): undo both before looking for the link.
    assert.match(mail.data.replace(/=\r\n/g, '').replace(/=3D/g, '='), /https:\/\/churnistic\.acme\.test\/signin\?reset=chrr_/);
    assert.deepEqual((await json(await s.api('/api/v1/admin/outbox'), 200, OutboxList)).data, []);
  });

  it('a malformed SMTP_URL or CHURNISTIC_PUBLIC_URL stops start-up with a message naming it', () => {
    assert.throws(() => loadConfig({ SMTP_URL: 'mail.acme.test:25' }), (e: Error) => e instanceof ConfigError && /SMTP_URL must look like smtp:/.test(e.message));
    assert.throws(() => loadConfig({ CHURNISTIC_PUBLIC_URL: 'churnistic.acme.test' }), /CHURNISTIC_PUBLIC_URL must be a URL/);
  });
});
