// The guest address space: a sorted list of mappings (VMAs) over the shared wasm memory, the
// per-page permission table generated code checks, brk, and mmap/munmap/mprotect/mremap/madvise
// with Linux semantics. File contents are filled in by the Linux layer; this part only tracks
// what is mapped where.

import {
  GEN_TABLE, GUEST_LIMIT, PAGE_SHIFT, PAGE_SIZE, PERM_MASK, PERM_R, PERM_TABLE, PERM_W, PERM_WITH_PREV_SHIFT, PERM_X,
  pageAlignUp,
} from './layout.js';
import { MmShared, type Vma } from './mm-shared.js';

export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

export type { Vma };

export class MemoryError extends Error {
  constructor(readonly errno: number) {
    super(`errno ${errno}`);
  }
}

const ENOMEM = 12, EINVAL = 22, EEXIST = 17, EFAULT = 14;

/** Lowest address mmap hands out without MAP_FIXED (Linux's default vm.mmap_min_addr). */
export const MMAP_MIN_ADDR = 0x10000;

export interface InvalidationSink {
  /** Called after pages in [start, end) stopped holding the code that was translated from them. */
  codeInvalidated(start: number, end: number): void;
  /**
   * Called after pages in [start, end) lost a permission (and no code was invalidated, whose
   * grace period covers this too): other vCPUs must leave the code they are in before the
   * syscall returns, since generated code may have checked a run of accesses ahead
   * (jit/access-groups.ts) — rvjit's TLB shootdown.
   */
  permissionsNarrowed(start: number, end: number): void;
}

function permBits(prot: number): number {
  // RISC-V has no write-only pages: a writable page is readable too.
  let p = 0;
  if (prot & (PROT_READ | PROT_WRITE)) p |= PERM_R;
  if (prot & PROT_WRITE) p |= PERM_W;
  if (prot & PROT_EXEC) p |= PERM_X;
  return p;
}

export class AddressSpace {
  /** This thread's copy of the mapping list (sorted, non-overlapping) and its version. */
  private list: Vma[] = [];
  private listVersion = -1;
  /** Nesting depth of mutate(): changes are published when the outermost one ends. */
  private depth = 0;
  readonly u8: Uint8Array;
  private readonly gen: Uint32Array;
  /** Pages that may hold non-zero bytes; a new anonymous mapping over them must be cleared. */
  private readonly dirty: Uint8Array;
  sink: InvalidationSink | null = null;

  constructor(readonly memory: WebAssembly.Memory, readonly shared: MmShared = new MmShared()) {
    this.u8 = new Uint8Array(memory.buffer);
    this.gen = new Uint32Array(memory.buffer, GEN_TABLE, GUEST_LIMIT >>> PAGE_SHIFT);
    this.dirty = shared.dirty;
  }

  /** Id recorded as the mm lock's holder (the running guest thread's tid, for debugging). */
  lockOwner: () => number = () => 1;

  /**
   * Runs a change of the mapping list under the mm lock, starting from the current shared list
   * and publishing the result. Re-entrant (brk maps, map unmaps).
   */
  private mutate<T>(f: () => T): T {
    if (this.depth === 0) {
      this.shared.lock(this.lockOwner());
      this.refresh();
    }
    this.depth++;
    try {
      return f();
    } finally {
      if (--this.depth === 0) {
        this.shared.store(this.list);
        this.listVersion = this.shared.version;
        this.shared.unlock();
      }
    }
  }

  /** Reloads the mapping list if another thread changed it (caller holds the lock). */
  private refresh(): void {
    if (this.listVersion !== this.shared.version) {
      this.list = this.shared.load();
      this.listVersion = this.shared.version;
    }
  }

  /** The current mapping list (sorted). */
  get vmas(): readonly Vma[] {
    if (this.depth === 0 && this.listVersion !== this.shared.version) {
      this.shared.lock(this.lockOwner());
      try {
        this.refresh();
      } finally {
        this.shared.unlock();
      }
    }
    return this.list;
  }

  get brkStart(): number {
    return this.shared.brkStart;
  }

  get brkCurrent(): number {
    return this.shared.brkCurrent;
  }

  get mmapBase(): number {
    return this.shared.mmapBase;
  }

  set mmapBase(v: number) {
    this.shared.mmapBase = v;
  }

  // ---- queries ----

  find(addr: number): Vma | undefined {
    const list = this.vmas;
    let lo = 0, hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = list[mid]!;
      if (addr < v.start) hi = mid - 1;
      else if (addr >= v.end) lo = mid + 1;
      else return v;
    }
    return undefined;
  }

  /** True when every page of [addr, addr+len) is mapped with all of `perm` (PERM_* bits). */
  accessible(addr: number, len: number, perm: number): boolean {
    if (len === 0) return true;
    if (addr < 0 || len < 0 || addr + len > GUEST_LIMIT) return false;
    const first = addr >>> PAGE_SHIFT;
    const last = (addr + len - 1) >>> PAGE_SHIFT;
    for (let p = first; p <= last; p++) if ((this.u8[PERM_TABLE + p]! & perm) !== perm) return false;
    return true;
  }

  /** A view of guest memory for reading, or throws EFAULT. */
  readable(addr: number, len: number): Uint8Array {
    if (!this.accessible(addr, len, PERM_R)) throw new MemoryError(EFAULT);
    return this.u8.subarray(addr, addr + len);
  }

  /** A view of guest memory for writing, or throws EFAULT. */
  writable(addr: number, len: number): Uint8Array {
    if (!this.accessible(addr, len, PERM_W)) throw new MemoryError(EFAULT);
    this.markDirty(addr, addr + len);
    return this.u8.subarray(addr, addr + len);
  }

  /** Reads a NUL-terminated string (at most `max` bytes), or throws EFAULT. */
  readCString(addr: number, max = 4096): Uint8Array {
    for (let i = 0; i < max; i++) {
      if ((addr + i) % PAGE_SIZE === 0 || i === 0) {
        if (!this.accessible(addr + i, 1, PERM_R)) throw new MemoryError(EFAULT);
      }
      if (this.u8[addr + i] === 0) return this.u8.subarray(addr, addr + i);
    }
    throw new MemoryError(36); // ENAMETOOLONG
  }

  /** The kernel writes guest memory regardless of page protections only through this (e.g. loading segments). */
  poke(addr: number, bytes: Uint8Array): void {
    this.u8.set(bytes, addr);
    this.markDirty(addr, addr + bytes.length);
  }

  /**
   * Guest memory the kernel fills regardless of page protections (file contents of a new
   * mapping): marked as holding data, so that a later mapping of these pages clears them.
   */
  kernelWritable(start: number, end: number): Uint8Array {
    this.markDirty(start, end);
    return this.u8.subarray(start, end);
  }

  private markDirty(start: number, end: number): void {
    if (end <= start) return;
    this.dirty.fill(1, start >>> PAGE_SHIFT, ((end - 1) >>> PAGE_SHIFT) + 1);
  }

  // ---- mapping ----

  /** Finds a free range of `len` bytes, top-down from mmapBase (or at `hint` if it is free). */
  findFree(len: number, hint: number): number {
    return this.mutate(() => this.findFreeLocked(len, hint));
  }

  private findFreeLocked(len: number, hint: number): number {
    if (hint >= MMAP_MIN_ADDR && hint % PAGE_SIZE === 0 && hint + len <= GUEST_LIMIT && this.isFree(hint, hint + len)) {
      return hint;
    }
    let top = this.mmapBase;
    for (let i = this.list.length - 1; i >= -1; i--) {
      const v = i >= 0 ? this.list[i]! : undefined;
      const gapStart = v ? v.end : MMAP_MIN_ADDR;
      if (gapStart >= top) {
        if (v) top = Math.min(top, v.start);
        continue;
      }
      if (top - gapStart >= len) return top - len;
      if (v) top = Math.min(top, v.start);
    }
    throw new MemoryError(ENOMEM);
  }

  isFree(start: number, end: number): boolean {
    for (const v of this.vmas) if (v.start < end && v.end > start) return false;
    return true;
  }

  /**
   * Maps [start, start+len) (page-aligned) replacing whatever was there. The pages read as
   * zero afterwards; the caller fills file contents.
   */
  map(start: number, len: number, prot: number, opts: Partial<Vma> = {}): Vma {
    const end = start + len;
    if (start % PAGE_SIZE || len <= 0 || len % PAGE_SIZE || end > GUEST_LIMIT) throw new MemoryError(EINVAL);
    return this.mutate(() => {
      this.unmapRange(start, end);
      const vma: Vma = {
        start, end, prot, shared: false, name: '', offset: 0, dev: 0, inode: 0, growsDown: false, writeback: -1, ...opts,
      };
      this.insert(vma);
      this.clearPages(start, end);
      this.setPerms(start, end, permBits(prot));
      return vma;
    });
  }

  /**
   * Finds room for `len` bytes (at `hint` if free) and maps it there, atomically with respect to
   * other threads' mappings.
   */
  mapAnywhere(len: number, hint: number, prot: number, opts: Partial<Vma> = {}): Vma {
    return this.mutate(() => this.map(this.findFreeLocked(len, hint), len, prot, opts));
  }

  /** Zero-fills pages that may hold old data, lazily: untouched pages are already zero. */
  private clearPages(start: number, end: number): void {
    const first = start >>> PAGE_SHIFT;
    const dirty = this.dirty.subarray(first, end >>> PAGE_SHIFT);
    // indexOf finds the dirty runs natively: the mapping may span tens of thousands of pages.
    for (let p = dirty.indexOf(1); p >= 0; p = dirty.indexOf(1, p)) {
      let q = dirty.indexOf(0, p);
      if (q < 0) q = dirty.length;
      this.u8.fill(0, (first + p) << PAGE_SHIFT >>> 0, (first + q) << PAGE_SHIFT >>> 0);
      dirty.fill(0, p, q);
      p = q;
    }
  }

  private insert(vma: Vma): void {
    let i = 0;
    while (i < this.list.length && this.list[i]!.start < vma.start) i++;
    this.list.splice(i, 0, vma);
  }

  /**
   * Sets the permissions of [start, end). Each page's byte also holds what it shares with the
   * page before it (memory/layout.ts), so the first page of the range and the page after it are
   * worked out one by one; the pages between share all of `perm` and are filled natively (Go
   * reserves and releases 64 MiB at a time, and a loop over each page cost milliseconds).
   */
  private setPerms(start: number, end: number, perm: number): void {
    const first = PERM_TABLE + (start >>> PAGE_SHIFT), last = PERM_TABLE + (end >>> PAGE_SHIFT);
    const u8 = this.u8, RW = PERM_R | PERM_W;
    const withPrev = (own: number, prev: number) => own | ((own & prev & RW) << PERM_WITH_PREV_SHIFT);
    if (first < last) {
      u8.fill(withPrev(perm, perm), first + 1, last);
      // Page 0 is never mapped, so nothing precedes the table's first byte.
      u8[first] = first > PERM_TABLE ? withPrev(perm, u8[first - 1]!) : perm;
    }
    u8[last] = withPrev(u8[last]! & PERM_MASK, u8[last - 1]!);
    if (perm & PERM_W) this.markDirty(start, end);
  }

  /** Removes mappings in [start, end), splitting partial overlaps. */
  unmapRange(start: number, end: number): void {
    this.mutate(() => this.unmapRangeLocked(start, end));
  }

  private unmapRangeLocked(start: number, end: number): void {
    const out: Vma[] = [];
    let hadCode = false;
    // The permission table holds each mapping's permissions, so pages lose some exactly where a
    // mapping with any is removed.
    let narrowed = false;
    for (const v of this.list) {
      if (v.end <= start || v.start >= end) {
        out.push(v);
        continue;
      }
      if (v.prot & PROT_EXEC) hadCode = true;
      if (permBits(v.prot) !== 0) narrowed = true;
      if (v.start < start) out.push({ ...v, end: start });
      if (v.end > end) out.push({ ...v, start: end, offset: v.offset + (end - v.start) });
    }
    this.list = out;
    this.setPerms(start, end, 0);
    if (hadCode) this.invalidateCode(start, end);
    else if (narrowed) this.sink?.permissionsNarrowed(start, end);
  }

  munmap(start: number, len: number): void {
    if (start % PAGE_SIZE || len <= 0 || start + len > GUEST_LIMIT + 0x1_0000_0000) throw new MemoryError(EINVAL);
    const end = Math.min(start + pageAlignUp(len), GUEST_LIMIT);
    if (start >= GUEST_LIMIT) return;
    this.unmapRange(start, end);
  }

  mprotect(start: number, len: number, prot: number): void {
    if (start % PAGE_SIZE) throw new MemoryError(EINVAL);
    // Nothing to change, as in Linux (which otherwise split the mapping around an empty one).
    if (len === 0) return;
    const end = start + pageAlignUp(len);
    if (end > GUEST_LIMIT) throw new MemoryError(ENOMEM);
    this.mutate(() => this.mprotectLocked(start, end, prot));
  }

  private mprotectLocked(start: number, end: number, prot: number): void {
    // Every page must be mapped, as in Linux (ENOMEM otherwise).
    let cursor = start;
    for (const v of this.list) {
      if (v.end <= cursor || v.start >= end) continue;
      if (v.start > cursor) throw new MemoryError(ENOMEM);
      cursor = v.end;
      if (cursor >= end) break;
    }
    if (cursor < end) throw new MemoryError(ENOMEM);
    const out: Vma[] = [];
    let lostExec = false;
    let narrowed = false;
    for (const v of this.list) {
      if (v.end <= start || v.start >= end) {
        out.push(v);
        continue;
      }
      if (v.start < start) out.push({ ...v, end: start });
      const s = Math.max(v.start, start), e = Math.min(v.end, end);
      if ((v.prot & PROT_EXEC) && !(prot & PROT_EXEC)) lostExec = true;
      if (permBits(v.prot) & ~permBits(prot)) narrowed = true;
      out.push({ ...v, start: s, end: e, prot, offset: v.offset + (s - v.start) });
      if (v.end > end) out.push({ ...v, start: end, offset: v.offset + (end - v.start) });
    }
    this.list = this.merge(out);
    this.setPerms(start, end, permBits(prot));
    if (lostExec) this.invalidateCode(start, end);
    else if (narrowed) this.sink?.permissionsNarrowed(start, end);
  }

  /** Joins neighbours that differ only in their range, as Linux does (visible in /proc/self/maps). */
  private merge(list: Vma[]): Vma[] {
    const out: Vma[] = [];
    for (const v of list) {
      const prev = out[out.length - 1];
      if (
        prev && prev.end === v.start && prev.prot === v.prot && prev.shared === v.shared && prev.name === v.name &&
        prev.inode === v.inode && prev.growsDown === v.growsDown && prev.writeback === v.writeback &&
        (prev.inode === 0 || prev.offset + (prev.end - prev.start) === v.offset)
      ) {
        prev.end = v.end;
      } else {
        out.push({ ...v });
      }
    }
    return out;
  }

  /** Bumps the code generation of every page in the range and tells the translation caches. */
  invalidateCode(start: number, end: number): void {
    const first = start >>> PAGE_SHIFT;
    const last = Math.min((end + PAGE_SIZE - 1) >>> PAGE_SHIFT, this.gen.length);
    for (let p = first; p < last; p++) this.gen[p] = (this.gen[p]! + 1) >>> 0;
    this.sink?.codeInvalidated(start, end);
  }

  // ---- brk ----

  initBrk(addr: number): void {
    this.shared.brkStart = this.shared.brkCurrent = addr;
  }

  /** Linux brk: returns the new break, or the old one if the request cannot be met. */
  brk(requested: number): number {
    return this.mutate(() => this.brkLocked(requested));
  }

  private brkLocked(requested: number): number {
    if (requested < this.brkStart) return this.brkCurrent;
    const oldTop = pageAlignUp(this.brkCurrent);
    const newTop = pageAlignUp(requested);
    if (newTop > oldTop) {
      if (newTop > GUEST_LIMIT || !this.isFree(oldTop, newTop)) return this.brkCurrent;
      const heap = this.list.find((v) => v.name === '[heap]');
      if (heap && heap.end === oldTop) {
        heap.end = newTop;
        this.clearPages(oldTop, newTop);
        this.setPerms(oldTop, newTop, permBits(heap.prot));
      } else {
        this.map(oldTop, newTop - oldTop, PROT_READ | PROT_WRITE, { name: '[heap]' });
      }
    } else if (newTop < oldTop) {
      this.unmapRange(newTop, oldTop);
    }
    this.shared.brkCurrent = requested;
    return requested;
  }

  // ---- mremap ----

  mremap(oldAddr: number, oldLen: number, newLen: number, mayMove: boolean, fixedAddr: number | null): number {
    return this.mutate(() => this.mremapLocked(oldAddr, oldLen, newLen, mayMove, fixedAddr));
  }

  private mremapLocked(oldAddr: number, oldLen: number, newLen: number, mayMove: boolean, fixedAddr: number | null): number {
    if (oldAddr % PAGE_SIZE || newLen <= 0) throw new MemoryError(EINVAL);
    oldLen = pageAlignUp(oldLen);
    newLen = pageAlignUp(newLen);
    const v = this.find(oldAddr);
    if (!v || (oldLen > 0 && oldAddr + oldLen > v.end)) throw new MemoryError(EFAULT);
    if (fixedAddr !== null) {
      if (fixedAddr % PAGE_SIZE || fixedAddr + newLen > GUEST_LIMIT) throw new MemoryError(EINVAL);
      if (fixedAddr < oldAddr + oldLen && fixedAddr + newLen > oldAddr) throw new MemoryError(EINVAL);
      return this.moveMapping(v, oldAddr, oldLen, newLen, fixedAddr);
    }
    if (newLen <= oldLen) {
      if (newLen < oldLen) this.unmapRange(oldAddr + newLen, oldAddr + oldLen);
      return oldAddr;
    }
    // Grow in place when the pages after the mapping are free.
    const tail = oldAddr + oldLen;
    if (tail === v.end && tail + newLen - oldLen <= GUEST_LIMIT && this.isFree(tail, oldAddr + newLen)) {
      v.end = oldAddr + newLen;
      this.clearPages(tail, v.end);
      this.setPerms(tail, v.end, permBits(v.prot));
      return oldAddr;
    }
    if (!mayMove) throw new MemoryError(ENOMEM);
    return this.moveMapping(v, oldAddr, oldLen, newLen, this.findFreeLocked(newLen, 0));
  }

  private moveMapping(v: Vma, oldAddr: number, oldLen: number, newLen: number, to: number): number {
    const copy = this.u8.slice(oldAddr, oldAddr + Math.min(oldLen, newLen));
    const attrs: Partial<Vma> = {
      shared: v.shared, name: v.name, dev: v.dev, inode: v.inode, growsDown: v.growsDown, offset: v.offset + (oldAddr - v.start),
      writeback: v.writeback,
    };
    this.unmapRange(oldAddr, oldAddr + oldLen);
    this.map(to, newLen, v.prot, attrs);
    this.u8.set(copy, to);
    this.markDirty(to, to + copy.length);
    return to;
  }

  /** MADV_DONTNEED on private anonymous memory: the pages read as zero afterwards. */
  discard(start: number, end: number): void {
    for (const v of this.vmas) {
      if (v.end <= start || v.start >= end || v.inode !== 0 || v.shared) continue;
      const s = Math.max(v.start, start), e = Math.min(v.end, end);
      this.u8.fill(0, s, e);
    }
  }
}

export { EFAULT };
