import * as z from 'zod';

/**
 * Firebase sign-in and the editor hand-off (issue #8, engineer C). The same schemas validate the
 * requests on the server, document them in /openapi.json and type the sign-in page.
 */

/** `POST /api/v1/auth/firebase`: an ID token from the Firebase web SDK (Google, GitHub…); answered with a SessionResponse like login. */
export const FirebaseSignInRequest = z.object({
  idToken: z.string().min(20).max(16_384).describe('Firebase ID token (user.getIdToken()) of the signed-in Firebase user'),
});
export type FirebaseSignInRequest = z.infer<typeof FirebaseSignInRequest>;

/**
 * `POST /api/v1/auth/editor-token`: the sign-in page, once signed in, asks for a session for the
 * editor that opened it; `callback` must be a loopback http URL or an editor URI scheme.
 */
export const EditorTokenRequest = z.object({
  callback: z.string().min(1).max(2048).describe('Where the editor listens: http://127.0.0.1:<port>/… or vscode://…, cursor://…'),
  state: z.string().min(8).max(512).describe('The editor\'s random state, echoed back so it can match the answer'),
  client: z.string().max(100).optional().describe('The editor\'s name (vscode.env.appName), shown in token lists'),
});
export type EditorTokenRequest = z.infer<typeof EditorTokenRequest>;

export const EditorTokenResponse = z.object({
  redirectUrl: z.string().describe('callback?state=…&token=… — the page navigates there'),
  expiresAt: z.string(),
});
export type EditorTokenResponse = z.infer<typeof EditorTokenResponse>;
