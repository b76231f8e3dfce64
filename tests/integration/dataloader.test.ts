/**
 * N+1 guard: lists resolve per-row fields through per-request DataLoaders, so the number of SQL
 * statements a query runs does not grow with the page size. Counted with createApp's onStatement
 * hook while real GraphQL requests go through the real server (startServer + fetch).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { Actor } from '../../src/modules/auth/roles.js';
import { buildImageItem } from '../helpers/factories.js';
import { CORPUS, startTestServer, type TestServer } from '../helpers/server.js';
import { createDataset } from '../../src/modules/datasets/commands/create-dataset.js';

const N = 100;
const actor: Actor = { name: 'seed', role: 'admin', tokenId: null };

describe('statement counts do not grow with the page size', () => {
  let s: TestServer;
  const statements: string[] = [];
  let counting = false;
  const v: { first: string; second: string } = { first: '', second: '' };

  /** Runs a query over HTTP and returns the statements executed while it ran. */
  async function count(query: string, variables: Record<string, unknown> = {}): Promise<{ data: any; sql: string[] }> {
    statements.length = 0;
    counting = true;
    let data;
    try {
      data = await s.ok(query, variables, 'viewer');
    } finally {
      counting = false;
    }
    return { data, sql: [...statements] };
  }

  before(async () => {
    s = await startTestServer({ db: { onStatement: (sql) => counting && statements.push(sql) } });
    const { app } = s;
    const dataset = createDataset({ app, actor }, { name: 'dl-images', modality: 'IMAGE_CAPTION' });

    // 100 distinct real images: crops of a corpus photo at different offsets and sizes.
    const source = path.join(CORPUS, 'images/astronaut.png');
    const shas: string[] = [];
    for (let i = 0; i < N; i++) {
      const png = await sharp(source)
        .extract({ left: (i % 10) * 40, top: Math.floor(i / 10) * 40, width: 48 + (i % 7), height: 40 + (i % 5) })
        .png()
        .toBuffer();
      shas.push((await app.media.upload(Readable.from([png]), { actor })).sha256);
    }
    assert.equal(new Set(shas).size, N);

    app.items.add(
      actor,
      dataset,
      'main',
      shas.map((sha, i) => buildImageItem({ key: `img-${String(i).padStart(3, '0')}`, mediaSha256: sha, caption: `crop ${i}` })),
    );
    v.first = app.versions.commit(actor, dataset, 'main', 'crops').hash;
    // every item changed on main, then committed: a diff of 100 MODIFIED items with images on both sides
    for (let i = 0; i < N; i += 50) {
      const page = app.items.list(actor, dataset, 'main', 50, i ? Buffer.from(JSON.stringify({ k: `img-${String(i - 1).padStart(3, '0')}` })).toString('base64url') : null);
      for (const item of page.nodes) {
        app.items.update(actor, dataset, 'main', item.key, String(item.revisionId), {
          mediaSha256: shas[(shas.indexOf(item.mediaSha256!) + 1) % N],
          caption: `${item.caption} (shifted)`,
        });
      }
    }
    v.second = app.versions.commit(actor, dataset, 'main', 'shift').hash;
    for (let i = 0; i < 12; i++) app.versions.commit(actor, dataset, 'main', `empty ${i}`, true);
    // warm-up: the first request of a token writes its last-used time
    await s.ok('{ viewer { name } }', {}, 'viewer');
  });

  after(async () => {
    await s?.close();
  });

  const ITEMS = `query($first: Int!, $ref: String!) {
    dataset(name: "dl-images") {
      items(ref: $ref, first: $first) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id key revision status labels attributes updatedAt updatedBy
          ... on ImageCaption { caption image { sha256 width height mimeType byteSize url } } } }
      }
    }
  }`;

  for (const ref of ['main', 'version']) {
    test(`items(first: 10 | 100) with image { sha256 width height url } at ${ref === 'main' ? 'a branch' : 'a version hash'}`, async (t) => {
      const r = ref === 'main' ? 'main' : v.first;
      const ten = await count(ITEMS, { first: 10, ref: r });
      const hundred = await count(ITEMS, { first: 100, ref: r });
      t.diagnostic(`statements: ${ten.sql.length} for 10 items, ${hundred.sql.length} for 100`);
      assert.equal(ten.data.dataset.items.edges.length, 10);
      assert.equal(hundred.data.dataset.items.edges.length, N);
      assert.equal(hundred.data.dataset.items.totalCount, N);
      for (const e of hundred.data.dataset.items.edges) {
        assert.ok(e.node.image.width >= 48 && e.node.image.height >= 40, JSON.stringify(e.node.image));
        assert.match(e.node.image.url, /\/media\/[0-9a-f]{64}\?exp=\d+&kid=t\d+&sig=[0-9a-f]{64}$/);
      }
      assert.equal(new Set(hundred.data.dataset.items.edges.map((e: any) => e.node.image.sha256)).size, N);
      assert.equal(
        hundred.sql.length,
        ten.sql.length,
        `10 items: ${ten.sql.length} statements, 100 items: ${hundred.sql.length}\n${hundred.sql.join('\n')}`,
      );
      assert.ok(hundred.sql.length <= 12, `${hundred.sql.length} statements:\n${hundred.sql.join('\n')}`);
      const mediaReads = hundred.sql.filter((q) => /from\s+"?media"?/i.test(q));
      assert.equal(mediaReads.length, 1, `one batched media read:\n${mediaReads.join('\n')}`);
    });
  }

  test('diff(first: 10 | 100) with before/after images', async (t) => {
    const DIFF = `query($first: Int!, $from: String!, $to: String!) {
      dataset(name: "dl-images") {
        diff(from: $from, to: $to, first: $first) {
          nodes { key kind changedFields
            before { id ... on ImageCaption { caption image { sha256 width height url } } }
            after { id ... on ImageCaption { caption image { sha256 width height url } } } }
        }
      }
    }`;
    const ten = await count(DIFF, { first: 10, from: v.first, to: v.second });
    const hundred = await count(DIFF, { first: 100, from: v.first, to: v.second });
    t.diagnostic(`statements: ${ten.sql.length} for 10 changes, ${hundred.sql.length} for 100`);
    assert.equal(ten.data.dataset.diff.nodes.length, 10);
    assert.equal(hundred.data.dataset.diff.nodes.length, N);
    for (const n of hundred.data.dataset.diff.nodes) {
      assert.equal(n.kind, 'MODIFIED');
      assert.notEqual(n.before.image.sha256, n.after.image.sha256);
    }
    assert.equal(hundred.sql.length, ten.sql.length, `10: ${ten.sql.length}, 100: ${hundred.sql.length}\n${hundred.sql.join('\n')}`);
    assert.ok(hundred.sql.length <= 16, `${hundred.sql.length} statements:\n${hundred.sql.join('\n')}`);
  });

  test('versions(first: 2 | 14) with parent and tags', async (t) => {
    const VERSIONS = `query($first: Int!) { dataset(name: "dl-images") { versions(first: $first) { totalCount nodes { id hash itemCount tags parent { id hash } } } } }`;
    const two = await count(VERSIONS, { first: 2 });
    const all = await count(VERSIONS, { first: 14 });
    t.diagnostic(`statements: ${two.sql.length} for 2 versions, ${all.sql.length} for 14`);
    assert.equal(all.data.dataset.versions.nodes.length, 14);
    assert.equal(all.data.dataset.versions.totalCount, 14);
    assert.equal(all.sql.length, two.sql.length, `2: ${two.sql.length}, 14: ${all.sql.length}\n${all.sql.join('\n')}`);
  });

  test('node(id) for many items in one request batches the revision, dataset and media reads', async (t) => {
    const ids = (await s.ok(`{ dataset(name: "dl-images") { items(first: 100) { nodes { id } } } }`, {}, 'viewer')).dataset.items.nodes.map(
      (n: { id: string }) => n.id,
    );
    const q = (n: number) =>
      `query { ${ids
        .slice(0, n)
        .map((id: string, i: number) => `n${i}: node(id: "${id}") { id ... on ImageCaption { caption image { sha256 width } } }`)
        .join('\n')} }`;
    const few = await count(q(5));
    const many = await count(q(50));
    t.diagnostic(`statements: ${few.sql.length} for 5 nodes, ${many.sql.length} for 50`);
    assert.equal(Object.keys(many.data).length, 50);
    assert.equal(many.sql.length, few.sql.length, `5: ${few.sql.length}, 50: ${many.sql.length}\n${many.sql.join('\n')}`);
  });
});
