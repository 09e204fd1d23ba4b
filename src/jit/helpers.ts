// The helper layer regions import from: small wasm functions (slow-path access check, 64x64->128
// multiply-high, byte reverse) and JS functions (the exact FP slow path, the counters).

import { ModuleBuilder } from '../wasm/module.js';
import { Code, T } from '../wasm/code.js';
import { GUEST_LIMIT, PERM_TABLE, WASM_PAGES } from '../memory/layout.js';
import { FP_OPS, type FpOpSpec } from './fp-table.js';
import { ENCODINGS } from '../riscv/encodings.js';
import { S_FP_A, S_FP_B, S_FP_C, S_FP_R } from './state.js';
import type { HelperName } from './helper-names.js';

function helperWasm(): Uint8Array<ArrayBuffer> {
  const m = new ModuleBuilder();
  m.import({ module: 'env', name: 'memory', kind: 'memory', min: WASM_PAGES, max: WASM_PAGES, shared: true });

  // accessOk(addr, size | need << 8): every byte of [addr, addr+size) lies in pages with `need`.
  {
    const c = new Code();
    const ADDR = 0, SN = 1, LAST = 2;
    c.get(ADDR).i64Const(GUEST_LIMIT).i64GeU();
    c.if_().i32Const(0).return_().end();
    c.get(ADDR).get(SN).i32Const(0xff).i32And().i64ExtendI32U().i64Add().i64Const(1).i64Sub().tee(LAST);
    c.i64Const(GUEST_LIMIT).i64GeU();
    c.if_().i32Const(0).return_().end();
    c.get(ADDR).i64Const(12).i64ShrU().i32WrapI64().i32Load8u(PERM_TABLE);
    c.get(LAST).i64Const(12).i64ShrU().i32WrapI64().i32Load8u(PERM_TABLE).i32And();
    c.get(SN).i32Const(8).i32ShrU().i32And().i32Const(0).i32Ne();
    const f = m.func({ type: m.type([T.i64, T.i32], [T.i32]), locals: [[1, T.i64]], body: c.view() });
    m.export({ name: 'accessOk', kind: 'func', index: f });
  }

  // mulhu via four 32x32->64 partial products.
  const mulhu = (() => {
    const c = new Code();
    const A = 0, B = 1, LL = 2, LH = 3, HL = 4;
    const lo = (x: number) => c.get(x).i64Const(0xffffffff).i64And();
    const hi = (x: number) => c.get(x).i64Const(32).i64ShrU();
    lo(A); lo(B); c.i64Mul().set(LL);
    lo(A); hi(B); c.i64Mul().set(LH);
    hi(A); lo(B); c.i64Mul().set(HL);
    hi(A); hi(B); c.i64Mul();
    hi(LH); c.i64Add();
    hi(HL); c.i64Add();
    // carry out of the middle column
    hi(LL); lo(LH); c.i64Add(); lo(HL); c.i64Add().i64Const(32).i64ShrU();
    c.i64Add();
    return m.func({ type: m.type([T.i64, T.i64], [T.i64]), locals: [[3, T.i64]], body: c.view() });
  })();
  m.export({ name: 'mulhu', kind: 'func', index: mulhu });

  // Signed corrections: treating a negative operand as unsigned adds 2^64 * other to the product.
  const signedHigh = (signedB: boolean) => {
    const c = new Code();
    c.get(0).get(1).call(mulhu);
    c.get(1).i64Const(0).get(0).i64Const(0).i64LtS().select().i64Sub();
    if (signedB) c.get(0).i64Const(0).get(1).i64Const(0).i64LtS().select().i64Sub();
    return m.func({ type: m.type([T.i64, T.i64], [T.i64]), locals: [], body: c.view() });
  };
  m.export({ name: 'mulh', kind: 'func', index: signedHigh(true) });
  m.export({ name: 'mulhsu', kind: 'func', index: signedHigh(false) });

  {
    const c = new Code();
    c.get(0).i64Const(8).i64ShrU().i64ConstBig(0x00ff00ff00ff00ffn).i64And();
    c.get(0).i64ConstBig(0x00ff00ff00ff00ffn).i64And().i64Const(8).i64Shl().i64Or().set(0);
    c.get(0).i64Const(16).i64ShrU().i64ConstBig(0x0000ffff0000ffffn).i64And();
    c.get(0).i64ConstBig(0x0000ffff0000ffffn).i64And().i64Const(16).i64Shl().i64Or();
    c.i64Const(32).i64Rotl();
    const f = m.func({ type: m.type([T.i64], [T.i64]), locals: [], body: c.view() });
    m.export({ name: 'rev8', kind: 'func', index: f });
  }
  return m.build();
}

let helperModule: WebAssembly.Module | undefined;

/** Compiled once per thread: the module is small and instantiated per vCPU. */
function compiledHelpers(): WebAssembly.Module {
  return (helperModule ??= new WebAssembly.Module(helperWasm()));
}

const TICKS_PER_SECOND = 10_000_000; // the timebase Linux reports for riscv64 boards under QEMU

export interface HelperImports {
  readonly functions: Record<HelperName, Function>;
}

/** Builds the helper functions for one vCPU whose state block starts at `stateBase`. */
export function makeHelpers(memory: WebAssembly.Memory, stateBase: number): HelperImports {
  const inst = new WebAssembly.Instance(compiledHelpers(), { env: { memory } });
  const x = inst.exports as Record<string, Function>;
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
  // performance.now() exists on every host (Node and browsers), unlike process.hrtime.
  const rdtime = () => BigInt(Math.floor(performance.now() * (TICKS_PER_SECOND / 1000)));
  const rdcycle = () => BigInt(Math.floor(performance.now() * 1e6));
  return {
    functions: {
      accessOk: x.accessOk!, mulh: x.mulh!, mulhu: x.mulhu!, mulhsu: x.mulhsu!, rev8: x.rev8!,
      fpSlow, rdtime, rdcycle,
    },
  };
}
