import type { AuditModel, Quantiles } from './audit.js';

function table(rows: Array<Array<string | number>>, align: Array<'l' | 'r'> = []): string[] {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd());
}

function q(x: Quantiles | null, unit = ''): string {
  if (!x) return '-';
  return `min ${x.min}${unit}  p10 ${x.p10}${unit}  median ${x.p50}${unit}  p90 ${x.p90}${unit}  max ${x.max}${unit}`;
}

/** The audit as a terminal report (what `tuneset audit` prints without --json). */
export function formatAudit(datasetName: string, a: AuditModel): string {
  const out: string[] = [];
  const pct = (n: number) => (a.itemCount ? `${((100 * n) / a.itemCount).toFixed(1)}%` : '-');
  out.push(`Audit of ${datasetName} @ ${a.ref}  (${a.modality}, quality policy v${a.policyVersion})`);
  out.push('');
  out.push(
    ...table(
      [
        ['items', a.itemCount],
        ['scored', a.scoredCount],
        ['mean score', a.meanScore ?? '-'],
        ['duplicate clusters', a.duplicateClusterCount],
        ['redundant exact copies', a.redundantItemCount],
        ...(a.audioHours !== null ? [['audio hours', a.audioHours] as [string, number]] : []),
      ],
      ['l', 'r'],
    ),
  );
  out.push('', 'Flags');
  const flagged = a.flagCounts.filter((f) => f.count > 0);
  if (flagged.length === 0) out.push('  none');
  else out.push(...table(flagged.map((f) => [`  ${f.flag}`, f.count, pct(f.count)]), ['l', 'r', 'r']));
  out.push('', 'Score histogram');
  const max = Math.max(1, ...a.scoreHistogram);
  a.scoreHistogram.forEach((n, i) => {
    const label = `${(i / 10).toFixed(1)}-${((i + 1) / 10).toFixed(1)}`;
    out.push(`  ${label}  ${String(n).padStart(7)}  ${'#'.repeat(Math.round((40 * n) / max))}`);
  });
  if (a.labelCounts.length) {
    out.push('', `Labels (imbalance ratio ${a.imbalanceRatio ?? '-'})`);
    out.push(...table(a.labelCounts.slice(0, 30).map((l) => [`  ${l.value}`, l.count, pct(l.count)]), ['l', 'r', 'r']));
    if (a.labelCounts.length > 30) out.push(`  … ${a.labelCounts.length - 30} more labels`);
  }
  if (a.attributeCounts.length) {
    // The most frequent values of every attribute (--json lists them all).
    const byAttr = new Map<string, typeof a.attributeCounts>();
    for (const c of a.attributeCounts) byAttr.set(c.attribute, [...(byAttr.get(c.attribute) ?? []), c]);
    const rows: Array<Array<string | number>> = [];
    for (const [attr, values] of byAttr) {
      for (const c of values.slice(0, 8)) rows.push([`  ${attr}`, JSON.stringify(c.value), c.count]);
      if (values.length > 8) rows.push([`  ${attr}`, `… ${values.length - 8} more values`, '']);
    }
    out.push('', 'Attributes', ...table(rows, ['l', 'l', 'r']));
  }
  if (a.imageWidth) out.push('', `Image width   ${q(a.imageWidth, ' px')}`, `Image height  ${q(a.imageHeight, ' px')}`);
  if (a.durationSeconds) out.push('', `Duration  ${q(a.durationSeconds, ' s')}`);
  for (const l of a.lengths) out.push('', `${l.field} length  chars: ${q(l.chars)}`, `${' '.repeat(l.field.length)}         ≈tokens: ${q(l.approxTokens)}`);
  const r = a.readiness;
  out.push('', `Readiness: ${r.task ? `${r.taskName ?? r.task} → ${r.ok ? 'READY' : 'NOT READY'}` : 'no target task'}`);
  if (r.required !== null) out.push(`  have ${r.have} / need ${r.required} ${r.unit}`);
  if (r.gpuMemoryGB !== null) out.push(`  GPU memory (full fine-tune) ≈ ${r.gpuMemoryGB} GB${r.gpuMemoryGB4bit !== null ? `, 4-bit ≈ ${r.gpuMemoryGB4bit} GB` : ''}`);
  for (const n of r.notes) out.push(`  - ${n}`);
  if (a.notes.length) out.push('', 'Notes', ...a.notes.map((n) => `  - ${n}`));
  return out.join('\n');
}
