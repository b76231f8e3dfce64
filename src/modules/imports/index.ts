/** imports: bulk imports of files and folders as jobs. The public face other modules import. */
export { IMPORT_FORMATS, type ImportFormat } from './formats.js';
export { ImportService, type ImportParams, type ImportResult } from './service.js';
