// operationId: camelCase, starting with one of the verbs the API's actions map to. The seed pages' verbs, then
// every verb the official SDKs' method names start with (operations of the full API keep the SDK's name).
const VERBS = ['list', 'get', 'create', 'update', 'delete', 'stop', 'start', 'renew', 'search', 'sign',
  'accept', 'attach', 'batch', 'bind', 'cancel', 'change', 'check', 'count', 'detach', 'modify', 'notify', 'patch',
  'query', 'reboot', 'register', 'reinstall', 'scale', 'show', 'switch', 'sync', 'unbind', 'validate'];

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
