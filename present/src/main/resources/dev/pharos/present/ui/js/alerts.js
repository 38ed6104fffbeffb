// Alerts and rules, from the Prometheus API (/api/v1/alerts, /api/v1/rules): state, last evaluation, health,
// and a link to the data behind each rule (the PromQL view, or the log / trace search of a Pharos rule).
import { api } from './api.js';
import { h, clear } from './dom.js';
import { seriesName } from './promql.js';

export function alertsView(main) {
  const error = h('div', { class: 'error', role: 'alert' });
  const alerts = h('div', { class: 'results' });
  const rules = h('div', { class: 'results' });
  main.append(h('div', { class: 'bar' }, h('button', { class: 'primary', onclick: () => run() }, 'Refresh')), error,
    h('h2', {}, 'Active alerts'), alerts, h('h2', {}, 'Rules'), rules);

  async function run() {
    error.textContent = '';
    try {
      const [a, r] = await Promise.all([api('/api/v1/alerts'), api('/api/v1/rules')]);
      clear(alerts).append(h('table', { class: 'grid', 'data-testid': 'alerts' },
        h('thead', {}, h('tr', {}, ['State', 'Alert', 'Labels', 'Value', 'Active since'].map(c => h('th', {}, c)))),
        h('tbody', {}, a.data.alerts.map(x => h('tr', {},
          h('td', { class: x.state === 'firing' ? 'lv-ERROR' : 'lv-WARN' }, x.state),
          h('td', {}, x.labels.alertname),
          h('td', { class: 'mono' }, seriesName(Object.fromEntries(Object.entries(x.labels).filter(([k]) => k !== 'alertname')))),
          h('td', { class: 'num' }, x.value),
          h('td', {}, x.activeAt ? new Date(x.activeAt).toLocaleString() : ''))))));
      if (!a.data.alerts.length) alerts.append(h('p', { class: 'muted' }, 'No pending or firing alerts.'));
      clear(rules);
      for (const g of r.data.groups) {
        rules.append(h('h3', {}, `${g.name} `, h('span', { class: 'muted' }, `${g.file} · every ${g.interval}s`)),
          h('table', { class: 'grid', 'data-testid': 'rules' },
            h('thead', {}, h('tr', {}, ['Rule', 'Type', 'State', 'Health', 'Last evaluation', 'Took', 'Query'].map(c => h('th', {}, c)))),
            h('tbody', {}, g.rules.map(x => h('tr', {},
              h('td', {}, x.name), h('td', {}, x.type), h('td', {}, x.state || ''),
              h('td', { class: x.health === 'ok' ? '' : 'lv-ERROR', title: x.lastError || '' }, x.health + (x.lastError ? ': ' + x.lastError : '')),
              h('td', {}, x.lastEvaluation ? new Date(x.lastEvaluation).toLocaleTimeString() : ''),
              h('td', { class: 'num' }, x.evaluationTime !== undefined ? (x.evaluationTime * 1000).toFixed(1) + ' ms' : ''),
              h('td', { class: 'mono' }, h('a', { href: dataLink(x.query) }, x.query)))))));
      }
      if (!r.data.groups.length) rules.append(h('p', { class: 'muted' }, 'No rules loaded (alerting.rulesDir in pharos.yaml, see docs/alerting.md).'));
    } catch (e) { error.textContent = e.message; }
  }
  run();
}

/** Where a rule's data is: Pharos rules over logs or spans describe themselves as "logs: ..." / "traces: ...". */
function dataLink(query) {
  if (/^logs\b/.test(query)) return '#/logs';
  if (/^traces\b/.test(query)) return '#/traces';
  return '#/promql?query=' + encodeURIComponent(query);
}
