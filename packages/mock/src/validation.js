// Request validation: percent-encoding, path/query/header parameters (form style, explode), content type,
// JSON syntax and the body schema, each operation's checks prepared once (on its first request) with the
// spec's own validator. Violations are Prism-shaped ({location, severity, code, message}) for the
// sl-violations header, plus `rule`: the short reason the explained 400 body names (`body.config: required`).
import { createValidator, deref, isJsonMediaType } from '@modelarts-openapi/spec';
import { createAuthCheck } from './auth.js';
import { compileRoutes, matchRoute } from './routes.js';

export const MAX_BODY = 10 * 1024 * 1024;

/** True when `text` has a `%` not followed by two hex digits, or escapes that are not UTF-8. */
export function badPercentEncoding(text) {
  if (text.indexOf('%') === -1) return false;
  try {
    decodeURIComponent(text);
    return false;
  } catch {
    return true;
  }
}

/** Violations for a request target whose path segments or query items are not valid percent-encoding. */
export function encodingViolations(pathname, search) {
  const out = [];
  if (pathname.indexOf('%') !== -1) {
    for (const seg of pathname.split('/')) {
      if (badPercentEncoding(seg)) out.push({ location: ['request', 'path'], severity: 'Error', code: 'invalid_encoding', message: `path segment "${seg.slice(0, 100)}" is not valid percent-encoding (%XX escapes of UTF-8)`, rule: `segment "${seg.slice(0, 100)}" is not valid percent-encoding` });
    }
  }
  if (search.indexOf('%') !== -1) {
    for (const item of search.slice(1).split('&')) {
      if (badPercentEncoding(item.replace(/\+/g, ' '))) out.push({ location: ['request', 'query'], severity: 'Error', code: 'invalid_encoding', message: `query item "${item.slice(0, 100)}" is not valid percent-encoding (%XX escapes of UTF-8)`, rule: `item "${item.slice(0, 100)}" is not valid percent-encoding` });
    }
  }
  return out;
}

export const mediaBase = (t) => String(t || '').split(';')[0].trim().toLowerCase();
function mediaMatches(declared, actual) {
  const d = mediaBase(declared);
  const a = mediaBase(actual);
  if (d === a || d === '*/*') return true;
  if (d.endsWith('/*')) return a.startsWith(d.slice(0, -1));
  return false;
}

/** A parameter string converted to its schema's type before validation (form style, explode). */
function coerceTo(type, raw) {
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : raw;
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}
const typeOf = (spec, schema) => {
  const s = deref(spec, schema || {});
  return s.type ?? (s.allOf || s.oneOf || s.anyOf ? undefined : 'string');
};

/** Status for a validation failure, as Prism picks it: 400, else 422, else the lowest declared 4xx. */
export function validationStatus(operation) {
  const declared = Object.keys(operation.op.responses || {});
  if (declared.includes('400')) return 400;
  if (declared.includes('422')) return 422;
  const low = declared.filter((s) => /^4\d\d$/.test(s)).sort()[0];
  return low ? Number(low) : 400;
}

/** `body.config[0].name`: a violation's location as the explained 400 names it. */
export function locationText(location) {
  return location.slice(1).map((k, i) => (i === 0 ? k : /^\d+$/.test(k) ? `[${k}]` : `.${k}`)).join('');
}

/** What one operation's requests are checked against, derived once. */
function prepare(spec, operation) {
  const params = [];
  for (const param of operation.parameters) {
    if (!param.schema || param.in === 'cookie') continue;
    if (param.in === 'header' && ['accept', 'content-type', 'authorization'].includes(param.name.toLowerCase())) continue;
    const s = deref(spec, param.schema);
    params.push({
      param, name: param.name, in: param.in, lname: param.name.toLowerCase(), required: param.required === true, schema: param.schema,
      type: typeOf(spec, param.schema), array: s.type === 'array', itemsType: s.type === 'array' ? typeOf(spec, s.items || {}) : undefined,
    });
  }
  const rb = operation.op.requestBody && deref(spec, operation.op.requestBody);
  const body = rb?.content ? { required: rb.required === true, content: rb.content, declared: Object.keys(rb.content) } : undefined;
  return { params, body, status: validationStatus(operation) };
}

/**
 * Validates one request: routing, encoding, credentials, parameters and body.
 * @returns {{operation?: object, params?: object, status?: number, violations?: object[], warnings?: object[], body?: Buffer}}
 *   `status` set: refuse with it (401 credentials, else the operation's validation status).
 */
export function createRequestChecker(spec, options = {}) {
  const validator = createValidator(spec);
  const authCheck = createAuthCheck(spec, options);
  const routes = compileRoutes(spec);
  const prepared = new Map();
  const planOf = (operation) => prepared.get(operation) ?? prepared.set(operation, prepare(spec, operation)).get(operation);
  return {
    routes,
    /**
     * Prepares operations and compiles their validators (fail-fast ones; the full-list ones are compiled
     * on the first invalid request), at most `budgetMs` at a time. @returns whether all are done.
     */
    warm(budgetMs = Infinity) {
      const end = performance.now() + budgetMs;
      for (const o of routes.list) {
        if (prepared.has(o) && prepared.get(o).warm) continue;
        const plan = planOf(o);
        for (const pp of plan.params) validator.prepare(pp.schema, 'request');
        for (const media of Object.values(plan.body?.content || {})) if (media.schema) validator.prepare(media.schema, 'request');
        plan.warm = true;
        if (performance.now() > end) return false;
      }
      return true;
    },
    check(req, url, body) {
      const { operation, params } = matchRoute(routes, req.method, url.pathname);
      // Prism decodes path parameters with decodeURIComponent unguarded: one `%zz` killed its process.
      // Such a request is answered here and never forwarded, whether it matches an operation or not.
      const badEncoding = encodingViolations(url.pathname, url.search);
      if (badEncoding.length) return { operation, status: operation ? validationStatus(operation) : 400, violations: badEncoding };
      if (!operation) return { operation: undefined };
      if (options.auth !== false) {
        const why = authCheck(operation, req, url, body);
        if (why) return { operation, params, status: 401, violations: [{ location: ['request'], severity: 'Error', code: 401, message: `Invalid security scheme used: ${why}`, rule: why }] };
      }
      if (options.validate === false) return { operation, params };
      const plan = planOf(operation);
      const violations = [];
      let lenientBody;
      const push = (location, problems) => {
        for (const p of problems) {
          const sub = p.pointer && p.pointer !== '/' ? p.pointer.slice(1).split('/') : [];
          const what = `${location.join(' ')}${p.pointer && p.pointer !== '/' ? p.pointer : ''}`;
          const text = p.message.replace(/^\S+\s/, '');
          const rule = p.kind === 'required' ? 'required' : p.kind === 'additionalProperty' ? 'not a property of the schema' : text;
          violations.push({ location: ['request', ...location, ...sub], severity: 'Error', code: p.kind, message: `${what}: ${text}`, rule });
        }
      };
      for (const pp of plan.params) {
        let raw;
        if (pp.in === 'path') raw = params[pp.name];
        else if (pp.in === 'query') {
          const all = url.searchParams.getAll(pp.name);
          if (!all.length) raw = undefined;
          else if (pp.array) {
            const list = pp.param.explode === false ? all.join(',').split(',') : all;
            push(['query', pp.name], validator.validate(pp.schema, list.map((v) => coerceTo(pp.itemsType, v)), 'request'));
            continue;
          } else raw = all[all.length - 1];
        } else if (pp.in === 'header') {
          const v = req.headers[pp.lname];
          raw = Array.isArray(v) ? v.join(',') : v;
        }
        if (raw === undefined) {
          if (pp.required) violations.push({ location: ['request', pp.in, pp.name], severity: 'Error', code: 'required', message: `${pp.in} parameter ${pp.name} is required`, rule: 'required' });
          continue;
        }
        push([pp.in, pp.name], validator.validate(pp.schema, coerceTo(pp.type, raw), 'request'));
      }
      const rb = plan.body;
      if (rb) {
        const ct = req.headers['content-type'];
        const empty = !body || body.length === 0;
        if (empty) {
          if (rb.required) violations.push({ location: ['request', 'body'], severity: 'Error', code: 'required', message: 'Body parameter is required', rule: 'required' });
        } else {
          const type = ct && rb.declared.find((d) => mediaMatches(d, ct));
          if (!type) {
            const rule = `content type ${ct ? mediaBase(ct) : '(none)'} is not supported; supported: ${rb.declared.join(', ')}`;
            violations.push({ location: ['request', 'header', 'content-type'], severity: 'Error', code: 415, message: `Unsupported content type ${ct ? mediaBase(ct) : '(none)'}; supported: ${rb.declared.join(', ')}`, rule });
          } else if (isJsonMediaType(type) || isJsonMediaType(ct)) {
            let value;
            let parsed = false;
            try {
              value = JSON.parse(body.toString('utf8'));
              parsed = true;
            } catch (e) {
              violations.push({ location: ['request', 'body'], severity: 'Error', code: 'invalid_json', message: `Body is not valid JSON: ${e.message}`, rule: `not valid JSON (${e.message})` });
            }
            if (parsed && rb.content[type].schema) {
              push(['body'], validator.validate(rb.content[type].schema, value, 'request'));
              lenientBody = { value };
            }
          }
        }
      }
      if (!violations.length) return { operation, params };
      // --lenient: unknown body properties are reported, and the request still goes through (without them,
      // so that Prism, which validates too, answers its example).
      if (options.lenient && lenientBody && violations.every((v) => v.code === 'additionalProperty' && v.location[1] === 'body')) {
        for (const v of violations) deleteAt(lenientBody.value, v.location.slice(2));
        return { operation, params, warnings: violations.map((v) => ({ ...v, severity: 'Warning' })), body: Buffer.from(JSON.stringify(lenientBody.value)) };
      }
      return { operation, params, status: plan.status, violations };
    },
  };
}

/** Deletes the property at a path of keys (array indices as strings) from a parsed JSON value. */
function deleteAt(value, pointerKeys) {
  const keys = pointerKeys.map((k) => String(k).replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = value;
  for (const k of keys.slice(0, -1)) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, k)) return;
    node = node[k];
  }
  const last = keys[keys.length - 1];
  if (node && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, last)) delete node[last];
}
