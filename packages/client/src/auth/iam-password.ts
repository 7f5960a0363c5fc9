// IAM password strategy: user tokens from the spec's createIamToken (POST /v3/auth/tokens on the IAM
// endpoint), called through the generated API; the token is the X-Subject-Token response header, cached
// until shortly before it expires. The client sends it with the token strategy (token.ts).
import { IAMTokensApi } from '../generated/apis/index.js';
import type { CreateIamTokenRequest, IamTokenResponse } from '../generated/models/index.js';
import { Configuration, type ApiResponse } from '../generated/runtime.js';
import { ModelArtsError, redactorFor } from '../errors.js';
import { errorMiddleware } from '../middleware.js';
import { routeOf, serverUrl } from '../routing.js';
import { createTransport, type RetryOptions } from '../transport.js';
import { noAuthentication } from './authenticator.js';
import type { TokenProvider } from './token.js';

type FetchAPI = (input: string, init?: RequestInit) => Promise<Response>;

export const IAM_OPERATION_ID = 'createIamToken';

/** createIamToken's own server (from the spec). */
export function iamServer() {
  const server = routeOf(IAM_OPERATION_ID)?.server;
  if (!server) throw new Error(`the spec's ${IAM_OPERATION_ID} has no servers of its own: cannot tell where IAM is`);
  return server;
}

/** The IAM endpoint of a region. */
export function iamEndpointForRegion(region: string): string {
  return serverUrl(iamServer(), region);
}

/** Password-method options of {@link IamTokenProvider}. */
export interface IamPasswordOptions {
  /** IAM user name. */
  username: string;
  password: string;
  /** Account (domain) name the IAM user belongs to. */
  domainName: string;
  /** Scope: project ID; wins over `projectName`. */
  projectId?: string;
  /** Scope: project name, which is the region ID for a region's default project. Default: `region`. */
  projectName?: string;
  /** Region (for the default IAM endpoint and project name). Default cn-north-4. */
  region?: string;
  /** IAM base URL, e.g. the mock's. Default `https://iam.<region>.myhuaweicloud.com`. */
  iamEndpoint?: string;
  fetchApi?: FetchAPI;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  retry?: RetryOptions | false;
  /** Renew this long before the token expires. Default 5 minutes. */
  refreshBeforeMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** What {@link IamTokenProvider.fetchToken} returns. */
export interface IamIssuedToken {
  token: string;
  /** When this process should stop using it (ms since epoch, on the local clock). */
  expiresAt: number;
  /** `token.expires_at` (ISO 8601, as read by the generated model). */
  expiresAtText?: string;
  /** `token.project.id`: the scoped project, usable as ModelArts `project_id`. */
  projectId?: string;
}

const DEFAULT_LIFETIME_MS = 24 * 3600_000;

/**
 * Obtains IAM user tokens with the password method and caches them until `refreshBeforeMs` before
 * `expires_at`. Concurrent callers share one request. The password is kept in a private field and never
 * appears in errors.
 */
export class IamTokenProvider implements TokenProvider {
  readonly #options: IamPasswordOptions;
  readonly #api: IAMTokensApi;
  #cached?: IamIssuedToken;
  #pending?: Promise<IamIssuedToken>;
  #projectId?: string;

  constructor(options: IamPasswordOptions) {
    for (const key of ['username', 'password', 'domainName'] as const) {
      if (!options?.[key]) throw new TypeError(`IAM password authentication needs ${key}`);
    }
    this.#options = { ...options };
    this.#projectId = options.projectId;
    const redact = redactorFor(() => [this.#options.password, this.#cached?.token]);
    const fetchApi = createTransport({
      fetchApi: options.fetchApi ?? ((input, init) => globalThis.fetch(input, init)),
      authenticator: noAuthentication,
      timeoutMs: options.timeoutMs ?? 30_000,
      // Issuing a second token is harmless, so the POST may be retried.
      retry: options.retry === false ? false : { retryNonIdempotent: true, ...(options.retry ?? {}) },
      redact,
    });
    this.#api = new IAMTokensApi(new Configuration({ basePath: this.endpoint, fetchApi, middleware: [errorMiddleware(redact)] }));
  }

  /** The IAM endpoint in use. */
  get endpoint(): string {
    return (this.#options.iamEndpoint ?? iamEndpointForRegion(this.#options.region ?? 'cn-north-4')).replace(/\/+$/, '');
  }

  /** The project the token is scoped to (from the options, or from the last token). */
  get projectId(): string | undefined {
    return this.#projectId;
  }

  /** A valid token, from the cache when it has more than `refreshBeforeMs` left. */
  async getToken(): Promise<string> {
    const now = (this.#options.now ?? Date.now)();
    if (this.#cached && now < this.#cached.expiresAt - (this.#options.refreshBeforeMs ?? 5 * 60_000)) return this.#cached.token;
    this.#pending ??= this.fetchToken().finally(() => (this.#pending = undefined));
    return (await this.#pending).token;
  }

  invalidate(): void {
    this.#cached = undefined;
  }

  /** The request body of the password flow (createIamToken's `CreateIamTokenRequest`). */
  requestBody(): CreateIamTokenRequest {
    const o = this.#options;
    return {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: o.username, password: o.password, domain: { name: o.domainName } } },
        },
        scope: { project: o.projectId ? { id: o.projectId } : { name: o.projectName ?? o.region ?? 'cn-north-4' } },
      },
    };
  }

  /** Always asks IAM for a new token (and caches it). */
  async fetchToken(): Promise<IamIssuedToken> {
    const sentAt = (this.#options.now ?? Date.now)();
    let answer: ApiResponse<IamTokenResponse>;
    try {
      answer = await this.#api.createIamTokenRaw({ body: this.requestBody(), nocatalog: 'true' });
    } catch (error) {
      throw error instanceof ModelArtsError ? error.withOperation(IAM_OPERATION_ID) : error;
    }
    const info = { method: 'POST', url: this.endpoint, operationId: IAM_OPERATION_ID };
    const token = answer.raw.headers.get('x-subject-token');
    if (!token) throw new ModelArtsError(`[${IAM_OPERATION_ID}] IAM answered ${answer.raw.status} without an X-Subject-Token header`, info);
    // The token is in the header; a body that is not the documented JSON costs only the expiry time.
    const issuedToken = await answer.value().then((body) => body?.token ?? undefined, () => undefined);
    const expires = issuedToken?.expires_at?.getTime() ?? NaN;
    const issued = issuedToken?.issued_at?.getTime() ?? NaN;
    const result: IamIssuedToken = {
      token,
      expiresAt: sentAt + DEFAULT_LIFETIME_MS,
      expiresAtText: Number.isNaN(expires) ? undefined : new Date(expires).toISOString(),
      projectId: issuedToken?.project?.id ?? undefined,
    };
    // Lifetime as IAM states it, counted from when we asked: immune to a skewed local clock.
    if (!Number.isNaN(expires)) result.expiresAt = !Number.isNaN(issued) && expires > issued ? sentAt + (expires - issued) : expires;
    // A stale expires_at (skewed clock) must not make every call ask IAM again: use it for a minute at
    // least; a token that really expired gets a 401, which renews it.
    result.expiresAt = Math.max(result.expiresAt, sentAt + 60_000 + (this.#options.refreshBeforeMs ?? 5 * 60_000));
    this.#cached = result;
    if (result.projectId && !this.#options.projectId) this.#projectId = result.projectId;
    return result;
  }

  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint, username: this.#options.username, domainName: this.#options.domainName, projectId: this.#projectId };
  }
}

/** Shortcut for `new IamTokenProvider(options)`. */
export function createIamTokenProvider(options: IamPasswordOptions): IamTokenProvider {
  return new IamTokenProvider(options);
}
