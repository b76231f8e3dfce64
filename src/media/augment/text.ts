/**
 * Text augmentation ops (issue 9): rule-based perturbations that need no model and cannot change
 * what a pair means beyond surface noise, so each is safe to apply to prompts (the augmentation
 * record marks them `modelFree`). Pure and seeded: the same text, op and generator give the same
 * output.
 *
 * - case_noise {rate}: each letter flips case with probability `rate`;
 * - whitespace_noise {rate}: each gap between words gets one extra space with probability `rate`;
 * - typos {rate}: each ASCII letter is replaced by a neighbour on a QWERTY keyboard with
 *   probability `rate` (case kept);
 * - template {templates}: the prompt becomes one of the templates (picked by the generator) with
 *   `{prompt}` replaced by it.
 * A caption's orientation words are rewritten by `rewriteWords` (flip_horizontal's captionMap).
 */
import type { ResolvedOp } from './recipe.js';

/** Keys next to each letter on a QWERTY keyboard (same row and the rows above and below). */
const QWERTY_NEIGHBOURS: Readonly<Record<string, string>> = Object.freeze({
  q: 'wa', w: 'qeas', e: 'wrsd', r: 'etdf', t: 'ryfg', y: 'tugh', u: 'yihj', i: 'uojk', o: 'ipkl', p: 'ol',
  a: 'qwsz', s: 'awedxz', d: 'serfcx', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', j: 'huikmn', k: 'jiolm', l: 'kop',
  z: 'asx', x: 'zsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
}); // prettier-ignore

function caseNoise(text: string, rate: number, random: () => number): string {
  let out = '';
  for (const ch of text) {
    const up = ch.toUpperCase();
    const low = ch.toLowerCase();
    if (up !== low && random() < rate) out += ch === up ? low : up;
    else out += ch;
  }
  return out;
}

function whitespaceNoise(text: string, rate: number, random: () => number): string {
  return text.replace(/(\S)( +)(?=\S)/g, (_m, before: string, gap: string) => before + gap + (random() < rate ? ' ' : ''));
}

function typos(text: string, rate: number, random: () => number): string {
  let out = '';
  for (const ch of text) {
    const low = ch.toLowerCase();
    const near = QWERTY_NEIGHBOURS[low];
    if (near && random() < rate) {
      const sub = near[Math.floor(random() * near.length)];
      out += ch === low ? sub : sub.toUpperCase();
    } else out += ch;
  }
  return out;
}

/** The text ops this module applies. */
export const TEXT_OPS: readonly string[] = Object.freeze(['case_noise', 'whitespace_noise', 'typos', 'template']);

/** Applies one resolved text op to `text`. */
export function augmentText(text: string, o: ResolvedOp, random: () => number): string {
  const rate = o.params.rate as number;
  switch (o.op) {
    case 'case_noise':
      return caseNoise(text, rate, random);
    case 'whitespace_noise':
      return whitespaceNoise(text, rate, random);
    case 'typos':
      return typos(text, rate, random);
    case 'template': {
      const templates = o.params.templates as readonly string[];
      return templates[Math.floor(random() * templates.length)].split('{prompt}').join(text);
    }
    default:
      throw new Error(`not a text op: ${o.op}`);
  }
}

/**
 * Rewrites whole words by `map` (case-insensitive match, the word's capitalisation kept): a
 * horizontal flip's `{"left": "right", "right": "left"}` swaps them in one pass.
 */
export function rewriteWords(text: string, map: Readonly<Record<string, string>>): string {
  const lower = new Map(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
  if (lower.size === 0) return text;
  return text.replace(/\p{L}[\p{L}\p{M}'-]*/gu, (word) => {
    const to = lower.get(word.toLowerCase());
    if (to === undefined) return word;
    if (word === word.toUpperCase() && word.length > 1) return to.toUpperCase();
    if (word[0] === word[0].toUpperCase()) return to[0].toUpperCase() + to.slice(1);
    return to;
  });
}
