// The dispatcher: a small wasm loop that moves between regions without returning to JavaScript.
// Each iteration polls the vCPU's exit request, probes the jump cache for the current pc, and
// calls the region through the function table. It returns to the runtime only on a jump-cache
// miss (0) or when a region asks for the runtime (1: exit reason in the state block), and every
// YIELD_INTERVAL dispatches (3) so that V8 can swap in its optimised code for the dispatcher.

import { ModuleBuilder } from '../wasm/module.js';
import { Code, T } from '../wasm/code.js';
import { WASM_PAGES } from '../memory/layout.js';
import { ExitReason, JC_ENTRIES, JC_FOLD_SHIFT, S_EXIT_REASON, S_EXIT_REQUEST, S_JC, S_JC_HITS, S_PC, S_HOT, HOT_SLOTS, POLL_EXIT_REQUEST } from '../jit/state.js';

export const DISPATCH_MISS = 0;
export const DISPATCH_EXIT = 1;
/** A region function has been entered HOT_THRESHOLD times from the dispatcher (pc in state). */
export const DISPATCH_HOT = 2;
export const HOT_THRESHOLD = 512;
/**
 * Entered this many times, a region function reports again: a function called this often from
 * other pages is worth rebuilding its callers' pages for, to inline it (tcache/cache.ts hot()).
 */
export const CALLEE_HOT_THRESHOLD = 1 << 18;
/** The dispatcher has run YIELD_INTERVAL iterations since it was called (pc in state). */
export const DISPATCH_YIELD = 3;
/**
 * Why the dispatcher returns now and then: wasm has no on-stack replacement, so a call of it
 * runs in the code it started with until it returns. A program that stays in generated code
 * (no syscalls, no misses) would dispatch in V8's baseline code for its whole run: hash spent
 * 14% of its time there. V8 has optimised the dispatcher after ~40,000 iterations (its tiering
 * budget); a return every 2^16 costs one call from JavaScript.
 */
export const YIELD_INTERVAL = 1 << 16;

function dispatcherWasm(countHits: boolean): Uint8Array<ArrayBuffer> {
  const m = new ModuleBuilder();
  m.import({ module: 'env', name: 'memory', kind: 'memory', min: WASM_PAGES, max: WASM_PAGES, shared: true });
  m.import({ module: 'env', name: 'table', kind: 'table', min: 1 });
  const regionType = m.type([T.i32, T.i32], [T.i64]);
  const ST = 0, PC = 1, E = 2, SLOT = 3, H = 4, N = 5, LEFT = 6;
  const c = new Code();
  c.get(ST).i64Load(S_PC).set(PC);
  c.i32Const(YIELD_INTERVAL).set(LEFT);
  c.loop();
  {
    // A region returns 1 (odd) when it needs the runtime; no jump-cache key is odd. This comes
    // before the exit-request poll, which would overwrite the reason (a syscall, a fault) and the
    // pc the region recorded.
    c.get(PC).i64Const(1).i64Eq();
    c.if_().i32Const(DISPATCH_EXIT).return_().end();
    if (POLL_EXIT_REQUEST) {
      c.get(ST).i32AtomicLoad(S_EXIT_REQUEST);
      c.if_();
      c.get(ST).get(PC).i64Store(S_PC);
      c.get(ST).i32Const(ExitReason.ExitRequest).i32Store(S_EXIT_REASON);
      c.i32Const(DISPATCH_EXIT).return_();
      c.end();
    }
    c.get(LEFT).i32Const(1).i32Sub().tee(LEFT).i32Eqz();
    c.if_();
    c.get(ST).get(PC).i64Store(S_PC);
    c.i32Const(DISPATCH_YIELD).return_();
    c.end();
    // The entry's address: jcIndex (jit/state.ts), times 16, plus the state's base.
    c.get(PC).i32WrapI64().set(E);
    c.get(ST).get(E).i32Const(1).i32ShrU().get(E).i32Const(JC_FOLD_SHIFT).i32ShrU().i32Xor();
    c.i32Const(JC_ENTRIES - 1).i32And().i32Const(4).i32Shl().i32Add().set(E);
    c.get(E).i64Load(S_JC).get(PC).i64Ne();
    c.if_();
    c.get(ST).get(PC).i64Store(S_PC);
    c.i32Const(DISPATCH_MISS).return_();
    c.end();
    if (countHits) c.get(ST).get(ST).i64Load(S_JC_HITS).i64Const(1).i64Add().i64Store(S_JC_HITS);
    // Count entries per table slot; the runtime consolidates the page of a region that gets hot.
    c.get(E).i32Load(S_JC + 12).set(SLOT);
    c.get(ST).get(SLOT).i32Const(HOT_SLOTS - 1).i32And().i32Const(2).i32Shl().i32Add().tee(H);
    c.get(H).i32Load(S_HOT).i32Const(1).i32Add().tee(N).i32Store(S_HOT);
    c.get(N).i32Const(HOT_THRESHOLD).i32Eq().get(N).i32Const(CALLEE_HOT_THRESHOLD).i32Eq().i32Or();
    c.if_();
    c.get(ST).get(PC).i64Store(S_PC);
    c.i32Const(DISPATCH_HOT).return_();
    c.end();
    c.get(E).i32Load(S_JC + 8).get(ST).get(SLOT).callIndirect(regionType).set(PC);
    c.br(0);
  }
  c.end();
  c.unreachable();
  const f = m.func({ type: m.type([T.i32], [T.i32]), locals: [[1, T.i64], [5, T.i32]], body: c.view() });
  m.export({ name: 'dispatch', kind: 'func', index: f });
  return m.build();
}

const compiled = new Map<boolean, WebAssembly.Module>();

export type DispatchFn = (stateBase: number) => number;

export function makeDispatcher(memory: WebAssembly.Memory, table: WebAssembly.Table, countHits: boolean): DispatchFn {
  let mod = compiled.get(countHits);
  if (!mod) compiled.set(countHits, (mod = new WebAssembly.Module(dispatcherWasm(countHits))));
  const inst = new WebAssembly.Instance(mod, { env: { memory, table } });
  return inst.exports.dispatch as DispatchFn;
}
