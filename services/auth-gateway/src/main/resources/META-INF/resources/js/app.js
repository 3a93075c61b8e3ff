// The single-page app: loads /config.json, checks the session, and routes #/... to a view.

import { auth, loadConfig, session, setUnauthorizedHandler } from './api.js';
import { announce, byId, describeError, show } from './ui.js';
import { renderLogin, renderSignup } from './views/auth.js';
import { renderDevices } from './views/devices.js';
import { renderPairing } from './views/pair.js';
import { renderDevice } from './views/device.js';
import { mountDeviceAlerts, refreshBadge, renderAlerts } from './views/alerts.js';
import { mountDeviceFleet } from './views/device-fleet.js';
import { mountDeviceShares } from './views/device-shares.js';
import { renderFleet } from './views/fleet.js';
import { renderReleases } from './views/releases.js';
import { renderRollout, renderRollouts } from './views/rollouts.js';
import { renderAccount, renderForgotPassword, renderResetPassword, renderVerifyEmail } from './views/account.js';

const ROUTES = [
  { pattern: /^#\/login$/, render: renderLogin, public: true },
  { pattern: /^#\/signup$/, render: renderSignup, public: true },
  { pattern: /^#\/forgot-password$/, render: renderForgotPassword, public: true },
  // A mailed link: it works whether or not someone is signed in here.
  { pattern: /^#\/reset-password\?(.*)$/, render: renderResetPassword, public: true, anyone: true },
  { pattern: /^#\/verify-email\?(.*)$/, render: renderVerifyEmail, public: true, anyone: true },
  { pattern: /^#\/account$/, render: renderAccount },
  { pattern: /^#\/devices$/, render: renderDevices },
  { pattern: /^#\/pair(?:\?(.*))?$/, render: renderPairing },
  { pattern: /^#\/devices\/(.+)$/, render: renderDeviceWithAlerts },
  { pattern: /^#\/alerts$/, render: renderAlerts },
  { pattern: /^#\/fleet$/, render: renderFleet },
  { pattern: /^#\/releases$/, render: renderReleases },
  { pattern: /^#\/rollouts(?:\?(.*))?$/, render: renderRollouts },
  { pattern: /^#\/rollouts\/(.+)$/, render: renderRollout },
];

/** A device's page and, under it, its settings, agent and commands, and the "Add alert" form. */
function renderDeviceWithAlerts(main, params, app) {
  let panels = null;
  let sharing = null;
  const stop = renderDevice(main, params, app, (device) => {
    panels?.showDevice(device);
    sharing?.showDevice(device);
  });
  panels = mountDeviceFleet(main, params[0]);
  mountDeviceAlerts(main, params[0]);
  sharing = mountDeviceShares(main, params[0]);
  return () => {
    stop();
    panels.stop();
  };
}

const app = {
  user: null,
  /** A message for the login view after a redirect (session ended, logged out). */
  loginNotice: null,
  /** Where to go after logging in. */
  returnTo: null,
  signedIn(user, token) {
    session.save(token);
    app.user = { userId: user.userId, email: user.email, emailVerified: user.emailVerified ?? true };
    showUser();
    location.hash = app.returnTo ?? '#/devices';
    app.returnTo = null;
  },
  sessionEnded(message) {
    session.clear();
    app.user = null;
    app.loginNotice = message;
    showUser();
    if (location.hash !== '#/login') {
      app.returnTo = ROUTES.some((r) => !r.public && r.pattern.test(location.hash)) ? location.hash : null;
      location.hash = '#/login';
    }
  },
};

let cleanup = () => {};

async function route() {
  cleanup();
  cleanup = () => {};
  const hash = location.hash || '#/devices';
  const match = ROUTES.find((r) => r.pattern.test(hash));
  if (!match) {
    location.replace('#/devices');
    return;
  }
  if (!match.public && !app.user) {
    app.returnTo = hash;
    location.replace('#/login');
    return;
  }
  if (match.public && !match.anyone && app.user) {
    location.replace('#/devices');
    return;
  }
  const main = byId('main');
  main.replaceChildren();
  const params = hash.match(match.pattern).slice(1).map((part) => (part === undefined ? undefined : decodeURIComponent(part)));
  cleanup = match.render(main, params, app) ?? (() => {});
  // Move focus to the new view's heading so keyboard and screen-reader users land on it.
  main.querySelector('h1')?.focus();
}

function showUser() {
  show(byId('nav'), Boolean(app.user));
  show(byId('verify-banner'), app.user?.emailVerified === false);
  byId('user-email').textContent = app.user?.email ?? '';
  refreshBadge(Boolean(app.user));
}

async function logOut() {
  try {
    await auth.logout();
  } catch {
    // The token is dropped either way; a failed logout call must not keep the user signed in here.
  }
  app.sessionEnded('You have logged out.');
}

async function start() {
  setUnauthorizedHandler(() => app.sessionEnded('Your session has ended (it expired or you logged out elsewhere). Please log in again.'));
  byId('logout-button').addEventListener('click', logOut);
  byId('verify-resend').addEventListener('click', async () => {
    try {
      await auth.resendVerification();
      announce('A new confirmation link is on its way.');
    } catch (error) {
      announce(describeError(error), 'error');
    }
  });
  try {
    await loadConfig();
  } catch (error) {
    byId('main').innerHTML = '<h1 tabindex="-1">pifleet is not available</h1><p class="error" role="alert"></p>';
    byId('main').querySelector('.error').textContent = `The app's settings could not be loaded. ${describeError(error)}`;
    return;
  }
  if (session.token()) {
    try {
      app.user = await auth.me();
    } catch (error) {
      if (error.status !== 401) {
        announce(describeError(error), 'error');
      }
      app.user = null;
    }
  }
  showUser();
  window.addEventListener('hashchange', route);
  route();
}

start();
