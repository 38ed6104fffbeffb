// Trace search and the trace waterfall (service colours, errors outlined, span details with events and links).
import { api } from './api.js';
import { h, clear, fmtNanos, colour } from './dom.js';
import { timePicker } from './time.js';
import { setParams } from './app.js';

export function tracesView(main, params) {
  const time = timePicker(params, () => run());
  const inputs = {
    service: h('input', { placeholder: 'service', value: params.get('service') || '', 'aria-label': 'Service', list: 'svc', 'data-testid': 'service' }),
    name: h('input', { placeholder: 'span name', value: params.get('name') || '', 'aria-label': 'Span name' }),
    status: h('select', { 'aria-label': 'Status' }, ['', 'error', 'ok', 'unset'].map(s => h('option', { value: s, selected: s === (params.get('status') || '') }, s || 'any status'))),
    min_duration: h('input', { placeholder: 'min duration (250ms)', size: 16, value: params.get('min_duration') || '', 'aria-label': 'Minimum duration' }),
    max_duration: h('input', { placeholder: 'max duration', size: 12, value: params.get('max_duration') || '', 'aria-label': 'Maximum duration' }),
    filter: h('input', { class: 'grow', placeholder: 'attribute filter, e.g. attr.http.route=/checkout', value: params.get('filter') || '', 'aria-label': 'Attribute filter' }),
  };
  for (const i of Object.values(inputs)) i.addEventListener('keydown', e => { if (e.key === 'Enter') run(); });
  const svcList = h('datalist', { id: 'svc' });
  const error = h('div', { class: 'error', role: 'alert' });
  const results = h('div', { class: 'results' });
  main.append(h('div', { class: 'bar' }, time.el, inputs.service, inputs.name, inputs.status, inputs.min_duration, inputs.max_duration),
    h('div', { class: 'bar' }, inputs.filter, h('button', { class: 'primary', onclick: () => run(), 'data-testid': 'run' }, 'Find traces'), svcList),
    error, results);

  async function run() {
    const t = time.get();
    const p = { from: t.from, to: t.to };
    for (const [k, i] of Object.entries(inputs)) if (i.value.trim()) p[k] = i.value.trim();
    setParams('traces', new URLSearchParams(p));
    error.textContent = '';
    clear(results).append(h('div', { class: 'muted' }, 'Searching…'));
    try {
      const r = await api('/api/traces', { ...p, limit: 100 });
      clear(results).append(h('table', { class: 'grid', 'data-testid': 'trace-results' },
        h('thead', {}, h('tr', {}, ['Start', 'Root service', 'Root span', 'Duration', 'Spans', 'Errors', 'Services'].map(c => h('th', {}, c)))),
        h('tbody', {}, r.traces.map(s => h('tr', { class: 'clickable', tabindex: '0', onclick: () => { location.hash = '#/trace/' + s.trace_id; },
          onkeydown: e => { if (e.key === 'Enter') location.hash = '#/trace/' + s.trace_id; } },
          h('td', {}, s.start.replace('T', ' ').replace('Z', '')), h('td', {}, s.root_service), h('td', {}, s.root_name),
          h('td', { class: 'num' }, fmtNanos(s.duration_nanos)), h('td', { class: 'num' }, s.span_count),
          h('td', { class: 'num' + (s.error_count ? ' lv-ERROR' : '') }, s.error_count), h('td', {}, s.services.join(', ')))))));
      if (!r.traces.length) results.append(h('p', { class: 'muted' }, 'No trace matches in this window.'));
    } catch (e) { clear(results); error.textContent = e.message; }
    try {
      const s = await api('/api/services', { from: t.from, to: t.to });
      clear(svcList).append(...s.services.map(x => h('option', { value: x.service })));
    } catch { /* suggestions only */ }
  }
  run();
}

/** Orders spans depth-first from the roots, children by start time; spans whose parent is missing count as roots. */
function tree(spans) {
  const byId = new Map(spans.map(s => [s.span_id, s]));
  const children = new Map();
  const roots = [];
  for (const s of spans) {
    if (s.parent_span_id && byId.has(s.parent_span_id)) {
      if (!children.has(s.parent_span_id)) children.set(s.parent_span_id, []);
      children.get(s.parent_span_id).push(s);
    } else roots.push(s);
  }
  const start = s => BigInt(s.start_time_unix_nano);
  const cmp = (a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0);
  const out = [];
  const walk = (s, depth) => { out.push([s, depth]); (children.get(s.span_id) || []).sort(cmp).forEach(c => walk(c, depth + 1)); };
  roots.sort(cmp).forEach(r => walk(r, 0));
  return out;
}

export function traceView(main, params, traceId) {
  const error = h('div', { class: 'error', role: 'alert' });
  const body = h('div', {}, h('div', { class: 'muted' }, 'Loading trace…'));
  main.append(h('div', { class: 'bar' }, h('a', { href: '#/traces' }, '← Traces'), h('strong', { class: 'mono' }, traceId)), error, body);
  api('/api/traces/' + encodeURIComponent(traceId)).then(t => {
    const t0 = BigInt(t.start_time_unix_nano);
    const total = Math.max(1, t.duration_nanos);
    const detail = h('div', { class: 'panel', 'data-testid': 'span-details' }, h('span', { class: 'muted' }, 'Select a span for its details.'));
    const rows = tree(t.spans).map(([s, depth]) => {
      const off = Number(BigInt(s.start_time_unix_nano) - t0);
      const left = off / total * 100, width = Math.max(0.2, s.duration_nanos / total * 100);
      const row = h('div', { class: 'span-row', tabindex: '0', role: 'button', 'data-testid': 'span-row',
        'aria-label': `${s.service} ${s.name} ${fmtNanos(s.duration_nanos)}` },
        h('div', { class: 'span-name', style: `padding-left:${6 + depth * 14}px` },
          h('span', { style: `color:${colour(s.service)}` }, '■ '), h('strong', {}, s.service), ' ', s.name),
        h('div', { class: 'span-track' },
          h('div', { class: 'span-bar' + (s.status_code === 'Error' ? ' err' : ''), style: `left:${left}%;width:${width}%;background:${colour(s.service)}` }),
          h('span', { class: 'span-label', style: `left:calc(${Math.min(left + width, 85)}% + 4px)` }, fmtNanos(s.duration_nanos))));
      const pick = () => {
        rows.forEach(r => r.classList.remove('selected'));
        row.classList.add('selected');
        showSpan(detail, s, t0);
      };
      row.addEventListener('click', pick);
      row.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(); } });
      return row;
    });
    clear(body).append(
      h('div', { class: 'bar' }, `${t.spans.length} spans · ${fmtNanos(t.duration_nanos)} · `,
        ...t.services.map(s => h('span', { class: 'chip', style: `border-color:${colour(s)}` }, s)),
        h('a', { href: '#/logs?from=' + encodeURIComponent(new Date(Number(t0 / 1000000n) - 3600000).toISOString())
          + '&to=now&filter=' + encodeURIComponent('trace_id=' + t.trace_id) }, 'Logs of this trace')),
      h('div', { class: 'waterfall', 'data-testid': 'waterfall' }, rows), detail);
  }).catch(e => { clear(body); error.textContent = e.message; });
}

function kv(title, map) {
  const entries = Object.entries(map);
  if (!entries.length) return null;
  return h('div', {}, h('h4', {}, title), h('table', {}, entries.map(([k, v]) => h('tr', {}, h('td', { class: 'muted' }, k), h('td', { class: 'mono' }, v)))));
}

function showSpan(panel, s, t0) {
  panel.replaceChildren(...[
    h('h3', { style: 'margin:0 0 6px' }, `${s.service} · ${s.name}`),
    h('div', { class: 'mono' }, `span ${s.span_id}  parent ${s.parent_span_id || '(root)'}  kind ${s.kind}  duration ${fmtNanos(s.duration_nanos)}`
      + `  starts +${fmtNanos(Number(BigInt(s.start_time_unix_nano) - t0))}`),
    h('div', { class: s.status_code === 'Error' ? 'lv-ERROR' : '' }, `status ${s.status_code}${s.status_message ? ': ' + s.status_message : ''}`),
    kv('Attributes', s.attributes), kv('Resource', s.resource),
    s.events.length ? h('div', {}, h('h4', {}, 'Events'), s.events.map(e => h('div', { 'data-testid': 'span-event' },
      h('span', { class: 'mono' }, `+${fmtNanos(Number(BigInt(e.time_unix_nano) - t0))} `), h('strong', {}, e.name), ' ',
      h('span', { class: 'mono muted' }, Object.entries(e.attributes).map(([k, v]) => `${k}=${v}`).join('  '))))) : null,
    s.links.length ? h('div', {}, h('h4', {}, 'Links'), s.links.map(l => h('div', {},
      h('a', { href: '#/trace/' + l.trace_id }, l.trace_id), ` span ${l.span_id} `,
      h('span', { class: 'mono muted' }, Object.entries(l.attributes).map(([k, v]) => `${k}=${v}`).join('  '))))) : null,
  ].filter(Boolean));
}
