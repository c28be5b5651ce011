// Placing a job: a point from a searchable list (nearest first, the ones that cover the
// address and serve its brand marked), then optionally one of its technicians.
import { get, list, post } from '../api.js';
import { clear, h } from '../dom.js';
import { number, word } from '../format.js';
import { t } from '../i18n.js';
import { allPoints, kmBetween } from '../points.js';
import { messageBox, showError } from './shared.js';

const SHOWN = 8;

async function eligibleIds(job) {
  try {
    const { data } = await list('/service-points', {
      lat: job.location.lat, lon: job.location.lon, service: job.service, brand: job.brand, per_page: 100,
    });
    return new Set(data.map((p) => p.id));
  } catch { return new Set(); }
}

function matches(point, words) {
  const text = `${point.name} ${point.address} ${point.kind}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

export function assignPanel(job, onDone) {
  const box = messageBox();
  const search = h('input', { type: 'search', name: 'point-search', placeholder: t('assign.search_point'), autocomplete: 'off' });
  const options = h('ul', { class: 'pick-list', role: 'listbox', 'aria-label': t('assign.points') });
  const techSearch = h('input', { type: 'search', name: 'technician-search', placeholder: t('assign.search_technician'), autocomplete: 'off', disabled: true });
  const techOptions = h('ul', { class: 'pick-list', role: 'listbox', 'aria-label': t('assign.technicians') });
  const reason = h('input', { type: 'text', name: 'reason', maxlength: 500, placeholder: t('assign.reason_hint') });
  const chosen = h('p', { class: 'chosen' }, t('assign.none_chosen'));
  const submit = h('button', { type: 'submit', class: 'primary', disabled: true }, t('assign.submit'));
  let points = [];
  let eligible = new Set();
  let technicians = [];
  let point = null;
  let technician = null;

  function showChoice() {
    clear(chosen, point ? [h('strong', null, point.name),
      technician ? [' → ', h('strong', null, technician.name)] : ` (${t('assign.point_only')})`]
      : t('assign.none_chosen'));
    submit.disabled = !point;
  }

  function drawPoints() {
    const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const shown = points.filter((p) => matches(p, words)).slice(0, SHOWN);
    clear(options, shown.length ? shown.map((p) => h('li', {
      role: 'option', tabindex: 0, 'aria-selected': String(point?.id === p.id),
      class: point?.id === p.id ? 'selected' : '', 'data-point': p.id,
      onclick: () => choosePoint(p), onkeydown: (e) => { if (e.key === 'Enter') choosePoint(p); },
    }, h('span', null, p.name),
    h('span', { class: 'muted small' }, ` ${word('kind', p.kind)} · ${number(p.km, 0)} km`),
    eligible.has(p.id) ? h('span', { class: 'badge tag-ok' }, t('assign.covers')) : null))
      : h('li', { class: 'muted' }, t('assign.no_match')));
  }

  function drawTechnicians() {
    const words = techSearch.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const shown = technicians.filter((p) => words.every((w) => `${p.name} ${p.phone}`.toLowerCase().includes(w)));
    clear(techOptions, point ? (shown.length ? shown.map((p) => h('li', {
      role: 'option', tabindex: 0, 'aria-selected': String(technician?.id === p.id),
      class: technician?.id === p.id ? 'selected' : '', 'data-technician': p.id,
      onclick: () => chooseTechnician(p), onkeydown: (e) => { if (e.key === 'Enter') chooseTechnician(p); },
    }, h('span', null, p.name), h('span', { class: 'muted small' },
      ` ${p.certifications.map((c) => word('skill', c.skill)).join(' / ') || t('assign.no_certificate')}`)))
      : h('li', { class: 'muted' }, t('assign.no_technicians'))) : null);
  }

  async function choosePoint(p) {
    point = p;
    technician = null;
    technicians = [];
    techSearch.disabled = false;
    drawPoints();
    showChoice();
    try {
      technicians = (await list(`/service-points/${encodeURIComponent(p.id)}/technicians`, { per_page: 100 })).data;
    } catch (error) { showError(box, error); }
    drawTechnicians();
  }

  function chooseTechnician(p) {
    technician = technician?.id === p.id ? null : p;
    drawTechnicians();
    showChoice();
  }

  const form = h('form', { novalidate: true, class: 'panel action', 'data-action': 'assign' },
    h('h2', null, t('assign.title')),
    h('div', { class: 'two' },
      h('div', null, h('label', { class: 'field-label' }, t('assign.points')), search, options),
      h('div', null, h('label', { class: 'field-label' }, t('assign.technicians')), techSearch, techOptions)),
    chosen,
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('assign.reason')), reason),
    submit, box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    const body = { service_point_id: point.id };
    if (technician) body.technician_id = technician.id;
    if (reason.value.trim()) body.reason = reason.value.trim();
    try {
      onDone(await post(`/jobs/${encodeURIComponent(job.id)}/assign`, body), t('assign.done'));
    } catch (error) {
      showError(box, error);
      submit.disabled = false;
    }
  });
  search.addEventListener('input', drawPoints);
  techSearch.addEventListener('input', drawTechnicians);

  (async () => {
    clear(options, h('li', { class: 'muted' }, t('common.loading')));
    try {
      const [all, ids] = await Promise.all([allPoints(), eligibleIds(job)]);
      eligible = ids;
      points = all.map((p) => ({ ...p, km: kmBetween(job.location, p.location) }))
        .sort((a, b) => (eligible.has(b.id) - eligible.has(a.id)) || (a.km - b.km));
      drawPoints();
    } catch (error) { showError(box, error); }
  })();
  return form;
}

export async function reloadJob(id) { return get(`/jobs/${encodeURIComponent(id)}`); }
