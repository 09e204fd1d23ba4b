// Turns a RegionPlan into one WebAssembly module: a single function holding every TB of the
// region, entered at a TB index through a br_table and leaving through one shared exit path.
//
// Layout of the function body (TB i's code sits between the end of block tb_i and the end of
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
import { opIndex } from '../riscv/decode.js';
import { RegionEmitter, P_TB } from './emitter.js';
import { HELPER_SIGNATURES, type HelperName } from './helper-names.js';
import { EMITTERS } from './insns/index.js';
import { isTerminator } from './control.js';
import { ExitReason } from './state.js';
import type { RegionPlan, TB } from './plan.js';

export interface RegionCode {
  bytes: Uint8Array<ArrayBuffer>;
  helpers: HelperName[];
  /** TB start addresses; the TB index of an entry is its position here. */
  tbStarts: number[];
}

export function emitRegion(plan: RegionPlan): RegionCode {
  const e = new RegionEmitter();
  const tbs = plan.tbs;
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

  const m = new ModuleBuilder();
  m.import({ module: 'env', name: 'memory', kind: 'memory', min: WASM_PAGES, max: WASM_PAGES, shared: true });
  for (const h of e.helpersUsed) {
    const sig = HELPER_SIGNATURES[h];
    m.import({ module: 'h', name: h, kind: 'func', type: m.type(sig.params, sig.results) });
  }
  const fn = m.func({ type: m.type([T.i32, T.i32], [T.i64]), locals: e.localDecls(), body: full });
  m.export({ name: 'run', kind: 'func', index: fn });
  return { bytes: m.build(), helpers: e.helpersUsed, tbStarts: tbs.map((t) => t.start) };
}

function emitTB(e: RegionEmitter, tb: TB, k: number, indexOf: Map<number, number>, next: TB | undefined): void {
  const selfLoop = tb.insns.some((d) => d.insn && isTerminator(d.insn) && branchesTo(d.pc, d.insn.imm, d.insn.op, tb.start));
  const selfLabel = `self${k}`;
  e.goto = (target: number) => {
    const j = indexOf.get(target);
    if (j === undefined) {
      e.exitTo(target);
    } else if (j > k) {
      e.br(`tb${j}`);
    } else if (j === k && selfLoop) {
      e.pollExitRequest(target);
      e.br(selfLabel);
    } else {
      // Back to an earlier TB: through the dispatch loop, polling the exit request so that a
      // loop spanning several TBs still answers within bounded time.
      e.pollExitRequest(target);
      e.c.i32Const(j).set(P_TB);
      e.br('dispatch');
    }
  };
  if (selfLoop) e.loop(selfLabel);
  let endsInTransfer = false;
  for (const d of tb.insns) {
    e.pc = d.pc;
    if (d.fetchFault) {
      e.c.i64Const(d.pc).set(e.faultAddrLocal);
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
function branchesTo(pc: number, imm: number, op: number, start: number): boolean {
  return JUMP_OPS.has(op) && pc + imm === start;
}

const JUMP_OPS = new Set(['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu', 'jal'].map(opIndex));
