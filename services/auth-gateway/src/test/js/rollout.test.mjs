// Unit tests of the Rollouts pages' pure logic (node --test, run by Maven in the test phase): the form's body and
// its wave rules, and what a rollout's answer shows (badges, progress, waves).
import assert from 'node:assert/strict';
import test from 'node:test';
import {
  deviceBadge, deviceStateText, parseWaves, progressText, rolloutActions, rolloutBadge, rolloutBody, waveText, wavesOf,
} from '../../main/resources/META-INF/resources/js/rollout-model.js';

test('waves are cumulative percents, increasing, the last 100', () => {
  assert.deepEqual(parseWaves('10,50,100'), { waves: [10, 50, 100] });
  assert.deepEqual(parseWaves(' 10 %, 50%  100 '), { waves: [10, 50, 100] });
  assert.deepEqual(parseWaves('100'), { waves: [100] });
  assert.match(parseWaves('').error, /percents/);
  assert.match(parseWaves('10, 50').error, /last wave/);
  assert.match(parseWaves('50, 10, 100').error, /more devices than the one before/);
  assert.match(parseWaves('10, 10, 100').error, /more devices than the one before/);
  assert.match(parseWaves('0, 100').error, /1 to 100/);
  assert.match(parseWaves('10, 150').error, /1 to 100/);
  assert.match(parseWaves('1.5, 100').error, /1 to 100/);
  assert.match(parseWaves('1,2,3,4,5,6,7,8,9,10,100').error, /At most 10/);
});

test('the form becomes the POST body for a tag or for chosen devices', () => {
  const base = { version: '1.1.0', waves: '10, 50, 100', maxFailures: '0', tag: ' Greenhouse ', deviceIds: ['pi-a'] };
  assert.deepEqual(rolloutBody({ ...base, target: 'tag' }).body,
    { version: '1.1.0', waves: [10, 50, 100], maxFailures: 0, tag: 'greenhouse' });
  assert.deepEqual(rolloutBody({ ...base, target: 'devices', allowDowngrade: true }).body,
    { version: '1.1.0', waves: [10, 50, 100], maxFailures: 0, deviceIds: ['pi-a'], allowDowngrade: true });
  assert.equal(rolloutBody({ ...base, target: 'tag', tag: '' }).field, 'tag');
  assert.equal(rolloutBody({ ...base, target: 'devices', deviceIds: [] }).field, 'deviceIds');
  assert.equal(rolloutBody({ ...base, target: 'tag', version: '' }).field, 'version');
  assert.equal(rolloutBody({ ...base, target: 'tag', waves: '10' }).field, 'waves');
  assert.equal(rolloutBody({ ...base, target: 'tag', maxFailures: '-1' }).field, 'maxFailures');
  assert.equal(rolloutBody({ ...base, target: 'tag', maxFailures: 'two' }).field, 'maxFailures');
});

test('badges and buttons follow the states', () => {
  assert.deepEqual(rolloutBadge('paused'), { label: 'Paused', kind: 'bad' });
  assert.equal(rolloutBadge('completed').kind, 'ok');
  assert.equal(rolloutBadge('bogus').label, 'bogus');
  assert.equal(deviceBadge('rolled-back').label, 'Rolled back');
  assert.equal(deviceBadge('installing').kind, 'pending');
  assert.deepEqual(rolloutActions('running'), { pause: true, resume: false, cancel: true });
  assert.deepEqual(rolloutActions('paused'), { pause: false, resume: true, cancel: true });
  assert.deepEqual(rolloutActions('completed'), { pause: false, resume: false, cancel: false });
  assert.deepEqual(rolloutActions('cancelled'), { pause: false, resume: false, cancel: false });
  assert.equal(deviceStateText({ state: 'failed', reason: 'bad signature' }), 'Failed: bad signature');
  assert.equal(deviceStateText({ state: 'succeeded', reason: null }), 'Succeeded');
});

test('a paused first wave: its failure counted, the later waves not started', () => {
  const rollout = {
    waves: [25, 100], currentWave: 0, devices: [
      { deviceId: 'a', wave: 0, state: 'rolled-back', reason: 'not healthy' },
      { deviceId: 'b', wave: 1, state: 'pending' }, { deviceId: 'c', wave: 1, state: 'pending' },
    ],
  };
  assert.equal(progressText(rollout.devices), '0 of 3 succeeded, 1 failed, 2 waiting for their wave');
  assert.equal(waveText(rollout), 'wave 1 of 2');
  assert.deepEqual(wavesOf(rollout).map((wave) => [wave.state, wave.size]), [['done', 1], ['waiting', 2]]);
  assert.deepEqual(wavesOf(rollout)[1].counts, { pending: 2 });
});

test('waves in progress and done', () => {
  const rollout = {
    waves: [10, 50, 100], currentWave: 1, devices: [
      { deviceId: 'a', wave: 0, state: 'succeeded' }, { deviceId: 'b', wave: 1, state: 'installing' },
      { deviceId: 'c', wave: 2, state: 'pending' },
    ],
  };
  assert.deepEqual(wavesOf(rollout).map((wave) => wave.state), ['done', 'current', 'waiting']);
  assert.equal(progressText(rollout.devices), '1 of 3 succeeded, 1 in progress, 1 waiting for their wave');
  assert.equal(waveText({ waves: [100], currentWave: -1 }), 'not started');
});
