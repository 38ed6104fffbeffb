// A virtualised list: only the rows in view are in the DOM, so 100,000 loaded records scroll smoothly.
// Rows are ROW high; an expanded row takes its measured height.
export const ROW = 22;

export class VirtualList {
  constructor(container, renderRow, onNearEnd) {
    this.container = container;
    this.renderRow = renderRow;
    this.onNearEnd = onNearEnd;
    this.items = [];
    this.extra = new Map(); // index -> height beyond ROW, for expanded rows
    this.selected = -1;
    this.spacer = document.createElement('div');
    this.spacer.className = 'spacer';
    container.append(this.spacer);
    container.addEventListener('scroll', () => this.render());
  }

  setItems(items) { this.items = items; this.extra.clear(); this.selected = -1; this.container.scrollTop = 0; this.render(); }
  append(items) { this.items.push(...items); this.render(); }
  prepend(items) {
    if (!items.length) return;
    this.items.unshift(...items);
    const shifted = new Map();
    for (const [i, e] of this.extra) shifted.set(i + items.length, e);
    this.extra = shifted;
    if (this.selected >= 0) this.selected += items.length;
    this.render();
  }

  offset(i) {
    let y = i * ROW;
    for (const [j, e] of this.extra) if (j < i) y += e;
    return y;
  }

  indexAt(y) {
    const sorted = [...this.extra.entries()].sort((a, b) => a[0] - b[0]);
    let extraBefore = 0;
    for (const [j, e] of sorted) {
      const top = j * ROW + extraBefore;
      if (top + ROW + e <= y) extraBefore += e; else if (top <= y) return j; else break;
    }
    return Math.max(0, Math.floor((y - extraBefore) / ROW));
  }

  toggle(i) {
    if (this.extra.has(i)) this.extra.delete(i); else this.extra.set(i, 0);
    this.render();
  }

  isOpen(i) { return this.extra.has(i); }

  select(i) {
    if (i < 0 || i >= this.items.length) return;
    this.selected = i;
    const top = this.offset(i);
    const c = this.container;
    if (top < c.scrollTop) c.scrollTop = top;
    else if (top + ROW > c.scrollTop + c.clientHeight) c.scrollTop = top + ROW - c.clientHeight;
    this.render();
  }

  render() {
    const c = this.container;
    let total = this.items.length * ROW;
    for (const e of this.extra.values()) total += e;
    this.spacer.style.height = total + 'px';
    const first = this.indexAt(c.scrollTop);
    const last = Math.min(this.items.length, this.indexAt(c.scrollTop + c.clientHeight) + 10);
    const rows = [];
    for (let i = Math.max(0, first - 5); i < last; i++) {
      const el = this.renderRow(this.items[i], i, this.extra.has(i));
      el.style.top = this.offset(i) + 'px';
      if (i === this.selected) el.classList.add('selected');
      rows.push([i, el]);
    }
    this.spacer.replaceChildren(...rows.map(r => r[1]));
    // Measure expanded rows; re-render once if a height changed.
    let changed = false;
    for (const [i, el] of rows) {
      if (this.extra.has(i)) {
        const e = Math.max(0, el.offsetHeight - ROW);
        if (e !== this.extra.get(i)) { this.extra.set(i, e); changed = true; }
      }
    }
    if (changed) this.render();
    else if (last >= this.items.length - 50 && this.onNearEnd) this.onNearEnd();
  }
}
