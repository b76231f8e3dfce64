/**
 * The export's fresh leakage pass: near-duplicate texts and images found again from their content
 * (real corpus photos and WordNet glosses), distinct ones left alone.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { imagePhash, leakPairs } from '../../src/media/leak-hashes.js';
import { minhashText } from '../../src/media/quality/text.js';
import { MINHASH_PERMUTATIONS } from '../../src/media/quality/types.js';
import { CORPUS } from '../helpers/server.js';

test('near-duplicate texts pair up, distinct ones do not', () => {
  const pairs = fs.readFileSync(path.join(CORPUS, 'text', 'wordnet-pairs-3k.jsonl'), 'utf8').trim().split('\n').slice(0, 200).map((l) => JSON.parse(l) as { prompt: string; response: string });
  const texts = [...pairs.map((p) => `${p.prompt}\n${p.response}`), `${pairs[7].prompt}\n${pairs[7].response}.`];
  const sigs = new Uint32Array(texts.length * MINHASH_PERMUTATIONS);
  texts.forEach((t, i) => sigs.set(minhashText(t), i * MINHASH_PERMUTATIONS));
  const found = leakPairs({ sigs, count: texts.length, hashes: [] }, { jaccard: 0.8, radius: 8 });
  assert.ok(found.some((x) => [x.a, x.b].sort((p, q) => p - q).join() === '7,200'), JSON.stringify(found));
  assert.ok(found.length <= 3, JSON.stringify(found));
});

test('a re-encoded, slightly resized photo is found; other photos are not', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leak-'));
  try {
    const files = ['astronaut.png', 'coffee.png', 'chelsea.png', 'brick.png'].map((f) => path.join(CORPUS, 'images', f));
    const copy = path.join(dir, 'copy.jpg');
    await sharp(files[0]).resize(400).jpeg({ quality: 70 }).toFile(copy);
    const hashes: string[] = [];
    for (const f of [...files, copy]) hashes.push(await imagePhash(f, 50_000_000));
    const found = leakPairs({ sigs: new Uint32Array(0), count: 0, hashes }, { jaccard: 0.8, radius: 8 });
    assert.deepEqual(found.map((x) => [x.a, x.b].sort((p, q) => p - q).join()), ['0,4']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
