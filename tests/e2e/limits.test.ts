import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('query limits and CORS', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ config: { maxQueryDepth: 6, corsOrigins: ['https://label.example'] } });
  });
  after(async () => {
    await s.close();
  });

  test('an operation deeper than the limit is refused before it runs', async () => {
    const deep = '{ datasets { nodes { versions { nodes { parent { parent { parent { parent { id } } } } } } } } }';
    const res = await s.gql(deep, {}, s.tokens.viewer);
    assert.equal(res.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(res.errors![0].message, /depth/i);
    assert.equal(res.data, undefined);
  });

  test('a shallow operation still runs', async () => {
    const res = await s.gql('{ datasets { totalCount } }', {}, s.tokens.viewer);
    assert.equal(res.errors, undefined);
    assert.equal(res.data?.datasets.totalCount, 0);
  });

  test('too many aliases are refused', async () => {
    const q = `{ ${Array.from({ length: 120 }, (_, i) => `a${i}: viewer { name }`).join(' ')} }`;
    const res = await s.gql(q, {}, s.tokens.viewer);
    assert.equal(res.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
  });

  test('a configured origin passes the CORS preflight; others get no CORS headers', async () => {
    const ok = await fetch(`${s.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://label.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://label.example');
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /authorization/);
    const other = await fetch(`${s.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});
