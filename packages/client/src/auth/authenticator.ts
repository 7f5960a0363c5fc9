// The one interface of every authentication strategy (aksk.ts, token.ts, iam-password.ts): the
// transport asks it for the headers of each attempt, and tells it about a 401.

/** A request as the authenticator sees it (body already serialised). */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** Adds credentials to a request: returns the headers to send. */
export interface Authenticator {
  headers(request: OutgoingRequest): Promise<Record<string, string>>;
  /** Called on a 401: drop a cached token; true when a second attempt may succeed. */
  invalidate?(): boolean;
  /** The secrets it holds, for redacting them from errors. */
  secrets?(): Array<string | undefined>;
}

/** No credentials (operations with `security: []`, or a client without any). */
export const noAuthentication: Authenticator = { headers: async (request) => request.headers };
