// The console's shell: sign-in, the navigation bar, the language switch and the pages,
// one per hash route (#/queue, #/job/<id>, ...), so that nothing secret is ever in a URL.
import * as api from './api.js';
import { clear, h } from './dom.js';
import { lang, languages, onLangChange, setLang, t } from './i18n.js';
import * as queue from './pages/queue.js';
import * as job from './pages/job.js';
import * as map from './pages/map.js';
import * as followup from './pages/followup.js';
import * as hotline from './pages/hotline.js';
import * as reports from './pages/reports.js';

const PAGES = { queue, job, map, followup, hotline, reports };
const NAV = ['queue', 'map', 'followup', 'hotline', 'reports'];
const DESK_ROLES = ['dispatcher', 'admin'];
const root = document.getElementById('app');
let leave = null;   // the shown page's clean-up (timers, maps, charts)
let notice = null;  // a message for the sign-in form (signed out, not for you, expired)

function route() {
  const [name = 'queue', ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  return PAGES[name] ? { name, params: rest.map(decodeURIComponent) } : { name: 'queue', params: [] };
}

function languageSwitch() {
  return h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.label') },
    languages().map((code) => h('button', {
      type: 'button', class: code === lang() ? 'active' : '', 'aria-pressed': String(code === lang()),
      'data-lang': code, onclick: () => switchLanguage(code),
    }, t(`lang.${code}`))));
}

async function switchLanguage(code) {
  // The API answers a signed-in user in their own language: make it the console's first, so
  // that the page drawn next reads in one language throughout.
  if (api.currentSession()) {
    try { await api.call('/me', { method: 'PATCH', body: { locale: code } }); } catch { /* the console's own words still switch */ }
  }
  setLang(code);
  render();
}

function signInPage() {
  const phone = h('input', { name: 'phone', type: 'tel', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('p', { class: notice ? 'notice' : 'notice hidden', role: 'alert' }, notice ? t(`signin.${notice}`) : '');
  const button = h('button', { type: 'submit', class: 'primary' }, t('signin.submit'));
  const form = h('form', { novalidate: true, class: 'signin-form' },
    h('h1', null, t('app.title')),
    h('p', { class: 'muted' }, t('signin.intro')),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('signin.phone')), phone),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('signin.password')), password),
    message, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const { tokens, me } = await api.signIn(phone.value.trim(), password.value);
      if (!DESK_ROLES.includes(me.role)) {
        await api.signOut(tokens);
        notice = 'not_for_you';
        render();
        return;
      }
      notice = null;
      api.start(tokens, me);
      if (me.locale && !localStorage.getItem('console.lang')) setLang(me.locale);
      else if (me.locale !== lang()) api.call('/me', { method: 'PATCH', body: { locale: lang() } }).catch(() => {});
      if (!location.hash) location.hash = '#/queue';
      render();
    } catch (problem) {
      message.className = 'notice error';
      message.textContent = problem instanceof api.Problem ? problem.lines.join(' ') : t('error.network');
      button.disabled = false;
    }
  });
  return h('div', { class: 'signin' }, h('div', { class: 'signin-top' }, languageSwitch()), form);
}

function navBar(me, current) {
  const scope = me.service_point_id ? (me.point_name || t('nav.point_scope')) : t('nav.network_scope');
  return h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '#/queue' }, t('app.title')),
    h('nav', { 'aria-label': t('nav.label') }, NAV.map((name) => h('a', {
      href: `#/${name}`, class: name === current || (current === 'job' && name === 'queue') ? 'active' : '',
      'data-page': name,
    }, t(`nav.${name}`)))),
    h('div', { class: 'who' },
      h('span', { class: 'who-name' }, me.name),
      h('span', { class: 'who-role' }, `${t(`role.${me.role}`)} · ${scope}`)),
    languageSwitch(),
    h('button', { type: 'button', class: 'signout', onclick: async () => {
      await api.signOut();
      notice = 'signed_out';
      render();
    } }, t('nav.signout')));
}

function render() {
  if (leave) { leave(); leave = null; }
  const session = api.currentSession();
  document.title = t('app.title');
  if (!session) { clear(root, signInPage()); return; }
  const { name, params } = route();
  const main = h('main', { id: 'page', 'data-page': name });
  clear(root, navBar(session.me, name), main);
  leave = PAGES[name].render(main, params, session.me) || null;
}

api.whenSignedOut((why) => { notice = why; render(); });
window.addEventListener('hashchange', render);
onLangChange(() => {});
render();
