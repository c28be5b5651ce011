// Chart.js with the console's colours; every chart is destroyed with its page.
import { lang } from './i18n.js';

export const COLOURS = {
  blue: '#0b5cab', teal: '#1f8a70', orange: '#e08a00', red: '#c0262d', purple: '#8e5bd6', grey: '#8a96a3',
};

export function chart(canvas, config, charts) {
  const Chart = window.Chart;
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.color = '#3b4652';
  Chart.defaults.animation = false;
  const made = new Chart(canvas, {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, locale: lang() === 'en' ? 'en-GB' : 'zh-CN', ...config.options },
  });
  charts.push(made);
  return made;
}

export const percentAxis = {
  min: 0, max: 1, ticks: { callback: (value) => `${Math.round(value * 100)}%` },
};
