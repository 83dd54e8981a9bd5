// Text preprocessing layers (Keras 3 names): classes and camelCase factories.
import { TextVectorization, type TextVectorizationArgs } from './text_vectorization.js';
import { StringLookup, type StringLookupArgs } from './string_lookup.js';
import { IntegerLookup, type IntegerLookupArgs } from './integer_lookup.js';
import { Hashing, type HashingArgs } from './hashing.js';
import { CategoryEncoding, type CategoryEncodingArgs } from './category_encoding.js';

export { TextVectorization, StringLookup, IntegerLookup, Hashing, CategoryEncoding };
export type { TextVectorizationArgs, StringLookupArgs, IntegerLookupArgs, HashingArgs, CategoryEncodingArgs };
export type { Standardize, Split, StandardizeFn, SplitFn } from './preprocess.js';
export type { StringInput } from './strings.js';
export type { LookupOutputMode } from './index_lookup.js';

export const textVectorization = (args: TextVectorizationArgs = {}) => new TextVectorization(args);
export const stringLookup = (args: StringLookupArgs = {}) => new StringLookup(args);
export const integerLookup = (args: IntegerLookupArgs = {}) => new IntegerLookup(args);
export const hashing = (args: HashingArgs) => new Hashing(args);
export const categoryEncoding = (args: CategoryEncodingArgs) => new CategoryEncoding(args);
