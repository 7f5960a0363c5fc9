// Responses accept real traffic (DECISIONS.md, "responses accept real traffic"). Runs on the bundle with
// `resolved: false`, so it sees `#/components/schemas/...` $refs: it collects every schema reachable from a
// response body (through $ref, properties, items, allOf/oneOf/anyOf, additionalProperties) and checks one
// of four things, chosen by `functionOptions.check`:
//   closed         no `additionalProperties: false`
//   enum           no `enum` (use `x-known-values` and the description)
//   optional       every optional scalar or array property is `nullable: true`
//   named-nullable every named object schema is itself `nullable: true` (siblings of $ref are ignored)
// Spectral bundles these functions to CommonJS and require()s them; @modelarts-openapi/spec is ESM only,
// which Node 20 cannot require(), so the list stays here (the same as METHODS of @modelarts-openapi/spec).
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const SCALARS = new Set(['string', 'integer', 'number', 'boolean', 'array']);
const SUBSCHEMA_LISTS = ['allOf', 'oneOf', 'anyOf'];

const refTarget = (doc, ref) => {
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return undefined;
  const keys = ref.slice(2).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  return { node: keys.reduce((o, k) => o?.[k], doc), path: keys };
};

/** Every schema node reachable from a response body: [{node, path, name (component name or undefined)}]. */
function reachable(doc) {
  const out = [];
  const seen = new Set();
  const visit = (node, path, name, via) => {
    if (!node || typeof node !== 'object') return;
    if (node.$ref) {
      const t = refTarget(doc, node.$ref);
      if (!t || !t.node) return;
      const isSchema = t.path[0] === 'components' && t.path[1] === 'schemas';
      visit(t.node, t.path, isSchema ? t.path[2] : name, via);
      return;
    }
    if (seen.has(node)) return;
    seen.add(node);
    out.push({ node, path, name: path.length === 3 && path[1] === 'schemas' ? path[2] : undefined, owner: name, via });
    for (const [k, v] of Object.entries(node.properties || {})) visit(v, [...path, 'properties', k], name, via);
    if (node.items) visit(node.items, [...path, 'items'], name, via);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') visit(node.additionalProperties, [...path, 'additionalProperties'], name, via);
    for (const k of SUBSCHEMA_LISTS) (node[k] || []).forEach((s, i) => visit(s, [...path, k, i], name, via));
  };
  for (const [p, item] of Object.entries(doc?.paths || {})) {
    for (const m of METHODS) {
      const op = item?.[m];
      if (!op) continue;
      for (const [status, r0] of Object.entries(op.responses || {})) {
        const r = r0?.$ref ? refTarget(doc, r0.$ref)?.node : r0;
        const base = r0?.$ref ? refTarget(doc, r0.$ref).path : ['paths', p, m, 'responses', status];
        for (const [type, media] of Object.entries(r?.content || {})) {
          if (media?.schema) visit(media.schema, [...base, 'content', type, 'schema'], undefined, `${op.operationId || `${m} ${p}`} ${status}`);
        }
      }
    }
  }
  return out;
}

const label = (x) => (x.name ? `schema ${x.name}` : x.owner ? `a schema inside ${x.owner}` : `the response body of ${x.via}`);
const isObjectShape = (s) => s.type === 'object' || !!s.properties || !!s.allOf;

export default function responseLenient(doc, options) {
  const check = options?.check;
  const out = [];
  for (const x of reachable(doc)) {
    const s = x.node;
    if (check === 'closed' && s.additionalProperties === false) {
      out.push({ message: `${label(x)} is used in a response (${x.via}) and has additionalProperties: false; responses must stay open to new fields`, path: [...x.path, 'additionalProperties'] });
    }
    if (check === 'enum' && Array.isArray(s.enum)) {
      out.push({ message: `${label(x)} is used in a response (${x.via}) and has an enum; use type: string with x-known-values and list the values in the description`, path: [...x.path, 'enum'] });
    }
    if (check === 'named-nullable' && x.name && isObjectShape(s) && s.nullable !== true) {
      out.push({ message: `schema ${x.name} is used in a response (${x.via}) and is not nullable: true; a property that $refs it must accept null`, path: x.path });
    }
    if (check === 'optional' && s.properties) {
      const required = new Set(s.required || []);
      for (const [prop, ps] of Object.entries(s.properties)) {
        if (required.has(prop) || !ps || ps.$ref || !SCALARS.has(ps.type) || ps.nullable === true) continue;
        out.push({ message: `${label(x)}: optional ${ps.type} property "${prop}" is used in a response (${x.via}) and is not nullable: true`, path: [...x.path, 'properties', prop] });
      }
    }
  }
  return out;
}
