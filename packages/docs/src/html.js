// The frame of the docs' own pages (console, changelog): one self-contained HTML document each.

export const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** A whole page; `styles` are CSS texts inlined in order, `body` is HTML. */
export function htmlPage({ title, styles = [], body }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${styles.map((css) => `<style>${css}</style>`).join('\n')}
</head>
<body>
${body}
</body>
</html>
`;
}
