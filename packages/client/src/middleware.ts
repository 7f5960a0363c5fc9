// The client's own middleware of the generated runtime: refuse path parameters that change the target,
// add configured headers, and turn answers and transport failures into the client's typed errors.
import type { ErrorContext, Middleware, RequestContext, ResponseContext } from './generated/runtime.js';
import { apiErrorFromResponse, ModelArtsError, type Redactor } from './errors.js';
import { pathProblem } from './transport.js';

export function headerMiddleware(headers: Record<string, string>): Middleware {
  return {
    async pre(context: RequestContext) {
      const merged = new Headers(context.init.headers as HeadersInit | undefined);
      for (const [name, value] of Object.entries(headers)) merged.set(name, value);
      return { url: context.url, init: { ...context.init, headers: merged } };
    },
  };
}

/** Refuses a call whose path parameters would change its target (`.`, `..`, empty) before it is sent. */
export const pathGuard: Middleware = {
  async pre(context: RequestContext) {
    const why = pathProblem(context.url);
    if (why) throw new ModelArtsError(`refused to send: ${why}`, { method: context.init.method?.toUpperCase(), url: context.url });
    return undefined;
  },
};

/**
 * Turns every non-2xx answer into a ModelArtsApiError (the generated runtime throws the raw Response), and
 * lets the transport's own errors (ModelArtsTimeoutError, ModelArtsNetworkError) through: the generated
 * runtime would wrap them in its FetchError unless a middleware answers or throws.
 */
export function errorMiddleware(redact: Redactor): Middleware {
  return {
    async post(context: ResponseContext) {
      const { response } = context;
      if (response.status >= 200 && response.status < 300) return response;
      throw await apiErrorFromResponse(response, redact, { method: context.init.method?.toUpperCase(), url: context.url });
    },
    async onError(context: ErrorContext) {
      if (context.response === undefined) throw context.error; // no earlier middleware recovered
    },
  };
}
