// The helper layer regions import from: small wasm functions (slow-path access check, 64x64->128
// multiply-high, byte reverse, the inexact-flag checks of the FP fast paths, the bridge to the
// exact FP slow path) and JS functions (the exact FP slow path itself, the counters).

import { ModuleBuilder } from '../wasm/module.js';
import { Code, T } from '../wasm/code.js';
import { GUEST_LIMIT, PERM_TABLE, PERM_W, WASM_PAGES } from '../memory/layout.js';
import { FP_OPS, type FpOpSpec } from './fp-table.js';
import { ENCODINGS } from '../riscv/encodings.js';
import { opIndex } from '../riscv/decode.js';
import { ExitReason, S_EXIT_REASON, S_FAULT_ADDR, S_FP_A, S_FP_B, S_FP_C, S_FP_R, S_PC } from './state.js';
import { hasFusedMultiplyAdd } from './fma.js';
import type { HelperName } from './helper-names.js';
import { elapsedMs } from '../host/elapsed.js';

/** Below this magnitude an FMA residual may itself round, so it cannot decide exactness. */
const RESIDUAL_SAFE = 2 ** -968;

function helperWasm(fused: boolean): Uint8Array<ArrayBuffer> {
  const m = new ModuleBuilder();
  m.import({ module: 'env', name: 'memory', kind: 'memory', min: WASM_PAGES, max: WASM_PAGES, shared: true });
  const jsFpSlow = m.import({ module: 'js', name: 'fpSlow', kind: 'func', type: m.type([T.i32, T.i32], [T.i32]) });
  const state = m.import({ module: 'env', name: 'state', kind: 'global', type: T.i32, mutable: false });
  const exp = (name: HelperName, index: number) => m.export({ name, kind: 'func', index });

  // accessFault(addr, size | need << 8, pc): 0 when every byte of [addr, addr+size) lies in
  // pages with `need`; otherwise records the fault in the state block and returns 1.
  {
    const c = new Code();
    const ADDR = 0, SN = 1, PC = 2, LAST = 3;
    c.block();
    c.get(ADDR).i64Const(GUEST_LIMIT).i64GeU().brIf(0);
    c.get(ADDR).get(SN).i32Const(0xff).i32And().i64ExtendI32U().i64Add().i64Const(1).i64Sub().tee(LAST);
    c.i64Const(GUEST_LIMIT).i64GeU().brIf(0);
    c.get(ADDR).i64Const(12).i64ShrU().i32WrapI64().i32Load8u(PERM_TABLE);
    c.get(LAST).i64Const(12).i64ShrU().i32WrapI64().i32Load8u(PERM_TABLE).i32And();
    c.get(SN).i32Const(8).i32ShrU().i32And().i32Eqz().brIf(0);
    c.i32Const(0).return_();
    c.end();
    // The access's address, as generated code records it: the runtime picks the byte that was
    // not accessible (Vcpu.faultingByte).
    c.globalGet(state).get(ADDR).i64Store(S_FAULT_ADDR);
    c.globalGet(state).get(PC).i64Store(S_PC);
    c.globalGet(state);
    c.get(SN).i32Const(8).i32ShrU().i32Const(PERM_W).i32And();
    c.if_(T.i32).i32Const(ExitReason.StoreFault).else_().i32Const(ExitReason.LoadFault).end();
    c.i32Store(S_EXIT_REASON);
    c.i32Const(1);
    exp('accessFault', m.func({ type: m.type([T.i64, T.i32, T.i64], [T.i32]), locals: [[1, T.i64]], body: c.view() }));
  }

  // fpCall(op, rm, a, b, c) -> (result bits as f64, fflags): the exact slow path. Operands and the
  // result travel as raw 64-bit patterns through the vCPU's scratch slots, never as JS numbers.
  const fpCall = (() => {
    const c = new Code();
    const OP = 0, RM = 1, A = 2, B = 3, C = 4;
    c.globalGet(state).get(A).f64Store(S_FP_A);
    c.globalGet(state).get(B).f64Store(S_FP_B);
    c.globalGet(state).get(C).f64Store(S_FP_C);
    c.get(OP).get(RM).call(jsFpSlow).set(OP);
    c.globalGet(state).f64Load(S_FP_R).get(OP);
    return m.func({ type: m.type([T.i32, T.i32, T.f64, T.f64, T.f64], [T.f64, T.i32]), locals: [], body: c.view() });
  })();
  exp('fpCall', fpCall);

  // ---- inexact checks for results the fast path computed in round-to-nearest-even ----
  // Each takes (a, b, r): the operands and the correctly rounded result, and returns NX or 0.
  const nxType = m.type([T.f64, T.f64, T.f64], [T.i32]);
  const A = 0, B = 1, R = 2, TMP = 3;
  /** Flags from the exact slow path, for the cases a check cannot decide. */
  const slowFlags = (c: Code, op: string, unary: boolean) => {
    c.i32Const(opIndex(op)).i32Const(0).get(A);
    if (unary) c.f64Const(0);
    else c.get(B);
    c.f64Const(0).call(fpCall).set(TMP).drop().get(TMP);
  };
  /** x*y + z with one rounding (x negated when `negate`). */
  const fusedMulAdd = (c: Code, x: number, y: number, z: number, negate: boolean) => {
    c.get(x);
    if (negate) c.f64Neg();
    c.f64x2Splat().get(y).f64x2Splat().get(z).f64x2Splat().f64x2RelaxedMadd().f64x2ExtractLane(0);
  };

  // Addition and subtraction (binary64): TwoSum's error term is exact.
  for (const [name, sub] of [['nxAddD', false], ['nxSubD', true]] as const) {
    const c = new Code();
    const BB = 3;
    if (sub) c.get(B).f64Neg().set(B);
    c.get(R).get(A).f64Sub().set(BB);
    c.get(A).get(R).get(BB).f64Sub().f64Sub();
    c.get(B).get(BB).f64Sub().f64Add();
    c.f64Const(0).f64Ne();
    exp(name, m.func({ type: nxType, locals: [[1, T.f64]], body: c.view() }));
  }
  // Multiplication, division, square root (binary64): the exact residual of a fused multiply-add.
  const residual = (name: HelperName, op: string, unary: boolean, guardOperand: number, emit: (c: Code) => void) => {
    const c = new Code();
    if (fused) {
      c.get(guardOperand).f64Abs().f64Const(RESIDUAL_SAFE).f64Ge();
      c.if_(T.i32);
      emit(c);
      c.f64Const(0).f64Ne();
      c.else_();
      slowFlags(c, op, unary);
      c.end();
    } else {
      slowFlags(c, op, unary);
    }
    exp(name, m.func({ type: nxType, locals: [[1, T.i32]], body: c.view() }));
  };
  residual('nxMulD', 'fmul.d', false, R, (c) => {
    // a*b - r
    c.get(R).f64Neg().set(R);
    fusedMulAdd(c, A, B, R, false);
  });
  residual('nxDivD', 'fdiv.d', false, A, (c) => fusedMulAdd(c, R, B, A, true)); // a - r*b
  residual('nxSqrtD', 'fsqrt.d', true, A, (c) => fusedMulAdd(c, R, R, A, true)); // a - r*r

  // Binary32 operations are computed on values promoted to binary64 (exact), with the single
  // result promoted too. Products of two singles are exact in binary64.
  const single = (name: HelperName, body: (c: Code) => void, locals: [number, number][] = []) => {
    const c = new Code();
    body(c);
    exp(name, m.func({ type: nxType, locals, body: c.view() }));
  };
  for (const [name, sub] of [['nxAddS', false], ['nxSubS', true]] as const) {
    // TwoSum of the promoted operands: exact iff no binary64 error and the binary64 sum is r.
    single(name, (c) => {
      const S = 3, BB = 4;
      if (sub) c.get(B).f64Neg().set(B);
      c.get(A).get(B).f64Add().tee(S).get(A).f64Sub().set(BB);
      c.get(A).get(S).get(BB).f64Sub().f64Sub();
      c.get(B).get(BB).f64Sub().f64Add().f64Const(0).f64Ne();
      c.get(S).get(R).f64Ne().i32Or();
    }, [[2, T.f64]]);
  }
  single('nxMulS', (c) => c.get(A).get(B).f64Mul().get(R).f64Ne());
  single('nxDivS', (c) => c.get(R).get(B).f64Mul().get(A).f64Ne());
  single('nxSqrtS', (c) => c.get(R).get(R).f64Mul().get(A).f64Ne());
  return m.build();
}

let helperModules: Map<boolean, WebAssembly.Module> | undefined;

/** Compiled once per thread: the module is small and instantiated per vCPU. */
function compiledHelpers(fused: boolean): WebAssembly.Module {
  helperModules ??= new Map();
  let mod = helperModules.get(fused);
  if (!mod) helperModules.set(fused, (mod = new WebAssembly.Module(helperWasm(fused))));
  return mod;
}

const TICKS_PER_SECOND = 10_000_000; // the timebase Linux reports for riscv64 boards under QEMU

export interface HelperImports {
  readonly functions: Record<HelperName, Function>;
  /** Whether generated code may use relaxed-simd's fused multiply-add. */
  readonly fusedMultiplyAdd: boolean;
}

/** Builds the helper functions for one vCPU whose state block starts at `stateBase`. */
export function makeHelpers(memory: WebAssembly.Memory, stateBase: number): HelperImports {
  const view = new DataView(memory.buffer);
  const specs: (FpOpSpec | undefined)[] = ENCODINGS.map((e) => FP_OPS.get(e.name));
  const slots = [S_FP_A, S_FP_B, S_FP_C];
  const fpSlow = (op: number, rm: number): number => {
    const spec = specs[op]!;
    const args = spec.srcs.map((_, k) => view.getBigUint64(stateBase + slots[k]!, true));
    const r = spec.run(args, rm);
    view.setBigUint64(stateBase + S_FP_R, BigInt.asUintN(64, r.value), true);
    return r.flags;
  };
  const fused = hasFusedMultiplyAdd();
  const inst = new WebAssembly.Instance(compiledHelpers(fused), {
    env: { memory, state: new WebAssembly.Global({ value: 'i32', mutable: false }, stateBase) },
    js: { fpSlow },
  });
  const x = inst.exports as Record<string, Function>;
  // One clock for every vCPU: the counters of two harts must not differ by their workers' start.
  const rdtime = () => BigInt(Math.floor(elapsedMs() * (TICKS_PER_SECOND / 1000)));
  const rdcycle = () => BigInt(Math.floor(elapsedMs() * 1e6));
  const functions = { ...x, rdtime, rdcycle } as unknown as Record<HelperName, Function>;
  return { functions, fusedMultiplyAdd: fused };
}
