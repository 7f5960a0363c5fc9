// Where an operation is sent, from the spec. typescript-fetch sends every call to one basePath with the
// same credentials; the operations that declare their own `servers` (createIamToken: IAM's endpoint) or
// `security: []` are recorded at build time by scripts/generate.mjs in generated/operation-routes.ts, and
// the client gives each of them a runtime of its own (createClient/createApi, per operation).
import { OPERATION_ROUTES } from './generated/operation-routes.js';

export interface OperationRoute {
  /** The operation's own server: URL template and its variables' defaults. */
  server?: { url: string; variables: Record<string, string> };
  /** `security: []`: sent without the client's credentials. */
  anonymous?: true;
}

/** The operation's own server and security, when they differ from the API's. */
export function routeOf(operationId: string): OperationRoute | undefined {
  return Object.hasOwn(OPERATION_ROUTES, operationId) ? OPERATION_ROUTES[operationId] : undefined;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const CLOUD_HOST = /^[a-z0-9-]+\.([a-z]{2}(?:-[a-z]+)+-\d+)\.myhuaweicloud\.com$/;

/** A server URL template with `{region}` (and any other variable at its default) filled in. */
export function serverUrl(server: NonNullable<OperationRoute['server']>, region: string): string {
  if (!REGION.test(region)) throw new Error(`not a Huawei Cloud region ID: "${region}"`);
  return server.url.replace(/\{([^}]+)\}/g, (_, name: string) => (name === 'region' ? region : (server.variables[name] ?? '')));
}

/**
 * Where an operation with its own server goes, for a client of `endpoint` in `region`: an explicit
 * override (e.g. `iamEndpoint`); else the server in the endpoint's own region when the endpoint is a
 * Huawei Cloud one; else, for any other endpoint (a mock, a proxy), that endpoint, which serves every
 * operation; else the server in `region`.
 */
export function resolveServer(server: NonNullable<OperationRoute['server']>, where: { endpoint?: string; region: string; override?: string }): string {
  if (where.override) return where.override.replace(/\/+$/, '');
  if (where.endpoint) {
    const host = new URL(where.endpoint).hostname;
    const cloud = CLOUD_HOST.exec(host);
    if (cloud) return serverUrl(server, cloud[1]);
    if (!/(^|\.)myhuaweicloud\.com$/.test(host)) return new URL(where.endpoint).origin;
  }
  return serverUrl(server, where.region);
}

/** The host's first label of a server template (`iam` for `https://iam.{region}.myhuaweicloud.com`). */
export function serviceOf(server: NonNullable<OperationRoute['server']>): string {
  return /^[a-z]+:\/\/([^./{]+)/i.exec(server.url)?.[1] ?? '';
}
