import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { errorCode, startTestServer, type TestServer } from '../helpers/server.js';

/** Behaviour a hostile or careless client must not be able to break. */
describe('hardening', () => {
  let s: TestServer;
  let dataset: string;
  before(async () => {
    s = await startTestServer();
    const r = await s.ok<{ createDataset: { dataset: { id: string } } }>(
      'mutation { createDataset(input: { name: "hard", modality: TEXT_PAIR }) { dataset { id } } }',
    );
    dataset = r.createDataset.dataset.id;
  });
  after(async () => {
    await s.close();
  });

  test('malformed or oversized bodies get JSON errors, never an HTML page with a stack trace', async () => {
    const bad = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...s.auth() }, body: '{bad' });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /application\/json/);
    const body = await bad.text();
    assert.doesNotMatch(body, /node_modules|at .*\(|<html/i);
    assert.equal(JSON.parse(body).errors[0].extensions.code, 'BAD_REQUEST');

    const big = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...s.auth() },
      body: JSON.stringify({ query: '{ viewer { name } }', pad: 'x'.repeat(6 * 1024 * 1024) }),
    });
    assert.equal(big.status, 413);
    const bigBody = await big.text();
    assert.doesNotMatch(bigBody, /node_modules|<html/i);
    assert.equal(JSON.parse(bigBody).errors[0].extensions.code, 'PAYLOAD_TOO_LARGE');
  });

  test('Media.url points at the server, whatever Host header the client sends', async () => {
    const bytes = fs.readFileSync(path.resolve(import.meta.dirname, '../../../shared/corpus/images/horse.png'));
    const up = await fetch(`${s.url}/media`, { method: 'POST', headers: s.auth(), body: bytes });
    const { sha256 } = (await up.json()) as { sha256: string };
    // node:http, not fetch: fetch may drop a Host header, and this test needs it sent.
    const payload = JSON.stringify({ query: 'query($s: String!) { media(sha256: $s) { url } }', variables: { s: sha256 } });
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', host: 'evil.example', ...s.auth() } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end(payload);
    });
    const url = (JSON.parse(body) as { data: { media: { url: string } } }).data.media.url;
    assert.ok(url.startsWith(`${s.url}/media/${sha256}?`), url);
    assert.equal((await fetch(url)).status, 200);
  });

  test('a filter with too many terms is BAD_USER_INPUT, not a server error', async () => {
    const labels = Array.from({ length: 1000 }, (_, i) => `l${i}`);
    const r = await s.gql('query($l: [String!]) { dataset(name: "hard") { items(filter: { labels: $l }) { totalCount } } }', { l: labels });
    assert.equal(errorCode(r), 'BAD_USER_INPUT');
    const attrs = Object.fromEntries(labels.map((l) => [l, 1]));
    const r2 = await s.gql('query($a: JSON) { dataset(name: "hard") { items(filter: { attributes: $a }) { totalCount } } }', { a: attrs });
    assert.equal(errorCode(r2), 'BAD_USER_INPUT');
  });

  test('attributes keep JSON as sent: no silent changes, no prototype tricks', async () => {
    const r = await s.gql(
      'mutation($d: ID!, $a: JSON) { addItems(input: { dataset: $d, items: [{ key: "p", prompt: "q", response: "a", attributes: $a }] }) { items { attributes } } }',
      { d: dataset, a: JSON.parse('{"z": {"__proto__": {"polluted": 1}}, "a": [1, 2]}') },
    );
    assert.equal(r.errors, undefined);
    assert.deepEqual(r.data?.addItems.items[0].attributes, JSON.parse('{"a": [1, 2], "z": {"__proto__": {"polluted": 1}}}'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const inf = await s.gql(
      'mutation($d: ID!) { addItems(input: { dataset: $d, items: [{ key: "inf", prompt: "q", response: "a", attributes: { x: 1e400 } }] }) { items { key } } }',
      { d: dataset },
    );
    assert.equal(errorCode(inf), 'BAD_USER_INPUT');
  });

  test('only a curator may discard a branch’s uncommitted changes (they may be anyone’s)', async () => {
    const r = await s.gql('mutation($d: ID!) { discardChanges(input: { dataset: $d }) { discardedCount } }', { d: dataset }, 'labeller');
    assert.equal(errorCode(r), 'FORBIDDEN');
  });

  test('version(ref) of an unknown ref is null; ids with base64 padding still resolve', async () => {
    const r = await s.ok<{ dataset: { version: null } }>('{ dataset(name: "hard") { version(ref: "nosuch") { id } } }');
    assert.equal(r.dataset.version, null);
    const padded = dataset + '='.repeat((4 - (dataset.length % 4)) % 4);
    const n = await s.ok<{ node: { name: string } }>('query($id: ID!) { node(id: $id) { ... on Dataset { name } } }', { id: padded });
    assert.equal(n.node.name, 'hard');
  });

  test('an import that would commit refuses a branch holding other uncommitted changes', async () => {
    fs.mkdirSync(s.config.importRoot, { recursive: true });
    fs.writeFileSync(path.join(s.config.importRoot, 'one.jsonl'), '{"prompt":"x","response":"y"}\n');
    const r = await s.gql(
      'mutation($d: ID!) { importItems(input: { dataset: $d, path: "one.jsonl", format: JSONL, commitMessage: "import one" }) { job { id } } }',
      { d: dataset },
    );
    assert.equal(errorCode(r), 'CONFLICT');
    assert.match(r.errors![0].message, /uncommitted/);
  });
});

describe('history of a removed item', () => {
  test('Dataset.itemHistory reaches a key that no live ref holds any more', async () => {
    const s = await startTestServer();
    try {
      const d = (
        await s.ok<{ createDataset: { dataset: { id: string } } }>(
          'mutation { createDataset(input: { name: "gone", modality: TEXT_PAIR }) { dataset { id } } }',
        )
      ).createDataset.dataset.id;
      await s.ok('mutation($d: ID!) { addItems(input: { dataset: $d, items: [{ key: "k", prompt: "p", response: "r" }] }) { items { key } } }', { d }, 'labeller');
      await s.ok('mutation($d: ID!) { removeItems(input: { dataset: $d, keys: ["k"] }) { removedCount } }', { d }, 'labeller');
      const r = await s.ok<{ dataset: { item: null; itemHistory: { totalCount: number; nodes: Array<{ kind: string; actor: string; item: unknown }> } } }>(
        '{ dataset(name: "gone") { item(key: "k") { key } itemHistory(key: "k") { totalCount nodes { kind actor item { key } } } } }',
      );
      assert.equal(r.dataset.item, null);
      assert.equal(r.dataset.itemHistory.totalCount, 2);
      assert.deepEqual(
        r.dataset.itemHistory.nodes.map((n) => [n.kind, n.item]),
        [
          ['REMOVED', null],
          ['ADDED', { key: 'k' }],
        ],
      );
    } finally {
      await s.close();
    }
  });
});
