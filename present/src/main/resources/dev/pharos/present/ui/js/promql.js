// PromQL: an instant query at a time, its series as a table. Alerts link here for the data behind a PromQL rule.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { setParams } from './app.js';

export function promqlView(main, params) {
  const query = h('input', { class: 'grow', placeholder: 'PromQL, e.g. sum by (job) (rate(http_requests_total[5m]))', value: params.get('query') || '',
    'aria-label': 'PromQL query', 'data-search': '', 'data-testid': 'promql' });
  const time = h('input', { size: 22, placeholder: 'time (now)', value: params.get('time') || '', 'aria-label': 'Evaluation time (RFC 3339 or Unix seconds)' });
  const error = h('div', { class: 'error', role: 'alert' });
  const table = h('div', { class: 'results' });
  query.addEventListener('keydown', e => { if (e.key === 'Enter') run(); });
  main.append(h('div', { class: 'bar' }, query, time, h('button', { class: 'primary', onclick: () => run() }, 'Run')), error, table);

  async function run() {
    const p = new URLSearchParams({ query: query.value });
    if (time.value) p.set('time', time.value);
    setParams('promql', p);
    error.textContent = '';
    if (!query.value.trim()) return;
    try {
      const r = await api('/api/v1/query', Object.fromEntries(p));
      const d = r.data;
      const rows = d.resultType === 'vector' ? d.result.map(s => [s.metric, s.value[1]])
        : d.resultType === 'scalar' || d.resultType === 'string' ? [[{}, d.result[1]]]
        : d.result.map(s => [s.metric, s.values.length + ' points']);
      clear(table).append(h('table', { class: 'grid', 'data-testid': 'promql-result' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Series'), h('th', { class: 'num' }, 'Value'))),
        h('tbody', {}, rows.map(([metric, value]) => h('tr', {},
          h('td', { class: 'mono' }, seriesName(metric)), h('td', { class: 'num' }, value))))));
      if (!rows.length) table.append(h('p', { class: 'muted' }, 'Empty result.'));
    } catch (e) { clear(table); error.textContent = e.message; }
  }
  run();
}

/** name{label="value", ...} as PromQL prints a series. */
export function seriesName(metric) {
  const { __name__: name = '', ...labels } = metric;
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return name + (pairs.length || !name ? '{' + pairs.join(', ') + '}' : '');
}
