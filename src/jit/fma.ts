// Whether this host gives generated code a true fused multiply-add. WebAssembly has no scalar
// fma; relaxed-simd's f64x2.relaxed_madd is fused on hosts with FMA hardware (x86 FMA3, every
// arm64) and may be unfused elsewhere, so we test it once: a case where fused and unfused differ.

import { ModuleBuilder } from '../wasm/module.js';
import { Code, T } from '../wasm/code.js';

let cached: boolean | undefined;

export function hasFusedMultiplyAdd(): boolean {
  if (cached !== undefined) return cached;
  // The host must have enabled relaxed SIMD (Node 20 needs a V8 flag: see host/node).
  try {
    const m = new ModuleBuilder();
    const c = new Code();
    c.get(0).f64x2Splat().get(1).f64x2Splat().get(2).f64x2Splat().f64x2RelaxedMadd().f64x2ExtractLane(0);
    const f = m.func({ type: m.type([T.f64, T.f64, T.f64], [T.f64]), locals: [], body: c.view() });
    m.export({ name: 'fma', kind: 'func', index: f });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(m.build()));
    const fma = inst.exports.fma as (a: number, b: number, c: number) => number;
    const a = 1 + 2 ** -52;
    // (1+2^-52)^2 - (1+2^-51) is exactly 2^-104 when fused and 0 when rounded twice.
    cached = fma(a, a, -(1 + 2 ** -51)) === 2 ** -104;
  } catch {
    cached = false;
  }
  return cached;
}
