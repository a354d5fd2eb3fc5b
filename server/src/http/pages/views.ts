/**
 * The static markup of each onboarding page. Everything dynamic (lists, who is signed in) is filled
 * in by the page's script from the API, so these are plain, cacheable shells without user data.
 */
const ROLE_OPTIONS = ['viewer', 'member', 'admin', 'owner'].map((r) => `<option value="${r}">${r}</option>`).join('');

export const SETUP_BODY = `
<h1>Set up Churnistic</h1>
<p class="muted">Create your team and its first owner. This page works only once, on a fresh server.</p>
<form id="setup-form" method="post">
  <label>Team name <input name="teamName" required maxlength="100" autocomplete="organization"></label>
  <label>Your name <input name="name" required maxlength="100" autocomplete="name"></label>
  <label>Email <input name="email" type="email" required autocomplete="email"></label>
  <label>Password <input name="password" type="password" required minlength="10" autocomplete="new-password"></label>
  <button type="submit">Create team and sign in</button>
</form>`;

// /signin shows one of two sections: signing in (where "Forgot password?" opens the reset request in
// place) or, opened from a reset mail (?reset=<token>), choosing a new password; the script switches. The reset forms are `novalidate` so the script's own messages (too short, no match) show
// instead of the browser's bubbles; minlength/maxlength stay as hints for password managers.
export const SIGNIN_BODY = `
<section id="reset-section" aria-labelledby="reset-title" hidden>
  <h1 id="reset-title">Choose a new password</h1>
  <form id="reset-form" method="post" novalidate>
    <label>New password <input name="password" type="password" required minlength="10" maxlength="256" autocomplete="new-password" aria-describedby="reset-hint"></label>
    <label>Repeat the new password <input name="confirm" type="password" required minlength="10" maxlength="256" autocomplete="new-password"></label>
    <p id="reset-hint" class="muted">At least 10 characters. Every device signed in to this account will be signed out.</p>
    <button type="submit">Set new password</button>
  </form>
  <p id="reset-again" hidden><button type="button" id="reset-again-button" class="secondary">Request a new link</button></p>
</section>
<section id="signin-section" aria-labelledby="signin-title">
  <h1 id="signin-title">Sign in</h1>
  <p id="editor-note" class="muted" hidden>After signing in you will be sent back to <strong id="editor-client">your editor</strong>.</p>
  <div id="providers" class="providers" hidden>
    <button type="button" id="google" class="secondary">Continue with Google</button>
    <button type="button" id="github" class="secondary">Continue with GitHub</button>
  </div>
  <p id="providers-or" class="or" hidden>or with your email and password</p>
  <form id="signin-form" method="post">
    <label>Email <input name="email" type="email" required autocomplete="username"></label>
    <label>Password <input name="password" type="password" required autocomplete="current-password"></label>
    <button type="submit">Sign in</button>
  </form>
  <p><button type="button" id="forgot-toggle" class="link" aria-expanded="false" aria-controls="forgot-section">Forgot password?</button></p>
  <section id="forgot-section" aria-labelledby="forgot-title" hidden>
    <h2 id="forgot-title">Reset your password</h2>
    <p class="muted">Enter the address you sign in with; a link to choose a new password will be mailed to it (valid 30 minutes).</p>
    <form id="forgot-form" method="post">
      <label>Email <input name="email" type="email" required maxlength="254" autocomplete="email"></label>
      <button type="submit">Send reset link</button>
    </form>
  </section>
  <p class="muted"><a href="/setup" id="setup-link" hidden>First time here? Set up the server.</a></p>
</section>`;

export const ACCOUNT_BODY = `
<h1>Account</h1>
<p id="whoami" class="muted"></p>
<p><button type="button" id="signout" class="secondary">Sign out</button></p>

<section id="tokens-section">
  <h2>API tokens</h2>
  <form id="token-form" method="post" class="inline">
    <label>Name <input name="name" required maxlength="100" placeholder="laptop, CI…"></label>
    <label>Expires in (days) <input name="expiresInDays" type="number" min="1" max="365" placeholder="never"></label>
    <button type="submit">Create token</button>
  </form>
  <div id="new-token" hidden><p>Copy this token now; it is not shown again:</p><p class="secret" id="new-token-value"></p></div>
  <table><thead><tr><th>Name</th><th>Token</th><th>Kind</th><th>Expires</th><th></th></tr></thead><tbody id="tokens"></tbody></table>
</section>

<section id="members-section">
  <h2>Members</h2>
  <table><thead><tr><th>Name</th><th>Email</th><th>Role</th><th></th></tr></thead><tbody id="members"></tbody></table>
</section>

<section id="invitations-section" hidden>
  <h2>Invitations</h2>
  <form id="invite-form" method="post" class="inline">
    <label>Email <input name="email" type="email" required></label>
    <label>Role <select name="role">${ROLE_OPTIONS.replace('value="member"', 'value="member" selected')}</select></label>
    <button type="submit">Invite</button>
  </form>
  <div id="new-invite" hidden><p>Invitation sent. Link (shown once): <span class="secret" id="new-invite-link"></span></p></div>
  <table><thead><tr><th>Email</th><th>Role</th><th>Status</th><th>Expires</th><th></th></tr></thead><tbody id="invitations"></tbody></table>
</section>`;

export const INVITE_BODY = `
<h1>Join a team on Churnistic</h1>
<p class="muted">New here? Choose your name and a password. Already have an account? Sign in with it below.</p>
<form id="accept-new-form" method="post">
  <label>Your name <input name="name" required maxlength="100" autocomplete="name"></label>
  <label>Password <input name="password" type="password" required minlength="10" autocomplete="new-password"></label>
  <button type="submit">Accept invitation</button>
</form>
<h2>I already have an account</h2>
<form id="accept-existing-form" method="post">
  <label>Password of the invited address <input name="password" type="password" required autocomplete="current-password"></label>
  <button type="submit" class="secondary">Sign in and join</button>
</form>`;

