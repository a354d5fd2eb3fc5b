// The browser sign-in's loopback listener, driven over real HTTP the way the server's page does.
import assert from 'node:assert/strict';
import { signInPageUrl, startLoopback } from '../../extension/src/core/auth/loopback';

describe('extension core: sign-in loopback', () => {
  it('takes the token from a redirect with the right state, once, then stops listening', async () => {
    const loopback = await startLoopback();
    const bad = await fetch(`${loopback.callbackUrl}?state=not-the-state&token=churs_forged`);
    assert.equal(bad.status, 400, 'a token with another state is refused');
    const good = await fetch(`${loopback.callbackUrl}?${new URLSearchParams({ state: loopback.state, token: 'churs_real' })}`);
    assert.equal(good.status, 200);
    assert.match(await good.text(), /Signed in to Churnistic/);
    assert.equal(await loopback.token, 'churs_real');
    await assert.rejects(fetch(`${loopback.callbackUrl}?state=${loopback.state}&token=again`), 'the listener is closed after one answer');
  });

  it('resolves undefined when cancelled or timed out, and answers only /callback', async () => {
    const cancelled = await startLoopback();
    assert.equal((await fetch(cancelled.callbackUrl.replace('/callback', '/other'))).status, 404);
    cancelled.cancel();
    assert.equal(await cancelled.token, undefined);
    const timedOut = await startLoopback(50);
    assert.equal(await timedOut.token, undefined);
  });

  it('builds the sign-in page address with the callback, state and client', () => {
    const url = new URL(signInPageUrl('http://srv:8787/', { callbackUrl: 'http://127.0.0.1:5/callback', state: 's1' }, 'Cursor'));
    assert.equal(url.pathname, '/signin');
    assert.deepEqual(Object.fromEntries(url.searchParams), { callback: 'http://127.0.0.1:5/callback', state: 's1', client: 'Cursor' });
  });
});
