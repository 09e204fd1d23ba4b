// pipe(2) for a runtime that cannot call it: Node has no pipe() and no mkfifo(3), so a pipe is a
// FIFO made by the mkfifo program, opened at both ends and unlinked at once. Starting that
// program costs 15-60 ms, so pipes are made in batches that grow while a program keeps asking
// (1, 4, 16, 64 per run of mkfifo): a program that wants one pipe pays for one, a program that
// makes thousands pays for a run every 64. Spare pipes are open (close-on-exec, as Node opens
// everything) and already unlinked, so nothing is left in the temporary directory.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childProcess } from './lazy-modules.js';
import { randomHex } from './random.js';

const MAX_BATCH = 64;
const spares: [number, number][] = [];
let nextBatch = 1;

/** A new pipe's [read end, write end], both blocking. */
export function makePipe(): [number, number] {
  if (spares.length === 0) {
    refill(nextBatch);
    nextBatch = Math.min(MAX_BATCH, nextBatch * 4);
  }
  return spares.shift()!;
}

function refill(n: number): void {
  const base = path.join(os.tmpdir(), `rvjit-pipe-${process.pid}-${randomHex(6)}`);
  const paths = Array.from({ length: n }, (_, i) => `${base}-${i}`);
  try {
    childProcess().execFileSync('mkfifo', ['-m', '600', '--', ...paths], { stdio: 'ignore' });
    for (const p of paths) spares.push(openBothEnds(p));
  } finally {
    for (const p of paths) fs.rmSync(p, { force: true });
  }
}

function openBothEnds(p: string): [number, number] {
  const probe = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const w = fs.openSync(p, fs.constants.O_WRONLY);
    // Reopen the read end without O_NONBLOCK (Node has no fcntl); a writer exists, so it does not block.
    const r = fs.openSync(`/proc/self/fd/${probe}`, fs.constants.O_RDONLY);
    return [r, w];
  } finally {
    fs.closeSync(probe);
  }
}
