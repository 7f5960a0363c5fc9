// Routes: the bundle's paths as a tree per method, literal segments before templated ones (as in Prism),
// so `/dev-servers/images/{id}` wins over `/dev-servers/{id}/stop` for `/dev-servers/images/x`, and a
// lookup costs one step per segment whatever the number of operations.
import { operations } from '@modelarts-openapi/spec';

const node = () => ({ literal: new Map(), param: undefined, ops: undefined });

/** Compiles the spec's operations into a route tree. @returns {{list: object[], tree: object, match: Function}} */
export function compileRoutes(spec) {
  const tree = node();
  const list = [];
  for (const operation of operations(spec)) {
    const segments = operation.path.split('/').filter((s, i) => i > 0 || s);
    let n = tree;
    const names = [];
    for (const seg of segments) {
      // A segment wholly `{name}` is a parameter; a segment mixing text and templates is matched by regex.
      const whole = /^\{([^}]+)\}$/.exec(seg);
      if (whole) {
        names.push(whole[1]);
        n = n.param ??= node();
      } else if (seg.includes('{')) {
        const inner = [];
        const source = seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_, name) => { inner.push(name); return '([^/]+)'; });
        n.patterns ??= [];
        let p = n.patterns.find((x) => x.source === source);
        if (!p) n.patterns.push(p = { source, regex: new RegExp(`^${source}$`), names: inner, next: node() });
        names.push(p);
        n = p.next;
      } else {
        n = n.literal.get(seg) ?? n.literal.set(seg, node()).get(seg);
      }
    }
    n.ops ??= new Map();
    n.ops.set(operation.method, { operation, names });
    list.push(operation);
  }
  return { list, tree, match: (method, pathname) => matchRoute({ tree }, method, pathname) };
}

function walk(n, segs, i, values, method, found) {
  if (i === segs.length || (i === segs.length - 1 && segs[i] === '')) {
    if (!n.ops) return undefined;
    found.pathMatched = true;
    const hit = n.ops.get(method);
    return hit ? { hit, values: [...values] } : undefined;
  }
  const seg = segs[i];
  const lit = n.literal.get(seg);
  if (lit) {
    const r = walk(lit, segs, i + 1, values, method, found);
    if (r) return r;
  }
  if (n.patterns) {
    for (const p of n.patterns) {
      const m = p.regex.exec(seg);
      if (!m) continue;
      values.push(m.slice(1));
      const r = walk(p.next, segs, i + 1, values, method, found);
      values.pop();
      if (r) return r;
    }
  }
  if (n.param && seg !== '') {
    values.push(seg);
    const r = walk(n.param, segs, i + 1, values, method, found);
    values.pop();
    if (r) return r;
  }
  return undefined;
}

const decode = (v) => { try { return decodeURIComponent(v); } catch { return v; } };

/**
 * The operation for a method and a path (as sent, percent-encoded), with its path parameters decoded.
 * @returns {{operation: object, params: Record<string,string>}|{operation: undefined, pathMatched: boolean}}
 */
export function matchRoute(routes, method, pathname) {
  const segs = pathname.split('/');
  segs.shift();
  const found = { pathMatched: false };
  const r = walk(routes.tree, segs, 0, [], method.toLowerCase(), found);
  if (!r) return { operation: undefined, pathMatched: found.pathMatched };
  const params = {};
  r.hit.names.forEach((name, i) => {
    if (typeof name === 'string') params[name] = decode(r.values[i]);
    else name.names.forEach((inner, j) => { params[inner] = decode(r.values[i][j]); });
  });
  return { operation: r.hit.operation, params };
}
