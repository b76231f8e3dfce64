/**
 * End to end over real HTTP: an in-process server on port 0, a real SQLite file and blob store in a
 * temp folder, the real corpus media, and global fetch. No mocks.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CORPUS,
  errorCode,
  listFiles,
  onlyError,
  startTestServer,
  uploadBytes,
  uploadFile,
  type GqlResponse,
  type TestServer,
} from '../helpers/server.js';

const IMAGES = path.join(CORPUS, 'images');
const AUDIO = path.join(CORPUS, 'audio');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// ------------------------------------------------------------------ independent header readers

/** Width/height from a PNG's IHDR chunk, or from a JPEG's first SOFn marker. */
function imageSize(file: string): { width: number; height: number; mime: string } {
  const b = fs.readFileSync(file);
  if (b.subarray(1, 4).toString('latin1') === 'PNG') {
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), mime: 'image/png' };
  }
  assert.equal(b.readUInt16BE(0), 0xffd8, `${file} is neither PNG nor JPEG`);
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = b[i + 1];
    if (marker === 0xff || marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7), mime: 'image/jpeg' };
    }
    i += 2 + len;
  }
  throw new Error(`no SOF marker in ${file}`);
}

/** sampleRate/channels/duration from a RIFF WAVE's fmt and data chunks. */
function wavInfo(file: string): { sampleRate: number; channels: number; durationSeconds: number } {
  const b = fs.readFileSync(file);
  assert.equal(b.toString('latin1', 0, 4), 'RIFF');
  assert.equal(b.toString('latin1', 8, 12), 'WAVE');
  let i = 12;
  let fmt: { channels: number; sampleRate: number; blockAlign: number } | null = null;
  while (i + 8 <= b.length) {
    const id = b.toString('latin1', i, i + 4);
    const size = b.readUInt32LE(i + 4);
    if (id === 'fmt ') fmt = { channels: b.readUInt16LE(i + 10), sampleRate: b.readUInt32LE(i + 12), blockAlign: b.readUInt16LE(i + 20) };
    if (id === 'data') {
      assert.ok(fmt, 'fmt chunk before data');
      const dataBytes = Math.min(size, b.length - i - 8);
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, durationSeconds: dataBytes / fmt.blockAlign / fmt.sampleRate };
    }
    i += 8 + size + (size % 2);
  }
  throw new Error(`no data chunk in ${file}`);
}

// ------------------------------------------------------------------ GraphQL documents

const ITEM_FIELDS = `
  __typename id key revision status labels attributes updatedBy
  ... on TextPair { prompt response }
  ... on ImageCaption { caption image { sha256 width height mimeType url } }
  ... on AudioTranscript { transcript audio { sha256 sampleRate channels durationSeconds mimeType url } }
`;

const CREATE_DATASET = `mutation($input: CreateDatasetInput!) { createDataset(input: $input) { dataset { id name modality description createdBy } } }`;
const ADD_ITEMS = `mutation($input: AddItemsInput!) { addItems(input: $input) { items { ${ITEM_FIELDS} } } }`;
const UPDATE_ITEM = `mutation($input: UpdateItemInput!) { updateItem(input: $input) { item { ${ITEM_FIELDS} } } }`;
const COMMIT = `mutation($input: CommitInput!) { commit(input: $input) { version { id hash message itemCount changeCount author parent { id } tags } } }`;
const ITEMS_AT = `query($name: String!, $ref: String, $first: Int, $after: String) {
  dataset(name: $name) { items(ref: $ref, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${ITEM_FIELDS} } } }
}`;

function codeOf(r: GqlResponse): string | undefined {
  return errorCode(r);
}

// ------------------------------------------------------------------ the suite

describe('Tuneset over HTTP', () => {
  let s: TestServer;
  const ds = { text: '', image: '', audio: '' };
  /** sha256 of uploaded corpus files, by file name. */
  const uploaded = new Map<string, string>();

  before(async () => {
    s = await startTestServer();
  });
  after(async () => {
    await s?.close();
  });

  describe('datasets', () => {
    test('an admin creates one dataset of each modality', async () => {
      for (const [k, modality] of [
        ['text', 'TEXT_PAIR'],
        ['image', 'IMAGE_CAPTION'],
        ['audio', 'AUDIO_TRANSCRIPT'],
      ] as const) {
        const d = await s.ok(CREATE_DATASET, { input: { name: `e2e-${k}`, modality, description: `${k} pairs` } });
        assert.equal(d.createDataset.dataset.modality, modality);
        assert.equal(d.createDataset.dataset.name, `e2e-${k}`);
        assert.equal(d.createDataset.dataset.createdBy, 'test-admin');
        ds[k] = d.createDataset.dataset.id;
      }
      const list = await s.ok(`{ datasets(first: 10) { totalCount nodes { name modality } } }`, {}, 'viewer');
      assert.equal(list.datasets.totalCount, 3);
      assert.deepEqual(list.datasets.nodes.map((n: { name: string }) => n.name).sort(), ['e2e-audio', 'e2e-image', 'e2e-text']);
    });

    test('a curator may not create a dataset (FORBIDDEN), and a duplicate name is CONFLICT', async () => {
      const r = await s.gql(CREATE_DATASET, { input: { name: 'nope', modality: 'TEXT_PAIR' } }, 'curator');
      assert.equal(codeOf(r), 'FORBIDDEN');
      assert.equal(r.data, null);
      const dup = await s.gql(CREATE_DATASET, { input: { name: 'e2e-text', modality: 'TEXT_PAIR' } });
      assert.equal(codeOf(dup), 'CONFLICT');
    });
  });

  describe('POST /media and GET /media/{sha}', () => {
    const images = fs
      .readdirSync(IMAGES)
      .filter((f) => /\.(png|jpg)$/.test(f) && f !== 'truncated.jpg')
      .sort();
    const wavs = ['Front_Center.wav', 'Noise.wav', 'tts_01.wav', 'tts_07.wav', 'tts_12.wav'];

    test('every corpus image uploads: 201 with the dimensions its header declares', async () => {
      assert.ok(images.length >= 19, `corpus images: ${images.length}`);
      for (const f of images) {
        const file = path.join(IMAGES, f);
        const bytes = fs.readFileSync(file);
        const want = imageSize(file);
        const r = await uploadFile(s, file, 'labeller');
        assert.equal(r.status, 201, `${f}: ${JSON.stringify(r.json)}`);
        assert.equal(r.json.sha256, sha256(bytes), f);
        assert.equal(r.json.mimeType, want.mime, f);
        assert.equal(r.json.byteSize, bytes.length, f);
        assert.equal(r.json.width, want.width, `${f} width`);
        assert.equal(r.json.height, want.height, `${f} height`);
        assert.equal(r.json.sampleRate, null, f);
        assert.equal(r.json.durationSeconds, null, f);
        uploaded.set(f, r.json.sha256);
      }
    });

    test('WAVs upload: 201 with sampleRate, channels and duration from the header', async () => {
      for (const f of wavs) {
        const file = path.join(AUDIO, f);
        const want = wavInfo(file);
        const r = await uploadFile(s, file, 'labeller');
        assert.equal(r.status, 201, `${f}: ${JSON.stringify(r.json)}`);
        assert.equal(r.json.mimeType, 'audio/wav', f);
        assert.equal(r.json.sampleRate, want.sampleRate, f);
        assert.equal(r.json.channels, want.channels, f);
        assert.ok(Math.abs(r.json.durationSeconds - want.durationSeconds) < 0.01, `${f}: ${r.json.durationSeconds} vs ${want.durationSeconds}`);
        assert.ok(r.json.durationSeconds > 0.5, f);
        assert.equal(r.json.width, null, f);
        uploaded.set(f, r.json.sha256);
      }
      // the corpus README's promises: ALSA speech is 48 kHz mono, espeak is 16 kHz mono
      const front = await uploadFile(s, path.join(AUDIO, 'Front_Center.wav'));
      assert.equal(front.json.sampleRate, 48000);
      assert.equal(front.json.channels, 1);
    });

    test('the same bytes again: 200, the same sha, stored once', async () => {
      const blobsBefore = listFiles(s.config.blobDir).filter((f) => !f.startsWith('.tmp'));
      const rowsBefore = (s.app.db.$client.prepare('SELECT COUNT(*) AS n FROM media').get() as { n: number }).n;
      const file = path.join(IMAGES, 'coffee.png');
      const r = await uploadFile(s, file, 'admin');
      assert.equal(r.status, 200);
      assert.equal(r.json.sha256, uploaded.get('coffee.png'));
      const blobsAfter = listFiles(s.config.blobDir).filter((f) => !f.startsWith('.tmp'));
      assert.deepEqual(blobsAfter, blobsBefore);
      assert.equal(blobsAfter.filter((f) => f.endsWith(r.json.sha256)).length, 1);
      const rowsAfter = (s.app.db.$client.prepare('SELECT COUNT(*) AS n FROM media').get() as { n: number }).n;
      assert.equal(rowsAfter, rowsBefore);
      assert.equal(listFiles(path.join(s.config.blobDir, '.tmp')).length, 0, 'no temp file left behind');
    });

    test('truncated.jpg: 422 INVALID_MEDIA, nothing stored', async () => {
      const bytes = fs.readFileSync(path.join(IMAGES, 'truncated.jpg'));
      const blobsBefore = listFiles(s.config.blobDir);
      const r = await uploadBytes(s, bytes);
      assert.equal(r.status, 422, JSON.stringify(r.json));
      assert.equal(r.json.code, 'INVALID_MEDIA');
      assert.match(r.json.message, /truncated|corrupt/i);
      assert.doesNotMatch(JSON.stringify(r.json), /\bat .+\.(ts|js):\d+/);
      assert.deepEqual(listFiles(s.config.blobDir), blobsBefore);
      assert.equal(s.app.media.get(sha256(bytes)), null);
      const get = await fetch(`${s.url}/media/${sha256(bytes)}`, { headers: s.auth('viewer') });
      assert.equal(get.status, 404);
      assert.equal(((await get.json()) as { code: string }).code, 'NOT_FOUND');
    });

    test('a text file: 415 UNSUPPORTED_MEDIA, nothing stored', async () => {
      const blobsBefore = listFiles(s.config.blobDir);
      const r = await uploadBytes(s, Buffer.from('{"prompt": "this is not an image"}\nhello world\n'));
      assert.equal(r.status, 415, JSON.stringify(r.json));
      assert.equal(r.json.code, 'UNSUPPORTED_MEDIA');
      assert.deepEqual(listFiles(s.config.blobDir), blobsBefore);
      const captions = await uploadFile(s, path.join(IMAGES, 'captions.jsonl'));
      assert.equal(captions.status, 415);
      assert.equal(captions.json.code, 'UNSUPPORTED_MEDIA');
    });

    test('uploads need a token (401) of labeller or above (403)', async () => {
      const bytes = fs.readFileSync(path.join(IMAGES, 'horse.png'));
      const none = await uploadBytes(s, bytes, null);
      assert.equal(none.status, 401);
      assert.equal(none.json.code, 'UNAUTHENTICATED');
      const bad = await uploadBytes(s, bytes, 'tst_not-a-real-token');
      assert.equal(bad.status, 401);
      assert.equal(bad.json.code, 'UNAUTHENTICATED');
      const viewer = await uploadBytes(s, bytes, 'viewer');
      assert.equal(viewer.status, 403);
      assert.equal(viewer.json.code, 'FORBIDDEN');
    });

    test('GET /media/{sha}: the bytes with the right Content-Type, for any role', async () => {
      for (const f of ['rocket.jpg', 'astronaut.png', 'tts_01.wav']) {
        const file = path.join(f.endsWith('.wav') ? AUDIO : IMAGES, f);
        const bytes = fs.readFileSync(file);
        const res = await fetch(`${s.url}/media/${uploaded.get(f)}`, { headers: s.auth('viewer') });
        assert.equal(res.status, 200, f);
        const want = f.endsWith('.jpg') ? 'image/jpeg' : f.endsWith('.png') ? 'image/png' : 'audio/wav';
        assert.equal(res.headers.get('content-type')?.split(';')[0], want, f);
        assert.equal(res.headers.get('etag'), `"${uploaded.get(f)}"`);
        const got = Buffer.from(await res.arrayBuffer());
        assert.equal(got.length, bytes.length, f);
        assert.ok(got.equals(bytes), `${f}: bytes differ`);
      }
      const anon = await fetch(`${s.url}/media/${uploaded.get('rocket.jpg')}`);
      assert.equal(anon.status, 401);
      await anon.body?.cancel();
      const range = await fetch(`${s.url}/media/${uploaded.get('tts_01.wav')}`, { headers: { ...s.auth('viewer'), range: 'bytes=0-11' } });
      assert.equal(range.status, 206);
      assert.equal(Buffer.from(await range.arrayBuffer()).toString('latin1', 0, 4), 'RIFF');
    });

    test('Media.url is a signed URL that works without a token (and not once tampered with)', async () => {
      const sha = uploaded.get('chelsea.png')!;
      const d = await s.ok(`query($sha: String!) { media(sha256: $sha) { sha256 url width height mimeType byteSize } }`, { sha }, 'viewer');
      assert.equal(d.media.sha256, sha);
      const url = new URL(d.media.url);
      assert.equal(url.origin, s.url);
      assert.equal(url.pathname, `/media/${sha}`);
      assert.ok(url.searchParams.get('sig'));
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(path.join(IMAGES, 'chelsea.png'))));

      const other = new URL(url);
      other.pathname = `/media/${uploaded.get('coins.png')}`;
      const wrongSha = await fetch(other);
      assert.equal(wrongSha.status, 401, 'a signature is only valid for its own sha');
      await wrongSha.body?.cancel();
      const tampered = new URL(url);
      tampered.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 1));
      const res2 = await fetch(tampered);
      assert.equal(res2.status, 401);
      assert.equal(((await res2.json()) as { code: string }).code, 'UNAUTHENTICATED');
      const unknown = await s.ok(`{ media(sha256: "${'0'.repeat(64)}") { sha256 } }`);
      assert.equal(unknown.media, null);
    });
  });

  describe('items and versions', () => {
    let v1: { id: string; hash: string; itemCount: number };
    let v2: { id: string; hash: string; itemCount: number };
    let horseRevision = '';

    test('addItems with media (labeller), read back with image metadata and a working signed URL', async () => {
      const d = await s.ok(
        ADD_ITEMS,
        {
          input: {
            dataset: ds.image,
            items: [
              { key: 'horse', mediaSha256: uploaded.get('horse.png'), caption: 'A black horse silhouette', labels: ['silhouette'] },
              { key: 'rocket', mediaSha256: uploaded.get('rocket.jpg'), caption: 'A rocket on its launch pad', attributes: { source: 'nasa' } },
              { key: 'coins', mediaSha256: uploaded.get('coins.png'), caption: 'Old coins', status: 'LABELED' },
            ],
          },
        },
        'labeller',
      );
      const items = d.addItems.items;
      assert.deepEqual(
        items.map((i: { key: string }) => i.key),
        ['horse', 'rocket', 'coins'],
      );
      const horse = items[0];
      assert.equal(horse.__typename, 'ImageCaption');
      assert.equal(horse.caption, 'A black horse silhouette');
      assert.deepEqual(horse.labels, ['silhouette']);
      assert.equal(horse.status, 'UNLABELED');
      assert.equal(horse.updatedBy, 'test-labeller');
      const want = imageSize(path.join(IMAGES, 'horse.png'));
      assert.equal(horse.image.width, want.width);
      assert.equal(horse.image.height, want.height);
      assert.equal(horse.image.mimeType, 'image/png');
      horseRevision = horse.revision;
      assert.deepEqual(items[1].attributes, { source: 'nasa' });
      assert.equal(items[2].status, 'LABELED');

      const img = await fetch(items[1].image.url);
      assert.equal(img.status, 200);
      assert.equal(img.headers.get('content-type'), 'image/jpeg');
      assert.ok(Buffer.from(await img.arrayBuffer()).equals(fs.readFileSync(path.join(IMAGES, 'rocket.jpg'))));

      const branch = await s.ok(`{ dataset(name: "e2e-image") { branch(name: "main") { head { id } uncommittedChanges } } }`, {}, 'viewer');
      assert.equal(branch.dataset.branch.head, null);
      assert.equal(branch.dataset.branch.uncommittedChanges, 3);
    });

    test('text and audio items', async () => {
      const t = await s.ok(ADD_ITEMS, {
        input: {
          dataset: ds.text,
          items: [
            { key: 'entity', prompt: 'What does "entity" mean?', response: 'That which exists.' },
            { prompt: 'Keyless', response: 'gets a generated key' },
          ],
        },
      });
      assert.equal(t.addItems.items[0].__typename, 'TextPair');
      assert.equal(t.addItems.items[0].prompt, 'What does "entity" mean?');
      assert.ok(t.addItems.items[1].key.length > 0);

      const a = await s.ok(ADD_ITEMS, {
        input: {
          dataset: ds.audio,
          items: [
            { key: 'front', mediaSha256: uploaded.get('Front_Center.wav'), transcript: 'Front center' },
            { key: 'noise', mediaSha256: uploaded.get('Noise.wav'), transcript: '' },
          ],
        },
      });
      const front = a.addItems.items[0];
      assert.equal(front.__typename, 'AudioTranscript');
      assert.equal(front.audio.sampleRate, 48000);
      assert.equal(front.audio.channels, 1);
      assert.equal(front.audio.mimeType, 'audio/wav');
      assert.ok(front.audio.durationSeconds > 0);
      assert.equal(a.addItems.items[1].transcript, '');
      const got = await fetch(front.audio.url);
      assert.equal(got.status, 200);
      assert.equal(got.headers.get('content-type'), 'audio/wav');
      await got.body?.cancel();
    });

    test('a curator commits; a labeller may not (FORBIDDEN)', async () => {
      const denied = await s.gql(COMMIT, { input: { dataset: ds.image, message: 'nope' } }, 'labeller');
      assert.equal(codeOf(denied), 'FORBIDDEN');
      assert.equal(onlyError(denied).extensions?.requiredRole, 'curator');
      const d = await s.ok(COMMIT, { input: { dataset: ds.image, message: 'first three' } }, 'curator');
      v1 = d.commit.version;
      assert.equal(v1.itemCount, 3);
      assert.equal(d.commit.version.changeCount, 3);
      assert.equal(d.commit.version.parent, null);
      assert.equal(d.commit.version.author, 'test-curator');
      assert.match(v1.hash, /^[0-9a-f]{16,}$/);
      const empty = await s.gql(COMMIT, { input: { dataset: ds.image, message: 'nothing' } }, 'curator');
      assert.equal(codeOf(empty), 'BAD_USER_INPUT');
    });

    test('updateItem: a stale expectedRevision is CONFLICT with both revisions; the right one succeeds', async () => {
      const upd = await s.ok(
        UPDATE_ITEM,
        { input: { dataset: ds.image, key: 'horse', expectedRevision: horseRevision, patch: { caption: 'A horse, in silhouette', status: 'REVIEWED' } } },
        'labeller',
      );
      const newRevision = upd.updateItem.item.revision;
      assert.notEqual(newRevision, horseRevision);
      assert.equal(upd.updateItem.item.caption, 'A horse, in silhouette');
      assert.equal(upd.updateItem.item.image.sha256, uploaded.get('horse.png'), 'absent patch fields stay');

      const stale = await s.gql(
        UPDATE_ITEM,
        { input: { dataset: ds.image, key: 'horse', expectedRevision: horseRevision, patch: { caption: 'lost update' } } },
        'labeller',
      );
      const e = onlyError(stale);
      assert.equal(e.extensions?.code, 'CONFLICT');
      assert.equal(e.extensions?.expectedRevision, horseRevision);
      assert.equal(e.extensions?.actualRevision, newRevision);
      const now = await s.ok(`{ dataset(name: "e2e-image") { item(key: "horse") { revision ... on ImageCaption { caption } } } }`);
      assert.equal(now.dataset.item.caption, 'A horse, in silhouette', 'the conflicting update changed nothing');
      assert.equal(now.dataset.item.revision, newRevision);

      // swap the image and remove one item, then commit v2
      await s.ok(UPDATE_ITEM, {
        input: { dataset: ds.image, key: 'coins', expectedRevision: (await itemRevision('coins')), patch: { mediaSha256: uploaded.get('brick.png') } },
      });
      const rm = await s.ok(`mutation($input: RemoveItemsInput!) { removeItems(input: $input) { removedCount } }`, {
        input: { dataset: ds.image, keys: ['rocket'] },
      });
      assert.equal(rm.removeItems.removedCount, 1);
      await s.ok(ADD_ITEMS, { input: { dataset: ds.image, items: [{ key: 'moon', mediaSha256: uploaded.get('moon.png'), caption: 'The moon' }] } });
      const c = await s.ok(COMMIT, { input: { dataset: ds.image, message: 'second' } }, 'curator');
      v2 = c.commit.version;
      assert.equal(v2.itemCount, 3);
      assert.equal(c.commit.version.changeCount, 4);
      assert.equal(c.commit.version.parent.id, v1.id);
    });

    async function itemRevision(key: string, ref = 'main'): Promise<string> {
      const d = await s.ok(`query($k: String!, $ref: String) { dataset(name: "e2e-image") { item(key: $k, ref: $ref) { revision } } }`, { k: key, ref });
      return d.dataset.item.revision;
    }

    test('items at a ref: a version hash, a hash prefix, a version id, a branch', async () => {
      const atV1 = await s.ok(ITEMS_AT, { name: 'e2e-image', ref: v1.hash }, 'viewer');
      assert.equal(atV1.dataset.items.totalCount, 3);
      assert.deepEqual(
        atV1.dataset.items.nodes.map((n: { key: string }) => n.key),
        ['coins', 'horse', 'rocket'],
      );
      const horse = atV1.dataset.items.nodes[1];
      assert.equal(horse.caption, 'A black horse silhouette', 'a version shows the item as committed');
      assert.equal(atV1.dataset.items.nodes[0].image.sha256, uploaded.get('coins.png'));

      // (Read with the same token: a media URL names the token that asked for it.)
      const byPrefix = await s.ok(ITEMS_AT, { name: 'e2e-image', ref: v1.hash.slice(0, 10) }, 'viewer');
      assert.deepEqual(byPrefix.dataset.items.nodes, atV1.dataset.items.nodes);
      const byId = await s.ok(ITEMS_AT, { name: 'e2e-image', ref: v1.id }, 'viewer');
      assert.deepEqual(byId.dataset.items.nodes, atV1.dataset.items.nodes);

      const main = await s.ok(ITEMS_AT, { name: 'e2e-image', ref: 'main' });
      assert.deepEqual(
        main.dataset.items.nodes.map((n: { key: string }) => n.key),
        ['coins', 'horse', 'moon'],
      );
      assert.equal(main.dataset.items.nodes[0].image.sha256, uploaded.get('brick.png'));

      // paging with a cursor
      const p1 = await s.ok(ITEMS_AT, { name: 'e2e-image', ref: 'main', first: 2 });
      assert.equal(p1.dataset.items.pageInfo.hasNextPage, true);
      const p2 = await s.ok(ITEMS_AT, { name: 'e2e-image', ref: 'main', first: 2, after: p1.dataset.items.pageInfo.endCursor });
      assert.deepEqual(
        p2.dataset.items.nodes.map((n: { key: string }) => n.key),
        ['moon'],
      );
      assert.equal(p2.dataset.items.pageInfo.hasNextPage, false);

      const missing = await s.gql(ITEMS_AT, { name: 'e2e-image', ref: 'no-such-ref' });
      assert.equal(codeOf(missing), 'NOT_FOUND');
    });

    test('diff between two versions', async () => {
      const d = await s.ok(
        `query($from: String!, $to: String!) { dataset(name: "e2e-image") { diff(from: $from, to: $to) { totalCount nodes { key kind changedFields
          before { key ... on ImageCaption { caption image { sha256 } } } after { key ... on ImageCaption { caption image { sha256 } } } } } } }`,
        { from: v1.hash, to: v2.hash },
        'viewer',
      );
      const diff = d.dataset.diff;
      assert.equal(diff.totalCount, 4);
      const byKey = Object.fromEntries(diff.nodes.map((n: { key: string }) => [n.key, n]));
      assert.deepEqual(Object.keys(byKey), ['coins', 'horse', 'moon', 'rocket']);
      assert.equal(byKey.coins.kind, 'MODIFIED');
      // the media field is reported as "media" (not the input name mediaSha256)
      assert.deepEqual(byKey.coins.changedFields, ['media']);
      assert.equal(byKey.coins.before.image.sha256, uploaded.get('coins.png'));
      assert.equal(byKey.coins.after.image.sha256, uploaded.get('brick.png'));
      assert.equal(byKey.horse.kind, 'MODIFIED');
      assert.deepEqual([...byKey.horse.changedFields].sort(), ['caption', 'status']);
      assert.equal(byKey.moon.kind, 'ADDED');
      assert.equal(byKey.moon.before, null);
      assert.equal(byKey.rocket.kind, 'REMOVED');
      assert.equal(byKey.rocket.after, null);
      const none = await s.ok(`query($h: String!) { dataset(name: "e2e-image") { diff(from: $h, to: "main") { totalCount } } }`, { h: v2.hash });
      assert.equal(none.dataset.diff.totalCount, 0);
    });

    test('branch, tag, writes to a tag are VERSION_IMMUTABLE, restore', async () => {
      const b = await s.ok(
        `mutation($input: CreateBranchInput!) { createBranch(input: $input) { branch { name head { id } uncommittedChanges createdBy } } }`,
        { input: { dataset: ds.image, name: 'experiment', from: v1.hash } },
        'curator',
      );
      assert.equal(b.createBranch.branch.head.id, v1.id);
      assert.equal(b.createBranch.branch.uncommittedChanges, 0);
      await s.ok(ADD_ITEMS, {
        input: { dataset: ds.image, branch: 'experiment', items: [{ key: 'logo', mediaSha256: uploaded.get('logo.png'), caption: 'A logo' }] },
      });
      const onBranch = await s.ok(ITEMS_AT, { name: 'e2e-image', ref: 'experiment' });
      assert.deepEqual(
        onBranch.dataset.items.nodes.map((n: { key: string }) => n.key),
        ['coins', 'horse', 'logo', 'rocket'],
      );
      const onMain = await s.ok(ITEMS_AT, { name: 'e2e-image', ref: 'main' });
      assert.equal(onMain.dataset.items.totalCount, 3, 'main is untouched by the branch');

      const t = await s.ok(
        `mutation($input: TagVersionInput!) { tagVersion(input: $input) { version { id hash tags } } }`,
        { input: { version: v1.id, tag: 'v1.0' } },
        'curator',
      );
      assert.deepEqual(t.tagVersion.version.tags, ['v1.0']);
      const tags = await s.ok(`{ dataset(name: "e2e-image") { tags { name version { hash } } } }`);
      assert.deepEqual(tags.dataset.tags, [{ name: 'v1.0', version: { hash: v1.hash } }]);
      const atTag = await s.ok(ITEMS_AT, { name: 'e2e-image', ref: 'v1.0' });
      assert.equal(atTag.dataset.items.totalCount, 3);

      for (const ref of ['v1.0', v1.hash]) {
        const add = await s.gql(ADD_ITEMS, { input: { dataset: ds.image, branch: ref, items: [{ key: 'x', mediaSha256: uploaded.get('grass.png'), caption: 'x' }] } });
        assert.equal(codeOf(add), 'VERSION_IMMUTABLE', ref);
        const upd = await s.gql(UPDATE_ITEM, { input: { dataset: ds.image, branch: ref, key: 'horse', expectedRevision: horseRevision, patch: { caption: 'x' } } });
        assert.equal(codeOf(upd), 'VERSION_IMMUTABLE', ref);
        const commit = await s.gql(COMMIT, { input: { dataset: ds.image, branch: ref, message: 'x', allowEmpty: true } });
        assert.equal(codeOf(commit), 'VERSION_IMMUTABLE', ref);
      }
      const rm = await s.gql(`mutation($input: RemoveItemsInput!) { removeItems(input: $input) { removedCount } }`, {
        input: { dataset: ds.image, branch: 'v1.0', keys: ['horse'] },
      });
      assert.equal(codeOf(rm), 'VERSION_IMMUTABLE');
      const again = await s.ok(ITEMS_AT, { name: 'e2e-image', ref: 'v1.0' });
      assert.deepEqual(again.dataset.items.nodes, atTag.dataset.items.nodes, 'the tagged version did not change');

      const r = await s.ok(
        `mutation($input: RestoreInput!) { restore(input: $input) { version { id hash itemCount message parent { id } } } }`,
        { input: { dataset: ds.image, to: 'v1.0' } },
        'curator',
      );
      assert.equal(r.restore.version.hash, v1.hash, 'identical content gives an identical hash');
      assert.equal(r.restore.version.itemCount, 3);
      assert.equal(r.restore.version.parent.id, v2.id, 'history is not rewritten');
      assert.notEqual(r.restore.version.id, v1.id);
      const restored = await s.ok(ITEMS_AT, { name: 'e2e-image', ref: 'main' });
      assert.deepEqual(
        restored.dataset.items.nodes.map((n: { key: string; caption: string }) => [n.key, n.caption]),
        [
          ['coins', 'Old coins'],
          ['horse', 'A black horse silhouette'],
          ['rocket', 'A rocket on its launch pad'],
        ],
      );
      const versions = await s.ok(`{ dataset(name: "e2e-image") { versions { totalCount nodes { message } } } }`);
      assert.equal(versions.dataset.versions.totalCount, 3);
      assert.deepEqual(
        versions.dataset.versions.nodes.map((n: { message: string }) => n.message),
        ['Restore main to v1.0', 'second', 'first three'],
      );
    });

    test('history of an item: every change, newest first', async () => {
      const d = await s.ok(
        `{ dataset(name: "e2e-image") { item(key: "horse") { history(first: 10) { totalCount pageInfo { hasNextPage }
           nodes { kind branch actor changedFields revision item { key ... on ImageCaption { caption } } } } } } }`,
        {},
        'viewer',
      );
      const h = d.dataset.item.history;
      assert.equal(h.totalCount, 3);
      assert.deepEqual(
        h.nodes.map((n: { kind: string }) => n.kind),
        ['MODIFIED', 'MODIFIED', 'ADDED'],
      );
      assert.equal(h.nodes[2].actor, 'test-labeller');
      assert.equal(h.nodes[2].revision, horseRevision);
      assert.equal(h.nodes[1].item.caption, 'A horse, in silhouette');
      assert.equal(h.nodes[0].item.caption, 'A black horse silhouette');
      assert.equal(h.nodes[0].actor, 'test-curator', 'restore is recorded as the restorer’s change');
      const removed = await s.ok(`{ dataset(name: "e2e-image") { item(key: "moon") { key } } }`);
      assert.equal(removed.dataset.item, null);
    });

    test('node(id) refetches a Dataset, a Version and an Item', async () => {
      const d = await s.ok(`query($id: ID!) { node(id: $id) { __typename id ... on Dataset { name modality } } }`, { id: ds.image }, 'viewer');
      assert.deepEqual(d.node, { __typename: 'Dataset', id: ds.image, name: 'e2e-image', modality: 'IMAGE_CAPTION' });
      const v = await s.ok(`query($id: ID!) { node(id: $id) { __typename id ... on Version { hash itemCount message tags } } }`, { id: v1.id });
      assert.deepEqual(v.node, { __typename: 'Version', id: v1.id, hash: v1.hash, itemCount: 3, message: 'first three', tags: ['v1.0'] });
      const item = await s.ok(`{ dataset(name: "e2e-image") { item(key: "rocket") { id key } } }`);
      const i = await s.ok(`query($id: ID!) { node(id: $id) { __typename id ... on Item { key } ... on ImageCaption { caption image { sha256 } } } }`, {
        id: item.dataset.item.id,
      });
      assert.equal(i.node.__typename, 'ImageCaption');
      assert.equal(i.node.id, item.dataset.item.id);
      assert.equal(i.node.key, 'rocket');
      assert.equal(i.node.image.sha256, uploaded.get('rocket.jpg'));
      const text = await s.ok(`{ dataset(name: "e2e-text") { item(key: "entity") { id } } }`);
      const t = await s.ok(`query($id: ID!) { node(id: $id) { __typename ... on TextPair { prompt } } }`, { id: text.dataset.item.id });
      assert.deepEqual(t.node, { __typename: 'TextPair', prompt: 'What does "entity" mean?' });
      const unknown = await s.ok(`{ node(id: "bm9wZQ") { id } }`);
      assert.equal(unknown.node, null);
      const gone = await s.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from('Version:99999').toString('base64url') });
      assert.equal(gone.node, null);
    });
  });

  describe('input errors', () => {
    test('mediaSha256 never uploaded, or of the wrong kind, is BAD_USER_INPUT and adds nothing', async () => {
      const before = await s.ok(`{ dataset(name: "e2e-image") { branch(name: "main") { uncommittedChanges } } }`);
      const never = await s.gql(ADD_ITEMS, { input: { dataset: ds.image, items: [{ key: 'ghost', mediaSha256: 'ab'.repeat(32), caption: 'x' }] } });
      assert.equal(codeOf(never), 'BAD_USER_INPUT');
      assert.match(never.errors![0].message, /uploaded/);
      const wrongKind = await s.gql(ADD_ITEMS, {
        input: { dataset: ds.image, items: [{ key: 'sound', mediaSha256: uploaded.get('tts_01.wav'), caption: 'x' }] },
      });
      assert.equal(codeOf(wrongKind), 'BAD_USER_INPUT');
      const imageIntoAudio = await s.gql(ADD_ITEMS, {
        input: { dataset: ds.audio, items: [{ key: 'pic', mediaSha256: uploaded.get('horse.png'), transcript: 'x' }] },
      });
      assert.equal(codeOf(imageIntoAudio), 'BAD_USER_INPUT');
      const notHex = await s.gql(ADD_ITEMS, { input: { dataset: ds.image, items: [{ key: 'nothex', mediaSha256: 'xyz', caption: 'x' }] } });
      assert.equal(codeOf(notHex), 'BAD_USER_INPUT');
      const patch = await s.gql(UPDATE_ITEM, {
        input: { dataset: ds.image, key: 'horse', expectedRevision: await (async () => (await s.ok(`{ dataset(name: "e2e-image") { item(key: "horse") { revision } } }`)).dataset.item.revision)(), patch: { mediaSha256: uploaded.get('Noise.wav') } },
      });
      assert.equal(codeOf(patch), 'BAD_USER_INPUT');
      const textField = await s.gql(ADD_ITEMS, { input: { dataset: ds.text, items: [{ key: 'cap', prompt: 'p', response: 'r', caption: 'no' }] } });
      assert.equal(codeOf(textField), 'BAD_USER_INPUT');
      const afterErrors = await s.ok(`{ dataset(name: "e2e-image") { branch(name: "main") { uncommittedChanges } } }`);
      assert.deepEqual(afterErrors, before);
    });

    test('first=0, first=101 and a malformed cursor are BAD_USER_INPUT', async () => {
      for (const first of [0, 101, -1]) {
        const r = await s.gql(ITEMS_AT, { name: 'e2e-image', ref: 'main', first });
        assert.equal(codeOf(r), 'BAD_USER_INPUT', `first=${first}`);
        assert.equal(r.errors![0].extensions?.field, 'first');
      }
      const ds1 = await s.gql(`{ datasets(first: 101) { totalCount } }`);
      assert.equal(codeOf(ds1), 'BAD_USER_INPUT');
      for (const after of ['not a cursor!', 'Zm9v', Buffer.from('{"x":1}').toString('base64url')]) {
        const r = await s.gql(ITEMS_AT, { name: 'e2e-image', ref: 'main', after });
        assert.equal(codeOf(r), 'BAD_USER_INPUT', `after=${after}`);
        assert.equal(r.errors![0].message, 'Malformed cursor');
      }
      const v = await s.gql(`{ dataset(name: "e2e-image") { versions(after: "garbage") { totalCount } } }`);
      assert.equal(codeOf(v), 'BAD_USER_INPUT');
      const h = await s.gql(`{ dataset(name: "e2e-image") { item(key: "horse") { history(first: 0) { totalCount } } } }`);
      assert.equal(codeOf(h), 'BAD_USER_INPUT');
      const badId = await s.gql(ADD_ITEMS, { input: { dataset: 'not-an-id', items: [{ prompt: 'p', response: 'r' }] } });
      assert.equal(codeOf(badId), 'BAD_USER_INPUT');
    });

    test('GraphQL validation errors keep their code', async () => {
      const r = await s.gql(`{ dataset(name: "e2e-image") { noSuchField } }`);
      assert.equal(codeOf(r), 'GRAPHQL_VALIDATION_FAILED');
      const p = await s.gql(`{ dataset(`);
      assert.equal(codeOf(p), 'GRAPHQL_PARSE_FAILED');
    });
  });

  describe('authentication and roles', () => {
    test('no token: UNAUTHENTICATED', async () => {
      const r = await s.gql(`{ datasets { totalCount } }`, {}, null);
      assert.equal(codeOf(r), 'UNAUTHENTICATED');
      const v = await s.gql(`{ viewer { name role } }`, {}, null);
      assert.equal(codeOf(v), 'UNAUTHENTICATED');
    });

    test('a bad, malformed or revoked token: UNAUTHENTICATED', async () => {
      const bad = await s.gql(`{ datasets { totalCount } }`, {}, 'tst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      assert.equal(codeOf(bad), 'UNAUTHENTICATED');
      assert.match(bad.errors![0].message, /Unknown or revoked/);
      const res = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' },
        body: JSON.stringify({ query: '{ viewer { name } }' }),
      });
      const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
      assert.equal(body.errors[0].extensions.code, 'UNAUTHENTICATED');

      const created = await s.ok(`mutation { createApiToken(input: { name: "temp", role: "viewer" }) { token apiToken { id role } } }`);
      const token = created.createApiToken.token;
      const who = await s.ok(`{ viewer { name role } }`, {}, token);
      assert.deepEqual(who.viewer, { name: 'temp', role: 'viewer' });
      await s.ok(`mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { revokedAt } } }`, { id: created.createApiToken.apiToken.id });
      const revoked = await s.gql(`{ viewer { name } }`, {}, token);
      assert.equal(codeOf(revoked), 'UNAUTHENTICATED');
    });

    test('a viewer adding items is FORBIDDEN; a labeller committing is FORBIDDEN', async () => {
      const add = await s.gql(ADD_ITEMS, { input: { dataset: ds.text, items: [{ key: 'v', prompt: 'p', response: 'r' }] } }, 'viewer');
      assert.equal(codeOf(add), 'FORBIDDEN');
      assert.equal(add.errors![0].extensions?.requiredRole, 'labeller');
      assert.equal(add.errors![0].extensions?.role, 'viewer');
      const item = await s.ok(`{ dataset(name: "e2e-text") { item(key: "v") { key } } }`);
      assert.equal(item.dataset.item, null);
      const commit = await s.gql(COMMIT, { input: { dataset: ds.text, message: 'labeller commit' } }, 'labeller');
      assert.equal(codeOf(commit), 'FORBIDDEN');
      const versions = await s.ok(`{ dataset(name: "e2e-text") { versions { totalCount } } }`);
      assert.equal(versions.dataset.versions.totalCount, 0);
      const branch = await s.gql(`mutation($input: CreateBranchInput!) { createBranch(input: $input) { branch { name } } }`, {
        input: { dataset: ds.text, name: 'b', from: 'main' },
      }, 'labeller');
      assert.equal(codeOf(branch), 'FORBIDDEN');
      const tokens = await s.gql(`{ apiTokens { id } }`, {}, 'curator');
      assert.equal(codeOf(tokens), 'FORBIDDEN');
      const upd = await s.gql(UPDATE_ITEM, { input: { dataset: ds.text, key: 'entity', expectedRevision: '1', patch: { response: 'x' } } }, 'viewer');
      assert.equal(codeOf(upd), 'FORBIDDEN');
    });
  });

  describe('unexpected errors', () => {
    test('are masked: a generic message, no stack, no SQL in the response', async () => {
      // A realistic internal failure: the database schema is not what the code expects (a table
      // went missing, e.g. a half-applied manual migration). The resolver hits a raw SqliteError.
      const db = s.app.db.$client;
      db.exec('ALTER TABLE tags RENAME TO tags_moved_away');
      try {
        const r = await s.gql(`{ dataset(name: "e2e-image") { name tags { name } } }`, {}, 'viewer');
        assert.equal(r.status, 200);
        const e = onlyError(r);
        assert.equal(e.extensions?.code, 'INTERNAL_SERVER_ERROR');
        assert.equal(e.message, 'Internal server error');
        assert.deepEqual(e.path, ['dataset', 'tags']);
        assert.deepEqual(Object.keys(e.extensions ?? {}), ['code']);
        assert.doesNotMatch(r.text, /SELECT|FROM|sqlite|no such table|tags_moved_away|stacktrace|\.ts:\d+/i);
        assert.equal(r.data?.dataset, null, 'tags is non-null, so the error nulls the dataset');
      } finally {
        db.exec('ALTER TABLE tags_moved_away RENAME TO tags');
      }
      const fine = await s.ok(`{ dataset(name: "e2e-image") { tags { name } } }`);
      assert.deepEqual(fine.dataset.tags, [{ name: 'v1.0' }]);
    });

    test('an item whose media row vanished: masked too', async () => {
      // Corrupt the store the way a botched manual clean-up would: delete a referenced media row.
      const db = s.app.db.$client;
      const sha = (await s.ok(`{ dataset(name: "e2e-image") { item(key: "rocket") { ... on ImageCaption { image { sha256 } } } } }`)).dataset.item.image.sha256;
      const row = db.prepare('SELECT * FROM media WHERE sha256 = ?').get(sha) as Record<string, unknown>;
      db.pragma('foreign_keys = OFF');
      db.prepare('DELETE FROM media WHERE sha256 = ?').run(sha);
      try {
        const r = await s.gql(`{ dataset(name: "e2e-image") { item(key: "rocket") { key ... on ImageCaption { image { sha256 } } } } }`);
        const e = onlyError(r);
        assert.equal(e.extensions?.code, 'INTERNAL_SERVER_ERROR');
        assert.equal(e.message, 'Internal server error');
        assert.doesNotMatch(r.text, new RegExp(`${sha}|revision|\\.ts:\\d+`));
      } finally {
        const cols = Object.keys(row);
        db.prepare(`INSERT INTO media (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...Object.values(row));
        db.pragma('foreign_keys = ON');
      }
    });

    test('an unknown route is a JSON 404, and /healthz answers', async () => {
      const r = await fetch(`${s.url}/nope`);
      assert.equal(r.status, 404);
      assert.equal(((await r.json()) as { code: string }).code, 'NOT_FOUND');
      const h = await fetch(`${s.url}/healthz`);
      assert.deepEqual(await h.json(), { ok: true });
    });
  });
});
