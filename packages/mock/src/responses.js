// Responses: what the engine answers, prepared once per operation × status × example (the bytes are
// serialised on first use and kept), chosen the way Prism chooses in static mode — the status from
// `Prefer: code=…` or the lowest declared 2xx, the example from `Prefer: example=…` or the first one —
// and the explained error bodies for refused requests. Anything the engine cannot answer exactly as
// Prism would (no example to give, `Prefer: dynamic=true`, an Accept it does not satisfy, an unknown
// code or example name) is `undefined` here, and goes to Prism.
import { contentMedia, deref, isJsonMediaType } from '@modelarts-openapi/spec';
import { locationText } from './validation.js';

/** The service's error code for an invalid parameter ("Parameter error.", ModelArts API reference, error codes). */
export const INVALID_PARAMETER_CODE = 'ModelArts.0104';

/** `Prefer: code=400, example=bad, delay=100` → {code: '400', example: 'bad', delay: '100'} (Prism's syntax). */
export function parsePrefer(header) {
  const out = {};
  if (!header) return out;
  for (const part of String(header).split(/[,;]/)) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    out[part.slice(0, i).trim().toLowerCase()] = part.slice(i + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return out;
}

const headerExamples = (spec, response) => {
  const headers = {};
  for (const [name, h] of Object.entries(response?.headers || {})) {
    const header = deref(spec, h);
    const value = header.example ?? deref(spec, header.schema || {}).example;
    if (value !== undefined && typeof value !== 'object') headers[name.toLowerCase()] = String(value);
  }
  return headers;
};

// Text, not a Buffer: Node writes a string body together with the headers in one write (a Buffer body
// goes out as a second chunk of a writev), which is a quarter of the engine's CPU time per request.
const serialise = (type, value) => (typeof value === 'string' && !isJsonMediaType(type) ? value : JSON.stringify(value));

/** The documented response of an operation for a status: {status, headers, body} (body: text). */
export function documentedResponse(spec, operation, status) {
  const responses = operation.op.responses || {};
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
  const response = key ? deref(spec, responses[key]) : undefined;
  const headers = headerExamples(spec, response);
  const { type, media } = contentMedia(response?.content) ?? {};
  let body;
  if (media) {
    const first = media.examples && Object.values(media.examples)[0];
    body = first !== undefined ? deref(spec, first).value : media.example ?? deref(spec, media.schema || {}).example;
  }
  if (body === undefined) body = { error_code: `Mock.${status}`, error_msg: `request rejected by the mock (${status})` };
  headers['content-type'] = type ?? 'application/json';
  return { status: Number(status), headers, body: typeof body === 'string' && !isJsonMediaType(type) ? body : JSON.stringify(body) };
}

/** A named example of the operation's response for a status, as {status, headers, body}, or undefined. */
export function namedExample(spec, operation, status, name) {
  const raw = operation.op.responses?.[String(status)];
  if (!raw) return undefined;
  const response = deref(spec, raw);
  const { type, media } = contentMedia(response.content) ?? {};
  const ex = media?.examples?.[name];
  if (!ex) return undefined;
  return { status: Number(status), headers: { ...headerExamples(spec, response), 'content-type': type }, body: serialise(type, deref(spec, ex).value) };
}

/**
 * The body of a refused request in the operation's documented error format, explaining the violations:
 * `{error_code: "ModelArts.0104", error_msg: "body.config: required"}` (legacy v1 operations:
 * `is_success: false, error_code, error_message`; IAM: `{error: {code, message, title}}`). The 401 keeps
 * its documented example (a client cannot be told more than "not authenticated").
 */
export function explainedError(spec, operation, status, violations) {
  const doc = documentedResponse(spec, operation, status);
  if (status === 401) return doc;
  const message = violations.map((v) => `${locationText(v.location) || 'request'}: ${v.rule ?? v.message}`).join('; ');
  let sample;
  try { sample = JSON.parse(doc.body); } catch { sample = undefined; }
  let body;
  if (sample && typeof sample === 'object' && sample.error && typeof sample.error === 'object') {
    body = { error: { ...sample.error, code: typeof sample.error.code === 'number' ? status : String(status), message } };
  } else if (sample && typeof sample === 'object' && 'error_message' in sample) {
    body = { ...sample, ...('is_success' in sample ? { is_success: false } : {}), error_code: INVALID_PARAMETER_CODE, error_message: message };
  } else {
    body = { error_code: INVALID_PARAMETER_CODE, error_msg: message };
  }
  return { status, headers: { ...doc.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Per operation and status: the media type, header examples and each example's bytes, prepared on first use. */
export function createAnswers(spec) {
  const byOp = new Map();
  const prepare = (operation) => {
    const responses = operation.op.responses || {};
    const statuses = new Map();
    for (const [code, raw] of Object.entries(responses)) {
      if (!/^\d{3}$/.test(code)) continue;
      const response = deref(spec, raw);
      const headers = headerExamples(spec, response);
      const entries = Object.entries(response.content || {});
      if (!entries.length) {
        statuses.set(code, { status: Number(code), headers, body: '', length: 0, empty: true });
        continue;
      }
      // Prism takes the first declared content type when the request has no Accept header.
      const [type, media] = entries[0];
      const examples = new Map();
      for (const [name, ex] of Object.entries(media.examples || {})) {
        const text = serialise(type, deref(spec, ex).value);
        examples.set(name, { text, length: Buffer.byteLength(text) });
      }
      let first = examples.values().next().value;
      if (first === undefined && media.example !== undefined) {
        const text = serialise(type, media.example);
        first = { text, length: Buffer.byteLength(text) };
      }
      statuses.set(code, { status: Number(code), headers: { ...headers, 'content-type': type }, type, examples, first, types: entries.map(([t]) => t) });
    }
    const success = [...statuses.keys()].filter((c) => /^2\d\d$/.test(c)).sort();
    return { statuses, lowest: success[0] };
  };
  return {
    /** {status, headers, body: string, length} the engine answers for a valid request, or undefined (→ Prism). */
    answer(operation, prefer, accept) {
      const entry = byOp.get(operation) ?? byOp.set(operation, prepare(operation)).get(operation);
      if (prefer.dynamic === 'true') return undefined;
      const code = prefer.code ?? entry.lowest;
      const st = code && entry.statuses.get(code);
      if (!st) return undefined;
      if (st.empty) return prefer.example ? undefined : st;
      if (accept && !acceptable(accept, st.type)) return undefined;
      const body = prefer.example !== undefined ? st.examples.get(prefer.example) : st.first;
      if (body === undefined) return undefined;
      return { status: st.status, headers: st.headers, body: body.text, length: body.length };
    },
  };
}

/** Whether an Accept header takes this media type (only the simple cases; the rest goes to Prism). */
function acceptable(accept, type) {
  if (accept === '*/*' || accept === type) return true;
  const base = type.split(';')[0];
  return accept.split(',').some((a) => {
    const [range, ...params] = a.trim().split(';');
    if (params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p))) return false;
    const r = range.trim().toLowerCase();
    return r === '*/*' || r === base || (r.endsWith('/*') && base.startsWith(r.slice(0, -1)));
  });
}

/** The sl-violations header: JSON, ASCII only (\u escapes), at most ~7 kB so every client can read it. */
export function violationsHeader(violations) {
  const ascii = (x) => JSON.stringify(x).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const list = [];
  for (const { location, severity, code, message } of violations) {
    const v = { location, severity, code, message };
    if (ascii([...list, v]).length > 7000) break;
    list.push(v);
  }
  return ascii(list);
}

export function cors(req) {
  const origin = req.headers.origin;
  return {
    'access-control-allow-origin': origin || '*',
    'access-control-allow-credentials': 'true',
    'access-control-allow-headers': '*',
    'access-control-expose-headers': '*',
  };
}
