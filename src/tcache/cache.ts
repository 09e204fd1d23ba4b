// One vCPU's translation cache: the regions of each guest page, the wasm function table that
// holds their code, and the jump cache the dispatcher probes.
//
// A region is immutable once published. A page's code is normally one region; when the page is
// entered at a point no region covers, a small region is built for just the code reachable from
// there (jumps into the older regions leave through the dispatcher). Once a page has collected
// CONSOLIDATE_AT regions, they are replaced by one region built from all their entry points, so
// hot pages end up with their blocks linked inside one module without re-translating a page at
// every new entry. Invalidation retires every region of the affected pages.

import { GEN_TABLE, GUEST_LIMIT, PAGE_SHIFT, PAGE_SIZE, PERM_TABLE, PERM_X } from '../memory/layout.js';
import { HOT_SLOTS, JC_ENTRIES, JC_ENTRY_BYTES, S_HOT, S_JC, jcIndex } from '../jit/state.js';
import { planRegion, type CodeSource, type PlanOptions, type TB } from '../jit/plan.js';
import { emitRegion } from '../jit/compile-region.js';
import { fpConfig } from '../jit/insns/fp.js';
import type { HelperImports } from '../jit/helpers.js';
import { TranslationRegion, memoryHolds } from './region.js';
import { CacheStats } from './stats.js';
import { elapsedMs } from '../host/elapsed.js';
import { CALLEE_HOT_THRESHOLD } from '../vcpu/dispatcher.js';
import { pageSum, type PublishedRegion, type RegionRecipe, type SharedRegions } from './shared-regions.js';

export interface CacheOptions extends PlanOptions {
  /** Number of regions a page may collect before they are rebuilt as one. */
  consolidateAt: number;
}

export const DEFAULT_CACHE_OPTIONS: CacheOptions = { complete: false, maxInsns: 2048, consolidateAt: 32 };

/** Result of looking up a guest pc: where to enter, or that the fetch faults. */
export type Lookup = { slot: number; tb: number } | null;

const EMPTY = -1; // jump-cache key -1 (both words): odd, so no guest pc matches it
/** Targets remembered per computed jump: a switch's cases, an interpreter's handlers. */
const MAX_JUMP_TARGETS = 64;
/** Targets remembered per call through a register. */
const MAX_CALL_TARGETS = 2;
/** Dispatcher entries into a callee's function before a page being built inlines it. */
const INLINE_AT_BUILD = 16384;
/** Rebuilds of one page to inline callees that turned hot after its complete build. */
const MAX_INLINING_REBUILDS = 2;
/** Rebuilds of one page for computed-jump targets learned after its complete build. */
const MAX_LEARNING_REBUILDS = 4;
/**
 * RVJIT_MEASURE_NO_SHARING=1 makes every vCPU build its own regions, never adopting another's:
 * for measuring what sharing translations saves (docs/design.md), not for use.
 */
const ADOPT_REGIONS = globalThis.process?.env?.RVJIT_MEASURE_NO_SHARING !== '1';
/** Published regions of a page looked at, newest first, before building one instead. */
const MAX_ADOPTION_CANDIDATES = 16;

export class TranslationCache {
  /** Guest page index -> the live regions translated from it (oldest first). */
  readonly pages = new Map<number, TranslationRegion[]>();
  readonly table: WebAssembly.Table;
  readonly stats = new CacheStats();
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  private readonly u8: Uint8Array;
  private readonly u32: Uint32Array;
  private readonly jc: Int32Array;
  private readonly hotCounts: Int32Array;
  private readonly code: CodeSource;
  /**
   * Page -> computed jump pc -> the targets on that page it has been seen to take
   * (noteComputedJump). Hints for the page's next build, forgotten when its code changes.
   */
  private readonly jumpTargets = new ByPage<number[]>();
  private readonly targetsOf = (pc: number): readonly number[] | undefined => this.jumpTargets.get(pc);
  /** Pages whose complete region predates targets learned since (rebuilt when hot again). */
  private readonly learnedSince = new Set<number>();
  private readonly learningRebuilds = new Map<number, number>();
  /** Entry points of functions the dispatcher found very hot (hot()): worth inlining. */
  private readonly hotEntries = new Set<number>();
  /**
   * Page -> the pages with regions that inlined code from it (plan.ts inlineCallees), so that
   * invalidating the page finds them. Never pruned: a stale entry costs one more page to look at.
   */
  private readonly inlinedInto = new Map<number, Set<number>>();
  /** Page -> rebuilds it had (or is due) because a callee turned hot (rebuildWhenHotAgain). */
  private readonly rebuildsToInline = new Map<number, number>();
  /** Callee entry -> pages whose complete build found it not yet worth inlining. */
  private readonly inlineLater = new Map<number, Set<number>>();
  /**
   * Entry -> whether the function there can be inlined (plan.ts planCallee), so that each is
   * planned once. Forgotten when its page's code changes.
   */
  private readonly inlinable = new ByPage<boolean>();
  /** Call-through-register pc -> the targets it was seen to take (noteIndirectCall). */
  private readonly callTargets = new ByPage<number[]>();
  /** Pages whose code changed while this cache had regions of them (retireChanged): not published. */
  private readonly churned = new Set<number>();
  /**
   * Tells this cache's records apart from other vCPUs' in the shared store: random, as the caches
   * of a process live in several JS threads (a clash would only forgo an adoption).
   */
  private readonly publisher = Math.floor(Math.random() * 2 ** 52);
  /** Debug hook: receives every region's wasm before it is compiled. */
  dump: ((base: number, bytes: Uint8Array) => void) | null = null;

  constructor(
    private readonly memory: WebAssembly.Memory,
    stateBase: number,
    private readonly helpers: HelperImports,
    private readonly options: CacheOptions = DEFAULT_CACHE_OPTIONS,
    /** Where this process's vCPUs offer each other their translations (none: build everything here). */
    private readonly shared: SharedRegions | null = null,
  ) {
    this.table = new WebAssembly.Table({ initial: 256, element: 'anyfunc' });
    fpConfig.fusedMultiplyAdd = helpers.fusedMultiplyAdd;
    this.u8 = new Uint8Array(memory.buffer);
    this.u32 = new Uint32Array(memory.buffer);
    this.jc = new Int32Array(memory.buffer, stateBase + S_JC, (JC_ENTRIES * JC_ENTRY_BYTES) / 4);
    this.hotCounts = new Int32Array(memory.buffer, stateBase + S_HOT, HOT_SLOTS);
    this.hotCounts.fill(0);
    const u8 = this.u8, u32 = this.u32, u16 = new Uint16Array(memory.buffer);
    this.code = {
      fetch16(addr: number): number {
        if (addr < 0 || addr + 2 > GUEST_LIMIT) return -1;
        if ((u8[PERM_TABLE + (addr >>> PAGE_SHIFT)]! & PERM_X) === 0) return -1;
        return addr % 2 === 0 ? u16[addr >>> 1]! : u8[addr]! | (u8[addr + 1]! << 8);
      },
      fetch32(addr: number): number {
        if (addr < 0 || addr + 4 > GUEST_LIMIT) return -1;
        if ((u8[PERM_TABLE + (addr >>> PAGE_SHIFT)]! & PERM_X) === 0) return -1;
        return u32[addr >>> 2]!;
      },
    };
    this.flushJumpCache();
  }

  /** Number of live regions (for statistics and tests). */
  get regionCount(): number {
    let n = 0;
    for (const list of this.pages.values()) n += list.length;
    return n;
  }

  private generation(page: number): number {
    return this.u32[(GEN_TABLE >>> 2) + page]!;
  }

  private isCurrent(r: TranslationRegion): boolean {
    if (this.generation(r.page) !== r.generation) return false;
    return r.nextGeneration < 0 || this.generation(r.page + 1) === r.nextGeneration;
  }

  /**
   * Finds (building if needed) the region and TB for `pc` and installs it in the jump cache.
   * Returns null when `pc` cannot be fetched (not mapped executable, or odd).
   */
  lookup(pc: number): Lookup {
    return this.find(pc, true);
  }

  /** Whether `pc` can be fetched for execution (mapped executable and even). */
  fetchable(pc: number): boolean {
    return pc >= 0 && pc < GUEST_LIMIT && pc % 2 === 0 && this.code.fetch16(pc) >= 0;
  }

  /**
   * Finds the region and TB for `pc` among the current regions and installs it in the jump
   * cache; builds one when `build` is set. Returns null when there is none (or `pc` cannot be
   * fetched).
   */
  find(pc: number, build = false): Lookup {
    const page = pc >>> PAGE_SHIFT;
    let list = this.pages.get(page);
    // The interpreter asks at every block start; most pages it runs have no regions at all.
    if (!list && !build) return null;
    if (!this.fetchable(pc)) return null;
    if (list && list.some((r) => !this.isCurrent(r))) {
      this.retireChanged(page);
      list = undefined;
    }
    let entry: readonly [number, number] | undefined;
    for (const r of list ?? []) {
      entry = r.entryPoints.get(pc);
      if (entry) break;
    }
    if (!entry) {
      if (!build) return null;
      const region = list && list.length + 1 >= this.options.consolidateAt ? this.consolidate(page, pc, list) : this.build(page, [pc], list ?? []);
      entry = region.entryPoints.get(pc)!;
    }
    const [slot, tb] = entry;
    this.install(pc, slot, tb);
    return { slot, tb };
  }

  /**
   * Builds a region for `entries`, leaving out code the page's other regions already hold — or
   * adopts one another vCPU of the process built for them (adopt).
   */
  private build(page: number, entries: number[], others: TranslationRegion[], complete = this.options.complete, mayAdopt = true): TranslationRegion {
    const t0 = elapsedMs();
    const adopted = mayAdopt ? this.adopt(page, entries, complete) : null;
    if (adopted) {
      const region = this.materialize(adopted.recipe, adopted.wasm, adopted.snapshot, adopted.inlinedBytes, t0);
      this.stats.adopted++;
      return region;
    }
    const base = (page << PAGE_SHIFT) >>> 0;
    const covered = new Set<number>();
    for (const r of others) for (const s of r.entryPoints.keys()) covered.add(s);
    const plan = planRegion(this.code, base, entries, {
      ...this.options, complete, jumpTargets: this.targetsOf,
      inlineCallee: (pc) => this.worthInlining(pc), inlineLater: (pc) => this.inlineWhenHot(pc, page), inlinable: this.inlinable,
      callTargets: (pc) => this.callTargets.get(pc),
    }, covered);
    const t1 = elapsedMs();
    const code = emitRegion(plan);
    const t2 = elapsedMs();
    this.dump?.(base, code.bytes);
    // What only publishing needs (the hints, the pages' execute bits, the checksum) is filled in
    // below when the region is published.
    const recipe: RegionRecipe = {
      page, entries, complete, usesNextPage: plan.usesNextPage, exports: code.entries.map((x) => [x.pc, x.func, x.tb]),
      funcCount: code.funcCount, helpers: code.helpers, inlined: plan.inlined, pagePerms: [], tbs: plan.tbs.length, insns: plan.insnCount,
      jumpHints: [], callHints: [], publisher: this.publisher, pageSum: 0,
    };
    const snapshot = this.u8.slice(base, plan.usesNextPage ? base + PAGE_SIZE + 2 : base + PAGE_SIZE);
    const inlinedBytes = plan.inlined.map(({ start, end }) => this.u8.slice(start, end));
    const region = this.materialize(recipe, code.bytes, snapshot, inlinedBytes, t2);
    // Code that has changed here may well change again (a guest JIT, self-modifying code): its
    // regions are not worth offering.
    if (this.shared?.active && !this.churned.has(page)) {
      recipe.pagePerms = this.pagePerms(recipe);
      if (this.madeFrom(plan.tbs, snapshot, base, recipe, inlinedBytes)) {
        recipe.jumpHints = this.jumpTargets.copyOfPage(page);
        recipe.callHints = this.callTargets.copyOfPage(page);
        recipe.pageSum = pageSum(snapshot, 0);
        this.shared.publish({ recipe, wasm: code.bytes, snapshot, inlinedBytes });
      }
    }
    this.stats.planMs += t1 - t0;
    this.stats.emitMs += t2 - t1;
    this.stats.translateMs += t2 - t0;
    this.stats.tbs += plan.tbs.length;
    this.stats.insns += plan.insnCount;
    this.stats.inlined += plan.inlined.length;
    this.stats.wasmBytes += code.bytes.length;
    return region;
  }

  /**
   * Whether a plan was made from exactly the bytes and permissions recorded after it: another
   * thread may have rewritten code (or changed a page's permissions) while it was planned, and a
   * vCPU adopting the region checks memory against the record, not against the plan.
   */
  private madeFrom(tbs: readonly TB[], snapshot: Uint8Array, base: number, recipe: RegionRecipe, inlinedBytes: Uint8Array[]): boolean {
    const perm = new Map(recipe.pagePerms);
    const byte = (a: number): number => {
      if (a >= base && a < base + snapshot.length) return snapshot[a - base]!;
      const k = recipe.inlined.findIndex((r) => a >= r.start && a < r.end);
      return k < 0 ? -1 : inlinedBytes[k]![a - recipe.inlined[k]!.start]!;
    };
    const executable = (a: number) => (perm.get(a >>> PAGE_SHIFT) ?? 0) !== 0;
    for (const tb of tbs) {
      for (const d of tb.insns) {
        if (d.fetchFault) {
          if (executable(d.faultAddr ?? d.pc)) return false;
          continue;
        }
        const size = d.size ?? 0;
        if (!executable(d.pc) || !executable(d.pc + size - 1)) return false;
        let bits = 0;
        for (let i = size - 1; i >= 0; i--) {
          const b = byte(d.pc + i);
          if (b < 0) return false;
          bits = bits * 256 + b;
        }
        if (bits !== d.bits) return false;
      }
    }
    return true;
  }

  /** The pages whose code a region was made from, with the execute bit each had. */
  private pagePerms(r: Pick<RegionRecipe, 'page' | 'usesNextPage' | 'inlined'>): [number, number][] {
    const pages = new Set([r.page, ...pagesOf(r.inlined)]);
    if (r.usesNextPage) pages.add(r.page + 1);
    return [...pages].map((q) => [q, this.u8[PERM_TABLE + q]! & PERM_X]);
  }

  /**
   * A region another vCPU published for this page, when it serves: it has every entry wanted
   * (and is complete if that is wanted), was planned with every hint (jump and call targets) this
   * vCPU has learned for the page, and memory still holds the bytes it was made from, with the
   * same pages executable. It is then the region this vCPU would have built from those bytes.
   */
  private adopt(page: number, entries: number[], complete: boolean): PublishedRegion | null {
    if (!this.shared || !ADOPT_REGIONS) return null;
    let sum = -1, looked = 0;
    for (const { recipe, exports, load } of this.shared.published(page)) {
      if (++looked > MAX_ADOPTION_CANDIDATES) break;
      // Its own records are translations it had, and is building again for a reason.
      if (recipe.publisher === this.publisher) continue;
      if (complete && !recipe.complete) continue;
      if (!entries.every((pc) => exports.has(pc))) continue;
      if (!this.jumpTargets.coveredBy(page, recipe.jumpHints) || !this.callTargets.coveredBy(page, recipe.callHints)) continue;
      if (recipe.pagePerms.some(([q, x]) => (this.u8[PERM_TABLE + q]! & PERM_X) !== x)) continue;
      if (sum < 0) sum = pageSum(this.u8, (page << PAGE_SHIFT) >>> 0);
      if (recipe.pageSum !== sum) continue;
      const r = load();
      const inlined = recipe.inlined.map(({ start }, i) => ({ start, bytes: r.inlinedBytes[i]! }));
      if (!memoryHolds(this.u8, (page << PAGE_SHIFT) >>> 0, r.snapshot, inlined)) continue;
      // Take its hints as learned here: learning one of them again would ask for a rebuild of
      // the page that its region already is.
      this.jumpTargets.merge(recipe.jumpHints, MAX_JUMP_TARGETS);
      this.callTargets.merge(recipe.callHints, MAX_CALL_TARGETS);
      return r;
    }
    return null;
  }

  /**
   * Compiles and instantiates a region's wasm, fills its table slots and files it under its page;
   * `t2`: when the wasm was ready (the statistics count compiling from there).
   */
  private materialize(recipe: RegionRecipe, wasm: Uint8Array, snapshot: Uint8Array, inlinedBytes: Uint8Array[], t2: number): TranslationRegion {
    const { page } = recipe;
    const module = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
    const t3 = elapsedMs();
    const imports: Record<string, Function> = {};
    for (const h of recipe.helpers) imports[h] = this.helpers.functions[h as keyof HelperImports['functions']];
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory }, h: imports });
    const slots: number[] = [];
    for (let f = 0; f < recipe.funcCount; f++) {
      const slot = this.allocSlot();
      this.table.set(slot, instance.exports[`f${f}`] as Function);
      slots.push(slot);
    }
    const entryPoints = new Map<number, readonly [number, number]>();
    for (const [pc, func, tb] of recipe.exports) entryPoints.set(pc, [slots[func]!, tb]);
    const region = new TranslationRegion(
      page,
      this.generation(page),
      recipe.usesNextPage ? this.generation(page + 1) : -1,
      entryPoints,
      slots,
      snapshot,
      recipe.entries,
      recipe.complete,
      recipe.inlined.map(({ start }, i) => ({ start, bytes: inlinedBytes[i]! })),
    );
    for (const q of pagesOf(recipe.inlined)) {
      let callers = this.inlinedInto.get(q);
      if (!callers) this.inlinedInto.set(q, (callers = new Set()));
      callers.add(page);
    }
    const list = this.pages.get(page) ?? [];
    list.push(region);
    this.pages.set(page, list);
    const t4 = elapsedMs();
    this.stats.built++;
    this.stats.compileMs += t3 - t2;
    this.stats.instantiateMs += t4 - t3;
    this.stats.translateMs += t4 - t2;
    return region;
  }

  /**
   * Replaces a page's regions by one complete region built from all their entry points plus
   * `pc`: every branch and call target inside the page is then a jump within wasm.
   */
  private consolidate(page: number, pc: number, list: TranslationRegion[]): TranslationRegion {
    const entries = [...new Set([...list.flatMap((r) => r.entries), pc])];
    // A rebuild for what this vCPU learned since (targets, hot callees to inline) must plan
    // afresh: a published region of the page would lack it.
    const learned = this.learnedSince.delete(page);
    this.retirePage(page);
    this.stats.rebuilt++;
    return this.build(page, entries, [], true, !learned);
  }

  /**
   * The dispatcher found a region function hot (entered HOT_THRESHOLD times): if its page is
   * still split over several regions, or was translated as traces, rebuild it complete. Entered
   * CALLEE_HOT_THRESHOLD times, a function is also worth inlining into the pages that call it.
   */
  hot(pc: number): void {
    const callers = this.inlineLater.get(pc);
    if (this.entryCount(pc) >= CALLEE_HOT_THRESHOLD) {
      this.hotEntries.add(pc);
      this.inlineLater.delete(pc);
      for (const p of callers ?? []) this.rebuildWhenHotAgain(p);
    }
    const page = pc >>> PAGE_SHIFT;
    const list = this.pages.get(page);
    const learned = this.learnedSince.has(page);
    if (!list || (list.length === 1 && list[0]!.complete && !learned)) return;
    if (learned) this.learningRebuilds.set(page, (this.learningRebuilds.get(page) ?? 0) + 1);
    const region = this.consolidate(page, pc, list);
    const entry = region.entryPoints.get(pc);
    if (entry) this.install(pc, entry[0], entry[1]);
  }

  /**
   * A computed jump at `from` went to `to` (seen by the interpreter, or by the dispatcher missing
   * in the jump cache for `to`). Jumps within a page are remembered, so that the page's next
   * build dispatches them inside wasm instead of through the dispatcher.
   */
  noteComputedJump(from: number, to: number): void {
    if (from & 1) {
      this.noteIndirectCall(from - 1, to);
      return;
    }
    const page = from >>> PAGE_SHIFT;
    if (page !== to >>> PAGE_SHIFT) return;
    let list = this.jumpTargets.get(from);
    if (!list) this.jumpTargets.set(from, (list = []));
    if (list.length >= MAX_JUMP_TARGETS || list.includes(to)) return;
    list.push(to);
    // The page's complete region cannot use the new target. Rebuild it once the target's entries
    // from the dispatcher show the jump is hot (hot()): restart their count.
    const regions = this.pages.get(page);
    if (regions?.length !== 1 || !regions[0]!.complete || (this.learningRebuilds.get(page) ?? 0) >= MAX_LEARNING_REBUILDS) return;
    const entry = regions[0]!.entryPoints.get(to);
    if (!entry) return;
    this.learnedSince.add(page);
    this.hotCounts[entry[0] & (HOT_SLOTS - 1)] = 0;
  }

  /**
   * A call through a register at `from` went to `to` (marked by bit 0 of `from` in
   * noteComputedJump). The first MAX_CALL_TARGETS targets are remembered as candidates for
   * inlining into the caller's page (plan.ts inlineCallees), which is rebuilt for one when it
   * turns very hot, as for direct calls.
   */
  private noteIndirectCall(from: number, to: number): void {
    let list = this.callTargets.get(from);
    if (!list) this.callTargets.set(from, (list = []));
    if (list.length >= MAX_CALL_TARGETS || list.includes(to)) return;
    list.push(to);
    const page = from >>> PAGE_SHIFT;
    if (page !== to >>> PAGE_SHIFT && this.inlinable.get(to) !== false) this.inlineWhenHot(to, page);
  }

  /**
   * Whether the function at `pc` has run often enough to be inlined into its callers' pages
   * (plan.ts inlineCallees). Inlining costs the translation of the callee once per caller page
   * built (about 40 us per guest instruction while the translator's JavaScript is cold), and of
   * the whole caller page again if it is rebuilt for it; a call saved is two dispatcher round
   * trips, some tens of nanoseconds. So a page being built anyway inlines callees the dispatcher
   * has entered INLINE_AT_BUILD times, and a page is rebuilt for a callee only once that has
   * been entered CALLEE_HOT_THRESHOLD times (hot()).
   */
  private worthInlining(pc: number): boolean {
    return this.hotEntries.has(pc) || this.entryCount(pc) >= INLINE_AT_BUILD;
  }

  /** Rebuilds the page of `caller` when the callee at `pc` turns very hot (hot()). */
  private inlineWhenHot(pc: number, caller: number): void {
    let callers = this.inlineLater.get(pc);
    if (!callers) this.inlineLater.set(pc, (callers = new Set()));
    callers.add(caller);
  }

  /** Dispatcher entries into the region function holding `pc` since it was built, or 0. */
  private entryCount(pc: number): number {
    for (const r of this.pages.get(pc >>> PAGE_SHIFT) ?? []) {
      const entry = r.entryPoints.get(pc);
      if (entry && this.isCurrent(r)) return this.hotCounts[entry[0] & (HOT_SLOTS - 1)]!;
    }
    return 0;
  }

  /**
   * A callee the page's complete region calls has turned hot: rebuild the page (to inline it)
   * once the dispatcher has entered one of its functions HOT_THRESHOLD times again.
   */
  private rebuildWhenHotAgain(page: number): void {
    const regions = this.pages.get(page);
    if (regions?.length !== 1 || !regions[0]!.complete || (this.learningRebuilds.get(page) ?? 0) >= MAX_LEARNING_REBUILDS) return;
    // A rebuild re-translates the whole page: a few per page at most.
    const n = this.rebuildsToInline.get(page) ?? 0;
    if (n >= MAX_INLINING_REBUILDS) return;
    this.rebuildsToInline.set(page, n + 1);
    this.learnedSince.add(page);
    for (const slot of regions[0]!.slots) this.hotCounts[slot & (HOT_SLOTS - 1)] = 0;
  }

  private allocSlot(): number {
    let s = this.freeSlots.pop();
    if (s === undefined) {
      if (this.nextSlot >= this.table.length) this.table.grow(this.table.length);
      s = this.nextSlot++;
    }
    this.hotCounts[s & (HOT_SLOTS - 1)] = 0;
    return s;
  }

  /** Unpublishes a page's regions: no jump-cache entry may lead to them afterwards. */
  private retirePage(page: number): void {
    const list = this.pages.get(page);
    if (!list) return;
    this.pages.delete(page);
    const slots = new Set(list.flatMap((r) => r.slots));
    this.dropJumpCacheSlots(slots);
    for (const s of slots) {
      this.table.set(s, null);
      this.freeSlots.push(s);
    }
  }

  private install(pc: number, slot: number, tb: number): void {
    const k = jcIndex(pc) * 4;
    this.jc[k] = pc | 0;
    this.jc[k + 1] = 0;
    this.jc[k + 2] = tb;
    this.jc[k + 3] = slot;
  }

  private dropJumpCacheSlots(slots: Set<number>): void {
    const jc = this.jc;
    for (let k = 0; k < jc.length; k += 4) {
      if (jc[k] !== EMPTY && slots.has(jc[k + 3]!)) {
        jc[k] = EMPTY;
        jc[k + 1] = EMPTY;
      }
    }
  }

  flushJumpCache(): void {
    const jc = this.jc;
    for (let k = 0; k < jc.length; k += 4) {
      jc[k] = EMPTY;
      jc[k + 1] = EMPTY;
    }
  }

  /** Retires a page whose code changed, with what was learned about its computed jumps. */
  private retireChanged(page: number): void {
    this.churned.add(page);
    this.retirePage(page);
    this.jumpTargets.dropPage(page);
    this.learnedSince.delete(page);
    this.learningRebuilds.delete(page);
    this.callTargets.dropPage(page);
    // A callee may start on the page before and reach into this one.
    this.inlinable.dropPage(page);
    this.inlinable.dropPage(page - 1);
  }

  /** Drops every region translated from [start, end) (and one whose last instruction reaches in). */
  invalidateRange(start: number, end: number): void {
    const first = Math.floor(start / PAGE_SIZE) - 1;
    const last = Math.ceil(end / PAGE_SIZE);
    const pages = last - first > this.pages.size ? [...this.pages.keys()] : range(first, last);
    if (this.inlinedInto.size > 0 && last - first <= this.pages.size) {
      // Regions of other pages that inlined code from these.
      const callers = new Set<number>();
      for (let q = first; q < last; q++) for (const p of this.inlinedInto.get(q) ?? []) callers.add(p);
      pages.push(...callers);
    }
    for (const p of pages) {
      const list = this.pages.get(p);
      if (list && list.some((r) => r.overlaps(start, end))) {
        this.retireChanged(p);
        this.stats.invalidated += list.length;
      }
    }
  }

  /** Drops every region. */
  flushAll(): void {
    for (const p of [...this.pages.keys()]) {
      this.stats.invalidated += this.pages.get(p)!.length;
      this.retireChanged(p);
    }
  }

  /** fence.i: drop regions whose code bytes changed since they were translated. */
  revalidate(): void {
    for (const [p, list] of [...this.pages]) {
      if (list.some((r) => !r.matches(this.u8, r.base))) {
        this.retireChanged(p);
        this.stats.invalidated += list.length;
      }
    }
  }
}

/**
 * Values by guest pc, grouped by page, so that what is known about a page's code can be
 * forgotten at once when it changes (retireChanged), without a scan of every pc.
 */
class ByPage<V> {
  private readonly pages = new Map<number, Map<number, V>>();

  get(pc: number): V | undefined {
    return this.pages.get(pc >>> PAGE_SHIFT)?.get(pc);
  }

  set(pc: number, value: V): void {
    const page = pc >>> PAGE_SHIFT;
    let m = this.pages.get(page);
    if (!m) this.pages.set(page, (m = new Map()));
    m.set(pc, value);
  }

  dropPage(page: number): void {
    this.pages.delete(page);
  }

  /** The page's entries, copied (each value too, when it is a list). */
  copyOfPage(page: number): [number, V][] {
    return [...(this.pages.get(page) ?? [])].map(([pc, v]) => [pc, (Array.isArray(v) ? [...v] : v) as V]);
  }

  /** Adds targets per pc (values that are lists of targets), at most `max` per pc. */
  merge(hints: readonly [number, readonly number[]][], max: number): void {
    for (const [pc, targets] of hints) {
      let list = this.get(pc) as number[] | undefined;
      if (!list) this.set(pc, (list = []) as V);
      for (const t of targets) if (list.length < max && !list.includes(t)) list.push(t);
    }
  }

  /** Whether every target listed for the page here is in `hints` too (lists of targets per pc). */
  coveredBy(page: number, hints: readonly [number, readonly unknown[]][]): boolean {
    const mine = this.pages.get(page);
    if (!mine) return true;
    const theirs = new Map(hints);
    for (const [pc, v] of mine) {
      const t = theirs.get(pc);
      if (!t || !(v as unknown[]).every((x) => t.includes(x))) return false;
    }
    return true;
  }
}

/** The pages the ranges [start, end) lie on. */
function* pagesOf(ranges: readonly { start: number; end: number }[]): Generator<number> {
  for (const { start, end } of ranges) for (let q = start >>> PAGE_SHIFT; q <= (end - 1) >>> PAGE_SHIFT; q++) yield q;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i < to; i++) out.push(i);
  return out;
}
