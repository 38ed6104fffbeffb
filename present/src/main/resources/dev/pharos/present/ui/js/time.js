// Time picker: a relative range from the list, or any from/to the API understands (now-2h, ISO-8601, Unix times).
import { h } from './dom.js';

const RANGES = [['now-5m', 'Last 5 minutes'], ['now-15m', 'Last 15 minutes'], ['now-1h', 'Last hour'], ['now-6h', 'Last 6 hours'],
  ['now-24h', 'Last 24 hours'], ['now-7d', 'Last 7 days']];

export function timePicker(params, onChange) {
  const from = h('input', { 'aria-label': 'From', size: 22, value: params.get('from') || 'now-15m', 'data-testid': 'from' });
  const to = h('input', { 'aria-label': 'To', size: 22, value: params.get('to') || 'now', 'data-testid': 'to' });
  const preset = h('select', { 'aria-label': 'Time range', 'data-testid': 'range' },
    RANGES.map(([v, label]) => h('option', { value: v, selected: v === from.value && to.value === 'now' }, label)),
    h('option', { value: 'custom', selected: !RANGES.some(([v]) => v === from.value) || to.value !== 'now' }, 'Custom'));
  preset.addEventListener('change', () => {
    if (preset.value !== 'custom') { from.value = preset.value; to.value = 'now'; onChange(); }
  });
  for (const input of [from, to]) {
    input.addEventListener('keydown', e => { if (e.key === 'Enter') { preset.value = 'custom'; onChange(); } });
  }
  return {
    el: h('span', { class: 'bar', style: 'margin:0' }, preset, from, '→', to),
    get: () => ({ from: from.value.trim(), to: to.value.trim() }),
    set: (f, t) => { from.value = f; to.value = t; preset.value = 'custom'; },
  };
}
