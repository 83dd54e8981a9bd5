// Text preprocessing layers (Keras 3 names): classes and camelCase factories.
import { TextVectorization, type TextVectorizationArgs } from './text_vectorization.js';
import { StringLookup, type StringLookupArgs } from './string_lookup.js';
import { IntegerLookup, type IntegerLookupArgs } from './integer_lookup.js';
import { Hashing, type HashingArgs } from './hashing.js';
import { CategoryEncoding, type CategoryEncodingArgs } from './category_encoding.js';

export { TextVectorization, StringLookup, IntegerLookup, Hashing, CategoryEncoding };
/** The text layers loadable from Keras configs (a model's string input feeds TextVectorization, StringLookup and Hashing). */
export const TEXT_LAYERS = { TextVectorization, StringLookup, IntegerLookup, Hashing, CategoryEncoding };
export type { TextVectorizationArgs, StringLookupArgs, IntegerLookupArgs, HashingArgs, CategoryEncodingArgs };
export type { Standardize, Split, StandardizeFn, SplitFn } from './preprocess.js';
export type { StringInput } from './strings.js';
export type { LookupOutputMode } from './index_lookup.js';

/** Creates a layer turning strings into token indices or per-string vectors: `new TextVectorization(args)` (Keras `layers.TextVectorization`). */
export const textVectorization = (args: TextVectorizationArgs = {}) => new TextVectorization(args);
/** Creates a layer mapping strings to vocabulary indices: `new StringLookup(args)` (Keras `layers.StringLookup`). */
export const stringLookup = (args: StringLookupArgs = {}) => new StringLookup(args);
/** Creates a layer mapping integers to vocabulary indices: `new IntegerLookup(args)` (Keras `layers.IntegerLookup`). */
export const integerLookup = (args: IntegerLookupArgs = {}) => new IntegerLookup(args);
/** Creates a layer hashing strings or integers into bins: `new Hashing(args)` (Keras `layers.Hashing`). */
export const hashing = (args: HashingArgs) => new Hashing(args);
/** Creates a layer encoding category ids as one-hot, multi-hot or count vectors: `new CategoryEncoding(args)` (Keras `layers.CategoryEncoding`). */
export const categoryEncoding = (args: CategoryEncodingArgs) => new CategoryEncoding(args);
