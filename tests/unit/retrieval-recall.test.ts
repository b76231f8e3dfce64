/**
 * image-caption-contrastive's retrieval metrics: recall@k in both directions with repeated
 * captions counted as hits, and the exact chance baseline.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chanceRecall, retrievalRecall } from '../../src/trainer/tasks/image-caption-contrastive.js';

test('chance of a hit in the top k is 1 − C(N−m, k) / C(N, k)', () => {
  assert.ok(Math.abs(chanceRecall(10, 1, 1) - 0.1) < 1e-12);
  assert.ok(Math.abs(chanceRecall(10, 1, 5) - 0.5) < 1e-12);
  // 2 matches among 4, top 2: 1 − C(2,2)/C(4,2) = 1 − 1/6
  assert.ok(Math.abs(chanceRecall(4, 2, 2) - 5 / 6) < 1e-12);
  assert.equal(chanceRecall(3, 1, 5), 1);
  assert.equal(chanceRecall(5, 0, 1), 0);
});

test('recall@k per direction: a retrieved item with the query\'s caption text is a hit', () => {
  // sim[i][j]: image i against caption j. Image 0 ranks caption 1 first (same text as its own: a hit);
  // image 2 ranks caption 0 first (a miss at 1), its own second.
  const captions = ['a cat', 'a cat', 'a dog'];
  const sim = Float32Array.from([0.2, 0.9, 0.1, 0.8, 0.3, 0.1, 0.7, 0.1, 0.5]);
  const r = retrievalRecall(sim, 3, captions, [1, 2]);
  assert.equal(r.i2tRecallAt1, 2 / 3);
  assert.equal(r.i2tRecallAt2, 1);
  // each caption's column ranks an image of its own caption text first
  assert.equal(r.t2iRecallAt1, 1);
  assert.equal(r.recallAt1, (2 / 3 + 1) / 2);
});
