// The explore API (docs/api.md). Every call returns parsed JSON or throws an Error with the server's message.
export async function api(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) v.forEach(x => q.append(k, x));
    else if (v !== undefined && v !== null && v !== '') q.append(k, v);
  }
  const res = await fetch(path + (q.toString() ? '?' + q : ''));
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = null; }
  if (!res.ok) throw new Error(body && body.error ? body.error : `${res.status} ${text.slice(0, 200)}`);
  return body;
}

/** Runs SQL in the read-only console; returns the engine's JSON result. */
export async function sql(query) {
  const res = await fetch('/api/sql?format=JSON', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: query });
  const text = await res.text();
  if (!res.ok) { let m = text; try { m = JSON.parse(text).error; } catch {} throw new Error(m); }
  return { result: JSON.parse(text), elapsedMs: res.headers.get('x-pharos-elapsed-ms') };
}
