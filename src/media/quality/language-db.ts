/**
 * eld's n-gram database, loaded as JSON. eld ships it as a 2 MB JavaScript object literal; V8's
 * JavaScript parser needs ~95 MB of zone memory for it and the process keeps ~200 MB RSS after one
 * load (measured: a bare worker thread 11 MB, with `eld/medium` 200 MB). V8's JSON parser builds
 * the same objects for ~60 MB. So the literal is turned into JSON once per install, by a child
 * process (its memory is its own and is gone when it exits), and every thread that detects
 * languages parses that JSON and hands it to eld's own detector (createEld + loadData, what
 * `eld/medium` itself does with the literal). Detection is eld's, unchanged: a test compares it
 * with `eld/medium` on real texts.
 *
 * createEld lives in eld's src/languageDetector.js, which the package's exports map does not
 * list; eld is pinned to an exact version in package.json for that reason.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { eld as Eld } from 'eld/medium';
import { cacheDirOrTemp } from '../../lib/cache-dir.js';

export type LanguageDetector = ReturnType<typeof Eld.newInstance>;

/** eld's database size ('medium': 60 languages, the accuracy/size point eld recommends). */
const DATABASE = 'medium';

function eldFile(rel: string): string {
  // import.meta.resolve('eld') → …/eld/src/entries/dynamic.js
  return fileURLToPath(new URL(rel, import.meta.resolve('eld')));
}

function eldVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(eldFile('../../package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Where the JSON of this eld version's database is kept. */
export function languageDatabasePath(): string {
  return path.join(cacheDirOrTemp(), `eld-${eldVersion()}-${DATABASE}.json`);
}

/** Writes the JSON (in a child process) unless it exists; concurrent callers race harmlessly (atomic rename). */
async function ensureJson(file: string): Promise<void> {
  if (fs.existsSync(file)) return;
  const source = new URL(`../ngrams/${DATABASE}.js`, import.meta.resolve('eld')).href;
  const code = [
    `import fs from 'node:fs';`,
    `const { ngramsData } = await import(${JSON.stringify(source)});`,
    `const tmp = ${JSON.stringify(file)} + '.' + process.pid + '.tmp';`,
    `fs.writeFileSync(tmp, JSON.stringify(ngramsData));`,
    `fs.renameSync(tmp, ${JSON.stringify(file)});`,
  ].join('\n');
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', code], { timeout: 120_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`could not write eld's database as JSON: ${stderr.trim().slice(-500) || err.message}`)) : resolve(),
    );
  });
}

interface EldInternals {
  createEld(): { instance: LanguageDetector; loadData(data: unknown): string };
}

/**
 * A detector with eld's medium database, parsed from JSON (see above). Falls back to importing
 * `eld/medium` (same detector, ~140 MB more per thread) when the JSON cannot be made.
 */
export async function loadEldDetector(): Promise<LanguageDetector> {
  try {
    const file = languageDatabasePath();
    await ensureJson(file);
    const data: unknown = JSON.parse(await fs.promises.readFile(file, 'utf8'));
    const { createEld } = (await import(new URL('../languageDetector.js', import.meta.resolve('eld')).href)) as EldInternals;
    const { instance, loadData } = createEld();
    if (!loadData(data)) throw new Error('eld did not accept the database');
    return instance;
  } catch {
    const { eld } = await import('eld/medium');
    return eld.newInstance();
  }
}
