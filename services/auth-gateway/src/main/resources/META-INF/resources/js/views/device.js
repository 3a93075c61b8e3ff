// One device: its status, latest values, and a uPlot line chart per numeric sensor over a chosen range.

import { ingest, registry } from '../api.js';
import {
  byId, cloneTemplate, describeError, formatTime, renderBadge, renderDeviceId, renderTime, setError,
} from '../ui.js';

const RANGES = { hour: 3600e3, day: 86400e3, week: 7 * 86400e3 };
const RANGE_LABELS = { hour: 'last hour', day: 'last day', week: 'last week' };
// The ingest answers at most 999 readings a page (Parse's maxLimit less the row that tells whether more follow).
const PAGE_SIZE = 1000;
// 25 pages (up to 24,975 readings) keep a week of 30-second readings and stay quick to draw; a range with more is
// shown only up to where the pages stop, and the view says so (its count line and latest values).
const MAX_PAGES = 25;
const REFRESH_MS = 10000;
const COLORS = ['#0b5cad', '#b3261e', '#1e6b35', '#7a4fb0', '#a15c00', '#006b6b'];

export function renderDevice(main, [deviceId]) {
  main.append(cloneTemplate('view-device'));
  renderDeviceId(byId('device-id'), deviceId);
  const charts = new Map();
  let stopped = false;
  let timer;
  let loading = 0;

  const range = () => byId('range').querySelector('input:checked').value;

  async function refresh() {
    clearTimeout(timer);
    const ticket = ++loading;
    try {
      const [{ device }, result] = await Promise.all([registry.device(deviceId), fetchReadings(deviceId, range())]);
      if (stopped || ticket !== loading) {
        return;
      }
      showDevice(device);
      showLatest(result);
      drawCharts(charts, result, range());
      setError(byId('device-error'), '');
    } catch (error) {
      if (stopped || error.status === 401) {
        return;
      }
      setError(byId('device-error'), error.status === 404
        ? 'This device is not in your account (it may have been unpaired).'
        : `Could not load this device. ${describeError(error)}`);
    } finally {
      if (!stopped && ticket === loading) {
        // Longer ranges change little in 10 s and cost many pages, so they refresh less often.
        timer = setTimeout(refresh, range() === 'hour' ? REFRESH_MS : 6 * REFRESH_MS);
      }
    }
  }

  byId('range').addEventListener('change', () => {
    byId('readings-count').textContent = 'Loading…';
    refresh();
  });
  const onResize = () => charts.forEach((chart) => chart.setSize(chartSize(chart.root.parentElement)));
  window.addEventListener('resize', onResize);

  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
    window.removeEventListener('resize', onResize);
    charts.forEach((chart) => chart.destroy());
  };
}

/** All readings of the range, oldest first, following nextCursor up to MAX_PAGES pages. */
async function fetchReadings(deviceId, rangeName) {
  const to = new Date();
  const from = new Date(to.getTime() - RANGES[rangeName]);
  const readings = [];
  let cursor = null;
  let pages = 0;
  do {
    const params = { from: from.toISOString(), to: to.toISOString(), limit: String(PAGE_SIZE) };
    if (cursor) {
      params.cursor = cursor;
    }
    const page = await ingest.readings(deviceId, params);
    readings.push(...page.readings);
    cursor = page.nextCursor ?? null;
    pages += 1;
  } while (cursor && pages < MAX_PAGES);
  return { readings, truncated: Boolean(cursor), from, to };
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

function showLatest({ readings, truncated }) {
  const list = byId('latest-values');
  const latest = readings.at(-1);
  if (truncated) {
    // The newest readings of the range were not loaded: the last one shown is not the latest.
    byId('latest-time').textContent = 'Too many readings in this range to show the latest: choose a shorter range.';
    list.replaceChildren();
    return;
  }
  if (!latest) {
    byId('latest-time').textContent = 'No readings in this range.';
    list.replaceChildren();
    return;
  }
  byId('latest-time').textContent = `At ${formatTime(latest.timestamp)}`;
  const rows = Object.entries(latest.sensors ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => {
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

/** One chart per sensor that has numbers (booleans count as 0/1); strings appear only in the latest values. */
function drawCharts(charts, { readings, truncated }, rangeName) {
  const container = byId('charts');
  const series = new Map();
  const times = readings.map((r) => Date.parse(r.timestamp) / 1000);
  readings.forEach((reading, index) => {
    for (const [name, value] of Object.entries(reading.sensors ?? {})) {
      const number = typeof value === 'boolean' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) {
        continue;
      }
      if (!series.has(name)) {
        series.set(name, new Array(readings.length).fill(null));
      }
      series.get(name)[index] = number;
    }
  });

  const count = byId('readings-count');
  count.dataset.count = String(readings.length);
  count.textContent = readings.length === 0
    ? `No readings in the ${RANGE_LABELS[rangeName]}.`
    : `${truncated ? `Only the oldest ${readings.length}` : readings.length} readings in the ${RANGE_LABELS[rangeName]}, `
      + `${formatTime(readings[0].timestamp)} to ${formatTime(readings.at(-1).timestamp)}`
      + `${truncated ? ': the newer ones are not shown, choose a shorter range' : ''}.`;

  for (const [name, chart] of charts) {
    if (!series.has(name)) {
      chart.destroy();
      chart.root.parentElement.closest('figure').remove();
      charts.delete(name);
    }
  }
  [...series.keys()].sort().forEach((name, index) => {
    const data = [times, series.get(name)];
    const points = data[1].filter((v) => v !== null).length;
    let chart = charts.get(name);
    if (chart) {
      chart.setData(data);
    } else {
      chart = createChart(container, name, data, COLORS[index % COLORS.length]);
      charts.set(name, chart);
    }
    const figure = chart.root.parentElement.closest('figure');
    figure.dataset.points = String(points);
  });
}

function createChart(container, name, data, color) {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.dataset.testid = 'chart';
  figure.dataset.sensor = name;
  const caption = document.createElement('figcaption');
  caption.textContent = name;
  const plot = document.createElement('div');
  plot.setAttribute('role', 'img');
  plot.setAttribute('aria-label', `Line chart of ${name} over time`);
  figure.append(caption, plot);
  container.append(figure);
  return new window.uPlot({
    ...chartSize(plot),
    series: [{}, { label: name, stroke: color, width: 2, points: { show: data[0].length < 60 }, spanGaps: true }],
    axes: [{}, { size: 60 }],
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
  }, data, plot);
}

function chartSize(element) {
  const width = Math.max(260, Math.min(element.clientWidth || 600, 900));
  return { width, height: width < 500 ? 180 : 240 };
}

function formatNumber(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
