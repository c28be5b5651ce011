// Pieces every page uses: a heading, an error box, a pager, a "loading" line.
import { Problem } from '../api.js';
import { clear, h } from '../dom.js';
import { t } from '../i18n.js';

export function heading(title, ...extra) {
  return h('div', { class: 'page-head' }, h('h1', null, title), ...extra);
}

// An error as a person reads it: the problem's detail (and the fields it names), never JSON.
export function showError(box, error) {
  const lines = error instanceof Problem ? error.lines : [t('error.network')];
  clear(box, lines.map((line) => h('div', null, line)));
  box.className = 'notice error';
  box.hidden = false;
}

export function showDone(box, text) {
  clear(box, text);
  box.className = 'notice ok';
  box.hidden = false;
}

export function messageBox() {
  return h('div', { class: 'notice', role: 'status', hidden: true });
}

export function pager(page, go) {
  if (!page) return null;
  const pages = Math.max(page.total_pages, 1);
  return h('div', { class: 'pager' },
    h('button', { type: 'button', disabled: page.page <= 1, onclick: () => go(page.page - 1) }, t('pager.prev')),
    h('span', null, t('pager.of', { page: page.page, pages, total: page.total })),
    h('button', { type: 'button', disabled: page.page >= pages, onclick: () => go(page.page + 1) }, t('pager.next')));
}

export function loading() {
  return h('p', { class: 'muted loading' }, t('common.loading'));
}
