// The A extension on wasm atomics. AMOs are single atomic read-modify-writes (a compare-and-swap
// loop where wasm has no direct operation); LR/SC keep a reservation {address, value, size} in the
// vCPU state and SC succeeds by compare-and-swapping the value LR saw. That is the scheme QEMU
// uses, with the same caveat (ABA): an SC succeeds if the location holds LR's value again even
// though another hart wrote it in between. See docs/atomics.md.

import { T, type Code } from '../../wasm/code.js';
import { PERM_R, PERM_W } from '../../memory/layout.js';
import { ExitReason, S_RES_ADDR, S_RES_SIZE, S_RES_VALUE } from '../state.js';
import { P_STATE, type RegionEmitter } from '../emitter.js';
import type { Insn } from '../../riscv/decode.js';
import { def } from './registry.js';

/**
 * Checks alignment (misaligned atomics raise an address-misaligned exception, which Linux turns
 * into SIGBUS) and then permissions. Returns the scratch local holding the i64 address.
 */
function atomicAddress(e: RegionEmitter, i: Insn, size: number, need: number): number {
  const c = e.c;
  e.getX(i.rs1);
  c.i32WrapI64().i32Const(size - 1).i32And();
  e.if_();
  e.getX(i.rs1).c.set(e.faultAddrLocal);
  e.exitWithReason(ExitReason.Misaligned);
  e.end();
  return e.checkedAddress(i.rs1, 0, size, need);
}

/** Pushes x[rs2] narrowed to the operation width. */
function operand(e: RegionEmitter, i: Insn, wide: boolean): void {
  e.getX(i.rs2);
  if (!wide) e.c.i32WrapI64();
}

function widen(c: Code, wide: boolean): void {
  if (!wide) c.i64ExtendI32S();
}

function amoDirect(name: string, group: 'add' | 'and' | 'or' | 'xor' | 'xchg'): void {
  for (const wide of [false, true]) {
    def(`${name}.${wide ? 'd' : 'w'}`, (e, i) => {
      const a = atomicAddress(e, i, wide ? 8 : 4, PERM_W);
      e.c.get(a).i32WrapI64();
      operand(e, i, wide);
      e.c.atomicRmw(group, wide);
      widen(e.c, wide);
      e.setX(i.rd);
      e.release(T.i64);
    });
  }
}
amoDirect('amoswap', 'xchg');
amoDirect('amoadd', 'add');
amoDirect('amoand', 'and');
amoDirect('amoor', 'or');
amoDirect('amoxor', 'xor');

/** min/max AMOs: load, pick, compare-and-swap, and retry until no other hart intervened. */
function amoMinMax(name: string, cmp: (c: Code, wide: boolean) => unknown): void {
  for (const wide of [false, true]) {
    def(`${name}.${wide ? 'd' : 'w'}`, (e, i) => {
      const c = e.c;
      const ty = wide ? T.i64 : T.i32;
      const a = atomicAddress(e, i, wide ? 8 : 4, PERM_W);
      const addr = e.temp(T.i32);
      const old = e.temp(ty);
      const src = e.temp(ty);
      const seen = e.temp(ty);
      c.get(a).i32WrapI64().set(addr);
      operand(e, i, wide);
      c.set(src);
      c.get(addr);
      if (wide) c.i64AtomicLoad();
      else c.i32AtomicLoad();
      c.set(old);
      e.loop('amo');
      c.get(addr).get(old);
      // select(old, src, cmp(old, src)): keep old when it already is the min/max.
      c.get(old).get(src).get(old).get(src);
      cmp(c, wide);
      c.select();
      c.atomicRmw('cmpxchg', wide);
      c.tee(seen).get(old);
      if (wide) c.i64Ne();
      else c.i32Ne();
      e.if_();
      c.get(seen).set(old);
      e.br('amo');
      e.end();
      e.end();
      c.get(old);
      widen(c, wide);
      e.setX(i.rd);
      e.release(ty, 3);
      e.release(T.i32);
      e.release(T.i64);
    });
  }
}
amoMinMax('amomin', (c, w) => (w ? c.i64LtS() : c.i32LtS()));
amoMinMax('amomax', (c, w) => (w ? c.i64GtS() : c.i32GtS()));
amoMinMax('amominu', (c, w) => (w ? c.i64LtU() : c.i32LtU()));
amoMinMax('amomaxu', (c, w) => (w ? c.i64GtU() : c.i32GtU()));

for (const wide of [false, true]) {
  const size = wide ? 8 : 4;
  def(`lr.${wide ? 'd' : 'w'}`, (e, i) => {
    const c = e.c;
    const a = atomicAddress(e, i, size, PERM_R);
    const v = e.temp(T.i64);
    c.get(a).i32WrapI64();
    if (wide) c.i64AtomicLoad();
    else c.i32AtomicLoad().i64ExtendI32U();
    c.set(v);
    c.get(P_STATE).get(a).i64Store(S_RES_ADDR);
    c.get(P_STATE).get(v).i64Store(S_RES_VALUE);
    c.get(P_STATE).i32Const(size).i32Store(S_RES_SIZE);
    c.get(v);
    if (!wide) c.i64Extend32S();
    e.setX(i.rd);
    e.release(T.i64, 2);
  });

  def(`sc.${wide ? 'd' : 'w'}`, (e, i) => {
    const c = e.c;
    const a = atomicAddress(e, i, size, PERM_W);
    const ok = e.temp(T.i32);
    // Reservation must be for this address and size.
    c.get(P_STATE).i64Load(S_RES_ADDR).get(a).i64Eq();
    c.get(P_STATE).i32Load(S_RES_SIZE).i32Const(size).i32Eq().i32And();
    e.if_(T.i32);
    c.get(a).i32WrapI64();
    if (wide) {
      c.get(P_STATE).i64Load(S_RES_VALUE);
      e.getX(i.rs2);
      c.atomicRmw('cmpxchg', true);
      c.get(P_STATE).i64Load(S_RES_VALUE).i64Eq();
    } else {
      c.get(P_STATE).i64Load(S_RES_VALUE).i32WrapI64();
      e.getX(i.rs2);
      c.i32WrapI64().atomicRmw('cmpxchg', false);
      c.get(P_STATE).i64Load(S_RES_VALUE).i32WrapI64().i32Eq();
    }
    e.else_();
    c.i32Const(0);
    e.end();
    c.set(ok);
    // Any SC ends the reservation, successful or not.
    c.get(P_STATE).i64Const(-1).i64Store(S_RES_ADDR);
    c.get(ok).i32Eqz().i64ExtendI32U();
    e.setX(i.rd);
    e.release(T.i32);
    e.release(T.i64);
  });
}
