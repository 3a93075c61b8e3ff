// Forgot password, the page a reset link opens, and the account page (API tokens, change password).

import { auth, session, tokens } from '../api.js';
import { announce, byId, cloneTemplate, describeError, element, formatTime, setError, show } from '../ui.js';
import { submit } from './auth.js';

export function renderForgotPassword(main) {
  main.append(cloneTemplate('view-forgot'));
  const form = byId('forgot-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submit(form, byId('forgot-error'), async () => {
      const email = byId('forgot-email').value.trim();
      if (!email || !email.includes('@')) {
        throw new Error('Enter a valid email address.');
      }
      await auth.requestReset(email);
      show(form, false);
      show(byId('forgot-sent'), true);
    });
  });
  byId('forgot-email').focus();
}

/** params[0]: the link's query, "token=pfr_…"; the token never leaves the fragment except in the confirm call. */
export function renderResetPassword(main, params, app) {
  main.append(cloneTemplate('view-reset'));
  const token = new URLSearchParams(params[0] ?? '').get('token') ?? '';
  const form = byId('reset-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submit(form, byId('reset-error'), async () => {
      const password = byId('reset-password').value;
      if (password.length < 8) {
        throw new Error('Choose a password of at least 8 characters.');
      }
      if (password !== byId('reset-repeat').value) {
        throw new Error('The two passwords differ.');
      }
      try {
        await auth.confirmReset(token, password);
      } catch (error) {
        if (error.code === 'invalid_link') {
          throw new Error('This link is unknown, expired or already used. Ask for a new one from "Forgot password?".');
        }
        throw error;
      }
      app.sessionEnded('Your password is changed. Log in with the new one.');
    });
  });
  byId('reset-password').focus();
}

export function renderAccount(main) {
  main.append(cloneTemplate('view-account'));
  const tokenForm = byId('token-form');
  tokenForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submit(tokenForm, byId('token-error'), async () => {
      const name = byId('token-name').value.trim();
      const scopes = [...tokenForm.querySelectorAll('input[name=scope]:checked')].map((box) => box.value);
      const days = Number(byId('token-days').value);
      if (!name) {
        throw new Error('Give the token a name you will recognise.');
      }
      if (scopes.length === 0) {
        throw new Error('Choose at least one scope.');
      }
      const created = await tokens.create(name, scopes, days);
      byId('token-value').textContent = created.token;
      show(byId('token-created'), true);
      byId('token-name').value = '';
      await listTokens();
    });
  });
  const passwordForm = byId('password-form');
  passwordForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submit(passwordForm, byId('password-error'), async () => {
      const current = byId('password-current').value;
      const next = byId('password-new').value;
      if (next.length < 8) {
        throw new Error('Choose a password of at least 8 characters.');
      }
      try {
        const answer = await auth.changePassword(current, next);
        // Every session ended, this one too: the answer holds this browser's new one.
        session.save(answer.sessionToken);
        passwordForm.reset();
        announce('Password changed. Other devices and browsers have been logged out.');
      } catch (error) {
        if (error.code === 'wrong_password') {
          throw new Error('The current password is wrong.');
        }
        throw error;
      }
    });
  });
  listTokens();
}

async function listTokens() {
  const list = byId('token-list');
  if (!list) {
    return;
  }
  try {
    const answer = await tokens.list();
    list.replaceChildren(...answer.tokens.map(tokenItem));
    show(byId('tokens-empty'), answer.tokens.length === 0);
  } catch (error) {
    setError(byId('token-error'), describeError(error));
  }
}

function tokenItem(token) {
  const revoke = element('button', { type: 'button', className: 'button-quiet', textContent: 'Revoke' });
  revoke.addEventListener('click', async () => {
    revoke.disabled = true;
    try {
      await tokens.revoke(token.id);
      announce(`Token "${token.name}" revoked.`);
      await listTokens();
    } catch (error) {
      revoke.disabled = false;
      announce(describeError(error), 'error');
    }
  });
  const meta = [
    `scopes: ${token.scopes.join(', ')}`,
    `created ${formatTime(token.createdAt)}`,
    token.lastUsedAt ? `last used ${formatTime(token.lastUsedAt)}` : 'never used',
    `expires ${formatTime(token.expiresAt)}`,
  ].join(' · ');
  return element('li', { className: 'token-item', dataset: { tokenId: token.id } },
    element('strong', { textContent: token.name }), ' ', element('span', { className: 'hint', textContent: meta }), ' ',
    revoke);
}

/** params[0]: the link's query, "token=pfv_…". */
export function renderVerifyEmail(main, params, app) {
  main.append(cloneTemplate('view-verify'));
  const token = new URLSearchParams(params[0] ?? '').get('token') ?? '';
  const result = byId('verify-result');
  auth.verifyEmail(token).then(() => {
    result.textContent = 'Your email address is confirmed. Alert mails will reach you.';
    if (app.user) {
      app.user.emailVerified = true;
      show(byId('verify-banner'), false);
    }
  }, (error) => {
    result.textContent = error.code === 'invalid_link'
      ? 'This link is unknown, expired or already used. Log in and ask for a new one.'
      : describeError(error);
  });
}
