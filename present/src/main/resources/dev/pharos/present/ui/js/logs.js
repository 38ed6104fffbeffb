// Log explorer: time picker, filters with autocompletion, full-text search, severity histogram (drag to zoom),
// a virtualised table with expandable rows and click-to-filter, live tail, links to traces and to the SQL console.
import { api } from './api.js';
import { h, clear, copy, clickhouseClient } from './dom.js';
import { timePicker } from './time.js';
import { setParams } from './app.js';
import { VirtualList, ROW } from './vlist.js';
import { histogram } from './histogram.js';

const PAGE_SIZES = [1000, 10000, 100000];
const MAX_LOADED = 100000;
const OPS = ['=', '!=', '=~', '!~', 'exists', '!exists'];

export function logsView(main, params) {
  let filters = params.getAll('filter');
  let cursor = null, loading = false, generation = 0, tail = null;
  const time = timePicker(params, () => run());
  const q = h('input', { class: 'grow', placeholder: 'Search text: words, "phrases", -exclude   ( / to focus)', value: params.get('q') || '',
    'data-search': true, 'data-testid': 'q', 'aria-label': 'Search text' });
  q.addEventListener('keydown', e => { if (e.key === 'Enter') run(); });
  const runButton = h('button', { class: 'primary', onclick: () => run(), 'data-testid': 'run' }, 'Search');
  const pageSize = h('select', { 'aria-label': 'Records per load', 'data-testid': 'page-size', title: 'Records fetched per load; more load as you scroll' },
    PAGE_SIZES.map(n => h('option', { value: n, selected: String(n) === (params.get('limit') || '1000') }, `${n.toLocaleString()} per load`)));
  pageSize.addEventListener('change', () => run());
  const live = h('button', { 'aria-pressed': 'false', onclick: () => toggleTail(), 'data-testid': 'live', title: 'Stream new matching logs' }, 'Live tail');

  const fieldList = h('datalist', { id: 'fields' });
  const valueList = h('datalist', { id: 'values' });
  const field = h('input', { list: 'fields', placeholder: 'field (pod, severity, attr.user_id…)', size: 26, 'aria-label': 'Filter field', 'data-testid': 'filter-field' });
  const op = h('select', { 'aria-label': 'Operator', 'data-testid': 'filter-op' }, OPS.map(o => h('option', { value: o }, o)));
  const value = h('input', { list: 'values', placeholder: 'value', size: 26, 'aria-label': 'Filter value', 'data-testid': 'filter-value' });
  const add = h('button', { onclick: () => addFromInputs(), 'data-testid': 'filter-add' }, 'Add filter');
  value.addEventListener('keydown', e => { if (e.key === 'Enter') addFromInputs(); });
  field.addEventListener('change', () => suggestValues());
  const chips = h('div', { class: 'chips', 'aria-label': 'Active filters' });

  const status = h('div', { class: 'muted', 'data-testid': 'status', 'aria-live': 'polite' });
  const error = h('div', { class: 'error', role: 'alert' });
  const sqlBox = h('pre', { class: 'sql', 'data-testid': 'sql' });
  const sqlTools = h('details', {}, h('summary', {}, 'SQL behind this view'), sqlBox,
    h('div', { class: 'bar' },
      h('button', { onclick: () => copy(clickhouseClient(sqlBox.textContent)) }, 'Copy as clickhouse-client'),
      h('button', { onclick: () => { location.hash = '#/sql?query=' + encodeURIComponent(sqlBox.textContent); } }, 'Open in SQL console')));
  const hist = histogram((fromIso, toIso) => { time.set(fromIso, toIso); run(); });
  const listBox = h('div', { class: 'vlist', tabindex: '0', 'aria-label': 'Log records (arrows or j/k to move, Enter to expand)', 'data-testid': 'log-list' });
  const list = new VirtualList(listBox, renderRow, () => loadMore());
  listBox.addEventListener('keydown', e => {
    if (e.key === 'ArrowDown' || e.key === 'j') { e.preventDefault(); list.select(Math.max(0, list.selected + 1)); }
    else if (e.key === 'ArrowUp' || e.key === 'k') { e.preventDefault(); list.select(Math.max(0, list.selected - 1)); }
    else if ((e.key === 'Enter' || e.key === ' ') && list.selected >= 0) { e.preventDefault(); list.toggle(list.selected); }
  });

  main.append(
    h('div', { class: 'bar' }, time.el, q, runButton, pageSize, live),
    h('div', { class: 'bar' }, field, op, value, add, fieldList, valueList),
    chips, error, hist.el, h('div', { class: 'bar' }, status), sqlTools, listBox);

  function base() {
    const t = time.get();
    return { from: t.from, to: t.to, filter: filters, q: q.value.trim() };
  }

  function syncUrl() {
    const p = new URLSearchParams();
    const b = base();
    p.set('from', b.from); p.set('to', b.to);
    if (b.q) p.set('q', b.q);
    if (pageSize.value !== '1000') p.set('limit', pageSize.value);
    filters.forEach(f => p.append('filter', f));
    setParams('logs', p);
  }

  function renderChips() {
    clear(chips).append(...filters.map((f, i) => h('span', { class: 'chip', 'data-testid': 'chip' }, f,
      h('button', { 'aria-label': 'Remove filter ' + f, onclick: () => { filters.splice(i, 1); run(); } }, '×'))));
  }

  function addFilter(text) { if (!filters.includes(text)) filters.push(text); run(); }

  function addFromInputs() {
    const f = field.value.trim();
    if (!f) { field.focus(); return; }
    addFilter(op.value.endsWith('exists') ? `${f} ${op.value}` : `${f}${op.value}${value.value}`);
    field.value = ''; value.value = '';
  }

  async function suggestFields() {
    try {
      const t = time.get();
      const r = await api('/api/attributes', { signal: 'logs', from: t.from, to: t.to, limit: 200 });
      clear(fieldList).append(...r.items.map(i => h('option', { value: i.value })));
    } catch { /* autocompletion is a convenience */ }
  }

  async function suggestValues() {
    const f = field.value.trim();
    if (!f) return;
    try {
      const t = time.get();
      const r = await api('/api/attributes/values', { signal: 'logs', field: f, from: t.from, to: t.to, limit: 50 });
      clear(valueList).append(...r.items.map(i => h('option', { value: i.value }, `${i.count}`)));
    } catch { clear(valueList); }
  }

  async function run() {
    stopTail();
    syncUrl();
    renderChips();
    error.textContent = '';
    const g = ++generation;
    cursor = null;
    list.setItems([]);
    status.textContent = 'Searching…';
    try {
      const [page, counts] = await Promise.all([api('/api/logs', { ...base(), limit: pageSize.value }), api('/api/logs/histogram', base())]);
      if (g !== generation) return;
      cursor = page.next_cursor;
      list.setItems(page.rows);
      hist.draw(counts);
      sqlBox.textContent = page.sql;
      showStatus(page, counts.total);
    } catch (e) {
      if (g !== generation) return;
      error.textContent = e.message;
      status.textContent = '';
    }
    suggestFields();
  }

  function showStatus(page, total) {
    const more = cursor ? ' (scroll for more)' : '';
    status.textContent = `${list.items.length.toLocaleString()} of ${total.toLocaleString()} records loaded${more} · `
      + `engine ${page.stats.elapsed_ms} ms, index estimate ${page.estimated_rows.toLocaleString()} rows to read`;
  }

  async function loadMore() {
    if (!cursor || loading || tail || list.items.length >= MAX_LOADED) return;
    loading = true;
    const g = generation;
    try {
      const page = await api('/api/logs', { ...base(), limit: pageSize.value, cursor });
      if (g !== generation) return;
      cursor = page.next_cursor;
      list.append(page.rows);
      status.textContent = status.textContent.replace(/^[\d,.\s]+ of/, `${list.items.length.toLocaleString()} of`);
    } catch (e) {
      error.textContent = e.message;
    } finally { loading = false; }
  }

  function toggleTail() { if (tail) stopTail(); else startTail(); }

  function startTail() {
    const p = new URLSearchParams();
    filters.forEach(f => p.append('filter', f));
    if (q.value.trim()) p.set('q', q.value.trim());
    tail = new EventSource('/api/logs/tail?' + p);
    live.setAttribute('aria-pressed', 'true');
    live.textContent = 'Stop live tail';
    status.textContent = 'Live: new records appear at the top';
    tail.addEventListener('log', e => {
      list.prepend([JSON.parse(e.data)]);
      if (list.items.length > MAX_LOADED) list.items.length = MAX_LOADED;
    });
    tail.addEventListener('lagged', e => { status.textContent = JSON.parse(e.data).message; });
    tail.addEventListener('error', e => { if (e.data) error.textContent = e.data; });
  }

  function stopTail() {
    if (!tail) return;
    tail.close();
    tail = null;
    live.setAttribute('aria-pressed', 'false');
    live.textContent = 'Live tail';
  }

  function val(filterField, v) {
    return h('span', { class: 'val', tabindex: '0', title: `Filter on ${filterField}=${v}`, 'data-filter': `${filterField}=${v}`,
      onclick: e => { e.stopPropagation(); addFilter(`${filterField}=${v}`); },
      onkeydown: e => { if (e.key === 'Enter') { e.stopPropagation(); addFilter(`${filterField}=${v}`); } } }, v);
  }

  function details(r) {
    const rows = [
      ['timestamp', r.timestamp], ['service', val('service', r.service)], ['severity', val('severity', r.severity)],
      ['severity_text', r.severity_text], ['body', h('span', { class: 'mono' }, r.body)],
    ];
    if (r.trace_id) rows.push(['trace_id', h('a', { href: '#/trace/' + r.trace_id, 'data-testid': 'trace-link', onclick: e => e.stopPropagation() }, r.trace_id)]);
    if (r.span_id) rows.push(['span_id', r.span_id]);
    for (const [k, v] of Object.entries(r.resource)) rows.push(['resource.' + k, val('resource.' + k, v)]);
    for (const [k, v] of Object.entries(r.attributes)) rows.push(['attr.' + k, val('attr.' + k, v)]);
    if (r.scope.name) rows.push(['scope', r.scope.name + (r.scope.version ? ' ' + r.scope.version : '')]);
    for (const [k, v] of Object.entries(r.scope.attributes)) rows.push(['scope.' + k, val('scope.' + k, v)]);
    return h('div', { class: 'details', onclick: e => e.stopPropagation() },
      h('table', {}, rows.map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', {}, v)))));
  }

  function renderRow(r, i, open) {
    const el = h('div', { class: 'row' + (open ? ' open' : ''), role: 'row', 'data-testid': 'log-row', style: open ? '' : `height:${ROW}px`,
      onclick: () => { list.selected = i; list.toggle(i); } },
      h('span', {}, r.timestamp.replace('T', ' ').replace('Z', '')),
      h('span', { class: 'lv-' + r.severity }, r.severity),
      h('span', { class: 'body' }, r.service),
      h('span', { class: 'body' }, r.body));
    if (open) el.append(details(r));
    return el;
  }

  run();
  return () => stopTail();
}
