// What `--stats` reports: translation work, where the time went, and how dispatch behaved.

import type { LinuxProcess } from '../linux/process.js';

export interface RunStats {
  regionsBuilt: number;
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
  const s: RunStats = {
    regionsBuilt: 0, regionsRebuilt: 0, regionsInvalidated: 0, tbs: 0, guestInstructionsTranslated: 0, calleesInlined: 0,
    wasmBytes: 0, wallMs, translateMs: 0, planMs: 0, emitMs: 0, compileMs: 0, instantiateMs: 0, runtimeMs: 0, executeMs: 0, jumpCacheHits: 0, jumpCacheMisses: 0,
    runtimeExits: 0, rechecks: 0, dispatcherYields: 0, interpretedInstructions: 0, interpretedBlocks: 0, interpretMs: 0,
  };
  for (const cpu of proc.allVcpus()) {
    const c = cpu.cache.stats;
    s.regionsBuilt += c.built;
    s.regionsRebuilt += c.rebuilt;
    s.regionsInvalidated += c.invalidated;
    s.tbs += c.tbs;
    s.guestInstructionsTranslated += c.insns;
    s.calleesInlined += c.inlined;
    s.wasmBytes += c.wasmBytes;
    s.translateMs += c.translateMs;
    s.planMs += c.planMs;
    s.emitMs += c.emitMs;
    s.compileMs += c.compileMs;
    s.instantiateMs += c.instantiateMs;
    s.jumpCacheHits += cpu.jumpCacheHits;
    s.jumpCacheMisses += c.jcMisses;
    s.runtimeExits += cpu.exits;
    s.rechecks += cpu.rechecks;
    s.dispatcherYields += cpu.dispatcherYields;
    s.runtimeMs += cpu.runtimeMs;
    s.interpretMs += cpu.interpretMs;
    if (cpu.interpreter) {
      s.interpretedInstructions += cpu.interpreter.insns;
      s.interpretedBlocks += cpu.interpreter.blocks;
    }
  }
  // Translation and interpretation happen inside runtime exits (on jump-cache misses); count them once.
  s.runtimeMs = Math.max(0, s.runtimeMs - s.translateMs - s.interpretMs);
  s.executeMs = Math.max(0, wallMs - s.translateMs - s.runtimeMs - s.interpretMs);
  return s;
}

export function formatStats(s: RunStats): string[] {
  const pct = (x: number) => (s.wallMs > 0 ? ((100 * x) / s.wallMs).toFixed(1) : '0.0');
  const probes = s.jumpCacheHits + s.jumpCacheMisses;
  return [
    `rvjit stats:`,
    `  regions: ${s.regionsBuilt} built (${s.regionsRebuilt} rebuilt for new entry points), ${s.regionsInvalidated} invalidated`,
    `  translated: ${s.tbs} blocks, ${s.guestInstructionsTranslated} guest instructions, ${(s.wasmBytes / 1024).toFixed(1)} KiB of wasm` +
      (s.calleesInlined ? `; ${s.calleesInlined} callees inlined from other pages` : ''),
    `  time: ${s.wallMs.toFixed(1)} ms total = ${s.executeMs.toFixed(1)} ms executing (${pct(s.executeMs)}%) + ` +
      `${s.translateMs.toFixed(1)} ms translating (${pct(s.translateMs)}%) + ${s.interpretMs.toFixed(1)} ms interpreting (${pct(s.interpretMs)}%) + ` +
      `${s.runtimeMs.toFixed(1)} ms in the runtime (${pct(s.runtimeMs)}%)`,
    `  translating: ${s.planMs.toFixed(1)} ms planning + ${s.emitMs.toFixed(1)} ms emitting wasm + ` +
      `${s.compileMs.toFixed(1)} ms compiling modules + ${s.instantiateMs.toFixed(1)} ms instantiating`,
    `  interpreted: ${s.interpretedInstructions} guest instructions in ${s.interpretedBlocks} block entries`,
    `  jump cache: ${probes ? ((100 * s.jumpCacheHits) / probes).toFixed(2) : '0.00'}% hits (${s.jumpCacheHits} hits, ${s.jumpCacheMisses} misses)`,
    `  exits to the runtime: ${s.runtimeExits} (${s.wallMs > 0 ? Math.round((s.runtimeExits * 1000) / s.wallMs) : 0}/s)` +
      (s.rechecks ? `, ${s.rechecks} of them for a failed grouped access check` : '') +
      `; dispatcher yields: ${s.dispatcherYields}`,
  ];
}
