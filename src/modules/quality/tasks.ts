import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Modality } from '../datasets/index.js';

/** One entry of the task catalogue (config/tasks.json, plus TUNESET_TASKS_FILE). */
export interface TaskEntry {
  key: string;
  name: string;
  modality: Modality;
  /** Rule-of-thumb minimum amount of usable data. */
  minimum: number;
  /** What `minimum` counts: usable items, or hours of usable audio. */
  measure: 'items' | 'audioHours';
  unit: string;
  parameters: number;
  bytesPerParameter: number;
  /** Whether a 4-bit quantised fine-tune (QLoRA-style) figure is given. */
  quantized4bit: boolean;
}

export interface TaskCatalogue {
  tasks: Map<string, TaskEntry>;
  gpuFactor: number;
}

export const DEFAULT_TASKS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../config/tasks.json');

const MODALITIES = ['TEXT_PAIR', 'IMAGE_CAPTION', 'AUDIO_TRANSCRIPT'];

function parseEntry(e: unknown, file: string): TaskEntry {
  const bad = (why: string): never => {
    throw new Error(`${file}: task ${JSON.stringify((e as { key?: unknown })?.key ?? e)}: ${why}`);
  };
  if (typeof e !== 'object' || e === null) return bad('not an object');
  const t = e as Record<string, unknown>;
  if (typeof t.key !== 'string' || !t.key) bad('key must be a non-empty string');
  if (typeof t.name !== 'string') bad('name must be a string');
  if (!MODALITIES.includes(t.modality as string)) bad(`modality must be one of ${MODALITIES.join(', ')}`);
  if (t.measure !== 'items' && t.measure !== 'audioHours') bad('measure must be "items" or "audioHours"');
  for (const k of ['minimum', 'parameters', 'bytesPerParameter']) {
    if (typeof t[k] !== 'number' || !Number.isFinite(t[k]) || (t[k] as number) < 0) bad(`${k} must be a non-negative number`);
  }
  return {
    key: t.key as string,
    name: t.name as string,
    modality: t.modality as Modality,
    minimum: t.minimum as number,
    measure: t.measure as TaskEntry['measure'],
    unit: typeof t.unit === 'string' ? t.unit : t.measure === 'audioHours' ? 'hours' : 'items',
    parameters: t.parameters as number,
    bytesPerParameter: t.bytesPerParameter as number,
    quantized4bit: t.quantized4bit === true,
  };
}

function readFile(file: string): { tasks: TaskEntry[]; gpuFactor?: number } {
  let json: { tasks?: unknown; gpuFactor?: unknown };
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof json;
  } catch (e) {
    throw new Error(`Task catalogue ${file} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(json.tasks)) throw new Error(`${file}: "tasks" must be an array`);
  return {
    tasks: json.tasks.map((t) => parseEntry(t, file)),
    gpuFactor: typeof json.gpuFactor === 'number' ? json.gpuFactor : undefined,
  };
}

/** Loads the shipped catalogue and, when given, the user's file (its entries win by key). */
export function loadTaskCatalogue(extraFile: string | null): TaskCatalogue {
  const base = readFile(DEFAULT_TASKS_FILE);
  const tasks = new Map(base.tasks.map((t) => [t.key, t]));
  let gpuFactor = base.gpuFactor ?? 2.5;
  if (extraFile) {
    const extra = readFile(extraFile);
    for (const t of extra.tasks) tasks.set(t.key, t);
    gpuFactor = extra.gpuFactor ?? gpuFactor;
  }
  return { tasks, gpuFactor };
}

/** GPU memory (GB) for full fine-tuning: factor × parameters × bytes per parameter. */
export function gpuMemoryGB(t: TaskEntry, factor: number, bytesPerParameter = t.bytesPerParameter): number {
  return Math.round(((factor * t.parameters * bytesPerParameter) / 1e9) * 100) / 100;
}
