/**
 * Quality over real HTTP: scores on items right after addItems, filters, audits, duplicate
 * clusters, policy changes with their re-score job, and `tuneset audit` as a child process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { CORPUS, errorCode, ROOT, sleep, startTestServer, uploadBytes, uploadFile, type TestServer } from '../helpers/server.js';

const QUALITY = 'quality { score flags metrics policyVersion }';

describe('quality over GraphQL', () => {
  let s: TestServer;
  let datasetId: string;
  const sha: Record<string, string> = {};

  before(async () => {
    s = await startTestServer();
    const created = await s.ok(
      `mutation { createDataset(input: { name: "photos", modality: IMAGE_CAPTION, targetTask: "stable-diffusion-dreambooth" }) { dataset { id targetLanguage targetTask qualityPolicyVersion } } }`,
    );
    datasetId = created.createDataset.dataset.id;
    assert.equal(created.createDataset.dataset.targetLanguage, 'en');
    for (const f of ['astronaut.png', 'motorcycle_left.png', 'motorcycle_right.png', 'coffee.png']) {
      const r = await uploadFile(s, path.join(CORPUS, 'images', f));
      assert.equal(r.status, 201);
      sha[f] = r.json.sha256;
    }
    // Derived copies the test makes itself: a blurred and a darkened astronaut, a JPEG re-encode.
    const src = path.join(CORPUS, 'images', 'astronaut.png');
    for (const [name, bytes] of [
      ['blurred', await sharp(src).blur(4).png().toBuffer()],
      ['dark', await sharp(src).linear(0.12, 0).png().toBuffer()],
      ['reencoded', await sharp(src).jpeg({ quality: 60 }).toBuffer()],
    ] as const) {
      const r = await uploadBytes(s, bytes);
      assert.equal(r.status, 201);
      sha[name] = r.json.sha256;
    }
  });
  after(() => s.close());

  test('addItems answers with each item scored and explained', async () => {
    const items = [
      { key: 'astronaut', mediaSha256: sha['astronaut.png'], caption: 'An astronaut in a white suit in front of a flag' },
      { key: 'moto-l', mediaSha256: sha['motorcycle_left.png'], caption: 'A red motorcycle in a workshop, left view' },
      { key: 'moto-r', mediaSha256: sha['motorcycle_right.png'], caption: 'A red motorcycle in a workshop, right view' },
      { key: 'coffee', mediaSha256: sha['coffee.png'], caption: '' },
      { key: 'blurred', mediaSha256: sha.blurred, caption: 'A blurred astronaut portrait photo' },
      { key: 'dark', mediaSha256: sha.dark, caption: 'A dark astronaut portrait photo' },
      { key: 'reencoded', mediaSha256: sha.reencoded, caption: 'An astronaut in a white suit in front of a flag' },
    ];
    const r = await s.ok(
      `mutation($input: AddItemsInput!) { addItems(input: $input) { items { key ... on ImageCaption { ${QUALITY} } } } }`,
      { input: { dataset: datasetId, items } },
    );
    const byKey = Object.fromEntries(r.addItems.items.map((i: { key: string; quality: unknown }) => [i.key, i.quality]));
    assert.ok(byKey.blurred.flags.includes('BLURRY'), JSON.stringify(byKey.blurred));
    assert.ok(byKey.dark.flags.includes('DARK'), JSON.stringify(byKey.dark));
    assert.ok(byKey.coffee.flags.includes('CAPTION_EMPTY'));
    assert.ok(byKey.astronaut.score > byKey.blurred.score);
    assert.equal(typeof byKey.blurred.metrics.sharpness, 'number');
  });

  test('motion blur and a ×2.6 + 70 push are flagged with their reasons in metrics; a removed or out-of-range blur setting is refused', async () => {
    const created = await s.ok(`mutation { createDataset(input: { name: "unseen", modality: IMAGE_CAPTION }) { dataset { id } } }`);
    const ds = created.createDataset.dataset.id;
    const src = path.join(CORPUS, 'images', 'chelsea.png');
    // A 15 px horizontal smear (sharp's convolve with a line kernel) and an overexposed push of the same photo.
    // (sharp wants at least 3 × 3: the line is the middle row.)
    const line = { width: 15, height: 3, kernel: [...new Array(15).fill(0), ...new Array(15).fill(1), ...new Array(15).fill(0)] };
    const uploads: Record<string, string> = {};
    for (const [name, bytes] of [
      ['smear', await sharp(src).convolve(line).png().toBuffer()],
      ['pushed', await sharp(src).linear(2.6, 70).png().toBuffer()],
      ['clean', await sharp(src).png().toBuffer()],
    ] as const) {
      const r = await uploadBytes(s, bytes);
      assert.equal(r.status, 201);
      uploads[name] = r.json.sha256;
    }
    const r = await s.ok(`mutation($input: AddItemsInput!) { addItems(input: $input) { items { key ... on ImageCaption { ${QUALITY} } } } }`, {
      input: { dataset: ds, items: Object.entries(uploads).map(([key, mediaSha256]) => ({ key, mediaSha256, caption: `A cat photo, ${key} copy` })) },
    });
    const byKey = Object.fromEntries(r.addItems.items.map((i: { key: string; quality: unknown }) => [i.key, i.quality]));
    assert.ok(byKey.smear.flags.includes('BLURRY'), JSON.stringify(byKey.smear));
    assert.equal(byKey.smear.metrics.blurKind, 'motion');
    assert.equal(byKey.smear.metrics.blurAngle, 0);
    assert.ok(byKey.pushed.flags.includes('OVEREXPOSED'), JSON.stringify(byKey.pushed));
    assert.ok(byKey.pushed.metrics.clippedShare > 0.5);
    for (const f of ['BLURRY', 'DARK', 'OVEREXPOSED']) assert.ok(!byKey.clean.flags.includes(f), `${f}: ${JSON.stringify(byKey.clean)}`);
    assert.equal(byKey.clean.metrics.blurKind, null);
    for (const image of [{ blurryMaxSharpness: 0.9 }, { blurryMinDetailLoss: 2 }, { overexposedMinClippedShare: -0.1 }]) {
      const bad = await s.gql(`mutation($input: SetQualityPolicyInput!) { setQualityPolicy(input: $input) { job { id } } }`, { input: { dataset: ds, policy: { image } } });
      assert.equal(errorCode(bad), 'BAD_USER_INPUT', JSON.stringify(bad));
    }
  });

  test('items read at a ref carry the ref duplicate flags; filters use them', async () => {
    const r = await s.ok(`query { dataset(name: "photos") { items(first: 50) { nodes { key ... on ImageCaption { ${QUALITY} } } } } }`);
    const q = Object.fromEntries(r.dataset.items.nodes.map((n: { key: string; quality: { flags: string[] } }) => [n.key, n.quality.flags]));
    assert.ok(q['moto-l'].includes('NEAR_DUPLICATE'));
    assert.ok(q['reencoded'].includes('NEAR_DUPLICATE'));
    assert.ok(q['astronaut'].includes('DUPLICATE_CAPTION'));
    const f = await s.ok(`query { dataset(name: "photos") { items(first: 50, filter: { flags: [NEAR_DUPLICATE] }) { totalCount nodes { key } } } }`);
    const keys = f.dataset.items.nodes.map((n: { key: string }) => n.key);
    for (const k of ['moto-l', 'moto-r', 'astronaut', 'reencoded']) assert.ok(keys.includes(k), k);
    assert.equal(f.dataset.items.totalCount, keys.length);
    const low = await s.ok(`query { dataset(name: "photos") { items(first: 50, filter: { maxScore: 0.6 }) { nodes { key } } } }`);
    assert.ok(low.dataset.items.nodes.some((n: { key: string }) => n.key === 'blurred'));
  });

  test('duplicateClusters pages with members and a representative', async () => {
    const q = `query($after: String) { dataset(name: "photos") { duplicateClusters(first: 1, after: $after) { totalCount
      pageInfo { hasNextPage endCursor } nodes { kind size keys maxDistance representative { key } members { key } } } } }`;
    const seen: Array<{ kind: string; keys: string[] }> = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const r: Record<string, any> = await s.ok(q, { after });
      const c: Record<string, any> = r.dataset.duplicateClusters;
      seen.push(...c.nodes);
      for (const n of c.nodes) {
        assert.equal(n.size, n.keys.length);
        assert.deepEqual(n.members.map((m: { key: string }) => m.key), n.keys);
        assert.ok(n.keys.includes(n.representative.key));
      }
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    assert.ok(seen.some((c) => c.kind === 'NEAR' && c.keys.includes('moto-l') && c.keys.includes('moto-r')));
    assert.ok(seen.some((c) => c.kind === 'CAPTION'));
    const bad = await s.gql(`query { dataset(name: "photos") { duplicateClusters(first: 1, after: "nope") { totalCount } } }`);
    assert.equal(errorCode(bad), 'BAD_USER_INPUT');
  });

  test('audit and auditDiff answer the curator after a cleaning pass', async () => {
    const AUDIT = `itemCount scoredCount meanScore flagCounts { flag count } scoreHistogram duplicateClusterCount imageWidth { min max }
      readiness { task ok required have unit gpuMemoryGB notes }`;
    const before = await s.ok(`query { dataset(name: "photos") { audit { ${AUDIT} } } }`);
    const a = before.dataset.audit;
    assert.equal(a.itemCount, 7);
    assert.equal(a.scoreHistogram.reduce((x: number, y: number) => x + y, 0), 7);
    assert.equal(a.readiness.task, 'stable-diffusion-dreambooth');
    assert.equal(a.readiness.ok, false, 'fewer than 10 usable images');
    await s.ok(`mutation($d: ID!) { commit(input: { dataset: $d, message: "raw" }) { version { id } } }`, { d: datasetId });
    await s.ok(`mutation($d: ID!) { removeItems(input: { dataset: $d, keys: ["blurred", "dark", "reencoded"] }) { removedCount } }`, { d: datasetId });
    const versions = await s.ok(`query { dataset(name: "photos") { versions(first: 1) { nodes { id } } } }`);
    const diff = await s.ok(
      `query($v: String!) { dataset(name: "photos") { auditDiff(from: $v, to: "main") {
        itemCountDelta meanScoreDelta readinessChanged flagCountDeltas { flag from to delta } to { itemCount } } } }`,
      { v: versions.dataset.versions.nodes[0].id },
    );
    // diff's before side is read at the old version: the removed re-encode was a near duplicate there.
    const changes = await s.ok(
      `query($v: String!) { dataset(name: "photos") { diff(from: $v, to: "main") { nodes { key kind before { ... on ImageCaption { quality { flags } } } } } } }`,
      { v: versions.dataset.versions.nodes[0].id },
    );
    const reencoded = changes.dataset.diff.nodes.find((n: { key: string }) => n.key === 'reencoded');
    assert.equal(reencoded.kind, 'REMOVED');
    assert.ok(reencoded.before.quality.flags.includes('NEAR_DUPLICATE'), JSON.stringify(reencoded));
    const ad = diff.dataset.auditDiff;
    assert.equal(ad.itemCountDelta, -3);
    assert.ok(ad.meanScoreDelta > 0);
    const delta = (f: string) => ad.flagCountDeltas.find((x: { flag: string }) => x.flag === f).delta;
    assert.equal(delta('BLURRY'), -1);
    assert.equal(delta('DARK'), -1);
  });

  test('setQualityPolicy records a version and re-scores in a job; bad input and roles are refused', async () => {
    const r = await s.ok(
      `mutation($input: SetQualityPolicyInput!) { setQualityPolicy(input: $input) { dataset { qualityPolicyVersion qualityPolicy } job { id kind } } }`,
      { input: { dataset: datasetId, policy: { image: { minSide: 1000 } } } },
    );
    assert.equal(r.setQualityPolicy.dataset.qualityPolicyVersion, 2);
    assert.equal(r.setQualityPolicy.dataset.qualityPolicy.image.minSide, 1000);
    assert.equal(r.setQualityPolicy.job.kind, 'rescore');
    for (;;) {
      const j = await s.ok(`query($id: ID!) { job(id: $id) { state } }`, { id: r.setQualityPolicy.job.id });
      if (j.job.state === 'SUCCEEDED') break;
      assert.ok(['QUEUED', 'RUNNING'].includes(j.job.state), j.job.state);
      await sleep(20);
    }
    const item = await s.ok(`query { dataset(name: "photos") { item(key: "astronaut") { ... on ImageCaption { ${QUALITY} } } } }`);
    assert.equal(item.dataset.item.quality.policyVersion, 2);
    assert.ok(item.dataset.item.quality.flags.includes('LOW_RESOLUTION'));
    const hist = await s.ok(`query { dataset(name: "photos") { qualityPolicies { version createdBy } } }`);
    assert.deepEqual(hist.dataset.qualityPolicies.map((p: { version: number }) => p.version), [2, 1]);

    const bad = await s.gql(`mutation($input: SetQualityPolicyInput!) { setQualityPolicy(input: $input) { job { id } } }`, {
      input: { dataset: datasetId, policy: { image: { minSid: 10 } } },
    });
    assert.equal(errorCode(bad), 'BAD_USER_INPUT');
    const forbidden = await s.gql(
      `mutation($input: SetQualityPolicyInput!) { setQualityPolicy(input: $input) { job { id } } }`,
      { input: { dataset: datasetId, policy: {} } },
      'labeller',
    );
    assert.equal(errorCode(forbidden), 'FORBIDDEN');
    const tasks = await s.ok(`query { fineTuningTasks { key minimum unit gpuMemoryGB gpuMemoryGB4bit } }`, {}, 'viewer');
    const llama = tasks.fineTuningTasks.find((t: { key: string }) => t.key === 'llama-2-7b');
    assert.equal(llama.gpuMemoryGB, 70);
  });

  test('addItems with more new media than it measures inline answers with the scoring job to follow', async () => {
    const created = await s.ok(`mutation { createDataset(input: { name: "many", modality: IMAGE_CAPTION }) { dataset { id } } }`);
    const items = [];
    for (let i = 0; i < 17; i++) {
      // Distinct real images: crops of a corpus photo at different offsets.
      const bytes = await sharp(path.join(CORPUS, 'images', 'chelsea.png')).extract({ left: i * 7, top: i * 3, width: 200, height: 150 }).png().toBuffer();
      const r = await uploadBytes(s, bytes);
      assert.equal(r.status, 201);
      items.push({ key: `crop-${i}`, mediaSha256: r.json.sha256, caption: `A crop of a cat photo, number ${i}` });
    }
    const r = await s.ok(
      `mutation($input: AddItemsInput!) { addItems(input: $input) { scoreJob { id kind } items { key ... on ImageCaption { quality { score } } } } }`,
      { input: { dataset: created.createDataset.dataset.id, items } },
    );
    assert.equal(r.addItems.scoreJob.kind, 'score');
    assert.ok(r.addItems.items.every((i: { quality: unknown }) => i.quality === null), 'null while scoring runs');
    for (;;) {
      const j = await s.ok(`query($id: ID!) { job(id: $id) { state } }`, { id: r.addItems.scoreJob.id });
      if (j.job.state === 'SUCCEEDED') break;
      assert.ok(['QUEUED', 'RUNNING'].includes(j.job.state), j.job.state);
      await sleep(20);
    }
    const after = await s.ok(`query { dataset(name: "many") { items(first: 20) { nodes { ... on ImageCaption { quality { score } } } } } }`);
    assert.equal(after.dataset.items.nodes.filter((n: { quality: unknown }) => n.quality !== null).length, 17);
  });

  test('tuneset audit prints a table, or JSON with --json', async () => {
    // A separate data folder: the CLI opens its own SQLite connection.
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-cli-audit-'));
    const root = path.join(data, 'in');
    fs.mkdirSync(root);
    fs.writeFileSync(
      path.join(root, 'pairs.jsonl'),
      [
        { prompt: 'What is a cat?', response: 'A small domesticated carnivorous mammal with soft fur.' },
        { prompt: 'What is a dog?', response: '' },
        { prompt: 'What is a cat?', response: 'A small domesticated carnivorous mammal with soft fur.' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin/tuneset.mjs'), ...args, '--data', data], { encoding: 'utf8', cwd: root, env: { ...process.env, NODE_ENV: 'test' } });
    try {
      assert.equal(cli('dataset', 'create', 'pairs', '--modality', 'TEXT_PAIR', '--target-task', 'llama-2-7b').status, 0);
      const imp = cli('import', 'pairs', path.join(root, 'pairs.jsonl'));
      assert.equal(imp.status, 0, imp.stderr);
      const json = cli('audit', 'pairs', '--json');
      assert.equal(json.status, 0, json.stderr);
      const audit = JSON.parse(json.stdout);
      assert.equal(audit.itemCount, 3);
      assert.equal(audit.scoredCount, 3);
      assert.equal(audit.flagCounts.find((f: { flag: string }) => f.flag === 'RESPONSE_EMPTY').count, 1);
      assert.equal(audit.flagCounts.find((f: { flag: string }) => f.flag === 'EXACT_DUPLICATE').count, 2);
      assert.equal(audit.readiness.ok, false);
      const text = cli('audit', 'pairs');
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /RESPONSE_EMPTY\s+1/);
      assert.match(text.stdout, /NOT READY/);
      const missing = cli('audit', 'nope');
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /NOT_FOUND/);
    } finally {
      fs.rmSync(data, { recursive: true, force: true });
    }
  });
});
