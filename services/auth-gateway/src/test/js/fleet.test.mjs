// Unit tests of fleet control's pure UI logic (node --test, run by Maven in the test phase): formatting, the config
// badge, the settings form's PATCH, command results, the polling schedule, and the JSON mapping of fleet-model.js.
import assert from 'node:assert/strict';
import test from 'node:test';
import {
  configBadge, describePatch, FAST_MS, FAST_POLLS, formatBytes, formatDuration, formatSetting, isUnfinished, nextPoll,
  parseList, parseTags, resultEntries, selectAllState, settingsPatch, settingsValues, SLOW_MS,
} from '../../main/resources/META-INF/resources/js/fleet.js';
import {
  commandsOf, configOf, deviceOf, fleetBody, fleetResultsOf,
} from '../../main/resources/META-INF/resources/js/fleet-model.js';

test('durations read in their two largest units', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(59.9), '59 s');
  assert.equal(formatDuration(60), '1 min');
  assert.equal(formatDuration(754), '12 min');
  assert.equal(formatDuration(3600), '1 h');
  assert.equal(formatDuration(3 * 3600 + 5 * 60 + 9), '3 h 5 min');
  assert.equal(formatDuration(2 * 86400 + 4 * 3600 + 59), '2 d 4 h');
  assert.equal(formatDuration(null), '–');
  assert.equal(formatDuration(-1), '–');
});

test('bytes read in decimal units, one decimal below 10', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(1500), '1.5 kB');
  assert.equal(formatBytes(12_345_678), '12 MB');
  assert.equal(formatBytes(29_300_000_000), '29 GB');
  assert.equal(formatBytes(undefined), '–');
});

test('the config badge says applied, pending, rejected, or that no settings were sent', () => {
  assert.deepEqual(configBadge('applied', 3), { state: 'applied', label: 'Applied', kind: 'ok' });
  assert.deepEqual(configBadge('pending', 4), { state: 'pending', label: 'Pending', kind: 'pending' });
  assert.deepEqual(configBadge('rejected', 4), { state: 'rejected', label: 'Rejected', kind: 'bad' });
  assert.equal(configBadge('applied', 0).state, 'none');
  assert.equal(configBadge(null, 0).label, 'Agent defaults');
  assert.equal(configBadge('bogus', 2).state, 'unknown');
});

test('the settings PATCH holds only the fields the owner changed', () => {
  const desired = { version: 3, readingIntervalSeconds: 60, heartbeatIntervalSeconds: null, sensors: ['simulated'], uploadBatchSize: 100 };
  const unchanged = settingsValues(desired);
  assert.deepEqual(unchanged, { readingIntervalSeconds: '60', heartbeatIntervalSeconds: '', uploadBatchSize: '100', sensors: 'simulated' });
  assert.deepEqual(settingsPatch(unchanged, desired), { patch: {}, errors: [] });
  assert.deepEqual(settingsPatch({ ...unchanged, readingIntervalSeconds: ' 7 ' }, desired),
    { patch: { readingIntervalSeconds: 7 }, errors: [] });
  assert.deepEqual(settingsPatch({ ...unchanged, heartbeatIntervalSeconds: '30', sensors: 'simulated, bme280 bme280' }, desired),
    { patch: { heartbeatIntervalSeconds: 30, sensors: ['simulated', 'bme280'] }, errors: [] });
  // The same sensors in another order change nothing; an emptied field leaves the setting as it is.
  const reordered = { version: 1, sensors: ['bme280', 'simulated'] };
  assert.deepEqual(settingsPatch({ sensors: 'simulated,bme280', readingIntervalSeconds: '' }, reordered).patch, {});
});

test('a value that is not a whole number is refused by name; ranges are the server\'s to check', () => {
  const { patch, errors } = settingsPatch({ readingIntervalSeconds: '1.5', uploadBatchSize: 'ten', heartbeatIntervalSeconds: '3' });
  assert.deepEqual(errors.map((e) => e.field), ['readingIntervalSeconds', 'uploadBatchSize']);
  assert.deepEqual(patch, { heartbeatIntervalSeconds: 3 });
});

test('on the fleet page (no desired document) every filled field counts', () => {
  assert.deepEqual(settingsPatch({ readingIntervalSeconds: '30', heartbeatIntervalSeconds: '', uploadBatchSize: '', sensors: '' }).patch,
    { readingIntervalSeconds: 30 });
  assert.equal(describePatch({ readingIntervalSeconds: 30, sensors: ['simulated'] }), 'reading interval 30 s, sensors simulated');
});

test('settings read as values, unset ones as the agent default', () => {
  assert.equal(formatSetting('readingIntervalSeconds', 60), '60 s');
  assert.equal(formatSetting('uploadBatchSize', 1), '1 reading');
  assert.equal(formatSetting('uploadBatchSize', 500), '500 readings');
  assert.equal(formatSetting('sensors', ['a', 'b']), 'a, b');
  assert.equal(formatSetting('heartbeatIntervalSeconds', null), 'agent default');
});

test('read-sensors values read as sorted name/value pairs, numbers to two decimals', () => {
  const result = {
    values: { temperature: 21.456, humidity: 40, door: false },
    sensors: [
      { name: 'simulated', values: { temperature: 21.456, humidity: 40, door: false }, error: null, readAt: '2026-12-06T10:00:00Z' },
      { name: 'bme280', values: {}, error: 'no answer at 0x76', readAt: '2026-12-06T10:00:00Z' },
    ],
    readAt: '2026-12-06T10:00:00Z',
  };
  assert.deepEqual(resultEntries(result), [['bme280', 'not read: no answer at 0x76'], ['door', 'false'],
    ['humidity', '40'], ['temperature', '21.46']]);
  assert.deepEqual(resultEntries({ uploaded: 12, backlog: 0 }), [['backlog', '0'], ['uploaded', '12']]);
  assert.deepEqual(resultEntries(null), []);
  assert.deepEqual(resultEntries('done'), [['result', 'done']]);
});

test('polling is fast while something is unfinished, and only a bounded number of times', () => {
  assert.ok(isUnfinished({ state: 'queued' }) && isUnfinished({ state: 'sent' }));
  assert.ok(!isUnfinished({ state: 'succeeded' }) && !isUnfinished({ state: 'expired' }));
  assert.equal(nextPoll(true, 0), FAST_MS);
  assert.equal(nextPoll(true, FAST_POLLS - 1), FAST_MS);
  assert.equal(nextPoll(true, FAST_POLLS), SLOW_MS);
  assert.equal(nextPoll(false, 0), SLOW_MS);
});

test('tags and sensor lists split at commas or spaces; tags are lower case', () => {
  assert.deepEqual(parseTags(' Greenhouse, north  west,,greenhouse '), ['greenhouse', 'north', 'west']);
  assert.deepEqual(parseList('a b,c, a'), ['a', 'b', 'c']);
  assert.deepEqual(parseTags(''), []);
});

test('the select-all box is checked, clear or indeterminate', () => {
  assert.deepEqual(selectAllState(0, 3), { checked: false, indeterminate: false });
  assert.deepEqual(selectAllState(2, 3), { checked: false, indeterminate: true });
  assert.deepEqual(selectAllState(3, 3), { checked: true, indeterminate: false });
  assert.deepEqual(selectAllState(0, 0), { checked: false, indeterminate: false });
});

test('a device of GET /api/devices maps to what the fleet views show, missing parts as nulls', () => {
  const bare = deviceOf({ deviceId: 'd1', name: 'Pi', status: 'never_seen', lastSeen: null });
  assert.deepEqual(bare.tags, []);
  assert.equal(bare.report.agentVersion, null);
  assert.equal(bare.config.desiredVersion, 0);
});

test('the config answer keeps a missing desired document as version 0', () => {
  assert.deepEqual(configOf({ success: true, desired: null, reported: null, state: 'applied' }).desired,
    { version: 0, sensors: null });
});

test('fleet bodies target device IDs or a tag', () => {
  assert.deepEqual(fleetBody({ deviceIds: ['a', 'b'], label: 'x' }, { name: 'upload-now' }),
    { deviceIds: ['a', 'b'], name: 'upload-now' });
  assert.deepEqual(fleetBody({ tag: 'greenhouse', label: 'x' }, { readingIntervalSeconds: 30 }),
    { tag: 'greenhouse', readingIntervalSeconds: 30 });
});

test('commands come with nulls for what has not happened yet', () => {
  const [command] = commandsOf({ commands: [{ id: 'c1', name: 'read-sensors', state: 'queued', createdAt: '2026-12-06T10:00:00Z' }] });
  assert.equal(command.result, null);
  assert.equal(command.finishedAt, null);
  assert.deepEqual(commandsOf({}), []);
});

test('fleet results say per device what was queued, or why not', () => {
  const results = fleetResultsOf({ success: true, results: [
    { deviceId: 'a', status: 'queued', version: null, command: { id: 'c1', name: 'upload-now', state: 'queued' } },
    { deviceId: 'b', status: 'queued', version: 4, command: null },
    { deviceId: 'c', status: 'not_found', version: null, command: null },
  ] });
  assert.deepEqual(results, [
    { deviceId: 'a', ok: true, text: 'upload-now queued' },
    { deviceId: 'b', ok: true, text: 'settings version 4 queued' },
    { deviceId: 'c', ok: false, text: 'not one of your devices' },
  ]);
});

test('the agent\'s report and config summary of a listed device are read as the registry sends them', () => {
  const device = deviceOf({
    deviceId: 'd1', name: 'Pi', status: 'online', lastSeen: '2026-12-06T10:00:00Z', tags: ['greenhouse'],
    agent: { agentVersion: '1.4.0', os: 'Debian 12', kernel: '6.6', uptimeSeconds: 60, backlog: 3,
      oldestBufferedAgeSeconds: 9, freeDiskBytes: 1000, reportedAt: '2026-12-06T10:00:00Z' },
    config: { desiredVersion: 2, reportedVersion: 1, state: 'rejected', error: 'no sensor bme280' },
  });
  assert.equal(device.report.agentVersion, '1.4.0');
  assert.equal(device.report.at, '2026-12-06T10:00:00Z');
  assert.deepEqual(device.config, { state: 'rejected', desiredVersion: 2, reportedVersion: 1, error: 'no sensor bme280' });
  assert.deepEqual(device.tags, ['greenhouse']);
});
