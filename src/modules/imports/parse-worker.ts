/**
 * Worker thread of an import: streams the source file(s), prepares rows in batches (prepare.ts) and
 * posts them to the importing thread, which only stores media and writes SQL. At most MAX_AHEAD
 * batches wait unacknowledged, so memory stays bounded whatever the file size.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../errors.js';
import type { Modality } from '../datasets/index.js';
import { readImport, type ImportFormat, type ParsedRow } from './formats.js';
import { prepareRows } from './prepare.js';

export interface ParseWorkerData {
  format: ImportFormat;
  absPath: string;
  root: string;
  modality: Modality;
  batchSize: number;
}

export type ParseWorkerMessage =
  | { type: 'batch'; batch: ReturnType<typeof prepareRows> }
  | { type: 'done' }
  | { type: 'fatal'; code: string; message: string };

const MAX_AHEAD = 2;

async function main(): Promise<void> {
  const port = parentPort!;
  const data = workerData as ParseWorkerData;
  let unacked = 0;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    unacked--;
    wake?.();
    wake = null;
  });
  const send = async (rows: ParsedRow[]) => {
    port.postMessage({ type: 'batch', batch: prepareRows(data.modality, rows) } satisfies ParseWorkerMessage);
    unacked++;
    while (unacked >= MAX_AHEAD) await new Promise<void>((r) => (wake = r));
  };
  try {
    let rows: ParsedRow[] = [];
    for await (const row of readImport(data.format, data.absPath, { root: data.root })) {
      rows.push(row);
      if (rows.length >= data.batchSize) {
        await send(rows);
        rows = [];
      }
    }
    if (rows.length) await send(rows);
    port.postMessage({ type: 'done' } satisfies ParseWorkerMessage);
  } catch (e) {
    const known = e instanceof AppError;
    port.postMessage({
      type: 'fatal',
      code: known ? e.code : 'INTERNAL_SERVER_ERROR',
      message: known ? e.message : `The import reader failed: ${e instanceof Error ? e.message : String(e)}`,
    } satisfies ParseWorkerMessage);
  }
  port.close();
}

void main();
