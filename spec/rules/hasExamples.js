// Every request body and every 2xx response with content carries at least one named example.
const exampleCount = (media) => (media && media.examples ? Object.keys(media.examples).length : 0);

export default function hasExamples(operation, _options, context) {
  const out = [];
  const content = operation?.requestBody?.content || {};
  for (const [type, media] of Object.entries(content)) {
    if (exampleCount(media) === 0) out.push({ message: `request body ${type} has no named example`, path: [...context.path, 'requestBody', 'content', type] });
  }
  for (const [status, response] of Object.entries(operation?.responses || {})) {
    if (!/^2/.test(status)) continue;
    for (const [type, media] of Object.entries(response?.content || {})) {
      if (exampleCount(media) === 0) out.push({ message: `response ${status} ${type} has no named example`, path: [...context.path, 'responses', status, 'content', type] });
    }
  }
  return out;
}
