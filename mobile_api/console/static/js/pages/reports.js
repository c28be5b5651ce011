// The reports: the indicators for a period and a point or the network, as numbers and as
// charts (on time and by the target per day, the time to site, satisfaction), then the seven
// standards and the four types of service.
import { get } from '../api.js';
import { COLOURS, chart, percentAxis } from '../charts.js';
import { clear, h } from '../dom.js';
import { number, percent, today, valueText } from '../format.js';
import { t } from '../i18n.js';
import { allPoints } from '../points.js';
import { heading, messageBox, showError } from './shared.js';
import { serviceTypesSection, standardsSection } from './standards.js';

const MAX_DAYS = 31;
const TILES = [
  'jobs_booked', 'jobs_completed', 'on_time_rate', 'target_rate', 'median_minutes_to_site', 'promise_breaches',
  'median_minutes_to_accept', 'warned_before_late_rate', 'satisfaction_rate', 'feedback_rate', 'complaint_rate',
  'first_visit_fix_rate', 'courtesies_per_job', 'callbacks_done_rate', 'reassignments', 'calls',
  'answered_within_three_rings_rate', 'abandoned_rate', 'messages_returned_on_time_rate',
  'median_hours_to_resolve_complaint', 'goodwill_confirmed',
];
const state = { from: null, to: null, point: '' };


function days(from, to) {
  const out = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86400000)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out.slice(-MAX_DAYS);
}

// A few requests at a time: a month of days is thirty reports.
async function inBatches(items, size, task) {
  const results = [];
  for (let i = 0; i < items.length; i += size) results.push(...await Promise.all(items.slice(i, i + size).map(task)));
  return results;
}

function tiles(kpis, targets) {
  return h('div', { class: 'tiles' }, TILES.map((name) => {
    const indicator = targets[name];
    const verdict = indicator && indicator.met !== null
      ? h('span', { class: `badge ${indicator.met ? 'tag-ok' : 'alert-breached'}` }, t(indicator.met ? 'reports.met' : 'reports.missed')) : null;
    return h('div', { class: `tile${indicator?.met === false ? ' missed' : ''}`, 'data-kpi': name },
      h('div', { class: 'tile-label' }, t(`kpi.${name}`)),
      h('div', { class: 'tile-value' }, valueText(name, kpis[name])),
      indicator ? h('div', { class: 'tile-target' }, `${t(indicator.direction === 'at_most' ? 'reports.at_most' : 'reports.at_least')} ${valueText(name, indicator.target)} `, verdict) : null);
  }));
}

function holdBands(kpis) {
  const bands = kpis.hold_bands || {};
  return h('p', { class: 'muted small' }, t('reports.hold_bands', {
    none: bands.none ?? 0, short: bands.short ?? 0, long: bands.long ?? 0, very_long: bands.very_long ?? 0,
  }));
}

function chartBox(title, canvas, note) {
  return h('div', { class: 'panel chart-box' }, h('h2', null, title), h('div', { class: 'chart' }, canvas), note ? h('p', { class: 'muted small' }, note) : null);
}

async function drawDaily(query, charts, onTimeCanvas, satisfactionCanvas) {
  const list = days(query.from, query.to);
  const daily = await inBatches(list, 3, (day) => get('/reports/kpis', { ...query, from: day, to: day }));
  const labels = list.map((d) => d.slice(5));
  chart(onTimeCanvas, {
    type: 'line',
    data: { labels, datasets: [
      { label: t('kpi.on_time_rate'), data: daily.map((k) => k.on_time_rate), borderColor: COLOURS.blue, backgroundColor: COLOURS.blue, spanGaps: true },
      { label: t('kpi.target_rate'), data: daily.map((k) => k.target_rate), borderColor: COLOURS.orange, backgroundColor: COLOURS.orange, spanGaps: true },
    ] },
    options: { scales: { y: percentAxis }, plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${percent(c.parsed.y)}` } } } },
  }, charts);
  chart(satisfactionCanvas, {
    type: 'bar',
    data: { labels, datasets: [
      { type: 'bar', label: t('kpi.satisfaction_rate'), data: daily.map((k) => k.satisfaction_rate), backgroundColor: COLOURS.teal },
      { type: 'line', label: t('kpi.feedback_rate'), data: daily.map((k) => k.feedback_rate), borderColor: COLOURS.purple, backgroundColor: COLOURS.purple, spanGaps: true },
    ] },
    options: { scales: { y: percentAxis }, plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${percent(c.parsed.y)}` } } } },
  }, charts);
}

function drawTimeToSite(spread, charts, canvas) {
  const label = (b) => (b.to === null ? t('reports.bucket_over', { h: b.from / 60 }) : t('reports.bucket', { a: b.from / 60, b: b.to / 60 }));
  chart(canvas, {
    type: 'bar',
    data: { labels: spread.buckets.map(label), datasets: [{
      label: t('reports.jobs_reached'), data: spread.buckets.map((b) => b.jobs),
      backgroundColor: spread.buckets.map((b) => (b.to !== null && b.to <= 360 ? COLOURS.teal : b.to !== null && b.to <= 1440 ? COLOURS.orange : COLOURS.red)),
    }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  }, charts);
}

export function render(main, params, me) {
  const charts = [];
  state.to = state.to || today();
  state.from = state.from || today(-29);
  const from = h('input', { type: 'date', name: 'from', value: state.from, max: today() });
  const to = h('input', { type: 'date', name: 'to', value: state.to, max: today() });
  const point = h('select', { name: 'service_point_id', disabled: Boolean(me.service_point_id) },
    h('option', { value: '' }, me.service_point_id ? (me.point_name || t('nav.point_scope')) : t('reports.network')));
  const show = h('button', { type: 'submit', class: 'primary' }, t('reports.show'));
  const box = messageBox();
  const body = h('div', { class: 'reports-body' });
  const form = h('form', { novalidate: true, class: 'toolbar' }, h('label', { class: 'inline' }, t('reports.from'), from),
    h('label', { class: 'inline' }, t('reports.to'), to), h('label', { class: 'inline' }, t('reports.scope'), point), show,
    h('span', { class: 'muted small' }, t('reports.days_note')));

  if (!me.service_point_id) {
    allPoints().then((points) => {
      points.slice().sort((a, b) => a.name.localeCompare(b.name)).forEach((p) => point.append(h('option', { value: p.id, selected: p.id === state.point }, p.name)));
    }).catch(() => {});
  }

  async function load() {
    charts.splice(0).forEach((c) => c.destroy());
    delete body.dataset.drawn;
    const query = { from: state.from, to: state.to, service_point_id: state.point || undefined };
    box.hidden = true;
    clear(body, h('p', { class: 'muted' }, t('common.loading')));
    try {
      const [kpis, standards, spread] = await Promise.all([
        get('/reports/kpis', query), get('/reports/standards', query), get('/reports/time-to-site', query)]);
      const targets = Object.fromEntries(standards.flatMap((area) => area.indicators.map((i) => [i.name, i])));
      const onTime = h('canvas', { 'aria-label': t('reports.chart_on_time') });
      const toSite = h('canvas', { 'aria-label': t('reports.chart_to_site') });
      const satisfaction = h('canvas', { 'aria-label': t('reports.chart_satisfaction') });
      const types = h('div');
      clear(body,
        h('section', { 'data-section': 'kpis' }, h('h2', null, t('reports.kpis')), tiles(kpis, targets), holdBands(kpis)),
        h('div', { class: 'charts' },
          chartBox(t('reports.chart_on_time'), onTime, t('reports.chart_on_time_note')),
          chartBox(t('reports.chart_to_site'), toSite, t('reports.chart_to_site_note', { n: spread.jobs })),
          chartBox(t('reports.chart_satisfaction'), satisfaction)),
        standardsSection(standards, charts),
        types);
      drawTimeToSite(spread, charts, toSite);
      serviceTypesSection(types, { from: state.from, to: state.to }, charts, me).catch((error) => showError(box, error));
      await drawDaily(query, charts, onTime, satisfaction);
      body.dataset.drawn = 'daily';
    } catch (error) {
      clear(body);
      showError(box, error);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    Object.assign(state, { from: from.value, to: to.value, point: point.value });
    load();
  });
  clear(main, heading(t('nav.reports'), h('span', { class: 'muted small' }, t('reports.period_note'))), form, box, body);
  load();
  return () => { charts.splice(0).forEach((c) => c.destroy()); };
}


