// Compatibility entry point: the shared bench helpers now live in bench/lib/ (measure, format,
// env, results). New benches import from './lib/index.mjs'; this file keeps `./lib.mjs`
// imports working.
export * from './lib/index.mjs';
