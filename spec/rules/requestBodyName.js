// An operation with a request body names it `body` for the generators, at operation level: OpenAPI
// Generator ignores x-codegen-request-body-name anywhere else and then names the parameter after the
// schema, which differs per language and breaks generic callers.
export default function requestBodyName(operation, _options, context) {
  if (!operation || !operation.requestBody) return [];
  if (operation['x-codegen-request-body-name'] === 'body') return [];
  const misplaced = operation.requestBody['x-codegen-request-body-name'] !== undefined;
  return [{
    message: misplaced
      ? 'x-codegen-request-body-name sits under requestBody; move it to the operation'
      : 'operation has a request body but no `x-codegen-request-body-name: body`',
    path: context.path,
  }];
}
