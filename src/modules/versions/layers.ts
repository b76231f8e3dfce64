import type { BranchRow } from '../../db/schema/index.js';
import type { Layer } from './model.js';
import type { VersionsRepository } from './repository.js';

/** The committed layers of (lineage, seq): that lineage up to seq, then its bases, top first. */
export function lineageLayers(repo: VersionsRepository, lineageId: number, seq: number): Layer[] {
  const out: Layer[] = [];
  let id: number | null = lineageId;
  let s = seq;
  while (id !== null) {
    const lin = repo.getLineage(id);
    // Seqs start at 1, so a lineage read at seq 0 contributes nothing: skip the layer.
    if (s > 0) out.push({ kind: 'lineage', lineageId: id, seq: s });
    id = lin.baseLineageId;
    s = lin.baseSeq ?? 0;
  }
  return out;
}

export function branchCommittedLayers(repo: VersionsRepository, b: BranchRow): Layer[] {
  return lineageLayers(repo, b.lineageId, b.headSeq);
}

export function branchLiveLayers(repo: VersionsRepository, b: BranchRow): Layer[] {
  return [{ kind: 'staging', branchId: b.id }, ...branchCommittedLayers(repo, b)];
}
