// The hotline desk: log a call as it happens (ring, answer, holds, hang-up) and book a job for
// the caller, exactly as the app would book it.
import { list, post } from '../api.js';
import { clear, h } from '../dom.js';
import { beijingInput, dateTime, fromBeijingInput, word } from '../format.js';
import { t } from '../i18n.js';
import { heading, messageBox, pager, showDone, showError } from './shared.js';
import { locationPicker } from './picker.js';

const OUTCOMES = ['booked', 'advice', 'message', 'complaint', 'abandoned', 'other'];
const SERVICES = ['repair', 'install', 'maintenance', 'cleaning'];
const BRANDS = ['Gree', 'Midea', 'Haier', 'Hisense', 'AUX', 'Daikin'];

function labelled(label, control, extra) {
  return h('label', { class: `field ${extra || ''}` }, h('span', { class: 'field-label' }, label), control);
}

function moment(name) {
  return h('input', { type: 'datetime-local', name, step: 1 });
}

function callForm(onLogged) {
  const box = messageBox();
  const direction = h('select', { name: 'direction' }, ['inbound', 'outbound'].map((d) => h('option', { value: d }, word('direction', d))));
  const phone = h('input', { type: 'tel', name: 'call-phone', required: true, placeholder: '138 0000 0003' });
  const callerName = h('input', { type: 'text', name: 'caller-name', maxlength: 120 });
  const rang = moment('rang_at');
  const answered = moment('answered_at');
  const ended = moment('ended_at');
  const holds = [];
  let holdStart = null;
  const holdList = h('ul', { class: 'plain holds' });
  const holdButton = h('button', { type: 'button', 'data-live': 'hold' }, t('hotline.hold'));
  const outcome = h('select', { name: 'outcome' }, OUTCOMES.map((o) => h('option', { value: o }, word('outcome', o))));
  const transferred = h('input', { type: 'text', name: 'transferred_to', maxlength: 120 });
  const jobId = h('input', { type: 'text', name: 'call-job-id', maxlength: 64, placeholder: t('hotline.job_id_hint') });
  const note = h('textarea', { name: 'call-note', maxlength: 4000 });
  const messageText = h('textarea', { name: 'message-text', maxlength: 2000, placeholder: t('hotline.message_hint') });
  const callBackBy = moment('call_back_by');
  const messageFields = h('div', { class: 'message-fields', hidden: true },
    labelled(t('hotline.message'), messageText), labelled(t('hotline.call_back_by'), callBackBy));
  const submit = h('button', { type: 'submit', class: 'primary' }, t('hotline.log'));

  function drawHolds() {
    clear(holdList, holds.map((hold, i) => h('li', null, `${dateTime(fromBeijingInput(hold.start))} – ${dateTime(fromBeijingInput(hold.end))} `,
      h('button', { type: 'button', class: 'link', onclick: () => { holds.splice(i, 1); drawHolds(); } }, t('hotline.remove')))),
    holdStart ? h('li', { class: 'muted' }, t('hotline.on_hold_since', { at: dateTime(fromBeijingInput(holdStart)) })) : null);
    holdButton.textContent = t(holdStart ? 'hotline.resume' : 'hotline.hold');
  }

  const live = h('div', { class: 'live-buttons' },
    h('button', { type: 'button', 'data-live': 'ring', onclick: () => { rang.value = beijingInput(); } }, t('hotline.ringing')),
    h('button', { type: 'button', 'data-live': 'answer', onclick: () => { answered.value = beijingInput(); } }, t('hotline.answered')),
    holdButton,
    h('button', { type: 'button', 'data-live': 'hangup', onclick: () => { ended.value = beijingInput(); } }, t('hotline.hung_up')));
  holdButton.addEventListener('click', () => {
    if (holdStart) { holds.push({ start: holdStart, end: beijingInput() }); holdStart = null; } else holdStart = beijingInput();
    drawHolds();
  });
  outcome.addEventListener('change', () => { messageFields.hidden = outcome.value !== 'message'; });

  const form = h('form', { novalidate: true, class: 'panel action', 'data-action': 'log-call' },
    h('h2', null, t('hotline.log_title')),
    h('p', { class: 'muted small' }, t('hotline.live_hint')), live,
    h('div', { class: 'grid3' }, labelled(t('hotline.direction'), direction), labelled(t('hotline.phone'), phone), labelled(t('hotline.caller_name'), callerName)),
    h('div', { class: 'grid3' }, labelled(t('hotline.rang_at'), rang), labelled(t('hotline.answered_at'), answered), labelled(t('hotline.ended_at'), ended)),
    h('div', null, h('span', { class: 'field-label' }, t('hotline.holds')), holdList),
    h('div', { class: 'grid3' }, labelled(t('hotline.outcome'), outcome), labelled(t('hotline.transferred_to'), transferred), labelled(t('hotline.job_id'), jobId)),
    messageFields,
    labelled(t('hotline.note'), note),
    submit, box);
  drawHolds();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      direction: direction.value, phone: phone.value.trim(), rang_at: fromBeijingInput(rang.value),
      answered_at: fromBeijingInput(answered.value), ended_at: fromBeijingInput(ended.value),
      holds: holds.map((hold) => ({ start: fromBeijingInput(hold.start), end: fromBeijingInput(hold.end) })),
      outcome: outcome.value,
    };
    if (callerName.value.trim()) body.caller_name = callerName.value.trim();
    if (transferred.value.trim()) body.transferred_to = transferred.value.trim();
    if (jobId.value.trim()) body.job_id = jobId.value.trim();
    if (note.value.trim()) body.note = note.value.trim();
    if (outcome.value === 'message') body.message = { text: messageText.value.trim(), call_back_by: fromBeijingInput(callBackBy.value) };
    submit.disabled = true;
    try {
      const call = await post('/calls', body);
      showDone(box, t('hotline.logged', {
        rings: call.rings ?? '—', standard: t(call.answered_within_standard ? 'hotline.within_standard' : 'hotline.not_within_standard'),
        band: word('band', call.hold_band),
      }));
      onLogged(call, callerName.value.trim());
    } catch (error) { showError(box, error); }
    submit.disabled = false;
  });
  return form;
}

function bookingForm() {
  const box = messageBox();
  const phone = h('input', { type: 'tel', name: 'customer-phone', required: true, placeholder: '138 0000 0003' });
  const name = h('input', { type: 'text', name: 'customer-name', required: true, maxlength: 120 });
  const service = h('select', { name: 'service' }, SERVICES.map((s) => h('option', { value: s }, word('service', s))));
  const brand = h('select', { name: 'brand' }, BRANDS.map((b) => h('option', { value: b }, b)));
  const description = h('textarea', { name: 'description', required: true, maxlength: 2000 });
  const address = h('input', { type: 'text', name: 'address', required: true, maxlength: 300 });
  const windowStart = moment('window_start');
  const windowEnd = moment('window_end');
  const callId = h('input', { type: 'text', name: 'call_id', maxlength: 64, placeholder: t('hotline.call_id_hint') });
  const picker = locationPicker();
  const submit = h('button', { type: 'submit', class: 'primary' }, t('hotline.book'));
  const form = h('form', { novalidate: true, class: 'panel action', 'data-action': 'book' },
    h('h2', null, t('hotline.book_title')),
    h('div', { class: 'grid3' }, labelled(t('hotline.phone'), phone), labelled(t('hotline.customer_name'), name), labelled(t('hotline.call_id'), callId)),
    h('div', { class: 'grid3' }, labelled(t('job.service'), service), labelled(t('hotline.brand'), brand), labelled(t('job.address'), address)),
    labelled(t('job.description'), description),
    h('div', null, h('span', { class: 'field-label' }, t('hotline.location')), picker.element),
    h('div', { class: 'grid3' }, labelled(t('hotline.window_start'), windowStart), labelled(t('hotline.window_end'), windowEnd)),
    submit, box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      customer: { phone: phone.value.trim(), name: name.value.trim() }, service: service.value, brand: brand.value,
      description: description.value.trim(), address: address.value.trim(), location: picker.value(),
    };
    if (windowStart.value || windowEnd.value) body.preferred_window = { start: fromBeijingInput(windowStart.value), end: fromBeijingInput(windowEnd.value) };
    if (callId.value.trim()) body.call_id = callId.value.trim();
    submit.disabled = true;
    try {
      const job = await post('/jobs', body);
      clear(box, t('hotline.booked', { status: word('status', job.status), point: job.service_point?.name ?? t('queue.no_point') }), ' ',
        h('a', { href: `#/job/${encodeURIComponent(job.id)}`, 'data-booked': job.id }, t('followup.open_job')));
      box.className = 'notice ok';
      box.hidden = false;
    } catch (error) { showError(box, error); }
    submit.disabled = false;
  });
  return { element: form, prefill(call, callerName) {
    phone.value = call.phone;
    if (callerName) name.value = callerName;
    callId.value = call.id;
  }, stop: picker.stop };
}

function recentCalls() {
  const body = h('div', { class: 'table-wrap' });
  const footer = h('div');
  let pageNumber = 1;
  async function load() {
    try {
      const { data, page } = await list('/calls', { page: pageNumber, per_page: 10 });
      clear(body, data.length ? h('table', null,
        h('thead', null, h('tr', null, ['rang_at', 'direction', 'phone', 'agent', 'rings', 'hold', 'outcome'].map((c) => h('th', null, t(`hotline.col.${c}`))))),
        h('tbody', null, data.map((c) => h('tr', null,
          h('td', null, dateTime(c.rang_at)), h('td', null, word('direction', c.direction)),
          h('td', null, c.phone, c.customer ? h('div', { class: 'muted small' }, c.customer.name) : null),
          h('td', null, c.agent?.name ?? '—'),
          h('td', null, c.rings ?? '—', ' ', c.answered_at ? h('span', { class: `badge ${c.answered_within_standard ? 'tag-ok' : 'alert-at-risk'}` },
            t(c.answered_within_standard ? 'hotline.within_standard' : 'hotline.not_within_standard')) : null),
          h('td', null, word('band', c.hold_band)),
          h('td', null, word('outcome', c.outcome), c.job_id ? [' · ', h('a', { href: `#/job/${encodeURIComponent(c.job_id)}` }, t('followup.open_job'))] : null)))))
        : h('p', { class: 'empty' }, t('hotline.no_calls')));
      clear(footer, pager(page, (n) => { pageNumber = n; load(); }));
    } catch (error) { clear(body, h('p', { class: 'notice error' }, error.message)); }
  }
  load();
  return { element: h('section', null, h('h2', null, t('hotline.recent')), body, footer), load };
}

export function render(main) {
  const booking = bookingForm();
  const calls = recentCalls();
  const logger = callForm((call, callerName) => { booking.prefill(call, callerName); calls.load(); });
  clear(main, heading(t('nav.hotline'), h('span', { class: 'muted small' }, t('common.beijing_time'))),
    h('div', { class: 'hotline' }, logger, booking.element), calls.element);
  return () => booking.stop();
}
