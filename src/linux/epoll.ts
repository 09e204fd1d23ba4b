// epoll interest lists, shared by all threads: one table of {epoll instance, watched fd, watched
// open file, events, data} entries. An entry follows Linux's rule that it belongs to the pair
// (epoll description, watched description): it goes away when the watched description is
// closed for good, and a new file that reuses the fd number is not watched.

import type { OpenFile } from './fdtable.js';
import { withWordLock } from '../host/word-lock.js';
import { readiness, POLLERR, POLLHUP } from './readiness.js';
import type { LinuxProcess } from './process.js';
import type { Thread } from './thread.js';

const MAX_ENTRIES = 8192;
const ENTRY_WORDS = 8;
// Int32 words: state (0 free, 1 active, 2 disabled by EPOLLONESHOT), epoll ofd id, epoll serial,
// fd, target ofd id, target serial, events, what an EPOLLET entry last reported (see edgeReport);
// data (u64) lives in a parallel BigUint64Array.
const E_STATE = 0, E_EP = 1, E_EP_SERIAL = 2, E_FD = 3, E_TARGET = 4, E_TARGET_SERIAL = 5, E_EVENTS = 6, E_SEEN = 7;
// Int32 words before the entries: the table lock, and a counter of transfers on streams and
// eventfds by this process's threads (EPOLLET's "new event" when readiness bits stay the same).
const L_LOCK = 0, L_CHANGES = 1;

export const EPOLLIN = 0x001, EPOLLOUT = 0x004, EPOLLERR = 0x008, EPOLLHUP = 0x010, EPOLLRDHUP = 0x2000,
  EPOLLEXCLUSIVE = 1 << 28, EPOLLWAKEUP = 1 << 29, EPOLLONESHOT = 1 << 30, EPOLLET = 1 << 31;

export interface ReadyEvent {
  events: number;
  data: bigint;
}

export class EpollTable {
  readonly sab: SharedArrayBuffer;
  private readonly i32: Int32Array;
  private readonly data: BigUint64Array;
  private readonly lock: Int32Array;

  constructor(sab?: SharedArrayBuffer) {
    const bytes = 8 + MAX_ENTRIES * ENTRY_WORDS * 4 + MAX_ENTRIES * 8;
    this.sab = sab ?? new SharedArrayBuffer(bytes);
    this.lock = new Int32Array(this.sab, 0, 2);
    this.i32 = new Int32Array(this.sab, 8, MAX_ENTRIES * ENTRY_WORDS);
    this.data = new BigUint64Array(this.sab, 8 + MAX_ENTRIES * ENTRY_WORDS * 4, MAX_ENTRIES);
  }

  private locked<T>(f: () => T): T {
    return withWordLock(this.lock, L_LOCK, f);
  }

  /** Records that data moved through a stream or eventfd (new input, or room freed). */
  changed(): void {
    Atomics.add(this.lock, L_CHANGES, 1);
  }

  /**
   * Whether an EPOLLET entry reports readiness `r` now, and (`commit`) remembers it. Edge
   * triggering reports a change, not a state: a readiness bit that is newly set, or any
   * readiness after a transfer since the last report (Linux reports every new write to a pipe
   * that is already readable). The transfer counter is process-wide, so an entry may be
   * reported after a transfer on some other file too: one extra report, which edge-triggered
   * programs (reading until EAGAIN) tolerate, whereas a missed one would hang them.
   */
  private edgeReport(e: number, r: number, commit: boolean): boolean {
    const i = this.i32;
    const changes = Atomics.load(this.lock, L_CHANGES) & 0x7fff;
    const seen = i[this.w(e, E_SEEN)]!;
    const fresh = (r & ~seen & 0xffff) !== 0 || (r !== 0 && seen >>> 16 !== changes + 1);
    // +1 so that a fresh entry (E_SEEN 0) never looks as if it had reported already.
    if (commit) i[this.w(e, E_SEEN)] = (r & 0xffff) | ((changes + 1) << 16);
    return fresh;
  }

  private w(e: number, f: number): number {
    return e * ENTRY_WORDS + f;
  }

  private find(ep: OpenFile, fd: number, target: OpenFile): number {
    for (let e = 0; e < MAX_ENTRIES; e++) {
      const i = this.i32;
      if (i[this.w(e, E_STATE)] === 0) continue;
      if (i[this.w(e, E_EP)] === ep.id && i[this.w(e, E_EP_SERIAL)] === ep.serial && i[this.w(e, E_FD)] === fd &&
        i[this.w(e, E_TARGET)] === target.id && i[this.w(e, E_TARGET_SERIAL)] === target.serial) return e;
    }
    return -1;
  }

  /** EPOLL_CTL_ADD; false if the pair is already present (EEXIST), throws RangeError when full. */
  add(ep: OpenFile, fd: number, target: OpenFile, events: number, data: bigint): boolean {
    return this.locked(() => {
      if (this.find(ep, fd, target) >= 0) return false;
      for (let e = 0; e < MAX_ENTRIES; e++) {
        if (this.i32[this.w(e, E_STATE)] !== 0) continue;
        const i = this.i32;
        i[this.w(e, E_STATE)] = 1;
        i[this.w(e, E_EP)] = ep.id;
        i[this.w(e, E_EP_SERIAL)] = ep.serial;
        i[this.w(e, E_FD)] = fd;
        i[this.w(e, E_TARGET)] = target.id;
        i[this.w(e, E_TARGET_SERIAL)] = target.serial;
        i[this.w(e, E_EVENTS)] = events;
        i[this.w(e, E_SEEN)] = 0;
        this.data[e] = data;
        return true;
      }
      throw new RangeError('epoll table full');
    });
  }

  /** EPOLL_CTL_MOD; false if absent (ENOENT). Re-arms an EPOLLONESHOT entry. */
  modify(ep: OpenFile, fd: number, target: OpenFile, events: number, data: bigint): boolean {
    return this.locked(() => {
      const e = this.find(ep, fd, target);
      if (e < 0) return false;
      this.i32[this.w(e, E_STATE)] = 1;
      this.i32[this.w(e, E_EVENTS)] = events;
      this.i32[this.w(e, E_SEEN)] = 0; // MOD re-evaluates: a ready EPOLLET entry is reported again
      this.data[e] = data;
      return true;
    });
  }

  /** EPOLL_CTL_DEL; false if absent (ENOENT). */
  remove(ep: OpenFile, fd: number, target: OpenFile): boolean {
    return this.locked(() => {
      const e = this.find(ep, fd, target);
      if (e < 0) return false;
      this.i32[this.w(e, E_STATE)] = 0;
      return true;
    });
  }

  /** Drops every entry of, or watching, a description that no longer exists. */
  forget(file: { id: number; serial: number }): void {
    this.locked(() => {
      const i = this.i32;
      for (let e = 0; e < MAX_ENTRIES; e++) {
        if (i[this.w(e, E_STATE)] === 0) continue;
        const isEp = i[this.w(e, E_EP)] === file.id && i[this.w(e, E_EP_SERIAL)] === file.serial;
        const isTarget = i[this.w(e, E_TARGET)] === file.id && i[this.w(e, E_TARGET_SERIAL)] === file.serial;
        if (isEp || isTarget) i[this.w(e, E_STATE)] = 0;
      }
    });
  }

  /** Ready events of epoll instance `ep`, at most `max`; EPOLLONESHOT entries are disarmed. */
  collect(t: Thread, proc: LinuxProcess, ep: OpenFile, max: number, nested = 0): ReadyEvent[] {
    const out: ReadyEvent[] = [];
    const entries = this.locked(() => {
      const list: number[] = [];
      for (let e = 0; e < MAX_ENTRIES; e++) {
        const i = this.i32;
        if (i[this.w(e, E_STATE)] === 1 && i[this.w(e, E_EP)] === ep.id && i[this.w(e, E_EP_SERIAL)] === ep.serial) list.push(e);
      }
      return list;
    });
    for (const e of entries) {
      if (out.length >= max) break;
      const events = this.i32[this.w(e, E_EVENTS)]!;
      const r = this.readinessOf(t, proc, e, events, nested);
      if (r < 0) continue;
      if (events & EPOLLET && !this.edgeReport(e, r, true)) continue;
      if (!r) continue;
      out.push({ events: r, data: this.data[e]! });
      if (events & EPOLLONESHOT) this.locked(() => (this.i32[this.w(e, E_STATE)] = 2));
    }
    return out;
  }

  /** Whether `ep` has any ready entry (an epoll fd polled for readability). */
  hasReady(t: Thread, proc: LinuxProcess, ep: OpenFile, nested: number): boolean {
    const i = this.i32;
    for (let e = 0; e < MAX_ENTRIES; e++) {
      if (i[this.w(e, E_STATE)] !== 1 || i[this.w(e, E_EP)] !== ep.id || i[this.w(e, E_EP_SERIAL)] !== ep.serial) continue;
      const events = i[this.w(e, E_EVENTS)]!;
      const r = this.readinessOf(t, proc, e, events, nested);
      if (r > 0 && (!(events & EPOLLET) || this.edgeReport(e, r, false))) return true;
    }
    return false;
  }

  /**
   * Readiness of entry `e`'s file for its events, or -1 if the file has gone. The file is held
   * while it is polled: another thread's close cannot close its host descriptor meanwhile.
   */
  private readinessOf(t: Thread, proc: LinuxProcess, e: number, events: number, nested: number): number {
    const target = proc.fds.hold(this.i32[this.w(e, E_TARGET)]!, this.i32[this.w(e, E_TARGET_SERIAL)]!);
    if (!target) return -1;
    try {
      return readiness(t, target, events & 0xffff, nested) & ((events & 0xffff) | POLLERR | POLLHUP);
    } finally {
      proc.fds.release(target);
    }
  }

  /** Whether any watched file of `ep` needs host polling. */
  watchesHost(proc: LinuxProcess, ep: OpenFile): boolean {
    const i = this.i32;
    for (let e = 0; e < MAX_ENTRIES; e++) {
      if (i[this.w(e, E_STATE)] === 0 || i[this.w(e, E_EP)] !== ep.id || i[this.w(e, E_EP_SERIAL)] !== ep.serial) continue;
      const target = proc.fds.byId(i[this.w(e, E_TARGET)]!, i[this.w(e, E_TARGET_SERIAL)]!);
      if (target && target.kind === 2 /* FileKind.Stream */) return true;
    }
    return false;
  }
}
