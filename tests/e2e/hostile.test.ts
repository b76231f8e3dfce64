/**
 * Issue 7: the server driven over HTTP as an attacker would, with the inputs that broke it.
 * Each test names the defect it guards.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { buildActor } from '../helpers/factories.js';
import { errorCode, ROOT, startTestServer, uploadBytes, type TestServer } from '../helpers/server.js';
import { createDataset } from '../../src/modules/datasets/commands/create-dataset.js';

const BIN = path.join(ROOT, 'bin/tuneset.mjs');

/** A raw HTTP request (fetch drops or rewrites Host and Origin). */
function rawRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'POST', headers: opts.headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' };
  delete env.TUNESET_DATA;
  delete env.TUNESET_IMPORT_ROOT;
  delete env.PORT;
  return env;
}

describe('hostile clients (issue 7)', () => {
  let s: TestServer;
  let dataset: string;
  before(async () => {
    s = await startTestServer();
    dataset = (await s.ok<{ createDataset: { dataset: { id: string } } }>('mutation { createDataset(input: { name: "hostile", modality: TEXT_PAIR }) { dataset { id } } }'))
      .createDataset.dataset.id;
  });
  after(() => s.close());

  const add = (items: unknown[], token = 'labeller') =>
    s.gql('mutation($d: ID!, $i: [ItemInput!]!) { addItems(input: { dataset: $d, items: $i }) { items { key } } }', { d: dataset, i: items }, token);

  test('1. lone surrogates and control characters are BAD_USER_INPUT; the branch still commits', async () => {
    for (const item of [
      { key: '\ud800', prompt: 'q', response: 'a' },
      { key: '\udbff', prompt: 'q', response: 'a' },
      { key: 'ok', prompt: 'q\ud800', response: 'a' },
      { key: 'ok', prompt: 'q', response: 'a', labels: ['x\u0000'] },
      { key: 'ok', prompt: 'q', response: 'a', attributes: { 'k\u0000': 1 } },
      { key: 'ok', prompt: 'q', response: 'a', attributes: { k: 'v\u0000' } },
    ]) {
      const r = await add([item]);
      assert.equal(errorCode(r), 'BAD_USER_INPUT', JSON.stringify(item));
    }
    // The same via a GraphQL string literal is refused by the parser.
    const lit = await s.gql(`mutation($d: ID!) { addItems(input: { dataset: $d, items: [{ key: "\\uD800", prompt: "q", response: "a" }] }) { items { key } } }`, { d: dataset }, 'labeller');
    assert.equal(errorCode(lit), 'GRAPHQL_PARSE_FAILED');
    // Names and messages too.
    assert.equal((await add([{ key: 'k1', prompt: 'q', response: 'a' }])).errors, undefined);
    const bad = await s.gql('mutation($d: ID!, $m: String!) { commit(input: { dataset: $d, message: $m }) { version { id } } }', { d: dataset, m: 'msg \udc00' });
    assert.equal(errorCode(bad), 'BAD_USER_INPUT');
    const good = await s.gql('mutation($d: ID!) { commit(input: { dataset: $d, message: "fine" }) { version { itemCount } } }', { d: dataset });
    assert.equal(good.errors, undefined);
    assert.equal(good.data?.commit.version.itemCount, 1);
  });

  test('3. no token: refused before the body is parsed; bodies and documents are capped', async () => {
    const huge = JSON.stringify({ query: `{ viewer { ${'name '.repeat(1_000_000)} } }` });
    const anon = await rawRequest(`${s.url}/graphql`, { headers: { 'content-type': 'application/json' }, body: huge });
    assert.equal(anon.status, 401);
    assert.equal(JSON.parse(anon.text).errors[0].extensions.code, 'UNAUTHENTICATED');
    const badToken = await rawRequest(`${s.url}/graphql`, { headers: { 'content-type': 'application/json', authorization: 'Bearer tst_nope' }, body: huge });
    assert.equal(badToken.status, 401);
    // With a token: over the 1 MB GraphQL body limit.
    const big = await rawRequest(`${s.url}/graphql`, { headers: { 'content-type': 'application/json', ...s.auth('viewer') }, body: huge });
    assert.equal(big.status, 413);
    assert.equal(JSON.parse(big.text).errors[0].extensions.code, 'PAYLOAD_TOO_LARGE');
    // Under the body limit but over the token limit: the lexer stops early.
    const many = await s.gql(`{ viewer { ${'name '.repeat(20_000)} } }`, {}, 'viewer');
    assert.equal(errorCode(many), 'GRAPHQL_PARSE_FAILED');
    assert.match(many.errors![0].message, /tokens/);
    assert.ok(many.text.length < 2000);
  });

  test('7. introspection and field suggestions: not for anonymous clients; off when configured', async () => {
    const anon = await s.gql('{ __schema { queryType { name } } }', {}, null);
    assert.equal(anon.status, 401);
    assert.equal(anon.data, undefined);
    const authed = await s.gql('{ __schema { queryType { name } } }', {}, 'viewer');
    assert.equal(authed.data?.__schema.queryType.name, 'Query');

    const off = await startTestServer({ config: { introspection: 'off' } });
    try {
      const r = await off.gql('{ __schema { queryType { name } } }', {}, 'admin');
      assert.equal(errorCode(r), 'GRAPHQL_VALIDATION_FAILED');
      const typo = await off.gql('{ viewr { name } }', {}, 'admin');
      assert.doesNotMatch(typo.text, /Did you mean/);
    } finally {
      await off.close();
    }
    const typo = await s.gql('{ viewr { name } }', {}, 'viewer');
    assert.match(typo.text, /Did you mean/);
  });

  test('8. signed media URLs never outlive their TTL and die with their token', async () => {
    const png = fs.readFileSync(path.join(ROOT, '../shared/corpus/images/horse.png'));
    const { sha256 } = (await uploadBytes(s, png)).json as { sha256: string };
    const { token } = s.app.auth.createToken(null, 'short-lived', 'viewer');
    const before = Math.floor(Date.now() / 1000);
    const r = await s.ok<{ media: { url: string } }>('query($s: String!) { media(sha256: $s) { url } }', { s: sha256 }, token);
    const url = new URL(r.media.url);
    const exp = Number(url.searchParams.get('exp'));
    assert.ok(exp <= before + 3600 + 1 && exp > before + 3600 - 301, `exp ${exp - before} s from now`);
    assert.equal((await fetch(url)).status, 200);
    const id = s.app.auth.list(null).find((t) => t.name === 'short-lived')!.id;
    s.app.auth.revoke(null, id);
    const after = await fetch(url);
    assert.equal(after.status, 401);
    // A URL whose key id was swapped for another token's does not verify either.
    const swapped = new URL(url);
    swapped.searchParams.set('kid', 'local');
    assert.equal((await fetch(swapped)).status, 401);
  });

  test('9. an oversized input is not echoed back in full', async () => {
    const r = await add([{ key: 'k'.repeat(100_000), prompt: 'q', response: 'a' }]);
    assert.equal(errorCode(r), 'BAD_USER_INPUT');
    assert.ok(r.text.length < 3000, `${r.text.length} bytes`);
    // graphql-js's own coercion errors echo the variable: cut as well.
    const r2 = await s.gql('query($n: Int) { datasets(first: $n) { totalCount } }', { n: 'x'.repeat(100_000) });
    assert.equal(errorCode(r2), 'BAD_USER_INPUT');
    assert.ok(r2.text.length < 3000, `${r2.text.length} bytes`);
  });
});

describe('--dev against DNS rebinding (issue 7, defect 4)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ config: { dev: true } });
  });
  after(() => s.close());

  const port = () => Number(new URL(s.url).port);
  const query = JSON.stringify({ query: '{ viewer { role } }' });

  test('Host must name a loopback address with our port', async () => {
    const ok = await rawRequest(`${s.url}/graphql`, { headers: { 'content-type': 'application/json', host: `localhost:${port()}` }, body: query });
    assert.equal(ok.status, 200);
    assert.equal(JSON.parse(ok.text).data.viewer.role, 'admin');
    for (const host of ['evil.example', `evil.example:${port()}`, `127.0.0.1.evil.example:${port()}`, `localhost:${port() + 1}`]) {
      const r = await rawRequest(`${s.url}/graphql`, { headers: { 'content-type': 'application/json', host }, body: query });
      assert.equal(r.status, 403, host);
      assert.equal(JSON.parse(r.text).errors[0].extensions.code, 'FORBIDDEN');
    }
    // The media routes too.
    const media = await rawRequest(`${s.url}/media`, { headers: { host: 'evil.example' }, body: 'x' });
    assert.equal(media.status, 403);
    assert.equal(JSON.parse(media.text).code, 'FORBIDDEN');
  });

  test('a foreign Origin cannot post (a page cannot create an admin token)', async () => {
    const mint = JSON.stringify({ query: 'mutation { createApiToken(input: { name: "pwn", role: "admin" }) { token } }' });
    const r = await rawRequest(`${s.url}/graphql`, {
      headers: { 'content-type': 'application/json', host: `127.0.0.1:${port()}`, origin: 'http://evil.example' },
      body: mint,
    });
    assert.equal(r.status, 403);
    assert.equal(s.app.auth.list(null).filter((t) => t.name === 'pwn').length, 0);
    const own = await rawRequest(`${s.url}/graphql`, {
      headers: { 'content-type': 'application/json', host: `127.0.0.1:${port()}`, origin: `http://localhost:${port()}` },
      body: query,
    });
    assert.equal(own.status, 200);
  });

  test('a non-loopback --dev bind is refused with one line, names resolved first', () => {
    for (const host of ['0.0.0.0', '127.foo', '10.1.2.3']) {
      const data = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-dev-'));
      try {
        const r = spawnSync(process.execPath, [BIN, 'serve', '--dev', '--host', host, '--port', '0', '--data', data], { env: childEnv(), encoding: 'utf8', timeout: 20_000 });
        assert.equal(r.status, 1, `${host}: ${r.stdout}${r.stderr}`);
        const lines = r.stderr.trim().split('\n');
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0], /^error: --dev/);
        assert.equal(r.stdout, '');
        // No admin token was created (and lost) for the refused start.
        assert.equal(fs.existsSync(path.join(data, 'tuneset.db')), false);
      } finally {
        fs.rmSync(data, { recursive: true, force: true });
      }
    }
  });

  test('a bad setting stops the start with one line naming it, before anything is created', () => {
    const bad: Array<[string, string, RegExp]> = [
      ['TUNESET_WORKER_IDLE_MS', 'soon', /^error: TUNESET_WORKER_IDLE_MS must be a non-negative integer, got "soon"$/],
      ['TUNESET_MAX_QUERY_TOKENS', '-5', /^error: TUNESET_MAX_QUERY_TOKENS must be a non-negative integer/],
      ['TUNESET_INTROSPECTION', 'maybe', /^error: TUNESET_INTROSPECTION must be one of authenticated, on, off/],
    ];
    for (const [name, value, expected] of bad) {
      const data = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-bad-setting-'));
      try {
        const r = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--data', data], { env: { ...childEnv(), [name]: value }, encoding: 'utf8', timeout: 20_000 });
        assert.equal(r.status, 1, `${name}: ${r.stdout}${r.stderr}`);
        const lines = r.stderr.trim().split('\n');
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0], expected);
        assert.equal(fs.existsSync(path.join(data, 'tuneset.db')), false);
      } finally {
        fs.rmSync(data, { recursive: true, force: true });
      }
    }
  });
});

describe('an import killed with kill -9 (issue 7, defect 5)', () => {
  test('leaves nothing staged once noticed, and its retry succeeds', async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'tuneset-kill-'));
    try {
      const app = createApp(loadConfig({ NODE_ENV: 'test' }, { dataDir: data }));
      createDataset({ app, actor: buildActor() }, { name: 'killme', modality: 'TEXT_PAIR', description: null, targetLanguage: null, targetTask: null });
      app.close();
      const file = path.join(data, 'rows.jsonl');
      const rows: string[] = [];
      for (let i = 0; i < 60_000; i++) rows.push(JSON.stringify({ prompt: `prompt ${i}`, response: `response ${i}` }));
      fs.writeFileSync(file, rows.join('\n') + '\n');
      const args = [BIN, 'import', 'killme', file, '-m', 'all rows', '--root', data, '--data', data, '--no-score'];

      const child = spawn(process.execPath, args, { env: childEnv(), stdio: 'ignore' });
      const exited = new Promise((r) => child.on('close', r));
      const db = new Database(path.join(data, 'tuneset.db'), { readonly: true, fileMustExist: true });
      let staged = 0;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && child.exitCode === null) {
        staged = (db.prepare('SELECT COUNT(*) AS n FROM branch_changes').get() as { n: number }).n;
        if (staged > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      child.kill('SIGKILL');
      await exited;
      staged = (db.prepare('SELECT COUNT(*) AS n FROM branch_changes').get() as { n: number }).n;
      db.close();
      assert.ok(staged > 0 && staged < 60_000, `killed with ${staged} rows staged`);

      // The retry (the same command) first undoes the dead import, then runs to its commit.
      const retry = spawnSync(process.execPath, args, { env: childEnv(), encoding: 'utf8', timeout: 120_000 });
      assert.equal(retry.status, 0, retry.stderr);
      const check = new Database(path.join(data, 'tuneset.db'), { readonly: true });
      try {
        assert.equal((check.prepare('SELECT COUNT(*) AS n FROM branch_changes').get() as { n: number }).n, 0);
        const versions = check.prepare('SELECT item_count FROM versions').all() as Array<{ item_count: number }>;
        assert.deepEqual(versions, [{ item_count: 60_000 }]);
        const jobs = check.prepare("SELECT state FROM jobs WHERE kind = 'import' ORDER BY id").all() as Array<{ state: string }>;
        assert.deepEqual(jobs.map((j) => j.state), ['FAILED', 'SUCCEEDED']);
      } finally {
        check.close();
      }
    } finally {
      fs.rmSync(data, { recursive: true, force: true });
    }
  });
});
