// AK/SK strategy: every attempt signed afresh (SDK-HMAC-SHA256, signer.ts), over the URL as the vendor
// SDK would sign it (path parameters unencoded, transport.ts signingUrl).
import { defaultHashBackend, signWith, type AkSkCredentials, type HashBackend } from '../signer.js';
import { signingUrl } from '../transport.js';
import type { Authenticator } from './authenticator.js';

export function akskAuthenticator(credentials: AkSkCredentials): Authenticator {
  if (!credentials.ak || !credentials.sk) throw new TypeError('credentials need both ak and sk');
  let backend: HashBackend | undefined;
  return {
    async headers(request) {
      backend ??= defaultHashBackend();
      return signWith(backend, { ...request, url: signingUrl(request.url) }, credentials);
    },
    secrets: () => [credentials.ak, credentials.sk, credentials.securityToken],
  };
}
