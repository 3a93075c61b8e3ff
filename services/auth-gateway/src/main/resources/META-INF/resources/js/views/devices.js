// The dashboard: the user's devices with live status, rename, key rotation and unpairing.

import { registry } from '../api.js';
import {
  announce, byId, cloneTemplate, confirmDialog, describeError, refreshEvery, renderBadge, renderDeviceId, renderTime,
  show,
} from '../ui.js';

const REFRESH_MS = 10000;

export function renderDevices(main) {
  main.append(cloneTemplate('view-devices'));
  const list = byId('device-list');
  const poll = refreshEvery(REFRESH_MS, {
    load: async () => (await registry.devices()).devices,
    render: (devices) => update(list, devices, poll.refresh),
    errorId: 'devices-error',
    updatedId: 'devices-updated',
    failureText: 'Could not load your devices.',
  });
  return poll.stop;
}

/** Updates the cards in place (keyed by device ID) so an open rename form and keyboard focus survive a refresh. */
function update(list, devices, refresh) {
  const seen = new Set();
  devices.forEach((device, index) => {
    seen.add(device.deviceId);
    let card = list.querySelector(`[data-device-id="${CSS.escape(device.deviceId)}"]`);
    if (!card) {
      card = createCard(device.deviceId, refresh);
    }
    fillCard(card, device);
    if (list.children[index] !== card) {
      list.insertBefore(card, list.children[index] ?? null);
    }
  });
  [...list.children].filter((card) => !seen.has(card.dataset.deviceId)).forEach((card) => card.remove());
  show(byId('devices-empty'), devices.length === 0);
}

function fillCard(card, device) {
  card.dataset.name = device.name;
  card.dataset.pairing = device.pairing;
  const name = card.querySelector('[data-testid=device-name]');
  if (name.textContent !== device.name) {
    name.textContent = device.name;
  }
  renderBadge(card.querySelector('[data-testid=device-status]'), device.status);
  // A device shared with the user: marked so, and without the owner's actions (rename, rotate, unpair).
  const shared = card.querySelector('[data-testid=device-shared]');
  shared.hidden = !device.shared;
  shared.textContent = device.shared ? `shared · ${device.role}` : '';
  card.querySelector('.card-actions').hidden = Boolean(device.shared);
  renderTime(card.querySelector('[data-testid=last-seen]'), device.lastSeen);
  for (const button of card.querySelectorAll('.card-actions button')) {
    button.setAttribute('aria-label', `${button.textContent} ${device.name}`);
  }
}

function createCard(deviceId, refresh) {
  const card = cloneTemplate('device-card');
  card.dataset.deviceId = deviceId;
  const slug = `d-${Math.random().toString(36).slice(2, 10)}`;
  card.querySelector('[data-testid=device-link]').href = `#/devices/${encodeURIComponent(deviceId)}`;
  renderDeviceId(card.querySelector('[data-testid=device-id]'), deviceId);

  const form = card.querySelector('[data-testid=rename-form]');
  const input = card.querySelector('[data-testid=rename-input]');
  const label = card.querySelector('[data-testid=rename-label]');
  input.id = `${slug}-rename`;
  label.htmlFor = input.id;
  const renameButton = card.querySelector('[data-testid=rename-button]');
  const name = () => card.dataset.name;

  renameButton.addEventListener('click', () => {
    input.value = name();
    show(form);
    input.focus();
    input.select();
  });
  card.querySelector('[data-testid=rename-cancel]').addEventListener('click', () => {
    show(form, false);
    renameButton.focus();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const newName = input.value.trim();
    if (!newName) {
      announce('Enter a name of 1 to 64 characters.', 'error');
      input.focus();
      return;
    }
    try {
      await registry.rename(deviceId, newName);
      show(form, false);
      announce(`Renamed to “${newName}”.`);
      renameButton.focus();
      refresh();
    } catch (error) {
      announce(`Could not rename: ${describeError(error)}`, 'error');
    }
  });

  card.querySelector('[data-testid=rotate-button]').addEventListener('click', async () => {
    // A Pi paired by code proves its key pair to the cloud and collects a new key itself.
    const byCode = card.dataset.pairing === 'code';
    const { confirmed } = await confirmDialog({
      title: `Rotate the key of “${name()}”?`,
      body: byCode
        ? 'The current key stops working at once. The Pi notices at its next upload and collects a new key from '
          + 'the cloud by itself. Do this if you think the key has leaked.'
        : 'A new key is issued and the current one stops working at once, so the Pi stops sending readings. '
          + 'Pair the Pi again afterwards (Pair a Pi, same address) to hand it a fresh key. '
          + 'Do this if you think the key has leaked.',
      confirmLabel: 'Rotate key',
    });
    if (!confirmed) {
      return;
    }
    try {
      // A new key (legacy pairing) is deliberately dropped: it is never shown or stored in the browser.
      await registry.rotateKey(deviceId);
      announce(byCode
        ? `The key of “${name()}” was rotated. The Pi collects its new key by itself.`
        : `The key of “${name()}” was rotated. Pair the Pi again to give it a new key.`);
      refresh();
    } catch (error) {
      announce(`Could not rotate the key: ${describeError(error)}`, 'error');
    }
  });

  card.querySelector('[data-testid=unpair-button]').addEventListener('click', async () => {
    const { confirmed, option } = await confirmDialog({
      title: `Unpair “${name()}”?`,
      body: 'Its key is revoked and it disappears from your devices. The Pi can then be paired again, by you or someone else.',
      confirmLabel: 'Unpair',
      optionLabel: 'Also delete all its readings',
    });
    if (!confirmed) {
      return;
    }
    try {
      await registry.unpair(deviceId, option);
      announce(`“${name()}” was unpaired.`);
      card.remove();
      byId('devices-title').focus();
      refresh();
    } catch (error) {
      announce(`Could not unpair: ${describeError(error)}`, 'error');
    }
  });
  return card;
}
