// One run of the syscall-fuzzing guest (tests/guest/fuzz_syscalls.c) under rvjit or under
// qemu-riscv64, in a scratch directory of its own, and what to make of how it ended.
//
// The guest logs each call on its stdout as "<index> <name>(<args>) = <result>", writing the
// part before " = " ahead of the call, so a run that hangs leaves the guilty call as its last,
// unfinished line; it ends with "done <count>".

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { confinementProblems } from './confine.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository: this file is dist/tools/fuzz-syscalls/run.js. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const RVJIT = path.join(ROOT, 'bin', 'rvjit.js');
export const GUEST = path.join(ROOT, 'build', 'guest', 'fuzz_syscalls');

export type Emulator = 'rvjit' | 'qemu';

export interface RunSpec {
  /** The guest's seed (a 64-bit number, as text). */
  seed: string;
  calls: number;
  /** Calls or features the guest leaves out (its -x options). */
  exclude: string[];
  timeoutMs: number;
}

export interface GuestRun {
  emulator: Emulator;
  /** Exit status, or null when killed by a signal. */
  status: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Processes of the run's group (forked children) still alive after it ended. */
  leftover: boolean;
  /** Complete log lines. */
  lines: string[];
  /** What followed the last newline: the call in progress when the run stopped, if any. */
  partial: string;
  stderr: string;
  ms: number;
}

export function guestArgs(spec: RunSpec): string[] {
  return [spec.seed, String(spec.calls), ...spec.exclude.flatMap((x) => ['-x', x])];
}

/** The command line that repeats a run (in an empty directory). */
export function reproduceCommand(emulator: Emulator, spec: RunSpec): string {
  const args = guestArgs(spec).join(' ');
  return emulator === 'rvjit'
    ? `mkdir /tmp/fz && cd /tmp/fz && node ${RVJIT} run ${GUEST} ${args}`
    : `mkdir /tmp/fz && cd /tmp/fz && qemu-riscv64 ${GUEST} ${args}`;
}

/**
 * A fresh scratch directory; `tag` keeps the names of parallel runs the same length, so that
 * results that depend on the path length (getcwd, readlink) agree between emulators.
 */
export function scratchDir(tag: 'r' | 'q'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rvjit-fz${tag}-`));
}

/**
 * Removes a scratch directory whatever the guest did to it: random chmod calls leave
 * directories without permissions, which stops a non-root user from emptying them.
 */
export function removeScratch(dir: string): void {
  const unlock = (d: string) => {
    try {
      fs.chmodSync(d, 0o700);
      for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) unlock(path.join(d, e.name));
    } catch {
      // as root nothing is needed; otherwise do what we can
    }
  };
  unlock(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Whether any process of process group `pgid` is still alive (zombies aside: they are gone). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  // kill(2) also succeeds for zombies; /proc tells them apart
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already empty
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long forked children may outlive the guest's end before they count as left behind. */
const LEFTOVER_GRACE_MS = 5000;

/**
 * Runs the guest in a process group (and session) of its own, so that the guest's own group is
 * nothing but the emulator and its children, and everything left of it can be found and killed:
 * after a timeout, and after the run, when forked children (rvjit `__child` processes) are still
 * alive. The run is over when the emulator has exited, whatever holds its pipes open.
 */
export async function runGuest(emulator: Emulator, spec: RunSpec, cwd: string): Promise<GuestRun> {
  const args = guestArgs(spec);
  // RVJIT_DEBUG: an internal error comes with its stack, which is what a bug report needs.
  const env: NodeJS.ProcessEnv = { ...process.env, RVJIT_DEBUG: '1' };
  delete env.RVJIT_TRACE;
  // no sysroot fallback for absolute paths: they must mean the host's own files
  delete env.QEMU_LD_PREFIX;
  const options = { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] as ['pipe', 'pipe', 'pipe'], detached: true };
  const child = emulator === 'rvjit'
    ? spawn(process.execPath, [RVJIT, 'run', GUEST, ...args], options)
    // The descriptor limit rvjit reports (1024) keeps results about it comparable; no core files.
    : spawn('/bin/sh', ['-c', 'ulimit -S -n 1024; ulimit -c 0; exec qemu-riscv64 "$@"', 'sh', GUEST, ...args], options);
  const t0 = performance.now();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let errBytes = 0;
  child.stdin.on('error', () => {});
  child.stdin.end(); // an empty stdin: reads see end-of-file at once
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => {
    // keep the start: a runaway diagnostic loop must not exhaust memory
    if (errBytes < 1 << 20) err.push(d);
    errBytes += d.length;
  });
  const pgid = child.pid;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (pgid) killGroup(pgid);
  }, spec.timeoutMs);
  const ended = await new Promise<{ status: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ status: null, signal: null, error }));
    child.on('exit', (status, signal) => resolve({ status, signal }));
  });
  clearTimeout(timer);
  // Children exit soon after the guest (each makes a bounded number of calls); one that is
  // still alive after the grace period never will.
  let leftover = false;
  if (pgid) {
    const deadline = performance.now() + LEFTOVER_GRACE_MS;
    while (groupAlive(pgid) && performance.now() < deadline) await sleep(50);
    leftover = !timedOut && groupAlive(pgid);
    killGroup(pgid);
  }
  // The output written before the exit is in the pipes; do not wait for holders to close them.
  await Promise.race([
    Promise.all([once(child.stdout, 'close'), once(child.stderr, 'close')]),
    sleep(1000),
  ]);
  child.stdout.destroy();
  child.stderr.destroy();
  const text = Buffer.concat(out).toString('latin1');
  const cut = text.lastIndexOf('\n');
  return {
    emulator, status: ended.status, signal: ended.signal, timedOut, leftover,
    lines: cut < 0 ? [] : text.slice(0, cut).split('\n'),
    partial: text.slice(cut + 1),
    stderr: ended.error ? `cannot start ${emulator}: ${ended.error.message}` : Buffer.concat(err).toString('latin1'),
    ms: performance.now() - t0,
  };
}

/**
 * What rvjit processes said where the fuzzer cannot see it: a forked child's diagnostics go to
 * its descriptor 2, which in the guest is a scratch file. Looks in the scratch directory's
 * regular files (their first MiB) for rvjit's internal-error line or a JavaScript stack frame.
 */
export function scratchDiagnostics(dir: string): string | null {
  // printable characters only: the files also hold the random bytes the guest wrote
  const pattern = /rvjit: internal error[ -~]*|^\s+at \S+ \(?(?:file:|node:|\/)[ -~]*/m;
  const walk = (d: string, depth: number): string | null => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return null;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && depth < 4) {
        const found = walk(p, depth + 1);
        if (found) return found;
      } else if (e.isFile()) {
        try {
          const fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
          const buf = Buffer.alloc(1 << 20);
          const n = fs.readSync(fd, buf, 0, buf.length, 0);
          fs.closeSync(fd);
          const m = pattern.exec(buf.subarray(0, n).toString('latin1'));
          if (m) return `${e.name}: ${m[0].trim()}`;
        } catch {
          // unreadable (mode 000 as non-root): nothing to learn
        }
      }
    }
    return null;
  };
  return walk(dir, 0);
}

/**
 * The last line of each forked child's log (child-N.log in the scratch directory), marked when
 * the child was inside that call when the run stopped: a parent hanging in its final wait4 is
 * usually waiting for a child stuck in a call, and the scratch directory is gone afterwards.
 */
export function childLogTails(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /^child-\d+\.log$/.test(n)).sort();
  } catch {
    return [];
  }
  return names.map((n) => {
    let text = '';
    try {
      text = fs.readFileSync(path.join(dir, n), 'latin1');
    } catch {
      // unreadable (mode 000 as non-root): reported as empty
    }
    const lines = text.split('\n');
    const partial = lines.at(-1) ?? '';
    const last = partial || lines.filter(Boolean).at(-1) || '(no call logged)';
    return `${n}: ${last}${partial ? ' (unfinished)' : ''}`;
  });
}

/** How a run under rvjit ended, as the fuzzer judges it. */
export type Verdict =
  | { ok: true; calls: number }
  | { ok: false; kind: BugKind; detail: string; calls: number; lastCall: string };

export type BugKind =
  | 'internal-error' // "rvjit: internal error ..." on stderr
  | 'stack-trace' // a JavaScript stack trace on stderr
  | 'exit-70' // rvjit's exit status for an internal error
  | 'hang' // killed by the timeout: a call that Linux would have ended (the watchdog) did not end
  | 'leftover' // forked children still alive after the run (killed by the fuzzer)
  | 'unconfined' // the generator broke its own confinement (confine.ts): a fuzzer bug, and a serious one
  | 'host-crash' // the Node process died of a signal
  | 'guest-died' // the guest ended early (a fatal signal where Linux returns an error)
  | 'stderr' // anything else on rvjit's stderr
  | 'child-error' // a forked child's internal error or stack trace, found in the scratch files
  | 'setup'; // the guest could not set itself up (an environment problem, or a bug)

/** Calls the log shows as complete. */
function completed(run: GuestRun): number {
  return run.lines.filter((l) => /^\d+ /.test(l) && l.includes(' = ')).length;
}

export function judge(run: GuestRun, spec: RunSpec, scratchNote: string | null = null, childTails: string[] = []): Verdict {
  const calls = completed(run);
  const lastCall = run.partial || run.lines.filter((l) => /^\d+ /.test(l)).at(-1) || '';
  const bug = (kind: BugKind, detail: string): Verdict => ({ ok: false, kind, detail, calls, lastCall });
  const stderr = run.stderr.trim();
  const unconfined = confinementProblems(run.lines);
  if (unconfined.length) return bug('unconfined', unconfined.slice(0, 5).join('\n'));
  if (/internal error/.test(stderr)) return bug('internal-error', firstLines(stderr));
  if (/^\s+at /m.test(stderr)) return bug('stack-trace', firstLines(stderr));
  if (run.status === 70) return bug('exit-70', firstLines(stderr));
  if (scratchNote) return bug('child-error', scratchNote);
  if (run.timedOut) {
    const children = childTails.length ? `\nforked children's last calls:\n${childTails.map((l) => `  ${l}`).join('\n')}` : '';
    return bug('hang', `no end after ${spec.timeoutMs} ms; stuck in: ${run.partial || '(between calls)'}${children}`);
  }
  if (run.leftover) return bug('leftover', `processes of the run still alive ${LEFTOVER_GRACE_MS} ms after it ended`);
  if (run.signal) return bug('host-crash', `${run.emulator} killed by ${run.signal}: ${firstLines(stderr)}`);
  const setup = run.lines.find((l) => l.startsWith('setup failed'));
  if (setup) return bug('setup', setup);
  const done = run.lines.at(-1) === `done ${spec.calls}`;
  if (!done || run.status !== 0) return bug('guest-died', `status ${run.status}; ${firstLines(stderr) || 'no message'}`);
  if (stderr) return bug('stderr', firstLines(stderr));
  return { ok: true, calls };
}

function firstLines(text: string, n = 6): string {
  return text.split('\n').slice(0, n).join('\n');
}

/** A log line split into the call (everything before " = ") and the result. */
export function splitLine(line: string): { call: string; result: string } | null {
  const m = /^(\d+ .*) = (\S+)$/.exec(line);
  return m ? { call: m[1]!, result: m[2]! } : null;
}
