// The rvjit command: parse, run, print. Everything else lives behind the library API.

import { parseArgs, guestEnv, UsageError, USAGE } from './args.js';
import { runProgram, runChild, RvjitError } from '../api/run.js';
import { formatStats } from '../api/stats.js';
import { VERSION } from '../version.js';

import { writeSync } from 'node:fs';

// The bundle's workers run from this same file (bin/worker.js).
export { runPooledWorker } from '../host/node/worker-main.js';

/** Synchronous writes: the process exits right after main() (guest threads must not outlive it). */
function say(line: string): void {
  writeSync(2, line + '\n');
}

function out(text: string): void {
  writeSync(1, text);
}

export async function main(argv: string[]): Promise<number> {
  // A child process of a guest (fork, exec after vfork), started by its parent rvjit.
  if (argv[0] === '__child' && argv.length === 2) {
    try {
      return (await runChild(Number(argv[1]))).exitCode;
    } catch (e) {
      say(`rvjit: internal error: ${(e as Error)?.message ?? e}`);
      if (process.env.RVJIT_DEBUG) say(String((e as Error)?.stack));
      return 70;
    }
  }
  let cmd;
  try {
    cmd = parseArgs(argv, process.env);
  } catch (e) {
    if (e instanceof UsageError) {
      say(`rvjit: ${e.message}`);
      say(`Try 'rvjit --help' for more information.`);
      return 2;
    }
    throw e;
  }
  if (cmd.command === 'help') {
    out(USAGE + '\n');
    return 0;
  }
  if (cmd.command === 'version') {
    out(`rvjit ${VERSION}\n`);
    return 0;
  }
  try {
    const result = await runProgram({
      program: cmd.program,
      args: cmd.args,
      env: guestEnv(process.env, cmd),
      sysroot: cmd.sysroot,
      strace: cmd.strace,
      stats: cmd.stats,
      invalidation: cmd.invalidation,
      jitThreshold: cmd.jitThreshold,
    });
    if (result.stats) for (const line of formatStats(result.stats)) say(line);
    return result.exitCode;
  } catch (e) {
    if (e instanceof RvjitError) {
      say(`rvjit: ${e.message}`);
      return 1;
    }
    say(`rvjit: internal error: ${(e as Error)?.message ?? e}`);
    if (process.env.RVJIT_DEBUG) say(String((e as Error)?.stack));
    return 70;
  }
}
