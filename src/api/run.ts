// The library entry point: run a RISC-V Linux program and report how it ended.

import { LinuxProcess } from '../linux/process.js';
import { ExecError } from '../linux/exec.js';
import type { Host } from '../host/host.js';
import { NodeHost } from '../host/node/index.js';
import { ThreadPool } from '../host/node/threads.js';
import { collectStats, type RunStats } from './stats.js';

export interface RunOptions {
  /** Path of the guest program on the host. */
  program: string;
  /** Arguments after argv[0]. */
  args?: string[];
  /** argv[0]; defaults to `program`. */
  argv0?: string;
  /** Guest environment as NAME=value strings; defaults to the host's environment. */
  env?: string[];
  /** Prefix for the ELF interpreter and for absolute paths the host lacks (qemu's -L). */
  sysroot?: string | null;
  /** Print every system call to stderr. */
  strace?: boolean;
  /** Collect translation and dispatch statistics (returned in the result). */
  stats?: boolean;
  /** Host services; defaults to Node's. */
  host?: Host;
}

export interface RunResult {
  /** Exit status as a shell sees it: the guest's exit code, or 128+signal. */
  exitCode: number;
  /** The signal that killed the guest, if any. */
  signal: number | null;
  stats?: RunStats;
}

/** A problem that prevents the program from starting; `message` is one line for the user. */
export class RvjitError extends Error {}

export async function runProgram(options: RunOptions): Promise<RunResult> {
  return runProgramSync(options);
}

/** Runs on the calling thread until the guest exits. */
export function runProgramSync(options: RunOptions): RunResult {
  const host = options.host ?? new NodeHost();
  const env = options.env ?? Object.entries(process.env).map(([k, v]) => `${k}=${v ?? ''}`);
  const t0 = performance.now();
  let proc: LinuxProcess;
  try {
    proc = new LinuxProcess({
      program: options.program,
      argv: [options.argv0 ?? options.program, ...(options.args ?? [])],
      env,
      sysroot: options.sysroot ?? null,
      strace: options.strace ?? false,
      stats: options.stats ?? false,
      host,
    });
    const pool = new ThreadPool();
    proc.spawnThread = (image, slot, tid) => pool.spawn(image, slot, tid);
    proc.spawnTimerService = (image) => pool.spawnTimerService(image);
    const status = proc.run();
    const result: RunResult = { exitCode: status.code, signal: status.signal };
    if (options.stats) result.stats = collectStats(proc, performance.now() - t0);
    return result;
  } catch (e) {
    if (e instanceof ExecError) throw new RvjitError(e.message);
    throw e;
  }
}
