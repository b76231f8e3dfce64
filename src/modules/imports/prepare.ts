import path from 'node:path';
import { AppError, type JobErrorCode } from '../../errors.js';
import { contentHash, type ItemContent } from '../versions/index.js';
import type { Modality } from '../datasets/index.js';
import { buildContent, checkKey } from '../items/index.js';
import type { ParsedRow, RowFields } from './formats.js';

/** A parsed row made ready to write: key fixed, and for text rows the content built and hashed. */
export interface PreparedRow {
  row: number;
  file: string;
  key: string;
  /** Built and validated content (text rows); null for media rows, built once the media is stored. */
  content: ItemContent | null;
  contentHash: string | null;
  fields: RowFields;
  mediaPath: string | null;
  declaredDurationSeconds: number | null;
}

export interface RowFailure {
  row: number | null;
  file: string;
  code: JobErrorCode;
  message: string;
}

export interface PreparedBatch {
  rows: PreparedRow[];
  errors: RowFailure[];
}

/**
 * Rows without a key get `<file stem>:<row number>` (zero-padded): items list in file order, and
 * re-importing the same file updates the same items instead of adding copies. (Identical rows stay
 * separate items; flagging duplicates is the quality audit's job.)
 */
export function rowKey(file: string, row: number): string {
  const stem = path.basename(file).replace(/\.(jsonl|json|ndjson)$/i, '');
  return `${stem}:${String(row).padStart(8, '0')}`;
}

/**
 * The pure, CPU-bound half of an import (it runs in a worker thread): key, validation and content
 * hash per row. Problems become row failures; nothing here touches the database or the disk.
 */
export function prepareRows(modality: Modality, parsed: readonly ParsedRow[]): PreparedBatch {
  const out: PreparedBatch = { rows: [], errors: [] };
  for (const r of parsed) {
    if (!r.ok) {
      out.errors.push({ row: r.row, file: r.file, code: r.code, message: r.message });
      continue;
    }
    try {
      const key = r.key !== null ? checkKey(r.key) : rowKey(r.file, r.row);
      const content = r.mediaPath ? null : buildContent(modality, r.fields, null);
      out.rows.push({
        row: r.row,
        file: r.file,
        key,
        content,
        contentHash: content ? contentHash(key, content) : null,
        // Text rows travel to the writing thread as built content only (half the cloning).
        fields: content ? {} : r.fields,
        mediaPath: r.mediaPath,
        declaredDurationSeconds: r.declaredDurationSeconds,
      });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      out.errors.push({ row: r.row, file: r.file, code: e.code, message: e.message });
    }
  }
  return out;
}
