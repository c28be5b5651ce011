// The network on a map of China drawn from Natural Earth outlines (no tile server, works
// offline): service points coloured by kind, open jobs by status; a job opens on click.
import { list } from '../api.js';
import { clear, h } from '../dom.js';
import { word } from '../format.js';
import { t } from '../i18n.js';
import { allPoints } from '../points.js';
import { heading, messageBox, showError } from './shared.js';

const KIND_COLOURS = { branch: '#0b5cab', authorised: '#1f8a70', agent: '#8e5bd6' };
const STATUS_COLOURS = {
  pending: '#e08a00', assigned: '#2f7fd6', accepted: '#138496', en_route: '#4b55c4', on_site: '#2e8b3e',
};
const OUTLINE_STYLES = {
  neighbour: { color: '#c5ccd4', weight: 0.8, fillColor: '#eceef1', fillOpacity: 1 },
  country: { color: '#55606e', weight: 1.4, fillColor: '#ffffff', fillOpacity: 1 },
  province: { color: '#aab4bf', weight: 0.8, fill: false },
};
const CHINA = [[17.5, 73], [54, 135]];
const MAX_JOBS = 500;

async function openJobs() {
  const jobs = [];
  let total = 0;
  for (let page = 1; jobs.length < MAX_JOBS; page += 1) {
    const { data, page: meta } = await list('/jobs', { open: true, per_page: 100, page });
    jobs.push(...data);
    total = meta?.total ?? jobs.length;
    if (!meta || page >= meta.total_pages) break;
  }
  return { jobs, total };
}

function legendItem(colour, label, ring) {
  const swatch = h('span', { class: ring ? 'swatch ring' : 'swatch' });
  swatch.style.backgroundColor = colour;
  return h('li', null, swatch, label);
}

export function render(main) {
  const L = window.L;
  const box = messageBox();
  const canvas = h('div', { class: 'map', id: 'map' });
  const kinds = h('ul', { class: 'legend' }, Object.entries(KIND_COLOURS).map(([kind, colour]) => legendItem(colour, word('kind', kind))));
  const summary = h('p', { class: 'muted small', 'data-map-summary': '' }, t('common.loading'));
  const legend = h('aside', { class: 'map-legend panel' },
    h('h2', null, t('map.points')),
    kinds,
    h('h2', null, t('map.jobs')),
    h('ul', { class: 'legend' }, Object.entries(STATUS_COLOURS).map(([status, colour]) => legendItem(colour, t(`status.${status}`), true)),
      h('li', null, h('span', { class: 'swatch ring alert' }), t('map.at_risk_or_breached'))),
    summary,
    h('p', { class: 'muted small' }, t('map.click_job')),
    h('p', { class: 'muted small' }, t('map.source')));
  clear(main, heading(t('nav.map')), box, h('div', { class: 'map-layout' }, canvas, legend));

  const map = L.map(canvas, { zoomSnap: 0.25, minZoom: 3, maxZoom: 12, worldCopyJump: false, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Natural Earth');
  map.fitBounds(CHINA);
  let stopped = false;

  (async () => {
    try {
      const outlines = await (await fetch(new URL('../../map/china.geojson', import.meta.url), { credentials: 'omit' })).json();
      if (stopped) return;
      for (const layer of ['neighbour', 'country', 'province']) {
        L.geoJSON({ type: 'FeatureCollection', features: outlines.features.filter((f) => f.properties.layer === layer) },
          { style: OUTLINE_STYLES[layer], interactive: false, className: `outline outline-${layer}` }).addTo(map);
      }
      canvas.dataset.outlines = outlines.features.length;
      const points = await allPoints();
      if (stopped) return;
      for (const point of points) {
        L.circleMarker([point.location.lat, point.location.lon], {
          radius: 3.5, weight: 1, color: '#ffffff', fillColor: KIND_COLOURS[point.kind] || '#666', fillOpacity: 0.9,
          className: `point point-${point.kind}`,
        }).bindTooltip(`${point.name} · ${word('kind', point.kind)}`).addTo(map);
      }
      canvas.dataset.points = points.length;
      clear(kinds, Object.entries(KIND_COLOURS).map(([kind, colour]) => legendItem(colour,
        `${word('kind', kind)} (${points.filter((p) => p.kind === kind).length})`)));
      const { jobs, total } = await openJobs();
      if (stopped) return;
      for (const job of jobs) {
        const alert = job.promise?.breached || job.promise?.at_risk;
        const marker = L.circleMarker([job.location.lat, job.location.lon], {
          radius: 6.5, weight: alert ? 3 : 1.5, color: alert ? '#c0262d' : '#ffffff',
          fillColor: STATUS_COLOURS[job.status] || '#444', fillOpacity: 1, className: `job job-${job.status}`,
        }).bindTooltip(`${t(`status.${job.status}`)}${alert ? ` · ${t(job.promise.breached ? 'promise.breached' : 'promise.at_risk')}` : ''} · ${word('service', job.service)} · ${job.customer?.name ?? ''}`)
          .on('click', () => { location.hash = `#/job/${encodeURIComponent(job.id)}`; }).addTo(map);
        marker.getElement?.()?.setAttribute('data-job', job.id);
      }
      canvas.dataset.jobs = jobs.length;
      summary.textContent = t('map.summary', { points: points.length, jobs: jobs.length, total });
    } catch (error) {
      if (!stopped) showError(box, error);
    }
  })();
  return () => { stopped = true; map.remove(); };
}
