// Reads and writes on host pipes and memory devices that never block the thread.
//
// Node's fs API has no non-blocking mode for a descriptor, so a blocking guest read or write on a
// pipe first waits in the host's poll (poll.ts), which costs ~30 µs per call (a WASI
// poll_oneoff runs a libuv loop) and ~5 ms the first time (node:wasi and an instance). Most
// calls need no wait at all. So a read or write is tried first without blocking, and only one
// that would block goes through poll:
//
// - A pipe or FIFO gets a twin: a second open file description of the same pipe, opened through
//   /proc/self/fd with O_NONBLOCK (setting O_NONBLOCK on the descriptor itself would change it
//   for every process sharing it). A twin is one more reader or writer of its pipe, so it must
//   not outlive its descriptor: it is closed with it (forget), and dropped altogether (dropAll)
//   before a second guest thread starts, since another JS thread could then close the
//   descriptor. The Linux layer uses tryRead/tryWrite only while the process has one thread.
// - /dev/null, /dev/zero, /dev/full, /dev/random and /dev/urandom never block: read and
//   written directly.
// - Anything else (terminals, sockets, other devices) is left to poll: opening a device twice
//   can have side effects.

import fs from 'node:fs';
import { devMajor, devMinor } from '../host.js';

/** Linux's major number of the memory devices (/dev/null, /dev/zero, /dev/mem...). */
export const MEM_MAJOR = 1;
/** Minors of the memory devices (major 1) that never block: null, zero, full, random, urandom. */
const NEVER_BLOCKING_MINORS = new Set([3, 5, 7, 8, 9]);

/** Per host descriptor and direction: the twin's descriptor, DIRECT, or NONE. */
const DIRECT = -2, NONE = -1;
const twins = new Map<number, number>();

const key = (fd: number, write: boolean) => fd * 2 + (write ? 1 : 0);

/** Whether `rdev` is a memory device that never blocks (see above). */
export function isNeverBlockingDevice(rdev: bigint): boolean {
  return devMajor(rdev) === MEM_MAJOR && NEVER_BLOCKING_MINORS.has(devMinor(rdev));
}

function twinOf(fd: number, write: boolean): number {
  const k = key(fd, write);
  const known = twins.get(k);
  if (known !== undefined) return known;
  let twin = NONE;
  try {
    const st = fs.fstatSync(fd, { bigint: true });
    if (st.isFIFO()) {
      const c = fs.constants;
      twin = fs.openSync(`/proc/self/fd/${fd}`, (write ? c.O_WRONLY : c.O_RDONLY) | c.O_NONBLOCK | c.O_NOCTTY);
    } else if (st.isCharacterDevice() && isNeverBlockingDevice(st.rdev)) {
      twin = DIRECT;
    }
  } catch {
    // A FIFO without a reader (ENXIO), no /proc, a closed descriptor: poll decides.
  }
  twins.set(k, twin);
  return twin;
}

/** -1 when the transfer would block or cannot be tried here; throws Node's error otherwise. */
function attempt(fd: number, write: boolean, buf: Uint8Array): number {
  const twin = twinOf(fd, write);
  if (twin === NONE) return -1;
  const via = twin === DIRECT ? fd : twin;
  try {
    return write ? fs.writeSync(via, buf, 0, buf.length, null) : fs.readSync(via, buf, 0, buf.length, null);
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'EAGAIN') return -1;
    throw e;
  }
}

export function tryRead(fd: number, buf: Uint8Array): number {
  return attempt(fd, false, buf);
}

export function tryWrite(fd: number, buf: Uint8Array): number {
  return attempt(fd, true, buf);
}

/** Closes the twins of a host descriptor that is being closed. */
export function forget(fd: number): void {
  for (const write of [false, true]) {
    const k = key(fd, write);
    closeTwin(twins.get(k));
    twins.delete(k);
  }
}

export function dropAll(): void {
  for (const twin of twins.values()) closeTwin(twin);
  twins.clear();
}

function closeTwin(twin: number | undefined): void {
  if (twin === undefined || twin < 0) return;
  try {
    fs.closeSync(twin);
  } catch {
    // Already gone: nothing of the guest's depends on it.
  }
}
