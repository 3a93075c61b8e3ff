// Small DOM helpers shared by the views.

import { NetworkError } from './api.js';

export function byId(id) {
  return document.getElementById(id);
}

export function cloneTemplate(id) {
  return byId(id).content.firstElementChild.cloneNode(true);
}

/** element('p', {className: 'meta', dataset: {x: '1'}}, 'text', child): properties where the element has them, else attributes. */
export function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(props).forEach(([key, value]) => {
    if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key in node) {
      node[key] = value;
    } else {
      node.setAttribute(key, value);
    }
  });
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

export function show(element, visible = true) {
  element.hidden = !visible;
}

/** A short message in the page-wide live region (read out by screen readers). */
export function announce(message, kind = 'info') {
  const status = byId('status');
  status.textContent = message;
  status.dataset.kind = kind;
  clearTimeout(announce.timer);
  if (message) {
    announce.timer = setTimeout(() => { status.textContent = ''; }, 8000);
  }
}

/** Shows an error text in an alert element, or hides it when the text is empty. */
export function setError(element, message) {
  element.textContent = message ?? '';
  element.hidden = !message;
}

const STATUS_LABELS = { online: 'Online', offline: 'Offline', never_seen: 'Never seen' };

export function renderBadge(element, status) {
  element.textContent = STATUS_LABELS[status] ?? status ?? 'Unknown';
  element.dataset.status = status ?? 'unknown';
  element.className = `badge badge-${status ?? 'unknown'}`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const UNITS = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60]];

/** Fills a <time> with "3 minutes ago" and the exact time as its tooltip, or "never". */
export function renderTime(element, iso) {
  if (!iso) {
    element.textContent = 'never';
    element.removeAttribute('datetime');
    element.removeAttribute('title');
    return;
  }
  const date = new Date(iso);
  element.dateTime = date.toISOString();
  element.title = absolute.format(date);
  element.textContent = relativeTime(date);
}

export function relativeTime(date, now = Date.now()) {
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 45) {
    return 'just now';
  }
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return relative.format(Math.round(seconds / size), unit);
    }
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

/** A device ID is a 64-character hash: show its start, keep all of it in the tooltip and for screen readers. */
export function renderDeviceId(element, deviceId) {
  element.textContent = `ID ${deviceId.length > 16 ? `${deviceId.slice(0, 12)}…` : deviceId}`;
  element.title = deviceId;
  element.setAttribute('aria-label', `Device ID ${deviceId}`);
}

export function formatTime(iso) {
  return absolute.format(new Date(iso));
}

/** Asks in the page's modal dialog; resolves {confirmed, option}. */
export function confirmDialog({ title, body, confirmLabel, optionLabel }) {
  const dialog = byId('confirm-dialog');
  byId('confirm-title').textContent = title;
  byId('confirm-body').textContent = body;
  byId('confirm-ok').textContent = confirmLabel;
  const option = byId('confirm-purge');
  option.checked = false;
  byId('confirm-option-label').textContent = optionLabel ?? '';
  show(byId('confirm-option'), Boolean(optionLabel));
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve({ confirmed: dialog.returnValue === 'ok', option: option.checked });
    }, { once: true });
    dialog.returnValue = 'cancel';
    dialog.showModal();
    byId('confirm-cancel').focus();
  });
}

/** Human text for an error from api.js, for messages that have no more specific wording. */
export function describeError(error) {
  if (error instanceof NetworkError) {
    return 'The service could not be reached. Check your connection and try again.';
  }
  if (error?.status === 503 || error?.status === 502) {
    return 'The service is temporarily unavailable. Try again in a moment.';
  }
  if (error?.status === 429) {
    return 'Too many attempts. Wait a few minutes and try again.';
  }
  const details = (error?.details ?? []).map((d) => d.message).filter(Boolean);
  return [error?.message ?? 'Something went wrong.', ...details].join(' ');
}

/**
 * A page's refresh loop: load() now and again `everyMs` after each answer (never two at once), render(data) unless the
 * page was left meanwhile, and a failure shown in `errorId` (a 401 is the router's: it sends the user to log in):
 * `failureText` and the error's description, or what `failureText(error)` says. `updatedId`, if given, shows when.
 * Returns { refresh, stop }: refresh() reloads at once (after a change), stop() ends the loop when the page is left.
 */
export function refreshEvery(everyMs, { load, render, errorId, updatedId, failureText }) {
  let stopped = false;
  let timer;
  async function refresh() {
    clearTimeout(timer);
    try {
      const data = await load();
      if (stopped) {
        return;
      }
      render(data);
      setError(byId(errorId), '');
      if (updatedId) {
        byId(updatedId).textContent = `Updated ${new Date().toLocaleTimeString()}.`;
      }
    } catch (error) {
      if (!stopped && error.status !== 401) {
        setError(byId(errorId), typeof failureText === 'function'
          ? failureText(error) : `${failureText} ${describeError(error)}`);
      }
    } finally {
      if (!stopped) {
        timer = setTimeout(refresh, everyMs);
      }
    }
  }
  refresh();
  return {
    refresh,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
