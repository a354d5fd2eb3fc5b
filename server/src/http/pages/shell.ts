import { randomBytes } from 'node:crypto';
import type { FirebaseSettings } from '../../config-firebase';

/**
 * The HTML around every onboarding page: a nonce-based Content-Security-Policy (no inline script
 * may run; the one bundled script and the one style block carry the nonce), the page's data in a
 * data attribute (never in a script), and a small theme-neutral stylesheet that follows the
 * browser's light/dark preference.
 */
export type PageName = 'setup' | 'signin' | 'account' | 'invite';

export interface ShellInput {
  page: PageName;
  title: string;
  body: string;
  /** Read by the page script from <body data-page-data>. */
  data?: Record<string, unknown>;
  firebase?: FirebaseSettings;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!);
}

/** Firebase's popup sign-in talks to Google's endpoints and its auth domain (or to the emulator). */
function firebaseSources(firebase?: FirebaseSettings): { connect: string[]; frame: string[]; script: string[] } {
  if (!firebase?.webConfig) return { connect: [], frame: [], script: [] };
  const emulator = firebase.emulatorHost ? [`http://${firebase.emulatorHost}`] : [];
  return {
    connect: ['https://identitytoolkit.googleapis.com', 'https://securetoken.googleapis.com', ...emulator],
    frame: [`https://${firebase.webConfig.authDomain}`, ...emulator],
    script: ['https://apis.google.com'], // the popup flow loads Google's iframe helper
  };
}

export function contentSecurityPolicy(nonce: string, firebase?: FirebaseSettings): string {
  const fb = firebaseSources(firebase);
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}' ${fb.script.join(' ')}`.trim(),
    `style-src 'nonce-${nonce}'`,
    `connect-src 'self' ${fb.connect.join(' ')}`.trim(),
    ...(fb.frame.length ? [`frame-src ${fb.frame.join(' ')}`] : []),
    `img-src 'self' data:`,
    `form-action 'self'`,
    `base-uri 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

export function renderShell(input: ShellInput): { html: string; csp: string } {
  const nonce = randomBytes(18).toString('base64');
  const data = escapeHtml(JSON.stringify(input.data ?? {}));
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(input.title)} · Churnistic</title>
<style nonce="${nonce}">${CSS}</style>
</head>
<body data-page="${input.page}" data-page-data="${data}">
<header><a class="brand" href="/account">Churnistic</a></header>
<main>
${input.body}
<p id="status" role="status" aria-live="polite"></p>
</main>
<script nonce="${nonce}" src="/web/${input.page}.js"></script>
</body>
</html>`;
  return { html, csp: contentSecurityPolicy(nonce, input.firebase) };
}

const CSS = `
:root { color-scheme: light dark; --fg: CanvasText; --bg: Canvas; --muted: color-mix(in srgb, CanvasText 60%, Canvas);
  --line: color-mix(in srgb, CanvasText 18%, Canvas); --accent: #3b6fd8; --danger: #c0392b; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: .8rem 1.5rem; border-bottom: 1px solid var(--line); }
.brand { font-weight: 600; color: inherit; text-decoration: none; }
main { max-width: 46rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; } h2 { font-size: 1.1rem; margin: 2rem 0 .6rem; }
form { display: grid; gap: .7rem; margin: 0 0 1rem; }
form p { margin: 0; }
form.inline { grid-auto-flow: column; grid-template-columns: 1fr auto auto; align-items: end; }
label { display: grid; gap: .25rem; font-size: .9rem; color: var(--muted); }
input, select, button { font: inherit; padding: .45rem .6rem; border-radius: 6px; border: 1px solid var(--line);
  background: var(--bg); color: var(--fg); }
button { cursor: pointer; background: var(--accent); border-color: var(--accent); color: #fff; }
button.secondary { background: transparent; color: var(--fg); border-color: var(--line); }
button.link { background: none; border: none; padding: 0; color: var(--accent); text-decoration: underline; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
[aria-invalid="true"] { border-color: var(--danger); }
button.danger { background: transparent; color: var(--danger); border-color: var(--danger); }
button:disabled { opacity: .6; cursor: default; }
table { width: 100%; border-collapse: collapse; font-size: .92rem; }
th, td { text-align: left; padding: .4rem .3rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { color: var(--muted); font-weight: 500; }
.providers { display: flex; gap: .6rem; margin: 1rem 0; }
.or { color: var(--muted); text-align: center; margin: .5rem 0; }
.secret { font-family: ui-monospace, monospace; word-break: break-all; padding: .6rem; border: 1px dashed var(--line); border-radius: 6px; }
.muted { color: var(--muted); }
[hidden] { display: none !important; }
#status:empty { display: none; }
#status { padding: .6rem .8rem; border-radius: 6px; border: 1px solid var(--line); }
#status.error { border-color: var(--danger); color: var(--danger); }
`;
