// Code samples (x-codeSamples) for every operation, generated from the bundle and its examples at docs
// build time: curl, the TypeScript client (@modelarts-openapi/client) and the generated Python client
// (modelarts_client, OpenAPI Generator 7.x "python"). Names follow ./naming.js.
import { deref, exampleRequest, isJsonMediaType, operations, successStatuses } from './index.js';
import {
  apiClassName,
  camelize,
  clientKey,
  pyMethodName,
  pyParamName,
  sanitizeName,
  tsEnumMember,
  tsInlineEnumName,
  tsMethodName,
  tsModelName,
  tsParamName,
  tsPropertyName,
} from './naming.js';

export const PYTHON_PACKAGE = 'modelarts_client';
export const TS_PACKAGE = '@modelarts-openapi/client';
export const TOKEN_ENV = 'MODELARTS_TOKEN';

/** A single-quoted TypeScript string literal. */
const tsString = (v) => `'${JSON.stringify(String(v)).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
const refName = (node) => (node && typeof node.$ref === 'string' ? node.$ref.split('/').pop() : undefined);
const isIdentifier = (s) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s);

/** The first server URL with its variables at their defaults. */
export function serverUrl(servers) {
  const s = servers?.[0];
  if (!s) return 'http://localhost';
  return s.url.replace(/\{([^}]+)\}/g, (m, v) => s.variables?.[v]?.default ?? m).replace(/\/+$/, '');
}

/** Schema resolved through $ref, with allOf members merged (properties, required). */
function flatten(spec, schema, seen = new Set()) {
  const s = deref(spec, schema);
  if (!s || typeof s !== 'object' || !s.allOf) return s;
  const out = { ...s, properties: { ...(s.properties || {}) }, required: [...(s.required || [])] };
  delete out.allOf;
  for (const part of s.allOf) {
    const r = refName(part);
    if (r && seen.has(r)) continue;
    const p = flatten(spec, part, new Set([...seen, r].filter(Boolean)));
    Object.assign(out.properties, p.properties || {});
    out.required.push(...(p.required || []));
    if (!out.type && p.type) out.type = p.type;
  }
  return out;
}

/** A plausible value for a schema without an example: example > default > enum > by type. */
export function sampleFromSchema(spec, schema, depth = 0) {
  const s = flatten(spec, schema);
  if (!s || typeof s !== 'object') return null;
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  const alt = s.oneOf || s.anyOf;
  if (alt?.length) return sampleFromSchema(spec, alt[0], depth + 1);
  const type = s.type || (s.properties ? 'object' : s.items ? 'array' : 'string');
  switch (type) {
    case 'object': {
      if (depth > 4) return {};
      const out = {};
      const props = s.properties || {};
      const keys = s.required?.length ? s.required : Object.keys(props);
      for (const k of keys) if (props[k] && !deref(spec, props[k]).readOnly) out[k] = sampleFromSchema(spec, props[k], depth + 1);
      return out;
    }
    case 'array':
      return depth > 4 ? [] : [sampleFromSchema(spec, s.items, depth + 1)];
    case 'integer':
      return s.minimum ?? 1;
    case 'number':
      return s.minimum ?? 1.5;
    case 'boolean':
      return true;
    default:
      if (s.format === 'date-time') return '2024-01-01T00:00:00Z';
      if (s.format === 'date') return '2024-01-01';
      if (s.format === 'uuid') return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
      if (s.format === 'binary') return '<file>';
      return s.minLength ? 'x'.repeat(s.minLength) : 'string';
  }
}

/** The request body to show: the example request's (its first named example), else a schema sample. */
function bodyOf(spec, op, request) {
  const body = request.body;
  if (!body) return undefined;
  const value = body.name !== undefined ? body.value : sampleFromSchema(spec, body.schema);
  const schemaRef = refName(body.schema);
  const name = op['x-codegen-request-body-name'] || (schemaRef ? schemaRef : 'body');
  return { mediaType: body.type, value, exampleName: body.name === 'example' ? undefined : body.name, schema: body.schema, name, required: body.required };
}

/** The security scheme the samples authenticate with: the first header apiKey scheme the operation accepts. */
function authScheme(spec, op) {
  const reqs = op.security ?? spec.security ?? [];
  for (const req of reqs) {
    for (const name of Object.keys(req)) {
      const scheme = spec.components?.securitySchemes?.[name];
      if (scheme && scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name !== 'Authorization') return { name, header: scheme.name };
    }
  }
  for (const req of reqs) for (const name of Object.keys(req)) return { name, header: spec.components?.securitySchemes?.[name]?.name || name, signed: true };
  return undefined;
}

/**
 * Everything the three samples need about one operation, with the names the generated clients use.
 * Exported for the tests, which compare the names with the generators' output.
 */
export function describeOperation(spec, operation) {
  const { op, method, path: p } = operation;
  const tag = op.tags?.[0] || 'default';
  const pathItem = spec.paths[p];
  const server = serverUrl(op.servers || pathItem.servers || spec.servers);
  const defaultServer = serverUrl(spec.servers);
  const request = exampleRequest(spec, operation);
  const params = request.params.map(({ param, value }) => ({ param, value, ts: tsParamName(param.name), py: pyParamName(param.name) }));
  const body = bodyOf(spec, op, request);
  const form = body && /multipart\/form-data|x-www-form-urlencoded/.test(body.mediaType);
  const success = successStatuses(operation)[0];
  const successContent = success && deref(spec, op.responses[success]).content;
  const successTypes = Object.keys(successContent || {});
  const returnsBody = successTypes.length > 0;
  return {
    operationId: op.operationId,
    method,
    path: p,
    tag,
    server,
    ownServer: server !== defaultServer,
    request,
    params,
    body,
    form,
    auth: authScheme(spec, op),
    returnsBody,
    // a success response that is not JSON (a file): its media type
    download: successTypes.length && !successTypes.some(isJsonMediaType) ? successTypes[0] : undefined,
    ts: { apiClass: apiClassName(tag), clientKey: clientKey(tag), method: tsMethodName(op.operationId), bodyParam: body ? (form ? undefined : tsParamName(body.name)) : undefined },
    py: { apiClass: apiClassName(tag), method: pyMethodName(op.operationId), bodyParam: body ? (form ? undefined : pyParamName(body.name)) : undefined },
  };
}

// curl ------------------------------------------------------------------------------------------------

/** A word for a POSIX shell: single-quoted. */
export const shellQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const scalar = (v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/**
 * The one curl layout (docs samples, the Postman package's README and quick-start lines): `curl [flags] -X
 * METHOD <url>`, then one option a line. url and args are shell words as they are to appear.
 */
export function curlCommand({ method, url, flags = [], args = [] }) {
  return [`curl ${[...flags, '-X', method.toUpperCase(), url].join(' ')}`, ...args].join(' \\\n  ');
}

export function curlSample(spec, d) {
  const args = [];
  if (d.auth && !d.auth.signed) args.push(`-H "${d.auth.header}: $${TOKEN_ENV}"`);
  else if (d.auth?.signed) args.push(`-H 'Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=host;x-sdk-date, Signature=<hex>' -H 'X-Sdk-Date: <YYYYMMDDTHHMMSSZ>'`);
  for (const [name, value] of Object.entries(d.request.headers)) args.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (d.body) {
    if (d.form) {
      for (const [k, v] of Object.entries(d.body.value || {})) {
        const prop = deref(spec, flatten(spec, d.body.schema)?.properties?.[k] || {});
        args.push(prop.format === 'binary' ? `-F ${shellQuote(`${k}=@./${k}`)}` : `-F ${shellQuote(`${k}=${scalar(v)}`)}`);
      }
    } else if (isJsonMediaType(d.body.mediaType)) {
      args.push(`-H 'Content-Type: ${d.body.mediaType}'`);
      args.push(`-d ${shellQuote(JSON.stringify(d.body.value, null, 2))}`);
    } else {
      args.push(`-H 'Content-Type: ${d.body.mediaType}'`);
      args.push(`--data-binary @./body`);
    }
  }
  return curlCommand({ method: d.method, url: shellQuote(d.server + d.request.url), args });
}

// TypeScript ------------------------------------------------------------------------------------------

/**
 * Renders a JSON value as a TypeScript literal typed by the generated models: string enums become enum
 * members (string literals do not type-check against TypeScript enums) and date/date-time values `Date`s.
 */
function tsLiteral(spec, value, schema, ctx, indent) {
  const pad = '  '.repeat(indent);
  const s = schema ? flatten(spec, schema) : undefined;
  const ref = refName(schema);
  if (value === null || value === undefined) return 'null';
  if (s && Array.isArray(s.enum) && typeof value === 'string' && (s.type === 'string' || !s.type)) {
    const enumName = ref ? tsModelName(ref) : ctx.inlineEnum;
    if (enumName) {
      ctx.imports.add(enumName);
      const member = tsEnumMember(value);
      return member ? `${enumName}.${member}` : `${tsString(value)} as ${enumName}`;
    }
  }
  if (s && (s.format === 'date-time' || s.format === 'date') && typeof value === 'string') return `new Date(${tsString(value)})`;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    const items = value.map((v) => `${pad}  ${tsLiteral(spec, v, s?.items, ctx, indent + 1)}`);
    return `[\n${items.join(',\n')},\n${pad}]`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (!keys.length) return '{}';
    const owner = ref ? tsModelName(ref) : undefined;
    const lines = keys.map((k) => {
      const propSchema = s?.properties?.[k] ?? (typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined);
      // an enum written inline in a model property is generated as <Model><Property>Enum (also for array items)
      const inlineEnum = owner && s?.properties?.[k] && !refName(s.properties[k]) ? tsInlineEnumName(owner, k) : undefined;
      // a declared property has the model's TypeScript name; a map key stays as sent
      const key = s?.properties?.[k] ? tsPropertyName(k) : k;
      return `${pad}  ${isIdentifier(key) ? key : tsString(key)}: ${tsLiteral(spec, value[k], propSchema, { ...ctx, inlineEnum }, indent + 1)}`;
    });
    return `{\n${lines.join(',\n')},\n${pad}}`;
  }
  return typeof value === 'string' ? tsString(value) : JSON.stringify(value);
}

export function typescriptSample(spec, d) {
  const ctx = { imports: new Set() };
  const args = [];
  const opPascal = camelize(sanitizeName(d.operationId));
  for (const p of d.params) {
    const inlineEnum = refName(p.param.schema) ? undefined : `${opPascal}${camelize(sanitizeName(p.param.name))}Enum`;
    args.push(`  ${p.ts}: ${tsLiteral(spec, p.value, p.param.schema, { ...ctx, inlineEnum }, 1)}`);
  }
  if (d.body) {
    if (d.form) {
      const props = flatten(spec, d.body.schema)?.properties || {};
      for (const [k, v] of Object.entries(d.body.value || {})) {
        const prop = deref(spec, props[k] || {});
        const val = prop.format === 'binary' ? `new Blob([await readFile('./${k}')])` : tsLiteral(spec, v, props[k], ctx, 1);
        if (prop.format === 'binary') ctx.readFile = true;
        args.push(`  ${tsParamName(k)}: ${val}`);
      }
    } else if (!isJsonMediaType(d.body.mediaType)) {
      ctx.readFile = true;
      args.push(`  ${d.ts.bodyParam}: new Blob([await readFile('./body')])`);
    } else {
      args.push(`  ${d.ts.bodyParam}: ${tsLiteral(spec, d.body.value, d.body.schema, ctx, 1)}`);
    }
  }
  const names = ['createClient', ...[...ctx.imports].sort()];
  const head = [];
  if (ctx.readFile) head.push(`import { readFile } from 'node:fs/promises';`);
  head.push(names.length > 3 ? `import {\n${names.map((n) => `  ${n},`).join('\n')}\n} from '${TS_PACKAGE}';` : `import { ${names.join(', ')} } from '${TS_PACKAGE}';`);
  const opts = [d.ownServer ? `endpoint: ${tsString(d.server)}` : `region: 'cn-north-4'`];
  if (d.auth && !d.auth.signed && d.auth.header === 'X-Auth-Token') opts.push(`token: process.env.${TOKEN_ENV}`);
  else if (d.auth && !d.auth.signed) opts.push(`headers: { ${tsString(d.auth.header)}: process.env.${TOKEN_ENV} ?? '' }`);
  const call = `client.${d.ts.clientKey}.${d.ts.method}(${args.length ? `{\n${args.join(',\n')},\n}` : ''})`;
  return [
    ...head,
    '',
    `const client = createClient({ ${opts.join(', ')} });`,
    '',
    d.returnsBody ? `const result = await ${call};\nconsole.log(result);` : `await ${call};`,
  ].join('\n');
}

// Python ----------------------------------------------------------------------------------------------

function pyLiteral(value, indent) {
  const pad = '    '.repeat(indent);
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[\n${value.map((v) => `${pad}    ${pyLiteral(v, indent + 1)}`).join(',\n')},\n${pad}]`;
  }
  const keys = Object.keys(value);
  if (!keys.length) return '{}';
  return `{\n${keys.map((k) => `${pad}    ${JSON.stringify(k)}: ${pyLiteral(value[k], indent + 1)}`).join(',\n')},\n${pad}}`;
}

export function pythonSample(spec, d) {
  const args = d.params.map((p) => `${p.py}=${pyLiteral(p.value, 2)}`);
  if (d.body) {
    if (d.form) {
      const props = flatten(spec, d.body.schema)?.properties || {};
      for (const [k, v] of Object.entries(d.body.value || {})) {
        const prop = deref(spec, props[k] || {});
        args.push(`${pyParamName(k)}=${prop.format === 'binary' ? JSON.stringify(`./${k}`) : pyLiteral(v, 2)}`);
      }
    } else if (!isJsonMediaType(d.body.mediaType)) args.push(`${d.py.bodyParam}=open("./body", "rb").read()`);
    else if (d.body.schema?.$ref) {
      // the model's from_dict: it decodes oneOf members (StringOrNumber…) that the method's own validation of a dict rejects
      args.push(`${d.py.bodyParam}=${PYTHON_PACKAGE}.${d.body.schema.$ref.split('/').pop()}.from_dict(${pyLiteral(d.body.value, 2)})`);
    } else args.push(`${d.py.bodyParam}=${pyLiteral(d.body.value, 2)}`);
  }
  // the client asks for JSON whenever the errors are JSON (generators/README.md, G1): ask for the file
  if (d.download) args.push(`_headers={"Accept": ${JSON.stringify(d.download)}}`);
  const token = d.auth && !d.auth.signed;
  const lines = [...(token ? ['import os', ''] : []), `import ${PYTHON_PACKAGE}`, ''];
  if (d.ownServer) {
    // The python client sends an operation with its own servers there, whatever the configured host.
    lines.push(`# ${d.operationId} is served by ${d.server}; the client sends it there by itself.`, `configuration = ${PYTHON_PACKAGE}.Configuration()`);
  } else lines.push(`configuration = ${PYTHON_PACKAGE}.Configuration(host=${JSON.stringify(d.server)})`);
  if (token) lines.push(`configuration.api_key[${JSON.stringify(d.auth.name)}] = os.environ[${JSON.stringify(TOKEN_ENV)}]`);
  lines.push('', `with ${PYTHON_PACKAGE}.ApiClient(configuration) as api_client:`, `    api = ${PYTHON_PACKAGE}.${d.py.apiClass}(api_client)`);
  const call = `api.${d.py.method}(${args.length ? `\n${args.map((a) => `        ${a},`).join('\n')}\n    ` : ''})`;
  if (d.returnsBody) lines.push(`    result = ${call}`, '    print(result)');
  else lines.push(`    ${call}`);
  return lines.join('\n');
}

/** The x-codeSamples list of one operation. */
export function codeSamples(spec, operation) {
  const d = describeOperation(spec, operation);
  return [
    { lang: 'Shell', label: 'curl', source: curlSample(spec, d) },
    { lang: 'TypeScript', label: 'TypeScript', source: typescriptSample(spec, d) },
    { lang: 'Python', label: 'Python', source: pythonSample(spec, d) },
  ];
}

/** A deep copy of the bundle with x-codeSamples on every operation (the bundle itself is not changed). */
export function withCodeSamples(spec) {
  const copy = structuredClone(spec);
  for (const operation of operations(copy)) operation.op['x-codeSamples'] = codeSamples(copy, operation);
  return copy;
}
