// Fleet control's pure logic (no DOM, no fetch): formatting the agent's report, the config state's badge, the
// settings form's PATCH, command results and the polling schedule. Tested by src/test/js/fleet.test.mjs.

/** The settings an owner may change, in the order the forms show them (docs/fleet.md). */
export const SETTINGS = ['readingIntervalSeconds', 'heartbeatIntervalSeconds', 'uploadBatchSize'];

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": an uptime or an age, to the two largest units. */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
    return '–';
  }
  const s = Math.floor(seconds);
  if (s < 60) {
    return `${s} s`;
  }
  const units = [['d', 86400], ['h', 3600], ['min', 60]];
  const index = units.findIndex(([, size]) => s >= size);
  const [unit, size] = units[index];
  const whole = Math.floor(s / size);
  const next = units[index + 1];
  const rest = next ? Math.floor((s % size) / next[1]) : 0;
  return rest > 0 ? `${whole} ${unit} ${rest} ${next[0]}` : `${whole} ${unit}`;
}

/** "512 B", "1.5 MB", "29 GB": decimal units, as disks are sold. */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) {
    return '–';
  }
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const shown = unit === 0 || value >= 10 ? String(Math.round(value)) : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}

const CONFIG_STATES = {
  applied: { label: 'Applied', kind: 'ok' },
  pending: { label: 'Pending', kind: 'pending' },
  rejected: { label: 'Rejected', kind: 'bad' },
};

/** The config state's badge: {state, label, kind}; a device with no desired document yet shows "Agent defaults". */
export function configBadge(state, desiredVersion) {
  if (!desiredVersion && state !== 'rejected' && state !== 'pending') {
    return { state: 'none', label: 'Agent defaults', kind: 'none' };
  }
  const known = CONFIG_STATES[state];
  return known ? { state, ...known } : { state: 'unknown', label: 'Unknown', kind: 'none' };
}

/** "12", " 12 " → 12; "" → null; anything else (1.5, "ten") → NaN. */
function integerOf(text) {
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') {
    return null;
  }
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** "bme280, simulated  soc-temperature" → ["bme280", "simulated", "soc-temperature"]: split, trimmed, no repeats. */
export function parseList(text) {
  return [...new Set(String(text ?? '').split(/[\s,]+/).map((part) => part.trim()).filter(Boolean))];
}

function sameMembers(a, b) {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/**
 * The PATCH body for a settings form: {patch, errors}. `values` holds the inputs' texts ({readingIntervalSeconds:
 * "60", ..., sensors: "simulated, bme280"}); `desired` is the current desired document (null on the fleet page, where
 * every filled field counts). An empty field, or one equal to its desired value, is left out, so the owner changes
 * exactly the subset they touched. The ranges are the server's to check (its 400 names the field); here only what
 * is not a whole number is refused.
 */
export function settingsPatch(values, desired = null) {
  const patch = {};
  const errors = [];
  for (const field of SETTINGS) {
    const value = integerOf(values[field]);
    if (Number.isNaN(value)) {
      errors.push({ field, message: 'must be a whole number' });
    } else if (value !== null && value !== (desired?.[field] ?? null)) {
      patch[field] = value;
    }
  }
  const sensors = parseList(values.sensors);
  if (sensors.length > 0 && !sameMembers(sensors, desired?.sensors ?? [])) {
    patch.sensors = sensors;
  }
  return { patch, errors };
}

/** The form's texts for a desired document: what the inputs show before the owner edits them. */
export function settingsValues(desired) {
  const values = {};
  for (const field of SETTINGS) {
    values[field] = desired?.[field] === null || desired?.[field] === undefined ? '' : String(desired[field]);
  }
  values.sensors = (desired?.sensors ?? []).join(', ');
  return values;
}

const FIELD_LABELS = {
  readingIntervalSeconds: 'Reading interval',
  heartbeatIntervalSeconds: 'Heartbeat interval',
  uploadBatchSize: 'Upload batch size',
  sensors: 'Sensors',
};

export function fieldLabel(field) {
  return FIELD_LABELS[field] ?? field;
}

/** A setting's value as shown: "60 s", "100 readings", "simulated, bme280"; unset ones keep the agent's default. */
export function formatSetting(field, value) {
  if (value === null || value === undefined) {
    return 'agent default';
  }
  if (field === 'sensors') {
    return value.length ? value.join(', ') : 'none';
  }
  if (field === 'uploadBatchSize') {
    return `${value} ${value === 1 ? 'reading' : 'readings'}`;
  }
  return `${value} s`;
}

/** "Reading interval 60 s, sensors simulated": what a patch changes, for the confirmation message. */
export function describePatch(patch) {
  return Object.entries(patch)
    .map(([field, value]) => `${fieldLabel(field).toLowerCase()} ${formatSetting(field, value)}`)
    .join(', ');
}

export const COMMANDS = [
  { name: 'upload-now', label: 'Upload now', help: 'Send the buffered readings now.' },
  { name: 'read-sensors', label: 'Read sensors', help: 'Read every sensor now and show the values.' },
  {
    name: 'restart-agent', label: 'Restart agent', confirm: 'Restart the agent?',
    help: 'The agent stops and starts again; it misses a reading or two.',
  },
  {
    name: 'rotate-key', label: 'Rotate key', confirm: 'Rotate the key?', danger: true,
    help: 'The Pi collects a new key with a request signed by its own key pair; the current key stops working.',
  },
  {
    name: 'unpair', label: 'Unpair', confirm: 'Unpair the Pi?', danger: true,
    help: 'The Pi forgets its key and shows a claim code again; it sends nothing until it is paired again.',
  },
];

export function commandInfo(name) {
  return COMMANDS.find((command) => command.name === name) ?? { name, label: name, help: '' };
}

const UNFINISHED = new Set(['queued', 'sent']);

export function isUnfinished(command) {
  return UNFINISHED.has(command.state);
}

/**
 * A finished command's result as [name, text] pairs, sorted by name. read-sensors answers {values, sensors: [{name,
 * values, error}], readAt}: its merged `values` are shown (numbers to two decimals), and a sensor that could not be
 * read adds its error. Other results (upload-now's {uploaded, backlog}, ...) show their fields as they are.
 */
export function resultEntries(result) {
  if (result === null || result === undefined) {
    return [];
  }
  if (typeof result !== 'object') {
    return [['result', String(result)]];
  }
  const readings = result.values && typeof result.values === 'object' && !Array.isArray(result.values);
  const entries = Object.entries(readings ? result.values : result).map(([name, value]) => [name, formatValue(value)]);
  if (readings && Array.isArray(result.sensors)) {
    result.sensors.filter((sensor) => sensor?.error)
      .forEach((sensor) => entries.push([String(sensor.name), `not read: ${sensor.error}`]));
  }
  return entries.sort(([a], [b]) => a.localeCompare(b));
}

export function formatValue(value) {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
  if (value === null || value === undefined) {
    return '–';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** While a command is unfinished the list is asked every second, for at most this many times in a row. */
export const FAST_POLLS = 60;
export const FAST_MS = 1000;
export const SLOW_MS = 10000;

/**
 * The wait before the next refresh of a list of commands (or a pending config): fast while something is unfinished
 * and the fast polls are not used up, otherwise the page's usual 10 s. `fastPolls` counts the fast polls so far.
 */
export function nextPoll(anyUnfinished, fastPolls) {
  return anyUnfinished && fastPolls < FAST_POLLS ? FAST_MS : SLOW_MS;
}

/** Tags typed as "Greenhouse, north": lower case (tags are a-z 0-9 _ -), split at commas or spaces, no repeats. */
export function parseTags(text) {
  return parseList(String(text ?? '').toLowerCase());
}

/** Selection state of the "select all" box: all, none or some (indeterminate). */
export function selectAllState(selected, total) {
  if (total === 0 || selected === 0) {
    return { checked: false, indeterminate: false };
  }
  return selected >= total ? { checked: true, indeterminate: false } : { checked: false, indeterminate: true };
}
