// How a job's state reads at a glance: a coloured badge that always carries its word.
import { h } from './dom.js';
import { t } from './i18n.js';

export function statusBadge(status) {
  return h('span', { class: `badge status-${status}` }, t(`status.${status}`));
}

// The promise's state: breached, at risk, or nothing to say.
export function promiseBadge(job) {
  if (job.promise?.breached) return h('span', { class: 'badge alert-breached' }, t('promise.breached'));
  if (job.promise?.at_risk) return h('span', { class: 'badge alert-at-risk' }, t('promise.at_risk'));
  return null;
}

// The row's urgency, for the class that colours the whole row.
export function urgency(job) {
  if (job.promise?.breached) return 'breached';
  if (job.promise?.at_risk) return 'at-risk';
  if (job.status === 'pending') return 'pending';
  return 'normal';
}
