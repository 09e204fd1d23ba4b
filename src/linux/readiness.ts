// Readiness of open files for poll, select and epoll, and interruptible waiting for it.
// Regular files are always ready; emulated objects (eventfd, epoll) know their state; host
// pipes, terminals and devices are asked through the host's poll. A waiting thread sleeps on its
// wake word: signals, eventfd writes and writes to pipes by other guest threads wake it at once;
// readiness that comes from outside the process (a terminal, another program) is noticed within
// a polling slice.

import { FileKind, O_WRONLY, O_RDONLY, FdTable, type OpenFile } from './fdtable.js';
import type { LinuxProcess } from './process.js';
import type { Thread } from './thread.js';
import { elapsedMs } from '../host/elapsed.js';

export const POLLIN = 0x001, POLLPRI = 0x002, POLLOUT = 0x004, POLLERR = 0x008, POLLHUP = 0x010,
  POLLNVAL = 0x020, POLLRDNORM = 0x040, POLLRDBAND = 0x080, POLLWRNORM = 0x100, POLLWRBAND = 0x200,
  POLLRDHUP = 0x2000;

/** Longest sleep between two looks at host descriptors while waiting. */
const MAX_SLICE_MS = 20;

/** eventfd counter stored in aux words 0 (low) and 1 (high) of the description. */
export function eventfdCount(proc: LinuxProcess, f: OpenFile): bigint {
  const w = proc.fds.auxWords;
  const i = proc.fds.auxIndex(f, 0);
  return (BigInt(w[i + 1]! >>> 0) << 32n) | BigInt(w[i]! >>> 0);
}

export function setEventfdCount(proc: LinuxProcess, f: OpenFile, v: bigint): void {
  const w = proc.fds.auxWords;
  const i = proc.fds.auxIndex(f, 0);
  w[i] = Number(v & 0xffffffffn) | 0;
  w[i + 1] = Number(v >> 32n) | 0;
}

export const EVENTFD_MAX = 0xfffffffffffffffen;

/** Ready events of `f` among `events` now (POLLERR/POLLHUP always reported), without waiting. */
export function readiness(t: Thread, f: OpenFile, events: number, nested = 0): number {
  const proc = t.proc;
  const want = events | POLLERR | POLLHUP;
  const inMask = POLLIN | POLLRDNORM, outMask = POLLOUT | POLLWRNORM;
  switch (f.kind) {
    case FileKind.Seekable:
    case FileKind.Directory: {
      const acc = FdTable.accessMode(f.flags);
      let r = 0;
      if (acc !== O_WRONLY) r |= inMask;
      if (acc !== O_RDONLY) r |= outMask;
      return r & want;
    }
    case FileKind.EventFd: {
      const n = eventfdCount(proc, f);
      return ((n > 0n ? inMask : 0) | (n < EVENTFD_MAX ? outMask : 0)) & want;
    }
    case FileKind.Epoll:
      return nested < 4 && proc.epoll.hasReady(t, proc, f, nested + 1) ? inMask & want : 0;
    case FileKind.Stream: {
      const ask = (events & (inMask | POLLPRI) ? POLLIN : 0) | (events & outMask ? POLLOUT : 0);
      const r = proc.host.fs.poll(f.hostFd, ask, 0);
      let out = r & (POLLERR | POLLHUP);
      if (r & POLLIN) out |= events & inMask;
      if (r & POLLOUT) out |= events & outMask;
      return out & want;
    }
    default:
      return 0;
  }
}

/** Whether waiting on `f` needs polling the host (it can become ready without our knowing). */
export function needsHostPolling(f: OpenFile): boolean {
  return f.kind === FileKind.Stream;
}

export type WaitResult = 'ready' | 'timeout' | 'interrupted';

/**
 * Waits until `check()` is true, the deadline (elapsedMs() scale, or null) passes, or a
 * signal must be delivered. `hostPolling` makes the wait look again every few milliseconds;
 * otherwise only a wake-up (or the deadline) ends the sleep.
 */
export function waitUntilReady(t: Thread, check: () => boolean, deadline: number | null, hostPolling: boolean): WaitResult {
  const proc = t.proc;
  const k = proc.kernel;
  let slice = 1;
  k.setPolling(t.slot, true);
  try {
    for (;;) {
      const w0 = Atomics.load(k.i32, t.wakeWord);
      if (check()) return 'ready';
      if (proc.interrupted(t)) return 'interrupted';
      const now = elapsedMs();
      if (deadline !== null && now >= deadline) return 'timeout';
      let wait = deadline === null ? Infinity : deadline - now;
      if (hostPolling) {
        wait = Math.min(wait, slice);
        slice = Math.min(slice * 2, MAX_SLICE_MS);
      }
      t.blocking(() => Atomics.wait(k.i32, t.wakeWord, w0, wait));
    }
  } finally {
    k.setPolling(t.slot, false);
  }
}

/**
 * Blocks until host descriptor `hostFd` is ready for `events` (POLLIN or POLLOUT), sleeping in
 * the host's poll for a slice at a time so that signals and exit are noticed between slices.
 */
export function waitHostReady(t: Thread, hostFd: number, events: number): WaitResult {
  const proc = t.proc;
  for (;;) {
    if (proc.interrupted(t)) return 'interrupted';
    const r = t.blocking(() => proc.host.fs.poll(hostFd, events, MAX_SLICE_MS));
    if (r) return 'ready';
  }
}
