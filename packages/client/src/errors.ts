// Typed errors of the client. None of them ever holds a request header: credentials (AK, SK, token,
// security token, signature) cannot leak through message, toString, JSON or stack, and every text that
// comes from outside (the server's error message, a network error) is scrubbed of the secrets the client
// knows before it is stored.

/** Replaces every known secret in a text by `[REDACTED]`. */
export type Redactor = (text: string) => string;

/** A redactor for a list of secrets (ignores empty and very short values, which would mangle text). */
export function redactorFor(secrets: () => Array<string | undefined>): Redactor {
  return (text: string) => {
    let out = text;
    for (const secret of secrets()) {
      if (!secret || secret.length < 4) continue;
      if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
    }
    // Whatever a gateway might echo of an Authorization header.
    return out.replace(/(Signature=)[0-9a-fA-F]{16,}/g, '$1[REDACTED]').replace(/(Access=)[^,\s"]+/g, '$1[REDACTED]');
  };
}

/** Where a failed call was going: no headers, no body. */
export interface ErrorRequestInfo {
  method?: string;
  /** The URL without its query string (the query may carry user data). */
  url?: string;
  operationId?: string;
  /** Attempts made, retries included. */
  attempts?: number;
}

function stripQuery(url: string | undefined): string | undefined {
  if (!url) return url;
  const i = url.search(/[?#]/);
  return i === -1 ? url : url.slice(0, i);
}

/** Base class of every error the client raises for a call. */
export class ModelArtsError extends Error {
  method?: string;
  url?: string;
  operationId?: string;
  attempts?: number;

  constructor(message: string, info: ErrorRequestInfo = {}, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ModelArtsError';
    this.method = info.method;
    this.url = stripQuery(info.url);
    this.operationId = info.operationId;
    this.attempts = info.attempts;
  }

  /** Sets the operation ID once it is known (the transport does not know it; the client does). */
  withOperation(operationId: string): this {
    if (!this.operationId) {
      this.operationId = operationId;
      const tag = `[${operationId}] `;
      if (!this.message.startsWith(tag)) {
        const old = this.message;
        this.message = tag + old;
        if (typeof this.stack === 'string') this.stack = this.stack.replace(old, this.message);
      }
    }
    return this;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, operationId: this.operationId, method: this.method, url: this.url, attempts: this.attempts };
  }
}

/** A parsed error body, whichever of the API's formats it came in. */
export interface ParsedErrorBody {
  errorCode?: string;
  errorMessage?: string;
}

/**
 * Reads the API's error formats: legacy v1 `{is_success: false, error_code, error_message}`, newer
 * `{error_code, error_msg}`, and IAM's `{error: {code, message, title}}`.
 */
export function parseErrorBody(body: unknown): ParsedErrorBody {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const code = str(b.error_code) ?? str(b.errorCode) ?? str(b.code);
  const message = str(b.error_msg) ?? str(b.error_message) ?? str(b.errorMsg) ?? str(b.message);
  if (code !== undefined || message !== undefined) return { errorCode: code, errorMessage: message };
  if (b.error && typeof b.error === 'object') {
    const e = b.error as Record<string, unknown>;
    return { errorCode: str(e.code) ?? str(e.error_code), errorMessage: str(e.message) ?? str(e.error_msg) ?? str(e.title) };
  }
  return {};
}

/** A non-2xx answer of the API. */
export class ModelArtsApiError extends ModelArtsError {
  /** HTTP status. */
  status: number;
  /** `error_code`, e.g. `ModelArts.0105` or `APIGW.0301`. */
  errorCode?: string;
  /** `error_msg` / `error_message`. */
  errorMessage?: string;
  /** The `X-Request-Id` response header (quote it to Huawei Cloud support). */
  requestId?: string;
  /** Seconds from a `Retry-After` header, when the server sent one. */
  retryAfter?: number;
  /** The decoded error body (JSON), or its text. */
  body?: unknown;
  /** The response, its body unread. Not enumerable: it stays out of logs and JSON. */
  declare readonly response: Response;

  constructor(
    init: { status: number; statusText?: string; errorCode?: string; errorMessage?: string; requestId?: string; retryAfter?: number; body?: unknown; response?: Response },
    info: ErrorRequestInfo = {},
  ) {
    const what = [init.errorCode, init.errorMessage].filter(Boolean).join(': ') || init.statusText || 'request failed';
    const where = info.method && info.url ? ` (${info.method} ${stripQuery(info.url)})` : '';
    const rid = init.requestId ? ` [request id ${init.requestId}]` : '';
    super(`${info.operationId ? `[${info.operationId}] ` : ''}HTTP ${init.status} ${what}${where}${rid}`, info);
    this.name = 'ModelArtsApiError';
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.errorMessage = init.errorMessage;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
    this.body = init.body;
    Object.defineProperty(this, 'response', { value: init.response, enumerable: false, writable: false, configurable: true });
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      errorCode: this.errorCode,
      errorMessage: this.errorMessage,
      requestId: this.requestId,
      retryAfter: this.retryAfter,
      body: this.body,
    };
  }
}

/** The call did not finish within its timeout (retries included). */
export class ModelArtsTimeoutError extends ModelArtsError {
  timeoutMs: number;
  constructor(timeoutMs: number, info: ErrorRequestInfo = {}) {
    super(`request timed out after ${timeoutMs} ms${info.method && info.url ? ` (${info.method} ${stripQuery(info.url)})` : ''}`, info);
    this.name = 'ModelArtsTimeoutError';
    this.timeoutMs = timeoutMs;
  }
  override toJSON() {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}

/** The request never got an HTTP answer (DNS, refused or reset connection, TLS, aborted by the caller). */
export class ModelArtsNetworkError extends ModelArtsError {
  /** `code` of the underlying error, e.g. `ECONNREFUSED`, or `AbortError`. */
  code?: string;
  constructor(cause: unknown, redact: Redactor, info: ErrorRequestInfo = {}) {
    const { message, code, name } = describeCause(cause, redact);
    super(`${message}${info.method && info.url ? ` (${info.method} ${stripQuery(info.url)})` : ''}`, info, {
      cause: Object.assign(new Error(message), { name, code }),
    });
    this.name = 'ModelArtsNetworkError';
    this.code = code;
  }
  override toJSON() {
    return { ...super.toJSON(), code: this.code };
  }
}

function describeCause(cause: unknown, redact: Redactor): { message: string; code?: string; name: string } {
  if (!(cause instanceof Error)) return { message: redact(`network error: ${String(cause)}`), name: 'Error' };
  let message = cause.message;
  let code = (cause as { code?: unknown }).code;
  const inner = (cause as { cause?: unknown }).cause;
  // undici says "fetch failed" and puts the reason (ECONNREFUSED, …) in `cause`.
  if (inner instanceof Error) {
    message = `${message}: ${inner.message}`;
    code ??= (inner as { code?: unknown }).code;
  }
  return { message: redact(message), code: typeof code === 'string' ? code : cause.name === 'AbortError' ? 'AbortError' : undefined, name: cause.name };
}

/** Builds a ModelArtsApiError from a non-2xx response (reads a clone; the original stays unread). */
export async function apiErrorFromResponse(response: Response, redact: Redactor, info: ErrorRequestInfo = {}): Promise<ModelArtsApiError> {
  const copy = response.clone();
  let text = '';
  try {
    text = await response.text();
  } catch {
    text = '';
  }
  text = redact(text);
  let body: unknown = text || undefined;
  try {
    if (text) body = redactDeep(JSON.parse(text), redact);
  } catch {
    /* not JSON: keep the text */
  }
  const { errorCode, errorMessage } = parseErrorBody(body);
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  return new ModelArtsApiError(
    {
      status: response.status,
      // The reason phrase and X-Request-Id are the server's text too: a gateway may echo a credential.
      statusText: redact(response.statusText),
      errorCode,
      errorMessage: errorMessage ?? (typeof body === 'string' && body.length <= 200 ? body : undefined),
      requestId: redactOptional(response.headers.get('x-request-id'), redact),
      retryAfter: retryAfter === undefined ? undefined : retryAfter / 1000,
      body,
      response: copy,
    },
    info,
  );
}

function redactOptional(value: string | null, redact: Redactor): string | undefined {
  return value === null ? undefined : redact(value);
}

/** A 2xx answer whose body cannot be read as the operation's JSON. */
export class ModelArtsResponseError extends ModelArtsError {
  constructor(message: string, info: ErrorRequestInfo = {}) {
    super(message, info);
    this.name = 'ModelArtsResponseError';
  }
}

function redactDeep(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact);
    return out;
  }
  return value;
}

/** Milliseconds a `Retry-After` value asks for (delta-seconds or HTTP-date), or undefined. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
