// Each operation file sits in paths/<area>/, where <area> is the kebab-case slug of the operation's tag
// ("Training jobs (v1)" → training-jobs-v1), so the folder, the tag and the generated API class name one area.
// Source only: the bundle has no files. Spectral's document inventory maps the operation to the file it came from.
export const areaSlug = (tag) => tag.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

export default function operationInAreaFolder(operation, _options, context) {
  const tag = operation?.tags?.[0];
  if (typeof tag !== 'string' || tag === '') return []; // operation-has-one-tag reports it
  const source = context.documentInventory.findAssociatedItemForPath(context.path, true)?.document?.source;
  const root = context.documentInventory.source;
  if (!source || !root) return [];
  const rootDir = root.replace(/[\\/][^\\/]*$/, '');
  const file = source.startsWith(`${rootDir}/`) || source.startsWith(`${rootDir}\\`) ? source.slice(rootDir.length + 1).replace(/\\/g, '/') : source;
  const expected = `paths/${areaSlug(tag)}`;
  if (file.slice(0, file.lastIndexOf('/')) === expected) return [];
  const where = source === root ? `${file} (inline)` : file;
  return [{ message: `${where} has tag "${tag}", so it belongs in ${expected}/ (the tag's kebab-case slug)` }];
}
