// Hand-written entry point of @modelarts-openapi/client. The generated typescript-fetch code under
// ./generated is the transport; this file configures it (endpoint, credentials) and re-exports it.
import * as apis from './generated/apis/index.js';
import { Configuration, type FetchAPI, type Middleware, type RequestContext } from './generated/runtime.js';

export * from './generated/index.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Base URL, e.g. the mock's `http://127.0.0.1:4010`. Wins over `region`. */
  endpoint?: string;
  /** Huawei Cloud region; the endpoint becomes `https://modelarts.<region>.myhuaweicloud.com`. */
  region?: string;
  /** IAM token sent as `X-Auth-Token`. */
  token?: string;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** fetch implementation; defaults to the global `fetch` (Node 18+, browsers). */
  fetchApi?: FetchAPI;
  /** Extra middleware, run after the client's own. */
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

/** A generated `Configuration` with endpoint, credentials and fetch set from the options. */
export function createConfiguration(options: ClientOptions = {}): Configuration {
  const basePath = (options.endpoint ?? endpointForRegion(options.region ?? DEFAULT_REGION)).replace(/\/+$/, '');
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers['X-Auth-Token'] = options.token;
  return new Configuration({
    basePath,
    fetchApi: options.fetchApi ?? ((input, init) => globalThis.fetch(input, init)),
    middleware: [headerMiddleware(headers), ...(options.middleware ?? [])],
  });
}

type ApiClasses = typeof apis;
/** One instance of every generated API class, keyed by tag: `trainingJobsV1`, `datasets`, … */
export type ModelArtsClient = {
  [K in keyof ApiClasses as K extends `${infer Name}Api` ? Uncapitalize<Name> : never]: ApiClasses[K] extends new (
    configuration: Configuration,
  ) => infer Instance
    ? Instance
    : never;
} & { configuration: Configuration };

/** Creates a client with one instance of every API class, sharing one configuration. */
export function createClient(options: ClientOptions = {}): ModelArtsClient {
  const configuration = createConfiguration(options);
  const client: Record<string, unknown> = { configuration };
  for (const [name, Api] of Object.entries(apis)) {
    if (typeof Api !== 'function' || !name.endsWith('Api')) continue;
    const key = name.charAt(0).toLowerCase() + name.slice(1, -'Api'.length);
    client[key] = new (Api as new (c: Configuration) => unknown)(configuration);
  }
  return client as ModelArtsClient;
}
