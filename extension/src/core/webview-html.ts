// The chat webview's HTML: a strict Content-Security-Policy with a per-load nonce, the bundled
// script and stylesheet only (no inline script or style), as in vscode-extension-samples.
import { randomBytes } from 'node:crypto';

export interface WebviewHtmlInput {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  nonce?: string;
}

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

export function webviewHtml(input: WebviewHtmlInput): string {
  const nonce = input.nonce ?? createNonce();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${input.cspSource}`,
    `img-src ${input.cspSource} data:`,
    `font-src ${input.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttr(input.styleUri)}">
  <title>${escapeText(input.title)}</title>
</head>
<body>
  <div id="app" data-testid="chat-root"></div>
  <script nonce="${nonce}" src="${escapeAttr(input.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
