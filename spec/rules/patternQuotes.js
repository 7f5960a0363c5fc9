// A `pattern` writes quote characters as \x22 (") and \x27 ('): generators paste patterns into string
// literals of their languages, and a literal quote there ends the literal (the stock Python client of
// OpenAPI Generator 5.x did not even import). JSON Schema patterns are ECMA-262 regexes, and \xHH means
// the same in JavaScript, Python, Go (RE2) and Java.
export default function patternQuotes(pattern, _options, context) {
  if (typeof pattern !== 'string' || !/["']/.test(pattern)) return [];
  return [{ message: `pattern ${JSON.stringify(pattern)} holds a quote character: write " as \\x22 and ' as \\x27`, path: context.path }];
}
