// /account: who is signed in, their API tokens (list, create, revoke), the team's members (role
// change and removal for admins and owners) and invitations (admins and owners). The server decides
// every permission; hiding controls here only spares people buttons that would answer 403.
import type { CreatedInvitation, CreatedToken, InvitationList, MeResponse, MemberList, TokenList } from '../../../protocol';
import { $, api, ApiError, el, onSubmit, session, shortDate, status } from './lib/api';

const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
let me: MeResponse;
const isAdmin = () => me.user.role === 'admin' || me.user.role === 'owner';

const button = (label: string, onClick: () => Promise<void>, className = 'secondary') => {
  const b = el('button', { type: 'button', className, textContent: label });
  b.addEventListener('click', () => { b.disabled = true; onClick().catch(fail).finally(() => { b.disabled = false; }); });
  return b;
};

function fail(e: unknown): void {
  if (e instanceof ApiError && e.status === 401) {
    session.clear();
    location.assign('/signin');
    return;
  }
  status(e instanceof Error ? e.message : String(e), 'error');
}

async function loadTokens(): Promise<void> {
  const { data } = await api<TokenList>('/tokens');
  $('#tokens').replaceChildren(...data.map((t) => el('tr', {},
    el('td', {}, t.name, t.current ? ' (this page)' : ''), el('td', { className: 'muted' }, `${t.prefix}…`),
    el('td', {}, t.kind), el('td', {}, shortDate(t.expiresAt)),
    el('td', {}, t.current ? '' : button('Revoke', async () => { await api(`/tokens/${t.id}`, { method: 'DELETE' }); await loadTokens(); }, 'danger')))));
}

async function loadMembers(): Promise<void> {
  const { data } = await api<MemberList>('/teams/current/members');
  $('#members').replaceChildren(...data.map((m) => {
    const self = m.userId === me.user.id;
    let role: HTMLElement = el('span', { className: 'role' }, m.role);
    if (isAdmin() && !self) {
      const select = el('select', { name: `role-${m.userId}` }, ...ROLES.map((r) => el('option', { value: r, selected: r === m.role }, r)));
      select.addEventListener('change', () => {
        api(`/teams/current/members/${m.userId}`, { method: 'PATCH', json: { role: select.value } })
          .then(() => status(`${m.name} is now ${select.value}.`)).catch((e) => { fail(e); void loadMembers(); });
      });
      role = select;
    }
    const remove = isAdmin() && !self
      ? button('Remove', async () => { await api(`/teams/current/members/${m.userId}`, { method: 'DELETE' }); await loadMembers(); }, 'danger') : '';
    return el('tr', {},
      el('td', {}, m.name, self ? ' (you)' : ''), el('td', {}, m.email ?? ''), el('td', {}, role), el('td', {}, remove));
  }));
}

async function loadInvitations(): Promise<void> {
  const { data } = await api<InvitationList>('/teams/current/invitations');
  $('#invitations').replaceChildren(...data.map((i) => el('tr', {},
    el('td', {}, i.email), el('td', {}, i.role), el('td', {}, i.status), el('td', {}, shortDate(i.expiresAt)),
    el('td', {}, i.status === 'pending'
      ? button('Revoke', async () => { await api(`/teams/current/invitations/${i.id}`, { method: 'DELETE' }); await loadInvitations(); }, 'danger') : ''))));
}

async function main(): Promise<void> {
  if (!session.get()) {
    location.replace('/signin');
    return;
  }
  me = await api<MeResponse>('/me');
  const team = me.team?.name ?? me.teamId ?? '';
  $('#whoami').replaceChildren('Signed in as ', el('strong', {}, me.user.name), ` (${me.user.email ?? 'no email'}) — `,
    el('span', { id: 'my-role' }, me.user.role), ` in ${team}`);
  $('#signout').addEventListener('click', () => {
    api('/auth/logout', { method: 'POST' }).catch(() => {}).finally(() => { session.clear(); location.assign('/signin'); });
  });

  onSubmit($<HTMLFormElement>('#token-form'), async (v) => {
    const days = Number(v.expiresInDays);
    const created = await api<CreatedToken>('/tokens', { json: { name: v.name, ...(days > 0 ? { expiresInDays: days } : {}) } });
    $('#new-token-value').textContent = created.token;
    $('#new-token').hidden = false;
    $<HTMLFormElement>('#token-form').reset();
    await loadTokens();
  });
  await loadTokens();
  await loadMembers();

  if (isAdmin()) {
    $('#invitations-section').hidden = false;
    onSubmit($<HTMLFormElement>('#invite-form'), async (v) => {
      const created = await api<CreatedInvitation>('/teams/current/invitations', { json: { email: v.email, role: v.role } });
      $('#new-invite-link').textContent = created.acceptUrl;
      $('#new-invite').hidden = false;
      $<HTMLFormElement>('#invite-form').reset();
      status(`Invitation sent to ${created.email}.`);
      await loadInvitations();
    });
    await loadInvitations();
  }
}

main().catch(fail);
