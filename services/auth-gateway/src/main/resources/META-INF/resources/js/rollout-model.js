// Agent updates' pure logic (no DOM, no fetch): the rollout form's body, and what the Rollouts pages show for a
// rollout and its devices (docs/ota.md). Tested by src/test/js/rollout.test.mjs.

/** A rollout's own states, as GET /api/rollouts answers them. */
const ROLLOUT_STATES = {
  running: { label: 'Running', kind: 'pending' },
  paused: { label: 'Paused', kind: 'bad' },
  cancelled: { label: 'Cancelled', kind: 'none' },
  completed: { label: 'Completed', kind: 'ok' },
};

/** A device's states in a rollout, in the order a device goes through them. */
const DEVICE_STATES = {
  pending: { label: 'Pending', kind: 'none', help: 'its wave has not started' },
  offered: { label: 'Offered', kind: 'pending', help: 'the Pi gets the offer at its next poll or heartbeat' },
  downloading: { label: 'Downloading', kind: 'pending' },
  verifying: { label: 'Verifying', kind: 'pending' },
  installing: { label: 'Installing', kind: 'pending' },
  succeeded: { label: 'Succeeded', kind: 'ok' },
  failed: { label: 'Failed', kind: 'bad' },
  'rolled-back': { label: 'Rolled back', kind: 'bad' },
  superseded: { label: 'Superseded', kind: 'none', help: 'a later rollout offered it another version' },
  cancelled: { label: 'Cancelled', kind: 'none' },
};

/** The states that count as finished (a wave ends when each of its devices is in one). */
const FINISHED = new Set(['succeeded', 'failed', 'rolled-back', 'superseded', 'cancelled']);
const FAILURES = new Set(['failed', 'rolled-back']);

export const DEVICE_STATE_ORDER = Object.keys(DEVICE_STATES);

/** The badge of a rollout's state: {label, kind}. */
export function rolloutBadge(state) {
  return ROLLOUT_STATES[state] ?? { label: state ?? 'Unknown', kind: 'none' };
}

/** The badge of a device's state: {label, kind, help}. */
export function deviceBadge(state) {
  return DEVICE_STATES[state] ?? { label: state ?? 'Unknown', kind: 'none' };
}

export function isFailure(state) {
  return FAILURES.has(state);
}

/** Pause while it runs, resume while paused, cancel until it is over. */
export function rolloutActions(state) {
  return {
    pause: state === 'running',
    resume: state === 'paused',
    cancel: state === 'running' || state === 'paused',
  };
}

/**
 * "10, 50, 100" → {waves: [10, 50, 100]}; the rules the registry checks too (whole percents 1–100, increasing, the
 * last 100), so a typo is named before anything is sent: {error} otherwise.
 */
export function parseWaves(text) {
  const parts = String(text ?? '').split(/[\s,;%]+/).filter(Boolean);
  if (parts.length === 0) {
    return { error: 'Enter the waves as percents, e.g. 10, 50, 100.' };
  }
  if (parts.length > 10) {
    return { error: 'At most 10 waves.' };
  }
  const waves = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) < 1 || Number(part) > 100) {
      return { error: `“${part}” is not a percent from 1 to 100.` };
    }
    const percent = Number(part);
    if (waves.length && percent <= waves[waves.length - 1]) {
      return { error: 'Each wave must reach more devices than the one before it (e.g. 10, 50, 100).' };
    }
    waves.push(percent);
  }
  if (waves[waves.length - 1] !== 100) {
    return { error: 'The last wave must reach 100 %.' };
  }
  return { waves };
}

/**
 * The POST /api/rollouts body from the form's values ({version, target: 'tag'|'devices', tag, deviceIds,
 * waves: text, maxFailures: text, allowDowngrade}): {body} or {error, field}.
 */
export function rolloutBody(values) {
  if (!values.version) {
    return { error: 'Choose a version. None is published yet?', field: 'version' };
  }
  const waves = parseWaves(values.waves);
  if (waves.error) {
    return { error: waves.error, field: 'waves' };
  }
  const maxText = String(values.maxFailures ?? '').trim();
  if (!/^\d{1,5}$/.test(maxText)) {
    return { error: 'Failures allowed must be a whole number, 0 or more.', field: 'maxFailures' };
  }
  const body = { version: values.version, waves: waves.waves, maxFailures: Number(maxText) };
  if (values.target === 'tag') {
    const tag = String(values.tag ?? '').trim().toLowerCase();
    if (!tag) {
      return { error: 'Enter the tag of the devices to update.', field: 'tag' };
    }
    body.tag = tag;
  } else {
    if (!values.deviceIds?.length) {
      return { error: 'Select at least one device.', field: 'deviceIds' };
    }
    body.deviceIds = [...values.deviceIds];
  }
  if (values.allowDowngrade) {
    body.allowDowngrade = true;
  }
  return { body };
}

/** How many devices are in each state: {succeeded: 3, failed: 1, ...}. */
export function stateCounts(devices) {
  const counts = {};
  for (const device of devices ?? []) {
    counts[device.state] = (counts[device.state] ?? 0) + 1;
  }
  return counts;
}

/** "3 of 5 succeeded, 1 failed, 1 pending": the short progress line of a rollout. */
export function progressText(devices) {
  const counts = stateCounts(devices);
  const total = (devices ?? []).length;
  const parts = [`${counts.succeeded ?? 0} of ${total} succeeded`];
  const failures = (counts.failed ?? 0) + (counts['rolled-back'] ?? 0);
  if (failures) {
    parts.push(`${failures} failed`);
  }
  const working = ['offered', 'downloading', 'verifying', 'installing'].reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  if (working) {
    parts.push(`${working} in progress`);
  }
  if (counts.pending) {
    parts.push(`${counts.pending} waiting for their wave`);
  }
  return parts.join(', ');
}

/**
 * The waves as the rollout page lists them: [{index, percent, size, state, counts}], where state is 'done' (every
 * device finished), 'current' (the last wave started), 'started' (an earlier wave still finishing) or 'waiting'.
 */
export function wavesOf(rollout) {
  return (rollout.waves ?? []).map((percent, index) => {
    const devices = (rollout.devices ?? []).filter((device) => device.wave === index);
    let state = 'waiting';
    if (index <= rollout.currentWave) {
      const finished = devices.every((device) => FINISHED.has(device.state));
      state = finished ? 'done' : index === rollout.currentWave ? 'current' : 'started';
    }
    return { index, percent, size: devices.length, state, counts: stateCounts(devices) };
  });
}

/** "Wave 2 of 3" (1-based), or "not started". */
export function waveText(rollout) {
  if (rollout.currentWave < 0) {
    return 'not started';
  }
  return `wave ${rollout.currentWave + 1} of ${rollout.waves.length}`;
}

/** A device's state with its reason, as one line: "Rolled back: the new agent …". */
export function deviceStateText(device) {
  const badge = deviceBadge(device.state);
  return device.reason ? `${badge.label}: ${device.reason}` : badge.label;
}
