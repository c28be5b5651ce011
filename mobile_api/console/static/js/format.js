// Times are shown in Beijing time (the network's), with the date; durations in hours/minutes.
import { lang, t } from './i18n.js';

const ZONE = 'Asia/Shanghai';

function locale() { return lang() === 'en' ? 'en-GB' : 'zh-CN'; }

export function dateTime(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), {
    timeZone: ZONE, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

export function clock(date) {
  return new Intl.DateTimeFormat(locale(), {
    timeZone: ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).format(date);
}

export function today(offsetDays = 0) {
  const shifted = new Date(Date.now() + offsetDays * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(shifted);  // YYYY-MM-DD
}

export function duration(ms) {
  const minutes = Math.round(Math.abs(ms) / 60000);
  // Days only beyond two: "30 h 5 min" reads better than "1 d 6 h" against a 24-hour promise.
  const days = minutes >= 2880 ? Math.floor(minutes / 1440) : 0;
  const hours = Math.floor((minutes - days * 1440) / 60);
  const rest = minutes % 60;
  if (days) return t('time.dh', { d: days, h: hours });
  if (hours) return t('time.hm', { h: hours, m: rest });
  return t('time.m', { m: rest });
}

// "3 h 20 min left" or "overdue 40 min"
export function timeLeft(iso, now = Date.now()) {
  if (!iso) return '—';
  const ms = new Date(iso).getTime() - now;
  return ms >= 0 ? t('time.left', { d: duration(ms) }) : t('time.overdue', { d: duration(ms) });
}

export function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

export function number(value, digits = 0) {
  if (value === null || value === undefined) return '—';
  return Number(value).toLocaleString(locale(), { maximumFractionDigits: digits });
}

export function word(group, value) {
  if (value === null || value === undefined) return '—';
  const key = `${group}.${value}`;
  const text = t(key);
  return text === key ? String(value) : text;
}

// <input type="datetime-local"> values are Beijing time: "2026-07-01T10:00:05".
export function beijingInput(date = new Date()) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    second: '2-digit', hour12: false,
  }).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}:${parts.second}`;
}

export function fromBeijingInput(value) {
  if (!value) return null;
  return `${value.length === 16 ? `${value}:00` : value}+08:00`;
}

// An indicator as a person reads it: a rate as a percentage, a median with its unit.
export function valueText(name, value) {
  if (value === null || value === undefined) return '—';
  if (name.endsWith('_rate')) return percent(value);
  if (name.startsWith('median_minutes')) return t('reports.minutes', { n: number(value, 0) });
  if (name.startsWith('median_hours')) return t('reports.hours', { n: number(value, 1) });
  if (name === 'courtesies_per_job') return number(value, 2);
  return number(value, 0);
}
