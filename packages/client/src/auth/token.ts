// Token strategy: an IAM token sent as X-Auth-Token, given as a string, a function, or a TokenProvider
// (such as IamTokenProvider, iam-password.ts), which is asked to forget its token after a 401.
import type { Authenticator } from './authenticator.js';

/** Anything that can hand out an IAM token. */
export interface TokenProvider {
  getToken(): Promise<string>;
  /** Forget the cached token (after a 401). */
  invalidate?(): void;
  /** The project the token is scoped to, once known. */
  readonly projectId?: string;
}

export function isTokenProvider(x: unknown): x is TokenProvider {
  return !!x && typeof (x as TokenProvider).getToken === 'function';
}

export function tokenAuthenticator(source: string | (() => string | Promise<string>) | TokenProvider): Authenticator {
  if (typeof source === 'string' && !source) throw new TypeError('token is empty');
  const current = typeof source === 'string' ? async () => source : isTokenProvider(source) ? () => source.getToken() : async () => source();
  return {
    async headers(request) {
      return { ...request.headers, 'X-Auth-Token': await current() };
    },
    invalidate() {
      if (!isTokenProvider(source) || !source.invalidate) return false;
      source.invalidate();
      return true;
    },
    secrets: () => [typeof source === 'string' ? source : undefined],
  };
}
