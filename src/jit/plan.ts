// Finding the translated blocks (TBs) of a region: starting from the known entry points, follow
// every control-flow edge that stays inside the region's page, so one build covers the loops,
// branches and call-return points reachable from those entries.

import { decode, insnLength, type Insn } from '../riscv/decode.js';
import { PAGE_SIZE } from '../memory/layout.js';
import { isTerminator, isBranch, isCall, isComputedJump, controlTargets } from './control.js';

/** Reads guest code. Returns the halfword at `addr`, or -1 if its page is not executable. */
export interface CodeSource {
  fetch16(addr: number): number;
}

export interface DecodedInsn {
  pc: number;
  /** null: illegal encoding. */
  insn: Insn | null;
  /** True when the instruction could not be fetched (page not executable). */
  fetchFault: boolean;
  /** The address whose fetch failed: the pc, or pc + 2 for the second half of a straddling instruction. */
  faultAddr?: number;
}

export interface TB {
  start: number;
  insns: DecodedInsn[];
  /** Address after the last instruction. */
  end: number;
  /**
   * When the TB ends in a computed jump (control.ts isComputedJump): the targets it has been seen
   * to take that start TBs of this plan. A hint for layout and dispatch, never trusted: the
   * generated code compares the jump's actual target with each.
   */
  jumpTargets?: number[];
}

export interface RegionPlan {
  /** Base address of the region's page. */
  base: number;
  /** TBs sorted by start address. */
  tbs: TB[];
  /** True when an instruction straddles into the next page (the region depends on it too). */
  usesNextPage: boolean;
  /** Number of guest instructions translated. */
  insnCount: number;
}

export interface PlanOptions {
  /**
   * Follow every intra-page branch and call target (a complete region), rather than only the
   * path actually being entered: fall-through, direct jumps and loop back-edges (a trace).
   * Traces translate less cold code; the cache uses complete regions when it consolidates.
   */
  complete: boolean;
  /** Upper bound on instructions per region, to bound translation time of pathological pages. */
  maxInsns: number;
  /** The targets a computed jump at `pc` has been seen to take (learned at run time), if any. */
  jumpTargets?: (pc: number) => readonly number[] | undefined;
}

/**
 * `covered`: block starts that other regions of the page already translate. The plan leaves them
 * out: control reaching one of them leaves this region (through the dispatcher).
 */
export function planRegion(
  src: CodeSource, base: number, entries: Iterable<number>, opts: PlanOptions, covered: ReadonlySet<number> = new Set(),
): RegionPlan {
  const limit = base + PAGE_SIZE;
  const starts = new Set<number>();
  const decoded = new Map<number, DecodedInsn>();
  const work: number[] = [];
  let usesNextPage = false;
  const push = (pc: number) => {
    if (pc >= base && pc < limit && !starts.has(pc) && !covered.has(pc)) {
      starts.add(pc);
      work.push(pc);
    }
  };
  for (const e of entries) push(e);

  const decodeAt = (pc: number): DecodedInsn => {
    let d = decoded.get(pc);
    if (d) return d;
    const lo = src.fetch16(pc);
    if (lo < 0) {
      d = { pc, insn: null, fetchFault: true };
    } else if (insnLength(lo) === 2) {
      d = { pc, insn: decode(lo, 0), fetchFault: false };
    } else {
      const hi = src.fetch16(pc + 2);
      if (pc + 2 >= limit) usesNextPage = true;
      // A fault on the second half is raised at the instruction's pc, with the address of the half
      // that could not be fetched (the hardware's stval, Linux's si_addr).
      d = hi < 0 ? { pc, insn: null, fetchFault: true, faultAddr: pc + 2 } : { pc, insn: decode(lo, hi), fetchFault: false };
    }
    decoded.set(pc, d);
    return d;
  };

  const scan = (start: number) => {
    for (let pc = start; pc < limit; ) {
      if (decoded.size >= opts.maxInsns) return;
      if (pc !== start && covered.has(pc)) return; // another region continues from here
      const seen = decoded.has(pc);
      const d = decodeAt(pc);
      if (seen && pc !== start) return; // already scanned from here
      if (!d.insn) return;
      const next = pc + d.insn.len;
      const t = controlTargets(d.insn, pc);
      // A trace follows only where execution must go next: unconditional jumps, and back-edges
      // (loops are hot by nature); forward branch targets and call targets wait until entered.
      const follow = opts.complete || (!t.fallsThrough && !isCall(d.insn)) || isBranch(d.insn);
      for (const target of t.targets) if (follow && (opts.complete || target <= pc || !isBranch(d.insn))) push(target);
      if (isComputedJump(d.insn)) for (const target of opts.jumpTargets?.(pc) ?? []) push(target);
      if (t.fallsThrough) {
        if (isTerminator(d.insn)) push(next);
      } else {
        return;
      }
      pc = next;
    }
  };

  while (work.length) scan(work.pop()!);

  const sorted = [...starts].sort((a, b) => a - b);
  const tbs: TB[] = [];
  let insnCount = 0;
  for (let k = 0; k < sorted.length; k++) {
    const start = sorted[k]!;
    const nextStart = k + 1 < sorted.length ? sorted[k + 1]! : limit;
    const insns: DecodedInsn[] = [];
    let pc = start;
    while (pc < limit) {
      const d = decodeAt(pc);
      insns.push(d);
      if (!d.insn) break;
      pc += d.insn.len;
      if (isTerminator(d.insn) || pc === nextStart || covered.has(pc) || insns.length >= opts.maxInsns) break;
    }
    insnCount += insns.length;
    const tb: TB = { start, insns, end: d_end(insns) };
    const last = insns[insns.length - 1]!;
    if (last.insn && isComputedJump(last.insn)) {
      const learned = (opts.jumpTargets?.(last.pc) ?? []).filter((t) => starts.has(t));
      if (learned.length > 0) tb.jumpTargets = learned;
    }
    tbs.push(tb);
  }
  return { base, tbs, usesNextPage, insnCount };
}

function d_end(insns: DecodedInsn[]): number {
  const last = insns[insns.length - 1]!;
  return last.pc + (last.insn ? last.insn.len : 2);
}
