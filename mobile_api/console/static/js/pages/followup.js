// The follow-up desk: the callbacks due (record each call) and the complaints (resolve them).
import { list, post } from '../api.js';
import { clear, h } from '../dom.js';
import { dateTime, timeLeft, word } from '../format.js';
import { t } from '../i18n.js';
import { heading, messageBox, pager, showDone, showError } from './shared.js';

const PER_PAGE = 10;

function jobLink(id) {
  return id ? h('a', { href: `#/job/${encodeURIComponent(id)}` }, t('followup.open_job')) : h('span', { class: 'muted' }, '—');
}

function radio(name, value, label, checked) {
  return h('label', { class: 'inline' }, h('input', { type: 'radio', name, value, checked }), label);
}

function recordForm(callback, done) {
  const box = messageBox();
  const note = h('textarea', { name: 'note', required: true, maxlength: 4000, placeholder: t('followup.note_hint') });
  const satisfied = h('select', { name: 'satisfied' },
    h('option', { value: '' }, t('followup.satisfied_unknown')),
    h('option', { value: 'true' }, t('job.satisfied')),
    h('option', { value: 'false' }, t('job.unsatisfied')));
  const submit = h('button', { type: 'submit', class: 'primary' }, t('followup.record'));
  const form = h('form', { novalidate: true, class: 'inline-form', 'data-action': 'record-callback' },
    h('div', { class: 'row' },
      h('fieldset', { class: 'field' }, h('legend', { class: 'field-label' }, t('followup.reached')),
        h('div', { class: 'row' }, radio(`reached-${callback.id}`, 'true', t('common.yes'), true),
          radio(`reached-${callback.id}`, 'false', t('followup.not_reached')))),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('followup.satisfied')), satisfied)),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('followup.note')), note),
    submit, box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const reached = form.querySelector(`input[name="reached-${callback.id}"]:checked`).value === 'true';
    const body = { reached, note: note.value.trim() };
    if (reached && satisfied.value) body.satisfied = satisfied.value === 'true';
    submit.disabled = true;
    try {
      await post(`/callbacks/${encodeURIComponent(callback.id)}/record`, body);
      done(t('followup.recorded'));
    } catch (error) { showError(box, error); submit.disabled = false; }
  });
  return form;
}

function resolveForm(complaint, done) {
  const box = messageBox();
  const resolution = h('textarea', { name: 'resolution', required: true, maxlength: 4000, placeholder: t('followup.resolution_hint') });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('followup.resolve'));
  const form = h('form', { novalidate: true, class: 'inline-form', 'data-action': 'resolve-complaint' },
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('followup.resolution')), resolution), submit, box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await post(`/complaints/${encodeURIComponent(complaint.id)}/resolve`, { resolution: resolution.value.trim() });
      done(t('followup.resolved'));
    } catch (error) { showError(box, error); submit.disabled = false; }
  });
  return form;
}

// A paged table whose rows can open a form beneath them.
function section({ title, filters, path, query, columns, cells, action, form, key }) {
  const state = { filter: Object.keys(filters)[0], page: 1, open: null };
  const box = messageBox();
  const body = h('div', { class: 'table-wrap' });
  const footer = h('div');
  const choose = h('select', { name: `${key}-filter`, 'aria-label': t('queue.filter') },
    Object.keys(filters).map((name) => h('option', { value: name }, t(`followup.${key}.${name}`))));

  async function load(message) {
    try {
      const { data, page } = await list(path, { ...filters[state.filter], ...query, page: state.page, per_page: PER_PAGE });
      const rows = data.flatMap((item) => {
        const row = h('tr', { 'data-id': item.id }, cells(item), h('td', { class: 'actions' }, action(item) ? h('button', {
          type: 'button', 'data-open': item.id, onclick: () => { state.open = state.open === item.id ? null : item.id; load(); },
        }, action(item)) : null));
        const extra = state.open === item.id ? h('tr', { class: 'form-row' }, h('td', { colspan: columns.length + 1 },
          form(item, (text) => { state.open = null; load(text); }))) : null;
        return [row, extra];
      });
      clear(body, data.length ? h('table', null, h('thead', null, h('tr', null, columns.map((c) => h('th', null, c)), h('th'))),
        h('tbody', null, rows)) : h('p', { class: 'empty' }, t(`followup.${key}.empty`)));
      clear(footer, pager(page, (n) => { state.page = n; load(); }));
      if (message) showDone(box, message); else box.hidden = true;
    } catch (error) { showError(box, error); }
  }
  choose.addEventListener('change', () => { state.filter = choose.value; state.page = 1; state.open = null; load(); });
  load();
  return h('section', { class: 'followup-section', 'data-section': key },
    h('div', { class: 'toolbar' }, h('h2', null, title), choose), box, body, footer);
}

export function render(main) {
  const callbacks = section({
    key: 'callbacks', title: t('followup.callbacks'), path: '/callbacks', query: {},
    filters: { due: { due: true }, all: {}, later: { due: false } },
    columns: [t('followup.col.due'), t('followup.col.reason'), t('followup.col.customer'), t('followup.col.job')],
    cells: (c) => [
      h('td', null, dateTime(c.due_at), h('div', { class: new Date(c.due_at) < Date.now() ? 'small late' : 'small muted' }, timeLeft(c.due_at))),
      h('td', null, h('span', { class: `badge reason-${c.reason}` }, word('reason', c.reason))),
      h('td', null, c.customer.name, h('div', { class: 'muted small' }, c.customer.phone)),
      h('td', null, jobLink(c.job_id))],
    action: (c) => (c.done_at ? null : t('followup.record')),
    form: recordForm,
  });
  const complaints = section({
    key: 'complaints', title: t('followup.complaints'), path: '/complaints', query: {},
    filters: { open: { status: 'open' }, resolved: { status: 'resolved' }, all: {} },
    columns: [t('followup.col.filed'), t('followup.col.complaint'), t('followup.col.job')],
    cells: (c) => [
      h('td', null, dateTime(c.created_at), h('div', null, h('span', { class: `badge complaint-${c.status}` }, word('complaint', c.status)))),
      h('td', { class: 'wide' }, c.text, c.resolution ? h('div', { class: 'muted small' }, `${t('followup.resolution')}: ${c.resolution}`) : null),
      h('td', null, jobLink(c.job_id))],
    action: (c) => (c.status === 'open' ? t('followup.resolve') : null),
    form: resolveForm,
  });
  clear(main, heading(t('nav.followup'), h('span', { class: 'muted small' }, t('common.beijing_time'))),
    h('div', { class: 'followup' }, callbacks, complaints));
}
