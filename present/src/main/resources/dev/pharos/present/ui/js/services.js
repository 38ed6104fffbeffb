// Services overview: request rate, errors and latency percentiles from each service's entry spans.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { timePicker } from './time.js';
import { setParams } from './app.js';

export function servicesView(main, params) {
  const time = timePicker(params, () => run());
  const error = h('div', { class: 'error', role: 'alert' });
  const table = h('div', { class: 'results' });
  main.append(h('div', { class: 'bar' }, time.el, h('button', { class: 'primary', onclick: () => run() }, 'Refresh')), error, table);
  const ms = v => (v === null ? '–' : v.toFixed(1) + ' ms');

  async function run() {
    const t = time.get();
    setParams('services', new URLSearchParams(t));
    error.textContent = '';
    try {
      const r = await api('/api/services', t);
      clear(table).append(h('table', { class: 'grid', 'data-testid': 'services' },
        h('thead', {}, h('tr', {}, ['Service', 'Requests', 'Rate /s', 'Errors', 'Error rate', 'p50', 'p95', 'p99'].map(c => h('th', { class: c === 'Service' ? '' : 'num' }, c)))),
        h('tbody', {}, r.services.map(s => h('tr', { class: 'clickable', tabindex: '0',
          onclick: () => { location.hash = '#/traces?service=' + encodeURIComponent(s.service) + '&from=' + encodeURIComponent(t.from) + '&to=' + encodeURIComponent(t.to); },
          onkeydown: e => { if (e.key === 'Enter') e.currentTarget.click(); } },
          h('td', {}, s.service), h('td', { class: 'num' }, s.requests.toLocaleString()), h('td', { class: 'num' }, s.rate_per_second.toFixed(3)),
          h('td', { class: 'num' }, s.errors.toLocaleString()), h('td', { class: 'num' + (s.error_rate > 0.01 ? ' lv-ERROR' : '') }, (s.error_rate * 100).toFixed(2) + ' %'),
          h('td', { class: 'num' }, ms(s.p50_ms)), h('td', { class: 'num' }, ms(s.p95_ms)), h('td', { class: 'num' }, ms(s.p99_ms)))))));
      if (!r.services.length) table.append(h('p', { class: 'muted' }, 'No spans in this window.'));
    } catch (e) { clear(table); error.textContent = e.message; }
  }
  run();
}
