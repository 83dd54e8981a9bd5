#!/usr/bin/env node
// `npx kerasm compare …`: the study tool of the built package (dist/). The Node entry comes
// first: it hands the library the Node built-ins (needed on Node < 20.16).
import '../dist/node.js';

const { main } = await import('../dist/compare.js');
process.exitCode = await main(process.argv.slice(2));
