// Log in and sign up.

import { ApiError, NetworkError, auth } from '../api.js';
import { byId, cloneTemplate, describeError, setError } from '../ui.js';

export function renderLogin(main, _params, app) {
  main.append(cloneTemplate('view-login'));
  if (app.loginNotice) {
    const notice = byId('login-notice');
    notice.textContent = app.loginNotice;
    notice.hidden = false;
    app.loginNotice = null;
  }
  const form = byId('login-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ok = await submit(form, byId('login-error'), async () => {
      const email = byId('login-email').value.trim();
      const password = byId('login-password').value;
      if (!email || !password) {
        throw new Error('Enter your email and password.');
      }
      try {
        const user = await auth.login(email, password);
        app.signedIn(user, user.sessionToken);
      } catch (error) {
        if (error.status === 401) {
          throw new Error('Wrong email or password.');
        }
        if (error.status === 429) {
          throw new Error('Too many failed attempts. Wait a few minutes before trying again.');
        }
        throw error;
      }
    });
    if (!ok) {
      byId('login-password').select();
    }
  });
  byId('login-email').focus();
}

export function renderSignup(main, _params, app) {
  main.append(cloneTemplate('view-signup'));
  const form = byId('signup-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submit(form, byId('signup-error'), async () => {
      const email = byId('signup-email').value.trim();
      const password = byId('signup-password').value;
      if (!email || !email.includes('@')) {
        throw new Error('Enter a valid email address.');
      }
      if (password.length < 8) {
        throw new Error('Choose a password of at least 8 characters.');
      }
      try {
        const user = await auth.signup(email, password);
        app.signedIn(user, user.sessionToken);
      } catch (error) {
        if (error.code === 'email_taken') {
          throw new Error('An account with this email already exists. Log in instead.');
        }
        throw error;
      }
    });
  });
}

/** Runs a form's action with its button disabled; shows any failure in the form's alert. */
export async function submit(form, errorElement, action) {
  const button = form.querySelector('button[type=submit]');
  setError(errorElement, '');
  button.disabled = true;
  try {
    await action();
    return true;
  } catch (error) {
    const known = error instanceof ApiError || error instanceof NetworkError;
    setError(errorElement, known ? describeError(error) : error.message);
    return false;
  } finally {
    button.disabled = false;
  }
}
