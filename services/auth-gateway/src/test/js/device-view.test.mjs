// Unit tests of the device page's pure logic (node --test, run by Maven in the test phase). The UI's modules are
// browser ES modules; these functions touch no DOM.
import assert from 'node:assert/strict';
import test from 'node:test';
import { filenameOf } from '../../main/resources/META-INF/resources/js/api.js';
import { chartData, formatStep, pointsFor, stepFor } from '../../main/resources/META-INF/resources/js/views/device.js';

const DAY = 86400e3;
// As the overview answers it (SeriesSteps in the ingest).
const STEPS = [1, 5, 15, 60, 300, 900, 3600, 21600, 86400, 604800, 2592000, 31536000];

test('the step guessed is the smallest nice one that gives at most the points asked', () => {
  assert.equal(stepFor(3600e3, 830, STEPS), 5);
  assert.equal(stepFor(DAY, 830, STEPS), 300);
  assert.equal(stepFor(7 * DAY, 830, STEPS), 900);
  assert.equal(stepFor(31 * DAY, 830, STEPS), 3600);
  assert.equal(stepFor(31 * DAY, 268, STEPS), 21600);
  assert.equal(stepFor(365 * DAY, 830, STEPS), 86400);
  assert.equal(stepFor(60e3, 2000, STEPS), 1);
});

test('points follow the plot width, within 1..2000', () => {
  assert.equal(pointsFor(900), 830);
  assert.equal(pointsFor(10), 1);
  assert.equal(pointsFor(5000), 2000);
});

test('buckets become avg, and min-max only where a bucket holds more than one reading', () => {
  const { columns, counts, total, banded } = chartData({ stepSeconds: 60, buckets: [
    { t: '2026-12-01T10:00:00Z', count: 1, min: 5, max: 5, avg: 5 },
    { t: '2026-12-01T10:01:00Z', count: 3, min: 1, max: 3, avg: 2 },
  ] });
  const t0 = Date.parse('2026-12-01T10:00:00Z') / 1000;
  assert.deepEqual(columns, [[t0, t0 + 60], [5, 2], [null, 1], [null, 3]]);
  assert.deepEqual(counts, [1, 3]);
  assert.equal(total, 4);
  assert.equal(banded, 1);
});

test('the line breaks only at a gap much longer than the usual one', () => {
  // One reading a minute in 5-second buckets: every bucket is 60 s from the next, which is no gap.
  const minutely = Array.from({ length: 10 }, (_, i) => ({
    t: new Date(Date.UTC(2026, 11, 1, 10, i)).toISOString(), count: 1, min: i, max: i, avg: i }));
  assert.equal(chartData({ stepSeconds: 5, buckets: minutely }).columns[0].length, 10);
  // Then 10 minutes of silence: one null point marks it.
  const silent = [...minutely, { t: '2026-12-01T10:20:00Z', count: 1, min: 1, max: 1, avg: 1 }];
  const { columns, counts, total } = chartData({ stepSeconds: 5, buckets: silent });
  assert.equal(columns[0].length, 12);
  assert.equal(columns[1][10], null);
  assert.equal(counts[10], 0);
  assert.equal(total, 11);
});

test('steps read as words', () => {
  assert.deepEqual([1, 15, 60, 900, 3600, 21600, 86400, 604800].map(formatStep),
    ['second', '15 seconds', 'minute', '15 minutes', 'hour', '6 hours', 'day', 'week']);
});

test('the download is named from Content-Disposition, the UTF-8 form first', () => {
  assert.equal(filenameOf('attachment; filename="pifleet-dev_2026.csv"'), 'pifleet-dev_2026.csv');
  assert.equal(filenameOf('attachment; filename="a.csv"; filename*=UTF-8\'\'b%20c.csv'), 'b c.csv');
  assert.equal(filenameOf('attachment; filename=plain.csv'), 'plain.csv');
  assert.equal(filenameOf('attachment; filename="q\\"x.csv"'), 'q"x.csv');
  assert.equal(filenameOf('attachment'), null);
  assert.equal(filenameOf(null), null);
});
