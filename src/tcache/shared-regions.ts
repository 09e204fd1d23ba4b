// Translations offered between the vCPUs of one process. Each vCPU keeps its own regions (their
// functions live in its own wasm table, in its own isolate), but the work of making one — planning
// and emitting the wasm — need not be repeated: a vCPU that builds a region publishes its wasm
// and what it was made from here, and another vCPU that needs the same code adopts it when the
// bytes it was made from are still in memory. V8 also compiles byte-identical modules once per
// process, so the adopting vCPU's compile costs little too (docs/design.md, "Sharing
// translations between threads").
//
// Append-only, in one SharedArrayBuffer: a record per published region, chained per page, newest
// first. A writer takes the lock to append; readers follow the chain without it (a record is
// complete before the page's head points at it). When the arena is full, publishing stops.

import { GUEST_LIMIT, PAGE_SHIFT } from '../memory/layout.js';
import { withWordLock } from '../host/word-lock.js';

/** What a region was made from and what it exports: enough for another vCPU to adopt its wasm. */
export interface RegionRecipe {
  page: number;
  /** The entry points the region was built from, and whether it was built complete. */
  entries: number[];
  complete: boolean;
  usesNextPage: boolean;
  /** Entry points: [pc, function index, TB index]. */
  exports: [number, number, number][];
  funcCount: number;
  helpers: string[];
  /** Callees inlined from other pages: [start, end). */
  inlined: { start: number; end: number }[];
  /** The permission-table byte (execute bit) of each page the translation read, at build time. */
  pagePerms: [number, number][];
  /** The hints it was planned with: targets of computed jumps and of calls through registers, by pc. */
  jumpHints: [number, number[]][];
  callHints: [number, number[]][];
  /** Which vCPU's cache published it. */
  publisher: number;
  /** pageSum of the page's bytes it was made from: a record that cannot match is passed over unread. */
  pageSum: number;
  tbs: number;
  insns: number;
}

export interface PublishedRegion {
  recipe: RegionRecipe;
  wasm: Uint8Array;
  /** The page's bytes (and the next page's first two when usesNextPage), then each inlined range's. */
  snapshot: Uint8Array;
  inlinedBytes: Uint8Array[];
}

const GUEST_PAGES = GUEST_LIMIT >>> PAGE_SHIFT;
const MAX_RECORDS = 1 << 16;
const ARENA_BYTES = 64 << 20;
// Int32 words: lock, records used, arena bytes used, whether publishing is on.
const W_LOCK = 0, W_RECORDS = 1, W_USED = 2, W_ACTIVE = 3, HEADER_WORDS = 4;
/** Per record: previous record of the page (+1, 0 for none), blob offset, blob length. */
const RECORD_WORDS = 3;
const HEADS = HEADER_WORDS;
const RECORDS = HEADS + GUEST_PAGES;
const ARENA = (RECORDS + MAX_RECORDS * RECORD_WORDS) * 4;

export class SharedRegions {
  readonly sab: SharedArrayBuffer;
  private readonly i32: Int32Array;
  private readonly u8: Uint8Array;

  constructor(sab?: SharedArrayBuffer) {
    this.sab = sab ?? new SharedArrayBuffer(ARENA + ARENA_BYTES);
    this.i32 = new Int32Array(this.sab, 0, ARENA / 4);
    this.u8 = new Uint8Array(this.sab, ARENA);
  }

  /**
   * Whether regions are worth publishing: once the process runs guest threads on workers. Until
   * then (a single-threaded program, start-up) nobody could adopt them.
   */
  get active(): boolean {
    return Atomics.load(this.i32, W_ACTIVE) !== 0;
  }

  activate(): void {
    Atomics.store(this.i32, W_ACTIVE, 1);
  }

  /** Offers a region's wasm to the other vCPUs; silently does nothing once the store is full. */
  publish(r: PublishedRegion): void {
    const meta = new TextEncoder().encode(JSON.stringify(r.recipe));
    const parts = [meta, r.wasm, r.snapshot, ...r.inlinedBytes];
    const len = 4 * parts.length + parts.reduce((n, p) => n + p.length, 0);
    const i32 = this.i32;
    withWordLock(i32, W_LOCK, () => {
      const id = i32[W_RECORDS]!, off = i32[W_USED]!;
      if (id >= MAX_RECORDS || off + len > ARENA_BYTES) return;
      const dv = new DataView(this.sab, ARENA + off, len);
      let at = 0;
      for (const p of parts) {
        dv.setUint32(at, p.length, true);
        this.u8.set(p, off + at + 4);
        at += 4 + p.length;
      }
      const rec = RECORDS + id * RECORD_WORDS;
      i32[rec] = Atomics.load(i32, HEADS + r.recipe.page);
      i32[rec + 1] = off;
      i32[rec + 2] = len;
      i32[W_RECORDS] = id + 1;
      i32[W_USED] = off + len;
      Atomics.store(i32, HEADS + r.recipe.page, id + 1);
    });
  }

  /** Recipes already parsed by this JS thread, by record: records never change. */
  private readonly parsed = new Map<number, { recipe: RegionRecipe; exports: Set<number> }>();

  /** The regions published for `page`, newest first; `load` copies out the bytes of one. */
  *published(page: number): Generator<{ recipe: RegionRecipe; exports: Set<number>; load: () => PublishedRegion }> {
    const i32 = this.i32;
    for (let id = Atomics.load(i32, HEADS + page); id !== 0; ) {
      const rec = RECORDS + (id - 1) * RECORD_WORDS;
      const off = i32[rec + 1]!, len = i32[rec + 2]!;
      const dv = new DataView(this.sab, ARENA + off, len);
      // Copies: V8 compiles no module from shared memory, and the bytes must not change under it.
      const part = (at: number) => this.u8.slice(off + at + 4, off + at + 4 + dv.getUint32(at, true));
      let known = this.parsed.get(id);
      if (!known) {
        const recipe = JSON.parse(new TextDecoder().decode(part(0))) as RegionRecipe;
        known = { recipe, exports: new Set(recipe.exports.map((x) => x[0])) };
        this.parsed.set(id, known);
      }
      const { recipe, exports } = known;
      const load = (): PublishedRegion => {
        const parts: Uint8Array[] = [];
        for (let at = 4 + dv.getUint32(0, true); at < len; at += 4 + dv.getUint32(at, true)) parts.push(part(at));
        const [wasm, snapshot, ...inlinedBytes] = parts;
        return { recipe, wasm: wasm!, snapshot: snapshot!, inlinedBytes };
      };
      yield { recipe, exports, load };
      id = i32[rec]!;
    }
  }
}

/** A checksum of the 4 KiB at `base` of `mem` (FNV-1a over its 32-bit words). */
export function pageSum(mem: Uint8Array, base: number): number {
  const words = new Int32Array(mem.buffer, mem.byteOffset + base, 1024);
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < 1024; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  return h >>> 0;
}
