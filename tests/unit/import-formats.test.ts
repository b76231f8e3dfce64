import assert from 'node:assert/strict';
import { mkdtemp, mkdir, realpath, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { countImportRows, readImport, type ImportFormat, type ParsedRow } from '../../src/modules/imports/formats.js';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/imports');
const fx = (...p: string[]): string => path.join(FIX, ...p);

async function collect(format: ImportFormat, absPath: string, root = FIX): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  for await (const r of readImport(format, absPath, { root })) out.push(r);
  return out;
}

type Ok = Extract<ParsedRow, { ok: true }>;
type Err = Extract<ParsedRow, { ok: false }>;

function ok(r: ParsedRow | undefined): Ok {
  assert.ok(r, 'row missing');
  assert.equal(r.ok, true, `expected an ok row, got ${JSON.stringify(r)}`);
  return r as Ok;
}

/** Compact view of an error row, for table comparison. */
function errView(r: ParsedRow): { row: number | null; code: string } {
  assert.equal(r.ok, false, `expected an error row, got ${JSON.stringify(r)}`);
  const e = r as Err;
  assert.ok(e.message.length > 0, 'error rows carry a message');
  return { row: e.row, code: e.code };
}

async function rejectsWithCode(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.equal((e as Error & { code?: unknown }).code, code, `message: ${(e as Error).message}`);
    return true;
  });
}

describe('JSONL', () => {
  it('reads every accepted shape (BOM, CRLF, blank lines, no final newline)', async () => {
    const rows = await collect('JSONL', fx('jsonl', 'shapes.jsonl'));
    const expected: Array<Pick<Ok, 'row' | 'key' | 'fields'>> = [
      {
        row: 1,
        key: 'pr-1',
        fields: {
          prompt: 'Say hi',
          response: 'Hi!',
          labels: ['greeting'],
          status: 'LABELED',
          attributes: { source: 'handmade', lang: 'en' },
        },
      },
      { row: 2, key: '7', fields: { prompt: 'Translate to French\n\nGood morning', response: 'Bonjour' } },
      { row: 3, key: null, fields: { prompt: 'Name a primary colour.', response: 'Red' } },
      // lines 4 and 5 are blank / whitespace only
      { row: 6, key: null, fields: { prompt: '2+2?', response: '4', attributes: { system: 'You are terse.' } } },
      {
        row: 7,
        key: 'chat-multi',
        fields: {
          // text parts are joined with a newline
          prompt: 'user: Hello\nassistant: Hi, how can I help?\nuser: What is Tuneset?\nAnswer in one line.',
          response: 'A dataset server.',
        },
      },
      { row: 8, key: null, fields: { prompt: 'Ünïcödé prompt — ✓', response: '', status: 'REVIEWED' } },
    ];
    assert.equal(rows.length, expected.length);
    rows.forEach((r, i) => {
      const o = ok(r);
      assert.deepEqual({ row: o.row, key: o.key, fields: o.fields }, expected[i], `row index ${i}`);
      assert.equal(o.file, 'jsonl/shapes.jsonl');
      assert.equal(o.mediaPath, null);
      assert.equal(o.declaredDurationSeconds, null);
    });
    assert.equal(await countImportRows('JSONL', fx('jsonl', 'shapes.jsonl')), expected.length);
  });

  it('reports one error per bad row and keeps reading', async () => {
    const rows = await collect('JSONL', fx('jsonl', 'errors.jsonl'));
    const table: Array<{ row: number; code: string } | { row: number; prompt: string }> = [
      { row: 1, prompt: 'ok before' },
      { row: 2, code: 'INVALID_JSON' }, // truncated object
      { row: 3, code: 'MISSING_FIELD' }, // question/answer only
      { row: 4, code: 'INVALID_FIELD' }, // labels a string
      { row: 5, code: 'INVALID_FIELD' }, // labels with a number
      { row: 6, code: 'INVALID_FIELD' }, // attributes an array
      { row: 7, code: 'INVALID_FIELD' }, // status DONE
      { row: 8, code: 'INVALID_FIELD' }, // prompt a number
      { row: 9, code: 'INVALID_FIELD' }, // messages a string
      { row: 10, code: 'INVALID_JSON' }, // an array, not an object
      { row: 11, code: 'INVALID_FIELD' }, // key an object
      { row: 12, prompt: 'ok after' },
    ];
    assert.equal(rows.length, table.length);
    table.forEach((want, i) => {
      const r = rows[i];
      assert.ok(r);
      assert.equal(r.file, 'jsonl/errors.jsonl');
      if ('code' in want) assert.deepEqual(errView(r), want, `line ${want.row}`);
      else {
        const o = ok(r);
        assert.equal(o.row, want.row);
        assert.equal(o.fields.prompt, want.prompt);
      }
    });
    assert.match((rows[1] as Err).message, /JSON/);
    assert.match((rows[6] as Err).message, /status/);
    assert.equal(await countImportRows('JSONL', fx('jsonl', 'errors.jsonl')), 12);
  });

  it('reads a real WordNet sample: prompt/response plus synset and synonyms as attributes', async () => {
    const rows = (await collect('JSONL', fx('jsonl', 'wordnet-3.jsonl'))).map(ok);
    assert.deepEqual(
      rows.map((r) => ({ row: r.row, key: r.key, fields: r.fields })),
      [
        {
          row: 1,
          key: null,
          fields: {
            prompt: 'What does the noun "entity" mean?',
            response:
              'that which is perceived or known or inferred to have its own distinct existence (living or nonliving).',
            attributes: { synonyms: [], synset: 'noun.00001740' },
          },
        },
        {
          row: 2,
          key: null,
          fields: {
            prompt: 'What does the noun "physical entity" mean?',
            response: 'an entity that has physical existence.',
            attributes: { synonyms: [], synset: 'noun.00001930' },
          },
        },
        {
          row: 3,
          key: null,
          fields: {
            prompt: 'What does the noun "abstraction" mean?',
            response: 'a general concept formed by extracting common features from specific examples.',
            attributes: { synonyms: ['abstract entity'], synset: 'noun.00002137' },
          },
        },
      ],
    );
  });

  it('reads a folder: every *.jsonl sorted by name, other files ignored', async () => {
    const rows = (await collect('JSONL', fx('jsonl-dir'))).map(ok);
    assert.deepEqual(
      rows.map((r) => [r.file, r.row, r.key, r.fields.response]),
      [
        ['jsonl-dir/a.jsonl', 1, 'a1', 'A'],
        ['jsonl-dir/a.jsonl', 3, 'a2', 'A2'],
        ['jsonl-dir/b.jsonl', 1, 'b1', 'B'],
      ],
    );
    assert.equal(await countImportRows('JSONL', fx('jsonl-dir')), 3);
  });

  it('chat edge cases: no assistant turn, trailing turns, developer role, non-text parts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tuneset-chat-'));
    try {
      const lines = [
        { messages: [{ role: 'user', content: 'only a question' }] },
        {
          messages: [
            { role: 'developer', content: 'Be brief.' },
            { role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }, { type: 'text', text: 'Hi' }] },
            { role: 'assistant', content: 'Hello' },
            { role: 'user', content: 'bye' },
          ],
        },
        { messages: [{ role: 'user', content: 'a' }, { role: 'tool', content: 'b' }, { role: 'assistant', content: null }] },
      ];
      const file = path.join(dir, 'chat.jsonl');
      await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
      const rows = (await collect('JSONL', file, dir)).map(ok);
      assert.deepEqual(rows[0]?.fields, { prompt: 'only a question' });
      assert.deepEqual(rows[1]?.fields, {
        prompt: 'Hi',
        response: 'Hello',
        attributes: { system: 'Be brief.', trailing_messages: [{ role: 'user', content: 'bye' }] },
      });
      assert.deepEqual(rows[2]?.fields, { prompt: 'user: a\ntool: b', response: '' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('HF_IMAGEFOLDER', () => {
  it('reads real corpus images (subfolders, caption column fallbacks) and reports bad rows', async () => {
    const root = fx('imagefolder');
    const rows = await collect('HF_IMAGEFOLDER', root, root);
    const real = await realpath(root);
    assert.equal(rows.length, 8);
    rows.forEach((r) => assert.equal(r.file, 'metadata.jsonl'));

    const goods = rows.slice(0, 3).map(ok);
    assert.deepEqual(
      goods.map((r) => ({ row: r.row, key: r.key, mediaPath: r.mediaPath, fields: r.fields })),
      [
        {
          row: 1,
          key: 'horse.png',
          mediaPath: path.join(real, 'horse.png'),
          fields: {
            caption: 'Black silhouette of a horse on a white background.',
            labels: ['silhouette'],
            attributes: { source: 'scikit-image' },
          },
        },
        {
          row: 2,
          key: 'chalkboard',
          mediaPath: path.join(real, 'scans', 'text.png'),
          fields: { caption: 'Photo of handwritten text on a chalkboard.', attributes: { width: 448 } },
        },
        {
          // `caption` wins over `description` even when empty; description becomes an attribute
          row: 3,
          key: 'scans/page.png',
          mediaPath: path.join(real, 'scans', 'page.png'),
          fields: {
            caption: '',
            status: 'UNLABELED',
            attributes: { description: 'Scanned page of printed text with uneven lighting.' },
          },
        },
      ],
    );
    goods.forEach((r) => assert.equal(r.declaredDurationSeconds, null));

    assert.deepEqual(rows.slice(3).map(errView), [
      { row: 4, code: 'FILE_NOT_FOUND' },
      { row: 5, code: 'INVALID_PATH' }, // ../outside.png exists, but outside the root
      { row: 6, code: 'MISSING_FIELD' }, // no file_name
      { row: 7, code: 'MISSING_FIELD' }, // no caption column
      { row: 8, code: 'INVALID_FIELD' }, // labels [1, 2]
    ]);
    assert.equal(await countImportRows('HF_IMAGEFOLDER', root), 8);
  });

  it('reads split subfolders (train/, test/), keys relative to the import folder', async () => {
    const rows = (await collect('HF_IMAGEFOLDER', fx('imagefolder-split'))).map(ok);
    assert.deepEqual(
      rows.map((r) => [r.file, r.key, r.fields.caption]),
      [
        ['imagefolder-split/test/metadata.jsonl', 'test/horse.png', 'test horse'],
        ['imagefolder-split/train/metadata.jsonl', 'train/horse.png', 'train horse'],
      ],
    );
    assert.equal(await countImportRows('HF_IMAGEFOLDER', fx('imagefolder-split')), 2);
  });

  describe('path containment', () => {
    let tmp = '';
    let root = '';
    let outsideFile = '';
    before(async () => {
      tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tuneset-contain-')));
      root = path.join(tmp, 'root');
      const folder = path.join(root, 'imgs');
      await mkdir(path.join(folder, 'sub'), { recursive: true });
      outsideFile = path.join(tmp, 'secret.png');
      await copyFile(fx('imagefolder', 'horse.png'), outsideFile);
      await copyFile(fx('imagefolder', 'horse.png'), path.join(root, 'shared.png'));
      await copyFile(fx('imagefolder', 'horse.png'), path.join(folder, 'horse.png'));
      await symlink(outsideFile, path.join(folder, 'link-out.png')); // symlink escaping the root
      await symlink(path.join(root, 'shared.png'), path.join(folder, 'link-in.png')); // symlink staying inside
      await symlink(tmp, path.join(folder, 'sub', 'dir-out')); // folder symlink escaping the root
      await symlink(path.join(tmp, 'nope.png'), path.join(folder, 'dangling.png'));
      const meta = [
        { file_name: 'horse.png', caption: 'inside' },
        { file_name: 'link-out.png', caption: 'symlink to outside' },
        { file_name: 'link-in.png', caption: 'symlink inside the root' },
        { file_name: 'sub/dir-out/secret.png', caption: 'through a folder symlink' },
        { file_name: '../../secret.png', caption: 'dot-dot to an existing file' },
        { file_name: '../../does-not-exist.png', caption: 'dot-dot to a missing file' },
        { file_name: outsideFile, caption: 'absolute path outside' },
        { file_name: path.join(folder, 'horse.png'), caption: 'absolute path inside' },
        { file_name: '../shared.png', caption: 'dot-dot, still inside the root' },
        { file_name: 'sub', caption: 'a folder, not a file' },
        { file_name: 'dangling.png', caption: 'dangling symlink' },
        { file_name: 'sub\\..\\horse.png', caption: 'windows separators' },
      ];
      await writeFile(path.join(folder, 'metadata.jsonl'), meta.map((m) => JSON.stringify(m)).join('\n') + '\n');
    });
    after(async () => {
      await rm(tmp, { recursive: true, force: true });
    });

    it('rejects ../ and symlinks that leave the root, accepts those that stay inside', async () => {
      const rows = await collect('HF_IMAGEFOLDER', path.join(root, 'imgs'), root);
      const view = rows.map((r) => (r.ok ? { row: r.row, key: r.key, mediaPath: r.mediaPath } : errView(r)));
      assert.deepEqual(view, [
        { row: 1, key: 'horse.png', mediaPath: path.join(root, 'imgs', 'horse.png') },
        { row: 2, code: 'INVALID_PATH' },
        { row: 3, key: 'link-in.png', mediaPath: path.join(root, 'shared.png') },
        { row: 4, code: 'INVALID_PATH' },
        { row: 5, code: 'INVALID_PATH' },
        { row: 6, code: 'INVALID_PATH' },
        { row: 7, code: 'INVALID_PATH' },
        { row: 8, key: 'horse.png', mediaPath: path.join(root, 'imgs', 'horse.png') },
        { row: 9, key: '../shared.png', mediaPath: path.join(root, 'shared.png') },
        { row: 10, code: 'FILE_NOT_FOUND' },
        { row: 11, code: 'FILE_NOT_FOUND' },
        { row: 12, key: 'horse.png', mediaPath: path.join(root, 'imgs', 'horse.png') },
      ]);
    });

    it('throws INVALID_PATH when the import folder itself lies outside the root', async () => {
      await rejectsWithCode(collect('HF_IMAGEFOLDER', path.join(root, 'imgs'), path.join(root, 'imgs', 'sub')), 'INVALID_PATH');
      // a path under the root that reaches outside through a folder symlink
      await rejectsWithCode(collect('JSONL', path.join(root, 'imgs', 'sub', 'dir-out', 'secret.png'), root), 'INVALID_PATH');
    });
  });
});

describe('HF_AUDIOFOLDER', () => {
  it('reads real WAVs with transcript column fallbacks (BOM + CRLF metadata)', async () => {
    const rows = await collect('HF_AUDIOFOLDER', fx('audiofolder'));
    const real = await realpath(fx('audiofolder'));
    assert.equal(rows.length, 4);
    const goods = rows.slice(0, 2).map(ok);
    assert.deepEqual(
      goods.map((r) => ({ file: r.file, row: r.row, key: r.key, mediaPath: r.mediaPath, fields: r.fields })),
      [
        {
          file: 'audiofolder/metadata.jsonl',
          row: 1,
          key: 'tts_04.wav',
          mediaPath: path.join(real, 'tts_04.wav'),
          fields: {
            transcript: 'Background noise makes transcription harder for the model.',
            attributes: { speaker: 'espeak-ng:en-gb-scotland' },
          },
        },
        {
          file: 'audiofolder/metadata.jsonl',
          row: 2,
          key: '10',
          mediaPath: path.join(real, 'tts_10.wav'),
          fields: {
            transcript: 'The quality of the data matters more than its sheer volume.',
            attributes: { speaker: 'espeak-ng:en-gb+f4' },
          },
        },
      ],
    );
    assert.deepEqual(rows.slice(2).map(errView), [
      { row: 3, code: 'FILE_NOT_FOUND' },
      { row: 4, code: 'MISSING_FIELD' }, // `caption` is not a transcript column
    ]);
    assert.equal(await countImportRows('HF_AUDIOFOLDER', fx('audiofolder')), 4);
  });
});

describe('NEMO_MANIFEST', () => {
  it('reads audio_filepath/duration/text relative to the manifest folder', async () => {
    const rows = await collect('NEMO_MANIFEST', fx('nemo', 'manifest.json'));
    const audio = await realpath(fx('audiofolder'));
    assert.equal(rows.length, 8);
    rows.forEach((r) => assert.equal(r.file, 'nemo/manifest.json'));
    const goods = rows.slice(0, 3).map(ok);
    assert.deepEqual(
      goods.map((r) => ({
        row: r.row,
        key: r.key,
        mediaPath: r.mediaPath,
        dur: r.declaredDurationSeconds,
        fields: r.fields,
      })),
      [
        {
          row: 1,
          key: '../audiofolder/tts_04.wav',
          mediaPath: path.join(audio, 'tts_04.wav'),
          dur: 3.407,
          fields: { transcript: 'Background noise makes transcription harder for the model.' },
        },
        {
          row: 2,
          key: '42',
          mediaPath: path.join(audio, 'tts_10.wav'),
          dur: 3.45,
          fields: {
            transcript: 'The quality of the data matters more than its sheer volume.',
            attributes: { speaker: 'en-gb+f4' },
          },
        },
        {
          row: 3,
          key: 'nodur',
          mediaPath: path.join(audio, 'tts_04.wav'),
          dur: null,
          fields: { transcript: 'no duration given' },
        },
      ],
    );
    assert.deepEqual(rows.slice(3).map(errView), [
      { row: 4, code: 'MISSING_FIELD' }, // no audio_filepath
      { row: 5, code: 'MISSING_FIELD' }, // no text
      { row: 6, code: 'INVALID_FIELD' }, // negative duration
      { row: 7, code: 'FILE_NOT_FOUND' },
      { row: 8, code: 'INVALID_PATH' }, // ../../outside.wav leaves the root
    ]);
    assert.equal(await countImportRows('NEMO_MANIFEST', fx('nemo', 'manifest.json')), 8);
  });

  it('accepts absolute audio paths inside the root; key is relative with forward slashes', async () => {
    const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tuneset-nemo-')));
    try {
      await mkdir(path.join(dir, 'wav', 'a'), { recursive: true });
      await copyFile(fx('audiofolder', 'tts_04.wav'), path.join(dir, 'wav', 'a', 'x.wav'));
      const manifest = path.join(dir, 'train_manifest.json');
      await writeFile(
        manifest,
        JSON.stringify({ audio_filepath: path.join(dir, 'wav', 'a', 'x.wav'), duration: 3.407, text: 'abs' }) +
          '\n' +
          JSON.stringify({ audio_filepath: './wav//a/x.wav', duration: 0, text: '' }) +
          '\n',
      );
      const rows = (await collect('NEMO_MANIFEST', manifest, dir)).map(ok);
      assert.deepEqual(
        rows.map((r) => [r.key, r.mediaPath, r.declaredDurationSeconds, r.fields.transcript]),
        [
          ['wav/a/x.wav', path.join(dir, 'wav', 'a', 'x.wav'), 3.407, 'abs'],
          ['wav/a/x.wav', path.join(dir, 'wav', 'a', 'x.wav'), 0, ''],
        ],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('whole-import errors throw with a code', () => {
  const cases: Array<{ name: string; format: ImportFormat; path: string; code: string }> = [
    { name: 'missing JSONL file', format: 'JSONL', path: fx('jsonl', 'nope.jsonl'), code: 'NOT_FOUND' },
    { name: 'folder without *.jsonl', format: 'JSONL', path: fx('empty-dir'), code: 'BAD_USER_INPUT' },
    { name: 'imagefolder given a file', format: 'HF_IMAGEFOLDER', path: fx('imagefolder', 'metadata.jsonl'), code: 'BAD_USER_INPUT' },
    { name: 'imagefolder without metadata', format: 'HF_IMAGEFOLDER', path: fx('empty-dir'), code: 'BAD_USER_INPUT' },
    { name: 'audiofolder missing', format: 'HF_AUDIOFOLDER', path: fx('no-such-folder'), code: 'NOT_FOUND' },
    { name: 'NeMo manifest given a folder', format: 'NEMO_MANIFEST', path: fx('nemo'), code: 'BAD_USER_INPUT' },
    { name: 'import path outside the root', format: 'JSONL', path: fx('jsonl', 'shapes.jsonl'), code: 'INVALID_PATH' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const root = c.code === 'INVALID_PATH' ? fx('jsonl-dir') : FIX;
      await rejectsWithCode(collect(c.format, c.path, root), c.code);
      if (c.code !== 'INVALID_PATH') await rejectsWithCode(countImportRows(c.format, c.path), c.code);
    });
  }
});

describe('streaming', () => {
  it('streams a 100k-row file, counts it, and stops cleanly on early break', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tuneset-big-'));
    try {
      const file = path.join(dir, 'big.jsonl');
      const n = 100_000;
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(JSON.stringify({ id: i, prompt: `p${i}`, response: `r${i}` }));
      await writeFile(file, parts.join('\n')); // no final newline
      assert.equal(await countImportRows('JSONL', file), n);

      let seen = 0;
      let last: Ok | undefined;
      for await (const r of readImport('JSONL', file, { root: dir })) {
        last = ok(r);
        seen++;
      }
      assert.equal(seen, n);
      assert.deepEqual([last?.row, last?.key, last?.fields.response], [n, String(n - 1), `r${n - 1}`]);

      const firstThree: string[] = [];
      for await (const r of readImport('JSONL', file, { root: dir })) {
        firstThree.push(ok(r).key ?? '');
        if (firstThree.length === 3) break;
      }
      assert.deepEqual(firstThree, ['0', '1', '2']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('counts lines split by \\n, \\r\\n and lone \\r like the reader does', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tuneset-eol-'));
    try {
      const file = path.join(dir, 'eol.jsonl');
      const l = (k: string): string => JSON.stringify({ key: k, prompt: k });
      await writeFile(file, `\ufeff${l('a')}\r\n\r\n${l('b')}\r${l('c')}\n  \n${l('d')}`);
      const rows = (await collect('JSONL', file, dir)).map(ok);
      assert.deepEqual(
        rows.map((r) => [r.row, r.key]),
        [
          [1, 'a'],
          [3, 'b'],
          [4, 'c'],
          [6, 'd'],
        ],
      );
      assert.equal(await countImportRows('JSONL', file), 4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('HF imagefolder with metadata.csv', () => {
  it('reads quoted multi-line cells and JSON labels, and reports bad rows', async () => {
    const rows = await collect('HF_IMAGEFOLDER', fx('csvfolder'), FIX);
    assert.equal(rows.length, 3);
    const [first, missing, broken] = rows;
    assert.ok(first.ok);
    assert.equal(first.row, 3, 'the record ends on line 3 (its caption spans two lines)');
    assert.equal(first.key, 'horse.png');
    assert.deepEqual(first.fields, {
      caption: 'A horse, in silhouette;\nblack on white',
      labels: ['animal', 'bw'],
      attributes: { photographer: 'anon' },
    });
    assert.ok(first.mediaPath?.endsWith('csvfolder/horse.png'));
    assert.deepEqual(missing.ok ? null : [missing.row, missing.code], [4, 'FILE_NOT_FOUND']);
    assert.deepEqual(broken.ok ? null : [broken.row, broken.code], [5, 'INVALID_FIELD']);
    assert.equal(await countImportRows('HF_IMAGEFOLDER', fx('csvfolder')), 4, 'an estimate: lines minus the header');
  });
});
