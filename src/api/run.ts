// The library entry point: run a RISC-V Linux program and report how it ended.

import { LinuxProcess, type ExitStatus } from '../linux/process.js';
import { ExecError } from '../linux/exec.js';
import type { Host } from '../host/host.js';
import { NodeHost } from '../host/node/index.js';
import { ThreadPool } from '../host/node/threads.js';
import { collectStats, type RunStats } from './stats.js';
import type { ChildSpec } from '../linux/child-spec.js';
import { elapsedMs } from '../host/elapsed.js';

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
  /** How stale translations are dropped across threads: 'rcu' (default) or 'exclusive'. */
  invalidation?: 'rcu' | 'exclusive';
  /**
   * Times a block of guest code runs in the interpreter before it is translated to WebAssembly
   * (default 32); 0 translates every block the first time it runs.
   */
  jitThreshold?: number;
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

/** Lets the process start threads, services and children on pooled worker threads. */
function wireThreads(proc: LinuxProcess): void {
  const pool = new ThreadPool();
  proc.spawnThread = (image, slot, tid) => pool.spawn(image, slot, tid);
  proc.spawnTimerService = (image) => pool.spawnTimerService(image);
  proc.spawnChildProcess = (launch) => pool.spawnChild(proc.image(), launch);
}

/**
 * Runs a child process started by a parent rvjit (fork, exec after vfork): its spec arrives as
 * an anonymous file on descriptor `specFd`. Returns the exit status.
 */
export function runChild(specFd: number): Promise<RunResult> {
  const host = new NodeHost();
  const text = readAll(host, specFd);
  host.fs.close(specFd);
  const spec = JSON.parse(text) as ChildSpec;
  const proc = new LinuxProcess({
    program: spec.exec?.program ?? '', argv: [], env: [], sysroot: spec.options.sysroot, strace: spec.options.strace,
    stats: false, invalidation: spec.options.invalidation, jitThreshold: spec.options.jitThreshold, inheritStdio: false, host,
  });
  wireThreads(proc);
  let main;
  try {
    main = proc.adoptSpec(spec);
  } catch (e) {
    if (e instanceof ExecError) {
      host.diagnostic(`rvjit: ${e.message}`);
      proc.reportStatus('exit 127');
      return Promise.resolve({ exitCode: 127, signal: null });
    }
    throw e;
  }
  return proc.runChildSupervised(main).then((status) => ({ exitCode: status.code, signal: status.signal }));
}

function readAll(host: Host, fd: number): string {
  const size = Number(host.fs.fstat(fd).size);
  const buf = new Uint8Array(size);
  for (let done = 0; done < size; ) {
    const n = host.fs.read(fd, buf.subarray(done), done);
    if (n <= 0) break;
    done += n;
  }
  return new TextDecoder().decode(buf);
}

/**
 * Runs the program; the calling (main) thread supervises: if the guest starts catching signals
 * that can come from outside, its main thread moves to a worker and this thread forwards the
 * host's signals. Use this from the main thread; runProgramSync never moves the guest.
 */
export async function runProgram(options: RunOptions): Promise<RunResult> {
  return run(options, (proc) => proc.runSupervised());
}

/** Runs on the calling thread until the guest exits (host signals are not forwarded). */
export function runProgramSync(options: RunOptions): RunResult {
  return run(options, (proc) => proc.run());
}

function run<R extends ExitStatus | Promise<ExitStatus>>(
  options: RunOptions, go: (proc: LinuxProcess) => R,
): R extends Promise<ExitStatus> ? Promise<RunResult> : RunResult {
  type Out = R extends Promise<ExitStatus> ? Promise<RunResult> : RunResult;
  const host = options.host ?? new NodeHost();
  const env = options.env ?? Object.entries(process.env).map(([k, v]) => `${k}=${v ?? ''}`);
  const t0 = elapsedMs();
  let proc: LinuxProcess;
  try {
    proc = new LinuxProcess({
      program: options.program,
      argv: [options.argv0 ?? options.program, ...(options.args ?? [])],
      env,
      sysroot: options.sysroot ?? null,
      strace: options.strace ?? false,
      stats: options.stats ?? false,
      invalidation: options.invalidation ?? 'rcu',
      jitThreshold: options.jitThreshold,
      host,
    });
    wireThreads(proc);
    const finish = (status: ExitStatus): RunResult => {
      const result: RunResult = { exitCode: status.code, signal: status.signal };
      if (options.stats) result.stats = collectStats(proc, elapsedMs() - t0);
      return result;
    };
    const r = go(proc);
    return (r instanceof Promise ? r.then(finish, (e) => { throw asUserError(e); }) : finish(r as ExitStatus)) as Out;
  } catch (e) {
    throw asUserError(e);
  }
}

/** A program that cannot be started is the user's problem (one line, status 1), not an internal error. */
function asUserError(e: unknown): unknown {
  return e instanceof ExecError ? new RvjitError(e.message) : e;
}
