#!/usr/bin/env node
// Config is parsed once (src/config.ts); nothing else under src/ reads process.env. Comments are
// stripped first so that a comment naming it is no violation.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'src');
const allowed = new Set([path.join(root, 'config.ts')]);
const bad = [];
for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name)) continue;
  const file = path.join(entry.parentPath ?? entry.path, entry.name);
  if (allowed.has(file)) continue;
  const code = fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');
  code.split('\n').forEach((line, i) => {
    if (/\bprocess\s*\.\s*env\b|\bprocess\s*\[\s*['"]env['"]\s*\]/.test(line)) bad.push(`${path.relative(path.dirname(root), file)}:${i + 1}: ${line.trim()}`);
  });
}
if (bad.length) {
  console.error('process.env is read outside src/config.ts (parse it there, into Config):');
  for (const b of bad) console.error(`  ${b}`);
  process.exit(1);
}
console.log('check-env: process.env is read only in src/config.ts');
