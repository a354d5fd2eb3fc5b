// /signin: email + password (POST /auth/login) or Google / GitHub through the Firebase web SDK
// (POST /auth/firebase with the Firebase ID token). Started by an editor (?callback=&state=, already
// checked against the allow-list by the server), it then asks for a session for the editor
// (POST /auth/editor-token, which checks the callback again) and navigates to the URL it returns.
// Opened from a reset mail (?reset=<token>, possibly next to callback/state) it first asks for a new
// password (lib/password-reset.ts), then signs in as usual, editor hand-off included.
import { connectAuthEmulator, getAuth, GithubAuthProvider, GoogleAuthProvider, signInWithPopup, type AuthProvider } from 'firebase/auth';
import { initializeApp } from 'firebase/app';
import type { EditorTokenResponse, SessionResponse, SetupStatus } from '../../../protocol';
import { $, api, onSubmit, session, status } from './lib/api';
import { resetTokenFromUrl, setUpForgot, setUpReset } from './lib/password-reset';

interface SigninData {
  editor: { callback: string; state: string; client: string | null } | null;
  firebase: { config: { apiKey: string; authDomain: string; projectId: string }; emulatorHost: string | null } | null;
}

const data = JSON.parse(document.body.dataset.pageData ?? '{}') as SigninData;

async function signedIn(created: SessionResponse): Promise<void> {
  session.set(created);
  if (!data.editor) {
    location.assign('/account');
    return;
  }
  status(`Signed in as ${created.user.name}; handing the sign-in to ${data.editor.client ?? 'your editor'}…`);
  const { redirectUrl } = await api<EditorTokenResponse>('/auth/editor-token', { json: data.editor });
  location.assign(redirectUrl);
}

function setUpFirebase(config: NonNullable<SigninData['firebase']>): void {
  const auth = getAuth(initializeApp(config.config));
  if (config.emulatorHost) connectAuthEmulator(auth, `http://${config.emulatorHost}`, { disableWarnings: true });
  const use = (provider: AuthProvider) => async () => {
    status('');
    try {
      const result = await signInWithPopup(auth, provider);
      const idToken = await result.user.getIdToken();
      await signedIn(await api<SessionResponse>('/auth/firebase', { anonymous: true, json: { idToken } }));
    } catch (e) {
      status(e instanceof Error ? e.message : String(e), 'error');
    }
  };
  $('#google').addEventListener('click', use(new GoogleAuthProvider()));
  $('#github').addEventListener('click', use(new GithubAuthProvider()));
  $('#providers').hidden = false;
  $('#providers-or').hidden = false;
}

function main(): void {
  const form = document.querySelector<HTMLFormElement>('#signin-form');
  if (!form) return; // the "link refused" page has no form
  const resetToken = resetTokenFromUrl();
  if (data.editor) {
    $('#editor-client').textContent = data.editor.client ?? 'your editor';
    $('#editor-note').hidden = false;
  } else if (session.get() && !resetToken) { // a reset link is for choosing a password, signed in or not
    location.replace('/account');
    return;
  }
  if (data.firebase) setUpFirebase(data.firebase);
  const forgot = setUpForgot();
  if (resetToken) setUpReset(resetToken, forgot);
  onSubmit(form, async (v) => {
    await signedIn(await api<SessionResponse>('/auth/login', { anonymous: true, json: { email: v.email, password: v.password } }));
  });
  api<SetupStatus>('/setup', { anonymous: true })
    .then((s) => { $('#setup-link').hidden = !s.needsSetup; })
    .catch(() => { /* setup status is a hint only */ });
}

main();
