import path from 'node:path';

/** True when `child` is `parent` or lies below it (both absolute; compare realpaths for symlinks). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
