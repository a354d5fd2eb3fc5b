/**
 * The onboarding pages end to end in a real browser (Debian's chromium through playwright-core)
 * against the real server process (dist/server.js, fresh data dir): the first owner sets up the
 * team, invites a member (the mail is read from the outbox through the admin API), the member
 * accepts in a fresh browser context and signs in, and an editor's browser sign-in (loopback
 * callback) delivers a token that works; a callback outside the allow-list is refused.
 */
import assert from 'node:assert/strict';
import { MEMBER, OWNER, usePagesBrowser } from '../support/pages-browser';

describe('e2e: onboarding pages (setup, invite, accept, sign in, editor sign-in)', function () {
  this.timeout(180_000);
  const { stack, freshPage, cspViolations, sessionOf, signIn, startCallbackListener } = usePagesBrowser();

  it('the owner sets up the team, invites a member; the member accepts, signs in and sees the member role', async () => {
    const owner = await freshPage();
    await owner.goto(`${stack().serverUrl}/setup`);
    for (const [field, value] of Object.entries(OWNER)) await owner.fill(`#setup-form [name=${field}]`, value);
    await owner.click('#setup-form button[type=submit]');
    await owner.waitForURL('**/account');
    await owner.locator('#my-role', { hasText: 'owner' }).waitFor();
    assert.match(await owner.textContent('#whoami') ?? '', /Olga Owner.*olga@example\.com.*owner in Acme/s);

    // setup is closed now: the page sends people to sign in
    const late = await freshPage();
    await late.goto(`${stack().serverUrl}/setup`);
    await late.waitForURL('**/signin');

    await owner.fill('#invite-form [name=email]', MEMBER.email);
    await owner.selectOption('#invite-form [name=role]', 'member');
    await owner.click('#invite-form button[type=submit]');
    await owner.locator('#invitations tr', { hasText: MEMBER.email }).waitFor();
    assert.match(await owner.textContent('#invitations') ?? '', /mia@example\.com\s*member\s*pending/);

    // the invitation mail, from the outbox (no SMTP configured), read with the owner's session
    const { token: ownerToken } = (await sessionOf(owner))!;
    const outbox = await fetch(`${stack().serverUrl}/api/v1/admin/outbox`, { headers: { authorization: `Bearer ${ownerToken}` } });
    assert.equal(outbox.status, 200, await outbox.clone().text());
    const mail = ((await outbox.json()) as { data: { to: string; text: string }[] }).data.find((m) => m.to === MEMBER.email);
    assert.ok(mail, 'the invitation mail is in the outbox');
    const link = /https?:\/\/\S+\/invite\?token=\S+/.exec(mail.text)?.[0];
    assert.ok(link, mail.text);

    const member = await freshPage();
    await member.goto(`${stack().serverUrl}${new URL(link).pathname}${new URL(link).search}`);
    await member.fill('#accept-new-form [name=name]', MEMBER.name);
    await member.fill('#accept-new-form [name=password]', MEMBER.password);
    await member.click('#accept-new-form button[type=submit]');
    await member.waitForURL('**/account');
    await member.locator('#my-role', { hasText: 'member' }).waitFor();

    // a new browser: sign in with the new account at /signin
    const later = await freshPage();
    await later.goto(`${stack().serverUrl}/signin`);
    await signIn(later, MEMBER);
    await later.waitForURL('**/account');
    await later.locator('#my-role', { hasText: 'member' }).waitFor();
    assert.match(await later.textContent('#whoami') ?? '', /Mia Member.*member in Acme/s);
    assert.equal(await later.isHidden('#invitations-section'), true, 'members do not manage invitations');
    await later.locator('#members tr', { hasText: OWNER.email }).waitFor();

    // the owner sees the member join and the invitation accepted
    await owner.reload();
    await owner.locator('#members tr', { hasText: MEMBER.email }).waitFor();
    await owner.locator('#invitations tr', { hasText: 'accepted' }).waitFor();
    for (const page of [owner, member, later]) assert.deepEqual(await cspViolations(page), [], 'no CSP violation');
  });

  it('editor sign-in: the loopback callback receives the state and a token that works against /api/v1/me', async () => {
    const listener = await startCallbackListener();
    try {
      const callback = listener.url;
      const state = 'e2e-state-7f3a9c';
      const page = await freshPage();
      await page.goto(`${stack().serverUrl}/signin?${new URLSearchParams({ callback, state, client: 'Visual Studio Code' })}`);
      assert.match(await page.textContent('#editor-note') ?? '', /Visual Studio Code/);
      await signIn(page, MEMBER);
      await page.waitForURL(`${callback}?**`);
      await page.getByText('Signed in to Churnistic').waitFor();
      const hit = await listener.received;
      assert.ok(hit, 'the callback was called');
      assert.equal(hit.searchParams.get('state'), state);
      const token = hit.searchParams.get('token')!;
      assert.match(token, /^churs_/);
      const me = await fetch(`${stack().serverUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.status, 200);
      const body = await me.json() as { user: { name: string; role: string }; tokenKind: string };
      assert.deepEqual([body.user.name, body.user.role, body.tokenKind], [MEMBER.name, 'member', 'session']);
    } finally {
      await listener.close();
    }
  });

  it('a callback outside the allow-list is refused before any sign-in', async () => {
    const page = await freshPage();
    const res = await page.goto(`${stack().serverUrl}/signin?${new URLSearchParams({ callback: 'https://evil.example/steal', state: 'e2e-state-7f3a9c' })}`);
    assert.equal(res?.status(), 400);
    assert.match(await page.textContent('h1') ?? '', /not valid/);
    assert.equal(await page.locator('#signin-form').count(), 0, 'no sign-in form to hand a token to evil.example');
  });
});
