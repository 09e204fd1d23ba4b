// Random items, one generator per instruction class. Invariants every generator keeps, because
// the harness depends on them:
//  - x27 (the base register) is never written, so the dump and the scratch addresses stay valid;
//  - x26 (the accumulator) is written only by the fold instructions that follow items;
//  - memory accesses stay inside the 256-byte scratch buffer (AMOs and LR/SC naturally aligned,
//    plain loads and stores sometimes misaligned);
//  - control transfers only go forward (to a later item), but for the counted loops, so every
//    program terminates;
//  - frm stays a valid rounding mode, except in the dedicated 'badfrm' item;
//  - nothing whose result is not reproducible (time/cycle/instret, reservation sets larger
//    than the manual guarantees) is generated.

import {
  ALU, BY_NAME, CLASS_NAMES, LOAD_WIDTH, LOOP_BODY, RVC_BASE, STORE_WIDTH, WEIGHTS, type ItemClass,
} from './classes.js';
import type { Fields } from './encode.js';
import type { Item, Slot } from './program.js';
import { slotSize } from './program.js';
import type { Prng } from './prng.js';
import { ACC_REG, BASE_REG, INIT_F, INIT_X, SCRATCH, SCRATCH_SIZE } from './block.js';
import { INT_VALUES, edgeOperand, randomInt } from './values.js';
import { li } from './li.js';
import { operandFiles } from './operands.js';
import { QUIRK_BY_INSN } from './quirks.js';
import { OperandPicker } from './picker.js';

const CSR_FFLAGS = 1, CSR_FRM = 2, CSR_FCSR = 3;
const FP_CSRS = [CSR_FFLAGS, CSR_FRM, CSR_FCSR];

/** How often an item's result is folded into the accumulator, and an FP item's flags too. */
const FOLD_RESULT = 0.7;
const FOLD_FLAGS = 0.5;
/**
 * How often a source operand of an ALU/FP instruction is first reloaded from the initial-value
 * table: the pools' special values (NaNs, ties, saturation edges) soon wash out of the registers
 * otherwise, and they are where implementations disagree.
 */
const FRESH_X = 0.1;
const FRESH_F = 0.25;

/** Branch targets are at most this many items ahead: keeps every offset inside its immediate. */
const MAX_SKIP = 12;
/** c.beqz/c.bnez reach only +-256 bytes. */
const MAX_SKIP_SHORT = 4;

/** Signed 12-bit value with a fixed rounding-mode field: the register operand of CSR writes. */
function withFrm(v: number, shift: number, frm: number): number {
  return (v & ~(7 << shift)) | (frm << shift);
}

export class ItemGenerator {
  private readonly p: OperandPicker;
  /** Classes with their weights, and the weights' sum: precomputed, item picking is hot. */
  private readonly classes: [ItemClass, number][] = [];
  private readonly totalWeight: number;
  private readonly allowed: Record<ItemClass, string[]>;

  /**
   * quirks: steer around the inputs where QEMU contradicts the manual (see quirks.ts);
   * only: if given, the instruction names to draw items from (plus their RVC forms).
   */
  constructor(private readonly r: Prng, exclude: ReadonlySet<string>, private readonly quirks = true, only?: ReadonlySet<string>) {
    this.p = new OperandPicker(r);
    const named = (set: ReadonlySet<string>, n: string) => set.has(n) || (RVC_BASE[n] !== undefined && set.has(RVC_BASE[n]!));
    const ok = (n: string) => !named(exclude, n) && (!only || named(only, n));
    this.allowed = Object.fromEntries(
      Object.entries(CLASS_NAMES).map(([c, list]) => [c, list.filter(ok)]),
    ) as Record<ItemClass, string[]>;
    for (const [c, w] of Object.entries(WEIGHTS) as [ItemClass, number][]) {
      if (this.allowed[c].length) this.classes.push([c, w]);
    }
    this.totalWeight = this.classes.reduce((sum, [, w]) => sum + w, 0);
    if (!this.totalWeight) throw new Error('--exclude/--only leave no instruction to generate');
  }

  private pickClass(): ItemClass {
    let x = this.r.below(this.totalWeight);
    for (const [c, w] of this.classes) {
      if (x < w) return c;
      x -= w;
    }
    throw new Error('unreachable');
  }

  /** A random item with the given id (its targets are ids greater than it). */
  next(id: number): Item {
    const cls = this.pickClass();
    const key = this.r.pick(this.allowed[cls]);
    const item: Item = { id, cls, key, slots: [] };
    this.build(item, cls, key);
    this.fold(item);
    return item;
  }

  /**
   * Adds the item's results into the accumulator, and moves the accrued FP flags there (clearing
   * them). Without this, most differences would be overwritten or (sticky flags) masked before
   * the dump: comparing only final states misses the majority of intermediate divergences.
   */
  private fold(item: Item): void {
    const r = this.r;
    // After an unconditional jump the fold would be dead code.
    if (item.cls === 'jal' || item.cls === 'jalr' || ['c.j', 'c.jr', 'c.jalr'].includes(item.key)) return;
    const add = (reg: number) => item.slots.push(this.slot('add', { rd: ACC_REG, rs1: ACC_REG, rs2: reg }));
    if (r.chance(FOLD_RESULT)) {
      const last = item.slots[item.slots.length - 1];
      const dests = new Map<string, { file: 'x' | 'f'; reg: number }>();
      for (const sl of item.slots) {
        if (sl.name !== item.key && !sl.name.startsWith('sc.') && sl !== last) continue;
        const d = destination(sl);
        if (d && !(d.file === 'x' && d.reg === 0)) dests.set(`${d.file}${d.reg}`, d);
      }
      for (const d of dests.values()) {
        if (d.file === 'x') {
          add(d.reg);
        } else {
          const t = this.p.tmp();
          item.slots.push(this.slot('fmv.x.d', { rd: t, rs1: d.reg }));
          add(t);
        }
      }
    }
    if (item.cls === 'fp' && r.chance(FOLD_FLAGS)) {
      const t = this.p.tmp();
      item.slots.push(this.slot('csrrw', { rd: t, rs1: 0, csr: CSR_FFLAGS }));
      add(t);
    }
  }

  /** The dedicated item of 'badfrm' programs: makes frm an invalid rounding mode (5, 6 or 7). */
  badFrm(id: number): Item {
    const r = this.r;
    const item: Item = { id, cls: 'badfrm', key: 'csrrwi', slots: [] };
    const frm = r.range(5, 7);
    if (r.chance(0.5)) {
      item.slots.push(this.slot('csrrwi', { rd: this.p.xd(), imm: frm | (r.below(4) << 3), csr: CSR_FRM }));
    } else {
      const t = this.p.tmp();
      item.key = 'csrrw';
      item.slots.push(this.slot('addi', { rd: t, rs1: 0, imm: withFrm(r.range(-2048, 2047), 5, frm) }));
      item.slots.push(this.slot('csrrw', { rd: this.p.xd(), rs1: t, csr: CSR_FCSR }));
    }
    return item;
  }

  private slot(name: string, fields: Fields, resolve?: Slot['resolve']): Slot {
    return resolve ? { name, fields, resolve } : { name, fields };
  }

  private target(id: number, maxSkip = MAX_SKIP): number {
    return id + 1 + this.r.below(maxSkip);
  }

  // ---- classes ----

  private build(item: Item, cls: ItemClass | string, key: string): void {
    switch (cls) {
      case 'alu': item.slots.push(...this.guardedAlu(key, -1, true)); break;
      case 'fp': {
        const slot = this.fp(key);
        item.slots.push(...this.freshLoads(slot), slot);
        break;
      }
      case 'load': case 'fload': this.load(item, key); break;
      case 'store': case 'fstore': this.store(item, key); break;
      case 'branch': this.branch(item, key); break;
      case 'jal': this.jal(item); break;
      case 'jalr': this.jalr(item); break;
      case 'amo': this.amo(item, key); break;
      case 'lrsc': this.lrsc(item, key); break;
      case 'csr': this.csr(item, key); break;
      case 'fence': item.slots.push(this.slot('fence', { rd: this.p.xd(), rs1: this.p.xs(), rm: this.r.below(4096) })); break;
      case 'rvc': item.slots.push(this.rvc(key)); break;
      case 'rvcmem': this.rvcMem(item, key); break;
      case 'rvcjump': this.rvcJump(item, key); break;
      case 'li': this.li(item); break;
      case 'fpedge': this.fpEdge(item, key); break;
      case 'loop': this.loop(item); break;
      case 'reload': this.reload(item, key); break;
      default: throw new Error(`unknown item class ${cls}`);
    }
  }

  /** Loads of some of the slot's source registers from the initial values, to run before it. */
  private freshLoads(sl: Slot): Slot[] {
    const e = BY_NAME.get(sl.name)!;
    const files = operandFiles(sl.name);
    const loads: Slot[] = [];
    const sources: ('rs1' | 'rs2' | 'rs3')[] = e.format === 'R4' ? ['rs1', 'rs2', 'rs3']
      : ['R', 'RM'].includes(e.format) ? ['rs1', 'rs2'] : ['I', 'SH6', 'SH5', 'R1', 'RM1'].includes(e.format) ? ['rs1'] : [];
    const done = new Set<string>();
    for (const k of sources) {
      const reg = sl.fields[k] ?? 0, file = files[k], key = `${file}${reg}`;
      if (done.has(key)) continue;
      done.add(key);
      if (file === 'f' && this.r.chance(FRESH_F)) {
        loads.push(this.slot('fld', { rd: reg, rs1: BASE_REG, imm: INIT_F + 8 * this.r.below(32) }));
      } else if (file === 'x' && reg !== 0 && !this.p.reserved(reg) && this.r.chance(FRESH_X)) {
        loads.push(this.slot('ld', { rd: reg, rs1: BASE_REG, imm: INIT_X + 8 * this.r.below(31) }));
      }
    }
    return loads;
  }

  /** An ALU instruction, preceded by a guard when QEMU is wrong on some of its inputs. */
  private guardedAlu(name: string, avoid: number, fresh = false): Slot[] {
    const slot = this.alu(name);
    const loads = fresh ? this.freshLoads(slot) : [];
    const quirk = this.quirks ? QUIRK_BY_INSN.get(name) : undefined;
    if (!quirk) return [...loads, slot];
    let tmp: number;
    do tmp = this.p.tmp(); while (tmp === avoid);
    const g = quirk.guard(this.r, slot.fields.rs1 ?? 0, tmp);
    slot.fields.rs1 = g.rs1;
    return [...loads, ...g.slots, slot];
  }

  private alu(name: string): Slot {
    const e = BY_NAME.get(name)!;
    const r = this.r;
    const rs1 = this.p.xs(), rs2 = this.p.xs();
    const rd = this.p.xd();
    switch (e.format) {
      case 'R': return this.slot(name, { rd, rs1, rs2: r.chance(0.1) ? rs1 : rs2 });
      case 'I': return this.slot(name, { rd, rs1, imm: this.p.imm12() });
      case 'SH6': return this.slot(name, { rd, rs1, imm: this.p.shamt(6) });
      case 'SH5': return this.slot(name, { rd, rs1, imm: this.p.shamt(5) });
      case 'R1': return this.slot(name, { rd, rs1 });
      case 'U': return this.slot(name, { rd, imm: (r.chance(0.2) ? r.pick([0, 0x80000000, 0x7ffff000, 0xfffff000]) : r.u32()) & ~0xfff | 0 });
      default: throw new Error(`alu: unexpected format ${e.format} of ${name}`);
    }
  }

  private fp(name: string): Slot {
    const e = BY_NAME.get(name)!;
    const files = operandFiles(name);
    const rs1 = files.rs1 === 'x' ? this.p.xs() : this.p.fs();
    const rd = files.rd === 'x' ? this.p.xd() : this.p.fd();
    const rs2 = this.r.chance(0.15) ? rs1 : this.p.fs();
    switch (e.format) {
      case 'RM': return this.slot(name, { rd, rs1, rs2, rm: this.p.rm() });
      case 'RM1': return this.slot(name, { rd, rs1, rm: this.p.rm() });
      case 'R4': return this.slot(name, { rd, rs1, rs2, rs3: this.p.fs(), rm: this.p.rm() });
      case 'R': return this.slot(name, { rd, rs1, rs2 });
      case 'R1': return this.slot(name, { rd, rs1 });
      default: throw new Error(`fp: unexpected format ${e.format} of ${name}`);
    }
  }

  /** Either straight off the base register, or via a temporary set to a nearby address. */
  private addressed(item: Item, name: string, width: number, data: Fields): void {
    const r = this.r;
    const a = SCRATCH + this.p.scratchOffset(width, true);
    if (r.chance(0.3)) {
      item.slots.push(this.slot(name, { ...data, rs1: BASE_REG, imm: a }));
      return;
    }
    const t = this.p.tmp();
    const imm = r.chance(0.3) ? 0 : r.range(-512, 512);
    item.slots.push(this.slot('addi', { rd: t, rs1: BASE_REG, imm: a - imm }));
    item.slots.push(this.slot(name, { ...data, rs1: t, imm }));
  }

  private load(item: Item, name: string): void {
    this.addressed(item, name, LOAD_WIDTH[name]!, { rd: name.startsWith('f') ? this.p.fd() : this.p.xd() });
  }

  private store(item: Item, name: string): void {
    this.addressed(item, name, STORE_WIDTH[name]!, { rs2: name.startsWith('f') ? this.p.fs() : this.p.xs() });
  }

  private branch(item: Item, name: string): void {
    const rs1 = this.p.xs();
    const rs2 = this.r.chance(0.15) ? rs1 : this.p.xs();
    item.target = this.target(item.id);
    item.slots.push(this.slot(name, {}, ({ pc, target }) => ({ rs1, rs2, imm: target - pc })));
  }

  private jal(item: Item): void {
    const rd = this.r.chance(0.3) ? 0 : this.p.xd();
    item.target = this.target(item.id);
    item.slots.push(this.slot('jal', { rd }, ({ pc, target }) => ({ rd, imm: target - pc })));
  }

  /** auipc t; [addi t, t, d]; jalr rd, imm(t): target = t + imm with bit 0 cleared (set on purpose at times). */
  private jalr(item: Item): void {
    const r = this.r;
    const t = this.p.tmp(), rd = this.p.xd();
    const low = r.chance(0.3) ? 1 : 0;
    item.target = this.target(item.id);
    item.slots.push(this.slot('auipc', { rd: t, imm: 0 }));
    if (r.chance(0.5)) {
      item.slots.push(this.slot('jalr', { rd }, ({ itemPc, target }) => ({ rd, rs1: t, imm: target - itemPc + low })));
    } else {
      const imm = r.range(-1024, 1023);
      item.slots.push(this.slot('addi', {}, ({ itemPc, target }) => ({ rd: t, rs1: t, imm: target - itemPc - imm + low })));
      item.slots.push(this.slot('jalr', { rd, rs1: t, imm }));
    }
  }

  private amo(item: Item, name: string): void {
    const t = this.p.tmp();
    const width = name.endsWith('.d') ? 8 : 4;
    item.slots.push(this.slot('addi', { rd: t, rs1: BASE_REG, imm: SCRATCH + this.p.scratchOffset(width, false) }));
    item.slots.push(this.slot(name, { rd: this.p.xd(), rs1: t, rs2: this.p.xs(), rm: this.r.below(4) }));
  }

  /**
   * LR, a few register-only instructions, then an SC that must succeed (same address), or must
   * fail (an address 64+ bytes away, outside any plausible reservation set; or a second SC).
   * The filler never stores, so QEMU's value-compare SC and a true reservation agree.
   */
  private lrsc(item: Item, name: string): void {
    const r = this.r;
    const width = name.endsWith('.d') ? 8 : 4;
    const sc = name.endsWith('.d') ? 'sc.d' : 'sc.w';
    const t = this.p.tmp();
    const a = this.p.scratchOffset(width, false);
    const notT = () => {
      let v: number;
      do v = this.p.xd(); while (v === t);
      return v;
    };
    item.slots.push(this.slot('addi', { rd: t, rs1: BASE_REG, imm: SCRATCH + a }));
    item.slots.push(this.slot(name, { rd: notT(), rs1: t, rm: r.below(4) }));
    for (let n = r.below(3); n > 0; n--) {
      // No fresh loads here: they would write registers, and t must survive until the SC.
      const filler = this.guardedAlu(r.pick(this.allowed.alu.length ? this.allowed.alu : ['add']), t);
      for (const sl of filler) if (sl.fields.rd === t) sl.fields.rd = 0;
      item.slots.push(...filler);
    }
    switch (r.below(4)) {
      case 0: {
        const t2 = this.p.tmp();
        const b = (a + 64 + width * r.below(128 / width)) % SCRATCH_SIZE;
        item.slots.push(this.slot('addi', { rd: t2, rs1: BASE_REG, imm: SCRATCH + b }));
        item.slots.push(this.slot(sc, { rd: this.p.xd(), rs1: t2, rs2: this.p.xs(), rm: r.below(4) }));
        break;
      }
      case 1:
        item.slots.push(this.slot(sc, { rd: notT(), rs1: t, rs2: this.p.xs(), rm: r.below(4) }));
        item.slots.push(this.slot(sc, { rd: this.p.xd(), rs1: t, rs2: this.p.xs(), rm: r.below(4) }));
        break;
      default:
        item.slots.push(this.slot(sc, { rd: this.p.xd(), rs1: t, rs2: this.p.xs(), rm: r.below(4) }));
    }
  }

  /**
   * fflags/frm/fcsr accesses. Writes never leave frm invalid: csrrw writes a valid mode, csrrs
   * sets no frm bit (4|1 would make 5), csrrc only clears bits of a valid mode.
   */
  private csr(item: Item, name: string): void {
    const r = this.r;
    const csr = r.pick(FP_CSRS);
    const frmShift = csr === CSR_FRM ? 0 : csr === CSR_FCSR ? 5 : -1;
    const rd = this.p.xd();
    if (name.endsWith('i')) {
      let zimm = r.below(32);
      if (csr === CSR_FRM && name === 'csrrwi') zimm = (zimm & ~7) | r.range(0, 4);
      if (csr === CSR_FRM && name === 'csrrsi') zimm &= ~7;
      item.slots.push(this.slot(name, { rd, imm: zimm, csr }));
      return;
    }
    if (name !== 'csrrw' && r.chance(0.25)) {
      item.slots.push(this.slot(name, { rd, rs1: 0, csr })); // a pure read
      return;
    }
    let v = r.chance(0.5) ? r.range(-2048, 2047) : r.below(256);
    if (frmShift >= 0 && name === 'csrrw') v = withFrm(v, frmShift, r.range(0, 4));
    if (frmShift >= 0 && name === 'csrrs') v = withFrm(v, frmShift, 0);
    const t = this.p.tmp();
    item.slots.push(this.slot('addi', { rd: t, rs1: 0, imm: v }));
    item.slots.push(this.slot(name, { rd, rs1: t, csr }));
  }

  private rvc(name: string): Slot {
    const r = this.r;
    const nz = (f: () => number) => {
      let v: number;
      do v = f(); while (v === 0);
      return v;
    };
    switch (name) {
      case 'c.addi4spn': return this.slot(name, { rd: this.p.tmpPrime(), rs1: 2, imm: 4 * r.range(1, 255) });
      case 'c.nop': return this.slot(name, { imm: this.p.imm6() });
      case 'c.addi': case 'c.addiw': {
        const rd = nz(() => this.p.xd());
        return this.slot(name, { rd, rs1: rd, imm: this.p.imm6() });
      }
      case 'c.li': return this.slot(name, { rd: this.p.xd(), imm: this.p.imm6() });
      case 'c.addi16sp': return this.slot(name, { rd: 2, rs1: 2, imm: 16 * nz(() => r.range(-32, 31)) });
      case 'c.lui': {
        let rd: number;
        do rd = this.p.xd(); while (rd === 2);
        return this.slot(name, { rd, imm: nz(() => r.range(-32, 31)) * 4096 });
      }
      case 'c.srli': case 'c.srai': {
        const rd = this.p.tmpPrime();
        return this.slot(name, { rd, rs1: rd, imm: this.p.shamt(6) });
      }
      case 'c.andi': {
        const rd = this.p.tmpPrime();
        return this.slot(name, { rd, rs1: rd, imm: this.p.imm6() });
      }
      case 'c.slli': {
        const rd = this.p.xd();
        return this.slot(name, { rd, rs1: rd, imm: this.p.shamt(6) });
      }
      case 'c.mv': return this.slot(name, { rd: this.p.xd(), rs2: r.range(1, 31) });
      case 'c.add': {
        const rd = this.p.xd();
        return this.slot(name, { rd, rs1: rd, rs2: r.range(1, 31) });
      }
      default: { // c.sub, c.xor, c.or, c.and, c.subw, c.addw
        const rd = this.p.tmpPrime();
        return this.slot(name, { rd, rs1: rd, rs2: this.p.tmpPrime() });
      }
    }
  }

  /** RVC loads and stores: a prime register or sp set to (scratch address - offset) first. */
  private rvcMem(item: Item, name: string): void {
    const r = this.r;
    const sp = name.endsWith('sp');
    const width = /^c\.(lw|sw|lwsp|swsp)$/.test(name) ? 4 : 8;
    const isFp = /^c\.f/.test(name), isStore = /^c\.f?s/.test(name);
    // Offsets are scaled by the width (5 bits; 6 for the sp forms). The base register may point
    // below the buffer: only the sum has to land in it.
    const imm = width * r.below(sp ? 64 : 32);
    const a = this.p.scratchOffset(width, true);
    const base = sp ? 2 : this.p.tmpPrime();
    item.slots.push(this.slot('addi', { rd: base, rs1: BASE_REG, imm: SCRATCH + a - imm }));
    if (isStore) {
      item.slots.push(this.slot(name, { rs1: base, rs2: sp ? (isFp ? this.p.fs() : this.p.xs()) : this.p.tmpPrime(), imm }));
    } else {
      const rd = !sp ? this.p.tmpPrime() : isFp ? this.p.fd() : this.p.nonZeroXd();
      item.slots.push(this.slot(name, { rd, rs1: base, imm }));
    }
  }

  private rvcJump(item: Item, name: string): void {
    switch (name) {
      case 'c.j':
        item.target = this.target(item.id);
        item.slots.push(this.slot(name, {}, ({ pc, target }) => ({ imm: target - pc })));
        return;
      case 'c.beqz': case 'c.bnez': {
        const rs1 = this.p.tmpPrime();
        item.target = this.target(item.id, MAX_SKIP_SHORT);
        item.slots.push(this.slot(name, {}, ({ pc, target }) => ({ rs1, imm: target - pc })));
        return;
      }
      default: { // c.jr, c.jalr
        const t = this.p.tmp();
        item.target = this.target(item.id);
        item.slots.push(this.slot('auipc', { rd: t, imm: 0 }));
        item.slots.push(this.slot('addi', {}, ({ itemPc, target }) => ({ rd: t, rs1: t, imm: target - itemPc })));
        item.slots.push(this.slot(name, name === 'c.jr' ? { rs1: t } : { rd: 1, rs1: t }));
      }
    }
  }

  /**
   * A counted loop: `addi t, x0, n; body; addi t, t, -1; bne t, x0, body` with a body of 1-4
   * items that never write t. The only backward branches the generator makes, and bounded; they
   * make the translator run the same code again with the values of the previous iteration. Some
   * body items sit behind a forward branch that may skip them, and some loops are rotated (`addi
   * t, x0, n + 1; j test; body; test: addi t, t, -1; bne ...`, the shape gcc gives while loops),
   * so that loops of several blocks, entered other than at their first block, are tested too.
   */
  private loop(item: Item): void {
    const r = this.r;
    // Not x2 and not x8-x15: RVC memory items set those as their base without asking.
    const t = r.pick([1, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 28, 29, 30, 31]);
    const rotated = r.chance(0.3);
    const count = r.range(2, 5);
    item.slots.push(this.slot('addi', { rd: t, rs1: 0, imm: rotated ? count + 1 : count }));
    const body: Slot[] = [];
    this.p.loopCounter = t;
    try {
      for (let n = r.range(1, 4); n > 0; n--) {
        const classes = LOOP_BODY.filter((c) => this.allowed[c].length);
        if (!classes.length) break;
        const cls = r.pick(classes);
        const part: Item = { id: item.id, cls, key: r.pick(this.allowed[cls]), slots: [] };
        this.build(part, cls, part.key);
        this.fold(part);
        for (const sl of part.slots) {
          const d = destination(sl);
          if (d && d.file === 'x' && d.reg === t) throw new Error(`loop body writes its counter: ${sl.name} ${JSON.stringify(sl.fields)}`);
        }
        if (r.chance(0.35)) {
          const skip = 4 + part.slots.reduce((sum, sl) => sum + slotSize(sl), 0);
          body.push(this.slot(r.pick(['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu']), { rs1: this.p.xs(), rs2: this.p.xs(), imm: skip }));
        }
        body.push(...part.slots);
      }
    } finally {
      this.p.loopCounter = -1;
    }
    const bodySize = body.reduce((sum, sl) => sum + slotSize(sl), 0);
    if (rotated) item.slots.push(this.slot('jal', { rd: 0, imm: 4 + bodySize }));
    item.slots.push(...body);
    item.slots.push(this.slot('addi', { rd: t, rs1: t, imm: -1 }));
    // From the bne (after the addi above) back to the body's start.
    item.slots.push(this.slot('bne', { rs1: t, rs2: 0, imm: -(bodySize + 4) }));
  }

  /**
   * An FP operation whose f sources are first set to edge operands (values.ts), built in an x
   * register and moved over: fmv.w.x NaN-boxes singles, fmv.d.x copies doubles.
   */
  private fpEdge(item: Item, name: string): void {
    const slot = this.fp(name);
    const e = BY_NAME.get(name)!;
    // The operand format is the source's: fcvt.d.s reads a single, fcvt.s.d a double.
    const single = name === 'fcvt.d.s' || (/\.s$/.test(name) && name !== 'fcvt.s.d') || /^fcvt\.(w|wu|l|lu)\.s$/.test(name);
    const sources: ('rs1' | 'rs2' | 'rs3')[] =
      e.format === 'R4' ? ['rs1', 'rs2', 'rs3'] : ['R', 'RM'].includes(e.format) ? ['rs1', 'rs2'] : ['rs1'];
    const t = this.p.tmp();
    const set = new Set<number>();
    for (const k of sources) {
      const reg = slot.fields[k]!;
      if (set.has(reg)) continue;
      set.add(reg);
      const v = edgeOperand(this.r, single);
      for (const [n, f] of li(t, single ? BigInt.asIntN(32, v) & ((1n << 64n) - 1n) : v)) item.slots.push(this.slot(n, f));
      item.slots.push(this.slot(single ? 'fmv.w.x' : 'fmv.d.x', { rd: reg, rs1: t }));
    }
    item.slots.push(slot);
  }

  /** Materialises an interesting constant (lui/addi(w)/slli chains, exercising those too). */
  private li(item: Item): void {
    const v = this.r.chance(0.5) ? this.r.pick(INT_VALUES) : randomInt(this.r);
    for (const [name, fields] of li(this.p.xd(), v)) item.slots.push(this.slot(name, fields));
  }

  /** Reloads an initial value (the pools' special values) into some register. */
  private reload(item: Item, name: string): void {
    const k = this.r.below(32);
    if (name === 'fld') item.slots.push(this.slot('fld', { rd: this.p.fd(), rs1: BASE_REG, imm: INIT_F + 8 * k }));
    else item.slots.push(this.slot('ld', { rd: this.p.xd(), rs1: BASE_REG, imm: INIT_X + 8 * (k === 0 || k === BASE_REG ? 0 : k - 1) }));
  }
}

/** The register an instruction writes (its expansion's, for RVC), or null. */
function destination(sl: Slot): { file: 'x' | 'f'; reg: number } | null {
  const base = sl.name.startsWith('c.') ? RVC_BASE[sl.name] : sl.name;
  const e = base === undefined ? undefined : BY_NAME.get(base);
  if (!e || ['S', 'B', 'FENCE', 'NONE'].includes(e.format) || sl.fields.rd === undefined) return null;
  return { file: operandFiles(e.name).rd, reg: sl.fields.rd };
}
