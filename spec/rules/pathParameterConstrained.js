// OWASP API4 (request side): every path parameter is bounded, so that no value can make a path segment
// of its own choosing. A string needs a maxLength and an anchored pattern, an enum or a format, and its
// pattern must refuse what would change the URL's structure; an integer needs a format or a maximum.
const STRUCTURAL = ['a/b', 'a?b', 'a#b', 'a\\b', 'a\nb', 'a%2Fb'];

export default function pathParameterConstrained(param, _options, context) {
  if (!param || typeof param !== 'object' || param.in !== 'path') return [];
  const name = `path parameter "${param.name}"`;
  const problem = (message) => [{ message: `${name}: ${message}`, path: context.path }];
  const schema = param.schema;
  if (!schema || typeof schema !== 'object') return problem('has no schema; give it a type and bounds');
  if (Array.isArray(schema.enum) && schema.enum.length) return [];
  const type = schema.type ?? 'string';
  if (type === 'integer' || type === 'number') {
    if (schema.format || schema.maximum !== undefined) return [];
    return problem(`${type} without a format (int32/int64) or a maximum`);
  }
  if (type === 'boolean') return [];
  if (type !== 'string') return problem(`type ${type} cannot be bounded in a path; use a string or an integer`);
  const out = [];
  if (schema.maxLength === undefined) out.push('string without maxLength');
  if (schema.pattern === undefined && schema.format === undefined) out.push('string without a pattern, enum or format');
  if (typeof schema.pattern === 'string') {
    const p = schema.pattern;
    if (/["']/.test(p)) out.push('pattern has a raw quote; write \\x22 or \\x27 (generated clients embed it in string literals)');
    if (!p.startsWith('^') || !p.endsWith('$')) out.push(`pattern ${p} is not anchored with ^…$, so it bounds nothing`);
    let re;
    try {
      re = new RegExp(p, 'u');
    } catch (e) {
      out.push(`pattern ${p} is not a valid regular expression (${e.message})`);
    }
    const leaks = re ? STRUCTURAL.filter((v) => re.test(v)) : [];
    if (leaks.length) out.push(`pattern ${p} accepts ${leaks.map((v) => JSON.stringify(v)).join(', ')}; refuse / ? # \\ % and control characters`);
  }
  return out.length ? problem(`${out.join('; ')} (OWASP API4: bound every path parameter)`) : [];
}
