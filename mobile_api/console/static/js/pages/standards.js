// The seven standard areas (a score each, and every indicator against its target) and the
// four types of service (every point placed by its standardised and personal scores).
import { list } from '../api.js';
import { COLOURS, chart, percentAxis } from '../charts.js';
import { clear, h } from '../dom.js';
import { number, percent, valueText } from '../format.js';
import { t } from '../i18n.js';

const TYPE_COLOURS = { quality: COLOURS.teal, procedural: COLOURS.blue, friendly: COLOURS.orange, cold: COLOURS.red };
const THRESHOLD = 0.8;

function verdict(met) {
  if (met === null || met === undefined) return h('span', { class: 'muted' }, t('reports.not_measured'));
  return h('span', { class: `badge ${met ? 'tag-ok' : 'alert-breached'}` }, t(met ? 'reports.met' : 'reports.missed'));
}

export function standardsSection(areas, charts) {
  const canvas = h('canvas', { 'aria-label': t('reports.standards') });
  const section = h('section', { 'data-section': 'standards' }, h('h2', null, t('reports.standards')),
    h('div', { class: 'standards' },
      h('div', { class: 'panel chart-box' }, h('div', { class: 'chart tall' }, canvas), h('p', { class: 'muted small' }, t('reports.score_note'))),
      h('div', { class: 'areas' }, areas.map((area) => h('div', { class: 'panel area', 'data-area': area.area },
        h('h3', null, t(`area.${area.area}`), ' ', h('span', { class: 'area-score' }, area.score === null ? '—' : percent(area.score))),
        h('table', { class: 'indicators' }, h('tbody', null, area.indicators.map((i) => h('tr', null,
          h('td', null, t(`kpi.${i.name}`)),
          h('td', { class: 'num' }, valueText(i.name, i.value)),
          h('td', { class: 'num muted' }, `${i.direction === 'at_most' ? '≤' : '≥'} ${valueText(i.name, i.target)}`),
          h('td', null, verdict(i.met)))))))))));
  requestAnimationFrame(() => chart(canvas, {
    type: 'bar',
    data: { labels: areas.map((a) => wrap(t(`area.${a.area}`))), datasets: [{
      label: t('reports.score'), data: areas.map((a) => a.score),
      backgroundColor: areas.map((a) => (a.score === null ? COLOURS.grey : a.score >= 0.8 ? COLOURS.teal : a.score >= 0.5 ? COLOURS.orange : COLOURS.red)),
    }] },
    options: { indexAxis: 'y', scales: { x: percentAxis }, plugins: { legend: { display: false },
      tooltip: { callbacks: { label: (c) => percent(c.parsed.x) } } } },
  }, charts));
  return section;
}

// A long label on two lines, so that the bars keep their room.
function wrap(label) {
  const words = label.split(' ');
  if (label.length < 16 || words.length < 2) return label;
  const half = Math.ceil(words.length / 2);
  return [words.slice(0, half).join(' '), words.slice(half).join(' ')];
}

// The axis starts a little below the lowest score (never below 0), so the points spread out.
function axisFloor(values) {
  const lowest = Math.min(THRESHOLD, ...values);
  return Math.max(0, Math.floor(lowest * 10) / 10 - 0.1);
}

// Draws the threshold lines that cut the plane into the four types.
const quadrantLines = {
  id: 'quadrantLines',
  afterDraw(made) {
    const { ctx, chartArea: area, scales: { x, y } } = made;
    ctx.save();
    ctx.strokeStyle = '#55606e';
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(x.getPixelForValue(THRESHOLD), area.top);
    ctx.lineTo(x.getPixelForValue(THRESHOLD), area.bottom);
    ctx.moveTo(area.left, y.getPixelForValue(THRESHOLD));
    ctx.lineTo(area.right, y.getPixelForValue(THRESHOLD));
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#55606e';
    ctx.font = 'bold 12px sans-serif';
    const corner = (text, px, py, align) => { ctx.textAlign = align; ctx.fillText(text, px, py); };
    corner(t('type.quality'), area.right - 6, area.top + 16, 'right');
    corner(t('type.friendly'), area.left + 6, area.top + 16, 'left');
    corner(t('type.procedural'), area.right - 6, area.bottom - 8, 'right');
    corner(t('type.cold'), area.left + 6, area.bottom - 8, 'left');
    ctx.restore();
  },
};

async function placedPoints(query) {
  const first = await list('/reports/service-types', { ...query, per_page: 100 });
  const pages = first.page?.total_pages ?? 1;
  const rest = await Promise.all(Array.from({ length: pages - 1 }, (_, i) => list('/reports/service-types', { ...query, per_page: 100, page: i + 2 })));
  const totals = JSON.parse(first.headers.get('X-Service-Types') || '{}');
  return { points: [first, ...rest].flatMap((r) => r.data), totals };
}

export async function serviceTypesSection(holder, query, charts) {
  clear(holder, h('p', { class: 'muted' }, t('common.loading')));
  const { points, totals } = await placedPoints(query);
  const canvas = h('canvas', { 'aria-label': t('reports.types') });
  clear(holder, h('section', { 'data-section': 'service-types' }, h('h2', null, t('reports.types')),
    h('div', { class: 'types' },
      h('div', { class: 'panel chart-box' }, h('div', { class: 'chart quadrant' }, canvas)),
      h('div', { class: 'panel' },
        h('ul', { class: 'legend type-totals' }, ['quality', 'procedural', 'friendly', 'cold'].map((type) => {
          const swatch = h('span', { class: 'swatch' });
          swatch.style.backgroundColor = TYPE_COLOURS[type];
          return h('li', { 'data-type': type }, swatch, h('strong', null, number(totals[type] ?? 0)), ` ${t(`type.${type}`)}`, h('div', { class: 'muted small' }, t(`type.${type}.says`)));
        }), h('li', { 'data-type': 'unplaced' }, h('strong', null, number(totals.unplaced ?? 0)), ` ${t('type.unplaced')}`)),
        h('p', { class: 'muted small' }, t('reports.types_note'))))));
  const placed = points.filter((p) => p.type && p.standard_score !== null && p.personal_score !== null);
  chart(canvas, {
    type: 'scatter',
    data: { datasets: ['quality', 'procedural', 'friendly', 'cold'].map((type) => ({
      label: t(`type.${type}`), backgroundColor: TYPE_COLOURS[type], pointRadius: 4,
      data: placed.filter((p) => p.type === type).map((p) => ({ x: p.standard_score, y: p.personal_score, name: p.service_point.name, jobs: p.jobs })),
    })) },
    options: {
      scales: { x: { ...percentAxis, min: axisFloor(placed.map((p) => p.standard_score)), title: { display: true, text: t('reports.standard_score') } },
        y: { ...percentAxis, min: axisFloor(placed.map((p) => p.personal_score)), title: { display: true, text: t('reports.personal_score') } } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.raw.name}: ${percent(c.raw.x)} / ${percent(c.raw.y)} (${c.raw.jobs})` } } },
    },
    plugins: [quadrantLines],
  }, charts);
  canvas.dataset.points = placed.length;
}
