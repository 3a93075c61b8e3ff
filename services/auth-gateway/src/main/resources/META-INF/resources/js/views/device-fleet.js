// A device's fleet-control panels, under its charts: Settings (desired config, its state, a form to change any
// subset), Agent (the last heartbeat's report) and Commands (send one; the recent ones with their results).
// While a change is pending or a command unfinished, its list is asked again every second, a bounded number of
// times (fleet.js nextPoll), one request per refresh.

import { fleet } from '../api.js';
import {
  COMMANDS, commandInfo, configBadge, describePatch, fieldLabel, formatBytes, formatDuration, formatSetting,
  isUnfinished, nextPoll, resultEntries, SETTINGS, settingsValues,
} from '../fleet.js';
import { commandsOf, configOf, desiredOfPatch, deviceOf } from '../fleet-model.js';
import {
  announce, byId, confirmDialog, describeError, element, formatTime, renderTime, setError,
} from '../ui.js';
import { fieldErrorText, settingsForm } from './settings-form.js';

const RECENT_COMMANDS = 10;

/** Appends the panels to the device page; returns {showDevice(device), stop()}. */
export function mountDeviceFleet(main, deviceId) {
  const settings = settingsForm('settings', 'Apply changes');
  const panels = element('div', { className: 'fleet-panels' },
    element('section', { id: 'device-settings', className: 'card', 'aria-labelledby': 'settings-title' },
      element('div', { className: 'panel-head' },
        element('h2', { id: 'settings-title', textContent: 'Settings' }),
        element('span', { id: 'config-state', className: 'badge' })),
      element('p', { id: 'config-summary', className: 'meta' }),
      element('p', { id: 'config-rejected', className: 'error', hidden: true }),
      element('dl', { id: 'desired-config', className: 'facts' }),
      element('h3', { textContent: 'Change' }),
      element('p', { className: 'hint', textContent: 'Change any of them; the others stay as they are.' }),
      settings.form),
    element('section', { id: 'device-agent', className: 'card', 'aria-labelledby': 'agent-title' },
      element('h2', { id: 'agent-title', textContent: 'Agent' }),
      element('dl', { id: 'agent-facts', className: 'facts' })),
    element('section', { id: 'device-commands', className: 'card', 'aria-labelledby': 'commands-title' },
      element('h2', { id: 'commands-title', textContent: 'Commands' }),
      element('div', { className: 'actions command-buttons' }, ...COMMANDS.map((command) => element('button', {
        type: 'button', className: command.danger ? 'button-quiet danger-text' : 'button-quiet',
        textContent: command.label, title: command.help, dataset: { command: command.name },
      }))),
      element('p', { id: 'commands-error', className: 'error', role: 'alert', hidden: true }),
      element('h3', { textContent: 'Recent' }),
      element('p', { id: 'commands-empty', className: 'meta', textContent: 'No commands sent yet.', hidden: true }),
      element('ol', { id: 'command-list', className: 'command-list', 'aria-live': 'polite' })));
  main.append(panels);

  let stopped = false;
  let desired = null;
  // The form shows the desired values until the owner edits it; a refresh then leaves their edits alone.
  let edited = false;
  const config = { timer: null, fastPolls: 0 };
  const commands = { timer: null, fastPolls: 0 };

  async function refreshConfig() {
    clearTimeout(config.timer);
    let pending = false;
    try {
      const answer = configOf(await fleet.config(deviceId));
      if (stopped) {
        return;
      }
      showConfig(answer);
      pending = answer.state === 'pending';
      desired = answer.desired;
      if (!edited) {
        settings.fill(settingsValues(desired));
      }
    } catch (failure) {
      if (stopped || failure.status === 401) {
        return;
      }
      settings.showError(failure.status === 404 ? '' : `Could not load the settings. ${describeError(failure)}`);
    }
    if (!stopped) {
      config.timer = setTimeout(refreshConfig, nextPoll(pending, config.fastPolls));
      config.fastPolls = pending ? config.fastPolls + 1 : 0;
    }
  }

  async function refreshCommands() {
    clearTimeout(commands.timer);
    let unfinished = false;
    try {
      const list = commandsOf(await fleet.commands(deviceId, RECENT_COMMANDS));
      if (stopped) {
        return;
      }
      showCommands(list);
      unfinished = list.some(isUnfinished);
      setError(byId('commands-error'), '');
    } catch (failure) {
      if (stopped || failure.status === 401 || failure.status === 404) {
        return;
      }
      setError(byId('commands-error'), `Could not load the commands. ${describeError(failure)}`);
    }
    if (!stopped) {
      commands.timer = setTimeout(refreshCommands, nextPoll(unfinished, commands.fastPolls));
      commands.fastPolls = unfinished ? commands.fastPolls + 1 : 0;
    }
  }

  settings.form.addEventListener('input', () => { edited = true; });
  settings.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const patch = settings.patch(desired, 'Nothing to change: edit a setting first.');
    if (!patch) {
      return;
    }
    settings.submit.disabled = true;
    try {
      const changed = desiredOfPatch(await fleet.changeConfig(deviceId, patch));
      edited = false;
      announce(`Settings version ${changed?.version ?? ''} sent: ${describePatch(patch)}.`);
      config.fastPolls = 0;
      refreshConfig();
    } catch (failure) {
      if (failure.status !== 401) {
        settings.showError(`Not changed. ${fieldErrorText(failure, describeError)}`);
      }
    } finally {
      settings.submit.disabled = false;
    }
  });

  panels.querySelector('.command-buttons').addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-command]');
    if (!button) {
      return;
    }
    const info = commandInfo(button.dataset.command);
    if (info.confirm) {
      const { confirmed } = await confirmDialog({ title: info.confirm, body: info.help, confirmLabel: info.label });
      if (!confirmed) {
        return;
      }
    }
    button.disabled = true;
    try {
      await fleet.sendCommand(deviceId, info.name);
      announce(`${info.label}: sent.`);
      commands.fastPolls = 0;
      refreshCommands();
    } catch (failure) {
      if (failure.status !== 401) {
        setError(byId('commands-error'), `Could not send ${info.label}. ${describeError(failure)}`);
      }
    } finally {
      button.disabled = false;
    }
  });

  refreshConfig();
  refreshCommands();
  return {
    showDevice: (device) => showAgent(deviceOf(device)),
    stop: () => {
      stopped = true;
      clearTimeout(config.timer);
      clearTimeout(commands.timer);
    },
  };
}

function showConfig({ desired, reported, state }) {
  const badge = configBadge(state, desired.version);
  const badgeElement = byId('config-state');
  badgeElement.textContent = badge.label;
  badgeElement.className = `badge badge-config-${badge.kind}`;
  badgeElement.dataset.state = badge.state;
  const summary = byId('config-summary');
  if (!desired.version) {
    summary.textContent = 'No settings sent yet: the Pi runs its own defaults (its agent.properties).';
  } else if (state === 'applied') {
    summary.textContent = `Version ${desired.version}, applied ${reported?.appliedAt ? formatTime(reported.appliedAt) : ''}.`;
  } else if (state === 'rejected') {
    summary.textContent = `Version ${desired.version} was rejected; the Pi keeps running version ${reported?.version ?? '–'}`
      + ' or its defaults.';
  } else {
    summary.textContent = `Version ${desired.version} waits for the Pi`
      + `${reported?.version ? ` (it runs version ${reported.version})` : ''}.`;
  }
  setError(byId('config-rejected'), state === 'rejected' ? `Reason: ${reported?.error ?? 'not given'}` : '');
  byId('desired-config').replaceChildren(...[...SETTINGS, 'sensors'].flatMap((field) => [
    element('dt', { textContent: fieldLabel(field) }),
    element('dd', { textContent: formatSetting(field, desired[field]), dataset: { field } }),
  ]));
}

function showAgent({ report, lastSeen }) {
  const heartbeat = element('time');
  renderTime(heartbeat, report.at ?? lastSeen);
  const backlog = report.backlog === null ? '–'
    : `${report.backlog.toLocaleString()} ${report.backlog === 1 ? 'reading' : 'readings'}`
      + `${report.backlog > 0 && report.oldestBufferedAgeSeconds !== null
        ? `, oldest ${formatDuration(report.oldestBufferedAgeSeconds)}` : ''}`;
  const facts = [
    ['Agent version', report.agentVersion ?? 'not reported', 'agentVersion'],
    ['OS', report.os ?? '–', 'os'],
    ['Kernel', report.kernel ?? '–', 'kernel'],
    ['Uptime', formatDuration(report.uptimeSeconds), 'uptime'],
    ['Backlog', backlog, 'backlog'],
    ['Free disk', formatBytes(report.freeDiskBytes), 'freeDisk'],
    ['Last heartbeat', heartbeat, 'heartbeat'],
  ];
  byId('agent-facts').replaceChildren(...facts.flatMap(([label, value, key]) => [
    element('dt', { textContent: label }),
    element('dd', { dataset: { fact: key } }, value),
  ]));
}

function showCommands(list) {
  byId('commands-empty').hidden = list.length > 0;
  byId('command-list').replaceChildren(...list.map(commandRow));
}

function commandRow(command) {
  const info = commandInfo(command.name);
  const when = element('time', { dateTime: command.createdAt ?? '', textContent: command.createdAt ? formatTime(command.createdAt) : '' });
  const entries = command.state === 'succeeded' ? resultEntries(command.result) : [];
  const result = entries.length ? element('dl', { className: 'command-result' }, ...entries.map(([name, value]) =>
    element('div', {}, element('dt', { textContent: name }), element('dd', { textContent: value, dataset: { sensor: name } }))))
    : null;
  const error = command.error ? element('p', { className: 'error command-error', textContent: command.error }) : null;
  return element('li', { className: 'command-row', dataset: { commandId: command.id, name: command.name, state: command.state } },
    element('div', { className: 'command-head' },
      element('span', { className: 'command-name', textContent: info.label }),
      element('span', { className: `badge badge-command-${command.state}`, textContent: command.state }),
      element('span', { className: 'meta' }, when)),
    result, error);
}
