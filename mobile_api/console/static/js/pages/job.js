// One job: everything the API says about it, its timeline, and the dispatcher's actions.
import { get, post } from '../api.js';
import { promiseBadge, statusBadge } from '../badges.js';
import { clear, h } from '../dom.js';
import { dateTime, number, timeLeft, word } from '../format.js';
import { t } from '../i18n.js';
import { assignPanel } from './assign.js';
import { loading, messageBox, showDone, showError } from './shared.js';

const OPEN = ['pending', 'assigned', 'accepted', 'en_route'];
const GESTURES = ['gift', 'free_cleaning', 'discount', 'apology_call', 'other'];

function yesNo(value) {
  if (value === null || value === undefined) return '—';
  return t(value ? 'common.yes' : 'common.no');
}

// A definition list of [label, value] rows; a value may be an element.
function facts(rows) {
  return h('dl', { class: 'facts' }, rows.filter(Boolean).map(([label, value]) =>
    [h('dt', null, label), h('dd', null, value ?? '—')]));
}

function panel(title, ...content) {
  return h('section', { class: 'panel' }, h('h2', null, title), ...content);
}

function promisePanel(job) {
  const p = job.promise;
  const open = OPEN.includes(job.status);
  return panel(t('job.promise'), facts([
    [t('job.respond_by'), [dateTime(p.respond_by), open && p.respond_by && !job.accepted_at ? h('span', { class: 'muted' }, ` · ${timeLeft(p.respond_by)}`) : null]],
    [t('job.on_site_by'), [dateTime(p.on_site_by), open ? h('span', { class: 'muted' }, ` · ${timeLeft(p.on_site_by)}`) : null]],
    [t('job.target_on_site_by'), dateTime(p.target_on_site_by)],
    job.preferred_window && [t('job.window'), `${dateTime(job.preferred_window.start)} – ${dateTime(job.preferred_window.end)}`],
    [t('job.eta'), dateTime(job.eta)],
    [t('job.accepted_at'), dateTime(job.accepted_at)],
    [t('job.arrived_at'), dateTime(job.arrived_at)],
    [t('job.completed_at'), dateTime(job.completed_at)],
    [t('job.on_time'), yesNo(job.on_time)],
    [t('job.at_risk'), p.at_risk ? h('span', { class: 'badge alert-at-risk' }, t('promise.at_risk')) : t('common.no')],
    [t('job.breached'), p.breached ? h('span', { class: 'badge alert-breached' }, t('promise.breached')) : t('common.no')],
  ]));
}

function peoplePanel(job) {
  const sp = job.service_point;
  return panel(t('job.people'), facts([
    [t('job.customer'), job.customer ? [job.customer.name, job.customer.phone ? h('div', { class: 'muted' }, job.customer.phone) : null] : '—'],
    [t('job.address'), [job.address || '—', h('div', { class: 'muted small' }, `${number(job.location.lat, 4)}, ${number(job.location.lon, 4)}`)]],
    [t('job.point'), sp ? [sp.name, h('div', { class: 'muted' }, [sp.phone, sp.distance_km != null ? ` · ${number(sp.distance_km, 1)} km` : ''])] : h('span', { class: 'muted' }, t('queue.no_point'))],
    [t('job.technician'), job.technician ? [job.technician.name, h('div', { class: 'muted' }, job.technician.phone || '')] : '—'],
  ]));
}

function workPanel(job) {
  const unit = job.unit;
  return panel(t('job.work'), facts([
    [t('job.service'), `${word('service', job.service)} · ${job.brand || unit?.brand || ''}`],
    [t('job.description'), job.description],
    [t('job.unit'), unit ? `${unit.brand} ${unit.model} · ${unit.serial_number}` : '—'],
    [t('job.warranty'), job.warranty ? `${word('basis', job.warranty.basis)} · ${t(job.warranty.covered ? 'job.covered' : 'job.not_covered')}` : '—'],
    [t('job.resolution'), job.resolution],
    [t('job.parts'), job.parts?.length ? h('ul', { class: 'plain' }, job.parts.map((part) => h('li', null,
      `${part.name}${part.main_part ? ` (${t('job.main_part')})` : ''} · ${t(part.covered ? 'job.covered' : 'job.not_covered')}`))) : '—'],
    [t('job.courtesies'), job.courtesies?.length ? h('ul', { class: 'plain' }, job.courtesies.map((c) => h('li', null,
      `${word('courtesy', c.kind)}${c.note ? `: ${c.note}` : ''}`))) : '—'],
    [t('job.customer_confirmed'), yesNo(job.customer_confirmed)],
    [t('job.visits'), job.visits ?? '—'],
    [t('job.fixed_first_visit'), yesNo(job.fixed_first_visit)],
    [t('job.feedback'), job.feedback ? [t(job.feedback.satisfied ? 'job.satisfied' : 'job.unsatisfied'),
      job.feedback.rating ? ` · ${'★'.repeat(job.feedback.rating)}` : '', job.feedback.comment ? h('div', { class: 'muted' }, job.feedback.comment) : null] : '—'],
    [t('job.goodwill'), job.goodwill?.length ? h('ul', { class: 'plain' }, job.goodwill.map((g) => h('li', null,
      `${word('gesture', g.gesture)} · ${g.note} · ${g.confirmed_by?.name ?? ''} · ${dateTime(g.at)}`))) : '—'],
  ]));
}

function timeline(job) {
  return panel(t('job.timeline'), h('ol', { class: 'timeline' }, job.timeline.map((event) => h('li', {
    class: `event event-${event.event}`, 'data-event': event.event,
  }, h('div', { class: 'event-head' }, h('strong', null, word('event', event.event)),
    h('span', { class: 'muted small' }, ` · ${word('actor', event.actor_role)} · ${dateTime(event.at)}`)),
  event.note ? h('div', { class: 'event-note' }, event.note) : null))));
}

// A gesture is for a job that failed its customer: lapsed, breached, unhappy or complained of.
function mayMakeAmends(job) {
  return job.promise.breached || Boolean(job.goodwill_suggestion) || job.feedback?.satisfied === false
    || job.timeline.some((e) => ['lapsed', 'complaint', 'at_risk', 'breached'].includes(e.event));
}

function goodwillPanel(job, onDone) {
  const box = messageBox();
  const gesture = h('select', { name: 'gesture' }, GESTURES.map((g) => h('option', {
    value: g, selected: g === (job.goodwill_suggestion || 'gift'),
  }, word('gesture', g))));
  const note = h('input', { type: 'text', name: 'note', required: true, maxlength: 500, placeholder: t('goodwill.note_hint') });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('goodwill.submit'));
  const form = h('form', { novalidate: true, class: 'panel action', 'data-action': 'goodwill' },
    h('h2', null, t('goodwill.title')),
    job.goodwill_suggestion ? h('p', { class: 'muted' }, t('goodwill.suggested', { gesture: word('gesture', job.goodwill_suggestion) })) : null,
    h('div', { class: 'row' }, h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('goodwill.gesture')), gesture),
      h('label', { class: 'field grow' }, h('span', { class: 'field-label' }, t('goodwill.note')), note)),
    submit, box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await post(`/jobs/${encodeURIComponent(job.id)}/goodwill`, { gesture: gesture.value, note: note.value.trim() });
      onDone(null, t('goodwill.done'));
    } catch (error) { showError(box, error); submit.disabled = false; }
  });
  return form;
}

function cancelPanel(job, onDone) {
  const box = messageBox();
  const reason = h('input', { type: 'text', name: 'cancel-reason', maxlength: 500, placeholder: t('cancel.hint') });
  const submit = h('button', { type: 'submit', class: 'danger' }, t('cancel.submit'));
  const form = h('form', { novalidate: true, class: 'panel action', 'data-action': 'cancel' }, h('h2', null, t('cancel.title')),
    h('div', { class: 'row' }, h('label', { class: 'field grow' }, h('span', { class: 'field-label' }, t('cancel.reason')), reason), submit), box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!window.confirm(t('cancel.confirm'))) return;
    submit.disabled = true;
    try {
      onDone(await post(`/jobs/${encodeURIComponent(job.id)}/cancel`, { reason: reason.value.trim() }), t('cancel.done'));
    } catch (error) { showError(box, error); submit.disabled = false; }
  });
  return form;
}

export function render(main, [id]) {
  const box = messageBox();
  let stopped = false;

  function draw(job, done) {
    const open = OPEN.includes(job.status);
    clear(main,
      h('div', { class: 'page-head' },
        h('a', { href: '#/queue', class: 'back' }, `← ${t('nav.queue')}`),
        h('h1', null, `${word('service', job.service)} · ${job.customer?.name ?? ''}`),
        statusBadge(job.status), promiseBadge(job),
        h('span', { class: 'muted small' }, `${t('job.booked')} ${dateTime(job.created_at)} · ${t('common.beijing_time')}`)),
      box,
      h('div', { class: 'job-grid' },
        h('div', { class: 'job-main' },
          h('div', { class: 'two' }, peoplePanel(job), promisePanel(job)),
          open ? assignPanel(job, after) : null,
          mayMakeAmends(job) ? goodwillPanel(job, after) : null,
          open ? cancelPanel(job, after) : null,
          workPanel(job)),
        h('div', { class: 'job-side' }, timeline(job))));
    if (done) showDone(box, done);
  }

  async function after(job, done) {
    try { draw(job || await get(`/jobs/${encodeURIComponent(id)}`), done); } catch (error) { showError(box, error); }
    window.scrollTo(0, 0);
  }

  clear(main, loading());
  get(`/jobs/${encodeURIComponent(id)}`).then((job) => { if (!stopped) draw(job); })
    .catch((error) => { if (!stopped) { clear(main, h('a', { href: '#/queue' }, `← ${t('nav.queue')}`), box); showError(box, error); } });
  return () => { stopped = true; };
}
