// Tools people already use, generated from the bundled spec:
// - a Postman collection (openapi-to-postmanv2) whose saved responses are the spec's named examples and
//   whose auth is collection-level: X-Auth-Token = {{token}}, with {{baseUrl}} and {{project_id}} as
//   collection variables; every request carries a test that its status is one the spec declares;
// - a Postman environment for the local mock;
// - an .http quick-start (VS Code REST Client / JetBrains HTTP Client) with one request per operation,
//   and curl lines for the README.
import crypto from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { deref, examples, exampleRequest, isJsonMediaType, operations, parameterValue, requestBody, successStatuses } from '@modelarts-openapi/spec';
import { curlCommand as curlLine, shellQuote } from '@modelarts-openapi/spec/samples';

export { parameterValue };

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const distDir = path.resolve(here, '../dist');
export const collectionPath = path.join(distDir, 'modelarts.postman_collection.json');
export const mockEnvironmentPath = path.join(distDir, 'mock.postman_environment.json');
export const quickstartHttpPath = path.join(distDir, 'quickstart.http');
export const MOCK_URL = 'http://127.0.0.1:4010';

// ------------------------------------------------------------------------------------------ request values


export const projectIdExample = (spec) => {
  const p = operations(spec).flatMap((o) => o.parameters).find((x) => x.name === 'project_id' && x.in === 'path');
  return p ? String(parameterValue(spec, p)) : '0123456789abcdef0123456789abcdef';
};

/**
 * Operations (or paths) with their own `servers` (e.g. IAM's token endpoint) get a URL variable of their
 * own: `https://iam.{region}.myhuaweicloud.com` → `iamUrl`. @returns {Map<string, string>} url → name
 */
export function serverVariables(spec) {
  const out = new Map();
  for (const o of operations(spec)) {
    for (const s of [...(o.op.servers || []), ...(spec.paths[o.path]?.servers || [])]) {
      if (out.has(s.url) || s.url === spec.servers?.[0]?.url) continue;
      const m = s.url.match(/^https?:\/\/([a-z][a-z0-9-]*)\./i);
      let name = m ? `${m[1].toLowerCase().replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase())}Url` : `server${out.size + 1}Url`;
      if (name === 'baseUrl' || [...out.values()].includes(name)) name = `server${out.size + 1}Url`;
      out.set(s.url, name);
    }
  }
  return out;
}

/** The URL variable an operation's requests go to: `baseUrl`, or its own server's. */
export function serverVariableOf(spec, operation) {
  const own = operation.op.servers?.[0] ?? spec.paths[operation.path]?.servers?.[0];
  return own && own.url !== spec.servers?.[0]?.url ? serverVariables(spec).get(own.url) : 'baseUrl';
}

/** Shell variable holding a URL variable's endpoint: baseUrl → MODELARTS_ENDPOINT, iamUrl → IAM_ENDPOINT. */
export const endpointEnv = (name) => (name === 'baseUrl' ? 'MODELARTS_ENDPOINT' : `${name.replace(/Url$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_ENDPOINT`);

/**
 * A concrete request of an operation for the quick-start: path parameters from their examples
 * (project_id left to the caller), required query and header parameters, the first request example.
 */
export function quickRequest(spec, operation) {
  const r = exampleRequest(spec, operation, { optional: false, keep: ['project_id'] });
  return {
    id: operation.id,
    summary: operation.op.summary ?? operation.id,
    method: operation.method.toUpperCase(),
    path: r.pathname,
    query: r.query,
    headers: Object.entries(r.headers),
    body: r.body?.name !== undefined ? { type: r.body.type, name: r.body.name, value: r.body.value } : undefined,
    noAuth: Array.isArray(operation.op.security) && operation.op.security.length === 0,
    server: serverVariableOf(spec, operation),
  };
}

// ------------------------------------------------------------------------------------------ Postman

const stableId = (...parts) => {
  const h = crypto.createHash('sha1').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

function convert(spec) {
  const Converter = require('openapi-to-postmanv2');
  const options = {
    folderStrategy: 'Tags',
    requestNameSource: 'Fallback',
    parametersResolution: 'Example',
    enableOptionalParameters: false,
    alwaysInheritAuthentication: true,
    includeAuthInfoInExample: false,
  };
  return new Promise((resolve, reject) => {
    Converter.convertV2({ type: 'json', data: structuredClone(spec) }, options, (err, res) => {
      if (err) return reject(err);
      if (!res.result) return reject(new Error(`openapi-to-postmanv2: ${res.reason}`));
      resolve(res.output[0].data);
    });
  });
}

const walkItems = (items, folder) => items.flatMap((i) => (i.item ? walkItems(i.item, i) : [{ item: i, folder }]));
const postmanPath = (p) => p.split('/').filter(Boolean).map((s) => s.replace(/^\{(.+)\}$/, ':$1')).join('/');

function statusText(code) {
  const texts = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };
  return texts[code] ?? '';
}

/**
 * Builds the collection. @returns {Promise<object>} a Postman v2.1 collection.
 */
export async function buildCollection(spec) {
  const col = await convert(spec);
  const ops = operations(spec);
  const byKey = new Map(ops.map((o) => [`${o.method.toUpperCase()} ${postmanPath(o.path)}`, o]));
  const exampleList = examples(spec);
  const projectId = projectIdExample(spec);

  // Drop folders of tags that have no operation yet.
  const prune = (items) => items.filter((i) => !i.item || (i.item = prune(i.item)).length > 0);
  col.item = prune(col.item);

  const matched = new Set();
  for (const { item } of walkItems(col.item)) {
    const req = item.request;
    const key = `${req.method} ${req.url.path.join('/')}`;
    const operation = byKey.get(key);
    if (!operation) throw new Error(`postman: request ${key} matches no operation of the spec`);
    matched.add(operation.id);
    delete req.auth; // inherit the collection's auth
    if (Array.isArray(operation.op.security) && operation.op.security.length === 0) req.auth = { type: 'noauth' };
    for (const v of req.url.variable || []) if (v.key === 'project_id') v.value = '{{project_id}}';
    // Every request goes to a URL variable, never a literal host: {{baseUrl}} or its own server's.
    req.url.host = [`{{${serverVariableOf(spec, operation)}}}`];
    delete req.url.protocol;
    delete req.url.port;
    const declared = Object.keys(operation.op.responses || {}).filter((s) => /^\d{3}$/.test(s)).map(Number);
    item.id = stableId(operation.id);
    item.name = `${operation.op.summary ?? operation.id}`;
    item.description = `\`${operation.id}\` — ${operation.op.description ?? ''}`.trim();
    item.event = [{
      listen: 'test',
      script: {
        type: 'text/javascript',
        exec: [
          `// ${operation.id}: the status must be one the spec declares.`,
          `pm.test('${operation.id} answers a declared status', function () {`,
          `    pm.expect(${JSON.stringify(declared)}).to.include(pm.response.code);`,
          '});',
        ],
      },
    }];
    // Saved responses: one per named response example of the spec.
    const body = requestBody(spec, operation);
    const baseRequest = structuredClone(req);
    delete baseRequest.description;
    // The request above documents every parameter; its copies in saved responses stay lean.
    for (const list of [baseRequest.url.query, baseRequest.url.variable, baseRequest.header]) for (const x of list || []) delete x.description;
    item.response = exampleList.filter((e) => e.direction === 'response' && e.operation.id === operation.id).map((e) => {
      const original = structuredClone(baseRequest);
      const reqExample = body?.examples.find((x) => x.name === e.name) ?? body?.examples[0];
      if (reqExample) original.body = { mode: 'raw', raw: JSON.stringify(reqExample.value, null, 2), options: { raw: { language: 'json' } } };
      original.header = [...(original.header || []).filter((h) => h.key !== 'Prefer'), { key: 'Prefer', value: `code=${e.status}, example=${e.name}`, description: 'Asks the mock (Prism) for this example; the real API ignores it.' }];
      return {
        id: stableId(operation.id, e.status, e.name),
        name: `${e.status} ${e.name}${e.example.summary ? ` — ${e.example.summary}` : ''}`,
        originalRequest: original,
        status: statusText(Number(e.status)),
        code: Number(e.status),
        header: [{ key: 'Content-Type', value: e.mediaType }],
        body: JSON.stringify(e.value, null, 2),
        _postman_previewlanguage: 'json',
      };
    });
  }
  const missing = ops.filter((o) => !matched.has(o.id)).map((o) => o.id);
  if (missing.length) throw new Error(`postman: operations missing from the collection: ${missing.join(', ')}`);
  for (const f of col.item) if (f.item) f.id = stableId('folder', f.name);

  col.info._postman_id = stableId('collection', spec.info.title, spec.info.version);
  col.info.name = `${spec.info.title} ${spec.info.version}`;
  col.info.version = spec.info.version;
  col.auth = {
    type: 'apikey',
    apikey: [
      { key: 'key', value: 'X-Auth-Token', type: 'string' },
      { key: 'value', value: '{{token}}', type: 'string' },
      { key: 'in', value: 'header', type: 'string' },
    ],
  };
  const server = spec.servers?.[0];
  const region = server?.variables?.region?.default;
  const vars = new Map((col.variable || []).map((v) => [v.key, v]));
  vars.set('baseUrl', { key: 'baseUrl', value: server?.url?.replace('{region}', '{{region}}') ?? MOCK_URL, type: 'string', description: `ModelArts endpoint; ${MOCK_URL} for the local mock (npx modelarts-mock).` });
  if (region) vars.set('region', { key: 'region', value: region, type: 'string', description: 'Huawei Cloud region of the endpoint.' });
  for (const [url, name] of serverVariables(spec)) vars.set(name, { key: name, value: url.replace(/\{(\w+)\}/g, '{{$1}}'), type: 'string', description: `Endpoint of the operations served from ${url}; ${MOCK_URL} for the local mock.` });
  vars.set('token', { key: 'token', value: '', type: 'secret', description: 'IAM token (X-Subject-Token of POST /v3/auth/tokens); any value for the mock.' });
  vars.set('project_id', { key: 'project_id', value: projectId, type: 'string', description: "The caller's IAM project in the region." });
  col.variable = [...vars.values()];
  return col;
}

export function mockEnvironment(spec) {
  return {
    id: stableId('environment', 'mock'),
    name: 'ModelArts mock (local)',
    values: [
      { key: 'baseUrl', value: MOCK_URL, type: 'default', enabled: true },
      ...[...serverVariables(spec).values()].map((name) => ({ key: name, value: MOCK_URL, type: 'default', enabled: true })),
      { key: 'token', value: 'mock-token', type: 'secret', enabled: true },
      { key: 'project_id', value: projectIdExample(spec), type: 'default', enabled: true },
    ],
    _postman_variable_scope: 'environment',
  };
}

// ------------------------------------------------------------------------------------------ quick-start

const urlOf = (r, base, projectVar) => {
  const qs = r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `${base}${r.path.replace('{project_id}', projectVar)}${qs ? `?${qs}` : ''}`;
};

/** Accept header: the success media types (e.g. a raw application/octet-stream download), plus JSON for errors. */
function acceptOf(spec, o) {
  const ok = successStatuses(o)[0];
  const types = Object.keys(deref(spec, o.op.responses?.[ok] ?? {}).content ?? {});
  return types.length && !types.some(isJsonMediaType) ? [...types, 'application/json'].join(', ') : 'application/json';
}

/** The .http file: variables on top, one request per operation grouped by tag. */
export function quickstartHttp(spec) {
  const ops = operations(spec);
  const lines = [
    `# ${spec.info.title} ${spec.info.version}: one request per operation, generated from the spec's examples`,
    '# (packages/postman/src/build.js). Open in VS Code (REST Client) or a JetBrains IDE and send any request.',
    `# Against the local mock (npx modelarts-mock) as is; for the real API set @baseUrl to`,
    `# https://modelarts.<region>.myhuaweicloud.com${serverVariables(spec).size ? ` (and ${[...serverVariables(spec)].map(([url, name]) => `@${name} to ${url.replace('{region}', '<region>')}`).join(', ')})` : ''},`,
    '# @token to an IAM token and @project_id to your project.',
    '',
    `@baseUrl = ${MOCK_URL}`,
    ...[...serverVariables(spec)].map(([url, name]) => `@${name} = ${MOCK_URL}`),
    '@token = mock-token',
    `@project_id = ${projectIdExample(spec)}`,
    '',
  ];
  let tag;
  for (const o of ops) {
    const r = quickRequest(spec, o);
    const t = o.op.tags?.[0] ?? 'Other';
    if (t !== tag) { lines.push(`#### ${t}`, ''); tag = t; }
    lines.push(`### ${r.id} — ${r.summary}`);
    lines.push(`${r.method} ${urlOf(r, `{{${r.server}}}`, '{{project_id}}')}`);
    if (!r.noAuth) lines.push('X-Auth-Token: {{token}}');
    for (const [k, v] of r.headers) lines.push(`${k}: ${v}`);
    lines.push(`Accept: ${acceptOf(spec, o)}`);
    if (r.body) lines.push(`Content-Type: ${r.body.type}`, '', JSON.stringify(r.body.value, null, 2));
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** A curl command for one operation, with $MODELARTS_ENDPOINT, $MODELARTS_TOKEN and $PROJECT_ID. */
export function curlCommand(spec, operation) {
  const r = quickRequest(spec, operation);
  const args = [];
  if (!r.noAuth) args.push('-H "X-Auth-Token: $MODELARTS_TOKEN"');
  for (const [k, v] of r.headers) args.push(`-H ${shellQuote(`${k}: ${v}`)}`);
  if (r.body) args.push(`-H 'Content-Type: ${r.body.type}'`, `-d ${shellQuote(JSON.stringify(r.body.value))}`);
  return curlLine({ method: r.method, url: `"${urlOf(r, `$${endpointEnv(r.server)}`, '$PROJECT_ID')}"`, flags: ['-sS'], args });
}

/** The README section: environment, then curl for a list and a create operation (v1 training jobs if present). */
export function readmeSection(spec, { ids } = {}) {
  const ops = operations(spec);
  const wanted = ids ?? ['listTrainingJobs', 'createTrainingJob'];
  let chosen = wanted.map((id) => ops.find((o) => o.id === id)).filter(Boolean);
  if (!chosen.length) chosen = [ops.find((o) => o.method === 'get'), ops.find((o) => o.method === 'post')].filter(Boolean);
  const blocks = chosen.map((o) => `# ${o.id}: ${o.op.summary ?? ''}\n${curlCommand(spec, o)}`);
  return `## Quick start with curl, an .http file or Postman

Every request below is generated from the spec's examples and runs as is against the local mock:

\`\`\`sh
npx modelarts-mock &                       # after npm run build; serves http://127.0.0.1:4010
export MODELARTS_ENDPOINT=${MOCK_URL} MODELARTS_TOKEN=any PROJECT_ID=${projectIdExample(spec)}
# for the real API: MODELARTS_ENDPOINT=https://modelarts.cn-north-4.myhuaweicloud.com, an IAM token, your project ID

${blocks.join('\n\n')}
\`\`\`

\`npm run build\` also writes, from the same examples:

- \`packages/postman/dist/quickstart.http\` — one request per operation for VS Code (REST Client) or JetBrains IDEs;
- \`packages/postman/dist/modelarts.postman_collection.json\` — a Postman collection: folders per tag, the spec's
  examples as saved responses, \`X-Auth-Token: {{token}}\` with \`{{baseUrl}}\` and \`{{project_id}}\` as collection
  variables, and a test on every request that the status is one the spec declares. Import it into Postman, or run it
  against the mock with \`npx newman run packages/postman/dist/modelarts.postman_collection.json -e packages/postman/dist/mock.postman_environment.json\`.
`;
}
