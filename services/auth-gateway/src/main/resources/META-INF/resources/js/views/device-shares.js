// Who else may use a device (docs/api.md, "Sharing a device"). Its owner gets a form to share it by email as viewer
// or operator, and the shares with a Revoke button each. Anyone it is shared with sees a note saying so, and the
// page does not offer what the role may not do (the registry refuses it anyway, 403): app.css hides those controls
// by the role written on the device view.

import { shares } from '../api.js';
import { announce, byId, describeError, element, setError } from '../ui.js';

const ROLE_NOTES = {
  viewer: 'Shared with you as viewer: you see its readings, charts and alerts, but cannot change it.',
  operator: 'Shared with you as operator: you may also change its settings and send it commands.',
};

/** Appends the Sharing panel; returns {showDevice(device)} for each refresh of the registry's answer. */
export function mountDeviceShares(main, deviceId) {
  const email = element('input', { id: 'share-email', name: 'email', type: 'email', autocomplete: 'off', required: true });
  const role = element('select', { id: 'share-role', name: 'role' },
    element('option', { value: 'viewer', textContent: 'Viewer: sees readings, charts and alerts' }),
    element('option', { value: 'operator', textContent: 'Operator: also settings and commands' }));
  const error = element('p', { id: 'share-error', className: 'error', role: 'alert', hidden: true });
  const empty = element('p', { id: 'shares-empty', className: 'meta', textContent: 'Not shared with anyone.', hidden: true });
  const list = element('ul', { id: 'share-list', className: 'alert-list' });
  const form = element('form', { id: 'share-form', noValidate: true },
    element('div', {}, element('label', { htmlFor: 'share-email', textContent: 'Email' }), email),
    element('div', {}, element('label', { htmlFor: 'share-role', textContent: 'Role' }), role),
    element('button', { id: 'share-submit', type: 'submit', textContent: 'Share' }));
  const section = element('section', { id: 'device-shares', className: 'card', 'aria-labelledby': 'shares-title', hidden: true },
    element('h2', { id: 'shares-title', textContent: 'Sharing' }),
    element('p', { className: 'hint', textContent: 'The account with this email sees the device, also if it signs up '
      + 'later. Only you can rename, rotate, unpair or share it, and set its alerts.' }),
    form, error, empty, list);
  const note = element('p', { id: 'device-shared-note', className: 'notice', role: 'status', hidden: true });
  byId('device-error').before(note);
  main.append(section);

  let shownRole = null;

  async function loadShares() {
    try {
      const answer = await shares.list(deviceId);
      list.replaceChildren(...answer.shares.map(shareItem));
      empty.hidden = answer.shares.length > 0;
      setError(error, '');
    } catch (failure) {
      if (failure.status !== 401) {
        setError(error, `Could not load the shares. ${describeError(failure)}`);
      }
    }
  }

  function shareItem(share) {
    const revoke = element('button', { type: 'button', className: 'button-quiet danger-text', textContent: 'Revoke',
      'aria-label': `Revoke ${share.email}`, dataset: { testid: 'share-revoke' } });
    revoke.addEventListener('click', async () => {
      revoke.disabled = true;
      try {
        await shares.revoke(deviceId, share.id);
        announce(`${share.email} no longer has access.`);
      } catch (failure) {
        revoke.disabled = false;
        setError(error, `Could not revoke. ${describeError(failure)}`);
        return;
      }
      loadShares();
    });
    return element('li', { className: 'alert-item', dataset: { testid: 'share-item', email: share.email } },
      element('span', { className: 'alert-title', textContent: share.email }),
      element('span', { className: 'badge', textContent: share.role }),
      revoke);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!email.value.trim()) {
      setError(error, 'Type the email of the account to share with.');
      return;
    }
    byId('share-submit').disabled = true;
    try {
      await shares.share(deviceId, email.value.trim(), role.value);
      announce(`Shared with ${email.value.trim()} as ${role.value}.`);
      email.value = '';
      setError(error, '');
    } catch (failure) {
      setError(error, describeError(failure));
    } finally {
      byId('share-submit').disabled = false;
    }
    loadShares();
  });

  return {
    showDevice(device) {
      const deviceRole = device.role ?? 'owner';
      if (deviceRole === shownRole) {
        return;
      }
      shownRole = deviceRole;
      byId('device-view').dataset.deviceRole = deviceRole;
      note.textContent = ROLE_NOTES[deviceRole] ?? '';
      note.hidden = !device.shared;
      section.hidden = deviceRole !== 'owner';
      if (deviceRole === 'owner') {
        loadShares();
      }
    },
  };
}
