// Running one mutated file and judging the result. rvjit runs as the real command (`node
// bin/rvjit.js run`), because what is under test is exactly what a user sees: the exit status and
// stderr. PASS: the program ran and ended (exit status or death by a guest signal, reported the way
// Linux shells see it), or rvjit refused it with status 1 and one "rvjit: " line. FAIL: internal
// error (70), JavaScript error text or stack frames on stderr, a hang, node itself dying.
// qemu-riscv64 runs the same file for triage only: it is not the oracle for loader strictness.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const RVJIT = path.join(ROOT, 'bin', 'rvjit.js');
export const SYSROOT = '/usr/riscv64-linux-gnu';

interface Exit {
  status: number | null;
  signal: string | null;
  timedOut: boolean;
  stderr: string;
  stdoutBytes: number;
  ms: number;
}

/** Output beyond this is drained but not kept (a mutated program may write without end). */
const KEEP_BYTES = 1 << 20;

/** Runs a command with stdin closed, no core dumps (ulimit -c 0) and a time limit. */
function runLimited(argv: string[], cwd: string, timeoutMs: number): Promise<Exit> {
  const env = { ...process.env };
  delete env.QEMU_LD_PREFIX; // -L is given explicitly
  delete env.RVJIT_DEBUG; // it would add stack traces on purpose
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', 'ulimit -c 0; exec "$0" "$@"', ...argv], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    let stdoutBytes = 0;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    // Counted, not kept: the oracle judges the exit and stderr.
    child.stdout.on('data', (d: Buffer) => { stdoutBytes += d.length; });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < KEEP_BYTES) stderr += d.toString('latin1');
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, timedOut, stderr, stdoutBytes, ms: performance.now() - t0 });
    });
  });
}

/** ran-hang: rvjit timed out on a program that qemu-riscv64 also runs forever (a guest loop). */
export type Outcome = 'ran-exit' | 'ran-signal' | 'ran-hang' | 'refused' | 'FAIL';

export interface Verdict {
  outcome: Outcome;
  /** ran-exit: the status; ran-signal: the signal; refused: the message without the file name; FAIL: why. */
  detail: string;
  stderr: string;
  ms: number;
}

export const HANG = 'hang';

const JS_ERROR = /\b(TypeError|RangeError|ReferenceError|SyntaxError|EvalError|URIError|AggregateError)\b|Uncaught|node:internal|^\s+at .+[(:]\d+/m;

/** A refusal message with the case's own file name and the numbers taken out, for counting. */
export function normaliseRefusal(line: string, file: string, cwd: string): string {
  return line
    .replace(/^rvjit: /, '')
    .split(file).join('<file>')
    .split(cwd).join('<cwd>')
    .replace(/\S{48,}/g, '<long>')
    .replace(/0x[0-9a-f]+/gi, '0x#')
    .replace(/\b\d+\b/g, '#');
}

export async function judgeRvjit(file: string, cwd: string, timeoutMs: number): Promise<Verdict> {
  const r = await runLimited([process.execPath, RVJIT, 'run', '-L', SYSROOT, file], cwd, timeoutMs);
  const fail = (detail: string): Verdict => ({ outcome: 'FAIL', detail, stderr: r.stderr, ms: r.ms });
  if (r.timedOut) return fail(`${HANG}: no exit within ${timeoutMs / 1000} s`);
  if (r.signal) return fail(`node itself died of ${r.signal}`);
  if (r.status === 70) return fail('internal error (exit status 70)');
  if (/internal error/.test(r.stderr)) return fail('"internal error" on stderr');
  if (JS_ERROR.test(r.stderr)) return fail('JavaScript error text on stderr');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  const ours = lines.filter((l) => l.startsWith('rvjit: '));
  const death = ours.find((l) => l.startsWith('rvjit: program terminated by '));
  if (r.status === 1 && ours.length && !death) {
    if (lines.length !== 1) return fail(`refusal with ${lines.length} lines on stderr`);
    return { outcome: 'refused', detail: normaliseRefusal(lines[0]!, file, cwd), stderr: r.stderr, ms: r.ms };
  }
  if (death && r.status !== null && r.status > 128) {
    const sig = /by (SIG\w+)/.exec(death)?.[1] ?? `signal ${r.status - 128}`;
    return { outcome: 'ran-signal', detail: sig, stderr: r.stderr, ms: r.ms };
  }
  return { outcome: 'ran-exit', detail: `exit ${r.status}`, stderr: r.stderr, ms: r.ms };
}

export type QemuOutcome = 'ran' | 'refused' | 'signal' | 'hang';

export async function judgeQemu(file: string, cwd: string, timeoutMs: number): Promise<QemuOutcome> {
  const r = await runLimited(['qemu-riscv64', '-L', SYSROOT, file], cwd, timeoutMs);
  if (r.timedOut) return 'hang';
  if (r.signal) return 'signal';
  // QEMU's own refusals: "qemu-riscv64: <file>: Error mapping file: ..." (status 1 or 255), or
  // for a file that is not ELF at all, status 1 and nothing printed.
  if (r.stderr.startsWith('qemu-riscv64: ') && !/uncaught target signal/.test(r.stderr)) return 'refused';
  if (r.status === 1 && !r.stderr && !r.stdoutBytes) return 'refused';
  return 'ran';
}
