// Hand-written entry point of @modelarts-openapi/client. The generated typescript-fetch code under
// ./generated is the transport; this file configures it (endpoint, credentials, project, timeouts,
// retries, typed errors) and re-exports it. Runs in Node ≥ 20 and in browsers; no runtime dependencies.
import { API_ACCESSORS } from './generated/api-accessors.js';
import { Configuration, RequiredError, type FetchAPI, type Middleware } from './generated/runtime.js';
import { chooseAuthentication, noAuthentication, type Authentication, type Authenticator } from './auth/index.js';
import { iamServer, type IamPasswordOptions } from './auth/iam-password.js';
import type { TokenProvider } from './auth/token.js';
import { ModelArtsError, ModelArtsResponseError, redactorFor, type Redactor } from './errors.js';
import { errorMiddleware, headerMiddleware, pathGuard } from './middleware.js';
import { resolveServer, routeOf, serviceOf, type OperationRoute } from './routing.js';
import { checkTimeoutMs, createTransport, type RetryOptions } from './transport.js';

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
} from './auth/iam-password.js';
export type { TokenProvider } from './auth/token.js';
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

function processEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

/** Everything createConfiguration decides, for createClient to reuse. */
interface ClientRuntime {
  configuration: Configuration;
  authentication: Authentication;
  redact: Redactor;
  /** The default project ID (may need a token first when it comes from IAM). */
  projectId(): Promise<string | undefined>;
}

/** Where an operation with its own server goes: the `iamEndpoint` option or variable overrides IAM's. */
function serverFor(server: NonNullable<OperationRoute['server']>, options: ClientOptions, env: Record<string, string | undefined>, region: string): string {
  const override = serviceOf(server) === 'iam' ? (options.iamEndpoint ?? env[ENV.iamEndpoint]) : undefined;
  return resolveServer(server, { endpoint: options.endpoint, region, override });
}

/**
 * The runtime of the client's options, or of one route (routing.ts): the route's server, and no
 * credentials when it is anonymous, else the client's (`shared`: one token cache for both).
 */
function buildRuntime(options: ClientOptions = {}, route?: OperationRoute, shared?: Authentication): ClientRuntime {
  checkTimeoutMs(options.timeoutMs);
  const env = options.env === false ? {} : (options.env ?? processEnv());
  const region = options.region ?? env[ENV.region] ?? DEFAULT_REGION;
  const endpoint = new URL(route?.server ? serverFor(route.server, options, env, region) : (options.endpoint ?? endpointForRegion(region)));
  // Normalised (no default port, no trailing slash), so the signed host is the one fetch sends.
  const basePath = (endpoint.origin + endpoint.pathname).replace(/\/+$/, '');
  const explicitProject = options.projectId ?? env[ENV.projectId];

  const authentication: Authentication = route?.anonymous
    ? { authenticator: noAuthentication }
    : (shared ?? chooseAuthentication(options, {
        env: { ak: env[ENV.ak], sk: env[ENV.sk], securityToken: env[ENV.securityToken] },
        projectId: explicitProject,
        region,
        iamEndpoint: () => serverFor(iamServer(), options, env, region),
        fetchApi: options.fetchApi,
      }));
  const { authenticator: inner, provider } = authentication;

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
  const authenticator: Authenticator = {
    invalidate: inner.invalidate?.bind(inner),
    async headers(request) {
      const headers = await inner.headers(request);
      remember(credentialValues(headers));
      return headers;
    },
  };
  for (const value of credentialValues(options.headers ?? {})) remember([value]);
  const redact = redactorFor(() => [...(inner.secrets?.() ?? []), ...sent]);
  const fetchApi = options.fetchApi ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
  const configuration = new Configuration({
    basePath,
    fetchApi: createTransport({ fetchApi, authenticator, timeoutMs: options.timeoutMs, retry: options.retry, redact }),
    middleware: [pathGuard, headerMiddleware({ ...(options.headers ?? {}) }), ...(options.middleware ?? []), errorMiddleware(redact)],
  });

  return {
    configuration,
    authentication,
    redact,
    async projectId() {
      if (explicitProject) return explicitProject;
      if (provider && provider.projectId === undefined) await provider.getToken();
      return provider?.projectId;
    },
  };
}

/**
 * The runtime of each operation: the client's, or, for an operation that declares its own servers or
 * no security in the spec (routing.ts), one built for that route (made once, on first use).
 */
class Runtimes {
  readonly main: ClientRuntime;
  readonly #routed = new Map<string, ClientRuntime>();

  constructor(readonly options: ClientOptions) {
    this.main = buildRuntime(options);
  }

  forOperation(operationId: string): ClientRuntime {
    const route = routeOf(operationId);
    if (!route) return this.main;
    const key = JSON.stringify(route);
    let runtime = this.#routed.get(key);
    if (!runtime) {
      runtime = buildRuntime(this.options, route, this.main.authentication);
      this.#routed.set(key, runtime);
    }
    return runtime;
  }
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

type Accessors = typeof API_ACCESSORS;
/** One instance of every generated API class, keyed as in src/generated/api-accessors.ts: `trainingJobsV1`, `aiEngines`, `iamTokens`, … */
export type ModelArtsClient = {
  [K in keyof Accessors]: Accessors[K] extends new (
    configuration: Configuration,
  ) => infer Instance
    ? WithDefaultProject<Instance>
    : never;
} & { configuration: Configuration };

const BASE_METHODS = new Set(['constructor', 'withMiddleware', 'withPreMiddleware', 'withPostMiddleware']);

type ApiConstructor = new (configuration: Configuration) => object;

/**
 * Makes an API instance fill `projectId`, name the operation in its errors, and send each operation with
 * its runtime: an operation routed elsewhere (routing.ts) is called on an instance of the same class made
 * on that runtime's configuration, with the same added middleware (`derive`).
 */
function wrapApi<T extends object>(api: T, runtimes: Runtimes, derive: (instance: object) => object = (instance) => instance): T {
  const target = api as Record<string, unknown>;
  const proto = Object.getPrototypeOf(api) as Record<string, unknown>;
  const Api = api.constructor as ApiConstructor;
  const instances = new Map<ClientRuntime, object>([[runtimes.main, api]]);
  const instanceFor = (runtime: ClientRuntime) => {
    let instance = instances.get(runtime);
    if (!instance) {
      instance = derive(new Api(runtime.configuration));
      instances.set(runtime, instance);
    }
    return instance;
  };
  for (const name of Object.getOwnPropertyNames(proto)) {
    const method = proto[name];
    if (BASE_METHODS.has(name) || typeof method !== 'function') continue;
    const operationId = name.replace(/(Raw|RequestOpts)$/, '');
    target[name] = async function (this: unknown, requestParameters?: Record<string, unknown>, ...rest: unknown[]) {
      const runtime = runtimes.forOperation(operationId);
      let params = requestParameters ?? {};
      if (params.projectId === undefined) {
        const projectId = await runtime.projectId().catch((e: unknown) => {
          throw e instanceof ModelArtsError ? e.withOperation(operationId) : e;
        });
        if (projectId !== undefined) params = { ...params, projectId };
      }
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>).call(instanceFor(runtime), params, ...rest);
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
    if (typeof original !== 'function') continue;
    target[name] = (...args: unknown[]) =>
      wrapApi(original.apply(api, args), runtimes, (instance) => (derive(instance) as Record<string, (...a: unknown[]) => object>)[name](...args));
  }
  return api;
}

/**
 * One API class, configured like {@link createClient} (default `projectId`, operation IDs in errors,
 * operations with their own servers sent there), without the others: bundlers drop every API you do not name.
 *
 *     const jobs = createApi(TrainingJobsV1Api, { credentials: { ak, sk }, projectId });
 *     await jobs.listTrainingJobs();
 */
export function createApi<T extends object>(Api: new (configuration: Configuration) => T, options: ClientOptions = {}): WithDefaultProject<T> {
  const runtimes = new Runtimes(options);
  return wrapApi(new Api(runtimes.main.configuration), runtimes) as unknown as WithDefaultProject<T>;
}

/**
 * Creates a client with one instance of every API class, sharing one configuration. Every method
 * accepts its parameters without `projectId` (the client's default fills it in), throws
 * ModelArtsApiError for non-2xx answers, ModelArtsTimeoutError and ModelArtsNetworkError otherwise.
 * Operations the spec serves elsewhere (createIamToken: IAM) go there, without ModelArts credentials.
 */
export function createClient(options: ClientOptions = {}): ModelArtsClient {
  const runtimes = new Runtimes(options);
  const { configuration } = runtimes.main;
  const client: Record<string, unknown> = { configuration };
  for (const [key, Api] of Object.entries(API_ACCESSORS)) client[key] = wrapApi(new (Api as ApiConstructor)(configuration), runtimes);
  return client as ModelArtsClient;
}
