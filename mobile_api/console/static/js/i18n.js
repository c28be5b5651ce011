// The console's own words in Chinese and English; the API's texts come already written in
// the signed-in user's language. The choice is remembered in this browser.
import zh from '../lang/zh-CN.js';
import en from '../lang/en.js';

const DICTIONARIES = { 'zh-CN': zh, en };
const KEY = 'console.lang';
const listeners = new Set();

let current = DICTIONARIES[localStorage.getItem(KEY)] ? localStorage.getItem(KEY) : 'zh-CN';

export function lang() { return current; }
export function languages() { return Object.keys(DICTIONARIES); }

export function setLang(code) {
  if (!DICTIONARIES[code] || code === current) return;
  current = code;
  localStorage.setItem(KEY, code);
  document.documentElement.lang = code;
  listeners.forEach((listener) => listener(code));
}

export function onLangChange(listener) { listeners.add(listener); }

// t('queue.title'), t('queue.page', {page: 2, pages: 5}); a missing word shows its key.
export function t(key, params) {
  const text = DICTIONARIES[current][key] ?? DICTIONARIES['zh-CN'][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? ''));
}

document.documentElement.lang = current;
