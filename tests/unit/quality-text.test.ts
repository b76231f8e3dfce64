/**
 * The text-pair and caption quality analyser (src/media/quality/text.ts) over the real WordNet pairs
 * of the shared corpus (clean data: nothing may be flagged) and table-driven edge cases.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MINHASH_PERMUTATIONS, TEXT_FLAGS, type Metrics, type TextFlag } from '../../src/media/quality/types.js';

const q = await import('../../src/media/quality/text.js');
await q.loadLanguageDetector();
const {
  DEFAULT_TEXT_POLICY,
  analyzeCaption,
  analyzeTextPair,
  captionFlags,
  estimateJaccard,
  lshBandKeys,
  minhashText,
  normalizeText,
  primaryLanguage,
  splitWords,
  textPairFlags,
} = q;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORDNET = path.resolve(HERE, '../../../shared/corpus/text/wordnet-pairs-3k.jsonl');
const PAIRS: Array<{ prompt: string; response: string }> = fs
  .readFileSync(WORDNET, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { prompt: string; response: string });

function flagsOf(prompt: string | null, response: string | null, target = 'en'): TextFlag[] {
  return textPairFlags(analyzeTextPair(prompt, response).metrics, DEFAULT_TEXT_POLICY, target);
}

function assertPlainJson(m: Metrics): void {
  assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
  for (const [k, v] of Object.entries(m)) {
    assert.ok(v === null || ['string', 'boolean', 'number'].includes(typeof v), `${k}: ${typeof v}`);
    if (typeof v === 'number') assert.ok(Number.isFinite(v), `${k} = ${v}`);
  }
}

/** A natural, non-repetitive paragraph of ~9,000 characters: distinct WordNet definitions in a row. */
function longNaturalText(minChars: number): string {
  let s = '';
  for (const p of PAIRS) {
    if (s.length >= minChars) break;
    s += (s ? ' ' : '') + p.response;
  }
  return s;
}

const PARAGRAPH =
  'Photosynthesis is the process by which green plants, algae and some bacteria turn light into chemical ' +
  'energy. In the chloroplasts of a leaf, chlorophyll absorbs mostly blue and red light, and that energy ' +
  'splits water molecules into oxygen, protons and electrons. The oxygen leaves the leaf through small pores ' +
  'called stomata, while the electrons pass along a chain of proteins that pumps protons across a membrane. ' +
  'The resulting gradient drives an enzyme that makes ATP, and a second set of reactions, the Calvin cycle, ' +
  'uses that ATP to fix carbon dioxide from the air into sugars. Those sugars feed the plant itself and, ' +
  'directly or indirectly, almost every other living thing on Earth.';

describe('WordNet pairs (3,000 clean definition pairs)', () => {
  test('the default policy flags none of them, and no two share an exact key', (t) => {
    const counts: Partial<Record<TextFlag, number>> = {};
    const examples: string[] = [];
    const keys = new Set<string>();
    for (const p of PAIRS) {
      const a = analyzeTextPair(p.prompt, p.response);
      keys.add(a.exactKey);
      for (const f of textPairFlags(a.metrics, DEFAULT_TEXT_POLICY, 'en')) {
        counts[f] = (counts[f] ?? 0) + 1;
        if (examples.length < 10) examples.push(`${f}: ${p.response}`);
      }
    }
    t.diagnostic(`flag counts over ${PAIRS.length} pairs: ${JSON.stringify(counts)}`);
    assert.equal(PAIRS.length, 3000);
    assert.deepEqual(counts, {}, examples.join('\n'));
    assert.equal(keys.size, PAIRS.length);
  });

  test('the target-language rule keeps the detector\'s short-text mistakes out', () => {
    // eld alone calls some short English definitions another language, reliably by its own rule
    // ("a loud kiss." → hu, "singing jazz." → tl); English is always a close runner-up there.
    let notEnglish = 0;
    for (const p of PAIRS) {
      const m = analyzeTextPair(p.prompt, p.response).metrics;
      if (m.language !== 'en' && m.languageReliable === true) notEnglish++;
    }
    assert.ok(notEnglish > 0 && notEnglish < 60, `${notEnglish}`);
  });
});

describe('analyzeTextPair + textPairFlags', () => {
  const LONG = longNaturalText(9000);
  const cases: Array<[name: string, prompt: string | null, response: string | null, expected: TextFlag[]]> = [
    ['null prompt and response', null, null, ['PROMPT_EMPTY', 'RESPONSE_EMPTY']],
    ['empty strings', '', '', ['PROMPT_EMPTY', 'RESPONSE_EMPTY']],
    ['whitespace and invisible characters only', ' \n\t ', ' \u200b\u200d \n', ['PROMPT_EMPTY', 'RESPONSE_EMPTY']],
    ['empty response', 'What is a dog?', null, ['RESPONSE_EMPTY']],
    ['empty prompt', null, 'a domesticated carnivorous mammal', ['PROMPT_EMPTY']],
    ['short definition is fine', 'What does the noun "dog" mean?', 'a small dog', []],
    ['one word is too short', 'What is the capital of France?', 'Paris.', ['RESPONSE_TOO_SHORT']],
    ['over-long response (9k characters)', 'Tell me everything.', LONG, ['RESPONSE_TOO_LONG']],
    ['symbols only', 'What is it?', '$$$ ### !!! ... @@@ %%% &&& *** +++ ===', ['LOW_ALPHA_RATIO']],
    ['one symbol word', 'What is it?', '$$$ ### !!! ...', ['RESPONSE_TOO_SHORT', 'LOW_ALPHA_RATIO']],
    ['emoji only', 'How do you feel?', '😀😀😀 🎉 🎉', ['LOW_ALPHA_RATIO']],
    ['numbers in a short definition are fine', 'What does the noun "quadrille" mean?', 'a quadrille for 8 or 16 couples.', []],
    ['mostly numbers in a long response', 'List them.', '1 2 3 4 5 6 7 8 9 10 11 12 and thirteen', ['LOW_ALPHA_RATIO']],
    ['"the cat sat" × 30', 'Write a story.', 'the cat sat '.repeat(30), ['REPETITIVE']],
    ['"the cat sat" × 3 (short)', 'Write a story.', 'the cat sat the cat sat the cat sat', ['REPETITIVE']],
    ['repeated lines', 'Answer me.', 'Thank you for your question.\n'.repeat(4), ['REPETITIVE']],
    ['two identical lines', 'Say it.', 'I will do it.\nI will do it.', ['REPETITIVE']],
    ['a natural long paragraph is not repetitive', 'Explain photosynthesis.', PARAGRAPH, []],
    ['169 words of natural text (top n-gram rule applies) is not repetitive', 'Define some words.', longNaturalText(1000), []],
    ['code whose repeated lines are only braces', 'Write two functions.', 'if (a) {\n  go(a);\n}\nif (b) {\n  go(b);\n}\n', []],
    ['response equals prompt', 'What is the meaning of life?', 'What is the meaning of life?', ['ECHOES_PROMPT']],
    ['response equals prompt but case and punctuation', 'What is the meaning of life?', 'what IS the meaning of life!', ['ECHOES_PROMPT']],
    ['response is prompt + " yes"', 'Is the sky blue today?', 'Is the sky blue today? yes', ['ECHOES_PROMPT']],
    ['response is the whole prompt and a little more', 'Is the sky blue?', 'Is the sky blue? Yes it is.', ['ECHOES_PROMPT']],
    [
      'response quotes one word of the prompt',
      'What does the word "serendipity" mean?',
      'Serendipity is the occurrence of fortunate events by chance.',
      [],
    ],
    ['response restates the question', 'What is the capital of France?', 'The capital of France is Paris.', []],
    ['one-word prompt inside the answer', 'Hello', 'Hello! How can I help you today?', []],
    ['German response', 'Describe the dog.', 'Ein kleiner Hund, der gern im Garten spielt.', ['NON_TARGET_LANGUAGE']],
    ['French response', 'Describe the dog.', 'Un petit chien qui aime jouer dans le jardin.', ['NON_TARGET_LANGUAGE']],
    ['Spanish response', 'Describe the dog.', 'Un perro pequeño que juega en el jardín.', ['NON_TARGET_LANGUAGE']],
    ['Chinese response', 'Describe the dog.', '一只喜欢在花园里玩耍的小狗。', ['NON_TARGET_LANGUAGE']],
    ['Russian response', 'Describe the dog.', 'Маленькая собака, которая любит играть в саду.', ['NON_TARGET_LANGUAGE']],
    ['Arabic (RTL) response', 'Describe the dog.', 'كلب صغير يحب اللعب في الحديقة.', ['NON_TARGET_LANGUAGE']],
    ['short ambiguous foreign word', 'Thank you!', 'Gracias amigo', []],
    ['short text: language not judged', 'And then?', 'Danke schön', []],
    ['English with a place name', 'Where is it?', 'The Eiffel Tower is located in Paris, France.', []],
  ];
  for (const [name, prompt, response, expected] of cases) {
    test(name, () => {
      const a = analyzeTextPair(prompt, response);
      assertPlainJson(a.metrics);
      assert.equal(a.minhash.length, MINHASH_PERMUTATIONS);
      assert.match(a.exactKey, /^[0-9a-f]{64}$/);
      assert.deepEqual(textPairFlags(a.metrics, DEFAULT_TEXT_POLICY, 'en'), expected, JSON.stringify(a.metrics));
    });
  }

  test('flags come in TEXT_FLAGS order', () => {
    const f = flagsOf('', '$$$ ### !!! ...');
    assert.deepEqual(f, [...f].sort((x, y) => TEXT_FLAGS.indexOf(x) - TEXT_FLAGS.indexOf(y)));
  });

  test('metrics carry the measurements behind the flags', () => {
    const m = analyzeTextPair('Write a story.', 'the cat sat '.repeat(30)).metrics;
    assert.equal(m.responseWords, 90);
    assert.equal(m.top2GramFraction, 0.6667); // "the cat" × 30: 30 × 6 of 270 characters
    assert.ok((m.dup5GramFraction as number) > 0.9);
    assert.equal(m.language, 'en');
    const e = analyzeTextPair('Is the sky blue today?', 'Is the sky blue today? yes').metrics;
    assert.equal(e.promptInResponse, true);
    assert.equal(e.echoPromptCoverage, 1);
    const s = analyzeTextPair('q', 'a quadrille for 8 or 16 couples.').metrics;
    assert.equal(s.alphaWordRatio, 0.7143);
  });

  test('target languages: BCP-47 primary subtag, own language not flagged, unsupported never', () => {
    const texts: Record<string, string> = {
      de: 'Das ist eine Frage, die wir morgen besprechen sollten, weil heute keine Zeit mehr ist.',
      fr: 'La réponse dépend de plusieurs facteurs que nous devons examiner attentivement.',
      es: 'La respuesta depende de varios factores que debemos examinar con cuidado.',
      zh: '这个问题的答案取决于许多因素，我们需要仔细研究。',
      en: 'Photosynthesis converts light energy into chemical energy stored in glucose.',
    };
    const targets: Record<string, string> = { de: 'de-DE', fr: 'fr', es: 'es-419', zh: 'zh-Hans', en: 'en-GB' };
    for (const [lang, text] of Object.entries(texts)) {
      for (const [other, tag] of Object.entries(targets)) {
        const flagged = flagsOf('Answer, please.', text, tag).includes('NON_TARGET_LANGUAGE');
        assert.equal(flagged, lang !== other, `${lang} text, target ${tag}`);
      }
      assert.ok(!flagsOf('Answer, please.', text, 'sw').includes('NON_TARGET_LANGUAGE'), `eld has no Swahili: ${lang}`);
    }
    // Spanish that eld takes for Catalan or Italian is still Spanish enough for target 'es'.
    assert.deepEqual(flagsOf('q', 'El gato duerme en el sofá.', 'es'), []);
    assert.deepEqual(flagsOf('q', 'una casa grande', 'es'), []);
    assert.equal(primaryLanguage('en-GB'), 'en');
    assert.equal(primaryLanguage('nb_NO'), 'no');
  });

  test('any Unicode: no crash, words for CJK and Thai, Chinese is alphabetic', () => {
    const odd = [
      '\ud800 lone surrogates \udc00',
      'nul\u0000 and \u0007 bell',
      '👨‍👩‍👧 family 🏳️‍🌈',
      'עברית: שלום עולם, זה טקסט בעברית.',
      'ภาษาไทยเป็นภาษาที่สวยงาม',
      '庭で遊ぶのが好きな小さな犬です。',
      '\u202eevil bidi override\u202c',
      'x'.repeat(50_000),
      'a\n'.repeat(5000),
    ];
    for (const s of odd) {
      const a = analyzeTextPair(s, s);
      assertPlainJson(a.metrics);
      textPairFlags(a.metrics, DEFAULT_TEXT_POLICY, 'en');
      const c = analyzeCaption(s);
      assertPlainJson(c.metrics);
    }
    const zh = analyzeTextPair('q', '这个问题的答案取决于许多因素，我们需要仔细研究。').metrics;
    assert.equal(zh.responseWords, 22);
    assert.equal(zh.alphaWordRatio, 1);
    assert.deepEqual(flagsOf('问题', '猫在沙发上睡觉。', 'zh'), []);
    assert.deepEqual(splitWords('ภาษาไทยเป็นภาษาที่สวยงาม'), ['ภาษา', 'ไทย', 'เป็น', 'ภาษา', 'ที่', 'สวยงาม']);
    assert.deepEqual(splitWords('“Hello,” she said — (quietly)...'), ['Hello', 'she', 'said', 'quietly']);
  });

  test('the default policy is flat JSON numbers (patchable setting by setting)', () => {
    for (const [k, v] of Object.entries(DEFAULT_TEXT_POLICY)) assert.ok(typeof v === 'number' && Number.isFinite(v), k);
    assert.equal(DEFAULT_TEXT_POLICY.maxResponseChars, 8000);
    assert.equal(DEFAULT_TEXT_POLICY.minAlphaWordRatio, 0.8);
    assert.equal(DEFAULT_TEXT_POLICY.minCaptionWords, 3);
    assert.equal(DEFAULT_TEXT_POLICY.nearDuplicateJaccard, 0.8);
  });

  test('policy overrides', () => {
    const m = analyzeTextPair('What is the capital of France?', 'Paris.').metrics;
    assert.deepEqual(textPairFlags(m, { ...DEFAULT_TEXT_POLICY, minResponseWords: 1 }, 'en'), []);
    const p = analyzeTextPair('Explain photosynthesis.', PARAGRAPH).metrics;
    assert.deepEqual(textPairFlags(p, { ...DEFAULT_TEXT_POLICY, maxResponseChars: 100 }, 'en'), ['RESPONSE_TOO_LONG']);
  });
});

describe('exact keys', () => {
  test('equal across case, whitespace and punctuation; different otherwise', () => {
    const k = (p: string | null, r: string | null) => analyzeTextPair(p, r).exactKey;
    const base = k('What does the noun "dog" mean?', 'A domesticated carnivorous mammal.');
    assert.equal(k('what does the noun dog mean', 'a domesticated carnivorous mammal'), base);
    assert.equal(k('  WHAT does the noun «dog» mean ?? ', 'A  domesticated\ncarnivorous\tmammal!!!'), base);
    assert.equal(k('What does the noun “dog” mean?', 'A domesticated carnivorous mammal…'), base);
    assert.notEqual(k('What does the noun "dog" mean?', 'A domesticated carnivorous animal.'), base);
    assert.notEqual(k('a b', 'c'), k('a', 'b c'));
    assert.equal(k(null, ''), k('', '  '));
  });

  test('normalizeText: NFKC, case folding, invisible characters, punctuation', () => {
    assert.equal(normalizeText('  Straße\u200b and ＳＴＲＡＳＳＥ!! '), 'strasse and strasse');
    assert.equal(normalizeText('ΣΊΣΥΦΟΣ'), normalizeText('σίσυφος'));
    assert.equal(normalizeText('e\u0301té'), 'été');
    assert.equal(normalizeText('soft\u00adhyphen'), 'softhyphen');
    assert.equal(normalizeText('$5 + 3 = 8'), '$5 + 3 = 8');
    assert.equal(normalizeText('...'), '');
  });

  test('captions: hash of the normalised caption, null when empty', () => {
    assert.equal(analyzeCaption(null).exactKey, null);
    assert.equal(analyzeCaption('  ').exactKey, null);
    assert.equal(analyzeCaption('A dog on a red sofa.').exactKey, analyzeCaption('a dog  on a RED sofa').exactKey);
    assert.notEqual(analyzeCaption('a dog on a red sofa').exactKey, analyzeCaption('a dog on a blue sofa').exactKey);
  });
});

describe('MinHash', () => {
  test('deterministic: fixed permutations give fixed signatures', () => {
    const a = analyzeTextPair('What is a dog?', 'A domesticated carnivorous mammal.');
    assert.ok(a.minhash instanceof Uint32Array);
    assert.deepEqual(Array.from(a.minhash.slice(0, 4)), [461880387, 49824912, 24217640, 50856057]);
    assert.deepEqual(Array.from(minhashText('a dog on a red sofa').slice(0, 4)), [101710622, 8500683, 625514273, 458846147]);
    assert.equal(estimateJaccard(a.minhash, analyzeTextPair('What is a dog?', 'A domesticated carnivorous mammal.').minhash), 1);
  });

  test('near edits estimate ≥ 0.8, unrelated pairs < 0.5', () => {
    const prompt = 'What does the noun "strike" mean?';
    const response = 'a pitch that the batter swings at and misses, or that the umpire judges to be in the zone.';
    const sig = analyzeTextPair(prompt, response).minhash;
    const edits = [
      response.replace('misses', 'fouls'),
      response.replace('umpire', 'referee'),
      response.toUpperCase().replace(/,/g, ';'),
      response.replace(' and misses,', ' and misses'),
    ];
    for (const e of edits) {
      const j = estimateJaccard(sig, analyzeTextPair(prompt, e).minhash);
      assert.ok(j >= 0.8, `${j} for ${e}`);
    }
    const other = analyzeTextPair('What does the noun "entity" mean?', 'that which is perceived or known or inferred to have its own distinct existence.');
    assert.ok(estimateJaccard(sig, other.minhash) < 0.5);
  });

  test('over the WordNet pairs: one-word edits vs unrelated pairs', (t) => {
    let seed = 7;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const sigs = PAIRS.map((p) => analyzeTextPair(p.prompt, p.response).minhash);
    const edits: number[] = [];
    PAIRS.forEach((p, i) => {
      const w = p.response.split(' ');
      if (w.length < 14 || w.length > 16) return;
      w[Math.floor(rnd() * w.length)] = 'zebra';
      edits.push(estimateJaccard(sigs[i], analyzeTextPair(p.prompt, w.join(' ')).minhash));
    });
    edits.sort((a, b) => a - b);
    const unrelated: number[] = [];
    for (let i = 0; i < PAIRS.length; i += 3) for (let j = i + 1; j < PAIRS.length; j += 17) unrelated.push(estimateJaccard(sigs[i], sigs[j]));
    unrelated.sort((a, b) => a - b);
    const at = (a: number[], x: number) => a[Math.floor(x * (a.length - 1))];
    const share = edits.filter((j) => j >= 0.8).length / edits.length;
    t.diagnostic(
      `one word replaced in ${edits.length} responses of 14-16 words: min ${at(edits, 0)} p5 ${at(edits, 0.05)} median ${at(edits, 0.5)}, ` +
        `${(share * 100).toFixed(1)}% ≥ 0.8; ${unrelated.length} unrelated pairs: median ${at(unrelated, 0.5)} p99 ${at(unrelated, 0.99)} max ${at(unrelated, 1)}`,
    );
    assert.ok(edits.length > 300);
    assert.ok(at(edits, 0.5) >= 0.8);
    assert.ok(share >= 0.85, `${share}`);
    assert.ok(at(unrelated, 0.99) < 0.5);
  });

  test('LSH band keys', () => {
    const a = analyzeTextPair('q', 'a pitch that the batter swings at and misses').minhash;
    const b = analyzeTextPair('q', 'a pitch that the batter swings at and misses!').minhash;
    assert.equal(lshBandKeys(a).length, 16);
    assert.deepEqual(lshBandKeys(a), lshBandKeys(b));
    assert.throws(() => lshBandKeys(a, 16, 5), RangeError);
  });
});

describe('captions', () => {
  const cases: Array<[string | null, string[]]> = [
    [null, ['CAPTION_EMPTY']],
    ['', ['CAPTION_EMPTY']],
    ['  \n ', ['CAPTION_EMPTY']],
    ['a dog', ['CAPTION_TOO_SHORT']],
    ['!!!', ['CAPTION_TOO_SHORT']],
    ['a dog on a red sofa', []],
    ['一只狗在红色沙发上', []],
  ];
  for (const [caption, expected] of cases) {
    test(JSON.stringify(caption), () => {
      const a = analyzeCaption(caption);
      assertPlainJson(a.metrics);
      assert.deepEqual(captionFlags(a.metrics, DEFAULT_TEXT_POLICY), expected);
    });
  }
  test('metrics', () => {
    const m = analyzeCaption('A brown dog sleeping on a red sofa.').metrics;
    assert.equal(m.captionWords, 8);
    assert.equal(m.captionChars, 35);
    assert.equal(m.language, 'en');
  });
});
