// One device: its status, latest values, and a uPlot chart per numeric sensor over a chosen range. The charts draw
// the ingest's downsampled series (one bucket per pixel or so), so any range costs one request per sensor and
// nothing is cut: a month of one-a-minute readings is 720 hourly buckets, not 43,200 rows.

import { ingest, registry } from '../api.js';
import {
  byId, cloneTemplate, describeError, formatTime, renderBadge, renderDeviceId, renderTime, setError,
} from '../ui.js';

const HOUR = 3600e3;
const DAY = 24 * HOUR;
// A month is 31 days, the longest one, so "last month" always holds a whole calendar month of readings.
const RANGES = { hour: HOUR, day: DAY, week: 7 * DAY, month: 31 * DAY, year: 365 * DAY };
const RANGE_LABELS = {
  hour: 'the last hour', day: 'the last day', week: 'the last week', month: 'the last month', year: 'the last year',
};
// The ingest's bucket sizes, smallest first: it picks the smallest that gives at most `points` buckets. The page
// predicts that choice only to know whether a resize would change the picture (see onResize).
const STEPS = [1, 5, 15, 60, 300, 900, 3600, 21600, 86400, 604800, 2592000, 31536000];
const MAX_POINTS = 2000;
// A page of raw readings holds at most 999 (docs/api.md, GET /api/readings).
const PAGE_SIZE = 1000;
const PAGE_READINGS = 999;
// Pages of raw readings the latest-values panel may read after the newest numeric value (readings that hold only
// strings, which have no series). More than that and the panel says it cannot tell, rather than show an older one.
const MAX_LATEST_PAGES = 5;
const REFRESH_MS = 10000;
const RESIZE_DEBOUNCE_MS = 300;
const COLORS = ['#0b5cad', '#b3261e', '#1e6b35', '#7a4fb0', '#a15c00', '#006b6b'];

/** `onDevice` gets the registry's answer for the device at each refresh (the fleet panels show its agent's report). */
export function renderDevice(main, [deviceId], app, onDevice = () => {}) {
  main.append(cloneTemplate('view-device'));
  renderDeviceId(byId('device-id'), deviceId);
  const charts = new Map();
  let stopped = false;
  let timer;
  let loading = 0;
  // What the charts show: the range, its request's point count, and what the CSV button exports.
  let shown = null;

  const rangeName = () => byId('range').querySelector('input[name=range]:checked').value;

  async function refresh() {
    clearTimeout(timer);
    const ticket = ++loading;
    const name = rangeName();
    const span = rangeOf(name);
    if (!span) {
      setError(byId('device-error'), 'Choose a start before the end (both dates and times).');
      byId('readings-count').textContent = '';
      return;
    }
    const points = pointsFor(chartSize(byId('charts')).width);
    try {
      const [{ device }, result] = await Promise.all([
        registry.device(deviceId), fetchSeries(deviceId, span, points)]);
      const latest = await fetchLatest(deviceId, result, span);
      if (stopped || ticket !== loading) {
        return;
      }
      shown = { name, ...span, points };
      showDevice(device);
      onDevice(device);
      showLatest(latest);
      drawCharts(charts, result, shown);
      setError(byId('device-error'), '');
    } catch (error) {
      if (stopped || ticket !== loading || error.status === 401) {
        return;
      }
      if (byId('readings-count').textContent === 'Loading…') {
        byId('readings-count').textContent = '';
      }
      setError(byId('device-error'), error.status === 404
        ? 'This device is not in your account (it may have been unpaired).'
        : `Could not load this device. ${describeError(error)}`);
    } finally {
      // A custom range is fixed: it is drawn again only when changed (the current choice counts, not the one this
      // refresh drew: the user may have picked "custom" meanwhile). Longer ranges change little in 10 s.
      const next = rangeName();
      if (!stopped && ticket === loading && next !== 'custom') {
        timer = setTimeout(refresh, next === 'hour' ? REFRESH_MS : 6 * REFRESH_MS);
      }
    }
  }

  byId('range').addEventListener('change', (event) => {
    if (event.target.name !== 'range') {
      return;
    }
    const custom = rangeName() === 'custom';
    byId('custom-range').hidden = !custom;
    if (custom) {
      // Nothing is asked until the custom range is submitted, not even the preset's next refresh.
      clearTimeout(timer);
      // Start from what is shown, so "custom" first means "this range, now fixed".
      if (shown && !byId('range-from').value) {
        byId('range-from').value = localInputValue(shown.from);
        byId('range-to').value = localInputValue(shown.to);
      }
      byId('range-from').focus();
      return;
    }
    byId('readings-count').textContent = 'Loading…';
    refresh();
  });
  byId('custom-range').addEventListener('submit', (event) => {
    event.preventDefault();
    byId('readings-count').textContent = 'Loading…';
    refresh();
  });
  byId('download-csv').addEventListener('click', () => downloadCsv(deviceId, shown));

  // Resizing redraws at once; it asks the ingest again only when the new width would change the bucket size.
  let resizeTimer;
  const onResize = () => {
    const size = chartSize(byId('charts'));
    charts.forEach((chart) => chart.setSize(size));
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (shown && stepFor(shown.to - shown.from, pointsFor(size.width)) !== stepFor(shown.to - shown.from, shown.points)) {
        refresh();
      }
    }, RESIZE_DEBOUNCE_MS);
  };
  window.addEventListener('resize', onResize);

  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(resizeTimer);
    window.removeEventListener('resize', onResize);
    charts.forEach((chart) => chart.destroy());
  };
}

/** {from, to} as Dates for a preset (ending now) or the custom inputs; null for a custom range that is not valid. */
function rangeOf(name) {
  if (name !== 'custom') {
    const to = new Date();
    return { from: new Date(to.getTime() - RANGES[name]), to };
  }
  // datetime-local values are local wall-clock times; Date parses them as such.
  const from = new Date(byId('range-from').value);
  const to = new Date(byId('range-to').value);
  return Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to ? null : { from, to };
}

/** One bucket per pixel of plot width (the y axis takes the rest), within what the ingest allows. */
export function pointsFor(chartWidth) {
  return Math.max(1, Math.min(MAX_POINTS, Math.floor(chartWidth - 70)));
}

/**
 * The bucket size the ingest will choose for this span (ms) and point count. The ingest counts epoch-aligned
 * buckets, which can be one more than this, so near a boundary the guess may be a step off: a resize then costs
 * one request more or less, and the charts always draw the step the ingest answered.
 */
export function stepFor(spanMs, points) {
  return STEPS.find((step) => Math.ceil(spanMs / 1000 / step) <= points) ?? STEPS.at(-1);
}

/** The sensors with values in the range, and each one's series; sensors whose values are all strings have no buckets. */
async function fetchSeries(deviceId, { from, to }, points) {
  const range = { from: from.toISOString(), to: to.toISOString() };
  const { sensors } = await ingest.sensors(deviceId, range);
  const series = await Promise.all(sensors.map((sensor) =>
    ingest.series(deviceId, { sensor, ...range, points: String(points) })));
  return { sensors, series: series.filter((s) => s.buckets.length > 0) };
}

/**
 * The newest reading of the range, without paging through the range. The series tell which bucket holds the
 * newest numeric value and how many values it holds (an upper bound on its readings). While that is more than a
 * page, finer series over that bucket narrow it (each round is about 2000 times finer, so a few rounds reach 1 s
 * buckets). Then one page of raw readings from the bucket's start holds the newest one, unless readings that hold
 * only strings (which no series counts) follow it: those pages are read up to MAX_LATEST_PAGES, and beyond that
 * the answer is "unknown", never an older reading. With no numeric values at all the raw readings are read from
 * windows ending at `to`, each 60 times longer, until one has readings.
 */
async function fetchLatest(deviceId, { series }, { from, to }) {
  // A bucket is aligned to its step, so the first may start before the range does.
  const within = (bucket) => bucket && { ...bucket, start: new Date(Math.max(bucket.start.getTime(), from.getTime())) };
  let tail = within(lastBucket(series));
  for (let round = 0; tail && tail.values > PAGE_READINGS && tail.step > 1 && round < 4; round += 1) {
    const finer = await Promise.all(series.map(({ sensor }) => ingest.series(deviceId, {
      sensor, from: tail.start.toISOString(), to: to.toISOString(), points: String(MAX_POINTS),
    })));
    tail = within(lastBucket(finer)) ?? tail;
  }
  const starts = tail ? [tail.start] : windowStarts(from, to);
  for (const start of starts) {
    const latest = await lastReadingFrom(deviceId, start, to);
    if (latest.reading || latest.unknown) {
      return latest;
    }
  }
  return { reading: null, unknown: false };
}

/** The start of the newest bucket across the series, and how many values the series hold from there on. */
function lastBucket(series) {
  let start = null;
  for (const { buckets } of series) {
    const t = buckets.length ? Date.parse(buckets.at(-1).t) : NaN;
    if (!Number.isNaN(t) && (start === null || t > start)) {
      start = t;
    }
  }
  if (start === null) {
    return null;
  }
  let values = 0;
  for (const { buckets } of series) {
    values += buckets.filter((b) => Date.parse(b.t) >= start).reduce((sum, b) => sum + b.count, 0);
  }
  return { start: new Date(start), values, step: Math.min(...series.map((s) => s.stepSeconds)) };
}

function windowStarts(from, to) {
  const starts = [];
  for (let span = 60e3; ; span *= 60) {
    const start = new Date(Math.max(from.getTime(), to.getTime() - span));
    starts.push(start);
    if (start.getTime() === from.getTime()) {
      return starts;
    }
  }
}

async function lastReadingFrom(deviceId, start, to) {
  let cursor = null;
  let last = null;
  for (let pages = 0; pages < MAX_LATEST_PAGES; pages += 1) {
    const params = { from: start.toISOString(), to: to.toISOString(), limit: String(PAGE_SIZE) };
    if (cursor) {
      params.cursor = cursor;
    }
    const page = await ingest.readings(deviceId, params);
    last = page.readings.at(-1) ?? last;
    cursor = page.nextCursor ?? null;
    if (!cursor) {
      return { reading: last, unknown: false };
    }
  }
  return { reading: null, unknown: true };
}

function showDevice(device) {
  const title = byId('device-title');
  if (title.textContent !== device.name) {
    title.textContent = device.name;
    document.title = `${device.name} · pifleet`;
  }
  renderBadge(byId('device-status'), device.status);
  renderTime(byId('device-last-seen'), device.lastSeen);
}

function showLatest({ reading, unknown }) {
  const list = byId('latest-values');
  if (unknown) {
    byId('latest-time').textContent = 'This range ends with too many text-only readings to find the latest: '
      + 'choose a shorter range.';
    list.replaceChildren();
    return;
  }
  if (!reading) {
    byId('latest-time').textContent = 'No readings in this range.';
    list.replaceChildren();
    return;
  }
  byId('latest-time').textContent = `At ${formatTime(reading.timestamp)}`;
  const rows = Object.entries(reading.sensors ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => {
    const group = document.createElement('div');
    const term = document.createElement('dt');
    term.textContent = name;
    const detail = document.createElement('dd');
    detail.textContent = typeof value === 'number' ? formatNumber(value) : String(value);
    detail.dataset.sensor = name;
    group.append(term, detail);
    return group;
  });
  list.replaceChildren(...rows);
}

/** One chart per sensor with numbers (booleans count as 0/1): the average line, and a min–max band. */
function drawCharts(charts, { sensors, series }, shown) {
  const container = byId('charts');
  const total = series.reduce((sum, s) => sum + s.buckets.reduce((n, b) => n + b.count, 0), 0);
  const count = byId('readings-count');
  count.dataset.count = String(total);
  const where = shown.name === 'custom'
    ? `from ${formatTime(shown.from)} to ${formatTime(shown.to)}`
    : `in ${RANGE_LABELS[shown.name]}`;
  if (series.length === 0) {
    count.textContent = sensors.length === 0 ? `No readings ${where}.` : `No numeric readings ${where} to chart.`;
  } else {
    const steps = [...new Set(series.map((s) => s.stepSeconds))].map(formatStep).join(', ');
    count.textContent = `${readingsText(total)} of ${series.length} `
      + `${series.length === 1 ? 'sensor' : 'sensors'} ${where}, one point per ${steps}. `
      + 'Each point is the average; the shaded band spans the lowest to the highest reading.';
  }

  const names = new Set(series.map((s) => s.sensor));
  for (const [name, chart] of charts) {
    if (!names.has(name)) {
      chart.destroy();
      chart.root.parentElement.closest('figure').remove();
      charts.delete(name);
    }
  }
  const xRange = [shown.from.getTime() / 1000, shown.to.getTime() / 1000];
  [...series].sort((a, b) => a.sensor.localeCompare(b.sensor)).forEach((one, index) => {
    const data = chartData(one);
    let chart = charts.get(one.sensor);
    if (chart) {
      chart.pifleet.counts = data.counts;
      chart.pifleet.xRange = xRange;
      chart.setData(data.columns);
    } else {
      chart = createChart(container, one.sensor, data, xRange, COLORS[index % COLORS.length]);
      charts.set(one.sensor, chart);
    }
    const figure = chart.root.parentElement.closest('figure');
    figure.dataset.points = String(one.buckets.length);
    figure.dataset.count = String(data.total);
    figure.dataset.bands = String(data.banded);
    figure.dataset.step = String(one.stepSeconds);
    figure.querySelector('.chart-meta').textContent = `${readingsText(data.total)}, `
      + `one point per ${formatStep(one.stepSeconds)}`;
  });
}

/**
 * uPlot columns [t, avg, min, max] from the buckets. A gap much longer than usual between buckets (3 times the
 * step or the median gap, whichever is longer: a device reading once a minute leaves most 5-second buckets empty)
 * gets a null point, so the line breaks where the device was silent instead of bridging it. min and max are null
 * where a bucket holds one reading: the band shows only where there is a spread to show.
 */
export function chartData({ buckets, stepSeconds }) {
  const columns = [[], [], [], []];
  const counts = [];
  let total = 0;
  let banded = 0;
  let previous = null;
  const times = buckets.map((bucket) => Date.parse(bucket.t) / 1000);
  const gapLimit = 3 * Math.max(stepSeconds, median(times.slice(1).map((t, i) => t - times[i])) ?? 0);
  for (const [index, bucket] of buckets.entries()) {
    const t = times[index];
    if (previous !== null && t - previous > gapLimit) {
      columns[0].push(previous + stepSeconds);
      columns[1].push(null);
      columns[2].push(null);
      columns[3].push(null);
      counts.push(0);
    }
    const spread = bucket.count > 1;
    columns[0].push(t);
    columns[1].push(bucket.avg);
    columns[2].push(spread ? bucket.min : null);
    columns[3].push(spread ? bucket.max : null);
    counts.push(bucket.count);
    total += bucket.count;
    banded += spread ? 1 : 0;
    previous = t;
  }
  return { columns, counts, total, banded };
}

function median(values) {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function createChart(container, name, data, xRange, color) {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.dataset.testid = 'chart';
  figure.dataset.sensor = name;
  const caption = document.createElement('figcaption');
  const title = document.createElement('span');
  title.className = 'chart-title';
  title.textContent = name;
  const meta = document.createElement('span');
  meta.className = 'chart-meta meta';
  caption.append(title, meta);
  const plot = document.createElement('div');
  plot.setAttribute('role', 'img');
  plot.setAttribute('aria-label', `Chart of ${name} over time: average, and the range from lowest to highest`);
  figure.append(caption, plot);
  container.append(figure);
  const state = { counts: data.counts, xRange };
  const number = (u, value) => (value === null || value === undefined ? '–' : formatNumber(value));
  const chart = new window.uPlot({
    ...chartSize(container),
    scales: { x: { time: true, range: () => state.xRange } },
    series: [
      {
        // The legend's time column also says how many readings the point under the cursor stands for.
        value: (u, t, seriesIndex, index) => (index === null || t === null ? '–'
          : `${formatTime(t * 1000)} · ${readingsText(state.counts[index] ?? 0)}`),
      },
      // uPlot's default points: drawn only where points are far enough apart to tell, at any range.
      { label: 'avg', stroke: color, width: 2, value: number },
      { label: 'min', stroke: withAlpha(color, 0.45), width: 1, points: { show: false }, value: number },
      { label: 'max', stroke: withAlpha(color, 0.45), width: 1, points: { show: false }, value: number },
    ],
    bands: [{ series: [3, 2], fill: withAlpha(color, 0.18) }],
    axes: [{}, { size: 60 }],
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false } },
  }, data.columns, plot);
  chart.pifleet = state;
  return chart;
}

/** Saves the shown range as CSV; the server names the file. */
async function downloadCsv(deviceId, shown) {
  const button = byId('download-csv');
  const error = byId('download-error');
  if (!shown) {
    return;
  }
  button.disabled = true;
  button.textContent = 'Preparing CSV…';
  setError(error, '');
  try {
    const { blob, filename } = await ingest.exportCsv(deviceId, { from: shown.from.toISOString(), to: shown.to.toISOString() });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    // Revoked later, not at once: the browser reads the blob after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    button.dataset.downloaded = filename;
  } catch (failure) {
    if (failure.status !== 401) {
      setError(error, `Could not export the readings. ${describeError(failure)}`);
    }
  } finally {
    button.disabled = false;
    button.textContent = 'Download CSV';
  }
}

/** The size of each chart, from the width of the charts' column less a figure's padding and border. */
function chartSize(container) {
  const width = Math.max(260, Math.min((container.clientWidth || 628) - 28, 900));
  return { width, height: width < 500 ? 200 : 260 };
}

function withAlpha(hex, alpha) {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${value >> 16}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

export function formatStep(seconds) {
  const units = [[31536000, 'year'], [2592000, '30 days', true], [604800, 'week'], [86400, 'day'], [3600, 'hour'],
    [60, 'minute'], [1, 'second']];
  for (const [size, unit, fixed] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return fixed || n === 1 ? unit : `${n} ${unit}s`;
    }
  }
  return `${seconds} s`;
}

function readingsText(count) {
  return `${count.toLocaleString()} ${count === 1 ? 'reading' : 'readings'}`;
}

/** A value for a datetime-local input: local wall-clock time to the second. */
function localInputValue(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 19);
}

function formatNumber(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
