// Placeholder until this page lands.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export function render(main) {
  main.append(h('h1', null, t('nav.hotline')), h('p', { class: 'muted' }, t('common.soon')));
}
