// Chooses the client's authentication strategy from its options: one of token, IAM password (or any
// TokenProvider) and AK/SK, else AK/SK from the environment, else none.
import { akskAuthenticator } from './aksk.js';
import { noAuthentication, type Authenticator } from './authenticator.js';
import { IamTokenProvider, type IamPasswordOptions } from './iam-password.js';
import { isTokenProvider, tokenAuthenticator, type TokenProvider } from './token.js';

export { noAuthentication, type Authenticator, type OutgoingRequest } from './authenticator.js';

/** The authentication options of createClient. */
export interface AuthOptions {
  token?: string | (() => string | Promise<string>);
  iam?: IamPasswordOptions | TokenProvider;
  credentials?: { ak: string; sk: string; securityToken?: string };
}

/** What the rest of the client needs of the chosen strategy. */
export interface Authentication {
  authenticator: Authenticator;
  /** The IAM token provider, whose token names the default project when none is given. */
  provider?: TokenProvider;
}

export interface AuthContext {
  /** HUAWEICLOUD_SDK_AK, _SK and _SECURITY_TOKEN. */
  env: { ak?: string; sk?: string; securityToken?: string };
  /** Default project (sent as X-Project-Id with AK/SK). */
  projectId?: string;
  /** For an IAM password provider: region, IAM endpoint, fetch. */
  region: string;
  iamEndpoint: () => string;
  fetchApi?: (input: string, init?: RequestInit) => Promise<Response>;
}

export function chooseAuthentication(options: AuthOptions, context: AuthContext): Authentication {
  const given = (['token', 'iam', 'credentials'] as const).filter((name) => options[name] !== undefined);
  if (given.length > 1) throw new TypeError(`choose one authentication: got ${given.join(' and ')}`);

  if (options.token !== undefined) return { authenticator: tokenAuthenticator(options.token) };
  if (options.iam !== undefined) {
    const iam = options.iam;
    const provider = isTokenProvider(iam)
      ? iam
      : new IamTokenProvider({ region: context.region, fetchApi: context.fetchApi, ...iam, iamEndpoint: iam.iamEndpoint ?? context.iamEndpoint() });
    return { authenticator: tokenAuthenticator(provider), provider };
  }
  if (options.credentials) {
    const { ak, sk, securityToken } = options.credentials;
    return { authenticator: akskAuthenticator({ ak, sk, securityToken, projectId: context.projectId }) };
  }
  const { ak, sk, securityToken } = context.env;
  if (ak && sk) return { authenticator: akskAuthenticator({ ak, sk, securityToken, projectId: context.projectId }) };
  return { authenticator: noAuthentication };
}
