// Every operation declares the listed statuses, plus at least one 2xx.
export default function requiredResponses(operation, options, context) {
  const responses = (operation && operation.responses) || {};
  const codes = Object.keys(responses);
  const out = [];
  if (!codes.some((c) => /^2/.test(c))) out.push({ message: 'no 2xx response', path: [...context.path, 'responses'] });
  for (const status of options.statuses) {
    if (!codes.includes(status)) out.push({ message: `response ${status} is missing`, path: [...context.path, 'responses'] });
  }
  return out;
}
