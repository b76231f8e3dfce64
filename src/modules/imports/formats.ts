/**
 * Pure, streaming readers for bulk-import file formats. No database code lives here: each reader
 * turns a file (or folder) into a stream of ParsedRow values, one per non-blank line of the
 * JSONL / metadata / manifest file, and the import job decides what to do with them.
 *
 * - A bad row never throws: it is yielded as `{ ok: false, code, message }` and reading goes on.
 * - Only whole-import problems throw (an AppError whose `code` is NOT_FOUND, INVALID_PATH or
 *   BAD_USER_INPUT): a missing path, the wrong kind of path, a folder without metadata.
 * - Media files are checked for existence and for containment below `opts.root` (after resolving
 *   symlinks); their bytes are not read here.
 * - Everything streams line by line (node:readline over fs.createReadStream), so memory stays flat
 *   however many rows a file holds.
 */
import fs, { createReadStream } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CsvError, parse as parseCsv } from 'csv-parse';
import { LABEL_STATUSES, type LabelStatus } from '../../db/schema/items.js';
import { isInside } from '../../lib/paths.js';
import { AppError, BadUserInputError, InvalidPathError, NotFoundError, type JobErrorCode, type RowErrorCode } from '../../errors.js';

export type ImportFormat = 'JSONL' | 'HF_IMAGEFOLDER' | 'HF_AUDIOFOLDER' | 'NEMO_MANIFEST';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['JSONL', 'HF_IMAGEFOLDER', 'HF_AUDIOFOLDER', 'NEMO_MANIFEST'];

export type RowStatus = LabelStatus;
const STATUSES: readonly RowStatus[] = LABEL_STATUSES;

export interface RowFields {
  prompt?: string;
  response?: string;
  caption?: string;
  transcript?: string;
  labels?: string[];
  attributes?: Record<string, unknown>;
  status?: RowStatus;
}

/** Codes a row-level error can carry. */
/** What a reader itself can find wrong with a row (the import adds DUPLICATE_KEY and DURATION_MISMATCH). */
export type ReaderErrorCode = Extract<RowErrorCode, 'INVALID_JSON' | 'MISSING_FIELD' | 'INVALID_FIELD' | 'FILE_NOT_FOUND' | 'INVALID_PATH'>;

export type ParsedRow =
  | {
      ok: true;
      row: number;
      file: string;
      key: string | null;
      fields: RowFields;
      /** Absolute, realpath-resolved path of the image/WAV (null for text rows). */
      mediaPath: string | null;
      /** NeMo `duration` in seconds (null when absent or not a NeMo manifest). */
      declaredDurationSeconds: number | null;
    }
  | { ok: false; row: number | null; file: string; code: JobErrorCode; message: string };

export interface ReadImportOptions {
  /** Every file read (metadata and media) must lie below this folder once symlinks are resolved. */
  root: string;
}

/** Caption columns of an imagefolder metadata file, first present wins. */
export const CAPTION_COLUMNS = ['caption', 'text', 'description', 'prompt'] as const;
/** Transcript columns of an audiofolder metadata file, first present wins. */
export const TRANSCRIPT_COLUMNS = ['transcription', 'transcript', 'text', 'sentence'] as const;

const METADATA_JSONL = 'metadata.jsonl';
const METADATA_CSV = 'metadata.csv';

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * Streams the rows of an import. `absPath` is a .jsonl file or folder of them (JSONL), an
 * imagefolder/audiofolder folder (HF_*), or a manifest file (NEMO_MANIFEST).
 */
export async function* readImport(
  format: ImportFormat,
  absPath: string,
  opts: ReadImportOptions,
): AsyncGenerator<ParsedRow> {
  const root = await resolveRoot(opts.root);
  const sources = await resolveSources(format, absPath, root);
  for (const src of sources) {
    const file = toPosix(path.relative(root.real, src.real));
    const ctx: RowContext = { root, file, src };
    if (src.csv) {
      yield* readCsvRows(format, src, file, ctx);
      continue;
    }
    for await (const line of readLines(src.real)) {
      const parsed = parseJsonLine(line.text);
      if (!parsed.ok) {
        yield { ok: false, row: line.row, file, code: 'INVALID_JSON', message: parsed.message };
        continue;
      }
      try {
        yield await convertRow(format, parsed.value, line.row, ctx);
      } catch (e) {
        if (e instanceof RowError) {
          yield { ok: false, row: line.row, file, code: e.code, message: e.message };
        } else {
          throw e;
        }
      }
    }
  }
}

/**
 * Cheap pre-count for progress reporting: the number of non-blank lines in the JSONL file(s),
 * metadata file(s) or manifest that `readImport` would read. Streams bytes; does not parse JSON.
 */
export async function countImportRows(format: ImportFormat, absPath: string): Promise<number> {
  const sources = await resolveSources(format, absPath, null);
  let total = 0;
  // (For CSV, minus the header; a quoted cell spanning lines makes this an estimate.)
  for (const src of sources) total += Math.max(0, (await countNonBlankLines(src.real)) - (src.csv ? 1 : 0));
  return total;
}

// ---------------------------------------------------------------------------------------------
// Sources: which files an import reads
// ---------------------------------------------------------------------------------------------

interface Root {
  /** path.resolve(opts.root), for lexical checks of paths that do not exist. */
  lexical: string;
  /** realpath(opts.root). */
  real: string;
}

interface Source {
  /** Realpath of the JSONL / metadata / manifest file. */
  real: string;
  /** A metadata.csv (Hugging Face accepts CSV metadata too) rather than JSON lines. */
  csv?: boolean;
  /** Folder that media paths in this file are relative to (realpath and lexical forms). */
  baseReal: string;
  baseLexical: string;
  /** Folder media keys are made relative to (the import folder, or the manifest's folder). */
  keyBase: string;
}

async function resolveRoot(rootPath: string): Promise<Root> {
  const lexical = path.resolve(rootPath);
  try {
    return { lexical, real: await realpath(lexical) };
  } catch {
    throw new NotFoundError('Import root', rootPath);
  }
}

async function statOrThrow(p: string): Promise<Stats> {
  try {
    return await stat(p);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') throw new NotFoundError('Import path', p);
    throw new BadUserInputError(`Import path cannot be read: ${p} (${errnoCode(e) ?? 'error'})`, { field: 'path' });
  }
}

/** Resolves the files an import reads; with a root, also checks they lie below it. */
async function resolveSources(format: ImportFormat, absPath: string, root: Root | null): Promise<Source[]> {
  if (!IMPORT_FORMATS.includes(format)) {
    throw new BadUserInputError(`Unknown import format: ${String(format)}`, { field: 'format' });
  }
  const lexical = path.resolve(absPath);
  const st = await statOrThrow(lexical);
  const real = await realpath(lexical);
  if (root && !isInside(root.real, real)) {
    throw new InvalidPathError(`Import path lies outside the import root: ${absPath}`, { path: absPath });
  }
  const fileSource = (p: string, lex: string): Source => ({
    real: p,
    baseReal: path.dirname(p),
    baseLexical: path.dirname(lex),
    keyBase: path.dirname(lex),
  });

  switch (format) {
    case 'NEMO_MANIFEST': {
      if (!st.isFile()) {
        throw new BadUserInputError(`A NeMo manifest import needs a .jsonl/.json manifest file, not a folder: ${absPath}`, {
          field: 'path',
        });
      }
      return [fileSource(real, lexical)];
    }
    case 'JSONL': {
      if (st.isFile()) return [fileSource(real, lexical)];
      if (!st.isDirectory()) {
        throw new BadUserInputError(`A JSONL import needs a .jsonl file or a folder of them: ${absPath}`, { field: 'path' });
      }
      const names = (await readdir(real, { withFileTypes: true }))
        .filter((d) => d.isFile() && d.name.toLowerCase().endsWith('.jsonl'))
        .map((d) => d.name)
        .sort(compareCodeUnits);
      if (names.length === 0) {
        throw new BadUserInputError(`Folder holds no *.jsonl files: ${absPath}`, { field: 'path' });
      }
      return names.map((n) => fileSource(path.join(real, n), path.join(lexical, n)));
    }
    case 'HF_IMAGEFOLDER':
    case 'HF_AUDIOFOLDER': {
      if (!st.isDirectory()) {
        throw new BadUserInputError(
          `A Hugging Face ${format === 'HF_IMAGEFOLDER' ? 'imagefolder' : 'audiofolder'} import needs a folder holding ${METADATA_JSONL}: ${absPath}`,
          { field: 'path' },
        );
      }
      let metas = await findMetadataFiles(real);
      if (metas.length === 0) metas = await findMetadataFiles(real, METADATA_CSV);
      if (metas.length === 0) {
        throw new BadUserInputError(
          `Folder has no ${METADATA_JSONL} or ${METADATA_CSV} (at its top level or in split subfolders): ${absPath}`,
          { field: 'path' },
        );
      }
      return metas.map((rel) => {
        const metaReal = path.join(real, rel);
        const metaLexical = path.join(lexical, rel);
        if (root) {
          // findMetadataFiles only follows real files and folders, but keep the invariant explicit.
          if (!isInside(root.real, metaReal)) throw new InvalidPathError(`Metadata file lies outside the import root: ${rel}`);
        }
        return {
          real: metaReal,
          csv: rel.endsWith(METADATA_CSV),
          baseReal: path.dirname(metaReal),
          baseLexical: path.dirname(metaLexical),
          keyBase: lexical,
        };
      });
    }
  }
}

/**
 * metadata files of an HF folder, relative to it: the top-level one; else one per immediate
 * subfolder (the split layout train/, test/, ... each with its own metadata file), sorted.
 */
async function findMetadataFiles(dir: string, name: string = METADATA_JSONL): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  if (entries.some((d) => d.isFile() && d.name === name)) return [name];
  const found: string[] = [];
  for (const d of entries.filter((e) => e.isDirectory()).sort((a, b) => compareCodeUnits(a.name, b.name))) {
    try {
      const st = await stat(path.join(dir, d.name, name));
      if (st.isFile()) found.push(path.join(d.name, name));
    } catch {
      // no metadata in this subfolder
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// CSV metadata
// ---------------------------------------------------------------------------------------------

/**
 * Rows of a metadata.csv (header row = column names), streamed through csv-parse. Cells are
 * strings; `labels` and `attributes` cells holding JSON (`["a","b"]`, `{"k":1}`) are parsed, so a
 * CSV can carry the same fields as JSON lines. A row number is the line on which its record ends
 * (the same as its only line, unless a quoted cell spans several).
 */
async function* readCsvRows(format: ImportFormat, src: Source, file: string, ctx: RowContext): AsyncGenerator<ParsedRow> {
  const parser = createReadStream(src.real).pipe(
    parseCsv({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const row = rec.info.lines;
      const obj: JsonObject = { ...rec.record };
      let bad: string | null = null;
      for (const k of ['labels', 'attributes'] as const) {
        const v = obj[k];
        if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
          try {
            obj[k] = JSON.parse(v) as JsonObject[string];
          } catch {
            bad = k;
          }
        } else if (v === '') delete obj[k];
      }
      if (bad) {
        yield { ok: false, row, file, code: 'INVALID_FIELD', message: `"${bad}" holds malformed JSON` };
        continue;
      }
      try {
        yield await convertRow(format, obj, row, ctx);
      } catch (e) {
        if (e instanceof RowError) yield { ok: false, row, file, code: e.code, message: e.message };
        else throw e;
      }
    }
  } catch (e) {
    if (e instanceof CsvError) throw new BadUserInputError(`${file} is not valid CSV: ${e.message}`, { field: 'path' });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Line reading
// ---------------------------------------------------------------------------------------------

interface Line {
  /** 1-based physical line number. */
  row: number;
  text: string;
}

/** Blank = only spaces, tabs and CRs: what JSON.parse would also treat as nothing. */
const BLANK = /^[ \t\r]*$/;

/** Yields the non-blank lines of a UTF-8 file with their 1-based line numbers; strips a BOM. */
async function* readLines(file: string): AsyncGenerator<Line> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let row = 0;
  try {
    for await (const raw of rl) {
      row += 1;
      const text = row === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (BLANK.test(text)) continue;
      yield { row, text };
    }
  } finally {
    rl.close();
    stream.destroy();
  }
}

/**
 * Counts lines holding anything but spaces/tabs/CRs, splitting on \n, \r\n and a lone \r exactly
 * as node:readline does, so it agrees with the number of lines readImport looks at.
 */
async function countNonBlankLines(file: string): Promise<number> {
  // One buffer, read into again and again: a stream would allocate a fresh 64 KB chunk each time,
  // garbage that piles up in the main thread's external memory (~16 MB for a 117k-pair file)
  // until the next collection, next to the import it only counts for.
  const fh = await fs.promises.open(file, 'r');
  const buf = Buffer.allocUnsafe(256 * 1024);
  let count = 0;
  let content = false;
  let prevCR = false;
  let first = true;
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      let i = 0;
      if (first) {
        first = false;
        if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
      }
      for (; i < chunk.length; i++) {
        const b = chunk[i];
        if (b === 0x0a) {
          if (prevCR) {
            prevCR = false;
            continue;
          }
          if (content) count++;
          content = false;
        } else if (b === 0x0d) {
          if (content) count++;
          content = false;
          prevCR = true;
        } else {
          prevCR = false;
          if (b !== 0x20 && b !== 0x09) content = true;
        }
      }
    }
  } finally {
    await fh.close();
  }
  if (content) count++;
  return count;
}

type JsonObject = Record<string, unknown>;

function parseJsonLine(text: string): { ok: true; value: JsonObject } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Line is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!isPlainObject(value)) {
    return { ok: false, message: `Line must be a JSON object, got ${describeType(value)}` };
  }
  return { ok: true, value };
}

// ---------------------------------------------------------------------------------------------
// Row conversion
// ---------------------------------------------------------------------------------------------

class RowError extends Error {
  constructor(
    readonly code: ReaderErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface RowContext {
  root: Root;
  /** Path of the source file relative to the root, for error reports. */
  file: string;
  src: Source;
}

type OkRow = Extract<ParsedRow, { ok: true }>;

async function convertRow(format: ImportFormat, obj: JsonObject, row: number, ctx: RowContext): Promise<OkRow> {
  switch (format) {
    case 'JSONL':
      return convertJsonl(obj, row, ctx);
    case 'HF_IMAGEFOLDER':
      return convertFolderRow(obj, row, ctx, 'caption', CAPTION_COLUMNS);
    case 'HF_AUDIOFOLDER':
      return convertFolderRow(obj, row, ctx, 'transcript', TRANSCRIPT_COLUMNS);
    case 'NEMO_MANIFEST':
      return convertNemo(obj, row, ctx);
  }
}

/** Tracks which columns a converter used; the rest become attributes. */
class Columns {
  private readonly used = new Set<string>();
  constructor(readonly obj: JsonObject) {}

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.obj, name) && this.obj[name] !== undefined && this.obj[name] !== null;
  }

  consume(...names: string[]): void {
    for (const n of names) this.used.add(n);
  }

  /** A string column, or undefined when absent/null. Wrong type → INVALID_FIELD. */
  str(name: string): string | undefined {
    this.used.add(name);
    if (!this.has(name)) return undefined;
    const v = this.obj[name];
    if (typeof v !== 'string') throw new RowError('INVALID_FIELD', `"${name}" must be a string, got ${describeType(v)}`);
    return v;
  }

  /** Columns nobody consumed, then the explicit `attributes` object on top. */
  attributes(): Record<string, unknown> | undefined {
    this.used.add('attributes');
    const out: Record<string, unknown> = {};
    let any = false;
    for (const [k, v] of Object.entries(this.obj)) {
      if (this.used.has(k) || v === undefined) continue;
      out[k] = v;
      any = true;
    }
    if (this.has('attributes')) {
      const a = this.obj.attributes;
      if (!isPlainObject(a)) throw new RowError('INVALID_FIELD', `"attributes" must be an object, got ${describeType(a)}`);
      for (const [k, v] of Object.entries(a)) {
        out[k] = v;
        any = true;
      }
    }
    return any ? out : undefined;
  }
}

/** key from `key`, else `id` (string or number); when both exist, `id` stays an attribute. */
function takeKey(cols: Columns): string | null {
  for (const name of ['key', 'id']) {
    if (!cols.has(name)) continue;
    cols.consume(name);
    const v = cols.obj[name];
    if (typeof v === 'string') return v === '' ? null : v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    throw new RowError('INVALID_FIELD', `"${name}" must be a string or a number, got ${describeType(v)}`);
  }
  return null;
}

/** labels, status and attributes, shared by every format. */
function commonFields(cols: Columns): Pick<RowFields, 'labels' | 'status' | 'attributes'> {
  const out: Pick<RowFields, 'labels' | 'status' | 'attributes'> = {};
  cols.consume('labels', 'status');
  if (cols.has('labels')) {
    const l = cols.obj.labels;
    if (!Array.isArray(l) || !l.every((x): x is string => typeof x === 'string')) {
      throw new RowError('INVALID_FIELD', `"labels" must be an array of strings, got ${describeType(l)}`);
    }
    out.labels = l;
  }
  if (cols.has('status')) {
    const s = cols.obj.status;
    const up = typeof s === 'string' ? s.trim().toUpperCase() : null;
    const status = STATUSES.find((x) => x === up);
    if (!status) {
      throw new RowError(
        'INVALID_FIELD',
        `"status" must be one of ${STATUSES.join(', ')}, got ${typeof s === 'string' ? JSON.stringify(s) : describeType(s)}`,
      );
    }
    out.status = status;
  }
  const attributes = cols.attributes();
  if (attributes) out.attributes = attributes;
  return out;
}

// --- JSONL -------------------------------------------------------------------------------------

function convertJsonl(obj: JsonObject, row: number, ctx: RowContext): OkRow {
  const cols = new Columns(obj);
  const key = takeKey(cols);
  let prompt: string | undefined;
  let response: string | undefined;
  const extra: Record<string, unknown> = {};

  if (cols.has('prompt') || cols.has('response')) {
    prompt = cols.str('prompt');
    response = cols.str('response');
  } else if (cols.has('instruction') || cols.has('output')) {
    const instruction = cols.str('instruction');
    const input = cols.str('input');
    response = cols.str('output');
    if (instruction !== undefined && input) prompt = `${instruction}\n\n${input}`;
    else prompt = instruction ?? (input || undefined);
  } else if (cols.has('messages')) {
    cols.consume('messages');
    const chat = convertMessages(cols.obj.messages);
    prompt = chat.prompt;
    response = chat.response;
    if (chat.system !== undefined) extra.system = chat.system;
    if (chat.trailing) extra.trailing_messages = chat.trailing;
  } else {
    throw new RowError(
      'MISSING_FIELD',
      'Row needs "prompt"/"response", "instruction"/"output" (Alpaca) or "messages" (chat); found: ' +
        (Object.keys(obj).join(', ') || 'no columns'),
    );
  }

  const common = commonFields(cols);
  const fields: RowFields = {};
  if (prompt !== undefined) fields.prompt = prompt;
  if (response !== undefined) fields.response = response;
  if (common.labels) fields.labels = common.labels;
  if (common.status) fields.status = common.status;
  const attributes = { ...extra, ...(common.attributes ?? {}) };
  if (Object.keys(attributes).length > 0) fields.attributes = attributes;
  return { ok: true, row, file: ctx.file, key, fields, mediaPath: null, declaredDurationSeconds: null };
}

interface ChatMessage {
  role: string;
  content: string;
}

interface ChatResult {
  prompt?: string;
  response?: string;
  system?: string;
  /** Messages after the last assistant turn, kept so nothing is silently dropped. */
  trailing?: ChatMessage[];
}

const SYSTEM_ROLES = new Set(['system', 'developer']);

function convertMessages(raw: unknown): ChatResult {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new RowError('INVALID_FIELD', `"messages" must be a non-empty array of {role, content}, got ${describeType(raw)}`);
  }
  const msgs: ChatMessage[] = raw.map((m, i) => {
    if (!isPlainObject(m) || typeof m.role !== 'string') {
      throw new RowError('INVALID_FIELD', `messages[${i}] must be an object with a string "role"`);
    }
    return { role: m.role, content: messageContent(m.content, i) };
  });

  const systems = msgs.filter((m) => SYSTEM_ROLES.has(m.role));
  const result: ChatResult = {};
  if (systems.length > 0) result.system = systems.map((m) => m.content).join('\n\n');

  let lastAssistant = -1;
  for (let i = msgs.length - 1; i >= 0; i--) {
    if (msgs[i]?.role === 'assistant') {
      lastAssistant = i;
      break;
    }
  }
  const before = (lastAssistant >= 0 ? msgs.slice(0, lastAssistant) : msgs).filter((m) => !SYSTEM_ROLES.has(m.role));
  const last = lastAssistant >= 0 ? msgs[lastAssistant] : undefined;
  if (last) {
    result.response = last.content;
    const trailing = msgs.slice(lastAssistant + 1);
    if (trailing.length > 0) result.trailing = trailing;
  }
  const only = before.length === 1 ? before[0] : undefined;
  if (only && only.role === 'user') {
    result.prompt = only.content;
  } else if (before.length > 0) {
    result.prompt = before.map((m) => `${m.role}: ${m.content}`).join('\n');
  }
  return result;
}

/** content: a string, null (tool-call turns), or an array of parts of which the text ones count. */
function messageContent(c: unknown, i: number): string {
  if (typeof c === 'string') return c;
  if (c === null || c === undefined) return '';
  if (Array.isArray(c)) {
    const texts: string[] = [];
    for (const part of c) {
      if (typeof part === 'string') texts.push(part);
      else if (isPlainObject(part) && part.type === 'text') {
        if (typeof part.text !== 'string') throw new RowError('INVALID_FIELD', `messages[${i}] has a text part without a string "text"`);
        texts.push(part.text);
      } else if (!isPlainObject(part)) {
        throw new RowError('INVALID_FIELD', `messages[${i}].content has a part that is ${describeType(part)}`);
      }
      // other part types (image_url, input_audio, ...) carry no text and are skipped
    }
    return texts.join('\n');
  }
  throw new RowError('INVALID_FIELD', `messages[${i}].content must be a string or an array of parts, got ${describeType(c)}`);
}

// --- HF imagefolder / audiofolder --------------------------------------------------------------

async function convertFolderRow(
  obj: JsonObject,
  row: number,
  ctx: RowContext,
  target: 'caption' | 'transcript',
  columns: readonly string[],
): Promise<OkRow> {
  const cols = new Columns(obj);
  const fileName = cols.str('file_name');
  if (fileName === undefined) throw new RowError('MISSING_FIELD', 'Row has no "file_name"');
  const textColumn = columns.find((c) => cols.has(c));
  if (textColumn === undefined) {
    throw new RowError('MISSING_FIELD', `Row has no ${target} column (one of ${columns.map((c) => `"${c}"`).join(', ')})`);
  }
  const text = cols.str(textColumn) ?? '';
  const explicitKey = takeKey(cols);
  const common = commonFields(cols);
  const media = await resolveMedia(fileName, 'file_name', ctx);

  const fields: RowFields = { [target]: text };
  if (common.labels) fields.labels = common.labels;
  if (common.status) fields.status = common.status;
  if (common.attributes) fields.attributes = common.attributes;
  return {
    ok: true,
    row,
    file: ctx.file,
    key: explicitKey ?? media.key,
    fields,
    mediaPath: media.real,
    declaredDurationSeconds: null,
  };
}

// --- NeMo manifest -----------------------------------------------------------------------------

async function convertNemo(obj: JsonObject, row: number, ctx: RowContext): Promise<OkRow> {
  const cols = new Columns(obj);
  const audio = cols.str('audio_filepath');
  if (audio === undefined) throw new RowError('MISSING_FIELD', 'Row has no "audio_filepath"');
  if (!cols.has('text')) throw new RowError('MISSING_FIELD', 'Row has no "text" (transcript)');
  const text = cols.str('text') ?? '';
  cols.consume('duration');
  let duration: number | null = null;
  if (cols.has('duration')) {
    const d = cols.obj.duration;
    const n = typeof d === 'number' ? d : typeof d === 'string' && d.trim() !== '' ? Number(d) : NaN;
    if (!Number.isFinite(n) || n < 0) {
      throw new RowError('INVALID_FIELD', `"duration" must be a non-negative number of seconds, got ${JSON.stringify(d)}`);
    }
    duration = n;
  }
  const explicitKey = takeKey(cols);
  const common = commonFields(cols);
  const media = await resolveMedia(audio, 'audio_filepath', ctx);

  const fields: RowFields = { transcript: text };
  if (common.labels) fields.labels = common.labels;
  if (common.status) fields.status = common.status;
  if (common.attributes) fields.attributes = common.attributes;
  return {
    ok: true,
    row,
    file: ctx.file,
    key: explicitKey ?? media.key,
    fields,
    mediaPath: media.real,
    declaredDurationSeconds: duration,
  };
}

// ---------------------------------------------------------------------------------------------
// Media path resolution and containment
// ---------------------------------------------------------------------------------------------

/**
 * Resolves a media reference relative to its metadata/manifest folder (absolute paths allowed).
 * Backslashes are read as separators (manifests written on Windows). The realpath must lie below
 * the root (INVALID_PATH); a missing file is FILE_NOT_FOUND, unless its path already points
 * outside the root, which is INVALID_PATH too (so nothing about files outside leaks).
 */
async function resolveMedia(written: string, column: string, ctx: RowContext): Promise<{ real: string; key: string }> {
  if (written.trim() === '') throw new RowError('INVALID_FIELD', `"${column}" is empty`);
  if (written.includes('\0')) throw new RowError('INVALID_PATH', `"${column}" contains a NUL byte`);
  const rel = written.replace(/\\/g, '/');
  const lexical = path.resolve(ctx.src.baseLexical, rel);
  const viaReal = path.resolve(ctx.src.baseReal, rel);
  const key = toPosix(path.relative(ctx.src.keyBase, lexical)) || rel;

  let real: string;
  try {
    real = await realpath(viaReal);
  } catch (e) {
    if (!isInside(ctx.root.lexical, lexical) && !isInside(ctx.root.real, viaReal)) {
      throw new RowError('INVALID_PATH', `"${column}" points outside the import root: ${written}`);
    }
    const code = errnoCode(e);
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be resolved (${code ?? 'error'})`;
    throw new RowError('FILE_NOT_FOUND', `Media file ${why}: ${written}`);
  }
  if (!isInside(ctx.root.real, real)) {
    throw new RowError('INVALID_PATH', `"${column}" resolves outside the import root: ${written}`);
  }
  let st: Stats;
  try {
    st = await stat(real);
  } catch (e) {
    throw new RowError('FILE_NOT_FOUND', `Media file cannot be read (${errnoCode(e) ?? 'error'}): ${written}`);
  }
  if (!st.isFile()) throw new RowError('FILE_NOT_FOUND', `Media path is not a regular file: ${written}`);
  return { real, key };
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

