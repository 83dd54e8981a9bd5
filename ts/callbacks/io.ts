// Where callbacks print. Node: stdout as is (a progress bar redraws itself with '\r');
// browsers: the console, one call per complete line.

import { isNode } from '../../bindings/features.js';

/** Receives raw text, newlines included. */
export type Writer = (text: string) => void;

let pending = '';

/** Line-buffers text into console.log, which always ends its own line. */
function consoleWriter(text: string): void {
  pending += text;
  const lines = pending.split('\n');
  pending = lines.pop()!;
  for (const line of lines) console.log(line);
}

/** process.stdout.write in Node (looked up per call, so it can be spied on), else the console. */
export const defaultWriter: Writer = (text) => {
  if (isNode) process.stdout.write(text);
  else consoleWriter(text);
};

/** Whether stdout is an interactive terminal that understands '\r' redraws. */
export function stdoutIsTty(): boolean {
  return isNode && process.stdout?.isTTY === true;
}

/** One message line (Keras `io_utils.print_msg`). */
export function printMsg(message: string, write: Writer = defaultWriter): void {
  write(`${message}\n`);
}
