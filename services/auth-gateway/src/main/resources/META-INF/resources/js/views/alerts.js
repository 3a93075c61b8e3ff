// Alerts: the Alerts page (open first, then history, and the rules), the "Add alert" form on a device's page,
// and the header badge that counts open alerts. Everything here talks to the alerting service.

import { alerts, registry } from '../api.js';
import { announce, byId, confirmDialog, describeError, element, formatTime, refreshEvery, setError } from '../ui.js';

const REFRESH_MS = 10000;
const BADGE_MS = 30000;
const HISTORY_PAGE = 50;

/** "Greenhouse: temperature above 30 for 5 min". */
export function alertTitle(alert) {
  const device = alert.deviceName || alert.deviceId;
  return `${device}: ${alert.rule ?? describeKind(alert)}`;
}

function describeKind(alert) {
  if (alert.kind === 'offline') {
    return 'silent (rule deleted)';
  }
  return `${alert.sensor} ${alert.kind} ${alert.threshold} (rule deleted)`;
}

function formatValue(alert) {
  if (alert.value === null || alert.value === undefined) {
    return '';
  }
  if (alert.kind === 'offline') {
    return `silent ${Math.round(alert.value)} s`;
  }
  return Number.isInteger(alert.value) ? String(alert.value) : alert.value.toFixed(2);
}

function alertRow(alert) {
  const when = element('time', { dateTime: alert.openedAt, textContent: formatTime(alert.openedAt) });
  return element('li', { className: `alert-row alert-${alert.state}`, dataset: { alertId: alert.id, state: alert.state } },
    element('span', { className: `badge badge-alert-${alert.state}`, textContent: alert.state === 'open' ? 'Open' : 'Resolved' }),
    element('a', { className: 'alert-title', href: `#/devices/${encodeURIComponent(alert.deviceId)}`, textContent: alertTitle(alert) }),
    element('span', { className: 'meta' }, 'opened ', when,
      alert.resolvedAt ? `, resolved ${formatTime(alert.resolvedAt)}` : ''),
    element('span', { className: 'alert-value', dataset: { testid: 'alert-value' }, textContent: formatValue(alert) }));
}

/** The Alerts page. */
export function renderAlerts(main) {
  const openList = element('ul', { id: 'open-alerts', className: 'alert-list' });
  const historyList = element('ul', { id: 'alert-history', className: 'alert-list' });
  const rulesList = element('ul', { id: 'alert-rules', className: 'alert-list' });
  const error = element('p', { id: 'alerts-error', className: 'error', role: 'alert', hidden: true });
  const openEmpty = element('p', { id: 'open-alerts-empty', className: 'meta', textContent: 'No open alerts.', hidden: true });
  const more = element('button', { id: 'history-more', type: 'button', className: 'button-quiet', textContent: 'Older alerts', hidden: true });
  main.append(element('section', { id: 'alerts-view', 'aria-labelledby': 'alerts-title' },
    element('h1', { id: 'alerts-title', tabIndex: -1, textContent: 'Alerts' }),
    error,
    element('h2', { textContent: 'Open' }), openList, openEmpty,
    element('h2', { textContent: 'History' }), historyList, more,
    element('h2', { textContent: 'Rules' }),
    element('p', { className: 'hint', textContent: 'Add a rule from a device\'s page ("Add alert").' }),
    rulesList));

  let historyCursor = null;

  const loop = refreshEvery(REFRESH_MS, {
    load: () => Promise.all([
      alerts.list({ state: 'open', limit: '200' }), alerts.list({ state: 'resolved', limit: String(HISTORY_PAGE) }),
      alerts.rules(), registry.devices()]),
    render: ([open, history, { rules }, { devices }]) => {
      openList.replaceChildren(...open.alerts.map(alertRow));
      openEmpty.hidden = open.alerts.length > 0;
      if (!open.nextCursor) {
        setBadge(open.alerts.length);
      }
      historyList.replaceChildren(...history.alerts.map(alertRow));
      historyCursor = history.nextCursor ?? null;
      more.hidden = !historyCursor;
      const names = new Map(devices.map((device) => [device.deviceId, device.name]));
      rulesList.replaceChildren(...rules.map((rule) => ruleRow(rule, names.get(rule.deviceId), () => loop.refresh())));
    },
    errorId: 'alerts-error',
    failureText: 'Could not load your alerts.',
  });

  more.addEventListener('click', async () => {
    try {
      const page = await alerts.list({ state: 'resolved', limit: String(HISTORY_PAGE), cursor: historyCursor });
      historyList.append(...page.alerts.map(alertRow));
      historyCursor = page.nextCursor ?? null;
      more.hidden = !historyCursor;
    } catch (failure) {
      setError(error, `Could not load older alerts. ${describeError(failure)}`);
    }
  });

  return loop.stop;
}

function ruleRow(rule, deviceName, refresh) {
  const remove = element('button', { type: 'button', className: 'button-quiet', textContent: 'Delete' });
  remove.addEventListener('click', async () => {
    const ok = await confirmDialog({
      title: 'Delete this alert rule?',
      body: `${deviceName ?? rule.deviceId}: ${rule.description}. An open alert of this rule closes without a notification.`,
      confirmLabel: 'Delete rule',
    });
    if (!ok.confirmed) {
      return;
    }
    try {
      await alerts.deleteRule(rule.id);
      announce('Alert rule deleted.');
      refresh();
    } catch (failure) {
      announce(`Could not delete the rule. ${describeError(failure)}`, 'error');
    }
  });
  const channels = [rule.email ? 'email' : null, rule.webhookUrl ? 'webhook' : null].filter(Boolean).join(' and ');
  return element('li', { className: 'alert-row', dataset: { ruleId: rule.id } },
    element('span', { className: 'alert-title', textContent: `${deviceName ?? rule.deviceId}: ${rule.description}` }),
    element('span', { className: 'meta', textContent: `by ${channels}${rule.repeatMinutes ? `, reminders every ${rule.repeatMinutes} min` : ''}` }),
    remove);
}

/** The "Add alert" form under a device's page. */
export function mountDeviceAlerts(main, deviceId) {
  const error = element('p', { id: 'alert-form-error', className: 'error', role: 'alert', hidden: true });
  const secret = element('p', { id: 'alert-secret', className: 'notice', role: 'status', hidden: true });
  const kind = element('select', { id: 'alert-kind', name: 'kind' },
    element('option', { value: 'above', textContent: 'a value goes above' }),
    element('option', { value: 'below', textContent: 'a value goes below' }),
    element('option', { value: 'offline', textContent: 'the Pi goes silent' }));
  const sensor = element('input', { id: 'alert-sensor', name: 'sensor', type: 'text', placeholder: 'temperature', autocomplete: 'off' });
  const threshold = element('input', { id: 'alert-threshold', name: 'threshold', type: 'number', step: 'any' });
  const forMinutes = element('input', { id: 'alert-for', name: 'forMinutes', type: 'number', min: '0', step: 'any', value: '0' });
  const email = element('input', { id: 'alert-email', name: 'email', type: 'checkbox', checked: true });
  const webhook = element('input', { id: 'alert-webhook', name: 'webhookUrl', type: 'url', placeholder: 'https://…' });
  const repeat = element('input', { id: 'alert-repeat', name: 'repeatMinutes', type: 'number', min: '1', step: '1' });
  const thresholdFields = element('div', { className: 'alert-threshold-fields' },
    element('label', { htmlFor: 'alert-sensor', textContent: 'Sensor' }), sensor,
    element('label', { htmlFor: 'alert-threshold', textContent: 'Threshold' }), threshold);
  const form = element('form', { id: 'alert-form', noValidate: true },
    element('label', { htmlFor: 'alert-kind', textContent: 'Tell me when' }), kind,
    thresholdFields,
    element('label', { htmlFor: 'alert-for', textContent: 'For at least (minutes; silence: at least 1)' }), forMinutes,
    element('label', { className: 'checkbox' }, email, ' Email me'),
    element('label', { htmlFor: 'alert-webhook', textContent: 'Webhook URL (optional)' }), webhook,
    element('label', { htmlFor: 'alert-repeat', textContent: 'Remind me every … minutes while open (optional)' }), repeat,
    error,
    element('button', { id: 'alert-submit', type: 'submit', textContent: 'Add alert' }));
  const section = element('section', { id: 'device-alerts', className: 'card', 'aria-labelledby': 'device-alerts-title' },
    element('h2', { id: 'device-alerts-title', textContent: 'Add alert' }), form, secret);
  main.append(section);

  kind.addEventListener('change', () => {
    thresholdFields.hidden = kind.value === 'offline';
    if (kind.value === 'offline' && Number(forMinutes.value) < 1) {
      forMinutes.value = '5';
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setError(error, '');
    const body = {
      deviceId, kind: kind.value, forSeconds: Math.round(Number(forMinutes.value || 0) * 60), email: email.checked,
    };
    if (kind.value !== 'offline') {
      body.sensor = sensor.value.trim();
      body.threshold = threshold.value === '' ? null : Number(threshold.value);
    }
    if (webhook.value.trim()) {
      body.webhookUrl = webhook.value.trim();
    }
    if (repeat.value) {
      body.repeatMinutes = Number(repeat.value);
    }
    try {
      const { rule } = await alerts.createRule(body);
      announce(`Alert added: ${rule.description}.`);
      secret.hidden = !rule.webhookSecret;
      secret.textContent = rule.webhookSecret
        ? `Webhook secret (shown once; keep it to check the X-Pifleet-Signature header): ${rule.webhookSecret}` : '';
      refreshBadge();
    } catch (failure) {
      const field = failure.details?.[0]?.field;
      setError(error, `${field ? `${field}: ` : ''}${failure.details?.[0]?.message ?? describeError(failure)}`);
    }
  });
}

let badgeTimer;

function setBadge(open) {
  const badge = byId('alert-badge');
  badge.textContent = String(open);
  badge.hidden = open === 0;
  badge.setAttribute('aria-label', `${open} open alert${open === 1 ? '' : 's'}`);
}

/** Keeps the header badge's count of open alerts; stops when nobody is signed in. */
export async function refreshBadge(signedIn = true) {
  clearTimeout(badgeTimer);
  const badge = byId('alert-badge');
  if (!signedIn) {
    badge.hidden = true;
    return;
  }
  try {
    setBadge((await alerts.openCount()).open);
  } catch {
    // The badge is a hint: a failed count leaves the last one shown.
  }
  badgeTimer = setTimeout(() => refreshBadge(true), BADGE_MS);
}
