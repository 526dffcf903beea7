"""Layout checks run inside a page: what a student sees cut off, covered, broken or unreadable.

`problems(page)` runs one script in the browser and returns one line per problem found:
- error: a Streamlit traceback or a Gradio error toast on the page;
- overflow: an element's own text is wider than its box (scrollWidth > clientWidth), or the page
  scrolls sideways;
- word-break: a word in a table cell (or one of our HTML boxes) is split over two lines, so the
  cell is narrower than its longest word;
- plot-text: a plotly annotation or title runs outside its figure, or two annotation boxes overlap
  (the Overview's taxonomy boxes);
- covered: a label's box overlaps the drawn part of an image or canvas;
- contrast: text in our own HTML (gr.HTML, gr.Markdown, st.markdown, st.html) has a
  contrast ratio under 3 against the background it is drawn on (WCAG's floor for large text).
"""
from __future__ import annotations

from playwright.sync_api import Page

MIN_CONTRAST = 3.0

_SCRIPT = r"""
(minContrast) => {
  const out = [];
  const seen = new Set();
  const say = (kind, el, detail) => {
    const line = `${kind}: ${describe(el)}: ${detail}`;
    if (!seen.has(line)) { seen.add(line); out.push(line); }
  };
  const describe = (el) => {
    const id = el.closest('[id]');
    const text = (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `<${el.tagName.toLowerCase()}${id ? ' in #' + id.id : ''}> "${text}"`;
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0.05;
  };
  const skipped = (el) => el.closest('pre, code, .katex, .katex-display, svg, textarea, input, select, '
      + '[data-testid="stSidebar"], header, .sr-only, [aria-hidden="true"], .hide, .tooltip');
  // our own HTML and Markdown: gr.HTML / gr.Markdown in Gradio, st.markdown / st.html in Streamlit
  const OURS = ['.prose', '.html-container', '[data-testid="markdown"]', '[data-testid="stMarkdownContainer"]',
                '[data-testid="stHtml"]'].map(s => `${s}, ${s} *`).join(', ');
  const ownText = (el) => Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());

  // 0. an error shown instead of the page: a Streamlit traceback, a Gradio error toast
  for (const el of document.querySelectorAll('[data-testid="stException"], .toast-body.error')) {
    if (visible(el)) say('error', el, 'an error is shown');
  }

  // 1. overflow: text wider than its box, and a page that scrolls sideways
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth + 1) {
    say('overflow', document.body, `page is ${root.scrollWidth} px wide in a ${window.innerWidth} px window`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (!ownText(el) || skipped(el) || !visible(el)) continue;
    if (getComputedStyle(el).display.startsWith('inline') && el.tagName !== 'TD' && el.tagName !== 'TH') continue;
    if (el.clientWidth <= 1) continue;  // visually hidden for screen readers (Streamlit's "Skip to main content")
    if (el.scrollWidth > el.clientWidth + 1) {
      say('overflow', el, `text ${el.scrollWidth} px wide in a ${el.clientWidth} px box`);
    }
  }

  // 2. word-break: a word split over two lines in a table cell or in our own HTML
  const cells = document.body.querySelectorAll('td, th, ' + OURS);
  for (const cell of cells) {
    if (skipped(cell) || !visible(cell)) continue;
    for (const node of cell.childNodes) {
      if (node.nodeType !== 3) continue;
      for (const m of node.textContent.matchAll(/[^\s\-\u2010-\u2015\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) say('word-break', cell, `"${m[0]}" split over ${tops.size} lines`);
      }
    }
  }

  // 3. plot-text: plotly annotations and titles inside their figure, annotation boxes apart
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    if (!visible(plot)) continue;
    const box = plot.querySelector('.main-svg').getBoundingClientRect();
    const clip = plot.closest('[data-testid="stPlotlyChart"], .block') || plot;
    const area = clip.getBoundingClientRect();
    const left = Math.max(box.left, area.left), right = Math.min(box.right, area.right);
    const texts = plot.querySelectorAll('.annotation, .g-gtitle, .gtitle, .g-xtitle, .g-ytitle');
    const boxes = [];
    for (const t of texts) {
      const r = t.getBoundingClientRect();
      if (r.width < 1) continue;
      if (r.left < left - 1 || r.right > right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        say('plot-text', t, `text at x ${Math.round(r.left)}..${Math.round(r.right)} runs out of its `
            + `figure (${Math.round(left)}..${Math.round(right)})`);
      }
      if (t.classList.contains('annotation')) {
        const bg = t.querySelector('.bg, rect') || t;
        boxes.push([t, bg.getBoundingClientRect()]);
      }
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i], [b, rb] = boxes[j];
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 1 && h > 1) say('plot-text', a, `box overlaps "${b.textContent.trim()}"`);
    }
  }

  // 4. covered: a label over the drawn part of an image or a canvas
  const drawn = (img) => {
    const r = img.getBoundingClientRect();
    if (img.tagName !== 'IMG' || !img.naturalWidth) return r;
    const fit = getComputedStyle(img).objectFit;
    if (fit !== 'contain' && fit !== 'scale-down') return r;
    const s = Math.min(r.width / img.naturalWidth, r.height / img.naturalHeight);
    const w = img.naturalWidth * s, h = img.naturalHeight * s;
    return {left: r.left + (r.width - w) / 2, right: r.left + (r.width + w) / 2,
            top: r.top + (r.height - h) / 2, bottom: r.top + (r.height + h) / 2};
  };
  const images = Array.from(document.querySelectorAll('img, canvas'))
      .filter(i => visible(i) && i.getBoundingClientRect().width >= 40 && !i.closest('a, header')
          && (!i.closest('button') || i.closest('.image-container, .grid-wrap')));  // Gradio puts images in buttons
  const labels = Array.from(document.querySelectorAll(
      'label, [data-testid="block-label"], .caption-label, figcaption, [data-testid="stCaptionContainer"]'))
      .filter(l => visible(l) && (l.innerText || '').trim());
  for (const img of images) {
    const r = drawn(img);
    for (const l of labels) {
      if (l.contains(img) || img.contains(l)) continue;
      const q = l.getBoundingClientRect();
      const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
      const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
      if (w > 2 && h > 2) say('covered', img, `label "${l.innerText.trim().slice(0, 30)}" covers ${Math.round(w)}x${Math.round(h)} px`);
    }
  }

  // 5. contrast: our own HTML (inline styles) readable on what it is drawn on
  const rgba = (c) => { const m = c.match(/[\d.]+/g) || [0, 0, 0, 0]; return m.map(Number).concat([1]).slice(0, 4); };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let base = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) base = [r * a + base[0] * (1 - a), g * a + base[1] * (1 - a), b * a + base[2] * (1 - a)];
    return base;
  };
  for (const el of document.body.querySelectorAll(OURS)) {
    if (!ownText(el) || skipped(el) || !visible(el)) continue;
    if (el.closest('[data-testid="stSlider"]')) continue;  // Streamlit's slider value floats above its thumb, not on it
    const fg = rgba(getComputedStyle(el).color), bg = background(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < minContrast) say('contrast', el, `contrast ${ratio.toFixed(2)} (text rgb(${fg.slice(0, 3)}) on rgb(${bg.map(Math.round)}))`);
  }
  return out;
}
"""


def problems(page: Page) -> list[str]:
    """Every layout problem on the page as it is drawn now, one line each."""
    return page.evaluate(_SCRIPT, MIN_CONTRAST)
