// What a new guest process needs from its parent, as a file the child rvjit process reads at
// start: Node cannot fork, so fork() starts a new rvjit process and hands it a snapshot of the
// parent (mappings and the pages that hold data, registers of the forking thread, descriptors,
// signal state, working directory, limits). The same format starts a fresh program in a new
// process (the exec that follows a vfork).

import type { Vma } from '../memory/mm-shared.js';
import type { ExecInfo } from './exec.js';
import type { RlimitPair, SigactionRecord } from './shared.js';

export interface ChildFd {
  /** The guest descriptor number; the child receives the host descriptor as this same number... */
  fd: number;
  /** ...unless it comes as this one (see startChild). */
  hostFd?: number;
  kind: number;
  flags: number;
  cloexec: boolean;
  offset: number;
  pos: number;
}

export interface ChildSpec {
  mode: 'fork' | 'exec';
  options: { sysroot: string | null; strace: boolean; stats: boolean; invalidation?: 'rcu' | 'exclusive'; jitThreshold?: number };
  cwd: string;
  umask: number;
  /** [soft, hard], null for RLIM_INFINITY (JSON has no Infinity). */
  rlimits: [number | null, number | null][];
  sigactions: { sig: number; handler: string; flags: string; mask: string }[];
  sigmask: string;
  fds: ChildFd[];
  /** Descriptor of the file the child writes its final status to ("exit N", "signal N"; "exec" after a vfork child's exec). */
  statusPath: string;
  /** A vfork child: it releases its parent (writes "exec") when it execs. */
  vfork?: boolean;
  exec?: { program: string; argv: string[]; env: string[]; execfn: string };
  fork?: {
    memoryPath: string;
    vmas: Vma[];
    brkStart: number;
    brkCurrent: number;
    mmapBase: number;
    execInfo: string;
    /** The forking thread's state block (registers) after fork returned 0 in it, base64. */
    state: string;
    childTid: number;
    name: string;
    altstack: [number, number, number];
  };
}

export function rlimitsToJson(l: RlimitPair[]): [number | null, number | null][] {
  return l.map(([s, h]) => [s === Infinity ? null : s, h === Infinity ? null : h]);
}

export function rlimitsFromJson(l: [number | null, number | null][]): RlimitPair[] {
  return l.map(([s, h]) => [s ?? Infinity, h ?? Infinity]);
}

export function sigactionToJson(sig: number, a: SigactionRecord): ChildSpec['sigactions'][number] {
  return { sig, handler: a.handler.toString(), flags: a.flags.toString(), mask: a.mask.toString() };
}

export function sigactionFromJson(a: ChildSpec['sigactions'][number]): SigactionRecord {
  return { handler: BigInt(a.handler), flags: BigInt(a.flags), mask: BigInt(a.mask) };
}

/**
 * The memory image: for each run of pages that may hold data (inside mappings), its start
 * address, length and bytes. Pages that were never written are zero and are not stored.
 */
export interface MemoryRun {
  start: number;
  bytes: Uint8Array;
}

export function encodeMemory(runs: MemoryRun[]): Uint8Array {
  const total = runs.reduce((s, r) => s + 16 + r.bytes.length, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  let o = 0;
  for (const r of runs) {
    dv.setFloat64(o, r.start, true);
    dv.setFloat64(o + 8, r.bytes.length, true);
    out.set(r.bytes, o + 16);
    o += 16 + r.bytes.length;
  }
  return out;
}

export function decodeMemory(buf: Uint8Array): MemoryRun[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: MemoryRun[] = [];
  for (let o = 0; o + 16 <= buf.length; ) {
    const start = dv.getFloat64(o, true), len = dv.getFloat64(o + 8, true);
    out.push({ start, bytes: buf.subarray(o + 16, o + 16 + len) });
    o += 16 + len;
  }
  return out;
}

export type { ExecInfo };
