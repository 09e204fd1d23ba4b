// Running one ELF under both emulators and comparing what they printed. QEMU is a child process
// (started first, so it runs while rvjit works); rvjit runs in this thread through the library
// API, which avoids a Node start-up per ELF.

import { spawn } from 'node:child_process';
import { runProgramSync } from '../../src/api/run.js';
import { captureHost } from './capture-host.js';
import { DUMP_SIZE } from './block.js';

export interface Outcome {
  stdout: Uint8Array;
  /** Exit status as a shell reports it (128+signal when killed). */
  status: number;
  /** An internal error of the emulator (rvjit exception, spawn failure), if any. */
  error?: string;
}

const SIGNALS: Record<string, number> = { SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGSEGV: 11 };

export function runQemu(elfPath: string, timeoutMs = 60_000): Promise<Outcome> {
  return new Promise((resolve) => {
    // `ulimit -c 0`: QEMU writes a core file when the guest dies of a signal (badfrm programs do).
    const child = spawn('/bin/sh', ['-c', 'ulimit -c 0; exec qemu-riscv64 "$0"', elfPath], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ stdout: new Uint8Array(), status: -1, error: `cannot run qemu-riscv64: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const status = signal ? 128 + (SIGNALS[signal] ?? 0) : (code ?? -1);
      resolve({ stdout: Buffer.concat(chunks), status });
    });
  });
}

/**
 * Which execution tier the rvjit side exercises (RVJIT_FUZZ_TIER, inherited by the fuzz workers):
 * 'jit' translates every block on first execution, 'interp' never translates, 'mixed' uses the
 * default threshold (each fuzz program runs once, so that is mostly the interpreter).
 */
export type Tier = 'jit' | 'interp' | 'mixed';
export const TIERS: readonly Tier[] = ['jit', 'interp', 'mixed'];

export function tierThreshold(tier: string | undefined): number | undefined {
  if (tier === undefined || tier === 'jit') return 0;
  if (tier === 'interp') return 2 ** 30;
  if (tier === 'mixed') return undefined;
  throw new Error(`unknown tier '${tier}' (jit, interp or mixed)`);
}

export function runRvjit(elfPath: string, tier: string | undefined = process.env.RVJIT_FUZZ_TIER): Outcome {
  const cap = captureHost();
  try {
    const r = runProgramSync({ program: elfPath, argv0: elfPath, env: [], host: cap.host, jitThreshold: tierThreshold(tier) });
    return { stdout: cap.stdout(), status: r.exitCode };
  } catch (e) {
    const err = e as Error;
    return { stdout: cap.stdout(), status: -1, error: `rvjit threw: ${err.stack ?? err.message}` };
  }
}

export async function runBoth(elfPath: string): Promise<{ qemu: Outcome; rvjit: Outcome }> {
  const q = runQemu(elfPath);
  const rvjit = runRvjit(elfPath);
  return { qemu: await q, rvjit };
}

/** Where two runs of an ELF part ways: the program (by position in the ELF) and how. */
export interface Mismatch {
  program: number;
  what: 'state' | 'missing-dump' | 'status' | 'error' | 'both-died';
  detail: string;
}

const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

export interface Comparison {
  mismatches: Mismatch[];
  /** Programs from this index on did not run on at least one side (after a crash): rerun them. */
  rerunFrom: number | null;
}

/**
 * Compares the dump records program by program, then how each process ended. Programs are
 * independent (each reloads the whole state), so a differing record does not stop the comparison;
 * a missing one does, since the programs after it never ran. Only the last program may end the
 * process early (a badfrm program, killed by SIGILL), and then only if `lastMayDie`.
 */
export function compareAll(qemu: Outcome, rvjit: Outcome, programs: number, lastMayDie: boolean): Comparison {
  const nq = Math.floor(qemu.stdout.length / DUMP_SIZE), nr = Math.floor(rvjit.stdout.length / DUMP_SIZE);
  const mismatches: Mismatch[] = [];
  for (let i = 0; i < Math.min(nq, nr); i++) {
    const a = qemu.stdout.subarray(i * DUMP_SIZE, (i + 1) * DUMP_SIZE), b = rvjit.stdout.subarray(i * DUMP_SIZE, (i + 1) * DUMP_SIZE);
    if (!eq(a, b)) mismatches.push({ program: i, what: 'state', detail: '' });
  }
  const stopped = Math.min(nq, nr);
  const rerun = stopped + 1 < programs ? stopped + 1 : null;
  if (qemu.error || rvjit.error) {
    mismatches.push({ program: stopped, what: 'error', detail: (qemu.error ?? rvjit.error)! });
    return { mismatches, rerunFrom: rerun };
  }
  if (nq !== nr || qemu.stdout.length % DUMP_SIZE || rvjit.stdout.length % DUMP_SIZE) {
    mismatches.push({
      program: stopped, what: 'missing-dump',
      detail: `qemu printed ${qemu.stdout.length} bytes (status ${qemu.status}), rvjit ${rvjit.stdout.length} (status ${rvjit.status})`,
    });
    return { mismatches, rerunFrom: rerun };
  }
  if (qemu.status !== rvjit.status) {
    const detail = `exit status: qemu ${qemu.status}, rvjit ${rvjit.status}`;
    mismatches.push({ program: Math.min(stopped, programs - 1), what: 'status', detail });
    return { mismatches, rerunFrom: rerun };
  }
  if (stopped < programs && !(lastMayDie && stopped === programs - 1)) {
    // Agreement, but not what the generator meant: the programs after this one would go untested.
    mismatches.push({
      program: stopped, what: 'both-died',
      detail: `both emulators ended with status ${qemu.status} in this program (a generator bug, or a fault both make)`,
    });
    return { mismatches, rerunFrom: rerun };
  }
  return { mismatches, rerunFrom: null };
}

/** The first difference of a one-program run, or null. */
export function compareOutcomes(qemu: Outcome, rvjit: Outcome): Mismatch | null {
  return compareAll(qemu, rvjit, 1, true).mismatches[0] ?? null;
}

export function record(o: Outcome, program: number): Uint8Array | null {
  const end = (program + 1) * DUMP_SIZE;
  return o.stdout.length >= end ? o.stdout.subarray(program * DUMP_SIZE, end) : null;
}
