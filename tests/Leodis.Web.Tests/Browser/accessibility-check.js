// Checks a rendered page against the WCAG 2.2 AA rules a browser can decide by itself; returns the problems found.
() => {
  const problems = [];
  const visible = e => { const s = getComputedStyle(e); const r = e.getBoundingClientRect(); return s.display !== 'none' && s.visibility !== 'hidden' && (r.width > 0 || r.height > 0); };
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
  const named = e => (e.getAttribute('aria-label') || '').trim() || (e.getAttribute('aria-labelledby') || '').split(/\s+/).map(id => document.getElementById(id)?.textContent || '').join('').trim();

  if (!document.documentElement.lang) problems.push('html has no lang');
  if (!document.title.trim()) problems.push('the page has no title');
  const h1 = [...document.querySelectorAll('h1')].filter(visible);
  if (h1.length !== 1) problems.push(`${h1.length} visible h1 headings (one expected)`);

  // 1.3.1 / 4.1.2: every form control has a name.
  for (const e of document.querySelectorAll('input, select, textarea')) {
    if (e.type === 'hidden' || !visible(e)) continue;
    if (!(e.labels && e.labels.length) && !named(e) && !e.getAttribute('title')) problems.push('no label: ' + describe(e));
  }
  // 2.4.4 / 4.1.2: links and buttons say what they do.
  for (const e of document.querySelectorAll('a[href], button')) {
    if (!visible(e)) continue;
    if (!e.textContent.trim() && !named(e)) problems.push('no accessible name: ' + describe(e));
  }
  // 1.1.1: images and charts have a text alternative.
  for (const e of document.querySelectorAll('img, svg[role=img], [role=img]')) {
    if (!visible(e)) continue;
    const alt = e.getAttribute('alt') ?? (named(e) || e.querySelector(':scope > title')?.textContent?.trim());
    if (!alt && e.tagName.toLowerCase() === 'img' || !alt && e.getAttribute('role') === 'img') problems.push('no text alternative: ' + describe(e));
  }
  // 1.3.1: data tables have header cells.
  for (const t of document.querySelectorAll('table')) {
    if (visible(t) && !t.querySelector('th')) problems.push('table without header cells: ' + describe(t));
  }

  // 1.4.3: text contrast at least 4.5:1 (3:1 for large text), against the first opaque background behind it.
  const rgb = c => { const m = c.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 1]; };
  const luminance = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = e => { for (let n = e; n; n = n.parentElement) { const c = rgb(getComputedStyle(n).backgroundColor); if ((c[3] ?? 1) > 0.5) return c; } return [255, 255, 255, 1]; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const e = node.parentElement;
    if (!e || seen.has(e) || !node.textContent.trim() || !visible(e) || e.closest('[disabled], [aria-hidden=true], svg')) continue;
    seen.add(e);
    const s = getComputedStyle(e);
    const fg = rgb(s.color), bg = background(e);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) problems.push(`contrast ${ratio.toFixed(2)}:1 < ${needed}:1: ${describe(e)}`);
  }
  return problems;
}
