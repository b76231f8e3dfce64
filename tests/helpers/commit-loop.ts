/**
 * Child process for tests/integration/crash.test.ts: opens the app on a data folder and loops
 * add / update / remove / commit as fast as it can. After each commit returns it prints one JSON
 * line (the acknowledgement): the version's id, hash, itemCount and a checksum of the item set it
 * believes it committed. The parent SIGKILLs it at random moments.
 *
 *   node --import tsx tests/helpers/commit-loop.ts <dataDir> [maxSeconds]
 *
 * stdout to a pipe is synchronous on Linux, so a printed line means the commit had returned.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Actor } from '../../src/modules/auth/roles.js';
import { createDataset } from '../../src/modules/datasets/commands/create-dataset.js';

export const DATASET = 'crash';

export interface Ack {
  id: number;
  hash: string;
  itemCount: number;
  checksum: string;
  round: string;
}

/** Order-independent digest of an item set as `key\tprompt\tresponse` lines. */
export function checksumOf(items: Iterable<{ key: string; prompt: string | null; response: string | null }>): string {
  const lines = [...items].map((i) => `${i.key}\t${i.prompt ?? ''}\t${i.response ?? ''}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function main(): void {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: commit-loop.ts <dataDir> [maxSeconds]');
  const maxMs = Number(process.argv[3] ?? 20) * 1000;
  const app = createApp(loadConfig({ NODE_ENV: 'test' }, { dataDir }));
  const actor: Actor = { name: 'crash-loop', role: 'admin', tokenId: null };
  const dataset = app.datasets.byName(actor, DATASET) ?? createDataset({ app, actor }, { name: DATASET, modality: 'TEXT_PAIR' });

  // What main holds now (uncommitted changes a killed predecessor left included).
  const model = new Map<string, { key: string; prompt: string | null; response: string | null; revision: string }>();
  for (let after: string | null = null; ; ) {
    const page = app.items.list(actor, dataset, 'main', 100, after);
    for (const n of page.nodes) model.set(n.key, { key: n.key, prompt: n.prompt, response: n.response, revision: String(n.revisionId) });
    if (!page.hasNextPage) break;
    after = page.cursors.at(-1)!;
  }
  process.stdout.write(`ready ${model.size}\n`);

  const pick = (keys: string[]) => keys[Math.floor(Math.random() * keys.length)];
  const deadline = Date.now() + maxMs;
  for (let round = 1; Date.now() < deadline; round++) {
    const tag = `${process.pid}-${round}`;
    const added = app.items.add(
      actor,
      dataset,
      'main',
      Array.from({ length: 8 }, (_, i) => ({ key: `k-${tag}-${i}`, prompt: `prompt ${tag} ${i}`, response: `response ${tag} ${i}`.repeat(1 + (i % 3)) })),
    );
    for (const it of added) model.set(it.key, { key: it.key, prompt: it.prompt, response: it.response, revision: String(it.revisionId) });

    const keys = [...model.keys()];
    for (let j = 0; j < 3; j++) {
      const cur = model.get(pick(keys))!;
      const it = app.items.update(actor, dataset, 'main', cur.key, cur.revision, { response: `updated ${tag} ${j}` });
      model.set(it.key, { key: it.key, prompt: it.prompt, response: it.response, revision: String(it.revisionId) });
    }
    if (round % 2 === 0) {
      const gone = pick(keys);
      app.items.remove(actor, dataset, 'main', [gone]);
      model.delete(gone);
    }

    const v = app.versions.commit(actor, dataset, 'main', `round ${tag}`);
    const ack: Ack = { id: v.id, hash: v.hash, itemCount: v.itemCount, checksum: checksumOf(model.values()), round: tag };
    process.stdout.write(`${JSON.stringify(ack)}\n`);
  }
  app.close();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
