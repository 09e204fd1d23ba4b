// A TranslationRegion: translated code of one guest page, compiled into one wasm module (its
// code buffer) whose functions are published in function-table slots. Immutable once built.

import { PAGE_SHIFT } from '../memory/layout.js';

export class TranslationRegion {
  constructor(
    /** Guest page index. */
    readonly page: number,
    /** Generation of the page when the region was built. */
    readonly generation: number,
    /** Generation of the next page if an instruction straddles into it, else -1. */
    readonly nextGeneration: number,
    /** Guest pc of each TB start -> where to enter: [function-table slot, TB index]. */
    readonly entryPoints: ReadonlyMap<number, readonly [number, number]>,
    /** Function-table slots holding the region's functions. */
    readonly slots: readonly number[],
    /** The code bytes it was translated from, for fence.i revalidation. */
    readonly snapshot: Uint8Array,
    /** Entry points known when it was built; a rebuild starts from these. */
    readonly entries: readonly number[],
    /** Built complete (every intra-page target followed) rather than as traces. */
    readonly complete: boolean,
    /** The code bytes of callees inlined from other pages (plan.ts inlineCallees), for fence.i. */
    readonly inlined: readonly { start: number; bytes: Uint8Array }[] = [],
  ) {}

  get base(): number {
    return (this.page << PAGE_SHIFT) >>> 0;
  }

  /** True when [start, end) overlaps the bytes this region was translated from (inlined code too). */
  overlaps(start: number, end: number): boolean {
    const lo = this.base;
    const hi = lo + this.snapshot.length;
    return (start < hi && end > lo) || this.inlined.some((x) => start < x.start + x.bytes.length && end > x.start);
  }

  /** True when memory still holds the bytes the region was translated from. */
  matches(mem: Uint8Array, base: number): boolean {
    return memoryHolds(mem, base, this.snapshot, this.inlined);
  }
}

/** Whether `mem` holds `snapshot` at `base` and each inlined callee's bytes at its start. */
export function memoryHolds(mem: Uint8Array, base: number, snapshot: Uint8Array, inlined: readonly { start: number; bytes: Uint8Array }[]): boolean {
  for (let i = 0; i < snapshot.length; i++) if (mem[base + i] !== snapshot[i]) return false;
  for (const { start, bytes } of inlined) for (let i = 0; i < bytes.length; i++) if (mem[start + i] !== bytes[i]) return false;
  return true;
}

