// Static check of a built page: every place where HTML, CSS or script would load something from another
// host (the browser test in test/docs.test.js checks the same at run time, with the network cut).
const ABS = String.raw`(?:https?:)?\/\/[^"'\s)>;\x60]+`;
const PATTERNS = [
  // <script src>, <link href>, <img src>, <iframe src>, <source srcset>, <object data>, <use xlink:href>
  ['html', new RegExp(String.raw`<(?:script|link|img|iframe|source|video|audio|embed|object|image|use|track)\b[^>]*?\s(?:src|href|data|srcset|xlink:href|poster)\s*=\s*["']?\s*(${ABS})`, 'gi')],
  ['css url()', new RegExp(String.raw`url\(\s*["']?\s*(${ABS})`, 'gi')],
  ['css @import', new RegExp(String.raw`@import\s+(?:url\()?\s*["']?\s*(${ABS})`, 'gi')],
  ['es import', new RegExp(String.raw`\bimport\s*(?:\(\s*|[\w*{}\s,$]+?\sfrom\s*)["'\x60](${ABS})["'\x60]`, 'g')],
  ['importScripts/Worker', new RegExp(String.raw`\b(?:importScripts|new\s+(?:Shared)?Worker)\s*\(\s*["'\x60](${ABS})`, 'g')],
  // JSX/DOM properties in scripts: {src: "https://…"}, el.src = "https://…", backgroundImage: `url(https://…)`
  ['script src', new RegExp(String.raw`\b(?:src|srcset)\s*[:=]\s*["'\x60](${ABS})["'\x60]`, 'g')],
  // any CDN or web-font host named anywhere in the page
  ['cdn/font host', /((?:https?:)?\/\/(?:cdn\.[\w.-]+|[\w.-]*jsdelivr\.net|unpkg\.com|[\w.-]*cloudflare\.com|fonts\.(?:googleapis|gstatic)\.com|use\.typekit\.net)[^"'\s)>;`]*)/gi],
];

/** Every external load found in the page, as "kind: url" strings (empty when self-contained). */
export function externalLoads(html) {
  const found = new Set();
  for (const [kind, re] of PATTERNS) for (const m of html.matchAll(re)) found.add(`${kind}: ${m[1]}`);
  return [...found];
}
