/**
 * Dataset.families' listing (familiesFrom): families of two or more merged in id order with the
 * singletons the index keeps as a sorted key list, paged by the last id, and minSize honoured.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { familiesFrom, type FamilyIndex } from '../../src/modules/augment/families.js';

const index: FamilyIndex = {
  familyOf: new Map([['b', 'b'], ['b~0.0', 'b'], ['e', 'e'], ['f', 'e']]),
  families: [
    { id: 'b', size: 2, derivedCount: 1, keys: ['b', 'b~0.0'] },
    { id: 'e', size: 2, derivedCount: 0, keys: ['e', 'f'] },
  ],
  singletons: ['a', 'c', 'd', 'g'],
  singletonDerived: Uint8Array.from([0, 1, 0, 0]),
};

test('minSize 1 lists every family in id order, singletons included, page by page', () => {
  const ids: string[] = [];
  let after = '';
  for (;;) {
    const page = familiesFrom(index, 1, after, 3);
    ids.push(...page.nodes.map((f) => f.id));
    assert.equal(page.total, 6);
    if (!page.hasNextPage) break;
    after = page.nodes.at(-1)!.id;
  }
  assert.deepEqual(ids, ['a', 'b', 'c', 'd', 'e', 'g']);
  const c = familiesFrom(index, 1, 'b', 1).nodes[0];
  assert.deepEqual(c, { id: 'c', size: 1, derivedCount: 1, keys: ['c'] });
});

test('minSize 2 lists the shared families only', () => {
  const page = familiesFrom(index, 2, '', 10);
  assert.deepEqual(page.nodes.map((f) => f.id), ['b', 'e']);
  assert.equal(page.total, 2);
  assert.equal(page.hasNextPage, false);
  assert.deepEqual(familiesFrom(index, 2, 'b', 10).nodes.map((f) => f.id), ['e']);
  assert.equal(familiesFrom(index, 3, '', 10).total, 0);
});
