// SQL console over the read-only endpoint: results table, cost, and "copy as clickhouse-client".
import { sql } from './api.js';
import { h, clear, copy, clickhouseClient } from './dom.js';
import { setParams } from './app.js';

const EXAMPLE = `SELECT ServiceName, count() AS logs, countIf(SeverityNumber >= 17) AS errors
FROM otel.otel_logs
WHERE TimestampTime > now() - INTERVAL 1 HOUR
GROUP BY ServiceName
ORDER BY logs DESC`;

export function sqlView(main, params) {
  const text = h('textarea', { class: 'sql-text', spellcheck: 'false', 'aria-label': 'SQL (Ctrl+Enter runs)', 'data-testid': 'sql-input' },
    params.get('query') || EXAMPLE);
  const status = h('div', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'sql-status' });
  const error = h('div', { class: 'error', role: 'alert', 'data-testid': 'sql-error' });
  const out = h('div', { class: 'results' });
  text.addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
  main.append(text, h('div', { class: 'bar' },
    h('button', { class: 'primary', onclick: () => run(), 'data-testid': 'sql-run' }, 'Run (Ctrl+Enter)'),
    h('button', { onclick: () => copy(clickhouseClient(text.value)) }, 'Copy as clickhouse-client'),
    h('span', { class: 'muted' }, 'Read-only; one statement; limits apply (docs/api.md).')), status, error, out);

  async function run() {
    setParams('sql', new URLSearchParams({ query: text.value }));
    error.textContent = '';
    status.textContent = 'Running…';
    clear(out);
    try {
      const { result, elapsedMs } = await sql(text.value);
      status.textContent = `${result.rows.toLocaleString()} rows in ${elapsedMs} ms`;
      const cols = result.meta.map(m => m.name);
      out.append(h('table', { class: 'grid', 'data-testid': 'sql-result' },
        h('thead', {}, h('tr', {}, result.meta.map(m => h('th', { title: m.type }, m.name)))),
        h('tbody', {}, result.data.slice(0, 10000).map(row => h('tr', {}, cols.map(c => {
          const v = row[c];
          return h('td', { class: typeof v === 'number' ? 'num mono' : 'mono' }, typeof v === 'object' ? JSON.stringify(v) : String(v));
        }))))));
      if (result.data.length > 10000) out.append(h('p', { class: 'muted' }, 'Showing the first 10,000 rows.'));
    } catch (e) { status.textContent = ''; error.textContent = e.message; }
  }
  if (params.get('query')) run();
}
