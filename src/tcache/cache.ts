// One vCPU's translation cache: the region map (page -> TranslationRegion), the wasm function
// table that holds each region's code, and the jump cache the dispatcher probes.
//
// A region is immutable once published. Discovering a new entry point builds a replacement that
// includes the old entries; invalidation drops regions whose page generation moved on.

import { GEN_TABLE, GUEST_LIMIT, PAGE_SHIFT, PAGE_SIZE, PERM_TABLE, PERM_X } from '../memory/layout.js';
import { JC_ENTRIES, JC_ENTRY_BYTES, S_JC, jcIndex } from '../jit/state.js';
import { planRegion, type CodeSource, type PlanOptions } from '../jit/plan.js';
import { emitRegion } from '../jit/compile-region.js';
import { fpConfig } from '../jit/insns/fp.js';
import type { HelperImports } from '../jit/helpers.js';
import { TranslationRegion } from './region.js';
import { CacheStats } from './stats.js';

export interface CacheOptions extends PlanOptions {}

export const DEFAULT_CACHE_OPTIONS: CacheOptions = { speculate: false, maxInsns: 2048 };

/** Result of looking up a guest pc: where to enter, or that the fetch faults. */
export type Lookup = { slot: number; tb: number } | null;

const EMPTY_PC_LO = 0xffffffff; // jump-cache key -1: odd, so no guest pc matches it

export class TranslationCache {
  readonly regions = new Map<number, TranslationRegion>();
  readonly table: WebAssembly.Table;
  readonly stats = new CacheStats();
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  private readonly u8: Uint8Array;
  private readonly u32: Uint32Array;
  private readonly jc: Int32Array;
  private readonly code: CodeSource;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly stateBase: number,
    private readonly helpers: HelperImports,
    private readonly options: CacheOptions = DEFAULT_CACHE_OPTIONS,
  ) {
    this.table = new WebAssembly.Table({ initial: 256, element: 'anyfunc' });
    fpConfig.fusedMultiplyAdd = helpers.fusedMultiplyAdd;
    this.u8 = new Uint8Array(memory.buffer);
    this.u32 = new Uint32Array(memory.buffer);
    this.jc = new Int32Array(memory.buffer, stateBase + S_JC, (JC_ENTRIES * JC_ENTRY_BYTES) / 4);
    const u8 = this.u8;
    this.code = {
      fetch16(addr: number): number {
        if (addr < 0 || addr + 2 > GUEST_LIMIT) return -1;
        if ((u8[PERM_TABLE + (addr >>> PAGE_SHIFT)]! & PERM_X) === 0) return -1;
        return u8[addr]! | (u8[addr + 1]! << 8);
      },
    };
    this.flushJumpCache();
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
    if (pc < 0 || pc >= GUEST_LIMIT || pc % 2 !== 0 || this.code.fetch16(pc) < 0) return null;
    const page = pc >>> PAGE_SHIFT;
    let region = this.regions.get(page);
    if (region && !this.isCurrent(region)) {
      this.retire(region);
      region = undefined;
    }
    let tb = region?.tbIndex.get(pc);
    if (region === undefined || tb === undefined) {
      region = this.build(page, pc, region);
      tb = region.tbIndex.get(pc)!;
    }
    this.install(pc, region.slot, tb);
    return { slot: region.slot, tb };
  }

  private build(page: number, pc: number, previous: TranslationRegion | undefined): TranslationRegion {
    const t0 = performance.now();
    const base = page << PAGE_SHIFT >>> 0;
    const entries = previous ? [...previous.entries, pc] : [pc];
    // A page entered at a second point is likely to be entered at more: decode the rest of it
    // speculatively on the rebuild, rather than rebuilding again for every new function.
    const plan = planRegion(this.code, base, entries, previous ? { ...this.options, speculate: true } : this.options);
    const t1 = performance.now();
    const code = emitRegion(plan);
    const t2 = performance.now();
    const module = new WebAssembly.Module(code.bytes);
    const t3 = performance.now();
    const imports: Record<string, Function> = {};
    for (const h of code.helpers) imports[h] = this.helpers.functions[h];
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory }, h: imports });
    const t4 = performance.now();
    this.stats.planMs += t1 - t0;
    this.stats.emitMs += t2 - t1;
    this.stats.compileMs += t3 - t2;
    this.stats.instantiateMs += t4 - t3;
    const slot = this.allocSlot();
    this.table.set(slot, instance.exports.run as Function);
    const tbIndex = new Map<number, number>();
    code.tbStarts.forEach((s, k) => tbIndex.set(s, k));
    const snapshotEnd = plan.usesNextPage ? base + PAGE_SIZE + 2 : base + PAGE_SIZE;
    const region = new TranslationRegion(
      page,
      this.generation(page),
      plan.usesNextPage ? this.generation(page + 1) : -1,
      tbIndex,
      slot,
      this.u8.slice(base, snapshotEnd),
      entries,
    );
    if (previous) {
      this.retire(previous);
      this.stats.rebuilt++;
    }
    this.regions.set(page, region);
    this.stats.built++;
    this.stats.tbs += plan.tbs.length;
    this.stats.insns += plan.insnCount;
    this.stats.wasmBytes += code.bytes.length;
    this.stats.translateMs += performance.now() - t0;
    return region;
  }

  private allocSlot(): number {
    const s = this.freeSlots.pop();
    if (s !== undefined) return s;
    if (this.nextSlot >= this.table.length) this.table.grow(this.table.length);
    return this.nextSlot++;
  }

  /** Unpublishes a region: no jump-cache entry may lead to it afterwards, then its slot is reused. */
  private retire(r: TranslationRegion): void {
    if (this.regions.get(r.page) === r) this.regions.delete(r.page);
    this.dropJumpCacheSlot(r.slot);
    this.table.set(r.slot, null);
    this.freeSlots.push(r.slot);
  }

  private install(pc: number, slot: number, tb: number): void {
    const k = jcIndex(pc) * 4;
    this.jc[k] = pc | 0;
    this.jc[k + 1] = 0;
    this.jc[k + 2] = tb;
    this.jc[k + 3] = slot;
  }

  private dropJumpCacheSlot(slot: number): void {
    const jc = this.jc;
    for (let k = 0; k < jc.length; k += 4) {
      if (jc[k + 3] === slot && jc[k] !== -1) {
        jc[k] = EMPTY_PC_LO | 0;
        jc[k + 1] = -1;
      }
    }
  }

  flushJumpCache(): void {
    const jc = this.jc;
    for (let k = 0; k < jc.length; k += 4) {
      jc[k] = EMPTY_PC_LO | 0;
      jc[k + 1] = -1;
    }
  }

  /** Drops every region translated from [start, end) (and a region whose last instruction reaches in). */
  invalidateRange(start: number, end: number): void {
    const first = Math.floor(start / PAGE_SIZE) - 1;
    const last = Math.ceil(end / PAGE_SIZE);
    if (last - first > this.regions.size) {
      for (const r of [...this.regions.values()]) if (r.overlaps(start, end)) this.retire(r);
    } else {
      for (let p = first; p < last; p++) {
        const r = this.regions.get(p);
        if (r && r.overlaps(start, end)) this.retire(r);
      }
    }
    this.stats.invalidated++;
  }

  /** fence.i: drop regions whose code bytes changed since they were translated. */
  revalidate(): void {
    for (const r of [...this.regions.values()]) {
      const base = r.page << PAGE_SHIFT >>> 0;
      if (!r.matches(this.u8, base)) {
        this.retire(r);
        this.stats.invalidated++;
      }
    }
  }
}
