// The pairing wizard. By claim code (works from an HTTPS page, proves possession of the Pi): the user types the
// code the Pi shows (or scans its QR code, which opens #/pair?code=...), the registry binds the device, and the Pi
// collects its own key from the cloud; the browser never talks to the Pi and never sees the key.
// By address (the seed's flow, same network and plain HTTP only): find the Pi on the LAN, claim its deviceId, hand
// the key to the Pi, and wait until the registry sees it online.

import { ApiError, NetworkError, pi, registry } from '../api.js';
import { byId, cloneTemplate, describeError, show } from '../ui.js';

const FLOWS = { code: ['code', 'waiting', 'online'], lan: ['find', 'name', 'pair', 'online'] };
const PANELS = ['code', 'waiting', 'find', 'name', 'pair', 'online'];
const ONLINE_WAIT_MS = 60000;
const POLL_MS = 2000;

export function renderPairing(main, [query]) {
  main.append(cloneTemplate('view-pair'));
  const view = byId('pair-view');
  const state = { flow: 'code', piBase: null, identity: null, stopped: false, retry: null };

  function goTo(step) {
    const steps = FLOWS[state.flow];
    view.querySelectorAll('ol[data-flow]').forEach((list) => show(list, list.dataset.flow === state.flow));
    steps.forEach((name, index) => {
      const item = view.querySelector(`ol[data-flow="${state.flow}"] [data-step="${name}"]`);
      const current = steps.indexOf(step);
      item.classList.toggle('done', index < current);
      if (index === current) {
        item.setAttribute('aria-current', 'step');
      } else {
        item.removeAttribute('aria-current');
      }
    });
    PANELS.forEach((name) => show(view.querySelector(`[data-panel="${name}"]`), name === step));
    view.dataset.step = step;
    show(byId('pair-failure'), false);
  }

  // By code, step 1: the code (from the QR code's link, or typed) and a name.
  byId('claim-code').value = new URLSearchParams(query ?? '').get('code') ?? '';
  byId('code-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = byId('claim-code').value.trim();
    const name = byId('claim-name').value.trim();
    if (code.replace(/[\s-]/g, '').length !== 8) {
      fail('Check the code', 'A claim code has 8 letters and digits, like 7KQ2-M9XD.',
        'Type the code the Pi shows and press "Pair this Pi".', () => byId('claim-code').focus());
      return;
    }
    if (name.length < 1 || name.length > 64) {
      fail('Check the name', 'The name must be 1 to 64 characters.', 'Change it and press "Pair this Pi" again.',
        () => byId('claim-name').focus());
      return;
    }
    await claimByCode(code, name);
  });

  async function claimByCode(code, name) {
    const button = byId('claim-submit');
    button.disabled = true;
    try {
      let deviceId;
      goTo('waiting');
      setTask('claim-progress', 'claim', 'running');
      setTask('claim-progress', 'online', 'pending');
      try {
        ({ deviceId } = await registry.claim(code, name));
      } catch (error) {
        setTask('claim-progress', 'claim', 'failed');
        explainCodeError(error, fail, () => {
          goTo('code');
          byId('claim-code').focus();
        });
        return;
      }
      setTask('claim-progress', 'claim', 'done');
      await reportIn('waiting', 'claim-progress', name, deviceId,
        () => waitUntilRegistrySeesIt(deviceId, () => state.stopped),
        `“${name}” is in your account, but the Pi has not collected its key and reported in within a minute.`,
        'Check that the Pi is on and reaches the cloud (its page at http://<pi>:5000/ shows its state). It turns '
        + 'online on your dashboard as soon as it reports in; "Try again" waits another minute.');
    } finally {
      button.disabled = false;
    }
  }

  // The address flow needs the browser to reach http://<pi>:5000: only from a plain-HTTP page on the same network.
  show(byId('lan-option'), location.protocol === 'http:');
  byId('lan-start').addEventListener('click', () => {
    state.flow = 'lan';
    goTo('find');
    byId('pi-address').focus();
  });

  /** Shows what went wrong and what to do next; `retry` runs on "Try again". */
  function fail(title, message, next, retry) {
    byId('pair-error-title').textContent = title;
    byId('pair-error').textContent = message;
    byId('pair-next').textContent = next;
    state.retry = retry;
    show(byId('pair-failure'));
    byId('pair-retry').focus();
  }

  // Step 1: find the Pi.
  byId('find-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    show(byId('pair-failure'), false);
    const address = normalizeAddress(byId('pi-address').value);
    if (!address) {
      fail('Check the address', 'That is not a web address.', 'Enter it like http://192.168.1.20:5000 and press Connect.',
        () => byId('pi-address').focus());
      return;
    }
    const button = byId('pi-connect');
    button.disabled = true;
    button.textContent = 'Connecting…';
    try {
      const identity = await pi.identity(address);
      if (!identity.deviceId) {
        throw new ApiError(200, 'not_a_pi', 'no deviceId in the answer');
      }
      state.piBase = address;
      state.identity = identity;
      showIdentity(identity);
      goTo('name');
      byId('device-name').focus();
    } catch (error) {
      explainFindError(error, address, fail);
    } finally {
      button.disabled = false;
      button.textContent = 'Connect';
    }
  });

  function showIdentity(identity) {
    byId('pi-device-id').textContent = identity.deviceId;
    byId('pi-registered').textContent = identity.registered
      ? `Already paired${identity.deviceName ? ` as “${identity.deviceName}”` : ''}. Pairing again gives it a new key; `
        + 'the old key stops working.'
      : 'Not paired yet.';
    byId('pi-registered').dataset.registered = String(Boolean(identity.registered));
    byId('device-name').value = identity.deviceName || 'My Raspberry Pi';
  }

  byId('pair-back').addEventListener('click', () => {
    goTo('find');
    byId('pi-address').focus();
  });

  // Steps 2 and 3: claim, hand over the key, wait until online.
  byId('name-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = byId('device-name').value.trim();
    if (name.length < 1 || name.length > 64) {
      fail('Check the name', 'The name must be 1 to 64 characters.', 'Change it and press "Pair this Pi" again.',
        () => byId('device-name').focus());
      return;
    }
    await pair(name);
  });

  async function pair(name) {
    const { piBase, identity } = state;
    const deviceId = identity.deviceId;
    goTo('pair');
    resetTasks('pair-progress');
    const button = byId('pair-submit');
    button.disabled = true;
    try {
      // The key lives only in this local variable between the two calls: never shown, never stored.
      let apiKey;
      setTask('pair-progress', 'claim', 'running');
      try {
        ({ apiKey } = await registry.register(deviceId, name));
      } catch (error) {
        setTask('pair-progress', 'claim', 'failed');
        explainClaimError(error, fail, () => pair(name), () => {
          goTo('name');
          byId('device-name').focus();
        });
        return;
      }
      setTask('pair-progress', 'claim', 'done');

      setTask('pair-progress', 'handover', 'running');
      try {
        await pi.register(piBase, apiKey, name);
      } catch (error) {
        setTask('pair-progress', 'handover', 'failed');
        explainHandoverError(error, piBase, fail, () => pair(name));
        return;
      } finally {
        apiKey = undefined;
      }
      setTask('pair-progress', 'handover', 'done');

      await reportIn('pair', 'pair-progress', name, deviceId,
        () => waitUntilOnline(piBase, deviceId, () => state.stopped),
        `“${name}” is paired, but the registry has not seen it online within a minute.`,
        'Check that the Pi can reach the cloud (its /status page shows the last heartbeat). It turns online on '
        + 'your dashboard as soon as it reports in; "Try again" waits another minute.');
    } finally {
      button.disabled = false;
    }
  }

  /** Waits until the Pi reports in; after a minute without it says so, and "Try again" waits once more. */
  async function reportIn(panel, list, name, deviceId, wait, message, next) {
    setTask(list, 'online', 'running');
    const online = await wait();
    if (state.stopped) {
      return;
    }
    if (online) {
      finished(name, deviceId);
      return;
    }
    setTask(list, 'online', 'failed');
    fail('The Pi has not reported in yet', message, next, () => {
      goTo(panel);
      reportIn(panel, list, name, deviceId, wait, message, next);
    });
  }

  function finished(name, deviceId) {
    setTask(state.flow === 'code' ? 'claim-progress' : 'pair-progress', 'online', 'done');
    goTo('online');
    byId('pair-done').textContent = `“${name}” is paired and online.`;
    const open = byId('pair-open-device');
    open.href = `#/devices/${encodeURIComponent(deviceId)}`;
    open.focus();
  }

  byId('pair-retry').addEventListener('click', () => state.retry?.());
  byId('pair-restart').addEventListener('click', () => {
    state.flow = 'code';
    goTo('code');
    byId('claim-code').focus();
  });

  goTo('code');
  return () => {
    state.stopped = true;
  };
}

function resetTasks(list) {
  for (const item of byId(list).children) {
    item.dataset.state = 'pending';
  }
}

function setTask(list, task, taskState) {
  const item = byId(list).querySelector(`[data-task="${task}"]`);
  item.dataset.state = taskState;
}

/** Polls the registry until the device is online: the Pi has collected its key and reported in. */
async function waitUntilRegistrySeesIt(deviceId, stopped) {
  const deadline = Date.now() + ONLINE_WAIT_MS;
  while (Date.now() < deadline && !stopped()) {
    try {
      const { device } = await registry.device(deviceId);
      if (device.status === 'online') {
        return true;
      }
    } catch (error) {
      if (error.status === 401) {
        return false;
      }
    }
    await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
  }
  return false;
}

function explainCodeError(error, fail, backToCode) {
  if (error.code === 'claim_code_not_found') {
    fail('That code does not match a Pi',
      'No Pi is waiting for this code: it may be mistyped, more than 15 minutes old, or already used.',
      'Check the code the Pi shows now (it renews its code by itself) and try again.', backToCode);
  } else if (error.status === 429) {
    fail('Too many wrong codes', describeError(error),
      'Wait a few minutes, then enter the code the Pi shows.', backToCode);
  } else if (error.code === 'device_quota_exceeded') {
    fail('Your account is full', describeError(error), 'Unpair a device you no longer use, then try again.', backToCode);
  } else if (error.status === 401) {
    fail('Your session has ended', 'You are no longer logged in.', 'Log in again, then pair the Pi.', backToCode);
  } else {
    fail('Could not pair the Pi', describeError(error), 'Press "Try again" in a moment.', backToCode);
  }
}

/** Polls the Pi and the registry until the Pi says registered and the registry says online. */
async function waitUntilOnline(piBase, deviceId, stopped) {
  const deadline = Date.now() + ONLINE_WAIT_MS;
  while (Date.now() < deadline && !stopped()) {
    try {
      const [identity, { device }] = await Promise.all([pi.identity(piBase), registry.device(deviceId)]);
      if (identity.registered && device.status === 'online') {
        return true;
      }
    } catch (error) {
      if (error.status === 401) {
        return false;
      }
      // Otherwise keep polling: a Pi restarting or a slow answer is not a failure yet.
    }
    await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
  }
  return false;
}

function normalizeAddress(value) {
  let text = value.trim();
  if (!text) {
    return null;
  }
  if (!/^https?:\/\//i.test(text)) {
    text = `http://${text}`;
  }
  try {
    const url = new URL(text);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

function explainFindError(error, address, fail) {
  const retry = () => byId('find-form').requestSubmit();
  if (error instanceof NetworkError) {
    const mixed = location.protocol === 'https:' && address.startsWith('http:')
      ? ' This page is served over HTTPS, and browsers block calls from it to a plain-HTTP address.' : '';
    fail('Cannot reach the Pi',
      `No answer from ${address}. Either the pi-agent is not running there, the address is wrong, or the Pi does `
      + `not allow requests from this page (CORS).${mixed}`,
      `Check that the agent runs (it prints its address when it starts), that this computer is on the same network, `
      + `and that the Pi's PIFLEET_UI_ORIGINS includes ${location.origin}. Then press "Try again".`,
      retry);
  } else {
    fail('That is not a pifleet Pi',
      `${address} answered, but not like a pifleet pi-agent (${error.message}).`,
      'Check the address and port (the agent listens on 5000 by default), then press "Try again".',
      retry);
  }
}

function explainClaimError(error, fail, retry, backToName) {
  if (error.code === 'legacy_pairing_disabled') {
    fail('Pairing by address is turned off here', describeError(error),
      'Use the claim code the Pi shows instead ("Start over").', retry);
  } else if (error.status === 409 || error.code === 'device_already_claimed') {
    fail('This Pi belongs to another account',
      'Another user has already paired this Raspberry Pi, so it cannot be added to your account.',
      'Ask its owner to unpair it from their dashboard, then press "Try again".',
      retry);
  } else if (error.status === 401) {
    // The session handler sends the user to the login page with its own message.
    fail('Your session has ended', 'You are no longer logged in.', 'Log in again, then pair the Pi.', retry);
  } else if (error.status === 400) {
    fail('The registry refused these details', describeError(error), 'Change the name and try again.', backToName);
  } else {
    fail('Could not add the Pi to your account', describeError(error), 'Press "Try again" in a moment.', retry);
  }
}

function explainHandoverError(error, piBase, fail, retry) {
  if (error.code === 'key_rejected') {
    fail('The Pi could not confirm its key',
      'The Pi received its key but the cloud did not accept it when the Pi checked, so the Pi kept its old settings.',
      'Check that the Pi reaches the cloud (the cloud URL in its /status page), then press "Try again": '
      + 'a fresh key is issued.',
      retry);
  } else if (error instanceof NetworkError) {
    fail('The Pi stopped answering',
      `The device is now in your account, but ${piBase} did not answer when handed its key.`,
      'Check that the Pi is powered and on the network, then press "Try again" (a fresh key is issued).',
      retry);
  } else {
    fail('The Pi refused its key', describeError(error), 'Press "Try again"; if it keeps failing, restart the pi-agent.',
      retry);
  }
}
