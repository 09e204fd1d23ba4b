// The A extension for the interpreter, with JS Atomics on the shared memory: the same scheme as
// jit/insns/atomic.ts (AMOs as single atomic read-modify-writes or compare-and-swap loops, LR/SC
// through a value-based reservation in the vCPU state; see docs/atomics.md).

import { PERM_R, PERM_W } from '../memory/layout.js';
import { ExitReason, S_RES_ADDR, S_RES_SIZE, S_RES_VALUE } from '../jit/state.js';
import { op, STOP } from './ops.js';
import type { Interpreter } from './interpreter.js';
import type { DecodedOp } from './ops.js';

/** Alignment first (misaligned atomics are SIGBUS), then permissions; -1 after an exit. */
function atomicAddress(m: Interpreter, i: DecodedOp, size: number, need: number, pc: number): number {
  const base = m.x[i.rs1]!;
  if ((Number(base & 7n) & (size - 1)) !== 0) {
    m.exit(ExitReason.Misaligned, pc, base);
    return -1;
  }
  return m.address(base, 0n, size, need, pc);
}

type Rmw = 'exchange' | 'add' | 'and' | 'or' | 'xor';

function amoDirect(name: string, rmw: Rmw): void {
  op(`${name}.w`, (m, i, pc) => {
    const a = atomicAddress(m, i, 4, PERM_W, pc);
    if (a < 0) return STOP;
    const old = Atomics[rmw](m.a32, a >>> 2, Number(BigInt.asIntN(32, m.x[i.rs2]!)));
    if (i.rd !== 0) m.x[i.rd] = BigInt(old);
    return pc + i.len;
  });
  op(`${name}.d`, (m, i, pc) => {
    const a = atomicAddress(m, i, 8, PERM_W, pc);
    if (a < 0) return STOP;
    const old = Atomics[rmw](m.a64, a >>> 3, m.x[i.rs2]!);
    if (i.rd !== 0) m.x[i.rd] = old;
    return pc + i.len;
  });
}
amoDirect('amoswap', 'exchange');
amoDirect('amoadd', 'add');
amoDirect('amoand', 'and');
amoDirect('amoor', 'or');
amoDirect('amoxor', 'xor');

/** min/max AMOs: compare-and-swap until no other hart intervened. `keep(old, src)` keeps old. */
function amoMinMax(name: string, keep: (old: bigint, src: bigint) => boolean, unsigned: boolean): void {
  op(`${name}.w`, (m, i, pc) => {
    const a = atomicAddress(m, i, 4, PERM_W, pc);
    if (a < 0) return STOP;
    const conv = (v: number): bigint => (unsigned ? BigInt(v >>> 0) : BigInt(v));
    const src = Number(BigInt.asIntN(32, m.x[i.rs2]!));
    let old = Atomics.load(m.a32, a >>> 2);
    for (;;) {
      const next = keep(conv(old), conv(src)) ? old : src;
      const seen = Atomics.compareExchange(m.a32, a >>> 2, old, next);
      if (seen === old) break;
      old = seen;
    }
    if (i.rd !== 0) m.x[i.rd] = BigInt(old);
    return pc + i.len;
  });
  op(`${name}.d`, (m, i, pc) => {
    const a = atomicAddress(m, i, 8, PERM_W, pc);
    if (a < 0) return STOP;
    const conv = (v: bigint): bigint => (unsigned ? BigInt.asUintN(64, v) : v);
    const src = m.x[i.rs2]!;
    let old = Atomics.load(m.a64, a >>> 3);
    for (;;) {
      const next = keep(conv(old), conv(src)) ? old : src;
      const seen = Atomics.compareExchange(m.a64, a >>> 3, old, next);
      if (seen === old) break;
      old = seen;
    }
    if (i.rd !== 0) m.x[i.rd] = old;
    return pc + i.len;
  });
}
amoMinMax('amomin', (o, s) => o < s, false);
amoMinMax('amomax', (o, s) => o > s, false);
amoMinMax('amominu', (o, s) => o < s, true);
amoMinMax('amomaxu', (o, s) => o > s, true);

for (const wide of [false, true]) {
  const size = wide ? 8 : 4;
  op(`lr.${wide ? 'd' : 'w'}`, (m, i, pc) => {
    const a = atomicAddress(m, i, size, PERM_R, pc);
    if (a < 0) return STOP;
    // The reservation keeps the value as loaded: zero-extended for a word, as generated code does.
    const v = wide ? Atomics.load(m.a64, a >>> 3) : BigInt(Atomics.load(m.a32, a >>> 2) >>> 0);
    m.dv.setBigUint64(m.base + S_RES_ADDR, BigInt(a), true);
    m.dv.setBigInt64(m.base + S_RES_VALUE, v, true);
    m.dv.setInt32(m.base + S_RES_SIZE, size, true);
    if (i.rd !== 0) m.x[i.rd] = wide ? v : BigInt.asIntN(32, v);
    return pc + i.len;
  });

  op(`sc.${wide ? 'd' : 'w'}`, (m, i, pc) => {
    const a = atomicAddress(m, i, size, PERM_W, pc);
    if (a < 0) return STOP;
    let ok = false;
    if (m.dv.getBigInt64(m.base + S_RES_ADDR, true) === BigInt(a) && m.dv.getInt32(m.base + S_RES_SIZE, true) === size) {
      const expected = m.dv.getBigInt64(m.base + S_RES_VALUE, true);
      if (wide) {
        ok = Atomics.compareExchange(m.a64, a >>> 3, expected, m.x[i.rs2]!) === expected;
      } else {
        const e32 = Number(BigInt.asIntN(32, expected));
        ok = Atomics.compareExchange(m.a32, a >>> 2, e32, Number(BigInt.asIntN(32, m.x[i.rs2]!))) === e32;
      }
    }
    // Any SC ends the reservation, successful or not.
    m.dv.setBigInt64(m.base + S_RES_ADDR, -1n, true);
    if (i.rd !== 0) m.x[i.rd] = ok ? 0n : 1n;
    return pc + i.len;
  });
}
