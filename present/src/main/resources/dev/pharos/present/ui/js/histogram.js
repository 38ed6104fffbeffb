// Severity histogram as stacked SVG bars; drag across it to zoom the time window to the selection.
const NS = 'http://www.w3.org/2000/svg';
const ORDER = ['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'UNSPECIFIED'];
const VAR = { FATAL: '--err', ERROR: '--err', WARN: '--warn', INFO: '--info', DEBUG: '--debug', TRACE: '--debug', UNSPECIFIED: '--muted' };

function el(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

export function histogram(onZoom) {
  const svg = el('svg', { class: 'hist', role: 'img', 'aria-label': 'Log count over time by severity', 'data-testid': 'histogram' });
  const axis = document.createElement('div');
  axis.className = 'axis muted';
  const box = document.createElement('div');
  box.append(svg, axis);
  let data = null, dragFrom = null, sel = null;
  const W = 1000, H = 90;
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('preserveAspectRatio', 'none');

  function x(evt) {
    const r = svg.getBoundingClientRect();
    return Math.min(W, Math.max(0, (evt.clientX - r.left) / r.width * W));
  }
  svg.addEventListener('mousedown', e => { dragFrom = x(e); });
  svg.addEventListener('mousemove', e => {
    if (dragFrom === null) return;
    const a = Math.min(dragFrom, x(e)), b = Math.max(dragFrom, x(e));
    if (!sel) { sel = el('rect', { class: 'sel', y: 0, height: H }); svg.append(sel); }
    sel.setAttribute('x', a); sel.setAttribute('width', b - a);
  });
  window.addEventListener('mouseup', e => {
    if (dragFrom === null) return;
    const a = Math.min(dragFrom, x(e)), b = Math.max(dragFrom, x(e));
    dragFrom = null;
    if (sel) { sel.remove(); sel = null; }
    if (!data || b - a < 4) return;
    const n = data.buckets.length, first = data.buckets[0].start_unix, step = data.step_seconds;
    const from = first + Math.floor(a / W * n) * step, to = first + Math.ceil(b / W * n) * step;
    onZoom(new Date(from * 1000).toISOString(), new Date(to * 1000).toISOString());
  });

  function draw(h) {
    data = h;
    svg.replaceChildren();
    const n = h.buckets.length;
    axis.replaceChildren();
    if (!n) return;
    const label = t => new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 19);
    const max0 = Math.max(...h.buckets.map(b => b.total));
    for (const text of [label(h.buckets[0].start_unix), `${h.step_seconds} s per bar · peak ${max0} · drag to zoom`,
      label(h.buckets[n - 1].start_unix + h.step_seconds)]) {
      const s = document.createElement('span');
      s.textContent = text;
      axis.append(s);
    }
    const max = Math.max(1, ...h.buckets.map(b => b.total));
    const bw = W / n;
    const styles = getComputedStyle(document.documentElement);
    h.buckets.forEach((b, i) => {
      let y = H;
      for (const level of ORDER) {
        const c = b.by_severity[level];
        if (!c) continue;
        const bh = c / max * (H - 4);
        y -= bh;
        const r = el('rect', { x: i * bw + 0.5, y, width: Math.max(0.5, bw - 1), height: bh, fill: styles.getPropertyValue(VAR[level]).trim() });
        const t = el('title', {});
        t.textContent = `${b.start}: ${c} ${level}`;
        r.append(t);
        svg.append(r);
      }
    });
  }
  return { el: box, draw };
}
