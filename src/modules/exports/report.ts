/**
 * report.json and report.md of an export: per split counts, class balance (achieved shares),
 * score histogram, flag counts, the target's violations, coverage, what was excluded and why, and
 * the leakage check. Deterministic: the same version and spec give the same bytes.
 */
import { SPLITS, type Split } from './split.js';

export interface ReportInput {
  dataset: string;
  modality: string;
  version: { id: number; hash: string };
  splits: Record<Split, number>;
  groups: number;
  droppedCopies: number;
  classes: Map<string, [number, number, number]>;
  scoreHistogram: number[];
  flagCounts: Record<string, number>;
  excluded: { counts: Record<string, number>; items: Array<{ key: string; reason: string }> };
  target: (Record<string, unknown> & { preset: string; onViolation: string; violations: number; listed: Array<{ key: string; reason: string }>; aspectBuckets: Record<string, number> }) | null;
  coverage: unknown;
  leakage: {
    groupsCrossingSplits: number;
    examples: string[];
    nearDuplicatePairsAcrossSplits: number;
    nearDuplicateExamples: Array<{ a: string; b: string; splits: string[] }>;
    method: string;
  };
}

export type Report = ReturnType<typeof buildReport>;

/** Classes listed in the balance (the most frequent; a stratify field with a value per item would list every item). */
const MAX_CLASSES = 1000;

export function buildReport(r: ReportInput) {
  const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    dataset: r.dataset,
    modality: r.modality,
    version: r.version,
    splits: r.splits,
    groups: r.groups,
    droppedCopies: r.droppedCopies,
    classes: { total: r.classes.size, listed: Math.min(r.classes.size, MAX_CLASSES) },
    classBalance: Object.fromEntries(
      [...r.classes.entries()]
        .map(([cls, c]) => ({ cls, c, n: c[0] + c[1] + c[2] }))
        .sort((a, b) => b.n - a.n || (a.cls < b.cls ? -1 : 1))
        .slice(0, MAX_CLASSES)
        .sort((a, b) => (a.cls < b.cls ? -1 : 1))
        .map(({ cls, c }) => [cls, c] as const)
        .map(([cls, c]) => {
          const n = c[0] + c[1] + c[2];
          return [cls, Object.fromEntries(SPLITS.map((s, i) => [s, { count: c[i], share: n ? Number((c[i] / n).toFixed(4)) : 0 }]))];
        }),
    ),
    scoreHistogram: r.scoreHistogram,
    flagCounts: sorted(r.flagCounts),
    target: r.target ? { ...r.target, aspectBuckets: sorted(r.target.aspectBuckets) } : null,
    coverage: r.coverage,
    excluded: { counts: sorted(r.excluded.counts), items: r.excluded.items },
    leakage: r.leakage,
  };
}

export function reportMarkdown(r: Report): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const lines = [
    `# Export of ${r.dataset} @ ${r.version.hash.slice(0, 12)}`,
    '',
    `| split | items |`,
    `| --- | --- |`,
    ...SPLITS.map((s) => `| ${s} | ${r.splits[s]} |`),
    '',
    `Groups: ${r.groups}. Augmented copies dropped (their group is not in train): ${r.droppedCopies}.`,
    '',
    '## Leakage',
    '',
    `- Groups crossing splits: ${r.leakage.groupsCrossingSplits}${r.leakage.groupsCrossingSplits ? ` (e.g. ${r.leakage.examples.slice(0, 5).join(', ')})` : ''}`,
    `- Near-duplicate pairs across splits, recomputed from the written files (${r.leakage.method}): ${r.leakage.nearDuplicatePairsAcrossSplits}`,
    ...r.leakage.nearDuplicateExamples.slice(0, 10).map((x) => `  - ${x.a} (${x.splits[0]}) ~ ${x.b} (${x.splits[1]})`),
    '',
    '## Class balance',
    '',
    ...(r.classes.total > r.classes.listed ? [`The ${r.classes.listed} largest of ${r.classes.total} classes.`, ''] : []),
    '| class | train | validation | test |',
    '| --- | --- | --- | --- |',
    ...Object.entries(r.classBalance).map(([c, v]) => `| ${c} | ${v.train.count} (${pct(v.train.share)}) | ${v.validation.count} (${pct(v.validation.share)}) | ${v.test.count} (${pct(v.test.share)}) |`),
    '',
    '## Scores',
    '',
    r.scoreHistogram.map((n, i) => `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}: ${n}`).join(' · '),
    '',
    ...(Object.keys(r.flagCounts).length ? ['Flags: ' + Object.entries(r.flagCounts).map(([k, n]) => `${k} ${n}`).join(', '), ''] : []),
    ...(r.target
      ? [
          `## Target: ${r.target.preset}`,
          '',
          `Violations: ${r.target.violations} (${r.target.onViolation === 'FAIL' ? 'failing' : 'excluded'})`,
          ...r.target.listed.slice(0, 20).map((v) => `- ${v.key}: ${v.reason}`),
          ...(Object.keys(r.target.aspectBuckets).length ? ['', 'Aspect buckets: ' + Object.entries(r.target.aspectBuckets).map(([k, n]) => `${k} ${n}`).join(', ')] : []),
          '',
        ]
      : []),
    ...(r.coverage && typeof r.coverage === 'object' && 'score' in r.coverage ? ['## Coverage', '', `Augmentation coverage score at this version: ${(r.coverage as { score: number }).score.toFixed(3)}`, ''] : []),
    '## Excluded',
    '',
    ...(Object.keys(r.excluded.counts).length ? Object.entries(r.excluded.counts).map(([k, n]) => `- ${k}: ${n}`) : ['- none']),
    '',
  ];
  return lines.join('\n');
}
