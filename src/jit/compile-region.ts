// Turns a RegionPlan into one WebAssembly module. The region's TBs are split into components —
// blocks connected by branches and fall-through, i.e. roughly the guest's functions, since calls
// do not connect — and each component becomes one wasm function, entered at a TB index through
// a br_table and leaving through one shared exit path. Keeping unrelated functions apart keeps
// each wasm function small, so V8 re-compiles only the hot ones with its optimising tier and
// does so quickly.
//
// Inside a function the TBs are laid out in the order jit/layout.ts chooses, loops as wasm
// loops. A sequence of items (TBs or loops) sits in nested blocks, so that item x's code follows
// the end of the block named for it and a forward jump is `br` to that name; a backward jump
// continues the loop of its target, which is always a loop around the jump:
//
//   block exit
//     block tb_{m-1} ... block tb_1 block tb_0
//       br_table tb_.. (entry TB index -> the item holding it)
//     end  item 0 (a TB's code, or: loop  [P_TB is not the header? br_table to the item
//     ...                                   holding it]  items of the loop  end)
//     end  item m-1
//   end
//   epilogue: write back registers, return next pc (or 1 with an exit reason)

import { ModuleBuilder } from '../wasm/module.js';
import { T } from '../wasm/code.js';
import { WASM_PAGES } from '../memory/layout.js';
import { opIndex } from '../riscv/decode.js';
import { RegionEmitter, HelperImportTable, P_TB } from './emitter.js';
import { HELPER_SIGNATURES, type HelperName } from './helper-names.js';
import { EMITTERS } from './insns/index.js';
import { isTerminator, isBranch, isComputedJump, isIndirectCall, controlTargets } from './control.js';
import { layoutFunction, onCycles, firstTB, type FunctionLayout, type LayoutItem } from './layout.js';
import { ExitReason } from './state.js';
import type { RegionPlan, TB } from './plan.js';
import { planAccessGroups } from './access-groups.js';

export interface RegionEntry {
  pc: number;
  /** Index of the exported function ("f0", "f1", ...) holding the TB. */
  func: number;
  /** TB index within that function. */
  tb: number;
}

export interface RegionCode {
  bytes: Uint8Array<ArrayBuffer>;
  helpers: HelperName[];
  funcCount: number;
  entries: RegionEntry[];
}

const JAL = opIndex('jal');
/**
 * At most this many TBs are put into one function for their computed jumps: TurboFan's time
 * grows steeply with a function's size.
 */
const MAX_THREADED_TBS = 256;
/** Computed jumps outside loops that make a function threaded code (isThreaded). */
const MIN_THREADED_JUMPS = 4;

function endsInComputedJump(tb: TB): boolean {
  const last = tb.insns[tb.insns.length - 1]!;
  return !last.fetchFault && !!last.insn && isComputedJump(last.insn);
}

export function emitRegion(plan: RegionPlan): RegionCode {
  const helpers = new HelperImportTable();
  const functions = regionFunctions(plan.tbs);
  const bodies: { emitter: RegionEmitter; body: Uint8Array; unlikely: number[] }[] = [];
  const entries: RegionEntry[] = [];
  functions.forEach((fn, func) => {
    bodies.push(emitFunction(fn, helpers));
    fn.tbs.forEach((tb, k) => void (tb.inlined ? 0 : entries.push({ pc: tb.start, func, tb: k })));
  });

  const m = new ModuleBuilder();
  m.import({ module: 'env', name: 'memory', kind: 'memory', min: WASM_PAGES, max: WASM_PAGES, shared: true });
  for (const h of helpers.used) {
    const sig = HELPER_SIGNATURES[h];
    m.import({ module: 'h', name: h, kind: 'func', type: m.type(sig.params, sig.results) });
  }
  const type = m.type([T.i32, T.i32], [T.i64]);
  bodies.forEach(({ emitter, body, unlikely }, k) => {
    const fn = m.func({ type, locals: emitter.localDecls(), body, unlikely });
    m.export({ name: `f${k}`, kind: 'func', index: fn });
  });
  return { bytes: m.build(), helpers: helpers.used, funcCount: functions.length, entries };
}

/**
 * Groups TBs (sorted by address) into components: a TB joins the TBs it branches or jumps to and
 * the one it falls through to (including the return point after a call), but not a call target.
 * Each component keeps address order.
 */
function components(tbs: TB[]): TB[][] {
  const index = new Map<number, number>();
  tbs.forEach((tb, k) => index.set(tb.start, k));
  const parent = tbs.map((_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  const join = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  tbs.forEach((tb, k) => {
    const last = tb.insns[tb.insns.length - 1]!;
    const next = index.get(tb.end);
    if (!last.insn) return;
    if (next !== undefined && (!isTerminator(last.insn) || controlTargets(last.insn, last.pc).fallsThrough)) join(k, next);
    const isCall = last.insn.op === JAL && last.insn.rd !== 0;
    if (isCall) {
      // A call joins only a callee inlined into the region (plan.ts inlineCallees).
      const j = index.get(last.pc + last.insn.imm);
      if (j !== undefined && tbs[j]!.inlined) join(k, j);
      return;
    }
    for (const t of [...controlTargets(last.insn, last.pc).targets, ...(tb.jumpTargets ?? [])]) {
      const j = index.get(t);
      if (j !== undefined) join(k, j);
    }
  });
  const groups = new Map<number, TB[]>();
  tbs.forEach((tb, k) => {
    const root = find(k);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = []));
    g.push(tb);
  });
  return [...groups.values()];
}

/**
 * Threaded code (an interpreter whose handlers end in computed jumps to each other): the
 * function dispatches its computed jumps itself, inside wasm, rather than leaving for the
 * dispatcher on each. That takes a loop around the whole function body, which costs the other
 * loops of a function (hash: 23% more host instructions, for a switch outside its hot loop), so
 * it is kept to functions with several computed jumps outside any loop; a switch inside a loop
 * (one computed jump, in the loop) still leaves through the dispatcher.
 */
function isThreaded(component: TB[], indexOf: Map<number, number>): boolean {
  // "Outside any loop" of the layout without learned jumps means on no cycle of those jumps, so
  // the answer needs no layout: a function with learned jumps is then laid out once, with them,
  // and components are laid out together only when they are threaded.
  const jumping = component.flatMap((tb, k) => (endsInComputedJump(tb) ? [k] : []));
  if (jumping.length < MIN_THREADED_JUMPS) return false;
  const cyclic = onCycles(component.length, (k) => successors(component[k]!, indexOf, false));
  return jumping.filter((k) => !cyclic[k]).length >= MIN_THREADED_JUMPS;
}

function indexByStart(tbs: TB[]): Map<number, number> {
  const indexOf = new Map<number, number>();
  tbs.forEach((tb, k) => indexOf.set(tb.start, k));
  return indexOf;
}

/** One wasm function of a region: its TBs in layout order (layout.ts), the layout in those positions. */
interface LaidOut {
  tbs: TB[];
  layout: FunctionLayout;
  /** Whether it dispatches its computed jumps itself (isThreaded). */
  threaded: boolean;
  /**
   * Whether its computed jumps go straight to the targets they were seen to take (TB.jumpTargets,
   * laid out as their successors). Not in threaded code, which reaches every TB from its top.
   */
  learned: boolean;
}

/**
 * The region's functions: its components, laid out, except that the components that end in
 * computed jumps are one function when together they are threaded code (a handler's computed
 * jump goes to other handlers, which no static edge connects it to).
 */
function regionFunctions(tbs: TB[]): LaidOut[] {
  const groups = components(tbs);
  const jumping = groups.filter((g) => g.some(endsInComputedJump));
  if (jumping.length >= 2) {
    const joined = jumping.flat().sort((a, b) => a.start - b.start);
    if (joined.length <= MAX_THREADED_TBS) {
      const indexOf = indexByStart(joined);
      if (isThreaded(joined, indexOf)) {
        return [layOut(joined, indexOf, true), ...groups.filter((g) => !g.some(endsInComputedJump)).map((g) => layOut(g))];
      }
    }
  }
  return groups.map((g) => layOut(g));
}

/** Lays out one function; `threaded` when isThreaded has already been asked. */
function layOut(component: TB[], indexOf = indexByStart(component), threaded = isThreaded(component, indexOf)): LaidOut {
  const learned = !threaded && component.some((tb) => tb.jumpTargets);
  const layout = layoutFunction(component.length, (k) => successors(component[k]!, indexOf, learned));
  return { tbs: layout.order.map((k) => component[k]!), layout, threaded, learned };
}

function emitFunction({ tbs, layout, threaded, learned }: LaidOut, helpers: HelperImportTable): { emitter: RegionEmitter; body: Uint8Array; unlikely: number[] } {
  const e = new RegionEmitter(helpers);
  const indexOf = indexByStart(tbs);

  if (!threaded) e.keptInLocals = registersInLoops(tbs, layout);
  const f: FunctionContext = { tbs, indexOf, layout, learned, computedTarget: threaded ? e.newLocal(T.i64) : -1 };
  e.block('exit');
  if (f.computedTarget >= 0) {
    // Computed jumps come back to the top (emitComputedJumps); targets that are not a TB of
    // this function leave through `miss`.
    e.loop('dispatch');
    e.block('miss');
    e.computedJump = () => {
      e.c.set(f.computedTarget);
      e.backwardJumpTo(f.computedTarget);
      e.c.i32Const(COMPUTED).set(P_TB);
      e.br('dispatch');
    };
  }
  emitItems(e, layout.items, undefined, f);
  // Every TB ends in a transfer, so control never reaches here.
  e.c.unreachable();
  if (f.computedTarget >= 0) {
    e.end(); // block miss
    e.c.get(f.computedTarget);
    e.exitToDynamic();
    e.end(); // loop dispatch
  }
  e.end(); // block exit

  const body = e.c.view();
  const pro = e.prologue();
  const epi = e.epilogue();
  const full = new Uint8Array(pro.len + body.length + epi.len);
  full.set(pro.view(), 0);
  full.set(body, pro.len);
  full.set(epi.view(), pro.len + body.length);
  return { emitter: e, body: full, unlikely: e.unlikely.map((at) => pro.len + at) };
}

/**
 * The integer registers the TBs inside the function's loops name, as a mask: bit r for x[r].
 * Every rs1, rs2 and rd field counts, even one that names an FP register or holds immediate bits
 * (an I-type's "rs2"): that only keeps an integer register in a local needlessly, and reading
 * each format's fields exactly measured no better (docs/design.md, tries of 2026-11-30). They
 * stay in locals for the whole function; the rest live in the state block
 * (RegionEmitter.keptInLocals). Threaded code keeps every register in a local: its handlers run in
 * the loop that dispatches its computed jumps, which the layout does not show.
 */
function registersInLoops(tbs: TB[], layout: FunctionLayout): number {
  let mask = 0;
  tbs.forEach((tb, t) => {
    if (layout.loopsAround[t]!.length === 0) return;
    for (const d of tb.insns) if (d.insn) mask |= (1 << d.insn.rs1) | (1 << d.insn.rs2) | (1 << d.insn.rd);
  });
  return mask;
}

interface FunctionContext {
  tbs: TB[];
  indexOf: Map<number, number>;
  layout: FunctionLayout;
  /** LaidOut.learned. */
  learned: boolean;
  /** Local holding the target of a computed jump, or -1 when the function makes none. */
  computedTarget: number;
}

/** P_TB of a computed jump: no TB index, so the entry br_table takes its default. */
const COMPUTED = -1;

/** Whether the loop of `header` holds more than its header TB (so it can be entered elsewhere). */
function multiTB(layout: FunctionLayout, header: number): boolean {
  return layout.loopLast.get(header)! > header;
}

/**
 * The label of the item holding TB `t` in the sequence at loop depth `depth` (0: the function
 * body): `tb<first TB>` of that item, which is t itself or the header of a nested loop.
 */
function itemLabel(layout: FunctionLayout, t: number, depth: number): string {
  return `tb${layout.loopsAround[t]![depth] ?? t}`;
}

/**
 * Emits a sequence of items: the function body (`header` undefined), entered at TB P_TB through
 * a br_table, or the body of the loop of `header`. Each item after the first sits after the end
 * of a block named for its first TB, so a forward jump to it is a `br`. A loop that holds more
 * than its header can be entered at any of its TBs (by the dispatcher, or by a jump from
 * outside into its middle), so its top goes on to the header only when P_TB is the header, and
 * otherwise through a br_table; backward jumps set P_TB to the header first.
 */
function emitItems(e: RegionEmitter, items: LayoutItem[], header: number | undefined, f: FunctionContext): void {
  const { layout } = f;
  for (let x = items.length - 1; x >= 1; x--) e.block(`tb${firstTB(items[x]!)}`);
  if (header === undefined) {
    e.block(`tb${firstTB(items[0]!)}`);
    const computed = f.computedTarget >= 0;
    if (computed) e.block('computed');
    const depths = f.tbs.map((_, t) => e.depth(itemLabel(layout, t, 0)));
    e.c.get(P_TB).brTable(depths, computed ? e.depth('computed') : depths[0]!);
    if (computed) {
      e.end();
      emitComputedJumps(e, f);
    }
    e.end();
  } else if (multiTB(layout, header)) {
    const depth = layout.loopsAround[header]!.length;
    const last = layout.loopLast.get(header)!;
    e.block(`head${header}`);
    // Hinted: every iteration passes this test, and only an entry into the loop's middle takes
    // it; V8 then moves the br_table out of line and the back edge runs straight into the header.
    e.c.get(P_TB).i32Const(header).i32Ne();
    e.unlikelyIf();
    const depths: number[] = [];
    for (let t = header; t <= last; t++) depths.push(t === header ? e.depth(`head${header}`) : e.depth(itemLabel(layout, t, depth)));
    e.c.get(P_TB).i32Const(header).i32Sub().brTable(depths, depths[0]!);
    e.end();
    e.end();
  }
  items.forEach((item, x) => {
    if (x > 0) e.end(); // the block named for this item: its code follows
    if ('tb' in item) {
      emitTB(e, item.tb, f);
    } else {
      e.loop(`loop${item.header}`);
      emitItems(e, item.items, item.header, f);
      e.end();
    }
  });
}

/**
 * The dispatch of computed jumps, at the function's top: a br_table indexed by the target's
 * offset from the function's first TB, in halfwords, straight to the TB's item. Only TBs outside
 * loops, or loops of one TB, are reached this way (a loop of several would need its TB index in
 * P_TB); other targets, and addresses that start no TB here, leave through `miss`.
 */
function emitComputedJumps(e: RegionEmitter, f: FunctionContext): void {
  const { tbs, layout } = f;
  // Not into an inlined callee: it is far away, and entered only by calls.
  const starts = tbs.filter((tb) => !tb.inlined).map((tb) => tb.start);
  const lo = Math.min(...starts), hi = Math.max(...starts);
  const slots = (hi - lo) / 2 + 1;
  e.c.get(f.computedTarget).i64Const(lo).i64Sub().i64Const(slots * 2).i64GeU();
  e.brIf('miss');
  const depths = new Array<number>(slots).fill(e.depth('miss'));
  tbs.forEach((tb, t) => {
    const around = layout.loopsAround[t]!;
    const direct = around.length === 0 || (around.length === 1 && around[0] === t && !multiTB(layout, t));
    if (direct && !tb.inlined) depths[(tb.start - lo) / 2] = e.depth(`tb${t}`);
  });
  e.c.get(f.computedTarget).i32WrapI64().i32Const(lo).i32Sub().i32Const(1).i32ShrU();
  e.c.brTable(depths, e.depth('miss'));
}

/**
 * TB indices a TB's code jumps to within its function: branch and jump targets (calls included:
 * a recursive call may target the function's own start), the fall-through of a branch, or the
 * TB that a block without a transfer runs into. Must cover every `goto` emitTB makes, or a
 * backward one leaves the region instead of looping (correct, but slow).
 */
function successors(tb: TB, indexOf: Map<number, number>, learned: boolean): number[] {
  const last = tb.insns[tb.insns.length - 1]!;
  if (last.fetchFault || !last.insn) return [];
  const targets = isTerminator(last.insn) ? controlTargets(last.insn, last.pc).targets : [tb.end];
  if (isBranch(last.insn)) targets.push(last.pc + last.insn.len);
  if (learned && tb.jumpTargets) targets.push(...tb.jumpTargets);
  const out: number[] = [];
  for (const t of targets) {
    const j = indexOf.get(t);
    if (j !== undefined) out.push(j);
  }
  return out;
}

function emitTB(e: RegionEmitter, k: number, f: FunctionContext): void {
  const { tbs, indexOf, layout } = f;
  const tb = tbs[k]!;
  e.beginTB();
  const around = layout.loopsAround[k]!;
  // The TB index a wasm branch from here reaches for `target`: a later TB, or the header of a loop
  // around this one. Not a TB of this function, or a backward jump successors() did not foresee
  // (the layout makes every foreseen one continue a loop): undefined, through the dispatcher,
  // correct but slow.
  const branchTarget = (target: number): number | undefined => {
    const j = indexOf.get(target);
    return j !== undefined && (j > k || around.includes(j)) ? j : undefined;
  };
  e.goto = (target: number) => {
    const j = branchTarget(target);
    if (j === undefined) {
      e.exitTo(target);
    } else if (j > k) {
      // Forward: leave to the item holding j in the innermost sequence that holds both; when
      // that item is a loop, its top dispatches on P_TB.
      const to = layout.loopsAround[j]!;
      let common = 0;
      while (common < around.length && common < to.length && around[common] === to[common]) common++;
      const loop = to[common];
      if (loop !== undefined && multiTB(layout, loop)) e.c.i32Const(j).set(P_TB);
      e.br(itemLabel(layout, j, common));
    } else {
      // Backward, to the header of a loop around this TB. Counted against the loop budget, so a
      // loop answers the exit request within bounded time.
      e.backwardJump(target);
      if (multiTB(layout, j)) e.c.i32Const(j).set(P_TB);
      e.br(`loop${j}`);
    }
  };
  // The return of an inlined callee goes back to its call sites' return points (jumpTargets).
  // Returning elsewhere it leaves unrecorded: returns are not learned (noteComputedJump would
  // take a return to a caller on the callee's page for a jump target of that page).
  e.returnsInside = !!tb.inlined && !!tb.jumpTargets;
  // A call through a register to callees inlined here (plan.ts inlineCallees).
  const lastInsn = tb.insns[tb.insns.length - 1]!.insn;
  e.callsInside = !!tb.jumpTargets && !!lastInsn && isIndirectCall(lastInsn);
  const leave = e.returnsInside ? () => void e.exitToDynamic() : () => void e.exitComputed();
  if (f.learned) {
    // Targets no wasm branch reaches leave, as `goto` would.
    const near = (tb.jumpTargets ?? []).filter((t) => branchTarget(t) !== undefined);
    e.computedJump = near.length > 0 ? () => emitLearnedJump(e, near, leave) : leave;
  }
  let endsInTransfer = false;
  const grouped = planAccessGroups(tb.insns.map((d) => (d.fetchFault ? null : d.insn)));
  for (const [i, d] of tb.insns.entries()) {
    e.pc = d.pc;
    if (d.fetchFault) {
      e.c.i64Const(d.faultAddr ?? d.pc).set(e.faultAddrLocal);
      e.exitWithReason(ExitReason.FetchFault);
      endsInTransfer = true;
      break;
    }
    if (!d.insn) {
      e.exitWithReason(ExitReason.Illegal);
      endsInTransfer = true;
      break;
    }
    e.insn = d.insn;
    e.grouped = grouped[i];
    EMITTERS[d.insn.op]!(e, d.insn);
    endsInTransfer = isTerminator(d.insn);
  }
  if (!endsInTransfer) {
    // The block ran into another TB's start or the end of the page.
    e.goto(tb.end);
  }
}

/**
 * A computed jump (target on the stack, i64) to the targets it was seen to take: a br_table over
 * their offsets from the lowest, in halfwords (jalr clears bit 0), to a `goto` for each; any
 * other target leaves through `leave` (the dispatcher, recording the jump so that the page's
 * next build knows it, or not for a return).
 */
function emitLearnedJump(e: RegionEmitter, targets: number[], leave: () => void): void {
  const sorted = [...targets].sort((a, b) => a - b);
  const lo = sorted[0]!, hi = sorted[sorted.length - 1]!;
  const slots = (hi - lo) / 2 + 1;
  const t = e.temp(T.i64);
  e.c.set(t);
  e.block('learned-miss');
  for (let x = sorted.length - 1; x >= 0; x--) e.block(`learned${x}`);
  e.c.get(t).i64Const(lo).i64Sub().i64Const(slots * 2).i64GeU();
  e.brIf('learned-miss');
  const depths = new Array<number>(slots).fill(e.depth('learned-miss'));
  sorted.forEach((target, x) => (depths[(target - lo) / 2] = e.depth(`learned${x}`)));
  e.c.get(t).i32WrapI64().i32Const(lo | 0).i32Sub().i32Const(1).i32ShrU();
  e.c.brTable(depths, e.depth('learned-miss'));
  for (const target of sorted) {
    e.end();
    e.goto(target);
  }
  e.end();
  e.c.get(t);
  e.release(T.i64);
  leave();
}
