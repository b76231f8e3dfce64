/**
 * Bulk imports end to end: importItems over HTTP runs a background job that reads from the
 * server's import root (a temp folder holding copies of fixtures/imports and of the real corpus);
 * the client polls job(id). Then the same through the CLI (bin/tuneset.mjs) in child processes.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { copyCorpusFolders, CORPUS, errorCode, FIXTURES, ROOT, sleep, startTestServer, type TestServer } from '../helpers/server.js';

const JOB_FIELDS = `id kind state progress total processed failed errors(first: 100) { row file code message } result`;
const IMPORT = `mutation($input: ImportItemsInput!) { importItems(input: $input) { job { ${JOB_FIELDS} } } }`;
const JOB = `query($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`;

interface JobView {
  id: string;
  kind: string;
  state: string;
  progress: number;
  total: number | null;
  processed: number;
  failed: number;
  errors: Array<{ row: number | null; file: string | null; code: string; message: string }>;
  result: {
    added: number;
    modified: number;
    unchanged: number;
    failed: number;
    version: { id: number; hash: string } | null;
    scoreJob: string | null;
  } | null;
}

/** Builds the import root: fixtures/imports copied as is, plus the corpus as HF folders. */
function buildImportRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-import-root-'));
  fs.cpSync(path.join(FIXTURES, 'imports'), root, { recursive: true });

  copyCorpusFolders(root, { images: 'corpus-images', audio: 'corpus-audio' });

  // An imagefolder whose metadata also names a WAV: that row must fail alone.
  const mixed = path.join(root, 'mixed');
  fs.mkdirSync(mixed);
  fs.copyFileSync(path.join(CORPUS, 'images/horse.png'), path.join(mixed, 'horse.png'));
  fs.copyFileSync(path.join(CORPUS, 'audio/tts_01.wav'), path.join(mixed, 'tts_01.wav'));
  fs.writeFileSync(
    path.join(mixed, 'metadata.jsonl'),
    '{"file_name": "horse.png", "caption": "A horse"}\n{"file_name": "tts_01.wav", "caption": "Not an image"}\n',
  );

  // A symlink inside the root that points outside it.
  fs.symlinkSync(path.join(CORPUS, 'images'), path.join(root, 'escape'));
  return root;
}

function countWhere(s: TestServer, sql: string): number {
  return (s.app.db.$client.prepare(sql).get() as { n: number }).n;
}

describe('importItems over GraphQL', () => {
  let s: TestServer;
  let root: string;
  let outsideDir: string;
  const ds = { text: '', image: '', audio: '', nemo: '' };

  /** Starts an import and polls job(id) until it ends. */
  async function runImport(input: Record<string, unknown>, token = 'curator'): Promise<{ started: JobView; job: JobView; seen: string[] }> {
    const d = await s.ok<{ importItems: { job: JobView } }>(IMPORT, { input }, token);
    const started = d.importItems.job;
    assert.equal(started.kind, 'import');
    assert.ok(['QUEUED', 'RUNNING', 'SUCCEEDED'].includes(started.state), started.state);
    const seen = [started.state];
    const deadline = Date.now() + 25_000;
    for (;;) {
      const j = (await s.ok<{ job: JobView }>(JOB, { id: started.id }, 'viewer')).job;
      if (seen.at(-1) !== j.state) seen.push(j.state);
      if (!['QUEUED', 'RUNNING'].includes(j.state)) return { started, job: j, seen };
      assert.ok(Date.now() < deadline, `job ${started.id} still ${j.state}`);
      await sleep(25);
    }
  }

  /** Commits what is pending on main (an import with commitMessage needs a clean branch). */
  async function commitPending(dataset: string, message: string): Promise<void> {
    await s.ok('mutation($d: ID!, $m: String!) { commit(input: { dataset: $d, message: $m }) { version { id } } }', { d: dataset, m: message });
  }

  async function keysAt(name: string, ref = 'main'): Promise<string[]> {
    const d = await s.ok(`query($n: String!, $ref: String) { dataset(name: $n) { items(ref: $ref, first: 100) { nodes { key } } } }`, { n: name, ref });
    return d.dataset.items.nodes.map((n: { key: string }) => n.key);
  }

  before(async () => {
    root = buildImportRoot();
    outsideDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-outside-'));
    fs.copyFileSync(path.join(FIXTURES, 'imports/jsonl/wordnet-3.jsonl'), path.join(outsideDir, 'wordnet-3.jsonl'));
    s = await startTestServer({ config: { importRoot: root } });
    for (const [k, modality] of [
      ['text', 'TEXT_PAIR'],
      ['image', 'IMAGE_CAPTION'],
      ['audio', 'AUDIO_TRANSCRIPT'],
      ['nemo', 'AUDIO_TRANSCRIPT'],
    ] as const) {
      const d = await s.ok(`mutation($input: CreateDatasetInput!) { createDataset(input: $input) { dataset { id } } }`, {
        input: { name: `imp-${k}`, modality },
      });
      ds[k] = d.createDataset.dataset.id;
    }
  });

  after(async () => {
    await s?.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outsideDir, { recursive: true, force: true });
  });

  test('JSONL with bad lines: each bad row reported with its row number, the good ones land, commitMessage commits', async () => {
    const { job, seen } = await runImport({ dataset: ds.text, path: 'jsonl/errors.jsonl', format: 'JSONL', commitMessage: 'import errors.jsonl' });
    assert.equal(job.state, 'SUCCEEDED', JSON.stringify(job));
    assert.equal(seen.at(-1), 'SUCCEEDED');
    assert.equal(job.total, 12);
    assert.equal(job.processed, 12);
    assert.equal(job.failed, 10);
    assert.equal(job.progress, 1);
    const errors = [...job.errors].sort((a, b) => a.row! - b.row!);
    assert.deepEqual(
      errors.map((e) => [e.row, e.code]),
      [
        [2, 'INVALID_JSON'],
        [3, 'MISSING_FIELD'],
        [4, 'INVALID_FIELD'],
        [5, 'INVALID_FIELD'],
        [6, 'INVALID_FIELD'],
        [7, 'INVALID_FIELD'],
        [8, 'INVALID_FIELD'],
        [9, 'INVALID_FIELD'],
        [10, 'INVALID_JSON'],
        [11, 'INVALID_FIELD'],
      ],
    );
    for (const e of errors) {
      assert.equal(e.file, 'jsonl/errors.jsonl');
      assert.ok(e.message.length > 0);
      assert.ok(!e.message.includes(root), `the server's folders do not leak: ${e.message}`);
    }
    assert.match(errors.find((e) => e.row === 7)!.message, /DONE/);
    assert.deepEqual(
      { ...job.result, version: undefined, scoreJob: undefined },
      { added: 2, modified: 0, unchanged: 0, failed: 10, version: undefined, scoreJob: undefined },
    );
    assert.match(String(job.result!.scoreJob), /^[A-Za-z0-9_-]+$/, 'the import queued a scoring job');
    assert.ok(job.result!.version, 'a version was committed');

    const v = await s.ok(
      `query($ref: String!) { dataset(name: "imp-text") { version(ref: $ref) { hash message itemCount changeCount } versions { totalCount }
         items(ref: $ref) { totalCount nodes { ... on TextPair { prompt response } } } branch(name: "main") { uncommittedChanges } } }`,
      { ref: job.result!.version!.hash },
    );
    assert.deepEqual(v.dataset.version, { hash: job.result!.version!.hash, message: 'import errors.jsonl', itemCount: 2, changeCount: 2 });
    assert.equal(v.dataset.versions.totalCount, 1);
    assert.equal(v.dataset.branch.uncommittedChanges, 0);
    assert.deepEqual(
      v.dataset.items.nodes.map((n: { prompt: string }) => n.prompt).sort(),
      ['ok after', 'ok before'],
    );
  });

  test('JSONL shapes (Alpaca, chat, BOM, blank lines) and a folder of JSONL files, without a commit', async () => {
    const { job } = await runImport({ dataset: ds.text, path: 'jsonl/shapes.jsonl', format: 'JSONL' });
    assert.equal(job.state, 'SUCCEEDED');
    assert.equal(job.failed, 0);
    assert.equal(job.total, 6);
    assert.equal(job.result!.added, 6);
    assert.equal(job.result!.version, null, 'no commitMessage, no commit');
    const pr1 = await s.ok(`{ dataset(name: "imp-text") { item(key: "pr-1") { status labels attributes ... on TextPair { prompt response } } } }`);
    assert.deepEqual(pr1.dataset.item, { status: 'LABELED', labels: ['greeting'], attributes: { lang: 'en', source: 'handmade' }, prompt: 'Say hi', response: 'Hi!' });
    const alpaca = await s.ok(`{ dataset(name: "imp-text") { item(key: "7") { ... on TextPair { prompt response } } } }`);
    assert.deepEqual(alpaca.dataset.item, { prompt: 'Translate to French\n\nGood morning', response: 'Bonjour' });
    const chat = await s.ok(`{ dataset(name: "imp-text") { item(key: "chat-multi") { ... on TextPair { response } } } }`);
    assert.equal(chat.dataset.item.response, 'A dataset server.');

    const dir = await runImport({ dataset: ds.text, path: 'jsonl-dir', format: 'JSONL' });
    assert.equal(dir.job.state, 'SUCCEEDED');
    assert.equal(dir.job.total, 3, 'notes.txt is not read');
    assert.equal(dir.job.result!.added, 3);
    const keys = await keysAt('imp-text');
    for (const k of ['a1', 'a2', 'b1', 'pr-1', '7', 'chat-multi']) assert.ok(keys.includes(k), k);
    const b = await s.ok(`{ dataset(name: "imp-text") { branch(name: "main") { uncommittedChanges } versions { totalCount } } }`);
    assert.equal(b.dataset.branch.uncommittedChanges, 9);
    assert.equal(b.dataset.versions.totalCount, 1);
  });

  test('re-importing the same file changes nothing and commits nothing', async () => {
    const { job } = await runImport({ dataset: ds.text, path: 'jsonl/shapes.jsonl', format: 'JSONL' });
    assert.equal(job.state, 'SUCCEEDED');
    // Nothing changed: nothing to score either.
    assert.deepEqual(job.result, { added: 0, modified: 0, unchanged: 6, failed: 0, version: null, scoreJob: null });
    const b = await s.ok(`{ dataset(name: "imp-text") { versions { totalCount } } }`);
    assert.equal(b.dataset.versions.totalCount, 1);
  });

  test('an absolute path inside the root is accepted', async () => {
    await commitPending(ds.text, 'shapes and folder');
    const { job } = await runImport({ dataset: ds.text, path: path.join(root, 'jsonl/wordnet-3.jsonl'), format: 'JSONL', commitMessage: 'wordnet' });
    assert.equal(job.state, 'SUCCEEDED');
    assert.equal(job.result!.added, 3);
    const v = await s.ok(`{ dataset(name: "imp-text") { versions(first: 1) { nodes { message itemCount } } } }`);
    assert.deepEqual(v.dataset.versions.nodes[0], { message: 'wordnet', itemCount: 14 });
  });

  test('HF_IMAGEFOLDER of the corpus: truncated.jpg is an INVALID_MEDIA row error, the other 19 land', async () => {
    const truncatedSha = createHash('sha256').update(fs.readFileSync(path.join(CORPUS, 'images/truncated.jpg'))).digest('hex');
    const { job } = await runImport({ dataset: ds.image, path: 'corpus-images', format: 'HF_IMAGEFOLDER', commitMessage: 'corpus images' });
    assert.equal(job.state, 'SUCCEEDED', JSON.stringify(job));
    assert.equal(job.total, 20);
    assert.equal(job.processed, 20);
    assert.equal(job.failed, 1);
    assert.equal(job.errors.length, 1);
    const [e] = job.errors;
    assert.equal(e.code, 'INVALID_MEDIA');
    assert.equal(e.file, 'corpus-images/metadata.jsonl');
    assert.equal(e.row, 20);
    assert.match(e.message, /JPEG/);
    assert.equal(job.result!.added, 19);
    assert.equal(s.app.media.get(truncatedSha), null, 'the truncated JPEG was not stored');

    const d = await s.ok(
      `query($ref: String!) { dataset(name: "imp-image") { version(ref: $ref) { itemCount message }
         items(ref: $ref, first: 100) { totalCount nodes { key ... on ImageCaption { caption image { width height mimeType } } } } } }`,
      { ref: job.result!.version!.hash },
    );
    assert.deepEqual(d.dataset.version, { itemCount: 19, message: 'corpus images' });
    const keys = d.dataset.items.nodes.map((n: { key: string }) => n.key);
    assert.ok(!keys.includes('truncated.jpg'));
    assert.ok(keys.includes('rocket.jpg') && keys.includes('logo.png'));
    const horse = d.dataset.items.nodes.find((n: { key: string }) => n.key === 'horse.png');
    assert.equal(horse.caption, 'Black silhouette of a horse on a white background.');
    const png = fs.readFileSync(path.join(CORPUS, 'images/horse.png'));
    assert.deepEqual(horse.image, { width: png.readUInt32BE(16), height: png.readUInt32BE(20), mimeType: 'image/png' });
  });

  test('HF_IMAGEFOLDER fixture: missing files, escapes and bad rows are row errors', async () => {
    const { job } = await runImport({ dataset: ds.image, path: 'imagefolder', format: 'HF_IMAGEFOLDER' });
    assert.equal(job.state, 'SUCCEEDED', JSON.stringify(job));
    assert.equal(job.total, 8);
    const byRow = Object.fromEntries(job.errors.map((e) => [e.row, e.code]));
    assert.deepEqual(byRow, { 4: 'FILE_NOT_FOUND', 5: 'UNSUPPORTED_MEDIA', 6: 'MISSING_FIELD', 7: 'MISSING_FIELD', 8: 'INVALID_FIELD' });
    assert.equal(job.failed, 5);
    // horse.png is already there from the corpus import (new caption: modified)
    assert.equal(job.result!.added, 2);
    assert.equal(job.result!.modified, 1);
    const keys = await keysAt('imp-image');
    assert.ok(keys.includes('chalkboard'));
    assert.ok(keys.includes('scans/page.png'));
  });

  test('an imagefolder row naming a WAV fails alone; the other rows land', async () => {
    const { job } = await runImport({ dataset: ds.image, path: 'mixed', format: 'HF_IMAGEFOLDER' });
    assert.equal(job.state, 'SUCCEEDED', JSON.stringify(job));
    assert.equal(job.failed, 1);
    assert.equal(job.errors.length, 1);
    assert.equal(job.errors[0].row, 2);
    assert.equal(job.errors[0].code, 'UNSUPPORTED_MEDIA');
    assert.match(job.errors[0].message, /audio/);
    const item = await s.ok(`{ dataset(name: "imp-image") { item(key: "tts_01.wav") { key } } }`);
    assert.equal(item.dataset.item, null);
  });

  test('HF_AUDIOFOLDER: the fixture (with bad rows) and the whole audio corpus', async () => {
    const { job } = await runImport({ dataset: ds.audio, path: 'audiofolder', format: 'HF_AUDIOFOLDER' });
    assert.equal(job.state, 'SUCCEEDED', JSON.stringify(job));
    assert.equal(job.total, 4);
    assert.deepEqual(
      job.errors.map((e) => [e.row, e.code, e.file]),
      [
        [3, 'FILE_NOT_FOUND', 'audiofolder/metadata.jsonl'],
        [4, 'MISSING_FIELD', 'audiofolder/metadata.jsonl'],
      ],
    );
    assert.equal(job.result!.added, 2);
    const a = await s.ok(`{ dataset(name: "imp-audio") { item(key: "10") { attributes ... on AudioTranscript { transcript audio { sampleRate channels } } } } }`);
    assert.equal(a.dataset.item.transcript, 'The quality of the data matters more than its sheer volume.');
    assert.deepEqual(a.dataset.item.audio, { sampleRate: 16000, channels: 1 });
    assert.deepEqual(a.dataset.item.attributes, { speaker: 'espeak-ng:en-gb+f4' });

    await commitPending(ds.audio, 'fixture');
    const corpus = await runImport({ dataset: ds.audio, path: 'corpus-audio', format: 'HF_AUDIOFOLDER', commitMessage: 'audio corpus' });
    assert.equal(corpus.job.state, 'SUCCEEDED', JSON.stringify(corpus.job));
    assert.equal(corpus.job.total, 21);
    assert.equal(corpus.job.failed, 0);
    // tts_04.wav came with the fixture already (other attributes): modified, not added
    assert.equal(corpus.job.result!.added, 20);
    assert.equal(corpus.job.result!.modified, 1);
    const v = await s.ok(`{ dataset(name: "imp-audio") { version(ref: "main") { itemCount message } item(key: "Noise.wav") { ... on AudioTranscript { transcript audio { sampleRate } } } } }`);
    assert.deepEqual(v.dataset.version, { itemCount: 22, message: 'audio corpus' });
    assert.deepEqual(v.dataset.item, { transcript: '', audio: { sampleRate: 48000 } });
  });

  test('NEMO_MANIFEST: paths relative to the manifest, Windows separators, declared durations checked', async () => {
    const { job } = await runImport({ dataset: ds.nemo, path: 'nemo/manifest.json', format: 'NEMO_MANIFEST', commitMessage: 'nemo' });
    assert.equal(job.state, 'SUCCEEDED', JSON.stringify(job));
    assert.equal(job.total, 8);
    assert.deepEqual(
      [...job.errors].sort((a, b) => a.row! - b.row!).map((e) => [e.row, e.code]),
      [
        [4, 'MISSING_FIELD'],
        [5, 'MISSING_FIELD'],
        [6, 'INVALID_FIELD'],
        [7, 'FILE_NOT_FOUND'],
        [8, 'INVALID_PATH'],
      ],
    );
    assert.equal(job.result!.added, 3);
    const d = await s.ok(`{ dataset(name: "imp-nemo") { version(ref: "main") { itemCount }
      items { nodes { key ... on AudioTranscript { transcript audio { durationSeconds } } } } } }`);
    assert.equal(d.dataset.version.itemCount, 3);
    const byKey = Object.fromEntries(d.dataset.items.nodes.map((n: { key: string }) => [n.key, n]));
    assert.equal(byKey['42'].transcript, 'The quality of the data matters more than its sheer volume.');
    assert.ok(Math.abs(byKey['42'].audio.durationSeconds - 3.45) < 0.1);
    assert.equal(byKey.nodur.transcript, 'no duration given');
  });

  test('a NeMo duration that disagrees with the file is a row error', async () => {
    fs.writeFileSync(
      path.join(root, 'nemo/wrong-duration.json'),
      '{"audio_filepath": "../audiofolder/tts_04.wav", "duration": 9.5, "text": "too long", "key": "wrong"}\n',
    );
    const { job } = await runImport({ dataset: ds.nemo, path: 'nemo/wrong-duration.json', format: 'NEMO_MANIFEST' });
    assert.equal(job.state, 'SUCCEEDED');
    assert.deepEqual(
      job.errors.map((e) => [e.row, e.code]),
      [[1, 'DURATION_MISMATCH']],
    );
    assert.equal(job.result!.added, 0);
  });

  test('paths outside the import root are INVALID_PATH, and no job is created', async () => {
    const jobsBefore = countWhere(s, 'SELECT COUNT(*) AS n FROM jobs');
    for (const p of [
      '../x.jsonl',
      'jsonl/../../x.jsonl',
      path.join(outsideDir, 'wordnet-3.jsonl'),
      path.join(FIXTURES, 'imports/jsonl/wordnet-3.jsonl'),
      '/etc/hostname',
      'escape',
    ]) {
      const r = await s.gql(IMPORT, { input: { dataset: ds.text, path: p, format: 'JSONL' } }, 'curator');
      assert.equal(errorCode(r), 'INVALID_PATH', `${p}: ${JSON.stringify(r.errors)}`);
      assert.equal(r.data, null);
    }
    const img = await s.gql(IMPORT, { input: { dataset: ds.image, path: 'escape', format: 'HF_IMAGEFOLDER' } }, 'curator');
    assert.equal(errorCode(img), 'INVALID_PATH', 'a symlink out of the root');
    assert.equal(countWhere(s, 'SELECT COUNT(*) AS n FROM jobs'), jobsBefore);
  });

  test('a format that does not match the modality is BAD_USER_INPUT; roles, missing paths, tags', async () => {
    for (const [dataset, format, p] of [
      [ds.image, 'JSONL', 'jsonl/shapes.jsonl'],
      [ds.text, 'HF_IMAGEFOLDER', 'corpus-images'],
      [ds.image, 'HF_AUDIOFOLDER', 'audiofolder'],
      [ds.text, 'NEMO_MANIFEST', 'nemo/manifest.json'],
    ]) {
      const r = await s.gql(IMPORT, { input: { dataset, path: p, format } }, 'curator');
      assert.equal(errorCode(r), 'BAD_USER_INPUT', `${format}: ${JSON.stringify(r.errors)}`);
      assert.equal(r.errors![0].extensions?.field, 'format');
    }
    const unknownFormat = await s.gql(IMPORT, { input: { dataset: ds.text, path: 'jsonl/shapes.jsonl', format: 'CSV' } }, 'curator');
    assert.equal(errorCode(unknownFormat), 'BAD_USER_INPUT');
    const labeller = await s.gql(IMPORT, { input: { dataset: ds.text, path: 'jsonl/shapes.jsonl', format: 'JSONL' } }, 'labeller');
    assert.equal(errorCode(labeller), 'FORBIDDEN');
    const anon = await s.gql(IMPORT, { input: { dataset: ds.text, path: 'jsonl/shapes.jsonl', format: 'JSONL' } }, null);
    assert.equal(errorCode(anon), 'UNAUTHENTICATED');
    const missing = await s.gql(IMPORT, { input: { dataset: ds.text, path: 'jsonl/nope.jsonl', format: 'JSONL' } }, 'curator');
    assert.equal(errorCode(missing), 'NOT_FOUND');
    const v = await s.ok(`{ dataset(name: "imp-text") { versions(first: 1) { nodes { id } } } }`);
    await s.ok(`mutation($v: ID!) { tagVersion(input: { version: $v, tag: "frozen" }) { version { id } } }`, { v: v.dataset.versions.nodes[0].id });
    const toTag = await s.gql(IMPORT, { input: { dataset: ds.text, branch: 'frozen', path: 'jsonl/shapes.jsonl', format: 'JSONL' } }, 'curator');
    assert.equal(errorCode(toTag), 'VERSION_IMMUTABLE');
  });

  test('a whole-import problem fails the job and says why in its errors', async () => {
    for (const [p, pattern] of [
      ['empty-dir', /metadata\.jsonl/],
      ['jsonl/shapes.jsonl', /needs a folder/],
    ] as const) {
      const { job } = await runImport({ dataset: ds.image, path: p, format: 'HF_IMAGEFOLDER' });
      assert.equal(job.state, 'FAILED', p);
      assert.equal(job.result, null);
      assert.equal(job.errors.length, 1, `${p}: ${JSON.stringify(job.errors)}`);
      assert.equal(job.errors[0].code, 'BAD_USER_INPUT');
      assert.equal(job.errors[0].row, null);
      assert.match(job.errors[0].message, pattern);
    }
    const anonJob = await s.gql(`{ job(id: "Sm9iOjE") { state } }`, {}, null);
    assert.equal(errorCode(anonJob), 'UNAUTHENTICATED');
    const badId = await s.gql(`{ job(id: "nope") { state } }`);
    assert.equal(errorCode(badId), 'BAD_USER_INPUT');
  });
});

// ------------------------------------------------------------------ CLI

const BIN = path.join(ROOT, 'bin/tuneset.mjs');

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env };
    if (!('TUNESET_DATA' in env)) delete childEnv.TUNESET_DATA;
    delete childEnv.TUNESET_IMPORT_ROOT;
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the tuneset CLI', () => {
  let data: string;
  let root: string;

  before(() => {
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-cli-data-'));
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-cli-root-'));
    fs.cpSync(path.join(FIXTURES, 'imports'), root, { recursive: true });
  });
  after(() => {
    fs.rmSync(data, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('dataset create, then import a JSONL file with bad lines: exit 0, good rows land, bad rows listed', async () => {
    const created = await cli(['dataset', 'create', 'cli-text', '--modality', 'TEXT_PAIR', '--data', data]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created TEXT_PAIR dataset "cli-text"/);
    const audio = await cli(['dataset', 'create', 'cli-audio', '--modality', 'AUDIO_TRANSCRIPT'], { TUNESET_DATA: data });
    assert.equal(audio.code, 0, audio.stderr);

    const r = await cli(['import', 'cli-text', path.join(root, 'jsonl/errors.jsonl'), '--data', data, '--root', root, '-m', 'from the cli']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^SUCCEEDED: /m);
    assert.match(r.stderr, /jsonl\/errors\.jsonl:2\s+INVALID_JSON/);
    assert.match(r.stderr, /jsonl\/errors\.jsonl:11\s+INVALID_FIELD/);

    // a folder to an audio dataset: the format is guessed (HF_AUDIOFOLDER); TUNESET_DATA instead of --data
    const a = await cli(['import', 'cli-audio', path.join(root, 'audiofolder'), '--root', root], { TUNESET_DATA: data });
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stderr, /FILE_NOT_FOUND/);

    const app = createApp(loadConfig({ NODE_ENV: 'test' }, { dataDir: data }));
    try {
      const actor = { name: 'check', role: 'admin' as const, tokenId: null };
      const text = app.datasets.byName(actor, 'cli-text')!;
      const items = app.items.list(actor, text, 'main', 100, null);
      assert.deepEqual(items.nodes.map((n) => n.prompt).sort(), ['ok after', 'ok before']);
      const head = app.versions.resolveRef(text, 'main').version!;
      assert.equal(head.message, 'from the cli');
      assert.equal(head.itemCount, 2);
      assert.equal(head.author, `cli:${os.userInfo().username}`);
      const audioDs = app.datasets.byName(actor, 'cli-audio')!;
      assert.deepEqual(
        app.items.list(actor, audioDs, 'main', 100, null).nodes.map((n) => n.key).sort(),
        ['10', 'tts_04.wav'],
      );
      assert.equal(app.versions.resolveRef(audioDs, 'main').version, null, 'no -m, no commit');
    } finally {
      app.close();
    }
  });

  test('import errors: a path outside --root exits 2 with INVALID_PATH; an unknown dataset exits 2 with NOT_FOUND', async () => {
    const outside = await cli(['import', 'cli-text', path.join(FIXTURES, 'imports/jsonl/shapes.jsonl'), '--data', data, '--root', path.join(root, 'nemo')]);
    assert.equal(outside.code, 2, outside.stderr);
    assert.match(outside.stderr, /error INVALID_PATH/);
    const unknown = await cli(['import', 'no-such', path.join(root, 'jsonl/shapes.jsonl'), '--data', data, '--root', root]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /error NOT_FOUND/);
  });

  test('token create prints a token that then authenticates over HTTP', async () => {
    const r = await cli(['token', 'create', '--role', 'viewer', '--name', 'x', '--data', data]);
    assert.equal(r.code, 0, r.stderr);
    const token = /\b(tst_[A-Za-z0-9_-]+)/.exec(r.stdout)?.[1];
    assert.ok(token, r.stdout);
    const bad = await cli(['token', 'create', '--role', 'root', '--name', 'y', '--data', data]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /BAD_USER_INPUT/);

    const s = await startTestServer({ config: { dataDir: data, dbFile: path.join(data, 'tuneset.db'), blobDir: path.join(data, 'blobs') } });
    try {
      const who = await s.ok(`{ viewer { name role } dataset(name: "cli-text") { items { totalCount } } }`, {}, token!);
      assert.deepEqual(who, { viewer: { name: 'x', role: 'viewer' }, dataset: { items: { totalCount: 2 } } });
      const write = await s.gql(`mutation { createDataset(input: { name: "z", modality: TEXT_PAIR }) { dataset { id } } }`, {}, token!);
      assert.equal(errorCode(write), 'FORBIDDEN');
    } finally {
      await s.close();
    }
    const list = await cli(['token', 'list', '--data', data]);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /\tviewer\tx\t/);
  });

  test('serve: first start prints an admin token that works; a job a dead process left is marked FAILED; SIGTERM exits 0', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-serve-'));
    try {
      // a job left QUEUED by a process that died
      const app = createApp(loadConfig({ NODE_ENV: 'test' }, { dataDir: fresh }));
      const orphan = app.jobs.create({ name: 'gone', role: 'admin', tokenId: null }, 'import', null, {});
      // ... that died: the job names a process of this host that has exited.
      const gone = spawnSync(process.execPath, ['-e', '']).pid!;
      app.db.$client.prepare('UPDATE jobs SET owner = ? WHERE id = ?').run(`${os.hostname()}:${gone}`, orphan.id);
      app.close();

      const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' };
      delete childEnv.TUNESET_DATA;
      delete childEnv.TUNESET_IMPORT_ROOT;
      delete childEnv.PORT;
      const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', fresh], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
      const watchdog = setTimeout(() => child.kill('SIGKILL'), 25_000);
      let out = '';
      let err = '';
      child.stderr.on('data', (b) => (err += b));
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (b) => {
            out += b;
            if (/Use it as:/.test(out)) resolve();
          });
          child.on('close', () => reject(new Error(`serve exited early:\n${out}\n${err}`)));
        });
        const url = /listening on (http:\/\/[^\s]+)\/graphql/.exec(out)?.[1];
        const token = /^\s+(tst_\S+)\s*$/m.exec(out)?.[1];
        assert.ok(url && token, out);
        assert.match(out, /1 job\(s\) left unfinished by the last run were marked FAILED/);
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: 'query($id: ID!) { viewer { role } job(id: $id) { state errors { code message row } } }',
            variables: { id: Buffer.from(`Job:${orphan.id}`).toString('base64url') },
          }),
        });
        const body = (await res.json()) as { data: { viewer: { role: string }; job: { state: string; errors: Array<{ code: string; message: string }> } } };
        assert.equal(body.data.viewer.role, 'admin');
        assert.equal(body.data.job.state, 'FAILED');
        assert.equal(body.data.job.errors.length, 1);
        assert.equal(body.data.job.errors[0].code, 'INTERRUPTED');
        child.kill('SIGTERM');
        assert.deepEqual(await exited, { code: 0, signal: null });
      } finally {
        clearTimeout(watchdog);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});
