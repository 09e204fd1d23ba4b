// The code-generation context of one region function: guest registers in wasm locals, named
// labels for structured control flow, the shared exit path, memory-access checks, and the helper
// imports the region uses. Per-instruction emitters (jit/insns/*) drive it.

import { Code, T } from '../wasm/code.js';
import { GUEST_LIMIT, PERM_TABLE, PERM_W, PERM_WITH_PREV_SHIFT } from '../memory/layout.js';
import type { GroupedCheck } from './access-groups.js';
import { S_X, S_F, S_FFLAGS, S_FRM, S_EXIT_REASON, S_PC, S_FAULT_ADDR, S_JUMP_FROM, S_JUMP_TO, ExitReason, POLL_EXIT_REQUEST, CHECK_ACCESSES } from './state.js';
import type { Insn } from '../riscv/decode.js';
import { isIndirectCall } from './control.js';
import type { HelperName } from './helper-names.js';

/**
 * The helper imports of one region module, shared by its functions. Imports come first in the
 * function index space, so a helper's index is its position here.
 */
export class HelperImportTable {
  readonly used: HelperName[] = [];
  private readonly indexOf = new Map<HelperName, number>();

  index(name: HelperName): number {
    let i = this.indexOf.get(name);
    if (i === undefined) {
      i = this.used.length;
      this.used.push(name);
      this.indexOf.set(name, i);
    }
    return i;
  }
}

/**
 * Backward jumps a region takes before it returns to the dispatcher (backwardJump), which
 * polls the exit request (RCU's quiescent states, signals, exit_group): a vCPU in a loop answers
 * within LOOP_BUDGET iterations. Leaving every thousand iterations costs a loop far less than
 * reading the request on every one (docs/rcu.md, "Polls"). It also matters for V8: wasm has no
 * on-stack replacement, so a loop gets V8's optimised code only once its function is entered
 * again. RVJIT_MEASURE_NO_POLL=1 keeps a budget of 2^20 only, for that.
 */
export const LOOP_BUDGET = POLL_EXIT_REQUEST ? 1024 : 1 << 20;

/** Parameters of every region function: entry TB index and the vCPU state base. */
export const P_TB = 0;
export const P_STATE = 1;

type Label = string | null;

export class RegionEmitter {
  readonly c = new Code(4096);
  /** Guest pc of the instruction being emitted. */
  pc = 0;
  insn!: Insn;
  /** How the current instruction's access is checked when it belongs to a group (access-groups.ts). */
  grouped: GroupedCheck | undefined;

  private readonly localTypes: number[] = [];
  private readonly xLocal = new Int32Array(32).fill(-1);
  private readonly fLocal = new Int32Array(32).fill(-1);
  readonly xWritten = new Set<number>();
  readonly fWritten = new Set<number>();
  private fflagsLocal = -1;
  private frmLocal = -1;
  fflagsWritten = false;
  frmWritten = false;
  /** Continues at guest address `target`; set by the region compiler for the block being emitted. */
  goto: (target: number) => void = (target) => {
    this.exitTo(target);
  };
  /**
   * Continues at the guest address on the stack (i64) after a computed jump (isComputedJump);
   * set by the region compiler when the function can dispatch such jumps itself.
   */
  computedJump: () => void = () => {
    this.exitComputed();
  };
  /**
   * The current TB belongs to a callee inlined into the region (plan.ts inlineCallees): its
   * return (jalr) is dispatched like a computed jump, to the call sites' return points.
   */
  returnsInside = false;
  /** The current TB ends in a call through a register to callees inlined into the region. */
  callsInside = false;
  /** Scratch locals per wasm type code, and how many of each are borrowed. */
  private readonly temps: number[][] = [];
  private readonly tempsInUse: number[] = [];
  private readonly labels: Label[] = [];
  /** Stack position of each open named label (names are unique among open labels). */
  private readonly labelPos = new Map<string, number>();
  /** Offsets in the body of the `if`s opened by unlikelyIf, for the module's branch hints. */
  readonly unlikely: number[] = [];

  readonly nextLocal: number;
  readonly reasonLocal: number;
  readonly faultAddrLocal: number;

  constructor(private readonly helpers: HelperImportTable = new HelperImportTable()) {
    this.nextLocal = this.newLocal(T.i64);
    this.reasonLocal = this.newLocal(T.i32);
    this.faultAddrLocal = this.newLocal(T.i64);
  }

  // ---- locals ----

  newLocal(type: number): number {
    this.localTypes.push(type);
    return 2 + this.localTypes.length - 1;
  }

  /** Borrows a scratch local of `type`; `release` returns it. Scratch locals never hold guest state. */
  temp(type: number): number {
    const pool = (this.temps[type] ??= []);
    const used = this.tempsInUse[type] ?? 0;
    if (used >= pool.length) pool.push(this.newLocal(type));
    this.tempsInUse[type] = used + 1;
    return pool[used]!;
  }

  release(type: number, count = 1): void {
    this.tempsInUse[type]! -= count;
  }

  private xl(r: number): number {
    let l = this.xLocal[r]!;
    if (l < 0) this.xLocal[r] = l = this.newLocal(T.i64);
    return l;
  }

  private fl(r: number): number {
    let l = this.fLocal[r]!;
    if (l < 0) this.fLocal[r] = l = this.newLocal(T.f64);
    return l;
  }

  /**
   * The integer registers kept in locals for the whole function (loaded by the prologue, stored
   * by the epilogue), bit r for x[r]; all of them by default. The others live in the vCPU's state
   * block: a read loads it, a write stores it, and within one TB the value is also kept in the
   * register's local while it is known to equal the state's copy (validInTB). A function entered
   * from the dispatcher often runs a few of its TBs before it leaves again, and the prologue and
   * epilogue of a large one moved every register it touches (docs/design.md, "Registers in the
   * state block").
   */
  keptInLocals = -1;
  /**
   * Bit r: the local of state-block register r holds its value on every path from here to the
   * end of the current TB's straight-line code. Set only at the TB's own nesting depth (a value
   * loaded inside an `if` is not there after it); a write inside an `if` keeps the bit, since it
   * writes the local and the state together.
   */
  private validInTB = 0;
  private tbDepth = 0;

  /** Starts a TB: control may arrive here from anywhere, so no state-block register is in its local. */
  beginTB(): void {
    this.validInTB = 0;
    this.tbDepth = this.labels.length;
  }

  private inState(r: number): boolean {
    return ((this.keptInLocals >>> r) & 1) === 0;
  }

  /** Pushes x[r] (i64). */
  getX(r: number): this {
    if (r === 0) this.c.i64Const(0);
    else if (!this.inState(r) || this.validInTB & (1 << r)) this.c.get(this.xl(r));
    else {
      this.c.get(P_STATE).i64Load(S_X + 8 * r);
      if (this.labels.length === this.tbDepth) {
        this.c.tee(this.xl(r));
        this.validInTB |= 1 << r;
      }
    }
    return this;
  }

  /** Pops an i64 into x[r]; writes to x0 are discarded. */
  setX(r: number): this {
    if (r === 0) this.c.drop();
    else if (this.inState(r)) {
      const l = this.xl(r);
      this.c.set(l).get(P_STATE).get(l).i64Store(S_X + 8 * r);
      if (this.labels.length === this.tbDepth) this.validInTB |= 1 << r;
    } else {
      this.c.set(this.xl(r));
      this.xWritten.add(r);
    }
    return this;
  }

  /** Pushes f[r] as f64 (the raw 64-bit pattern). */
  getF(r: number): this {
    this.c.get(this.fl(r));
    return this;
  }

  setF(r: number): this {
    this.c.set(this.fl(r));
    this.fWritten.add(r);
    return this;
  }

  /** Local holding fflags (i32), loaded from state on entry and stored on exit. */
  fflags(): number {
    if (this.fflagsLocal < 0) this.fflagsLocal = this.newLocal(T.i32);
    return this.fflagsLocal;
  }

  /** ORs the i32 on the stack into fflags. */
  orFflags(): this {
    const l = this.fflags();
    this.c.get(l).i32Or().set(l);
    this.fflagsWritten = true;
    return this;
  }

  frm(): number {
    if (this.frmLocal < 0) this.frmLocal = this.newLocal(T.i32);
    return this.frmLocal;
  }

  // ---- labels ----

  private open(label: Label): void {
    if (label !== null) this.labelPos.set(label, this.labels.length);
    this.labels.push(label);
  }

  block(label: Label = null, type: number = T.void): this {
    this.c.block(type);
    this.open(label);
    return this;
  }

  loop(label: Label = null, type: number = T.void): this {
    this.c.loop(type);
    this.open(label);
    return this;
  }

  if_(type: number = T.void): this {
    this.c.if_(type);
    this.open(null);
    return this;
  }

  /**
   * An `if` whose condition is almost never true. With a branch hint V8 moves its body out of
   * line, so the common path runs straight on instead of jumping over it (docs/design.md,
   * "Generated code and V8": list 0.74x, matrix 0.87x the time).
   */
  unlikelyIf(): this {
    this.unlikely.push(this.c.len);
    return this.if_();
  }

  else_(): this {
    this.c.else_();
    return this;
  }

  end(): this {
    this.c.end();
    const label = this.labels.pop();
    if (label != null) this.labelPos.delete(label);
    return this;
  }

  depth(label: string): number {
    const i = this.labelPos.get(label);
    if (i === undefined) throw new Error(`jit: no enclosing label ${label}`);
    return this.labels.length - 1 - i;
  }

  br(label: string): this {
    this.c.br(this.depth(label));
    return this;
  }

  brIf(label: string): this {
    this.c.brIf(this.depth(label));
    return this;
  }

  // ---- helpers ----

  /** Function index of a helper import. */
  helper(name: HelperName): number {
    return this.helpers.index(name);
  }

  call(name: HelperName): this {
    this.c.call(this.helper(name));
    return this;
  }

  // ---- exits ----

  /** Leaves the region for guest address `pc` (a constant): the dispatcher continues there. */
  exitTo(pc: number): this {
    this.c.i64Const(pc).set(this.nextLocal);
    return this.br('exit');
  }

  /** Leaves the region for the guest address on the stack (i64). */
  exitToDynamic(): this {
    this.c.set(this.nextLocal);
    return this.br('exit');
  }

  /**
   * Leaves the region for the target of the computed jump at this.pc (on the stack, i64),
   * recording the jump in the state (S_JUMP_FROM, S_JUMP_TO) for the runtime to learn from.
   */
  exitComputed(): this {
    this.c.set(this.nextLocal);
    // Bit 0 (pcs are even) marks a call through a register (TranslationCache.noteComputedJump).
    this.c.get(P_STATE).i32Const((this.pc | 0) | (this.insn && isIndirectCall(this.insn) ? 1 : 0)).i32Store(S_JUMP_FROM);
    this.c.get(P_STATE).get(this.nextLocal).i32WrapI64().i32Store(S_JUMP_TO);
    return this.br('exit');
  }

  /** Returns to the runtime with `reason`, reporting the current instruction's pc. */
  exitWithReason(reason: ExitReason, pc = this.pc): this {
    this.c.i32Const(reason).set(this.reasonLocal);
    this.c.i64Const(pc).set(this.nextLocal);
    return this.br('exit');
  }

  /**
   * Emits what a backward jump does first: count down the loop budget and, when it runs out,
   * leave for `resumePc` through the dispatcher, which polls the vCPU's exit request.
   */
  backwardJump(resumePc: number): this {
    return this.countBackwardJump(() => this.exitTo(resumePc));
  }

  /** backwardJump for a target held in i64 local `target` (a computed jump). */
  backwardJumpTo(target: number): this {
    return this.countBackwardJump(() => {
      this.c.get(target);
      this.exitToDynamic();
    });
  }

  private countBackwardJump(leave: () => void): this {
    const budget = this.loopBudget();
    this.c.get(budget).i32Const(1).i32Sub().tee(budget).i32Eqz();
    this.if_();
    leave();
    this.end();
    return this;
  }

  private budgetLocal = -1;

  /** Counter of backward jumps left before the region returns to the dispatcher. */
  loopBudget(): number {
    if (this.budgetLocal < 0) this.budgetLocal = this.newLocal(T.i32);
    return this.budgetLocal;
  }

  // ---- memory ----

  /**
   * Computes x[rs1] + imm, checks that `size` bytes there are mapped with permission `need`, and
   * leaves the i64 address in the returned scratch local (release with release(T.i64)). On a
   * failed check the region exits with a load or store fault (by `need`) at the current
   * instruction, recording the access's address; the runtime works out which byte was not
   * accessible (Linux's si_addr; Vcpu.faultingByte). An access of a group (`grouped`,
   * access-groups.ts) is checked by its group's lead instead.
   *
   * All inline, without calling a helper even on the rare paths: a call anywhere in a loop makes
   * V8 keep the loop's values in stack slots rather than registers, which cost more than the
   * check itself (measurements in docs/design.md, "Generated code and V8").
   */
  checkedAddress(rs1: number, imm: number, size: number, need: number): number {
    const c = this.c;
    const group = this.grouped;
    this.grouped = undefined;
    if (group?.lead) this.checkGroup(rs1, group.lo, group.span, need);
    const a = this.temp(T.i64);
    this.getX(rs1);
    if (imm !== 0) c.i64Const(imm).i64Add();
    c.set(a);
    if (!CHECK_ACCESSES || group) return a;
    this.ifInaccessible(a, size, need, () => {
      // Only the address: computing the faulting byte here too (its first page looked up again)
      // let TurboFan share that lookup with the check's, and keep it in a stack slot for this
      // rare path — a store on every access (docs/design.md, "Generated code and V8").
      c.get(a).set(this.faultAddrLocal);
      this.exitWithReason(need === PERM_W ? ExitReason.StoreFault : ExitReason.LoadFault);
    });
    return a;
  }

  /**
   * The check of a group of accesses at x[rs1] + [lo, lo + span), all needing `need`, made
   * before its first access: when any of them would fault, the region leaves for the runtime to
   * interpret from here.
   */
  private checkGroup(rs1: number, lo: number, span: number, need: number): void {
    if (!CHECK_ACCESSES) return;
    const c = this.c;
    const g = this.temp(T.i64);
    this.getX(rs1);
    if (lo !== 0) c.i64Const(lo).i64Add();
    c.set(g);
    this.ifInaccessible(g, span, need, () => this.exitWithReason(ExitReason.Recheck));
    this.release(T.i64);
  }

  /**
   * Emits `fail` on the path where some byte of the `size` (at most PAGE_SIZE) bytes at local `a`
   * lies on a page without `need`. The bytes lie on the last one's page and perhaps the one
   * before, so the first test looks up what the last byte's page shares with the page before it
   * (memory/layout.ts, PERM_WITH_PREV_SHIFT): one lookup, where looking at the first and the last
   * byte's pages took two. Only when that lacks `need` — on the first page of a mapping, or a
   * real fault — does the exact test look at both pages. The page before rather than the one
   * after, because the hot data at a mapping's edge is mostly at its top: the top page of a
   * stack (main's frame, argv, a thread's TLS) has nothing mapped above it. Host instructions
   * against two lookups (docs/design.md): matrix 0.80x, interp 0.84x, list 0.85x, sort 0.91x.
   */
  private ifInaccessible(a: number, size: number, need: number, fail: () => void): void {
    const c = this.c;
    // Below the limit, the page index of the last byte lies in the table, whose entries beyond
    // guest memory are 0; an address with high bits set would alias a guest page in its low bits.
    c.i32Const(0);
    this.pageByte(a, size - 1);
    c.get(a).i64Const(GUEST_LIMIT).i64GeU().select();
    if (size > 1) {
      c.i32Const(need << PERM_WITH_PREV_SHIFT).i32And().i32Eqz();
      this.unlikelyIf();
      // The limit test differs from the one above (it also catches a last byte beyond the
      // limit): the same test twice became one boolean in TurboFan, materialised on every access.
      c.i32Const(0);
      this.pageByte(a, 0);
      this.pageByte(a, size - 1);
      c.i32And();
      c.get(a).i64Const(GUEST_LIMIT - size).i64GtU().select();
    }
    c.i32Const(need).i32And().i32Eqz();
    this.unlikelyIf();
    fail();
    this.end();
    if (size > 1) this.end();
  }

  /** Pushes the permission-table byte of the page holding the byte at local `a` + `offset`. */
  private pageByte(a: number, offset: number): void {
    this.c.get(a).i32WrapI64();
    if (offset !== 0) this.c.i32Const(offset).i32Add();
    this.c.i32Const(12).i32ShrU().i32Load8u(PERM_TABLE);
  }

  // ---- assembling the function ----

  /** Local declarations as [count, type] runs. */
  localDecls(): [number, number][] {
    const runs: [number, number][] = [];
    for (const t of this.localTypes) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    return runs;
  }

  /** Loads every guest register the body keeps in a local for the whole function. */
  prologue(): Code {
    const p = new Code(512);
    for (let r = 1; r < 32; r++) {
      const l = this.xLocal[r]!;
      if (l >= 0 && !this.inState(r)) p.get(P_STATE).i64Load(S_X + 8 * r).set(l);
    }
    for (let r = 0; r < 32; r++) {
      const l = this.fLocal[r]!;
      if (l >= 0) p.get(P_STATE).f64Load(S_F + 8 * r).set(l);
    }
    if (this.fflagsLocal >= 0) p.get(P_STATE).i32Load(S_FFLAGS).set(this.fflagsLocal);
    if (this.frmLocal >= 0) p.get(P_STATE).i32Load(S_FRM).set(this.frmLocal);
    if (this.budgetLocal >= 0) p.i32Const(LOOP_BUDGET).set(this.budgetLocal);
    return p;
  }

  /**
   * The shared exit path: store the registers the region writes, then either return the next
   * guest pc (even) to the dispatcher, or record an exit reason and return 1.
   */
  epilogue(): Code {
    const e = new Code(512);
    for (const r of [...this.xWritten].sort((a, b) => a - b)) e.get(P_STATE).get(this.xLocal[r]!).i64Store(S_X + 8 * r);
    for (const r of [...this.fWritten].sort((a, b) => a - b)) e.get(P_STATE).get(this.fLocal[r]!).f64Store(S_F + 8 * r);
    if (this.fflagsWritten) e.get(P_STATE).get(this.fflagsLocal).i32Store(S_FFLAGS);
    if (this.frmWritten) e.get(P_STATE).get(this.frmLocal).i32Store(S_FRM);
    // A recorded reason: report it (with the pc and fault address) and return 1.
    e.get(this.reasonLocal).if_();
    e.get(P_STATE).get(this.nextLocal).i64Store(S_PC);
    e.get(P_STATE).get(this.reasonLocal).i32Store(S_EXIT_REASON);
    e.get(P_STATE).get(this.faultAddrLocal).i64Store(S_FAULT_ADDR);
    e.i64Const(1).return_();
    e.end();
    e.get(this.nextLocal);
    return e;
  }
}
