// operationId: camelCase, starting with one of the verbs the API's actions map to.
const VERBS = ['list', 'get', 'create', 'update', 'delete', 'stop', 'start', 'renew', 'search', 'sign',
  // the SDKs' own verbs (operationId = SDK method name for the full API)
  'show', 'patch', 'batch', 'accept'];

export default function operationIdVerbFirst(operationId) {
  if (typeof operationId !== 'string' || operationId === '') return [{ message: 'operationId is missing' }];
  if (!/^[a-z]+(?:[A-Z0-9][a-z0-9]*)*$/.test(operationId)) {
    return [{ message: `operationId "${operationId}" is not camelCase` }];
  }
  const verb = operationId.match(/^[a-z]+/)[0];
  if (!VERBS.includes(verb)) {
    return [{ message: `operationId "${operationId}" starts with "${verb}", not one of: ${VERBS.join(', ')}` }];
  }
  return [];
}
