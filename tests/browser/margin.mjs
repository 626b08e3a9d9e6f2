// How far the margin is from the text: for every sidenote, margin note and gloss of a page,
// the distance from the top of the line its reference stands on (the last line box of the
// visible node just before it) to the top of the item, and what it overlaps. Shared by the
// margin's browser test and by `node tests/browser/margin-report.mjs`, which prints the
// figures quoted in the README.

/** Runs in the page: one record per margin item, in document order. */
export function measureInPage() {
  const text = [...document.querySelectorAll('article.essay > p, article.essay > blockquote')];
  const textRight = Math.max(...text.map(t => t.getBoundingClientRect().right));
  const items = [...document.querySelectorAll('.sidenote, .marginnote, .gloss')];
  const referenceTop = item => {
    for (let n = item.previousSibling; n; n = n.previousSibling) {
      let rects = [];
      if (n.nodeType === 1) rects = [...n.getClientRects()];
      else if (n.nodeType === 3 && n.textContent.trim()) {
        const r = document.createRange();
        r.selectNodeContents(n);
        rects = [...r.getClientRects()];
      }
      rects = rects.filter(r => r.height > 0);
      if (rects.length) return rects[rects.length - 1].top;
    }
    return item.parentElement.getBoundingClientRect().top;
  };
  // The paragraph, quotation or list item the item stands in.
  const blockTop = item => (item.parentElement.closest('p, li, blockquote, dd, td') || item.parentElement)
    .getBoundingClientRect().top;
  const boxes = items.map(item => item.getBoundingClientRect());
  return items.map((item, i) => {
    const box = boxes[i];
    const overlaps = boxes
      .map((other, j) => j !== i && box.top < other.bottom - 1 && other.top < box.bottom - 1
        && box.left < other.right - 1 && other.left < box.right - 1 ? items[j].id : null)
      .filter(Boolean);
    return {
      id: item.id,
      drift: Math.round(box.top + window.scrollY - (referenceTop(item) + window.scrollY)),
      overtext: box.left < textRight - 1,
      outside: box.right > window.innerWidth + 1 || box.left < 0,
      // How far it starts above the first line of its paragraph (0 when it does not).
      above: Math.max(0, Math.round(blockTop(item) - box.top)),
      overlaps,
      shown: box.height > 0,
    };
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
