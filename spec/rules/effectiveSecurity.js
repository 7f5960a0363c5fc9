// Each operation must end up with at least one security requirement (its own or the global one);
// an operation that really needs none (IAM token issuing) says so with `x-no-auth: true`.
// Spectral bundles these functions to CommonJS and require()s them; @modelarts-openapi/spec is ESM only,
// which Node 20 cannot require(), so the list stays here (the same as METHODS of @modelarts-openapi/spec).
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export default function effectiveSecurity(doc) {
  const out = [];
  const global = Array.isArray(doc?.security) ? doc.security : [];
  for (const [p, item] of Object.entries(doc?.paths || {})) {
    for (const m of METHODS) {
      const op = item?.[m];
      if (!op) continue;
      const security = Array.isArray(op.security) ? op.security : global;
      const open = security.length === 0 || security.some((r) => Object.keys(r).length === 0);
      if (open && op['x-no-auth'] !== true) out.push({ message: `${m.toUpperCase()} ${p} has no security requirement`, path: ['paths', p, m] });
      if (!open && op['x-no-auth'] === true) out.push({ message: `${m.toUpperCase()} ${p} is x-no-auth but requires security`, path: ['paths', p, m] });
    }
  }
  return out;
}
