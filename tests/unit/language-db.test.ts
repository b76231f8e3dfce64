/**
 * The language detector parsed from JSON (src/media/quality/language-db.ts) must be eld's own
 * `eld/medium`, byte for byte in its answers: same language and same scores on real texts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { languageDatabasePath, loadEldDetector } from '../../src/media/quality/language-db.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORDNET = path.resolve(HERE, '../../../shared/corpus/text/wordnet-pairs-3k.jsonl');

/** Non-English samples: scripts and languages the WordNet pairs do not have. */
const OTHERS = [
  'Bonjour tout le monde, comment allez-vous aujourd’hui ?',
  'Das ist ein Haus mit einem großen Garten.',
  'Este es un ejemplo de texto en español.',
  'Questo è un esempio di testo italiano.',
  'Привет, мир! Как дела?',
  '这是一个用于测试的中文句子。',
  'これは日本語のテスト文です。',
  '이것은 한국어 문장입니다.',
  'هذه جملة باللغة العربية',
  'यह हिंदी में एक वाक्य है।',
  'ประโยคภาษาไทยสำหรับทดสอบ',
  'Dit is een Nederlandse zin.',
  'To jest polskie zdanie testowe.',
  '',
  '1234 5678',
];

test('the JSON-loaded detector answers exactly as eld/medium', async () => {
  const ours = await loadEldDetector();
  assert.ok(fs.existsSync(languageDatabasePath()), 'the JSON database was written to the cache');
  const { eld } = await import('eld/medium');
  const texts = [
    ...fs
      .readFileSync(WORDNET, 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(0, 1500)
      .flatMap((l) => {
        const p = JSON.parse(l) as { prompt: string; response: string };
        return [p.prompt, p.response];
      }),
    ...OTHERS,
  ];
  let languages = 0;
  for (const t of texts) {
    const a = ours.detect(t);
    const b = eld.detect(t);
    assert.equal(a.language, b.language, t);
    assert.deepEqual(a.getScores(), b.getScores(), t);
    assert.equal(a.isReliable(), b.isReliable(), t);
    if (a.language) languages++;
  }
  assert.ok(languages > texts.length * 0.9, 'most texts get a language');
  assert.deepEqual(ours.info().Languages, eld.info().Languages);
});
