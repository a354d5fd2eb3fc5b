/**
 * Password reset from /signin end to end in a real browser (Debian's chromium through playwright-core)
 * against the real server process (dist/server.js, fresh data dir). The team is made through the API
 * (onboarding.e2e.ts drives those pages); here a member asks for a link with "Forgot password?" (the
 * page says the same for an unknown address), the owner reads the mail from the outbox, the member
 * opens the link, sets a new password and signs in with it, the old one is refused, and the link does
 * not work twice. A reset link that arrives next to an editor's callback/state still hands the token
 * to the editor afterwards.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { MEMBER, OWNER, usePagesBrowser } from '../support/pages-browser';

const NEW_PASSWORD = 'a fresh passphrase 789';
const NEUTRAL = 'If an account exists for that address, a reset link is on its way.';

interface Mail { to: string; subject: string; text: string }

describe('e2e: password reset from the sign-in page', function () {
  this.timeout(180_000);
  const { stack, freshPage, cspViolations, signIn, call, startCallbackListener } = usePagesBrowser();
  let ownerToken: string;

  /** The reset mails to `email` in the team's outbox (newest first), once there are at least `count`: they are sent after the 202. */
  async function resetMails(email: string, count: number): Promise<Mail[]> {
    for (let i = 0; ; i++) {
      const { data } = await call<{ data: Mail[] }>('/admin/outbox', undefined, ownerToken);
      const mails = data.filter((m) => m.to === email && /reset/i.test(m.subject));
      if (mails.length >= count || i === 100) return mails;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  /** The link of the newest reset mail, as a path on the test server. */
  async function resetLink(email: string, count: number): Promise<string> {
    const mails = await resetMails(email, count);
    assert.equal(mails.length, count, `reset mail #${count} to ${email}`);
    const link = /https?:\/\/\S+\/signin\?reset=\S+/.exec(mails[0]!.text)?.[0];
    assert.ok(link, mails[0]!.text);
    return `${new URL(link).pathname}${new URL(link).search}`;
  }

  async function chooseNewPassword(page: Page, password: string, confirm = password): Promise<void> {
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Repeat the new password').fill(confirm);
    await page.getByRole('button', { name: 'Set new password' }).click();
  }
  const statusText = async (page: Page) => (await page.textContent('#status'))?.trim() ?? '';

  before(async () => {
    ownerToken = (await call<{ token: string }>('/setup', OWNER)).token;
    const invitation = await call<{ token: string }>('/teams/current/invitations', { email: MEMBER.email, role: 'member' }, ownerToken);
    await call('/invitations/accept', { token: invitation.token, name: MEMBER.name, password: MEMBER.password });
  });

  it('"Forgot password?" (keyboard only) gives the same neutral message for a member and for an unknown address', async () => {
    const page = await freshPage();
    await page.goto(`${stack().serverUrl}/signin`);
    assert.equal(await page.isHidden('#forgot-section'), true);
    const toggle = page.getByRole('button', { name: 'Forgot password?' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'email', 'focus moves to the email field');
    await page.keyboard.type(MEMBER.email);
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: NEUTRAL }).waitFor();
    const forMember = await statusText(page);

    await page.fill('#forgot-form input[name=email]', 'nobody@example.com');
    await page.evaluate(() => { document.querySelector('#status')!.textContent = ''; });
    await page.click('#forgot-form button[type=submit]');
    await page.locator('#status', { hasText: NEUTRAL }).waitFor();
    assert.equal(await statusText(page), forMember, 'word for word the same: the page does not tell who has an account');
    assert.equal(await page.getAttribute('#status', 'class'), '', 'not shown as an error');

    const mails = await resetMails(MEMBER.email, 1);
    assert.equal(mails.length, 1, 'the member got the mail');
    assert.match(mails[0]!.text, /\/signin\?reset=chrr_/);
    assert.deepEqual(await cspViolations(page), [], 'no CSP violation');
  });

  it('the mailed link sets a new password: it signs in, the old one is refused, and the link works once', async () => {
    const link = await resetLink(MEMBER.email, 1);
    const page = await freshPage();
    await page.goto(`${stack().serverUrl}${link}`);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    assert.equal(await page.isHidden('#signin-section'), true, 'the sign-in form waits until the password is chosen');

    // the page's own checks come first, with messages that say what to fix
    await chooseNewPassword(page, 'short');
    assert.match(await statusText(page), /at least 10 characters/);
    assert.equal(await page.getAttribute('#reset-form input[name=password]', 'aria-invalid'), 'true');
    await chooseNewPassword(page, NEW_PASSWORD, `${NEW_PASSWORD}!`);
    assert.match(await statusText(page), /do not match/);
    assert.equal(await page.getAttribute('#reset-form input[name=confirm]', 'aria-invalid'), 'true');

    await chooseNewPassword(page, NEW_PASSWORD);
    await page.locator('#status', { hasText: 'Password changed — sign in with the new one' }).waitFor();
    assert.equal(await page.isVisible('#signin-form'), true);
    assert.equal(await page.isHidden('#reset-section'), true);
    assert.equal(new URL(page.url()).searchParams.get('reset'), null, 'the used token leaves the address bar');
    await signIn(page, { email: MEMBER.email, password: NEW_PASSWORD });
    await page.waitForURL('**/account');
    await page.locator('#my-role', { hasText: 'member' }).waitFor();

    const old = await freshPage();
    await old.goto(`${stack().serverUrl}/signin`);
    await signIn(old, MEMBER);
    await old.locator('#status.error', { hasText: /incorrect/ }).waitFor();
    assert.equal(new URL(old.url()).pathname, '/signin', 'the old password is refused');

    // the same link again: the server's "used or expired" message, and a way to a new link
    const again = await freshPage();
    await again.goto(`${stack().serverUrl}${link}`);
    await chooseNewPassword(again, 'yet another passphrase');
    await again.locator('#status.error', { hasText: /already used or expired/ }).waitFor();
    await again.getByRole('button', { name: 'Request a new link' }).click();
    assert.equal(await again.isVisible('#forgot-form'), true);
    assert.equal(await again.isHidden('#reset-section'), true);
    assert.equal(await again.evaluate(() => document.activeElement?.closest('form')?.id), 'forgot-form');
    for (const p of [page, old, again]) assert.deepEqual(await cspViolations(p), [], 'no CSP violation');
  });

  it('a reset link opened from an editor sign-in keeps callback/state: the editor gets its token after the reset', async () => {
    const listener = await startCallbackListener();
    try {
      await call('/auth/password-reset/request', { email: MEMBER.email });
      const link = new URL(await resetLink(MEMBER.email, 2), stack().serverUrl);
      const callback = listener.url;
      const state = 'e2e-reset-state-4b1d';
      for (const [k, v] of Object.entries({ callback, state, client: 'Visual Studio Code' })) link.searchParams.set(k, v);

      const page = await freshPage();
      await page.goto(link.href);
      await chooseNewPassword(page, 'third passphrase 0123');
      await page.locator('#status', { hasText: 'Password changed' }).waitFor();
      const params = new URL(page.url()).searchParams;
      assert.deepEqual([params.get('reset'), params.get('callback'), params.get('state')], [null, callback, state]);
      assert.match(await page.textContent('#editor-note') ?? '', /Visual Studio Code/);
      await signIn(page, { email: MEMBER.email, password: 'third passphrase 0123' });
      await page.waitForURL(`${callback}?**`);
      const hit = await listener.received;
      assert.equal(hit?.searchParams.get('state'), state);
      const me = await fetch(`${stack().serverUrl}/api/v1/me`, { headers: { authorization: `Bearer ${hit!.searchParams.get('token')}` } });
      assert.equal(me.status, 200);
    } finally {
      await listener.close();
    }
  });
});
