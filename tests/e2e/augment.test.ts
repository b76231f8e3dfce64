/**
 * Augmentation and coverage over real HTTP: a dataset of photos that are all bright has `lighting`
 * missing `dark` and `normal`; planAugmentation proposes darkened copies, augment(plan) makes them
 * as uncommitted derived items with their lineage, and after a commit the gap is closed (while a
 * label only ever seen bright keeps its gap). Bad recipes and specs are refused with nothing
 * written; the same recipe and seed give the same keys and bytes; families join copies to sources.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { CORPUS, errorCode, ROOT, sleep, startTestServer, uploadBytes, type TestServer } from '../helpers/server.js';

const SOURCES: Array<[key: string, file: string, label: string, caption: string]> = [
  ['astronaut', 'astronaut.png', 'person', 'An astronaut in a white suit in front of a flag'],
  ['chelsea', 'chelsea.png', 'animal', 'A tabby cat looking to the left'],
  ['coffee', 'coffee.png', 'drink', 'A cup of coffee on a saucer, seen from above'],
  ['moto-l', 'motorcycle_left.png', 'vehicle', 'A red motorcycle in a workshop, left view'],
  ['moto-r', 'motorcycle_right.png', 'vehicle', 'A red motorcycle in a workshop, right view'],
  ['rocket', 'rocket.jpg', 'vehicle', 'A rocket lifting off at dusk'],
];

const AUGMENT = 'mutation($input: AugmentInput!) { augment(input: $input) { job { id kind state } } }';

describe('augmentation and coverage over GraphQL', () => {
  let s: TestServer;
  let dataset: string;
  const bright: Record<string, Buffer> = {};

  async function waitJob(id: string) {
    for (let i = 0; i < 600; i++) {
      const j = await s.ok(`query($id: ID!) { job(id: $id) { state result processed total failed errors { code message file } } }`, { id });
      if (!['QUEUED', 'RUNNING'].includes(j.job.state)) return j.job;
      await sleep(100);
    }
    throw new Error('job did not finish');
  }

  async function uncommitted(): Promise<number> {
    const r = await s.ok(`query($id: ID!) { node(id: $id) { ... on Dataset { branch(name: "main") { uncommittedChanges } } } }`, { id: dataset });
    return r.node.branch.uncommittedChanges;
  }

  async function lighting(ref = 'main', byLabel = false) {
    const r = await s.ok(
      `query($id: ID!, $ref: String!, $byLabel: Boolean!) { node(id: $id) { ... on Dataset {
        coverage(ref: $ref, axes: ["lighting"], minPerCell: 2, byLabel: $byLabel) {
          specVersion itemCount score missingCount missing { values count } axes { name source buckets { name count share } }
          perLabel { label score missing { values count } } notes } } } }`,
      { id: dataset, ref, byLabel },
    );
    return r.node.coverage;
  }

  before(async () => {
    s = await startTestServer();
    const created = await s.ok(`mutation { createDataset(input: { name: "bright-photos", modality: IMAGE_CAPTION }) { dataset { id } } }`);
    dataset = created.createDataset.dataset.id;
    const items = [];
    for (const [key, file, label, caption] of SOURCES) {
      // Every photo pushed into the bright band (mean luma > 170), as PNG (lossless: pixels comparable).
      const bytes = await sharp(path.join(CORPUS, 'images', file)).removeAlpha().linear(0.4, 160).png().toBuffer();
      bright[key] = bytes;
      const up = await uploadBytes(s, bytes);
      assert.equal(up.status, 201);
      items.push({ key, mediaSha256: up.json.sha256, caption, labels: [label], status: 'LABELED' });
    }
    await s.ok(`mutation($input: AddItemsInput!) { addItems(input: $input) { items { key } } }`, { input: { dataset, items } });
    await s.ok(`mutation($d: ID!) { commit(input: { dataset: $d, message: "bright photos" }) { version { id } } }`, { d: dataset });
  });
  after(() => s.close());

  test('a dataset of bright photos misses dark and normal lighting', async () => {
    const c = await lighting();
    assert.equal(c.itemCount, 6);
    assert.equal(c.specVersion, 0);
    assert.deepEqual(
      c.axes[0].buckets.map((b: { name: string; count: number }) => [b.name, b.count]),
      [['dark', 0], ['normal', 0], ['bright', 6]],
    );
    assert.equal(c.axes[0].source, 'metric');
    assert.equal(c.score, 0.3333);
    assert.deepEqual(c.missing.map((m: { values: string[] }) => m.values[0]).sort(), ['dark', 'normal']);
  });

  test('bad recipes are BAD_USER_INPUT naming the chain and op, and nothing is written', async () => {
    const before = await uncommitted();
    const cases: Array<[recipe: unknown, field: string]> = [
      [[{ ops: [{ op: 'sepia' }] }], 'recipe[0].ops[0]'],
      [[{ ops: [{ op: 'flip_horizontal' }] }, { ops: [{ op: 'brightness', params: { factor: 'dark' } }] }], 'recipe[1].ops[0].params.factor'],
      [[{ ops: [{ op: 'brightness', params: { factor: { min: 2, max: 1 } } }] }], 'recipe[0].ops[0].params.factor'],
      [[{ ops: [{ op: 'add_noise', params: { snrDb: 5 } }] }], 'recipe[0].ops[0]'],
      [[{ ops: [{ op: 'rotate', params: { degrees: 10, fill: 'plaid' } }] }], 'recipe[0].ops[0].params.fill'],
      [[{ ops: [{ op: 'flip_vertical' }], copies: 0 }], 'recipe[0].copies'],
      [[{ ops: [] }], 'recipe[0].ops'],
      [[], 'recipe'],
    ];
    for (const [recipe, field] of cases) {
      const r = await s.gql(AUGMENT, { input: { dataset, recipe } });
      assert.equal(errorCode(r), 'BAD_USER_INPUT', JSON.stringify(recipe));
      assert.equal(r.errors![0].extensions!.field, field, JSON.stringify(r.errors));
    }
    const noMatch = await s.gql(AUGMENT, { input: { dataset, recipe: [{ ops: [{ op: 'flip_vertical' }] }], filter: { keyPrefix: 'zebra' } } });
    assert.equal(errorCode(noMatch), 'BAD_USER_INPUT');
    const onTag = await s.gql(AUGMENT, { input: { dataset, branch: 'nope', recipe: [{ ops: [{ op: 'flip_vertical' }] }] } });
    assert.equal(errorCode(onTag), 'NOT_FOUND');
    const viewer = await s.gql(AUGMENT, { input: { dataset, recipe: [{ ops: [{ op: 'flip_vertical' }] }] } }, 'labeller');
    assert.equal(errorCode(viewer), 'FORBIDDEN');
    assert.equal(await uncommitted(), before);
    const jobs = s.app.db.$client.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'augment'`).get() as { n: number };
    assert.equal(jobs.n, 0);
  });

  test('planAugmentation proposes darkened copies; augment(plan) makes them, reviewed and committed, and the gap closes', async () => {
    const planned = await s.ok(
      `mutation($input: PlanAugmentationInput!) { planAugmentation(input: $input) { plan {
        id ref axes minPerCell recipe sourceCount sources { key chain fills } unfillable { values }
        expectedCoverage { scoreBefore score missingBefore newItems missing { values count } } } } }`,
      { input: { dataset, axes: ['lighting'], minPerCell: 2, maxNewItems: 100 } },
    );
    const plan = planned.planAugmentation.plan;
    assert.equal(plan.sourceCount, 4);
    assert.deepEqual(plan.sources.map((x: { fills: string[] }) => x.fills[0]).sort(), ['dark', 'dark', 'normal', 'normal']);
    assert.ok(plan.recipe.every((c: { ops: Array<{ op: string }> }) => c.ops.every((o) => o.op === 'brightness')), JSON.stringify(plan.recipe));
    assert.equal(plan.expectedCoverage.scoreBefore, 0.3333);
    assert.equal(plan.expectedCoverage.score, 1);
    assert.equal(plan.expectedCoverage.missing.length, 0);
    const again = await s.ok(`query($id: ID!) { node(id: $id) { ... on AugmentPlan { id sourceCount } } }`, { id: plan.id });
    assert.equal(again.node.sourceCount, 4);

    const r = await s.ok(AUGMENT, { input: { dataset, plan: plan.id } });
    assert.equal(r.augment.job.kind, 'augment');
    const job = await waitJob(r.augment.job.id);
    assert.equal(job.state, 'SUCCEEDED', JSON.stringify(job));
    assert.equal(job.result.created, 4);
    assert.equal(job.result.failed, 0);
    // Darkened copies that came out DARK are what the plan asked for: intended, not defects.
    for (const f of job.result.flagged) assert.deepEqual(f.unexpected.filter((x: string) => x !== 'LOW_INFORMATION'), [], JSON.stringify(f));
    assert.ok(job.result.flagged.some((f: { intended: string[] }) => f.intended.includes('DARK')), JSON.stringify(job.result));
    assert.equal(await uncommitted(), 4);

    const derived = await s.ok(
      `query($id: ID!) { node(id: $id) { ... on Dataset { items(filter: { derived: true }, first: 10) { totalCount nodes {
        key labels status attributes family derivedFrom { key revision } augmentation { seed chain copy plan ops { op params modelFree } }
        ... on ImageCaption { caption image { sha256 } quality { flags metrics } } } } } } }`,
      { id: dataset },
    );
    const nodes = derived.node.items.nodes;
    assert.equal(derived.node.items.totalCount, 4);
    for (const n of nodes) {
      assert.match(n.key, /^[a-z-]+~p\d+\.\d+\.0$/);
      const src = SOURCES.find(([k]) => k === n.derivedFrom.key)!;
      assert.ok(src, n.derivedFrom.key);
      assert.deepEqual(n.labels, [src[2]], 'labels are inherited');
      assert.equal(n.status, 'LABELED');
      assert.equal(n.caption, src[3]);
      assert.equal(n.family, n.derivedFrom.key.localeCompare(n.key) < 0 ? n.derivedFrom.key : n.key);
      assert.equal(n.augmentation.plan, plan.id);
      assert.equal(n.augmentation.ops[0].op, 'brightness');
      assert.equal(n.augmentation.ops[0].modelFree, true);
      assert.ok(n.augmentation.ops[0].params.factor < 1);
      const meanLuma = n.quality.metrics.brightnessMean;
      assert.ok(meanLuma < 170, `${n.key} measured ${meanLuma}`);
    }
    const originals = await s.ok(`query($id: ID!) { node(id: $id) { ... on Dataset { items(filter: { derived: false }) { totalCount } } } }`, { id: dataset });
    assert.equal(originals.node.items.totalCount, 6);
    const fromAstronaut = await s.ok(`query($id: ID!) { node(id: $id) { ... on Dataset { items(filter: { derivedFrom: "astronaut" }) { nodes { key } } } } }`, { id: dataset });
    assert.ok(fromAstronaut.node.items.nodes.length >= 1);

    // The branch's live state already counts them; the commit records them and the spec version.
    const live = await lighting('main');
    assert.equal(live.score, 1);
    const committed = await s.ok(`mutation($d: ID!) { commit(input: { dataset: $d, message: "fill lighting" }) { version { id coverageSpecVersion qualityPolicyVersion } } }`, { d: dataset });
    assert.equal(committed.commit.version.coverageSpecVersion, 0);
    const atVersion = await lighting(committed.commit.version.id, true);
    assert.equal(atVersion.score, 1);
    assert.equal(atVersion.missing.length, 0);
    assert.equal(atVersion.itemCount, 10);
    // Only the first sources (astronaut, chelsea) were darkened: vehicles were only ever seen bright.
    const vehicle = atVersion.perLabel.find((l: { label: string }) => l.label === 'vehicle');
    assert.ok(vehicle.score < 1, JSON.stringify(atVersion.perLabel));
    assert.ok(vehicle.missing.some((m: { values: string[] }) => m.values[0] === 'dark'));

    const families = await s.ok(`query($id: ID!) { node(id: $id) { ... on Dataset { families(minSize: 2) { totalCount nodes { id size derivedCount keys } } } } }`, { id: dataset });
    const fam = families.node.families.nodes.find((f: { id: string }) => f.id === 'astronaut');
    assert.ok(fam, JSON.stringify(families));
    assert.ok(fam.derivedCount >= 1 && fam.keys.includes('astronaut'));
  });

  test('a flip is a flip: mirrored pixels, caption words swapped by the map, orientation flipped; the same recipe twice changes nothing', async () => {
    const recipe = [{ ops: [{ op: 'flip_horizontal', params: { captionMap: { left: 'right', right: 'left' } } }] }];
    const input = { dataset, recipe, filter: { keyPrefix: 'moto-l' }, seed: 7 };
    const first = await waitJob((await s.ok(AUGMENT, { input })).augment.job.id);
    assert.equal(first.state, 'SUCCEEDED', JSON.stringify(first));
    assert.equal(first.result.created, 1);
    const q = `query($id: ID!) { node(id: $id) { ... on Dataset { item(key: "moto-l~0.0") { revision attributes derivedFrom { key }
      ... on ImageCaption { caption image { sha256 } } } } } }`;
    const item = (await s.ok(q, { id: dataset })).node.item;
    assert.equal(item.caption, 'A red motorcycle in a workshop, right view');
    assert.equal(item.attributes.orientation, 'flipped');
    const res = await fetch(`${s.url}/media/${item.image.sha256}`, { headers: s.auth('viewer') });
    const got = await sharp(Buffer.from(await res.arrayBuffer())).raw().toBuffer();
    const want = await sharp(bright['moto-l']).flop().raw().toBuffer();
    assert.ok(got.equals(want), 'pixels equal the mirrored source');

    const second = await waitJob((await s.ok(AUGMENT, { input })).augment.job.id);
    assert.equal(second.result.created, 0);
    assert.equal(second.result.unchanged, 1);
    const again = (await s.ok(q, { id: dataset })).node.item;
    assert.equal(again.revision, item.revision);
    assert.equal(again.image.sha256, item.image.sha256);
  });

  test('sampled params come from the seed: same seed same bytes, another seed other bytes', async () => {
    const recipe = [{ ops: [{ op: 'brightness', params: { factor: { min: 0.5, max: 0.9 } } }, { op: 'noise', params: { sigma: 4 } }], copies: 2 }];
    const shas = async () => {
      const r = await s.ok(`query($id: ID!) { node(id: $id) { ... on Dataset { items(filter: { derivedFrom: "coffee" }) { nodes { key augmentation { seed ops { params } } ... on ImageCaption { image { sha256 } } } } } } }`, { id: dataset });
      return r.node.items.nodes.filter((n: { key: string }) => n.key.startsWith('coffee~0.'));
    };
    const run = async (seed: number) => waitJob((await s.ok(AUGMENT, { input: { dataset, recipe, seed, filter: { keyPrefix: 'coffee' } } })).augment.job.id);
    assert.equal((await run(1)).state, 'SUCCEEDED');
    const a = await shas();
    assert.equal(a.length, 2);
    assert.notEqual(a[0].image.sha256, a[1].image.sha256, 'two copies differ');
    assert.notEqual(a[0].augmentation.ops[0].params.factor, a[1].augmentation.ops[0].params.factor);
    const r2 = await run(2);
    assert.equal(r2.result.updated, 2);
    const b = await shas();
    assert.notEqual(a[0].image.sha256, b[0].image.sha256);
    const r3 = await run(1);
    assert.equal(r3.result.updated, 2);
    const c = await shas();
    assert.deepEqual(c.map((n: { image: { sha256: string } }) => n.image.sha256), a.map((n: { image: { sha256: string } }) => n.image.sha256));
    const blob = await fetch(`${s.url}/media/${c[0].image.sha256}`, { headers: s.auth('viewer') });
    assert.equal(crypto.createHash('sha256').update(Buffer.from(await blob.arrayBuffer())).digest('hex'), a[0].image.sha256);
  });

  test('coverage specs are versioned data; malformed ones and unknown axes are BAD_USER_INPUT naming the setting', async () => {
    const set = 'mutation($input: SetCoverageSpecInput!) { setCoverageSpec(input: $input) { version spec dataset { coverageSpecVersion } } }';
    const bad: Array<[unknown, string]> = [
      [{ axes: { lighting: { source: 'metric', metric: 'nope', buckets: [{ name: 'a', below: 1 }, { name: 'b' }] } } }, 'spec.axes.lighting.metric'],
      [{ axes: { lighting: { source: 'metric', metric: 'brightnessMean', buckets: [{ name: 'a', below: 9 }, { name: 'b', below: 3 }, { name: 'c' }] } } }, 'spec.axes.lighting.buckets[1].below'],
      [{ axes: { mood: { source: 'vibes' } } }, 'spec.axes.mood.source'],
      [{ colours: {} }, 'spec.colours'],
    ];
    for (const [spec, field] of bad) {
      const r = await s.gql(set, { input: { dataset, spec } });
      assert.equal(errorCode(r), 'BAD_USER_INPUT', JSON.stringify(spec));
      assert.equal(r.errors![0].extensions!.field, field);
    }
    const unknownAxis = await s.gql(`query($id: ID!) { node(id: $id) { ... on Dataset { coverage(axes: ["mood"]) { score } } } }`, { id: dataset });
    assert.equal(errorCode(unknownAxis), 'BAD_USER_INPUT');
    assert.equal(unknownAxis.errors![0].extensions!.axis, 'mood');

    const ok = await s.ok(set, {
      input: { dataset, spec: { axes: { lighting: { source: 'metric', metric: 'brightnessMean', buckets: [{ name: 'dim', below: 120 }, { name: 'lit' }] } } } },
    });
    assert.equal(ok.setCoverageSpec.version, 1);
    assert.equal(ok.setCoverageSpec.dataset.coverageSpecVersion, 1);
    const now = await s.ok(`query($id: ID!) { node(id: $id) { ... on Dataset { coverage(axes: ["lighting"], minPerCell: 1) { specVersion axes { buckets { name } } } coverageSpecs { version } } } }`, { id: dataset });
    assert.equal(now.node.coverage.specVersion, 1);
    assert.deepEqual(now.node.coverage.axes[0].buckets.map((b: { name: string }) => b.name), ['dim', 'lit']);
    assert.deepEqual(now.node.coverageSpecs.map((v: { version: number }) => v.version), [1, 0]);
  });

  test('a source whose blob went missing fails that copy with its reason; the others land', async () => {
    const item = (await s.ok(`query($id: ID!) { node(id: $id) { ... on Dataset { item(key: "rocket") { ... on ImageCaption { image { sha256 } } } } } }`, { id: dataset })).node.item;
    const file = s.app.blobs.localPath(item.image.sha256)!;
    const kept = fs.readFileSync(file);
    fs.rmSync(file);
    try {
      const r = await waitJob((await s.ok(AUGMENT, { input: { dataset, recipe: [{ ops: [{ op: 'grayscale' }] }], filter: { keyPrefix: 'r' } } })).augment.job.id);
      assert.equal(r.state, 'SUCCEEDED');
      assert.equal(r.result.failed, 1);
      assert.equal(r.errors[0].file, 'rocket~0.0');
      assert.equal(r.errors[0].code, 'INVALID_MEDIA');
    } finally {
      fs.writeFileSync(file, kept);
    }
  });
});

describe('tuneset coverage and tuneset augment', () => {
  test('the terminal heat map, JSON, a PNG heat map, a recipe file, and bad input as exit code 2', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-cli-cov-'));
    const data = path.join(root, 'data');
    const images = path.join(root, 'images');
    fs.mkdirSync(images);
    const lines: string[] = [];
    for (const f of ['astronaut.png', 'coffee.png', 'chelsea.png', 'camera.png']) {
      fs.copyFileSync(path.join(CORPUS, 'images', f), path.join(images, f));
      lines.push(JSON.stringify({ file_name: f, caption: `a photo called ${f}` }));
    }
    fs.writeFileSync(path.join(images, 'metadata.jsonl'), lines.join('\n'));
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin/tuneset.mjs'), ...args, '--data', data], { encoding: 'utf8', cwd: root, env: { ...process.env, NODE_ENV: 'test' } });
    try {
      assert.equal(cli('dataset', 'create', 'photos', '--modality', 'IMAGE_CAPTION').status, 0);
      const imp = cli('import', 'photos', 'images', '-m', 'photos');
      assert.equal(imp.status, 0, imp.stderr);
      const text = cli('coverage', 'photos', '--axes', 'lighting,colour', '--min-per-cell', '1');
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /lighting × colour/);
      assert.match(text.stdout, /grayscale/);
      const png = path.join(root, 'heat.png');
      const json = cli('coverage', 'photos', '--axes', 'lighting,colour', '--json', '--png', png);
      assert.equal(json.status, 0, json.stderr);
      const c = JSON.parse(json.stdout);
      assert.equal(c.items, 4);
      assert.equal(c.pairs[0].cells.length, 3 * 2);
      const head = fs.readFileSync(png).subarray(0, 8);
      assert.deepEqual([...head], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');

      fs.writeFileSync(path.join(root, 'recipe.json'), JSON.stringify([{ ops: [{ op: 'brightness', params: { factor: 0.3 } }] }]));
      const aug = cli('augment', 'photos', '--recipe', 'recipe.json', '--seed', '4');
      assert.equal(aug.status, 0, aug.stderr);
      const result = JSON.parse(aug.stdout.slice(aug.stdout.indexOf('{')));
      assert.equal(result.created, 4);
      const after = JSON.parse(cli('coverage', 'photos', '--axes', 'lighting', '--json').stdout);
      assert.equal(after.items, 8);
      assert.ok(after.axes[0].buckets.find((b: { name: string }) => b.name === 'dark').count >= 3, JSON.stringify(after.axes));

      fs.writeFileSync(path.join(root, 'bad.json'), JSON.stringify([{ ops: [{ op: 'brightness', params: { factor: 9 } }] }]));
      const bad = cli('augment', 'photos', '--recipe', 'bad.json');
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /BAD_USER_INPUT: Chain 0, op 0 \("brightness"\)/);
      fs.writeFileSync(path.join(root, 'broken.json'), '[{"ops": [');
      assert.equal(cli('augment', 'photos', '--recipe', 'broken.json').status, 2);
      const axis = cli('coverage', 'photos', '--axes', 'weather');
      assert.equal(axis.status, 2);
      assert.match(axis.stderr, /BAD_USER_INPUT: Unknown coverage axis "weather"/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

