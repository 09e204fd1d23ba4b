// What --stats adds up over every guest thread of a process: each vCPU's counters in one fixed
// order, so that a thread ending on a worker can add its own to the process's totals in shared
// memory (linux/shared.ts addStats) and the main thread can read them back by name.

import type { Vcpu } from './vcpu.js';

export const COUNTERS = [
  'regionsBuilt', 'regionsAdopted', 'regionsRebuilt', 'regionsInvalidated', 'tbs', 'guestInstructionsTranslated', 'calleesInlined', 'wasmBytes',
  'translateMs', 'planMs', 'emitMs', 'compileMs', 'instantiateMs', 'runtimeMs', 'interpretMs',
  /** Of runtimeMs, the time blocked in system calls (waiting for a futex, a timer, input...). */
  'blockedMs',
  'jumpCacheHits', 'jumpCacheMisses', 'runtimeExits', 'rechecks', 'dispatcherYields', 'interpretedInstructions', 'interpretedBlocks',
  /** Guest threads counted, and how long they ran in all (each from its first instruction to its end). */
  'threads', 'threadMs',
] as const;

export type Counters = Record<(typeof COUNTERS)[number], number>;

export function zeroCounters(): Counters {
  return Object.fromEntries(COUNTERS.map((k) => [k, 0])) as Counters;
}

/** `cpu`'s counters, in COUNTERS order. */
export function readCounters(cpu: Vcpu): number[] {
  const c = cpu.cache.stats;
  const v: Counters = {
    regionsBuilt: c.built, regionsAdopted: c.adopted, regionsRebuilt: c.rebuilt, regionsInvalidated: c.invalidated, tbs: c.tbs, guestInstructionsTranslated: c.insns,
    calleesInlined: c.inlined, wasmBytes: c.wasmBytes, translateMs: c.translateMs, planMs: c.planMs, emitMs: c.emitMs,
    compileMs: c.compileMs, instantiateMs: c.instantiateMs, runtimeMs: cpu.runtimeMs, interpretMs: cpu.interpretMs, blockedMs: cpu.blockedMs,
    jumpCacheHits: cpu.jumpCacheHits, jumpCacheMisses: c.jcMisses, runtimeExits: cpu.exits, rechecks: cpu.rechecks,
    dispatcherYields: cpu.dispatcherYields, interpretedInstructions: cpu.interpreter?.insns ?? 0,
    interpretedBlocks: cpu.interpreter?.blocks ?? 0, threads: 1, threadMs: cpu.ranMs,
  };
  return COUNTERS.map((k) => v[k]);
}

/** Adds `values` (in COUNTERS order) to `into`. */
export function addCounters(into: Counters, values: ArrayLike<number>): Counters {
  COUNTERS.forEach((k, i) => (into[k] += values[i] ?? 0));
  return into;
}
