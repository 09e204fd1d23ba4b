// The floating-point instructions that may take the exact (softfloat) path: their operand and
// result kinds, and what the slow path computes for them. Generated code inlines the common cases
// (jit/insns/fp.ts) and calls here, through the runtime's fpSlow import, for everything else.

import * as sf from './softfloat.js';

export type Kind = 'f' | 'x';

export interface FpOpSpec {
  /** Operand kinds, in order rs1, rs2, rs3. */
  srcs: Kind[];
  dst: Kind;
  /** Whether the instruction has a rounding-mode field. */
  rm: boolean;
  /** Result as a 64-bit register pattern (singles NaN-boxed) and the fflags raised. */
  run(args: bigint[], rm: number): { value: bigint; flags: number };
}

const BOX = 0xffffffff00000000n;
const CANONICAL_NAN32 = 0x7fc00000n;

/** A single in a 64-bit FP register is valid only when NaN-boxed; otherwise it reads as the canonical NaN. */
export function unbox32(reg: bigint): bigint {
  return (reg & BOX) === BOX ? reg & 0xffffffffn : CANONICAL_NAN32;
}

function box(fmt: sf.Fmt, bits: bigint): bigint {
  return fmt === 32 ? BOX | (bits & 0xffffffffn) : bits;
}

function arg(fmt: sf.Fmt, reg: bigint): bigint {
  return fmt === 32 ? unbox32(reg) : reg;
}

function fpResult(fmt: sf.Fmt, r: sf.FpResult): { value: bigint; flags: number } {
  return { value: box(fmt, r.bits), flags: r.flags };
}

const specs = new Map<string, FpOpSpec>();

for (const [s, fmt] of [['s', 32], ['d', 64]] as const) {
  const binary = (name: string, f: (fmt: sf.Fmt, a: bigint, b: bigint, rm: number) => sf.FpResult) =>
    specs.set(`${name}.${s}`, {
      srcs: ['f', 'f'], dst: 'f', rm: true,
      run: ([a, b], rm) => fpResult(fmt, f(fmt, arg(fmt, a!), arg(fmt, b!), rm)),
    });
  binary('fadd', sf.fadd);
  binary('fsub', sf.fsub);
  binary('fmul', sf.fmul);
  binary('fdiv', sf.fdiv);
  specs.set(`fsqrt.${s}`, {
    srcs: ['f'], dst: 'f', rm: true,
    run: ([a], rm) => fpResult(fmt, sf.fsqrt(fmt, arg(fmt, a!), rm)),
  });
  for (const [name, negProduct, negAddend] of [
    ['fmadd', false, false], ['fmsub', false, true], ['fnmsub', true, false], ['fnmadd', true, true],
  ] as const) {
    specs.set(`${name}.${s}`, {
      srcs: ['f', 'f', 'f'], dst: 'f', rm: true,
      run: ([a, b, c], rm) => fpResult(fmt, sf.ffma(fmt, arg(fmt, a!), arg(fmt, b!), arg(fmt, c!), negProduct, negAddend, rm)),
    });
  }
  specs.set(`fmin.${s}`, { srcs: ['f', 'f'], dst: 'f', rm: false, run: ([a, b]) => fpResult(fmt, sf.fmin(fmt, arg(fmt, a!), arg(fmt, b!))) });
  specs.set(`fmax.${s}`, { srcs: ['f', 'f'], dst: 'f', rm: false, run: ([a, b]) => fpResult(fmt, sf.fmax(fmt, arg(fmt, a!), arg(fmt, b!))) });
  for (const [name, f] of [['feq', sf.feq], ['flt', sf.flt], ['fle', sf.fle]] as const) {
    specs.set(`${name}.${s}`, { srcs: ['f', 'f'], dst: 'x', rm: false, run: ([a, b]) => f(fmt, arg(fmt, a!), arg(fmt, b!)) });
  }
  specs.set(`fclass.${s}`, { srcs: ['f'], dst: 'x', rm: false, run: ([a]) => ({ value: sf.fclass(fmt, arg(fmt, a!)), flags: 0 }) });
  for (const [i, width, signed] of [['w', 32, true], ['wu', 32, false], ['l', 64, true], ['lu', 64, false]] as const) {
    specs.set(`fcvt.${i}.${s}`, {
      srcs: ['f'], dst: 'x', rm: true,
      run: ([a], rm) => sf.fcvtToInt(fmt, arg(fmt, a!), width, signed, rm),
    });
    specs.set(`fcvt.${s}.${i}`, {
      srcs: ['x'], dst: 'f', rm: true,
      run: ([x], rm) => fpResult(fmt, sf.fcvtFromInt(fmt, x!, width, signed, rm)),
    });
  }
}
specs.set('fcvt.d.s', { srcs: ['f'], dst: 'f', rm: true, run: ([a]) => fpResult(64, sf.fcvtF32ToF64(unbox32(a!))) });
specs.set('fcvt.s.d', { srcs: ['f'], dst: 'f', rm: true, run: ([a], rm) => fpResult(32, sf.fcvtF64ToF32(a!, rm)) });

export const FP_OPS: ReadonlyMap<string, FpOpSpec> = specs;
