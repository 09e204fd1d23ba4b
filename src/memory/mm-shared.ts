// The part of the address space every thread must see the same: the mapping list (VMAs), brk,
// mmap placement base, and which pages may hold old data. Kept serialised in a
// SharedArrayBuffer; each thread's AddressSpace keeps a deserialised copy and refreshes it when
// the version moves. Changes happen under one lock (Linux's mmap lock).

import { GUEST_PAGES } from './layout.js';
import { elapsedMs } from '../host/elapsed.js';

export interface Vma {
  start: number;
  end: number;
  prot: number;
  /** MAP_SHARED (true) or private. */
  shared: boolean;
  /** What /proc/self/maps shows: a path, '[heap]', '[stack]', or ''. */
  name: string;
  /** For file mappings: offset of `start` in the file, and the file's identity. */
  offset: number;
  dev: number;
  inode: number;
  /** Stack-like mapping that grows down (MAP_GROWSDOWN). */
  growsDown: boolean;
  /** Host descriptor that writes to a shared, writable file mapping are written back to, or -1. */
  writeback: number;
}

const MAX_VMAS = 65536; // Linux's default vm.max_map_count is 65530
const RECORD_BYTES = 64;
const MAX_NAMES = 4096;
const NAME_BYTES = 256;

// Int32 words of the header.
const W_LOCK = 0, W_VERSION = 1, W_COUNT = 2, W_NAMES = 3;
// Float64 slots of the header.
const F_BRK_START = 2, F_BRK_CURRENT = 3, F_MMAP_BASE = 4;
const HEADER = 64;
const RECORDS = HEADER;
const NAMES = RECORDS + MAX_VMAS * RECORD_BYTES;
const DIRTY = NAMES + MAX_NAMES * NAME_BYTES;
const TOTAL = DIRTY + GUEST_PAGES;

const FLAG_SHARED = 1, FLAG_GROWSDOWN = 2;

export class MmShared {
  readonly sab: SharedArrayBuffer;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly u8: Uint8Array;
  private readonly dv: DataView;
  /** One byte per guest page: may hold non-zero data (a new anonymous mapping must clear it). */
  readonly dirty: Uint8Array;

  constructor(sab?: SharedArrayBuffer) {
    this.sab = sab ?? new SharedArrayBuffer(TOTAL);
    this.i32 = new Int32Array(this.sab, 0, HEADER / 4);
    this.f64 = new Float64Array(this.sab, 0, HEADER / 8);
    this.u8 = new Uint8Array(this.sab);
    this.dv = new DataView(this.sab);
    this.dirty = new Uint8Array(this.sab, DIRTY, GUEST_PAGES);
  }

  /**
   * Takes the mm lock for `owner` (any nonzero id; the holder's id stays in the lock word so a
   * stuck waiter can say who it waits for).
   */
  lock(owner = 1): void {
    const started = elapsedMs();
    let reported = false;
    for (let spins = 0; ; spins++) {
      const held = Atomics.compareExchange(this.i32, W_LOCK, 0, owner);
      if (held === 0) return;
      if (spins > 100) Atomics.wait(this.i32, W_LOCK, held, 1);
      if (!reported && MmShared.onLongWait && elapsedMs() - started > 5000) {
        reported = true;
        MmShared.onLongWait(held);
      }
    }
  }

  /** Called once by a waiter stuck for seconds on the mm lock, with the holder's id (debugging). */
  static onLongWait: ((owner: number) => void) | null = null;

  unlock(): void {
    Atomics.store(this.i32, W_LOCK, 0);
    Atomics.notify(this.i32, W_LOCK, 1);
  }

  get version(): number {
    return Atomics.load(this.i32, W_VERSION);
  }

  get brkStart(): number {
    return this.f64[F_BRK_START]!;
  }

  set brkStart(v: number) {
    this.f64[F_BRK_START] = v;
  }

  get brkCurrent(): number {
    return this.f64[F_BRK_CURRENT]!;
  }

  set brkCurrent(v: number) {
    this.f64[F_BRK_CURRENT] = v;
  }

  get mmapBase(): number {
    return this.f64[F_MMAP_BASE]!;
  }

  set mmapBase(v: number) {
    this.f64[F_MMAP_BASE] = v;
  }

  /** Reads the mapping list (caller holds the lock). */
  load(): Vma[] {
    const n = this.i32[W_COUNT]!;
    const names = this.loadNames();
    const out: Vma[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const o = RECORDS + k * RECORD_BYTES;
      const flags = this.dv.getInt32(o + 44, true);
      out[k] = {
        start: this.dv.getFloat64(o, true),
        end: this.dv.getFloat64(o + 8, true),
        offset: this.dv.getFloat64(o + 16, true),
        dev: this.dv.getFloat64(o + 24, true),
        inode: this.dv.getFloat64(o + 32, true),
        prot: this.dv.getInt32(o + 40, true),
        shared: (flags & FLAG_SHARED) !== 0,
        growsDown: (flags & FLAG_GROWSDOWN) !== 0,
        name: names[this.dv.getInt32(o + 48, true)] ?? '',
        writeback: this.dv.getInt32(o + 52, true),
      };
    }
    return out;
  }

  /** Writes the mapping list and publishes a new version (caller holds the lock). */
  store(vmas: Vma[]): void {
    if (vmas.length > MAX_VMAS) throw new RangeError('too many mappings');
    const ids = this.internNames(vmas.map((v) => v.name));
    vmas.forEach((v, k) => {
      const o = RECORDS + k * RECORD_BYTES;
      this.dv.setFloat64(o, v.start, true);
      this.dv.setFloat64(o + 8, v.end, true);
      this.dv.setFloat64(o + 16, v.offset, true);
      this.dv.setFloat64(o + 24, v.dev, true);
      this.dv.setFloat64(o + 32, v.inode, true);
      this.dv.setInt32(o + 40, v.prot, true);
      this.dv.setInt32(o + 44, (v.shared ? FLAG_SHARED : 0) | (v.growsDown ? FLAG_GROWSDOWN : 0), true);
      this.dv.setInt32(o + 48, ids[k]!, true);
      this.dv.setInt32(o + 52, v.writeback, true);
    });
    this.i32[W_COUNT] = vmas.length;
    Atomics.add(this.i32, W_VERSION, 1);
  }

  private loadNames(): string[] {
    const n = this.i32[W_NAMES]!;
    const dec = new TextDecoder();
    const out: string[] = [];
    for (let k = 0; k < n; k++) {
      const o = NAMES + k * NAME_BYTES;
      const len = this.dv.getUint16(o, true);
      out.push(dec.decode(this.u8.slice(o + 2, o + 2 + len)));
    }
    return out;
  }

  /** Name ids for `names`, rebuilding the table from exactly the names in use. */
  private internNames(names: string[]): number[] {
    const table: string[] = [];
    const index = new Map<string, number>();
    const enc = new TextEncoder();
    const ids = names.map((name) => {
      let id = index.get(name);
      if (id === undefined) {
        if (table.length >= MAX_NAMES) return 0;
        id = table.length;
        table.push(name);
        index.set(name, id);
      }
      return id;
    });
    table.forEach((name, k) => {
      const o = NAMES + k * NAME_BYTES;
      // Longer paths are cut (a name is only shown in /proc/self/maps).
      const bytes = enc.encode(name).subarray(0, NAME_BYTES - 2);
      this.dv.setUint16(o, bytes.length, true);
      this.u8.set(bytes, o + 2);
    });
    this.i32[W_NAMES] = table.length;
    return ids;
  }
}
