// Runs on the unresolved document (`resolved: false`), file by file as Spectral loads them, so it sees
// $refs. Flags (1) a request/response body schema that is an inline object instead of a $ref, and
// (2) an object-typed property schema written inline: both would become anonymous types
// (`InlineObject1`, `InlineResponse200`) in generated clients.
const isInlineObject = (s) => s && typeof s === 'object' && !s.$ref && (s.type === 'object' || s.properties) && !s.allOf && !s.oneOf && !s.anyOf;

function walk(node, path, out, inSchema) {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) { node.forEach((v, i) => walk(v, [...path, i], out, inSchema)); return; }
  for (const [k, v] of Object.entries(node)) {
    const here = [...path, k];
    if (k === 'examples' || k === 'example' || (typeof k === 'string' && k.startsWith('x-'))) continue;
    if (k === 'schema' && path.length >= 2 && /json/.test(String(path[path.length - 1])) && isInlineObject(v)) {
      out.push({ message: 'body schema is an inline object; reference a named schema under components/schemas', path: here });
    }
    if (k === 'properties' && v && typeof v === 'object') {
      for (const [name, prop] of Object.entries(v)) {
        // Free-form maps (additionalProperties only) are fine inline; objects with properties are types.
        if (prop && typeof prop === 'object' && !prop.$ref && prop.properties && Object.keys(prop.properties).length) {
          out.push({ message: `property "${name}" is an inline object schema; move it to components/schemas`, path: [...here, name] });
        }
        walk(prop, [...here, name], out, true);
      }
      continue;
    }
    walk(v, here, out, inSchema);
  }
}

export default function namedSchemasOnly(doc) {
  const out = [];
  walk(doc, [], out, false);
  return out;
}
