import fs from 'node:fs';
import path from 'node:path';
import { Router, type Response } from 'express';
import type { FirebaseSettings } from '../../config-firebase';
import { checkEditorCallback } from '../../domain/editor-callback';
import { renderShell, escapeHtml, type ShellInput } from '../pages/shell';
import { ACCOUNT_BODY, INVITE_BODY, SETUP_BODY, SIGNIN_BODY } from '../pages/views';
import { authorize } from '../route-policy';

/**
 * The onboarding pages (/setup, /signin, /account, /invite) and their bundled scripts (/web/*.js,
 * built by esbuild's `pages` target into dist/web). The pages hold no data: their scripts call the
 * /api/v1 routes with the session token kept in sessionStorage (no cookies, so no CSRF surface).
 */
const SCRIPT = /^(setup|signin|account|invite)\.js(\.map)?$/;

/** dist/web next to the server bundle (dist/server.js), or the repository's dist/web when run from source (tests, tsx). */
function scriptsDir(): string {
  const candidates = [path.join(__dirname, 'web'), path.resolve(__dirname, '../../../../dist/web')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'signin.js'))) ?? candidates[0]!;
}

function send(res: Response, input: ShellInput, status = 200): void {
  const { html, csp } = renderShell(input);
  res.status(status)
    .setHeader('Content-Security-Policy', csp)
    .setHeader('Cache-Control', 'no-store')
    .setHeader('X-Content-Type-Options', 'nosniff')
    .setHeader('Referrer-Policy', 'no-referrer')
    .type('html').send(html);
}

const text = (q: unknown): string | undefined => (typeof q === 'string' && q.length > 0 ? q : undefined);

export function pagesRouter(firebase: FirebaseSettings): Router {
  const router = Router();
  const dir = scriptsDir();

  router.get('/setup', authorize('public'), (_req, res) => {
    send(res, { page: 'setup', title: 'Set up', body: SETUP_BODY });
  });

  router.get('/signin', authorize('public'), (req, res) => {
    const callback = text(req.query.callback);
    const state = text(req.query.state);
    const client = text(req.query.client)?.slice(0, 100);
    // The allow-list is enforced here, before any sign-in, and again when the token is minted
    // (POST /api/v1/auth/editor-token): the page can never be turned into an open redirect.
    if (callback !== undefined || state !== undefined) {
      const checked = callback ? checkEditorCallback(callback) : { ok: false as const, reason: 'callback is missing' };
      const why = !checked.ok ? checked.reason : !state || state.length < 8 || state.length > 512 ? 'state is missing or malformed' : null;
      if (why) {
        send(res, { page: 'signin', title: 'Sign-in link refused',
          body: `<h1>This sign-in link is not valid</h1><p>${escapeHtml(why)}.</p><p>Start the sign-in again from your editor.</p>` }, 400);
        return;
      }
    }
    send(res, { page: 'signin', title: 'Sign in', body: SIGNIN_BODY, firebase,
      data: {
        editor: callback ? { callback, state, client: client ?? null } : null,
        // only the public web config goes to the browser; the emulator address when tests or local work use it
        firebase: firebase.webConfig ? { config: firebase.webConfig, emulatorHost: firebase.emulatorHost ?? null } : null,
      } });
  });

  router.get('/account', authorize('public'), (_req, res) => {
    send(res, { page: 'account', title: 'Account', body: ACCOUNT_BODY });
  });

  router.get('/invite', authorize('public'), (_req, res) => {
    send(res, { page: 'invite', title: 'Invitation', body: INVITE_BODY });
  });

  router.get('/web/:file', authorize('public'), (req, res) => {
    const file = req.params.file;
    const full = path.join(dir, file);
    if (!SCRIPT.test(file) || !fs.existsSync(full)) {
      res.status(404).type('text/plain').send(fs.existsSync(dir) ? 'not found'
        : 'page scripts are not built: run `node esbuild.config.mjs --only pages`');
      return;
    }
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type(file.endsWith('.map') ? 'application/json' : 'text/javascript').sendFile(full);
  });

  return router;
}
