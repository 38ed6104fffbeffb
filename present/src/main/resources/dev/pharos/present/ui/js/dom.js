// Tiny DOM helpers: the UI has a handful of views, a framework would outweigh them.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') el.style.cssText = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

export function copy(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const t = h('textarea', {}, text); document.body.append(t); t.select(); document.execCommand('copy'); t.remove();
  return Promise.resolve();
}

/** Shell-quotes the SQL for clickhouse-client. */
export function clickhouseClient(sql) {
  return "clickhouse-client --query '" + sql.replaceAll("'", "'\\''") + "'";
}

export function fmtNanos(nanos) {
  const n = Number(nanos);
  if (n < 1e3) return n + ' ns';
  if (n < 1e6) return (n / 1e3).toFixed(1) + ' µs';
  if (n < 1e9) return (n / 1e6).toFixed(n < 1e7 ? 2 : 1) + ' ms';
  return (n / 1e9).toFixed(2) + ' s';
}

/** A stable colour per service name. */
export function colour(name) {
  let x = 0;
  for (const c of name) x = (x * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${x % 360} 65% 50%)`;
}
