// The one place that reads and writes fleet control's JSON (docs/api.md, docs/fleet.md): the views see only these
// shapes, so a change of the registry's answers is an edit here. No DOM, no fetch; tested by fleet.test.mjs.

/**
 * A device of GET /api/devices (or GET /api/devices/{id}) as the fleet views use it. The agent's report is the one
 * from its last heartbeat; `config` says which desired version it runs.
 */
export function deviceOf(device) {
  const report = device.agent ?? {};
  const config = device.config ?? {};
  return {
    deviceId: device.deviceId,
    name: device.name,
    status: device.status,
    lastSeen: device.lastSeen ?? null,
    tags: device.tags ?? [],
    report: {
      agentVersion: report.agentVersion ?? null,
      os: report.os ?? null,
      kernel: report.kernel ?? null,
      uptimeSeconds: report.uptimeSeconds ?? null,
      backlog: report.backlog ?? null,
      oldestBufferedAgeSeconds: report.oldestBufferedAgeSeconds ?? null,
      freeDiskBytes: report.freeDiskBytes ?? null,
      at: report.reportedAt ?? null,
    },
    config: {
      state: config.state ?? null,
      desiredVersion: config.desiredVersion ?? 0,
      reportedVersion: config.reportedVersion ?? null,
      error: config.error ?? null,
    },
  };
}

/** GET /api/devices/{id}/config → {desired, reported, state}; `desired.version` 0 means none was ever set. */
export function configOf(answer) {
  return {
    desired: { version: 0, sensors: null, ...(answer.desired ?? {}) },
    reported: answer.reported ?? null,
    state: answer.state ?? null,
  };
}

/** PATCH /api/devices/{id}/config answers the new desired document. */
export function desiredOfPatch(answer) {
  return answer.desired ?? answer.config ?? null;
}

/** A command of GET …/commands or POST …/commands. */
export function commandOf(command) {
  return {
    id: command.id,
    name: command.name,
    state: command.state,
    result: command.result ?? null,
    error: command.error ?? null,
    createdAt: command.createdAt ?? null,
    sentAt: command.sentAt ?? null,
    finishedAt: command.finishedAt ?? null,
    expiresAt: command.expiresAt ?? null,
  };
}

/** GET …/commands: newest first. */
export function commandsOf(answer) {
  return (answer.commands ?? []).map(commandOf);
}

/** The body of POST /api/fleet/config or /api/fleet/commands: the target ({deviceIds} or {tag}) plus the request. */
export function fleetBody(target, body) {
  return target.tag ? { tag: target.tag, ...body } : { deviceIds: target.deviceIds, ...body };
}

/**
 * A fleet answer's per-device results as {deviceId, ok, text}: `status` is `queued`, with the config `version` it
 * created or the `command`, or `not_found` (not one of the caller's devices).
 */
export function fleetResultsOf(answer) {
  return (answer.results ?? []).map((result) => {
    const ok = result.status === 'queued';
    let text;
    if (!ok) {
      text = result.status === 'not_found' ? 'not one of your devices' : String(result.status ?? 'not queued');
    } else if (result.command) {
      text = `${result.command.name} ${result.command.state ?? 'queued'}`;
    } else if (result.version !== null && result.version !== undefined) {
      text = `settings version ${result.version} queued`;
    } else {
      text = 'queued';
    }
    return { deviceId: result.deviceId, ok, text };
  });
}
