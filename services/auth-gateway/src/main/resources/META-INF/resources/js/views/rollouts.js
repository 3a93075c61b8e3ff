// Staged rollouts of the agent (docs/ota.md). The Rollouts page lists the caller's rollouts (one GET /api/rollouts
// per refresh) and starts a new one: a published version to a tag or chosen devices, in waves. A rollout's page
// shows its waves, its state and why it paused, and each device's state (one GET /api/rollouts/{id} per refresh),
// with pause, resume and cancel. The releases and the device names are read once, when a page opens.

import { ota, registry } from '../api.js';
import { formatBytes } from '../fleet.js';
import {
  deviceBadge, deviceStateText, isFailure, progressText, rolloutActions, rolloutBadge, rolloutBody, waveText, wavesOf,
} from '../rollout-model.js';
import {
  announce, byId, confirmDialog, describeError, element, formatTime, refreshEvery, setError, show,
} from '../ui.js';
import { fieldErrorText } from './settings-form.js';

const LIST_REFRESH_MS = 5000;
// A rollout in progress moves every few seconds (each Pi's heartbeat); its page follows it closely.
const ROLLOUT_REFRESH_MS = 3000;

const header = (text) => element('th', { scope: 'col', textContent: text });

function badge(kind, label, testid, help) {
  return element('span', {
    className: `badge badge-ota-${kind}`, textContent: label, dataset: { testid }, title: help ?? '',
  });
}

/** The Rollouts page; params[0] is an optional query (?version=1.1.0 preselects that release). */
export function renderRollouts(main, params) {
  // The router has decoded the query already: read the value as it is (URLSearchParams would turn a version's '+'
  // into a space).
  const preselected = /(?:^|&)version=([^&]*)/.exec(params?.[0] ?? '')?.[1] ?? null;
  const rows = element('tbody', { id: 'rollout-rows' });
  const version = element('select', { id: 'rollout-version', name: 'version', required: true });
  const tag = element('input', {
    id: 'rollout-tag', type: 'text', autocomplete: 'off', placeholder: 'e.g. greenhouse', 'aria-label': 'Tag',
  });
  // `list` is a read-only property of an input: only the attribute ties it to the datalist.
  tag.setAttribute('list', 'rollout-tag-list');
  const tagList = element('datalist', { id: 'rollout-tag-list' });
  const deviceList = element('ul', { id: 'rollout-devices', className: 'rollout-device-choice', 'aria-label': 'Devices' });
  const waves = element('input', {
    id: 'rollout-waves', type: 'text', value: '10, 50, 100', autocomplete: 'off', 'aria-describedby': 'rollout-waves-hint',
  });
  const maxFailures = element('input', {
    id: 'rollout-max-failures', type: 'number', min: '0', step: '1', value: '0', 'aria-describedby': 'rollout-max-hint',
  });
  const downgrade = element('input', { id: 'rollout-downgrade', type: 'checkbox' });
  const formError = element('p', { id: 'rollout-form-error', className: 'error', role: 'alert', hidden: true });
  const submit = element('button', { id: 'rollout-submit', type: 'submit', textContent: 'Start rollout' });
  const form = element('form', { id: 'rollout-form', noValidate: true },
    element('label', { htmlFor: 'rollout-version', textContent: 'Version' }), version,
    element('fieldset', { id: 'rollout-target', className: 'target' },
      element('legend', { textContent: 'Devices' }),
      element('label', { className: 'checkbox' },
        element('input', { type: 'radio', name: 'rollout-target', id: 'rollout-target-tag', value: 'tag', checked: true }),
        'every device tagged', tag, tagList),
      element('label', { className: 'checkbox' },
        element('input', { type: 'radio', name: 'rollout-target', id: 'rollout-target-devices', value: 'devices' }),
        'the devices ticked below'),
      deviceList),
    element('label', { htmlFor: 'rollout-waves', textContent: 'Waves (percent of the devices reached by each wave)' }),
    waves,
    element('p', { id: 'rollout-waves-hint', className: 'hint', textContent: '“10, 50, 100” updates 10 % of the devices '
      + 'first, then up to half, then the rest; each wave starts when the one before it has finished.' }),
    element('label', { htmlFor: 'rollout-max-failures', textContent: 'Failures allowed' }), maxFailures,
    element('p', { id: 'rollout-max-hint', className: 'hint', textContent: 'One failure more (failed or rolled back) '
      + 'pauses the rollout by itself, and no later wave is offered until you resume it.' }),
    element('label', { className: 'checkbox' }, downgrade, 'Allow a downgrade (devices running a newer version get this one)'),
    formError,
    submit);
  main.append(element('section', { id: 'rollouts-view', 'aria-labelledby': 'rollouts-title' },
    element('div', { className: 'view-head' },
      element('h1', { id: 'rollouts-title', tabIndex: -1, textContent: 'Rollouts' }),
      element('a', { className: 'button button-quiet', href: '#/releases', textContent: 'Releases' })),
    element('p', { id: 'rollouts-error', className: 'error', role: 'alert', hidden: true }),
    element('div', { className: 'table-wrap' },
      element('table', { id: 'rollouts-table', className: 'fleet-table' },
        element('caption', { className: 'visually-hidden', textContent: 'Your rollouts, newest first' }),
        element('thead', {}, element('tr', {}, header('Version'), header('State'), header('Progress'),
          header('Wave'), header('Started'))),
        rows)),
    element('p', { id: 'rollouts-empty', className: 'empty', textContent: 'No rollouts yet.', hidden: true }),
    element('p', { className: 'hint' }, 'Refreshes every 5 seconds. ', element('span', { id: 'rollouts-updated' })),
    element('section', { id: 'rollout-create', className: 'card', 'aria-labelledby': 'rollout-create-title' },
      element('h2', { id: 'rollout-create-title', textContent: 'Start a rollout' }),
      form)));

  let stopped = false;
  const loop = refreshEvery(LIST_REFRESH_MS, {
    load: () => ota.rollouts(),
    render: ({ rollouts }) => {
      rows.replaceChildren(...rollouts.map(rolloutRow));
      show(byId('rollouts-empty'), rollouts.length === 0);
    },
    errorId: 'rollouts-error',
    updatedId: 'rollouts-updated',
    failureText: 'Could not load your rollouts.',
  });

  /** The form's choices: the releases and the caller's devices and tags, once. */
  async function loadChoices() {
    try {
      const [{ releases }, { devices }] = await Promise.all([ota.releases(), registry.devices()]);
      if (stopped) {
        return;
      }
      version.replaceChildren(...releases.map((release) => element('option', {
        value: release.version, selected: release.version === preselected,
        textContent: `${release.version} (published ${formatTime(release.publishedAt)}, ${formatBytes(release.size)})`,
      })));
      if (releases.length === 0) {
        version.append(element('option', { value: '', textContent: 'No release is published yet' }));
      }
      const tags = [...new Set(devices.flatMap((device) => device.tags ?? []))].sort();
      tagList.replaceChildren(...tags.map((name) => element('option', { value: name })));
      deviceList.replaceChildren(...devices.map((device) => element('li', {},
        element('label', { className: 'checkbox' },
          element('input', { type: 'checkbox', value: device.deviceId, dataset: { testid: 'rollout-device' } }),
          `${device.name} `, element('span', { className: 'meta', textContent: device.agent?.agentVersion
            ? `runs ${device.agent.agentVersion}` : 'version not reported' })))));
    } catch (failure) {
      if (!stopped && failure.status !== 401) {
        setError(formError, `Could not load the releases and your devices. ${describeError(failure)}`);
      }
    }
  }

  tag.addEventListener('focus', () => { byId('rollout-target-tag').checked = true; });
  deviceList.addEventListener('change', () => { byId('rollout-target-devices').checked = true; });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = {
      version: version.value,
      target: byId('rollout-target-tag').checked ? 'tag' : 'devices',
      tag: tag.value,
      deviceIds: [...deviceList.querySelectorAll('input:checked')].map((box) => box.value),
      waves: waves.value,
      maxFailures: maxFailures.value,
      allowDowngrade: downgrade.checked,
    };
    const { body, error } = rolloutBody(values);
    setError(formError, error);
    if (!body) {
      return;
    }
    submit.disabled = true;
    try {
      const { rollout } = await ota.startRollout(body);
      const missing = rollout.notFound?.length ? ` ${rollout.notFound.length} of the devices named are not yours and were left out.` : '';
      announce(`Rollout of ${rollout.version} to ${rollout.devices.length} ${rollout.devices.length === 1 ? 'device' : 'devices'} started.${missing}`);
      location.hash = `#/rollouts/${encodeURIComponent(rollout.id)}`;
    } catch (failure) {
      if (failure.status !== 401) {
        setError(formError, `Not started. ${fieldErrorText(failure, describeError)}`);
      }
    } finally {
      submit.disabled = false;
    }
  });

  loadChoices();
  return () => {
    stopped = true;
    loop.stop();
  };
}

function rolloutRow(rollout) {
  const state = rolloutBadge(rollout.state);
  return element('tr', { dataset: { rolloutId: rollout.id, state: rollout.state } },
    element('td', {}, element('a', {
      href: `#/rollouts/${encodeURIComponent(rollout.id)}`, className: 'mono', textContent: rollout.version,
      'aria-label': `Rollout of ${rollout.version}, started ${formatTime(rollout.createdAt)}`,
    })),
    element('td', {}, badge(state.kind, state.label, 'state')),
    element('td', { dataset: { testid: 'progress' }, textContent: progressText(rollout.devices) }),
    element('td', { textContent: waveText(rollout) }),
    element('td', {}, element('time', { dateTime: rollout.createdAt, textContent: formatTime(rollout.createdAt) })));
}

/** One rollout's page: params[0] is its id. */
export function renderRollout(main, params) {
  const id = params[0];
  const waveList = element('ol', { id: 'rollout-waves', className: 'rollout-waves' });
  const deviceRows = element('tbody', { id: 'rollout-device-rows' });
  const actionButton = (action, label, className) => element('button', {
    id: `rollout-${action}`, type: 'button', className, textContent: label, hidden: true, dataset: { action },
  });
  const pause = actionButton('pause', 'Pause', 'button-quiet');
  const resume = actionButton('resume', 'Resume', '');
  const cancel = actionButton('cancel', 'Cancel rollout', 'button-quiet danger-text');
  main.append(element('section', { id: 'rollout-view', 'aria-labelledby': 'rollout-title' },
    element('p', {}, element('a', { href: '#/rollouts', textContent: '← All rollouts' })),
    element('div', { className: 'view-head' },
      element('h1', { id: 'rollout-title', tabIndex: -1, textContent: 'Rollout' }),
      element('span', { id: 'rollout-state', className: 'badge' })),
    element('p', { id: 'rollout-reason', className: 'notice', role: 'status', hidden: true }),
    element('p', { id: 'rollout-summary', className: 'meta' }),
    element('dl', { id: 'rollout-facts', className: 'facts' }),
    element('div', { className: 'actions' }, pause, resume, cancel),
    element('p', { id: 'rollout-error', className: 'error', role: 'alert', hidden: true }),
    element('h2', { textContent: 'Waves' }),
    waveList,
    element('h2', { textContent: 'Devices' }),
    element('div', { className: 'table-wrap' },
      element('table', { id: 'rollout-devices-table', className: 'fleet-table' },
        element('caption', { className: 'visually-hidden', textContent: 'Each device of the rollout and its state' }),
        element('thead', {}, element('tr', {}, header('Device'), header('Wave'), header('State'), header('Running'))),
        deviceRows)),
    element('p', { className: 'hint' }, 'Refreshes every 3 seconds. ', element('span', { id: 'rollout-updated' }))));

  let stopped = false;
  let shown = null;
  const names = new Map();

  function display(rollout) {
    shown = rollout;
    byId('rollout-title').textContent = `Rollout of ${rollout.version}`;
    const state = rolloutBadge(rollout.state);
    const stateBadge = byId('rollout-state');
    stateBadge.textContent = state.label;
    stateBadge.className = `badge badge-ota-${state.kind}`;
    stateBadge.dataset.state = rollout.state;
    const reason = byId('rollout-reason');
    reason.textContent = rollout.reason ? `${state.label}: ${rollout.reason}` : '';
    reason.hidden = !rollout.reason;
    byId('rollout-summary').textContent = `${progressText(rollout.devices)} · ${waveText(rollout)}`;
    byId('rollout-facts').replaceChildren(
      element('dt', { textContent: 'Waves' }), element('dd', { textContent: rollout.waves.map((p) => `${p} %`).join(', ') }),
      element('dt', { textContent: 'Failures' }), element('dd', {
        dataset: { testid: 'failures' },
        textContent: `${rollout.failures} (allowed: ${rollout.maxFailures}; one more pauses it)`,
      }),
      element('dt', { textContent: 'Downgrade' }), element('dd', { textContent: rollout.allowDowngrade ? 'allowed' : 'no' }),
      element('dt', { textContent: 'Started' }), element('dd', {}, element('time', {
        dateTime: rollout.createdAt, textContent: formatTime(rollout.createdAt),
      })));
    const actions = rolloutActions(rollout.state);
    pause.hidden = !actions.pause;
    resume.hidden = !actions.resume;
    cancel.hidden = !actions.cancel;
    waveList.replaceChildren(...wavesOf(rollout).map((wave) => element('li', {
      dataset: { wave: String(wave.index), state: wave.state },
    }, element('span', { className: 'wave-title', textContent: `Wave ${wave.index + 1}: up to ${wave.percent} %` }),
    element('span', { className: 'meta', textContent: ` ${wave.size} ${wave.size === 1 ? 'device' : 'devices'}, ${WAVE_STATES[wave.state]}` }),
    element('span', { className: 'wave-counts', textContent: countsText(wave.counts) }))));
    deviceRows.replaceChildren(...rollout.devices.map(deviceRow));
  }

  function deviceRow(device) {
    const info = deviceBadge(device.state);
    const name = names.get(device.deviceId);
    return element('tr', { dataset: { deviceId: device.deviceId, state: device.state } },
      element('td', {}, element('a', {
        href: `#/devices/${encodeURIComponent(device.deviceId)}`, textContent: name ?? device.deviceId,
        title: device.deviceId, className: name ? '' : 'mono',
      })),
      element('td', { textContent: String(device.wave + 1) }),
      element('td', {}, badge(info.kind, info.label, 'device-state', info.help),
        device.reason ? element('span', { className: isFailure(device.state) ? 'config-reason' : 'meta',
          dataset: { testid: 'reason' }, textContent: device.reason }) : null),
      element('td', { className: 'mono', dataset: { testid: 'running' }, textContent: device.runningVersion ?? '–' }));
  }

  async function act(action) {
    if (action === 'cancel') {
      const { confirmed } = await confirmDialog({
        title: `Cancel the rollout of ${shown?.version ?? ''}?`,
        body: 'No further wave starts, and devices that have not started on the offer lose it. Devices already '
          + 'updating finish what they are doing.',
        confirmLabel: 'Cancel rollout',
      });
      if (!confirmed) {
        return;
      }
    }
    try {
      const { rollout } = await ota.act(id, action);
      if (!stopped) {
        display(rollout);
        announce({ pause: 'Rollout paused.', resume: 'Rollout resumed.', cancel: 'Rollout cancelled.' }[action]);
      }
    } catch (failure) {
      if (failure.status !== 401) {
        setError(byId('rollout-error'), `Could not ${action} the rollout. ${describeError(failure)}`);
      }
    }
  }

  [pause, resume, cancel].forEach((button) => button.addEventListener('click', () => act(button.dataset.action)));

  // The device names, once: the rollout's answer names devices by ID only.
  registry.devices().then(({ devices }) => {
    devices.forEach((device) => names.set(device.deviceId, device.name));
    if (shown && !stopped) {
      display(shown);
    }
  }).catch(() => {
    // Without names the table shows device IDs.
  });
  const loop = refreshEvery(ROLLOUT_REFRESH_MS, {
    load: () => ota.rollout(id),
    render: ({ rollout }) => display(rollout),
    errorId: 'rollout-error',
    updatedId: 'rollout-updated',
    failureText: (failure) => (failure.status === 404
      ? 'There is no such rollout among yours.' : `Could not load the rollout. ${describeError(failure)}`),
  });
  return () => {
    stopped = true;
    loop.stop();
  };
}

const WAVE_STATES = { done: 'finished', current: 'in progress', started: 'finishing', waiting: 'not started' };

function countsText(counts) {
  return Object.entries(counts).map(([state, count]) => `${count} ${deviceBadge(state).label.toLowerCase()}`).join(', ');
}
