// Turns a RegionPlan into one WebAssembly module. The region's TBs are split into components —
// blocks connected by branches and fall-through, i.e. roughly the guest's functions, since calls
// do not connect — and each component becomes one wasm function, entered at a TB index through
// a br_table and leaving through one shared exit path. Keeping unrelated functions apart keeps
// each wasm function small, so V8 re-compiles only the hot ones with its optimising tier and
// does so quickly.
//
// Layout of a function body (TB i's code sits between the end of block tb_i and the end of
// block tb_{i+1}, so a forward jump to TB j is `br tb_j`; backward jumps re-enter the dispatch
// loop, except a TB that jumps to its own start, which becomes a wasm loop):
//
//   block exit
//     loop dispatch
//       block tb_{n-1} ... block tb_0
//         br_table tb_0 .. tb_{n-1} (entry)
//       end  TB 0 code
//       ...
//     end  TB n-1 code
//   end
//   epilogue: write back registers, return next pc (or 1 with an exit reason)

import { ModuleBuilder } from '../wasm/module.js';
import { T } from '../wasm/code.js';
import { WASM_PAGES } from '../memory/layout.js';
import { opIndex, type Insn } from '../riscv/decode.js';
import { RegionEmitter, HelperImportTable, P_TB } from './emitter.js';
import { HELPER_SIGNATURES, type HelperName } from './helper-names.js';
import { EMITTERS } from './insns/index.js';
import { isTerminator, controlTargets } from './control.js';
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

export function emitRegion(plan: RegionPlan): RegionCode {
  const helpers = new HelperImportTable();
  const groups = components(plan.tbs);
  const bodies: { emitter: RegionEmitter; body: Uint8Array }[] = [];
  const entries: RegionEntry[] = [];
  groups.forEach((tbs, func) => {
    bodies.push(emitFunction(tbs, helpers));
    tbs.forEach((tb, k) => entries.push({ pc: tb.start, func, tb: k }));
  });

  const m = new ModuleBuilder();
  m.import({ module: 'env', name: 'memory', kind: 'memory', min: WASM_PAGES, max: WASM_PAGES, shared: true });
  for (const h of helpers.used) {
    const sig = HELPER_SIGNATURES[h];
    m.import({ module: 'h', name: h, kind: 'func', type: m.type(sig.params, sig.results) });
  }
  const type = m.type([T.i32, T.i32], [T.i64]);
  bodies.forEach(({ emitter, body }, k) => {
    const fn = m.func({ type, locals: emitter.localDecls(), body });
    m.export({ name: `f${k}`, kind: 'func', index: fn });
  });
  return { bytes: m.build(), helpers: helpers.used, funcCount: groups.length, entries };
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
    if (isCall) return;
    for (const t of controlTargets(last.insn, last.pc).targets) {
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

function emitFunction(tbs: TB[], helpers: HelperImportTable): { emitter: RegionEmitter; body: Uint8Array } {
  const e = new RegionEmitter(helpers);
  const n = tbs.length;
  const indexOf = new Map<number, number>();
  tbs.forEach((tb, k) => indexOf.set(tb.start, k));

  e.block('exit');
  e.loop('dispatch');
  for (let k = n - 1; k >= 0; k--) e.block(`tb${k}`);
  e.c.get(P_TB).brTable(tbs.map((_, k) => k), 0);
  for (let k = 0; k < n; k++) {
    e.end(); // block tb_k: its code follows
    emitTB(e, tbs[k]!, k, indexOf, tbs[k + 1]);
  }
  // The last TB always ends in a transfer, so control never reaches here.
  e.c.unreachable();
  e.end(); // loop
  e.end(); // block exit

  const body = e.c.view();
  const pro = e.prologue();
  const epi = e.epilogue();
  const full = new Uint8Array(pro.len + body.length + epi.len);
  full.set(pro.view(), 0);
  full.set(body, pro.len);
  full.set(epi.view(), pro.len + body.length);
  return { emitter: e, body: full };
}

function emitTB(e: RegionEmitter, tb: TB, k: number, indexOf: Map<number, number>, next: TB | undefined): void {
  const selfLoop = tb.insns.some((d) => d.insn && isTerminator(d.insn) && branchesTo(d.pc, d.insn, tb.start));
  const selfLabel = `self${k}`;
  e.goto = (target: number) => {
    const j = indexOf.get(target);
    if (j === undefined) {
      e.exitTo(target);
    } else if (j > k) {
      e.br(`tb${j}`);
    } else if (j === k && selfLoop) {
      e.backwardJump(target);
      e.br(selfLabel);
    } else {
      // Back to an earlier TB: through the dispatch loop, counting the jump against the loop
      // budget so that a loop spanning several TBs still answers within bounded time.
      e.backwardJump(target);
      e.c.i32Const(j).set(P_TB);
      e.br('dispatch');
    }
  };
  if (selfLoop) e.loop(selfLabel);
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
  if (selfLoop) e.end();
  if (!endsInTransfer) {
    // The block ran into the next TB's start or the end of the page.
    if (next && next.start === tb.end) e.goto(tb.end);
    else e.exitTo(tb.end);
  }
}

/** True when the branch or jal at `pc` targets `start`. */
function branchesTo(pc: number, insn: Insn, start: number): boolean {
  return controlTargets(insn, pc).targets.includes(start);
}
