// The settings form, shared by a device's Settings panel and the fleet page: one input per setting; an empty input
// leaves that setting as it is (fleet.js settingsPatch makes the PATCH).

import { element, setError } from '../ui.js';
import { fieldLabel, SETTINGS, settingsPatch } from '../fleet.js';

// Shown next to each input; the registry enforces them (FleetSettings) and its 400 names the field.
const HINTS = {
  readingIntervalSeconds: 'seconds, 5–86400',
  heartbeatIntervalSeconds: 'seconds, 10–3600',
  uploadBatchSize: 'readings per upload, 1–500',
  sensors: 'sensor kinds, comma-separated (e.g. simulated, bme280)',
};

/** {form, values(), fill(values), showError(text)}; the inputs' ids start with `prefix`. */
export function settingsForm(prefix, submitLabel) {
  const inputs = {};
  const fields = [...SETTINGS, 'sensors'].map((field) => {
    const id = `${prefix}-${field}`;
    const input = field === 'sensors'
      ? element('input', { id, name: field, type: 'text', autocomplete: 'off', spellcheck: false })
      : element('input', { id, name: field, type: 'text', inputMode: 'numeric', autocomplete: 'off' });
    input.setAttribute('aria-describedby', `${id}-hint`);
    inputs[field] = input;
    return element('div', { className: `settings-field settings-${field}` },
      element('label', { htmlFor: id, textContent: fieldLabel(field) }),
      input,
      element('p', { id: `${id}-hint`, className: 'hint', textContent: HINTS[field] }));
  });
  const error = element('p', { id: `${prefix}-error`, className: 'error', role: 'alert', hidden: true });
  const submit = element('button', { id: `${prefix}-submit`, type: 'submit', textContent: submitLabel });
  const form = element('form', { id: `${prefix}-form`, className: 'settings-form', noValidate: true },
    element('div', { className: 'settings-grid' }, ...fields), error, submit);
  const showError = (text) => setError(error, text);
  return {
    form,
    submit,
    fill: (values) => Object.entries(values).forEach(([field, value]) => { inputs[field].value = value; }),
    showError,
    /** The PATCH for what was typed (against `desired`, if given), or null with the reason shown and focused. */
    patch: (desired, nothingMessage) => {
      const values = Object.fromEntries(Object.entries(inputs).map(([field, input]) => [field, input.value]));
      const { patch, errors } = settingsPatch(values, desired);
      if (errors.length) {
        showError(`${fieldLabel(errors[0].field)}: ${errors[0].message}.`);
        inputs[errors[0].field].focus();
        return null;
      }
      showError(Object.keys(patch).length ? '' : nothingMessage);
      return Object.keys(patch).length ? patch : null;
    },
  };
}

/** "readingIntervalSeconds: must be … " for a 400 that names its field, the plain message otherwise. */
export function fieldErrorText(failure, describe) {
  const detail = failure.details?.[0];
  if (detail?.field) {
    return `${fieldLabel(detail.field.replace(/^.*\./, ''))}: ${detail.message}`;
  }
  return describe(failure);
}
