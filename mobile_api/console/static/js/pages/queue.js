// The queue: open jobs, newest first, pending / at-risk / breached standing out, refreshed
// every 20 seconds without reloading the page.
import { list } from '../api.js';
import { promiseBadge, statusBadge, urgency } from '../badges.js';
import { clear, h } from '../dom.js';
import { clock, dateTime, timeLeft, word } from '../format.js';
import { t } from '../i18n.js';
import { heading, loading, messageBox, pager, showError } from './shared.js';

const REFRESH_MS = 20000;
const PER_PAGE = 20;
// filter name -> the API's query
const FILTERS = {
  open: { open: true },
  pending: { status: 'pending' },
  at_risk: { at_risk: true, open: true },
  breached: { breached: true, open: true },
  assigned: { status: 'assigned' },
  accepted: { status: 'accepted' },
  en_route: { status: 'en_route' },
  on_site: { status: 'on_site' },
  completed: { status: 'completed' },
  cancelled: { status: 'cancelled' },
  all: {},
};
const COUNTED = ['pending', 'at_risk', 'breached'];
const state = { filter: 'open', order: 'newest', page: 1 };

function promiseCell(job) {
  if (['completed', 'cancelled'].includes(job.status)) return h('td', { class: 'muted' }, '—');
  if (job.arrived_at) return h('td', null, t('queue.arrived', { at: dateTime(job.arrived_at) }));
  const waitingForAnswer = job.status === 'assigned';
  const due = waitingForAnswer ? job.promise.respond_by : job.promise.on_site_by;
  const late = new Date(due).getTime() < Date.now();
  return h('td', null,
    h('div', { class: late ? 'time-left late' : 'time-left' }, timeLeft(due)),
    h('small', { class: 'muted' }, t(waitingForAnswer ? 'queue.answer_by' : 'queue.on_site_by', { at: dateTime(due) })));
}

function row(job) {
  const open = () => { location.hash = `#/job/${encodeURIComponent(job.id)}`; };
  return h('tr', { class: `job-row urgency-${urgency(job)}`, tabindex: 0, 'data-job': job.id,
    onclick: open, onkeydown: (e) => { if (e.key === 'Enter') open(); } },
  h('td', null, statusBadge(job.status), ' ', promiseBadge(job)),
  h('td', null, h('a', { href: `#/job/${encodeURIComponent(job.id)}` }, word('service', job.service)),
    h('div', { class: 'muted small' }, job.brand || job.unit?.brand || '')),
  h('td', null, job.customer?.name || '—', h('div', { class: 'muted small clip' }, job.address || '')),
  h('td', { class: 'clip' }, job.description),
  h('td', null, job.service_point?.name || h('span', { class: 'muted' }, t('queue.no_point')),
    job.technician ? h('div', { class: 'muted small' }, job.technician.name) : null),
  h('td', null, dateTime(job.created_at)),
  promiseCell(job));
}

export function render(main) {
  const counts = h('div', { class: 'counts' });
  const filter = h('select', { name: 'filter', 'aria-label': t('queue.filter') },
    Object.keys(FILTERS).map((name) => h('option', { value: name, selected: name === state.filter }, t(`queue.filter.${name}`))));
  const order = h('select', { name: 'order', 'aria-label': t('queue.order') },
    ['newest', 'due'].map((name) => h('option', { value: name, selected: name === state.order }, t(`queue.order.${name}`))));
  const updated = h('span', { class: 'muted small', 'data-updated': '' });
  const box = messageBox();
  const table = h('div', { class: 'table-wrap' }, loading());
  const footer = h('div');
  let timer = null;
  let stopped = false;

  async function refresh() {
    try {
      const { data, page } = await list('/jobs', { ...FILTERS[state.filter], order: state.order, page: state.page, per_page: PER_PAGE });
      if (stopped) return;
      if (page && page.total_pages && state.page > page.total_pages) { state.page = page.total_pages; return refresh(); }
      box.hidden = true;
      table.classList.toggle('table-wrap', data.length > 0);
      clear(table, data.length ? h('table', { class: 'jobs' },
        h('thead', null, h('tr', null, ['status', 'service', 'customer', 'description', 'point', 'booked', 'promise']
          .map((c) => h('th', null, t(`queue.col.${c}`))))),
        h('tbody', null, data.map(row))) : h('p', { class: 'empty' }, t('queue.empty')));
      clear(footer, pager(page, (n) => { state.page = n; refresh(); }));
      updated.textContent = t('queue.updated', { at: clock(new Date()) });
      refreshCounts();
    } catch (error) {
      if (!stopped) showError(box, error);
    }
  }

  async function refreshCounts() {
    const totals = await Promise.all(COUNTED.map((name) =>
      list('/jobs', { ...FILTERS[name], per_page: 1 }).then((r) => r.page?.total ?? 0).catch(() => null)));
    if (stopped) return;
    clear(counts, COUNTED.map((name, i) => h('button', {
      type: 'button', class: `count count-${name}${state.filter === name ? ' active' : ''}`, 'data-count': name,
      onclick: () => { state.filter = name; state.page = 1; filter.value = name; refresh(); },
    }, h('strong', null, totals[i] ?? '—'), ' ', t(`queue.filter.${name}`))));
  }

  filter.addEventListener('change', () => { state.filter = filter.value; state.page = 1; refresh(); });
  order.addEventListener('change', () => { state.order = order.value; state.page = 1; refresh(); });
  clear(main,
    heading(t('queue.title'), counts),
    h('div', { class: 'toolbar' }, h('label', { class: 'inline' }, t('queue.filter'), ' ', filter),
      h('label', { class: 'inline' }, t('queue.order'), ' ', order),
      h('button', { type: 'button', onclick: refresh }, t('queue.refresh')), updated,
      h('span', { class: 'muted small' }, t('common.beijing_time'))),
    box, table, footer);
  refresh();
  timer = setInterval(refresh, REFRESH_MS);
  return () => { stopped = true; clearInterval(timer); };
}
