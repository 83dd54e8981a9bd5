// The opening of every bench: machine facts, the load line, an optional wait for an idle
// machine (`--wait-idle S`), and the load figures the results header records.

import { machine } from './env.mjs';
import { waitIdle } from './measure.mjs';

/** `env`: the environment record (`loadavg` refreshed, `foreignCoresBefore` set); `before`: the idle reading. */
export async function startBench(name, waitS, log) {
  const env = machine();
  log(`${name} — load average ${env.loadavg.map((x) => x.toFixed(2)).join(' ')}; sampling idle CPU for 1 s…`);
  const before = await waitIdle(waitS, log);
  env.loadavg = machine().loadavg;
  env.foreignCoresBefore = before.foreignCores;
  return { env, before };
}
