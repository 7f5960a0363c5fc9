// Ports of the OpenAPI Generator naming rules (checked against 7.25.0) we rely on (StringUtils.camelize/underscore,
// DefaultCodegen.sanitizeName/sanitizeTag, the typescript-fetch and python (legacy) parameter naming),
// so the code samples name the same classes, methods and parameters as the generated clients.
// test/docs.test.js checks these names against the real generator output; packages/client's generate script
// takes JS_KEYWORDS from here.

/** DefaultCodegen.sanitizeName: every character outside [A-Za-z0-9_] (and the `removeCharRegEx`) becomes `_`. */
export function sanitizeName(name, removeCharRegEx = /\W/g) {
  if (name === undefined || name === null) return 'ERROR_UNKNOWN';
  if (name === '$') return 'value';
  let s = String(name)
    .replace(/\[\]/g, '')
    .replace(/\[/g, '_')
    .replace(/\]/g, '')
    .replace(/\(/g, '_')
    .replace(/\)/g, '')
    .replace(/\./g, '_')
    .replace(/-/g, '_')
    .replace(/ /g, '_');
  s = s.replace(removeCharRegEx, '');
  return s;
}

/** StringUtils.camelize(word, lowercaseFirstLetter). */
export function camelize(input, lowercaseFirstLetter = false) {
  let word = String(input);
  // slashes become package dots, each dotted part gets an upper-case first letter
  while (/\/(.?)/.test(word)) word = word.replace(/\/(.?)/, (m, c) => `.${c}`);
  word = word
    .split('.')
    .filter((z) => z.length > 0)
    .map((z) => z.charAt(0).toUpperCase() + z.slice(1))
    .join('');
  // upper-case the first letter of the (last) class name
  word = word.replace(/(\.?)(\w)([^.]*)$/, (m, a, b, c) => a + b.toUpperCase() + c);
  // remove underscores, upper-casing the following character
  for (;;) {
    const m = /(_)(.)/.exec(word);
    if (!m) break;
    const original = m[2];
    const upper = original.toUpperCase();
    word = original === upper ? word.replace('_', '') : word.slice(0, m.index) + upper + word.slice(m.index + 2);
  }
  // hyphens likewise
  for (;;) {
    const m = /(-)(.)/.exec(word);
    if (!m) break;
    word = word.slice(0, m.index) + m[2].toUpperCase() + word.slice(m.index + 2);
  }
  if (lowercaseFirstLetter && word.length > 0) {
    let i = 0;
    while (i + 1 < word.length && !/[A-Za-z]/.test(word.charAt(i))) i += 1;
    i += 1;
    word = word.slice(0, i).toLowerCase() + word.slice(i);
  }
  return word.replace(/_/g, '');
}

/** StringUtils.underscore. */
export function underscore(word) {
  return String(word)
    .replace(/\./g, '/')
    .replace(/\$/g, '__')
    .replace(/([A-Z]+)([A-Z][a-z][a-z]+)/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .replace(/ /g, '_')
    .toLowerCase();
}

/** DefaultCodegen.sanitizeTag → the API class stem shared by every generator: "Training jobs (v1)" → "TrainingJobsV1". */
export function apiStem(tag) {
  let t = camelize(sanitizeName(tag));
  if (/^\d/.test(t)) t = `Class${t}`;
  return t;
}

/** The generated API class of a tag (typescript-fetch and python alike): "TrainingJobsV1Api". */
export const apiClassName = (tag) => `${apiStem(tag || 'default')}Api`;

/**
 * The key of that class on `createClient()`'s result (written into the client as src/generated/api-accessors.ts by its generate script): the class
 * stem in plain camelCase, an acronym run lower-cased as a word: "trainingJobsV1", "aiEngines", "serviceApiKeys".
 */
export function clientKey(tag) {
  const c = [...apiStem(tag || 'default')];
  const upper = (x) => x !== undefined && x >= 'A' && x <= 'Z';
  const lower = (x) => x !== undefined && x >= 'a' && x <= 'z';
  return c.map((x, i) => (i === 0 || (upper(c[i - 1]) && !lower(c[i + 1])) ? x.toLowerCase() : x)).join('');
}

// typescript-fetch ------------------------------------------------------------------------------------

const TS_RESERVED = new Set(
  `abstract await boolean break byte case catch char class const continue debugger default delete do double
   else enum export extends false final finally float for function goto if implements import in instanceof int
   interface let long native new null package private protected public return short static super switch
   synchronized this throw transient true try typeof var void volatile while with yield varLocalPath
   queryParameters headerParams formParams useFormData varLocalDeferred requestOptions`
    .split(/\s+/)
    .filter(Boolean),
);

// Wire names that are JavaScript keywords (`continue`) stay as they are: packages/client/scripts/generate.mjs
// maps each one found in the spec to itself (--reserved-words-mappings), since they are legal property names.
export const JS_KEYWORDS = new Set(
  `break case catch class const continue debugger default delete do else enum export extends false finally for
   function if import in instanceof new null return super switch this throw true try typeof var void while with yield`
    .split(/\s+/)
    .filter(Boolean),
);

/** AbstractTypeScriptClientCodegen.toParamName (typescript-fetch, paramNaming=camelCase). */
export function tsParamName(name) {
  let n = sanitizeName(name, /[^\w$]/g);
  if (n === '_') n = '_u';
  if (/^[A-Z_]*$/.test(n)) return n;
  n = camelize(n, true);
  if ((TS_RESERVED.has(n) && !(JS_KEYWORDS.has(n) && n === name)) || /^\d/.test(n)) n = `_${n}`;
  return n;
}

/**
 * typescript-fetch model property name (modelPropertyNaming=original): the wire name with every character
 * outside [A-Za-z0-9_$] as `_` (`os.modelarts/name` → `os_modelarts_name`); the model's ToJSON maps it back.
 */
export function tsPropertyName(name) {
  return String(name).replace(/[^\w$]/g, '_');
}

/** typescript-fetch method name of an operationId. */
export function tsMethodName(operationId) {
  let n = camelize(sanitizeName(operationId), true);
  if (TS_RESERVED.has(n)) n = `_${n}`;
  return n;
}

/** typescript-fetch model (and $ref'd enum) class name of a component schema. */
export function tsModelName(componentName) {
  let n = camelize(sanitizeName(componentName));
  if (n === 'Error') n = 'ModelError';
  return n;
}

/** Name of an inline enum: `<Model or OperationId><Property or Param>Enum`. */
export const tsInlineEnumName = (ownerPascal, propName) => `${ownerPascal}${camelize(sanitizeName(propName))}Enum`;

/** Member of a string enum with enumPropertyNaming=original ("auto-label" → auto_label), or undefined. */
export function tsEnumMember(value) {
  if (typeof value !== 'string') return undefined;
  const m = value.replace(/[-. ]/g, '_');
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(m) ? m : undefined;
}

// python (7.x) -----------------------------------------------------------------------------------------

const PY_RESERVED = new Set(
  `and del from not while as elif global or with assert else if pass yield break except import print class
   exec in raise continue finally is return def for lambda try self nonlocal None True False async await
   float int str date datetime property`
    .split(/\s+/)
    .filter(Boolean),
);

/** AbstractPythonCodegen.toVarName / toParamName (7.x: a reserved word gets `var_`, legacy had `_`). */
export function pyParamName(name) {
  let n = sanitizeName(name).replace(/\$/g, '');
  if (/^[A-Z_]*$/.test(n)) n = n.toLowerCase();
  n = underscore(n).replace(/^_*/, '');
  if (PY_RESERVED.has(n) || /^\d/.test(n)) n = `var_${n}`;
  return n;
}

/** PythonClientCodegen.toOperationId. */
export function pyMethodName(operationId) {
  let n = underscore(sanitizeName(operationId));
  if (PY_RESERVED.has(n)) n = `call_${n}`;
  return n;
}

/** Module file of an API class in the python client: "training_jobs__v1_api". */
export const pyApiModule = (tag) => `${underscore(sanitizeName(tag || 'default'))}_api`;
