// /setup: the first owner and team. Once a server has an owner with a password, setup is closed
// (the API answers 409) and the page sends people to /signin instead.
import type { SessionResponse, SetupStatus } from '../../../protocol';
import { $, api, onSubmit, session } from './lib/api';

// The handler first, synchronously: a submit must never fall through to a plain form post.
onSubmit($<HTMLFormElement>('#setup-form'), async (v) => {
  const created = await api<SessionResponse>('/setup', { anonymous: true,
    json: { teamName: v.teamName, name: v.name, email: v.email, password: v.password } });
  session.set(created);
  location.assign('/account');
});

void api<SetupStatus>('/setup', { anonymous: true }).then((state) => {
  if (!state.needsSetup) location.replace('/signin');
});
