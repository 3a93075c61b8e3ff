// The fleet page: every device with its tags, agent version, config state, last heartbeat and backlog, from one
// GET /api/devices (optionally ?tag=). Select many, or name a tag, and change their settings or send them a
// command; the answer's per-device results are listed. Each row's tags can be edited in place.

import { fleet, registry } from '../api.js';
import {
  commandInfo, COMMANDS, configBadge, describePatch, parseTags, selectAllState,
} from '../fleet.js';
import { deviceOf, fleetBody, fleetResultsOf } from '../fleet-model.js';
import {
  announce, byId, confirmDialog, describeError, element, renderBadge, renderTime, setError, show,
} from '../ui.js';
import { fieldErrorText, settingsForm } from './settings-form.js';

const REFRESH_MS = 10000;

export function renderFleet(main) {
  const settings = settingsForm('fleet-settings', 'Apply settings');
  const rows = element('tbody', { id: 'fleet-rows' });
  const selectAll = element('input', { id: 'fleet-select-all', type: 'checkbox', 'aria-label': 'Select all devices shown' });
  const tagFilter = element('input', { id: 'fleet-tag', type: 'text', autocomplete: 'off', placeholder: 'e.g. greenhouse' });
  const targetTag = element('input', { id: 'fleet-target-tag', type: 'text', autocomplete: 'off', 'aria-label': 'Tag' });
  const commandSelect = element('select', { id: 'fleet-command' },
    ...COMMANDS.map((command) => element('option', { value: command.name, textContent: command.label })));
  const header = (text) => element('th', { scope: 'col', textContent: text });
  main.append(element('section', { id: 'fleet-view', 'aria-labelledby': 'fleet-title' },
    element('div', { className: 'view-head' },
      element('h1', { id: 'fleet-title', tabIndex: -1, textContent: 'Fleet' }),
      element('p', { id: 'fleet-count', className: 'meta' })),
    element('form', { id: 'fleet-filter', className: 'inline-form', noValidate: true },
      element('label', { htmlFor: 'fleet-tag', textContent: 'Show devices tagged' }), tagFilter,
      element('button', { id: 'fleet-filter-apply', type: 'submit', textContent: 'Filter' }),
      element('button', { id: 'fleet-filter-clear', type: 'button', className: 'button-quiet', textContent: 'Show all' })),
    element('p', { id: 'fleet-error', className: 'error', role: 'alert', hidden: true }),
    element('div', { className: 'table-wrap' },
      element('table', { id: 'fleet-table', className: 'fleet-table' },
        element('caption', { className: 'visually-hidden', textContent: 'Your devices' }),
        element('thead', {}, element('tr', {}, element('th', { scope: 'col' }, selectAll),
          header('Device'), header('Tags'), header('Status'), header('Agent'), header('Settings'),
          header('Last heartbeat'), header('Backlog'))),
        rows)),
    element('p', { id: 'fleet-empty', className: 'empty', hidden: true }),
    element('p', { className: 'hint' }, 'Refreshes every 10 seconds. ', element('span', { id: 'fleet-updated' })),
    element('section', { id: 'fleet-actions', className: 'card', 'aria-labelledby': 'fleet-actions-title' },
      element('h2', { id: 'fleet-actions-title', textContent: 'Change many at once' }),
      element('fieldset', { id: 'fleet-target', className: 'target' },
        element('legend', { textContent: 'Apply to' }),
        element('label', { className: 'checkbox' },
          element('input', { type: 'radio', name: 'target', id: 'target-selected', value: 'selected', checked: true }),
          element('span', { id: 'target-selected-label', textContent: 'the selected devices (0)' })),
        element('label', { className: 'checkbox' },
          element('input', { type: 'radio', name: 'target', id: 'target-tag', value: 'tag' }),
          'every device tagged', targetTag)),
      element('h3', { textContent: 'Settings' }),
      element('p', { className: 'hint', textContent: 'Filled fields are set on every target device; empty ones stay as they are.' }),
      settings.form,
      element('h3', { textContent: 'Command' }),
      element('form', { id: 'fleet-command-form', className: 'inline-form', noValidate: true },
        element('label', { htmlFor: 'fleet-command', textContent: 'Send' }), commandSelect,
        element('button', { id: 'fleet-command-submit', type: 'submit', textContent: 'Send command' })),
      element('p', { id: 'fleet-action-error', className: 'error', role: 'alert', hidden: true }),
      element('div', { id: 'fleet-results-box', hidden: true },
        element('h3', { id: 'fleet-results-title', textContent: 'Results' }),
        element('ul', { id: 'fleet-results', className: 'fleet-results', 'aria-live': 'polite' })))));

  const selected = new Set();
  const names = new Map();
  let shown = [];
  let stopped = false;
  let timer;
  let filter = '';

  async function refresh() {
    clearTimeout(timer);
    try {
      const devices = (await registry.devices(filter || undefined)).devices.map(deviceOf);
      if (stopped) {
        return;
      }
      shown = devices;
      devices.forEach((device) => names.set(device.deviceId, device.name));
      update(devices);
      setError(byId('fleet-error'), '');
      byId('fleet-updated').textContent = `Updated ${new Date().toLocaleTimeString()}.`;
    } catch (failure) {
      if (!stopped && failure.status !== 401) {
        setError(byId('fleet-error'), `Could not load your devices. ${describeError(failure)}`);
      }
    } finally {
      if (!stopped) {
        timer = setTimeout(refresh, REFRESH_MS);
      }
    }
  }

  /** Rows keyed by device ID and updated in place, so ticks and an open tag editor survive a refresh. */
  function update(devices) {
    const ids = new Set(devices.map((device) => device.deviceId));
    [...selected].filter((id) => !ids.has(id)).forEach((id) => selected.delete(id));
    devices.forEach((device, index) => {
      let row = rows.querySelector(`tr[data-device-id="${CSS.escape(device.deviceId)}"]`);
      if (!row) {
        row = createRow(device.deviceId);
      }
      fillRow(row, device);
      if (rows.children[index] !== row) {
        rows.insertBefore(row, rows.children[index] ?? null);
      }
    });
    [...rows.children].filter((row) => !ids.has(row.dataset.deviceId)).forEach((row) => row.remove());
    const empty = byId('fleet-empty');
    empty.textContent = filter ? `No device is tagged “${filter}”.` : 'No devices yet. Pair a Pi first.';
    show(empty, devices.length === 0);
    byId('fleet-count').textContent = `${devices.length} ${devices.length === 1 ? 'device' : 'devices'}`
      + `${filter ? ` tagged “${filter}”` : ''}`;
    updateSelection();
  }

  function createRow(deviceId) {
    const box = element('input', { type: 'checkbox', dataset: { testid: 'select' } });
    box.addEventListener('change', () => {
      if (box.checked) {
        selected.add(deviceId);
      } else {
        selected.delete(deviceId);
      }
      updateSelection();
    });
    const tags = element('span', { className: 'tags', dataset: { testid: 'tags' } });
    const edit = element('button', { type: 'button', className: 'button-link', textContent: 'Edit', dataset: { testid: 'edit-tags' } });
    const input = element('input', { type: 'text', autocomplete: 'off', placeholder: 'greenhouse, north', dataset: { testid: 'tags-input' } });
    const editor = element('form', { className: 'tag-editor', noValidate: true, hidden: true },
      input,
      element('button', { type: 'submit', textContent: 'Save', dataset: { testid: 'tags-save' } }),
      element('button', { type: 'button', className: 'button-quiet', textContent: 'Cancel', dataset: { testid: 'tags-cancel' } }));
    const row = element('tr', { dataset: { deviceId } },
      element('td', {}, box),
      element('td', {}, element('a', { href: `#/devices/${encodeURIComponent(deviceId)}`, dataset: { testid: 'name' } })),
      element('td', { className: 'tags-cell' }, tags, edit, editor),
      element('td', {}, element('span', { className: 'badge', dataset: { testid: 'status' } })),
      element('td', { className: 'mono', dataset: { testid: 'version' } }),
      element('td', {}, element('span', { className: 'badge', dataset: { testid: 'config' } }),
        element('span', { className: 'config-reason', dataset: { testid: 'config-reason' } })),
      element('td', {}, element('time', { dataset: { testid: 'heartbeat' } })),
      element('td', { className: 'number', dataset: { testid: 'backlog' } }));
    edit.addEventListener('click', () => {
      input.value = row.dataset.tags;
      input.setAttribute('aria-label', `Tags of ${row.dataset.name}, comma-separated`);
      show(editor);
      show(edit, false);
      input.focus();
    });
    editor.querySelector('[data-testid=tags-cancel]').addEventListener('click', () => {
      show(editor, false);
      show(edit);
      edit.focus();
    });
    editor.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await registry.setTags(deviceId, parseTags(input.value));
        show(editor, false);
        show(edit);
        announce(`Tags of “${row.dataset.name}” saved.`);
        refresh();
      } catch (failure) {
        if (failure.status !== 401) {
          announce(`Could not save the tags. ${fieldErrorText(failure, describeError)}`, 'error');
        }
      }
    });
    return row;
  }

  function fillRow(row, device) {
    row.dataset.name = device.name;
    row.dataset.tags = device.tags.join(', ');
    const box = row.querySelector('[data-testid=select]');
    box.checked = selected.has(device.deviceId);
    box.setAttribute('aria-label', `Select ${device.name}`);
    const name = row.querySelector('[data-testid=name]');
    name.textContent = device.name;
    row.querySelector('[data-testid=tags]').replaceChildren(...(device.tags.length
      ? device.tags.map((tag) => element('span', { className: 'tag', textContent: tag }))
      : [element('span', { className: 'meta', textContent: 'none' })]));
    row.querySelector('[data-testid=edit-tags]').setAttribute('aria-label', `Edit the tags of ${device.name}`);
    renderBadge(row.querySelector('[data-testid=status]'), device.status);
    row.querySelector('[data-testid=version]').textContent = device.report.agentVersion ?? '–';
    const badge = configBadge(device.config.state, device.config.desiredVersion);
    const config = row.querySelector('[data-testid=config]');
    config.textContent = badge.label;
    config.className = `badge badge-config-${badge.kind}`;
    config.dataset.state = badge.state;
    const reason = row.querySelector('[data-testid=config-reason]');
    reason.textContent = badge.state === 'rejected' ? device.config.error ?? '' : '';
    reason.hidden = !reason.textContent;
    renderTime(row.querySelector('[data-testid=heartbeat]'), device.report.at ?? device.lastSeen);
    row.querySelector('[data-testid=backlog]').textContent = device.report.backlog === null
      ? '–' : device.report.backlog.toLocaleString();
  }

  function updateSelection() {
    const visible = shown.filter((device) => selected.has(device.deviceId)).length;
    Object.assign(selectAll, selectAllState(visible, shown.length));
    byId('target-selected-label').textContent = `the selected devices (${selected.size})`;
  }

  selectAll.addEventListener('change', () => {
    shown.forEach((device) => (selectAll.checked ? selected.add(device.deviceId) : selected.delete(device.deviceId)));
    rows.querySelectorAll('[data-testid=select]').forEach((box) => { box.checked = selectAll.checked; });
    updateSelection();
  });

  byId('fleet-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    filter = tagFilter.value.trim().toLowerCase();
    refresh();
  });
  byId('fleet-filter-clear').addEventListener('click', () => {
    tagFilter.value = '';
    filter = '';
    refresh();
  });
  targetTag.addEventListener('focus', () => { byId('target-tag').checked = true; });

  /** {deviceIds} or {tag}, or null with the reason shown. */
  function target() {
    const actionError = byId('fleet-action-error');
    if (byId('target-tag').checked) {
      const tag = targetTag.value.trim().toLowerCase();
      setError(actionError, tag ? '' : 'Enter the tag of the devices to change.');
      return tag ? { tag, label: `every device tagged “${tag}”` } : null;
    }
    setError(actionError, selected.size ? '' : 'Select at least one device (the boxes in the first column).');
    return selected.size ? { deviceIds: [...selected], label: `${selected.size} selected ${selected.size === 1 ? 'device' : 'devices'}` } : null;
  }

  function showResults(title, results) {
    byId('fleet-results-title').textContent = title;
    byId('fleet-results').replaceChildren(...results.map((result) => element('li', {
      className: result.ok ? 'result-ok' : 'result-failed', dataset: { deviceId: result.deviceId, ok: String(result.ok) },
    }, element('span', { className: 'result-device', textContent: names.get(result.deviceId) ?? result.deviceId }),
    element('span', { textContent: result.text }))));
    show(byId('fleet-results-box'), true);
    if (results.length === 0) {
      byId('fleet-results').append(element('li', { className: 'meta', textContent: 'No device matched.' }));
    }
  }

  settings.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const patch = settings.patch(null, 'Fill in at least one setting.');
    const to = patch && target();
    if (!to) {
      return;
    }
    settings.submit.disabled = true;
    try {
      const results = fleetResultsOf(await fleet.changeMany(fleetBody(to, patch)));
      showResults(`Settings (${describePatch(patch)}) for ${to.label}`, results);
      announce(`Settings sent to ${results.filter((r) => r.ok).length} of ${results.length} devices.`);
      refresh();
    } catch (failure) {
      if (failure.status !== 401) {
        settings.showError(`Not changed. ${fieldErrorText(failure, describeError)}`);
      }
    } finally {
      settings.submit.disabled = false;
    }
  });

  byId('fleet-command-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const info = commandInfo(commandSelect.value);
    const to = target();
    if (!to) {
      return;
    }
    if (info.confirm) {
      const { confirmed } = await confirmDialog({
        title: `${info.label}: ${to.label}?`, body: info.help, confirmLabel: info.label,
      });
      if (!confirmed) {
        return;
      }
    }
    const button = byId('fleet-command-submit');
    button.disabled = true;
    try {
      const results = fleetResultsOf(await fleet.commandMany(fleetBody(to, { name: info.name })));
      showResults(`${info.label} for ${to.label}`, results);
      announce(`${info.label} queued for ${results.filter((r) => r.ok).length} of ${results.length} devices.`);
    } catch (failure) {
      if (failure.status !== 401) {
        setError(byId('fleet-action-error'), `Not sent. ${fieldErrorText(failure, describeError)}`);
      }
    } finally {
      button.disabled = false;
    }
  });

  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
