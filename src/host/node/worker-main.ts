// What a pooled worker thread of one guest process does: run its guest threads, its timer
// service, or start and watch one of its child processes — one job after another. Both worker
// entry points call it: bin/worker.js (from the bundle, through its code cache) and
// vcpu-worker.ts (the plain tsc build).

import type { ChildProcess, StdioOptions } from 'node:child_process';
import { childProcess } from './lazy-modules.js';
import os from 'node:os';
import { NodeHost, rvjitCommand } from './index.js';
import { ThreadPool, WorkerState, JobKind, type VcpuWorkerData } from './threads.js';
import { LinuxProcess } from '../../linux/process.js';
import type { ChildLaunch } from '../../linux/fork.js';

export function runPooledWorker(data: VcpuWorkerData): void {
  const { image, pool: poolSab, entry } = data;
  const host = new NodeHost();
  const proc = new LinuxProcess({ ...image.options, host }, image);
  const pool = new ThreadPool(poolSab);
  proc.spawnThread = (img, slot, tid) => pool.spawn(img, slot, tid);
  proc.spawnTimerService = (img) => pool.spawnTimerService(img);
  proc.spawnChildProcess = (launch) => pool.spawnChild(proc.image(), launch);
  const i32 = pool.i32;
  const stateWord = pool.word(entry, 0);

  /** Starts the child; resolves with its pid, or rejects with the spawn error. */
  function startProcess(launch: ChildLaunch): Promise<ChildProcess> {
    const stdio = Array.from({ length: Math.max(3, launch.fds.length) }, (_, i) => launch.fds[i] ?? 'ignore') as StdioOptions;
    let child: ChildProcess;
    if (launch.kind === 'rvjit') {
      const [cmd, ...args] = rvjitCommand();
      child = childProcess().spawn(cmd!, [...args, '__child', String(launch.specFd)], { stdio, cwd: launch.cwd });
    } else {
      const env: Record<string, string> = {};
      for (const e of launch.env ?? []) {
        const eq = e.indexOf('=');
        if (eq > 0) env[e.slice(0, eq)] = e.slice(eq + 1);
      }
      const argv = launch.argv ?? [launch.program!];
      child = childProcess().spawn(launch.program!, argv.slice(1), { argv0: argv[0], env, cwd: launch.cwd, stdio });
    }
    return new Promise((resolve, reject) => {
      child.once('spawn', () => resolve(child));
      child.once('error', reject);
    });
  }

  /** Reads the final status an rvjit child left in its status file ("exit N" / "signal N"). */
  function reportedStatus(fd: number): { code: number | null; signal: number | null } | null {
    try {
      const buf = new Uint8Array(64);
      const n = host.fs.read(fd, buf, 0);
      const m = /^(exit|signal) (\d+)/.exec(new TextDecoder().decode(buf.subarray(0, n)));
      if (!m) return null;
      return m[1] === 'exit' ? { code: Number(m[2]), signal: null } : { code: null, signal: Number(m[2]) };
    } catch {
      return null;
    }
  }

  async function runChildJob(launch: ChildLaunch): Promise<void> {
    let child: ChildProcess;
    try {
      child = await startProcess(launch);
    } catch (e) {
      const errno = (e as NodeJS.ErrnoException).errno;
      pool.setResult(entry, typeof errno === 'number' && errno < 0 ? errno : -2);
      host.fs.close(launch.statusFd);
      return;
    }
    const pid = child.pid!;
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })));
    pool.setResult(entry, pid);
    const { code, signal } = await ended;
    const reported = launch.kind === 'rvjit' ? reportedStatus(launch.statusFd) : null;
    host.fs.close(launch.statusFd);
    const sig = signal ? os.constants.signals[signal] ?? null : null;
    proc.childExited(pid, reported ? reported.code : code, reported ? reported.signal : sig);
  }

  function takeJob(): boolean {
    // Wait for a job (or for the process to end).
    while (Atomics.load(i32, stateWord) !== WorkerState.Assigned) {
      if (proc.kernel.exiting !== 0) return false;
      Atomics.wait(i32, stateWord, WorkerState.Idle, 200);
    }
    Atomics.store(i32, stateWord, WorkerState.Running);
    return true;
  }

  async function main(): Promise<void> {
    while (takeJob()) {
      const job = pool.job(entry);
      try {
        if (job.kind === JobKind.Timers) proc.serveTimers();
        else if (job.kind === JobKind.Child) await runChildJob(job.launch!);
        else proc.runThread(job.slot, job.tid);
      } catch (e) {
        host.diagnostic(`rvjit: internal error in a worker thread: ${(e as Error)?.message ?? e}`);
        if (host.debug) host.diagnostic(String((e as Error)?.stack));
        proc.exitAll({ code: 70, signal: null });
      }
      if (proc.kernel.exiting !== 0) break;
      Atomics.store(i32, stateWord, WorkerState.Idle);
    }
    // Workers started by this one are its children in Node and end with it: one of them may be
    // the thread still completing the exit (write-back of shared mappings, the final status), so
    // stay until the exit is complete. The main thread then ends the whole process.
    proc.kernel.waitForExit();
    process.exit(0);
  }

  void main();
}
