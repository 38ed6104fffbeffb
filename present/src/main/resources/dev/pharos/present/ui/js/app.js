// Hash router: #/logs?..., #/traces?..., #/trace/<id>, #/services?..., #/promql?..., #/alerts, #/sql. State lives in the URL so every view is a link.
import { logsView } from './logs.js';
import { tracesView, traceView } from './traces.js';
import { servicesView } from './services.js';
import { sqlView } from './sql.js';
import { promqlView } from './promql.js';
import { alertsView } from './alerts.js';
import { clear } from './dom.js';

const views = { logs: logsView, traces: tracesView, trace: traceView, services: servicesView, promql: promqlView, alerts: alertsView, sql: sqlView };
let cleanup = null;

export function route() {
  const hash = location.hash || '#/logs';
  const [path, query] = hash.slice(2).split('?');
  const [name, arg] = path.split('/');
  const view = views[name] || logsView;
  if (cleanup) { cleanup(); cleanup = null; }
  const main = clear(document.getElementById('main'));
  document.querySelectorAll('.top nav a').forEach(a => {
    if (a.dataset.view === (name === 'trace' ? 'traces' : name)) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  cleanup = view(main, new URLSearchParams(query || ''), arg ? decodeURIComponent(arg) : null) || null;
}

/** Replaces the current view's parameters in the URL without reloading the view. */
export function setParams(view, params) {
  const q = params.toString();
  history.replaceState(null, '', `#/${view}${q ? '?' + q : ''}`);
}

function initTheme() {
  const saved = localStorage.getItem('pharos-theme');
  const dark = saved ? saved === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  document.getElementById('theme').addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('pharos-theme', next);
  });
}

document.addEventListener('keydown', e => {
  if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName)) {
    const search = document.querySelector('[data-search]');
    if (search) { e.preventDefault(); search.focus(); }
  }
});
window.addEventListener('hashchange', route);
initTheme();
route();
