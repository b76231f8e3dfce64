/** items: the item as the API sees it, its validation, edits on a branch, listings and history. The public face other modules import. */
export { rowToItem } from './mapping.js';
export type { ItemChangeModel, ItemEventModel, ItemModel, Modality, ReadContext } from './model.js';
export { ItemsService, MAX_FILTER_TERMS, MAX_ITEMS_PER_CALL, type ItemFilterInput, type ItemInputFields } from './service.js';
export { buildContent, checkAttributes, checkKey, mediaKind, type ItemFields } from './validation.js';
