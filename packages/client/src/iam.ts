// IAM user tokens (`X-Auth-Token`): POST /v3/auth/tokens on the IAM endpoint with the password method,
// token from the X-Subject-Token response header, cached until shortly before it expires.
import { apiErrorFromResponse, ModelArtsError, redactorFor } from './errors.js';
import { createTransport, type RetryOptions } from './transport.js';

type FetchAPI = (input: string, init?: RequestInit) => Promise<Response>;

export const IAM_OPERATION_ID = 'createIamToken';

/** The IAM endpoint of a region. */
export function iamEndpointForRegion(region: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new Error(`not a Huawei Cloud region ID: "${region}"`);
  return `https://iam.${region}.myhuaweicloud.com`;
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
  /** `token.expires_at` as IAM sent it. */
  expiresAtText?: string;
  /** `token.project.id`: the scoped project, usable as ModelArts `project_id`. */
  projectId?: string;
}

/** Anything that can hand out an IAM token. */
export interface TokenProvider {
  getToken(): Promise<string>;
  /** Forget the cached token (after a 401). */
  invalidate?(): void;
  /** The project the token is scoped to, once known. */
  readonly projectId?: string;
}

const DEFAULT_LIFETIME_MS = 24 * 3600_000;

/**
 * Obtains IAM user tokens with the password method and caches them until `refreshBeforeMs` before
 * `expires_at`. Concurrent callers share one request. The password is kept in a private field and never
 * appears in errors.
 */
export class IamTokenProvider implements TokenProvider {
  readonly #options: IamPasswordOptions;
  readonly #fetch: FetchAPI;
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
    this.#fetch = createTransport({
      fetchApi: options.fetchApi ?? ((input, init) => globalThis.fetch(input, init)),
      authenticator: { kind: 'none', headers: async (r) => r.headers },
      timeoutMs: options.timeoutMs ?? 30_000,
      // Issuing a second token is harmless, so the POST may be retried.
      retry: options.retry === false ? false : { retryNonIdempotent: true, ...(options.retry ?? {}) },
      redact,
    });
    this.#redact = redact;
  }

  readonly #redact: (text: string) => string;

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

  /** The request body of the password flow. */
  requestBody(): unknown {
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
    const url = `${this.endpoint}/v3/auth/tokens?nocatalog=true`;
    const info = { method: 'POST', url, operationId: IAM_OPERATION_ID };
    const sentAt = (this.#options.now ?? Date.now)();
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json;charset=utf8' },
        body: JSON.stringify(this.requestBody()),
      });
    } catch (error) {
      throw error instanceof ModelArtsError ? error.withOperation(IAM_OPERATION_ID) : error;
    }
    if (response.status < 200 || response.status > 299) throw await apiErrorFromResponse(response, this.#redact, info);
    const token = response.headers.get('x-subject-token');
    if (!token) throw new ModelArtsError(`[${IAM_OPERATION_ID}] IAM answered ${response.status} without an X-Subject-Token header`, info);
    let body: { token?: { expires_at?: string; issued_at?: string; project?: { id?: string } } } = {};
    try {
      body = await response.json();
    } catch {
      body = {};
    }
    const result: IamIssuedToken = { token, expiresAt: sentAt + DEFAULT_LIFETIME_MS, expiresAtText: body.token?.expires_at, projectId: body.token?.project?.id };
    const expires = Date.parse(body.token?.expires_at ?? '');
    const issued = Date.parse(body.token?.issued_at ?? '');
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
