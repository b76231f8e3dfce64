import type { Db } from '../../db/connection.js';
import { StatementCache } from '../../db/statements.js';
import type { BranchRow, LineageRow, TagRow, VersionRow } from '../../db/schema/index.js';

const VERSION_COLS =
  'id, dataset_id AS datasetId, lineage_id AS lineageId, seq, parent_id AS parentId, depth, hash, digest, message, author, ' +
  'created_at AS createdAt, item_count AS itemCount, change_count AS changeCount, policy_version AS policyVersion, coverage_spec_version AS coverageSpecVersion';
const BRANCH_COLS =
  'id, dataset_id AS datasetId, name, lineage_id AS lineageId, head_seq AS headSeq, head_version_id AS headVersionId, ' +
  'created_at AS createdAt, created_by AS createdBy';
const TAG_COLS = 'dataset_id AS datasetId, name, version_id AS versionId, created_at AS createdAt, created_by AS createdBy';

/** SQL of lineages, versions, lineage entries (per-commit change sets), branches and tags. */
export class VersionsRepository {
  private readonly st: StatementCache;
  /** Lineage rows never change once written: cached for the life of the process. */
  private readonly lineageCache = new Map<number, LineageRow>();
  constructor(db: Db) {
    this.st = StatementCache.of(db);
  }

  insertLineage(datasetId: number, baseLineageId: number | null, baseSeq: number | null): number {
    return Number(
      this.st
        .get('INSERT INTO lineages (dataset_id, base_lineage_id, base_seq) VALUES (?, ?, ?)')
        .run(datasetId, baseLineageId, baseSeq).lastInsertRowid,
    );
  }

  getLineage(id: number): LineageRow {
    let row = this.lineageCache.get(id);
    if (!row) {
      row = this.st
        .get('SELECT id, dataset_id AS datasetId, base_lineage_id AS baseLineageId, base_seq AS baseSeq FROM lineages WHERE id = ?')
        .get(id) as LineageRow | undefined;
      if (!row) throw new Error(`lineage ${id} missing`);
      this.lineageCache.set(id, row);
    }
    return row;
  }

  // ---------------------------------------------------------------- versions

  insertVersion(v: Omit<VersionRow, 'id'>): number {
    return Number(
      this.st
        .get(
          `INSERT INTO versions (dataset_id, lineage_id, seq, parent_id, depth, hash, digest, message, author, created_at, item_count, change_count, policy_version, coverage_spec_version)
           VALUES (@datasetId, @lineageId, @seq, @parentId, @depth, @hash, @digest, @message, @author, @createdAt, @itemCount, @changeCount, @policyVersion, @coverageSpecVersion)`,
        )
        .run(v).lastInsertRowid,
    );
  }


  /** Creation times of a dataset's commits, oldest first. */
  commitTimes(datasetId: number): string[] {
    return (this.st.get('SELECT created_at AS at FROM versions WHERE dataset_id = ? ORDER BY created_at, id').all(datasetId) as Array<{ at: string }>).map((r) => r.at);
  }

  getVersion(id: number): VersionRow | undefined {
    return this.st.get(`SELECT ${VERSION_COLS} FROM versions WHERE id = ?`).get(id) as VersionRow | undefined;
  }

  getVersions(ids: readonly number[]): VersionRow[] {
    return this.st
      .get(`SELECT ${VERSION_COLS} FROM versions WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as VersionRow[];
  }

  /** Versions of a dataset whose hash starts with prefix (at most 2: enough to tell ambiguity). */
  findByHashPrefix(datasetId: number, prefix: string): VersionRow[] {
    return this.st
      .get(`SELECT ${VERSION_COLS} FROM versions WHERE dataset_id = ? AND hash >= ? AND hash < ? ORDER BY id LIMIT 2`)
      .all(datasetId, prefix, `${prefix}g`) as VersionRow[];
  }

  /** The first-parent chain starting at versionId (inclusive), at most limit versions. */
  ancestry(versionId: number, limit: number): VersionRow[] {
    return this.st
      .get(
        `WITH RECURSIVE chain(id, n) AS (
           SELECT ?, 1
           UNION ALL
           SELECT v.parent_id, chain.n + 1 FROM versions v JOIN chain ON v.id = chain.id
           WHERE v.parent_id IS NOT NULL AND chain.n < ?
         )
         SELECT ${VERSION_COLS} FROM versions JOIN chain USING (id) ORDER BY chain.n`,
      )
      .all(versionId, limit) as VersionRow[];
  }

  // ---------------------------------------------------------------- lineage entries

  /** Ends the open interval of key in lineage at seq (no-op when the key has none there). */
  closeEntry(lineageId: number, key: string, seq: number): void {
    this.st
      .get('UPDATE lineage_entries SET to_seq = ? WHERE lineage_id = ? AND key = ? AND to_seq IS NULL')
      .run(seq, lineageId, key);
  }

  insertEntry(lineageId: number, key: string, seq: number, revisionId: number): void {
    this.st
      .get('INSERT INTO lineage_entries (lineage_id, key, from_seq, to_seq, revision_id) VALUES (?, ?, ?, NULL, ?)')
      .run(lineageId, key, seq, revisionId);
  }

  // ---------------------------------------------------------------- branches

  insertBranch(b: Omit<BranchRow, 'id'>): number {
    return Number(
      this.st
        .get(
          `INSERT INTO branches (dataset_id, name, lineage_id, head_seq, head_version_id, created_at, created_by)
           VALUES (@datasetId, @name, @lineageId, @headSeq, @headVersionId, @createdAt, @createdBy)`,
        )
        .run(b).lastInsertRowid,
    );
  }

  getBranch(datasetId: number, name: string): BranchRow | undefined {
    return this.st.get(`SELECT ${BRANCH_COLS} FROM branches WHERE dataset_id = ? AND name = ?`).get(datasetId, name) as
      | BranchRow
      | undefined;
  }

  listBranches(datasetId: number): BranchRow[] {
    return this.st.get(`SELECT ${BRANCH_COLS} FROM branches WHERE dataset_id = ? ORDER BY name`).all(datasetId) as BranchRow[];
  }

  updateBranchHead(branchId: number, headSeq: number, headVersionId: number): void {
    this.st.get('UPDATE branches SET head_seq = ?, head_version_id = ? WHERE id = ?').run(headSeq, headVersionId, branchId);
  }

  deleteBranch(branchId: number): void {
    this.st.get('DELETE FROM branches WHERE id = ?').run(branchId);
  }

  // ---------------------------------------------------------------- tags

  insertTag(t: TagRow): void {
    this.st
      .get('INSERT INTO tags (dataset_id, name, version_id, created_at, created_by) VALUES (@datasetId, @name, @versionId, @createdAt, @createdBy)')
      .run(t);
  }

  getTag(datasetId: number, name: string): TagRow | undefined {
    return this.st.get(`SELECT ${TAG_COLS} FROM tags WHERE dataset_id = ? AND name = ?`).get(datasetId, name) as TagRow | undefined;
  }

  listTags(datasetId: number): TagRow[] {
    return this.st.get(`SELECT ${TAG_COLS} FROM tags WHERE dataset_id = ? ORDER BY name`).all(datasetId) as TagRow[];
  }

  tagsForVersions(versionIds: readonly number[]): TagRow[] {
    return this.st
      .get(`SELECT ${TAG_COLS} FROM tags WHERE version_id IN (SELECT value FROM json_each(?)) ORDER BY name`)
      .all(JSON.stringify(versionIds)) as TagRow[];
  }
}
