// One device: its status, latest values, and a uPlot chart per numeric sensor over a chosen range. The charts draw
// the ingest's downsampled series (one bucket per pixel or so), so nothing is cut: a month of one-a-minute readings
// is 720 hourly buckets, not 43,200 rows. One refresh is one request: the ingest's overview (the device as the
// registry shows it, every series, the latest values and the step table).

import { ingest } from '../api.js';
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
const MAX_POINTS = 2000;
const REFRESH_MS = 10000;
const RESIZE_DEBOUNCE_MS = 300;
const COLORS = ['#0b5cad', '#b3261e', '#1e6b35', '#7a4fb0', '#a15c00', '#006b6b'];

/** `onDevice` gets the device (the overview's `device`) at each refresh: the fleet panels show its agent's report. */
export function renderDevice(main, [deviceId], app, onDevice = () => {}) {
  main.append(cloneTemplate('view-device'));
  renderDeviceId(byId('device-id'), deviceId);
  const charts = new Map();
  let stopped = false;
  let timer;
  let loading = 0;
  // What the charts show: the range, its request's point count, the ingest's step table, and what the CSV button
  // exports.
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
      const overview = await ingest.overview(deviceId, {
        from: span.from.toISOString(), to: span.to.toISOString(), points: String(points),
      });
      const { device } = overview;
      if (stopped || ticket !== loading) {
        return;
      }
      shown = { name, ...span, points, steps: overview.steps };
      showDevice(device);
      onDevice(device);
      showLatest(overview.latest);
      drawCharts(charts, overview, shown);
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
      const span = shown && shown.to - shown.from;
      if (shown && stepFor(span, pointsFor(size.width), shown.steps) !== stepFor(span, shown.points, shown.steps)) {
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
 * The bucket size the ingest will choose for this span (ms) and point count, from its table of steps (smallest
 * first, as the overview gives it). The ingest counts epoch-aligned buckets, which can be one more than this, so
 * near a boundary the guess may be a step off: a resize then costs one request more or less, and the charts always
 * draw the step the ingest answered.
 */
export function stepFor(spanMs, points, steps) {
  return steps.find((step) => Math.ceil(spanMs / 1000 / step) <= points) ?? steps.at(-1);
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

/** The newest reading's time, and each sensor's newest value (with its own time where it is older). */
function showLatest(latest) {
  const list = byId('latest-values');
  if (!latest) {
    byId('latest-time').textContent = 'No readings in this range.';
    list.replaceChildren();
    return;
  }
  byId('latest-time').textContent = `At ${formatTime(latest.t)}`;
  const rows = latest.sensors.map(({ sensor, value, t }) => {
    const group = document.createElement('div');
    const term = document.createElement('dt');
    term.textContent = sensor;
    const detail = document.createElement('dd');
    detail.textContent = typeof value === 'number' ? formatNumber(value) : String(value);
    detail.dataset.sensor = sensor;
    group.append(term, detail);
    if (t !== latest.t) {
      const when = document.createElement('dd');
      when.className = 'meta';
      when.textContent = `at ${formatTime(t)}`;
      group.append(when);
    }
    return group;
  });
  list.replaceChildren(...rows);
}

/** One chart per sensor with numbers (booleans count as 0/1): the average line, and a min–max band. */
function drawCharts(charts, { series: sensors, stepSeconds, latest }, shown) {
  const series = sensors.map((one) => ({ ...one, stepSeconds }));
  const container = byId('charts');
  const total = series.reduce((sum, s) => sum + s.buckets.reduce((n, b) => n + b.count, 0), 0);
  const count = byId('readings-count');
  count.dataset.count = String(total);
  const where = shown.name === 'custom'
    ? `from ${formatTime(shown.from)} to ${formatTime(shown.to)}`
    : `in ${RANGE_LABELS[shown.name]}`;
  if (series.length === 0) {
    count.textContent = latest ? `No numeric readings ${where} to chart.` : `No readings ${where}.`;
  } else {
    count.textContent = `${readingsText(total)} of ${series.length} `
      + `${series.length === 1 ? 'sensor' : 'sensors'} ${where}, one point per ${formatStep(stepSeconds)}. `
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
