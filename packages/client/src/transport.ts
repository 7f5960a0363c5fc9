// The fetch the generated code calls: authenticates every attempt (a fresh signature each time),
// enforces a timeout per attempt with an AbortSignal, and retries idempotent requests with exponential
// backoff and full jitter on network errors, timeouts, 429 and 5xx, honouring Retry-After.
import type { Authenticator } from './auth/authenticator.js';
import { ModelArtsError, ModelArtsNetworkError, ModelArtsTimeoutError, parseRetryAfter, type Redactor } from './errors.js';

type FetchAPI = (input: string, init?: RequestInit) => Promise<Response>;

export interface RetryOptions {
  /** Retries after the first attempt. Default 3; 0 turns retrying off. */
  maxRetries?: number;
  /** First backoff ceiling; doubles per retry. Default 200 ms. */
  baseDelayMs?: number;
  /** Cap of the backoff ceiling. Default 10 s. */
  maxDelayMs?: number;
  /** A longer Retry-After is not waited for: the 429/503 is returned at once. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Retry POST (and PATCH) too. Only for calls you know to be idempotent. Default false. */
  retryNonIdempotent?: boolean;
  /** Source of jitter in [0, 1). Default Math.random. */
  random?: () => number;
}

export interface TransportOptions {
  fetchApi: FetchAPI;
  authenticator: Authenticator;
  /** Per attempt, headers and body. Default 60 s; 0 or Infinity: none. */
  timeoutMs?: number;
  retry?: RetryOptions | false;
  redact: Redactor;
  /** Waits between attempts (tests replace it). */
  sleep?: (ms: number, signal?: AbortSignal | null) => Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** Full-jitter exponential backoff: a random delay in [0, min(max, base·2^attempt)). */
export function backoffDelay(attempt: number, retry: RetryOptions = {}): number {
  const base = retry.baseDelayMs ?? 200;
  const cap = retry.maxDelayMs ?? 10_000;
  const ceiling = Math.min(cap, base * 2 ** attempt);
  return Math.floor((retry.random ?? Math.random)() * ceiling);
}

// setTimeout fires at once (after 1 ms) for delays above 2^31-1 ms: longer waits are taken in pieces.
const MAX_TIMER_MS = 2 ** 31 - 1;

function defaultSleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const until = Date.now() + ms;
    let timer: ReturnType<typeof setTimeout>;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const wait = () => {
      const left = until - Date.now();
      if (left <= 0) {
        signal?.removeEventListener('abort', onAbort);
        return resolve();
      }
      timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(wait, Math.min(Math.max(0, ms), MAX_TIMER_MS));
  });
}

/** Checks a timeout option: 0 or Infinity mean none; anything else must be a positive number. */
export function checkTimeoutMs(timeoutMs: number | undefined): void {
  if (timeoutMs === undefined) return;
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, or 0 / Infinity for no timeout; got ${String(timeoutMs)}`);
  }
}

/**
 * Why a request URL's path must not be sent, or undefined. Path parameters are percent-encoded by the
 * generated code, but `.` and `..` survive that, and every URL parser then resolves them: a
 * `deleteDataset({datasetId: '..'})` would send `DELETE /v2/{project}/`. An empty parameter leaves `//` or a
 * trailing `/`, another resource too. Such calls are refused before anything is sent.
 */
export function pathProblem(url: string): string | undefined {
  const end = url.search(/[?#]/);
  const head = end === -1 ? url : url.slice(0, end);
  const schemeEnd = head.indexOf('://');
  const pathStart = schemeEnd === -1 ? head.indexOf('/') : head.indexOf('/', schemeEnd + 3);
  if (pathStart === -1) return undefined;
  const segments = head.slice(pathStart + 1).split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const dots = segment.replace(/%2e/gi, '.');
    if (dots === '.' || dots === '..') return `a path parameter is "${segment}", which would change the request's target`;
    if (segment === '' && !(i === 0 && segments.length === 1)) return 'a path parameter is empty, which would change the request\'s target';
  }
  return undefined;
}

function headersToRecord(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  if (typeof Headers !== 'undefined' && init instanceof Headers) {
    init.forEach((value, name) => (out[name] = value));
  } else if (Array.isArray(init)) {
    for (const [name, value] of init) out[name] = value;
  } else {
    for (const [name, value] of Object.entries(init as Record<string, string>)) if (value !== undefined && value !== null) out[name] = String(value);
  }
  return out;
}

/** Serialises any fetch body into something that can be hashed and sent again on a retry. */
async function replayableBody(body: BodyInit | null | undefined, headers: Record<string, string>): Promise<string | Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) {
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    return body.toString();
  }
  // FormData, Blob, streams: let the platform serialise it once (multipart gets its boundary here).
  const serialised = new Response(body as BodyInit);
  const type = serialised.headers.get('content-type');
  if (type && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = type;
  return new Uint8Array(await serialised.arrayBuffer());
}

const PROTECTED_IN_PATH = /[/?#\\\x00-\x20\x7f]/g;
/**
 * The URL the vendor SDK would sign for this request: path parameters unencoded. Percent-escapes in the
 * path are decoded, except those that would change the URL's structure (`/ ? # \`, whitespace, controls).
 */
export function signingUrl(url: string): string {
  const q = url.search(/[?#]/);
  const head = q === -1 ? url : url.slice(0, q);
  const tail = q === -1 ? '' : url.slice(q);
  const schemeEnd = head.indexOf('://');
  const pathStart = schemeEnd === -1 ? -1 : head.indexOf('/', schemeEnd + 3);
  if (pathStart === -1 || head.indexOf('%', pathStart) === -1) return url;
  const path = head.slice(pathStart).replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run).replace(PROTECTED_IN_PATH, (c) => '%' + (c.charCodeAt(0) < 16 ? '0' : '') + c.charCodeAt(0).toString(16).toUpperCase());
    } catch {
      return run;
    }
  });
  return head.slice(0, pathStart) + path + tail;
}

/** A fetch with authentication, timeouts and retries, for Configuration.fetchApi. */
export function createTransport(options: TransportOptions): FetchAPI {
  const { fetchApi, authenticator, redact } = options;
  checkTimeoutMs(options.timeoutMs);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retry: RetryOptions = options.retry === false ? { maxRetries: 0 } : (options.retry ?? {});
  const maxRetries = Math.max(0, retry.maxRetries ?? 3);
  const maxRetryAfterMs = retry.maxRetryAfterMs ?? 60_000;
  const sleep = options.sleep ?? defaultSleep;

  return async function transport(input: string, init: RequestInit = {}): Promise<Response> {
    const url = typeof input === 'string' ? input : String(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = headersToRecord(init.headers);
    const body = await replayableBody(init.body, headers);
    const callerSignal = init.signal ?? undefined;
    const retryable = IDEMPOTENT.has(method) || retry.retryNonIdempotent === true;
    const info = { method, url };
    let reauthenticated = false;

    for (let attempt = 0; ; attempt++) {
      const attemptInfo = { ...info, attempts: attempt + 1 };
      const sendHeaders = await authenticator.headers({ method, url, headers: { ...headers }, body });
      // fetch derives Host from the URL (the signature covers that same value).
      for (const name of Object.keys(sendHeaders)) if (name.toLowerCase() === 'host') delete sendHeaders[name];

      const controller = new AbortController();
      let timedOut = false;
      const timer =
        timeoutMs > 0 && Number.isFinite(timeoutMs)
          ? setTimeout(() => {
              timedOut = true;
              controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
            }, timeoutMs)
          : undefined;
      const onCallerAbort = () => controller.abort(callerSignal!.reason);
      if (callerSignal) {
        if (callerSignal.aborted) controller.abort(callerSignal.reason);
        else callerSignal.addEventListener('abort', onCallerAbort, { once: true });
      }

      let response: Response | undefined;
      let failure: ModelArtsError | undefined;
      try {
        const raw = await fetchApi(url, { ...init, method, headers: sendHeaders, body: body as BodyInit | undefined, signal: controller.signal });
        // Read the body under the same timeout, so a stalled body counts as a timeout too.
        const buffer = NULL_BODY_STATUS.has(raw.status) || method === 'HEAD' ? null : await raw.arrayBuffer();
        response = new Response(buffer && buffer.byteLength ? buffer : null, { status: raw.status, statusText: raw.statusText, headers: raw.headers });
      } catch (error) {
        if (timedOut) failure = new ModelArtsTimeoutError(timeoutMs, attemptInfo);
        else failure = new ModelArtsNetworkError(error, redact, attemptInfo);
        if (callerSignal?.aborted) throw failure; // the caller gave up: no retry
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        callerSignal?.removeEventListener('abort', onCallerAbort);
      }

      if (response) {
        if (response.status === 401 && !reauthenticated && authenticator.invalidate?.()) {
          reauthenticated = true;
          attempt--;
          continue;
        }
        if (!isRetryableStatus(response.status) || !retryable || attempt >= maxRetries) return response;
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) return response;
        await pause(retryAfter ?? backoffDelay(attempt, retry), attemptInfo);
        continue;
      }
      if (!retryable || attempt >= maxRetries) throw failure!;
      await pause(backoffDelay(attempt, retry), attemptInfo);
    }

    async function pause(ms: number, attemptInfo: { method: string; url: string; attempts: number }) {
      try {
        await sleep(ms, callerSignal);
      } catch (reason) {
        throw new ModelArtsNetworkError(reason, redact, attemptInfo);
      }
    }
  };
}
