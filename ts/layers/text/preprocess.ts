// TextVectorization's string pipeline as TensorFlow runs it in Keras: standardize, split,
// n-grams. Byte-level details follow TF: `lower` lowercases ASCII letters only
// (tf.strings.lower), punctuation is the 32 ASCII punctuation characters, whitespace
// splitting uses ASCII whitespace (space, \t, \n, \v, \f, \r) and drops empty tokens,
// character splitting yields Unicode code points, n-grams of each width in turn joined by ' '.

/** A custom standardization: text in, text out. */
export type StandardizeFn = (text: string) => string;
/** A custom tokenizer: text in, tokens out. */
export type SplitFn = (text: string) => string[];
/** How TextVectorization standardizes text (Keras `standardize`): `'lower_and_strip_punctuation'` (default), `'lower'` (ASCII letters only, as TensorFlow), `'strip_punctuation'`, null (none), or a function. */
export type Standardize = 'lower_and_strip_punctuation' | 'lower' | 'strip_punctuation' | null | StandardizeFn;
/** How TextVectorization splits text into tokens (Keras `split`): `'whitespace'` (default; ASCII whitespace, empty tokens dropped), `'character'` (Unicode code points), null (the whole text is one token), or a function. */
export type Split = 'whitespace' | 'character' | null | SplitFn;

const PUNCTUATION = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;
const ASCII_UPPER = /[A-Z]+/g;
const ASCII_SPACE = /[ \t\n\v\f\r]+/;

export function standardizeText(s: string, how: Standardize): string {
  if (how === 'lower' || how === 'lower_and_strip_punctuation') s = s.replace(ASCII_UPPER, (m) => m.toLowerCase());
  if (how === 'strip_punctuation' || how === 'lower_and_strip_punctuation') s = s.replace(PUNCTUATION, '');
  if (typeof how === 'function') s = how(s);
  return s;
}

export function splitText(s: string, how: Exclude<Split, null>): string[] {
  if (how === 'whitespace') return s.split(ASCII_SPACE).filter((t) => t.length > 0);
  if (how === 'character') return Array.from(s);
  return how(s);
}

/** tf.strings.ngrams(tokens, widths, separator=' '): every width in order, no padding. */
export function ngramsOf(tokens: readonly string[], widths: readonly number[]): string[] {
  const out: string[] = [];
  for (const w of widths) {
    for (let i = 0; i + w <= tokens.length; i++) out.push(w === 1 ? tokens[i]! : tokens.slice(i, i + w).join(' '));
  }
  return out;
}
