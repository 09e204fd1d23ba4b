// Waiting for descriptors: ppoll, pselect6, epoll_create1/ctl/pwait/pwait2, and eventfd2.
// riscv64 has no poll, select or epoll_wait syscalls: the C library builds them on these.

import { sys } from './registry.js';
import { Errno, EAGAIN, EBADF, EEXIST, EINVAL, ENOENT, EPERM, ERESTARTNOHAND, ERESTARTSYS } from '../errno.js';
import { FileKind, O_CLOEXEC, O_NONBLOCK, O_RDWR, type OpenFile } from '../fdtable.js';
import {
  readiness, waitUntilReady, needsHostPolling, eventfdCount, setEventfdCount, EVENTFD_MAX,
  POLLIN, POLLOUT, POLLPRI, POLLERR, POLLHUP, POLLNVAL, POLLRDNORM, POLLWRNORM,
} from '../readiness.js';
import { EPOLLEXCLUSIVE, EPOLLWAKEUP } from '../epoll.js';
import { Lock } from '../shared.js';
import { getTimespec, putTimespec } from './time.js';
import { sigbit } from '../signal-delivery.js';
import { SIGKILL, SIGSTOP } from '../signals.js';
import type { Thread } from '../thread.js';
import { elapsedMs } from '../../host/elapsed.js';

const UNBLOCKABLE = sigbit(SIGKILL) | sigbit(SIGSTOP);

/** Installs the temporary mask of ppoll/pselect6/epoll_pwait; returns a function undoing it. */
function withMask(t: Thread, maskAddr: number, size: number): (interrupted: boolean) => void {
  if (!maskAddr) return () => {};
  if (size !== 8) throw new Errno(EINVAL);
  const saved = t.sigmask;
  t.sigmask = t.proc.getU64(maskAddr) & ~UNBLOCKABLE;
  return (interrupted) => {
    // Interrupted: the handler's frame must record the original mask (as after sigsuspend).
    if (interrupted) t.suspendMask = saved;
    else t.sigmask = saved;
  };
}

/** Deadline on the elapsedMs() scale from a relative timespec pointer (null = forever). */
function deadlineOf(t: Thread, addr: number): { deadline: number | null; ns: bigint } {
  if (!addr) return { deadline: null, ns: 0n };
  const ns = getTimespec(t, addr);
  return { deadline: elapsedMs() + Number(ns) / 1e6, ns };
}

/** Writes the time left back to a timespec, as ppoll and pselect6 do. */
function putRemaining(t: Thread, addr: number, deadline: number | null): void {
  if (!addr || deadline === null) return;
  const left = Math.max(0, deadline - elapsedMs());
  putTimespec(t, addr, BigInt(Math.round(left * 1e6)));
}

/** The file behind `fd`, or null (POLLNVAL) — also when another thread closes it as we look. */
function fileOrNull(t: Thread, fd: number): OpenFile | null {
  if (fd < 0 || !t.proc.fds.isOpen(fd)) return null;
  try {
    return t.proc.fds.get(fd);
  } catch {
    return null;
  }
}

/**
 * The file behind `fd` at this pass of a poll or select (Linux looks each fd up again at every
 * pass): `held`, the one found before, while the fd still names it; the new file if another
 * thread put one there; null if it closed the fd.
 */
function fileNow(t: Thread, fd: number, held: OpenFile | null): OpenFile | null {
  const now = t.proc.fds.peek(fd);
  if (!now) return null;
  return held && now.id === held.id && now.serial === held.serial ? held : fileOrNull(t, fd);
}

// ---- ppoll ----

sys('ppoll', 'p u p p u', (t) => {
  const proc = t.proc;
  const fdsAddr = t.ulong(0), nfds = t.ulong(1), tmo = t.ulong(2);
  if (nfds > proc.kernel.rlimit(7)[0]) throw new Errno(EINVAL);
  proc.read(fdsAddr, nfds * 8);
  const { deadline } = deadlineOf(t, tmo);
  const undo = withMask(t, t.ulong(3), t.ulong(4));
  const entries = Array.from({ length: nfds }, (_, k) => ({
    fd: proc.dv.getInt32(fdsAddr + 8 * k, true),
    events: proc.dv.getInt16(fdsAddr + 8 * k + 4, true) & 0xffff,
  }));
  const files = entries.map((e) => fileOrNull(t, e.fd));
  const revents = new Array<number>(nfds).fill(0);
  let count = 0;
  const check = () => {
    count = 0;
    entries.forEach((e, k) => {
      // Closed by another thread meanwhile, the fd is POLLNVAL; taken by a new file, that file is polled.
      const f = e.fd < 0 ? null : (files[k] = fileNow(t, e.fd, files[k] ?? null));
      revents[k] = e.fd < 0 ? 0 : f ? readiness(t, f, e.events | 0) : POLLNVAL;
      if (revents[k]) count++;
    });
    return count > 0;
  };
  const r = waitUntilReady(t, check, deadline, files.some((f) => f !== null && needsHostPolling(f)));
  undo(r === 'interrupted');
  if (r === 'interrupted') {
    putRemaining(t, tmo, deadline);
    throw new Errno(ERESTARTNOHAND);
  }
  putRemaining(t, tmo, deadline);
  // The array only had to be readable so far; the results need it writable (a read-only array,
  // such as code, fails now with EFAULT, after the wait, as in Linux).
  proc.write(fdsAddr, nfds * 8);
  entries.forEach((_, k) => proc.dv.setInt16(fdsAddr + 8 * k + 6, revents[k]!, true));
  return r === 'ready' ? count : 0;
});

// ---- pselect6 ----

const FD_SETSIZE = 1024;
/** What select sees for a descriptor closed during the call (Linux's DEFAULT_POLLMASK). */
const SELECT_DEFAULT_MASK = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;

sys('pselect6', 'i p p p p p', (t) => {
  const proc = t.proc;
  const nfds = t.int(0), tmo = t.ulong(4), sigArg = t.ulong(5);
  if (nfds < 0 || nfds > FD_SETSIZE) throw new Errno(EINVAL);
  const setAddrs = [t.ulong(1), t.ulong(2), t.ulong(3)];
  const words = Math.ceil(nfds / 64);
  const sets = setAddrs.map((a) => (a ? Array.from({ length: words }, (_, k) => proc.getU64(a + 8 * k)) : null));
  const has = (set: bigint[] | null, fd: number) => set !== null && (set[fd >> 6]! >> BigInt(fd & 63)) & 1n;
  const watched: { fd: number; f: OpenFile; events: number }[] = [];
  for (let fd = 0; fd < nfds; fd++) {
    const ev = (has(sets[0]!, fd) ? POLLIN : 0) | (has(sets[1]!, fd) ? POLLOUT : 0) | (has(sets[2]!, fd) ? POLLPRI : 0);
    if (!ev) continue;
    const f = fileOrNull(t, fd);
    if (!f) throw new Errno(EBADF);
    watched.push({ fd, f, events: ev });
  }
  const { deadline } = deadlineOf(t, tmo);
  let undo = (_: boolean) => {};
  if (sigArg) {
    // The sixth argument points at {const sigset_t *ss; size_t ss_len}.
    const ss = Number(proc.getU64(sigArg)), len = Number(proc.getU64(sigArg + 8));
    undo = withMask(t, ss, ss ? len : 8);
  }
  const out = [new Array<bigint>(words).fill(0n), new Array<bigint>(words).fill(0n), new Array<bigint>(words).fill(0n)];
  let count = 0;
  const check = () => {
    count = 0;
    for (const o of out) o.fill(0n);
    for (const w of watched) {
      // An fd another thread closed meanwhile counts as readable and writable (select's default
      // mask); taken by a new file, that file is polled.
      const f = fileNow(t, w.fd, w.f);
      if (f) w.f = f;
      const r = f ? readiness(t, f, w.events) : SELECT_DEFAULT_MASK;
      const bit = 1n << BigInt(w.fd & 63);
      if (r & (POLLIN | POLLHUP | POLLERR) && w.events & POLLIN) (out[0]![w.fd >> 6]! |= bit), count++;
      if (r & (POLLOUT | POLLERR) && w.events & POLLOUT) (out[1]![w.fd >> 6]! |= bit), count++;
      if (r & POLLPRI && w.events & POLLPRI) (out[2]![w.fd >> 6]! |= bit), count++;
    }
    return count > 0;
  };
  const r = waitUntilReady(t, check, deadline, watched.some((w) => needsHostPolling(w.f)));
  undo(r === 'interrupted');
  putRemaining(t, tmo, deadline);
  if (r === 'interrupted') throw new Errno(ERESTARTNOHAND);
  setAddrs.forEach((a, s) => {
    if (a) for (let k = 0; k < words; k++) proc.putU64(a + 8 * k, r === 'ready' ? out[s]![k]! : 0n);
  });
  return r === 'ready' ? count : 0;
});

// ---- epoll ----

const EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
const EPOLL_EVENT_BYTES = 16; // riscv64: u32 events, 4 bytes padding, u64 data

sys('epoll_create1', 'x', (t) => {
  const flags = t.int(0);
  if (flags & ~O_CLOEXEC) throw new Errno(EINVAL);
  const f = t.proc.fds.createFile(FileKind.Epoll, -1, O_RDWR);
  return t.proc.fds.install(f, (flags & O_CLOEXEC) !== 0);
});

function epollOf(t: Thread, epfd: number): OpenFile {
  const ep = t.proc.fds.get(epfd);
  if (ep.kind !== FileKind.Epoll) throw new Errno(EINVAL);
  return ep;
}

sys('epoll_ctl', 'fd i fd p', (t) => {
  const proc = t.proc;
  const epfd = t.int(0), op = t.int(1), fd = t.int(2), evAddr = t.ulong(3);
  // Linux copies the event in first, for every op but DEL (invalid ops included): EFAULT wins.
  let events = 0, data = 0n;
  if (op !== EPOLL_CTL_DEL) {
    events = proc.getU32(evAddr);
    data = proc.getU64(evAddr + 8);
  }
  const ep = epollOf(t, epfd);
  const target = proc.fds.get(fd);
  if (fd === epfd) throw new Errno(EINVAL);
  if (target.kind === FileKind.Seekable || target.kind === FileKind.Directory) throw new Errno(EPERM);
  if (op !== EPOLL_CTL_DEL) {
    if (events & EPOLLEXCLUSIVE && op === EPOLL_CTL_MOD) throw new Errno(EINVAL);
    events &= ~EPOLLWAKEUP;
  }
  switch (op) {
    case EPOLL_CTL_ADD:
      if (!proc.epoll.add(ep, fd, target, events | POLLERR | POLLHUP, data)) throw new Errno(EEXIST);
      break;
    case EPOLL_CTL_MOD:
      if (!proc.epoll.modify(ep, fd, target, events | POLLERR | POLLHUP, data)) throw new Errno(ENOENT);
      break;
    case EPOLL_CTL_DEL:
      if (!proc.epoll.remove(ep, fd, target)) throw new Errno(ENOENT);
      break;
    default:
      throw new Errno(EINVAL);
  }
  proc.kernel.notifyPollers();
  return 0;
});

function epollWait(t: Thread, epfd: number, evAddr: number, max: number, deadline: number | null, maskAddr: number, maskSize: number): number {
  const proc = t.proc;
  const ep = epollOf(t, epfd);
  if (max <= 0 || max > 0x7fffffff / EPOLL_EVENT_BYTES) throw new Errno(EINVAL);
  proc.write(evAddr, EPOLL_EVENT_BYTES);
  const undo = withMask(t, maskAddr, maskSize);
  let ready: { events: number; data: bigint }[] = [];
  const r = waitUntilReady(t, () => (ready = proc.epoll.collect(t, proc, ep, max)).length > 0, deadline, proc.epoll.watchesHost(proc, ep));
  undo(r === 'interrupted');
  if (r === 'interrupted') throw new Errno(ERESTARTNOHAND);
  ready.forEach((ev, k) => {
    const a = evAddr + k * EPOLL_EVENT_BYTES;
    proc.putU32(a, ev.events);
    proc.putU64(a + 8, ev.data);
  });
  return ready.length;
}

sys('epoll_pwait', 'fd p i i p u', (t) => {
  const timeout = t.int(3);
  const deadline = timeout < 0 ? null : elapsedMs() + timeout;
  return epollWait(t, t.int(0), t.ulong(1), t.int(2), deadline, t.ulong(4), t.ulong(5));
});

sys('epoll_pwait2', 'fd p i p p u', (t) => {
  const { deadline } = deadlineOf(t, t.ulong(3));
  return epollWait(t, t.int(0), t.ulong(1), t.int(2), deadline, t.ulong(4), t.ulong(5));
});

// ---- eventfd ----

const EFD_SEMAPHORE = 1;
export const EFD_FLAG_SEMAPHORE = 0x40000000; // kept in the description's flags word

sys('eventfd2', 'u x', (t) => {
  const initval = t.uint(0), flags = t.int(1);
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | EFD_SEMAPHORE)) throw new Errno(EINVAL);
  const f = t.proc.fds.createFile(FileKind.EventFd, -1, O_RDWR | (flags & O_NONBLOCK) | (flags & EFD_SEMAPHORE ? EFD_FLAG_SEMAPHORE : 0));
  setEventfdCount(t.proc, f, BigInt(initval));
  return t.proc.fds.install(f, (flags & O_CLOEXEC) !== 0);
});

/** read(2) on an eventfd: the counter (or 1 in semaphore mode), blocking while it is zero. */
export function eventfdRead(t: Thread, f: OpenFile, buf: Uint8Array): number {
  if (buf.length < 8) throw new Errno(EINVAL);
  const proc = t.proc;
  for (;;) {
    const value = proc.kernel.locked(Lock.EventFd, () => {
      const n = eventfdCount(proc, f);
      if (n === 0n) return null;
      const take = f.flags & EFD_FLAG_SEMAPHORE ? 1n : n;
      setEventfdCount(proc, f, n - take);
      return take;
    });
    if (value !== null) {
      new DataView(buf.buffer, buf.byteOffset).setBigUint64(0, value, true);
      proc.epoll.changed();
      proc.kernel.notifyPollers();
      return 8;
    }
    if (f.flags & O_NONBLOCK) throw new Errno(EAGAIN);
    if (waitUntilReady(t, () => eventfdCount(proc, f) > 0n, null, false) === 'interrupted') throw new Errno(ERESTARTSYS);
  }
}

/** write(2) on an eventfd: adds to the counter, blocking while it would overflow. */
export function eventfdWrite(t: Thread, f: OpenFile, buf: Uint8Array): number {
  if (buf.length < 8) throw new Errno(EINVAL);
  const proc = t.proc;
  const v = new DataView(buf.buffer, buf.byteOffset).getBigUint64(0, true);
  if (v === 0xffffffffffffffffn) throw new Errno(EINVAL);
  for (;;) {
    const done = proc.kernel.locked(Lock.EventFd, () => {
      const n = eventfdCount(proc, f);
      if (EVENTFD_MAX - n < v) return false;
      setEventfdCount(proc, f, n + v);
      return true;
    });
    if (done) {
      proc.epoll.changed();
      proc.kernel.notifyPollers();
      return 8;
    }
    if (f.flags & O_NONBLOCK) throw new Errno(EAGAIN);
    if (waitUntilReady(t, () => EVENTFD_MAX - eventfdCount(proc, f) >= v, null, false) === 'interrupted') throw new Errno(ERESTARTSYS);
  }
}
