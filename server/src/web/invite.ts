// /invite?token=…: accept an invitation. A new address chooses a name and password; an existing
// account proves itself with its password (or with the session of this tab, if signed in).
import type { SessionResponse } from '../../../protocol';
import { $, api, onSubmit, session, status } from './lib/api';

function main(): void {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) {
    status('This invitation link is incomplete: it has no token. Open the link from the invitation mail again.', 'error');
    $('#accept-new-form').hidden = true;
    $('#accept-existing-form').hidden = true;
    return;
  }
  // the token leaves the address bar (and the history) once read
  history.replaceState(null, '', '/invite');
  const accepted = (created: SessionResponse) => {
    session.set(created);
    location.assign('/account');
  };
  onSubmit($<HTMLFormElement>('#accept-new-form'), async (v) => {
    accepted(await api<SessionResponse>('/invitations/accept', { anonymous: true, json: { token, name: v.name, password: v.password } }));
  });
  onSubmit($<HTMLFormElement>('#accept-existing-form'), async (v) => {
    accepted(await api<SessionResponse>('/invitations/accept', { json: { token, password: v.password } }));
  });
}

main();
