// Keras's `to_snake_case` (keras/src/utils/naming.py), used for default layer names
// (`Conv2D` → `conv2d`, `ReLU` → `re_lu`) and optimizer names (`RMSprop` → `rm_sprop`).

/** Keras `to_snake_case`: drop non-word characters, split words, lower-case. */
export function kerasSnakeCase(name: string): string {
  return name.replace(/\W+/g, '').replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
