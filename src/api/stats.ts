// What `--stats` reports: translation work, where the time went, and how dispatch behaved.

import type { LinuxProcess } from '../linux/process.js';

export interface RunStats {
  /** Guest threads the process ran (the main one included), and how long they ran in all. */
  threads: number;
  threadMs: number;
  regionsBuilt: number;
  /** Of those, regions another thread had built and this one adopted (docs/design.md). */
  regionsAdopted: number;
  regionsRebuilt: number;
  regionsInvalidated: number;
  tbs: number;
  guestInstructionsTranslated: number;
  /** Callees inlined from other pages, counted per region built (jit/plan.ts inlineCallees). */
  calleesInlined: number;
  wasmBytes: number;
  wallMs: number;
  translateMs: number;
  /** translateMs by step: planning, emitting wasm, compiling the module, instantiating it. */
  planMs: number;
  emitMs: number;
  compileMs: number;
  instantiateMs: number;
  runtimeMs: number;
  /** Of runtimeMs, the time guest threads were blocked in system calls. */
  blockedMs: number;
  executeMs: number;
  jumpCacheHits: number;
  jumpCacheMisses: number;
  runtimeExits: number;
  /** Exits because a grouped access check failed (jit/access-groups.ts). */
  rechecks: number;
  /** Returns of the dispatcher to let V8 swap in its optimised code (vcpu/dispatcher.ts YIELD_INTERVAL). */
  dispatcherYields: number;
  /** The interpreter tier: instructions and blocks it ran, and its time. */
  interpretedInstructions: number;
  interpretedBlocks: number;
  interpretMs: number;
}

export function collectStats(proc: LinuxProcess, wallMs: number): RunStats {
  const c = proc.statsTotals();
  const s: RunStats = { ...c, wallMs, executeMs: 0 };
  // Translation and interpretation happen inside runtime exits (on jump-cache misses); count them once.
  s.runtimeMs = Math.max(0, c.runtimeMs - c.translateMs - c.interpretMs);
  s.executeMs = Math.max(0, timeBasis(s) - s.translateMs - s.runtimeMs - s.interpretMs);
  return s;
}

/** What the time line splits: with one thread, the run's time; with several, the time they ran, added up. */
function timeBasis(s: RunStats): number {
  return s.threads > 1 ? s.threadMs : s.wallMs;
}

export function formatStats(s: RunStats): string[] {
  const basis = timeBasis(s);
  const pct = (x: number) => (basis > 0 ? ((100 * x) / basis).toFixed(1) : '0.0');
  const probes = s.jumpCacheHits + s.jumpCacheMisses;
  return [
    `rvjit stats:`,
    `  regions: ${s.regionsBuilt} built (${s.regionsRebuilt} rebuilt for new entry points), ${s.regionsInvalidated} invalidated` +
      (s.regionsAdopted ? `; ${s.regionsAdopted} of them adopted from other threads` : ''),
    `  translated: ${s.tbs} blocks, ${s.guestInstructionsTranslated} guest instructions, ${(s.wasmBytes / 1024).toFixed(1)} KiB of wasm` +
      (s.calleesInlined ? `; ${s.calleesInlined} callees inlined from other pages` : ''),
    (s.threads > 1 ? `  time: ${s.wallMs.toFixed(1)} ms wall; ${s.threads} guest threads ran ${s.threadMs.toFixed(1)} ms in all = ` : `  time: ${s.wallMs.toFixed(1)} ms total = `) +
      `${s.executeMs.toFixed(1)} ms executing (${pct(s.executeMs)}%) + ` +
      `${s.translateMs.toFixed(1)} ms translating (${pct(s.translateMs)}%) + ${s.interpretMs.toFixed(1)} ms interpreting (${pct(s.interpretMs)}%) + ` +
      `${s.runtimeMs.toFixed(1)} ms in the runtime (${pct(s.runtimeMs)}%` +
      (s.blockedMs >= 0.05 ? `; ${s.blockedMs.toFixed(1)} ms of it blocked in system calls)` : ')'),
    `  translating: ${s.planMs.toFixed(1)} ms planning + ${s.emitMs.toFixed(1)} ms emitting wasm + ` +
      `${s.compileMs.toFixed(1)} ms compiling modules + ${s.instantiateMs.toFixed(1)} ms instantiating`,
    `  interpreted: ${s.interpretedInstructions} guest instructions in ${s.interpretedBlocks} block entries`,
    `  jump cache: ${probes ? ((100 * s.jumpCacheHits) / probes).toFixed(2) : '0.00'}% hits (${s.jumpCacheHits} hits, ${s.jumpCacheMisses} misses)`,
    `  exits to the runtime: ${s.runtimeExits} (${s.wallMs > 0 ? Math.round((s.runtimeExits * 1000) / s.wallMs) : 0}/s)` +
      (s.rechecks ? `, ${s.rechecks} of them for a failed grouped access check` : '') +
      `; dispatcher yields: ${s.dispatcherYields}`,
  ];
}
