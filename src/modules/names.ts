import { BadUserInputError } from '../errors.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const REF_NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/;

export function checkDatasetName(name: string): string {
  if (!NAME.test(name)) {
    throw new BadUserInputError('A dataset name is 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit', {
      field: 'name',
    });
  }
  return name;
}

/** Branch and tag names: git-like (letters, digits, . _ - /), no "..", no trailing "/" or ".lock". */
export function checkRefName(name: string, field: string): string {
  if (!REF_NAME.test(name) || name.includes('..') || name.includes('//') || name.endsWith('/') || name.endsWith('.lock')) {
    throw new BadUserInputError(`Invalid ${field} name "${name}"`, { field });
  }
  return name;
}
