// Hand-written entry point of @modelarts-openapi/client. The generated typescript-fetch code under
// ./generated is the transport; this file configures it (endpoint, credentials, project, timeouts,
// retries, typed errors) and re-exports it. Runs in Node ≥ 20 and in browsers; no runtime dependencies.
import * as apis from './generated/apis/index.js';
import { Configuration, RequiredError, type ErrorContext, type FetchAPI, type Middleware, type RequestContext, type ResponseContext } from './generated/runtime.js';
import { apiErrorFromResponse, ModelArtsError, ModelArtsResponseError, redactorFor, type Redactor } from './errors.js';
import { IamTokenProvider, iamEndpointForRegion, type IamPasswordOptions, type TokenProvider } from './iam.js';
import { defaultHashBackend, signWith, type AkSkCredentials } from './signer.js';
import { checkTimeoutMs, createTransport, pathProblem, signingUrl, type Authenticator, type RetryOptions } from './transport.js';

export * from './generated/index.js';
export {
  signRequest,
  createSigner,
  explainSignature,
  nodeCryptoBackend,
  webCryptoBackend,
  formatSdkDate,
  SIGNING_ALGORITHM,
  UNSIGNED_PAYLOAD,
  type AkSkCredentials,
  type HashBackend,
  type SignableRequest,
} from './signer.js';
export {
  ModelArtsError,
  ModelArtsApiError,
  ModelArtsTimeoutError,
  ModelArtsNetworkError,
  ModelArtsResponseError,
  parseErrorBody,
  parseRetryAfter,
  type ErrorRequestInfo,
  type ParsedErrorBody,
} from './errors.js';
export {
  IamTokenProvider,
  createIamTokenProvider,
  iamEndpointForRegion,
  type IamPasswordOptions,
  type IamIssuedToken,
  type TokenProvider,
} from './iam.js';
export { backoffDelay, isRetryableStatus, signingUrl, DEFAULT_TIMEOUT_MS, type RetryOptions } from './transport.js';

/** Environment variables the client reads (the vendor SDKs' names). */
export const ENV = {
  ak: 'HUAWEICLOUD_SDK_AK',
  sk: 'HUAWEICLOUD_SDK_SK',
  securityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  projectId: 'HUAWEICLOUD_SDK_PROJECT_ID',
  region: 'HUAWEICLOUD_SDK_REGION',
  iamEndpoint: 'HUAWEICLOUD_SDK_IAM_ENDPOINT',
} as const;

/** Options of {@link createClient} and {@link createConfiguration}. */
export interface ClientOptions {
  /** Base URL, e.g. the mock's `http://127.0.0.1:4010`. Wins over `region`. */
  endpoint?: string;
  /** Huawei Cloud region; the endpoint becomes `https://modelarts.<region>.myhuaweicloud.com`. Default: HUAWEICLOUD_SDK_REGION, else cn-north-4. */
  region?: string;
  /**
   * IAM base URL, for tokens (`iam`) and the IAM operations. Default: HUAWEICLOUD_SDK_IAM_ENDPOINT, else
   * `https://iam.<region>.myhuaweicloud.com`; with a non-Huawei-Cloud `endpoint` (a mock), that endpoint.
   */
  iamEndpoint?: string;
  /** Default `project_id` of every path (callers may then omit `projectId`). Default: HUAWEICLOUD_SDK_PROJECT_ID, else the IAM token's project. */
  projectId?: string;

  // Authentication: at most one of token, iam, credentials. Without any, HUAWEICLOUD_SDK_AK/SK are used when set.
  /** IAM token sent as `X-Auth-Token`, or a function returning the current one. */
  token?: string | (() => string | Promise<string>);
  /** Obtain the token from IAM (password method), or from your own provider. */
  iam?: IamPasswordOptions | TokenProvider;
  /** AK/SK signing (SDK-HMAC-SHA256); `securityToken` for temporary credentials. */
  credentials?: { ak: string; sk: string; securityToken?: string };
  /** Environment to read HUAWEICLOUD_SDK_* from; default `process.env` where there is one. `false`: none. */
  env?: Record<string, string | undefined> | false;

  /** Per attempt, headers and body. Default 60 000 ms; 0: no timeout. */
  timeoutMs?: number;
  /** Retry policy (idempotent methods only unless `retryNonIdempotent`); `false`: never retry. */
  retry?: RetryOptions | false;

  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** fetch implementation; defaults to the global `fetch` (Node 18+, browsers). */
  fetchApi?: FetchAPI;
  /** Extra middleware, run after the client's own `pre` and before its error conversion. */
  middleware?: Middleware[];
}

export const DEFAULT_REGION = 'cn-north-4';

/** The ModelArts endpoint of a region. */
export function endpointForRegion(region: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new Error(`not a Huawei Cloud region ID: "${region}"`);
  return `https://modelarts.${region}.myhuaweicloud.com`;
}

function headerMiddleware(headers: Record<string, string>): Middleware {
  return {
    async pre(context: RequestContext) {
      const merged = new Headers(context.init.headers as HeadersInit | undefined);
      for (const [name, value] of Object.entries(headers)) merged.set(name, value);
      return { url: context.url, init: { ...context.init, headers: merged } };
    },
  };
}

/** Refuses a call whose path parameters would change its target (`.`, `..`, empty) before it is sent. */
const pathGuard: Middleware = {
  async pre(context: RequestContext) {
    const why = pathProblem(context.url);
    if (why) throw new ModelArtsError(`refused to send: ${why}`, { method: context.init.method?.toUpperCase(), url: context.url });
    return undefined;
  },
};

// Headers whose values are credentials, wherever they were set (options.headers, a call's own headers).
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-auth-token', 'x-subject-token', 'x-security-token', 'cookie', 'x-api-key']);

/** The credentials among the headers of a request: values of credential headers, and a signature by itself. */
function credentialValues(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADERS.has(name.toLowerCase()) || !value) continue;
    out.push(value);
    // A gateway may echo just the signature, or just the token after a scheme word.
    const signature = /Signature=([0-9a-fA-F]+)/.exec(value);
    if (signature) out.push(signature[1]);
    const afterScheme = /^\S+\s+(\S+)$/.exec(value);
    if (afterScheme) out.push(afterScheme[1]);
  }
  return out;
}

/**
 * Turns every non-2xx answer into a ModelArtsApiError (the generated runtime throws the raw Response), and
 * lets the transport's own errors (ModelArtsTimeoutError, ModelArtsNetworkError) through: the generated
 * runtime would wrap them in its FetchError unless a middleware answers or throws.
 */
function errorMiddleware(redact: Redactor): Middleware {
  return {
    async post(context: ResponseContext) {
      const { response } = context;
      if (response.status >= 200 && response.status < 300) return response;
      throw await apiErrorFromResponse(response, redact, { method: context.init.method?.toUpperCase(), url: context.url });
    },
    async onError(context: ErrorContext) {
      if (context.response === undefined) throw context.error; // no earlier middleware recovered
    },
  };
}

function processEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

function isTokenProvider(x: unknown): x is TokenProvider {
  return !!x && typeof (x as TokenProvider).getToken === 'function';
}

/** Everything createConfiguration decides, for createClient to reuse. */
interface ClientRuntime {
  configuration: Configuration;
  redact: Redactor;
  authKind: Authenticator['kind'];
  /** The default project ID (may need a token first when it comes from IAM). */
  projectId(): Promise<string | undefined>;
}

/** Where IAM is: explicit, environment, the region's, or the explicit endpoint when it is not Huawei Cloud's (a mock). */
function resolveIamEndpoint(options: ClientOptions, env: Record<string, string | undefined>, region: string): string {
  const explicit = options.iamEndpoint ?? env[ENV.iamEndpoint];
  if (explicit) return explicit.replace(/\/+$/, '');
  if (options.endpoint) {
    const host = new URL(options.endpoint).hostname;
    const cloud = /^[a-z0-9-]+\.([a-z]{2}(?:-[a-z]+)+-\d+)\.myhuaweicloud\.com$/.exec(host);
    if (cloud) return iamEndpointForRegion(cloud[1]);
    if (!/(^|\.)myhuaweicloud\.com$/.test(host)) return new URL(options.endpoint).origin;
  }
  return iamEndpointForRegion(region);
}

function buildRuntime(options: ClientOptions = {}): ClientRuntime {
  checkTimeoutMs(options.timeoutMs);
  const env = options.env === false ? {} : (options.env ?? processEnv());
  const region = options.region ?? env[ENV.region] ?? DEFAULT_REGION;
  const endpoint = new URL(options.endpoint ?? endpointForRegion(region));
  // Normalised (no default port, no trailing slash), so the signed host is the one fetch sends.
  const basePath = (endpoint.origin + endpoint.pathname).replace(/\/+$/, '');
  const explicitProject = options.projectId ?? env[ENV.projectId];

  const explicit = [options.token !== undefined && 'token', options.iam !== undefined && 'iam', options.credentials !== undefined && 'credentials'].filter(Boolean);
  if (explicit.length > 1) throw new TypeError(`choose one authentication: got ${explicit.join(' and ')}`);

  let lastToken: string | undefined;
  let credentials: AkSkCredentials | undefined;
  let provider: TokenProvider | undefined;
  let authenticator: Authenticator;

  if (options.token !== undefined) {
    const token = options.token;
    if (typeof token === 'string' && !token) throw new TypeError('token is empty');
    authenticator = {
      kind: 'token',
      async headers(request) {
        lastToken = typeof token === 'string' ? token : await token();
        return { ...request.headers, 'X-Auth-Token': lastToken };
      },
    };
  } else if (options.iam !== undefined) {
    provider = isTokenProvider(options.iam)
      ? options.iam
      : new IamTokenProvider({ region, fetchApi: options.fetchApi, ...options.iam, iamEndpoint: options.iam.iamEndpoint ?? resolveIamEndpoint(options, env, region) });
    const p = provider;
    authenticator = {
      kind: 'token',
      async headers(request) {
        lastToken = await p.getToken();
        return { ...request.headers, 'X-Auth-Token': lastToken };
      },
      invalidate() {
        if (!p.invalidate) return false;
        p.invalidate();
        return true;
      },
    };
  } else {
    const ak = options.credentials?.ak ?? env[ENV.ak];
    const sk = options.credentials?.sk ?? env[ENV.sk];
    if (options.credentials && (!ak || !sk)) throw new TypeError('credentials need both ak and sk');
    if (ak && sk) {
      credentials = {
        ak,
        sk,
        securityToken: options.credentials ? options.credentials.securityToken : env[ENV.securityToken],
        projectId: explicitProject,
      };
      const c = credentials;
      authenticator = {
        kind: 'aksk',
        headers: async (request) => signWith(defaultHashBackend(), { ...request, url: signingUrl(request.url) }, c),
      };
    } else {
      authenticator = { kind: 'none', headers: async (request) => request.headers };
    }
  }

  // Every credential value sent recently (the last signatures, tokens and credential headers), so that an
  // echo of one in an error is redacted too.
  const sent: string[] = [];
  const remember = (values: string[]) => {
    for (const v of values) {
      if (sent.includes(v)) continue;
      sent.push(v);
      if (sent.length > 32) sent.shift();
    }
  };
  const inner = authenticator;
  authenticator = {
    kind: inner.kind,
    invalidate: inner.invalidate?.bind(inner),
    async headers(request) {
      const headers = await inner.headers(request);
      remember(credentialValues(headers));
      return headers;
    },
  };
  for (const value of credentialValues(options.headers ?? {})) remember([value]);
  const redact = redactorFor(() => [credentials?.ak, credentials?.sk, credentials?.securityToken, lastToken, typeof options.token === 'string' ? options.token : undefined, ...sent]);
  const fetchApi = options.fetchApi ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
  const configuration = new Configuration({
    basePath,
    fetchApi: createTransport({ fetchApi, authenticator, timeoutMs: options.timeoutMs, retry: options.retry, redact }),
    middleware: [pathGuard, headerMiddleware({ ...(options.headers ?? {}) }), ...(options.middleware ?? []), errorMiddleware(redact)],
  });

  return {
    configuration,
    redact,
    authKind: authenticator.kind,
    async projectId() {
      if (explicitProject) return explicitProject;
      if (provider && provider.projectId === undefined) await provider.getToken();
      return provider?.projectId;
    },
  };
}

/** The runtime of the IAM API class: IAM's endpoint, no ModelArts credentials (createIamToken needs none). */
function buildIamRuntime(options: ClientOptions): ClientRuntime {
  const env = options.env === false ? {} : (options.env ?? processEnv());
  const region = options.region ?? env[ENV.region] ?? DEFAULT_REGION;
  const endpoint = resolveIamEndpoint(options, env, region);
  return buildRuntime({ ...options, endpoint, region, env: false, token: undefined, iam: undefined, credentials: undefined, projectId: undefined });
}

/** API classes of IAM operations (generated code ignores operation-level servers, so route them here). */
function isIamApi(Api: Function): boolean {
  return typeof Api.prototype?.createIamTokenRaw === 'function';
}

/** A generated `Configuration` with endpoint, credentials, timeouts, retries and typed errors set from the options. */
export function createConfiguration(options: ClientOptions = {}): Configuration {
  return buildRuntime(options).configuration;
}

/** A method whose `projectId` parameter becomes optional (filled from the client's default). */
type DefaultProject<F> = F extends (requestParameters: infer R) => infer Ret
  ? [R] extends [{ projectId: unknown }]
    ? {} extends Omit<R, 'projectId'>
      ? (requestParameters?: Omit<R, 'projectId'> & { projectId?: string }) => Ret
      : (requestParameters: Omit<R, 'projectId'> & { projectId?: string }) => Ret
    : F
  : F;
/** An API class instance whose methods default `projectId`. */
export type WithDefaultProject<A> = { [K in keyof A]: DefaultProject<A[K]> };

type ApiClasses = typeof apis;
const isUpper = (c: string | undefined) => c !== undefined && c >= 'A' && c <= 'Z';
const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';
/**
 * The accessor of an API class stem in plain camelCase, an acronym run lower-cased as a word (AIEngines →
 * aiEngines, ServiceAPIKeys → serviceApiKeys): the first letter, and each capital after a capital that does
 * not start a lower-case word, becomes lower-case. Same rule as `clientKey` in packages/docs/src/naming.js.
 */
function accessorName(stem: string): string {
  const c = [...stem];
  return c.map((x, i) => (i === 0 || (isUpper(c[i - 1]) && !isLower(c[i + 1])) ? x.toLowerCase() : x)).join('');
}
/** {@link accessorName} on types. */
type AccessorName<S extends string, Prev extends string = '', Out extends string = ''> = S extends `${infer C}${infer Rest}`
  ? AccessorName<Rest, C, `${Out}${Prev extends '' ? Lowercase<C> : Prev extends Lowercase<Prev> ? C : Rest extends `${infer N}${string}` ? (N extends Uppercase<N> ? Lowercase<C> : C) : Lowercase<C>}`>
  : Out;
/** One instance of every generated API class, keyed by tag: `trainingJobsV1`, `aiEngines`, `iamTokens`, … */
export type ModelArtsClient = {
  [K in keyof ApiClasses as K extends `${infer Name}Api` ? AccessorName<Name> : never]: ApiClasses[K] extends new (
    configuration: Configuration,
  ) => infer Instance
    ? WithDefaultProject<Instance>
    : never;
} & { configuration: Configuration };

const BASE_METHODS = new Set(['constructor', 'withMiddleware', 'withPreMiddleware', 'withPostMiddleware']);

/** Makes an API instance fill `projectId` and name the operation in its errors. */
function wrapApi<T extends object>(api: T, runtime: ClientRuntime): T {
  const target = api as Record<string, unknown>;
  const proto = Object.getPrototypeOf(api) as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const method = proto[name];
    if (BASE_METHODS.has(name) || typeof method !== 'function') continue;
    const operationId = name.endsWith('Raw') ? name.slice(0, -3) : name;
    target[name] = async function (this: unknown, requestParameters?: Record<string, unknown>, ...rest: unknown[]) {
      let params = requestParameters ?? {};
      if (params.projectId === undefined) {
        const projectId = await runtime.projectId().catch((e: unknown) => {
          throw e instanceof ModelArtsError ? e.withOperation(operationId) : e;
        });
        if (projectId !== undefined) params = { ...params, projectId };
      }
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>).call(api, params, ...rest);
      } catch (error) {
        if (error instanceof ModelArtsError) throw error.withOperation(operationId);
        // The generated code parses a 2xx body with response.json(): not JSON gives a bare SyntaxError,
        // whose message quotes the body.
        if (error instanceof SyntaxError) {
          throw new ModelArtsResponseError(runtime.redact(`the answer's body is not valid JSON: ${error.message}`)).withOperation(operationId);
        }
        if (error instanceof RequiredError && error.field === 'projectId') {
          throw new RequiredError(
            'projectId',
            `${operationId}: no project ID. Pass projectId to createClient, set ${ENV.projectId}, or pass it in the call.`,
          );
        }
        throw error;
      }
    };
  }
  for (const name of ['withMiddleware', 'withPreMiddleware', 'withPostMiddleware']) {
    const original = target[name] as (...a: unknown[]) => object;
    if (typeof original === 'function') target[name] = (...args: unknown[]) => wrapApi(original.apply(api, args), runtime);
  }
  return api;
}

/**
 * One API class, configured like {@link createClient} (default `projectId`, operation IDs in errors),
 * without the others: bundlers drop every API you do not name.
 *
 *     const jobs = createApi(TrainingJobsV1Api, { credentials: { ak, sk }, projectId });
 *     await jobs.listTrainingJobs();
 */
export function createApi<T extends object>(Api: new (configuration: Configuration) => T, options: ClientOptions = {}): WithDefaultProject<T> {
  const runtime = isIamApi(Api) ? buildIamRuntime(options) : buildRuntime(options);
  return wrapApi(new Api(runtime.configuration), runtime) as unknown as WithDefaultProject<T>;
}

/**
 * Creates a client with one instance of every API class, sharing one configuration. Every method
 * accepts its parameters without `projectId` (the client's default fills it in), throws
 * ModelArtsApiError for non-2xx answers, ModelArtsTimeoutError and ModelArtsNetworkError otherwise.
 */
export function createClient(options: ClientOptions = {}): ModelArtsClient {
  const runtime = buildRuntime(options);
  const { configuration } = runtime;
  const client: Record<string, unknown> = { configuration };
  let iamRuntime: ClientRuntime | undefined;
  for (const [name, Api] of Object.entries(apis)) {
    if (typeof Api !== 'function' || !name.endsWith('Api')) continue;
    const key = accessorName(name.slice(0, -'Api'.length));
    const r = isIamApi(Api) ? (iamRuntime ??= buildIamRuntime(options)) : runtime;
    client[key] = wrapApi(new (Api as new (c: Configuration) => object)(r.configuration), r);
  }
  return client as ModelArtsClient;
}
