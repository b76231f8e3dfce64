import type { SqlCondition } from '../versions/index.js';

/** A quality filter of an item listing, validated by QualityService.condition. */
export interface QualityCondition {
  policyVersion: number;
  minScore: number;
  maxScore: number;
  /** The item carries any of these own flags, or its key is in dupKeys (ref-dependent flags). */
  anyOf?: { flags: readonly string[]; dupKeys: readonly string[] };
}

/**
 * The score row a read at policy version ? uses for revision r: the newest at or before that
 * version, else (scored only later) the oldest.
 */
export const EFFECTIVE_POLICY_SQL =
  'COALESCE((SELECT MAX(p.policy_version) FROM item_scores p WHERE p.revision_id = r.id AND p.policy_version <= ?), ' +
  '(SELECT MIN(p.policy_version) FROM item_scores p WHERE p.revision_id = r.id))';

/** The condition as SQL on a layered read's winning revision `r` (key `X.key`). */
export function qualityConditionSql(q: QualityCondition): SqlCondition {
  let sql = `EXISTS (SELECT 1 FROM item_scores s WHERE s.revision_id = r.id AND s.policy_version = ${EFFECTIVE_POLICY_SQL} AND s.score >= ? AND s.score <= ?`;
  const params: SqlCondition['params'] = [q.policyVersion, q.minScore, q.maxScore];
  if (q.anyOf) {
    sql += ` AND (EXISTS (SELECT 1 FROM json_each(s.flags) f WHERE f.value IN (SELECT value FROM json_each(?))) OR X.key IN (SELECT value FROM json_each(?)))`;
    params.push(JSON.stringify(q.anyOf.flags), JSON.stringify(q.anyOf.dupKeys));
  }
  return { sql: `${sql})`, params };
}
