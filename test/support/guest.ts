// Running guest programs under rvjit and under qemu-riscv64 for the tests.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { constants } from 'node:os';

function findRoot(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export const ROOT = findRoot();
export const GUEST_DIR = path.join(ROOT, 'build', 'guest');
export const GUEST_SRC = path.join(ROOT, 'tests', 'guest');
export const RVJIT = path.join(ROOT, 'bin', 'rvjit.js');

export interface Outcome {
  stdout: string;
  stderr: string;
  /** Exit status as a shell sees it (128+signal when killed). */
  status: number;
}

export interface RunSpec {
  args?: string[];
  stdin?: string;
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  rvjitOptions?: string[];
}

function outcome(r: ReturnType<typeof spawnSync>): Outcome {
  let status = r.status ?? -1;
  if (r.signal) status = 128 + (constants.signals[r.signal as keyof typeof constants.signals] ?? 0);
  if (r.error) throw r.error;
  return { stdout: String(r.stdout), stderr: String(r.stderr), status };
}

export function runRvjit(program: string, spec: RunSpec & { sysroot?: boolean } = {}): Outcome {
  const extra = spec.sysroot ? ['-L', SYSROOT] : [];
  return outcome(spawnSync(process.execPath, [RVJIT, 'run', ...extra, ...(spec.rvjitOptions ?? []), program, ...(spec.args ?? [])], {
    input: spec.stdin ?? '',
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    timeout: spec.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'latin1',
  }));
}

export function runQemu(program: string, spec: RunSpec & { sysroot?: boolean } = {}): Outcome {
  return outcome(spawnSync('qemu-riscv64', [...(spec.sysroot ? ['-L', SYSROOT] : []), program, ...(spec.args ?? [])], {
    input: spec.stdin ?? '',
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    timeout: spec.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'latin1',
  }));
}

export const HOST_DIR = path.join(ROOT, 'build', 'host');

/** Runs the host build of a guest test program (the oracle for `rvjit-test: host`). */
export function runNative(name: string, spec: RunSpec = {}): Outcome {
  const program = path.join(HOST_DIR, name);
  return outcome(spawnSync(program, spec.args ?? [], {
    input: spec.stdin ?? '', cwd: spec.cwd, env: { ...process.env, ...spec.env }, timeout: spec.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024, encoding: 'latin1',
  }));
}

export function tempDir(prefix = 'rvjit-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function guest(name: string): string {
  return path.join(GUEST_DIR, name);
}

export interface GuestTestHeader {
  /** qemu: compare with qemu-riscv64; host: with the same source built for the host; expect: fixed expectations. */
  mode: 'qemu' | 'host' | 'expect';
  args: string[];
  stdin: string;
  expectStatus: number | null;
  expectStdout: string | null;
  expectStderr: RegExp | null;
  runs: number;
  compareStderr: boolean;
  /** Run with the riscv64 sysroot (-L), for dynamically linked programs. */
  sysroot: boolean;
}

/** Debian's riscv64 cross libc, the sysroot for dynamically linked guests. */
export const SYSROOT = '/usr/riscv64-linux-gnu';

/** Reads the `// rvjit-...:` header lines of a guest source. */
export function readHeader(source: string): GuestTestHeader | null {
  const text = fs.readFileSync(source, 'utf8');
  const field = (name: string) => new RegExp(`rvjit-${name}:(.*)`).exec(text)?.[1]?.trim() ?? null;
  const mode = field('test');
  if (mode !== 'qemu' && mode !== 'expect' && mode !== 'host') return null;
  const unescape = (s: string) => s.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  const status = field('expect-status');
  const stderr = field('expect-stderr');
  return {
    mode,
    args: (field('args')?.split(/\s+/).filter(Boolean) ?? []).map((a) => a.replace(/@GUEST@/g, GUEST_DIR)),
    stdin: unescape(field('stdin') ?? ''),
    expectStatus: status === null ? null : Number(status),
    expectStdout: field('expect-stdout') === null ? null : unescape(field('expect-stdout')!),
    expectStderr: stderr === null ? null : new RegExp(stderr),
    runs: Number(field('runs') ?? 1),
    compareStderr: field('compare-stderr') === 'yes',
    sysroot: /rvjit-link:\s*dynamic/.test(text),
  };
}
