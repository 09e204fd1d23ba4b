// Finding the translated blocks (TBs) of a region: starting from the known entry points, follow
// every control-flow edge that stays inside the region's page, so one build covers the loops,
// branches and call-return points reachable from those entries.

import { decode, insnLength, opIndex, type Insn } from '../riscv/decode.js';
import { PAGE_SIZE } from '../memory/layout.js';
import { isTerminator, isBranch, isCall, isComputedJump, controlTargets } from './control.js';

const JAL = opIndex('jal');
const JALR = opIndex('jalr');

/** Reads guest code. Returns the halfword at `addr`, or -1 if its page is not executable. */
export interface CodeSource {
  fetch16(addr: number): number;
  /**
   * The 32-bit word at `addr` (a multiple of 4) read at once, unsigned, or -1 if its page is not
   * executable. Another thread may be rewriting the instruction there (cross-modifying code):
   * reading its halves apart could decode a mix of the old and the new word, which no hart
   * would ever execute.
   */
  fetch32?(addr: number): number;
}

export interface DecodedInsn {
  pc: number;
  /** null: illegal encoding. */
  insn: Insn | null;
  /** True when the instruction could not be fetched (page not executable). */
  fetchFault: boolean;
  /** The address whose fetch failed: the pc, or pc + 2 for the second half of a straddling instruction. */
  faultAddr?: number;
  /** The bits fetched (an illegal encoding's too), 16 or 32 of them as `size` says; not for a fetch fault. */
  bits?: number;
  size?: 2 | 4;
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
  /**
   * Set on the TBs of a callee inlined from another page (inlineCallees). They are no entry
   * points of the region: only its calls reach them.
   */
  inlined?: true;
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
  /** Address ranges [start, end) of the callees inlined from other pages. */
  inlined: { start: number; end: number }[];
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
  /**
   * Whether a function at `pc` on another page, called from this one, is worth inlining (it has
   * run often). Only complete plans inline (inlineCallees).
   */
  inlineCallee?: (pc: number) => boolean;
  /** Told of a callee that could be inlined but is not worth it yet. */
  inlineLater?: (pc: number) => void;
  /** The targets a call through a register at `pc` has been seen to take, if any. */
  callTargets?: (pc: number) => readonly number[] | undefined;
  /** Memo of planCallee's verdicts by entry, kept by the caller across plans. */
  inlinable?: { get(pc: number): boolean | undefined; set(pc: number, value: boolean): void };
  /** Pages the plan covers, from `base` (1 but for an inlined callee, which may cross into the next). */
  pages?: number;
  /**
   * Leave out the code after calls (an inlined callee: its calls leave the region, and their
   * return points, which it does not export, could only be entered from the dispatcher).
   */
  stopAtCalls?: boolean;
}

/**
 * `covered`: block starts that other regions of the page already translate. The plan leaves them
 * out: control reaching one of them leaves this region (through the dispatcher).
 */
export function planRegion(
  src: CodeSource, base: number, entries: Iterable<number>, opts: PlanOptions, covered: ReadonlySet<number> = new Set(),
): RegionPlan {
  const limit = base + PAGE_SIZE * (opts.pages ?? 1);
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

  const fetchInsn = (pc: number): DecodedInsn => {
    // An aligned word is read at once where the source can (CodeSource.fetch32); it cannot
    // straddle the page's end.
    const word = (pc & 3) === 0 && src.fetch32 ? src.fetch32(pc) : -1;
    const lo = word >= 0 ? word & 0xffff : src.fetch16(pc);
    if (lo < 0) return { pc, insn: null, fetchFault: true };
    if (insnLength(lo) === 2) return { pc, insn: decode(lo, 0), fetchFault: false, bits: lo, size: 2 };
    let hi = word >>> 16;
    if (word < 0) {
      hi = src.fetch16(pc + 2);
      if (pc + 2 >= limit) usesNextPage = true;
      // A fault on the second half is raised at the instruction's pc, with the address of the
      // half that could not be fetched (the hardware's stval, Linux's si_addr).
      if (hi < 0) return { pc, insn: null, fetchFault: true, faultAddr: pc + 2 };
    }
    return { pc, insn: decode(lo, hi), fetchFault: false, bits: (lo | (hi << 16)) >>> 0, size: 4 };
  };
  const decodeAt = (pc: number): DecodedInsn => {
    let d = decoded.get(pc);
    if (!d) decoded.set(pc, (d = fetchInsn(pc)));
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
      if (t.fallsThrough && !(opts.stopAtCalls && isCall(d.insn))) {
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
  const plan: RegionPlan = { base, tbs, usesNextPage, insnCount, inlined: [] };
  if (opts.complete && opts.inlineCallee) inlineCallees(src, plan, starts, opts);
  return plan;
}

/** Callees inlined into one region, at most. */
const MAX_INLINED_CALLEES = 8;
/** Instructions of one inlined callee, at most (glibc's memcmp has 272). */
const MAX_INLINED_INSNS = 320;

/**
 * Inlines the small functions on other pages that the plan's calls go to, when they have run
 * often: a call and its return then stay inside the caller's wasm function instead of being two
 * dispatcher round trips, each writing back and reloading the registers of both functions. (In
 * a string-heavy C program nearly every dispatch was a call to memcmp or memset or its return.)
 * The callee's TBs join the plan marked `inlined`; each of its returns (`jalr x0, 0(link)`)
 * gets the call sites' return points as its jump targets, so that it branches back to whichever
 * it was called from, comparing the actual address as any learned jump does. Anything else the
 * callee does that leaves its code (a call of its own, a system call, a computed jump) leaves
 * for the dispatcher as in any region, which continues in the callee's own translation: the
 * inlined TBs are never entry points.
 *
 * When the callee's code changes, the region goes with the callee's own translations: every
 * invalidation of its bytes (munmap, mprotect, mmap over it, riscv_flush_icache) also retires
 * the regions that inlined them, and fence.i compares the inlined bytes too
 * (TranslationCache.invalidateRange, TranslationRegion.overlaps and matches).
 */
function inlineCallees(src: CodeSource, plan: RegionPlan, starts: ReadonlySet<number>, opts: PlanOptions): void {
  const base = plan.base;
  const returnsTo = new Map<number, { link: number; returns: number[] }[]>();
  /** Calls through a register: TB index -> the learned targets to inline. */
  const indirect = new Map<number, number[]>();
  plan.tbs.forEach((tb, k) => {
    const last = tb.insns[tb.insns.length - 1]!;
    const insn = last.insn;
    if (!insn || (insn.op !== JAL && insn.op !== JALR) || (insn.rd !== 1 && insn.rd !== 5)) return;
    const ret = last.pc + insn.len;
    if (!starts.has(ret)) return;
    // A direct call's target, or those a call through a register was seen to take.
    const targets = insn.op === JAL ? [last.pc + insn.imm] : [...(opts.callTargets?.(last.pc) ?? [])];
    for (const target of targets) {
      if (target >= base && target < base + PAGE_SIZE) continue;
      if (insn.op === JALR) indirect.set(k, [...(indirect.get(k) ?? []), target]);
      let sites = returnsTo.get(target);
      if (!sites) returnsTo.set(target, (sites = []));
      const site = sites.find((x) => x.link === insn.rd);
      if (site) site.returns.push(ret);
      else sites.push({ link: insn.rd, returns: [ret] });
    }
  });
  const inlinedEntries = new Set<number>();
  let count = 0;
  for (const [entry, sites] of [...returnsTo].sort((a, b) => a[0] - b[0])) {
    if (count >= MAX_INLINED_CALLEES) break;
    // One link register per callee: its returns are recognised by it.
    if (sites.length !== 1 || opts.inlinable?.get(entry) === false) continue;
    const worthIt = opts.inlineCallee!(entry);
    const callee = planCallee(src, entry, base);
    opts.inlinable?.set(entry, callee !== null);
    // Code shared with a callee already inlined (one tail-jumping into the other) would be two
    // TBs at one address.
    if (!callee || plan.inlined.some((x) => callee.start < x.end && callee.end > x.start)) continue;
    if (!worthIt) {
      opts.inlineLater?.(entry);
      continue;
    }
    const link = sites[0]!.link;
    const returns = [...new Set(sites[0]!.returns)];
    for (const tb of callee.tbs) {
      const last = tb.insns[tb.insns.length - 1]!.insn!;
      const isReturn = last.op === JALR && last.rd === 0 && last.rs1 === link && last.imm === 0;
      plan.tbs.push({ ...tb, inlined: true, ...(isReturn ? { jumpTargets: returns } : {}) });
    }
    plan.insnCount += callee.insnCount;
    plan.inlined.push({ start: callee.start, end: callee.end });
    inlinedEntries.add(entry);
    count++;
  }
  // A call through a register branches to the callees inlined for it when its target is one
  // of them (a learned jump: the address is compared), and leaves through the dispatcher else.
  for (const [k, targets] of indirect) {
    const inl = targets.filter((t) => inlinedEntries.has(t));
    if (inl.length > 0) plan.tbs[k] = { ...plan.tbs[k]!, jumpTargets: inl };
  }
  if (count > 0) plan.tbs.sort((a, b) => a.start - b.start);
}

/**
 * Plans the function at `entry` for inlining into the region at `avoid` (a page base): its code
 * on the entry's page and the next (not the region's own page), every instruction fetchable and
 * legal, at most MAX_INLINED_INSNS of them, no call it comes back from. Null when it is not
 * such a function.
 */
function planCallee(src: CodeSource, entry: number, avoid: number): { tbs: TB[]; insnCount: number; start: number; end: number } | null {
  const qBase = entry - (entry % PAGE_SIZE);
  const pages = qBase + PAGE_SIZE === avoid ? 1 : 2;
  const sub = planRegion(src, qBase, [entry], { complete: true, maxInsns: MAX_INLINED_INSNS + 1, pages, stopAtCalls: true });
  if (sub.usesNextPage || sub.insnCount > MAX_INLINED_INSNS) return null;
  let start = Infinity, end = 0;
  for (const tb of sub.tbs) {
    if (tb.insns.some((d) => !d.insn)) return null;
    start = Math.min(start, tb.start);
    end = Math.max(end, tb.end);
  }
  // A leaf, but for calls that do not come back (glibc's memcmp ends in a call of
  // __stack_chk_fail): a call in the middle of the callee makes its own round trips anyway,
  // and formatting functions (snprintf into vfprintf) made inlining cost more than it saved.
  for (const tb of sub.tbs) for (const d of tb.insns) if (isCall(d.insn!) && d.pc + d.insn!.len < end) return null;
  return { tbs: sub.tbs, insnCount: sub.insnCount, start, end };
}

function d_end(insns: DecodedInsn[]): number {
  const last = insns[insns.length - 1]!;
  return last.pc + (last.insn ? last.insn.len : 2);
}
