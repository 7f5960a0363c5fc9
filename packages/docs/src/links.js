// Links between the Redoc reference and the console, per operation. Both pages are served from one folder
// (`basePath`, '/' by default); both deep-link by URL hash, which works on any static host.

/** Redoc's deep link of an operation: #/<tag, lower case, spaces as dashes>/<operationId, lower case>. */
export function referenceLink(operation, basePath = '/') {
  const tag = (operation.op.tags?.[0] ?? 'default').trim().toLowerCase().replace(/\s+/g, '-');
  return `${basePath}#/${encodeURI(tag)}/${operation.id.toLowerCase()}`;
}

/** Swagger UI's deep link of an operation: console.html#/<tag>/<operationId>. */
export function consoleLink(operation, basePath = '/') {
  const tag = (operation.op.tags?.[0] ?? 'default').trim();
  return `${basePath}console.html#/${encodeURIComponent(tag)}/${encodeURIComponent(operation.id)}`;
}
