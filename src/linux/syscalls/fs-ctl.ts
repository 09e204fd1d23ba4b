// Descriptor control: fcntl, ioctl and flock.

import { sys } from './registry.js';
import { Errno, EBADF, EINVAL, ENOTTY, ENXIO, EAGAIN, EPERM, ERESTARTSYS } from '../errno.js';
import { HostError } from '../../host/host.js';
import { FdTable, FileKind, FD_CLOEXEC, O_APPEND, O_NONBLOCK, O_PATH, type OpenFile } from '../fdtable.js';
import * as procfs from '../procfs.js';
import { SETFL_MASK } from '../procfs.js';
import type { LinuxProcess } from '../process.js';
import type { Thread } from '../thread.js';
import {
  checkReadable, fdLimit, fileOf, getI64, hostAccessMode, hostStat, installFile, isFifo, isReg, rawFileOf, sharesHostOffset,
  swapHostFd,
} from './fs-common.js';

const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7,
  F_SETOWN = 8, F_GETOWN = 9, F_SETSIG = 10, F_GETSIG = 11, F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38,
  F_GETLEASE = 1025, F_DUPFD_CLOEXEC = 1030, F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032;
/** Commands an O_PATH descriptor accepts (check_fcntl_cmd). */
const PATH_COMMANDS = new Set([F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL]);

const F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
const PIPE_SIZE = 65536;

/**
 * Makes the host descriptor match new status flags. Node has no fcntl(F_SETFL), so the file is
 * reopened through /proc/self/fd with the new flags and the description adopts the new host
 * descriptor: O_APPEND for regular files (appends stay atomic), O_NONBLOCK for pipes and
 * terminals. A FIFO that would block on reopening keeps its non-blocking host descriptor; the
 * read and write paths then retry for the blocking guest descriptor.
 */
function applyHostFlags(t: Thread, f: OpenFile, next: number): void {
  const changed = next ^ f.flags;
  const fs = t.proc.host.fs;
  if (f.kind === FileKind.Seekable && (changed & O_APPEND)) {
    // A description of its own from now on: carry over the offset the host was keeping.
    if (sharesHostOffset(f)) f.offset = fs.tell(f.hostFd) ?? f.offset;
    swapHostFd(t.proc, f, fs.reopen(f.hostFd, hostAccessMode(t, f) | (next & O_APPEND)));
    return;
  }
  if (f.kind !== FileKind.Stream || !(changed & O_NONBLOCK)) return;
  const fifo = isFifo(hostStat(t, f).mode);
  if (!(next & O_NONBLOCK) && fifo) return;
  try {
    swapHostFd(t.proc, f, fs.reopen(f.hostFd, hostAccessMode(t, f) | (next & O_NONBLOCK)));
  } catch (e) {
    // A FIFO's write end cannot be reopened non-blocking without a reader; writes fail with EPIPE then anyway.
    if (!(e instanceof HostError && e.errno === ENXIO)) throw e;
  }
}

function setStatusFlags(t: Thread, f: OpenFile, arg: number): number {
  f.flags = procfs.statusFlagsOf(t.proc, f); // inherited stdio: start from the host's real flags
  const next = (f.flags & ~SETFL_MASK) | (arg & SETFL_MASK);
  if (next !== f.flags) applyHostFlags(t, f, next);
  f.flags = next;
  return 0;
}

function dupFrom(t: Thread, fd: number, minFd: number, cloexec: boolean): number {
  if (minFd >= fdLimit(t)) throw new Errno(EINVAL);
  return installFile(t, t.proc.fds.ref(fd), cloexec, minFd);
}

// ---- record locks ----

interface Flock { type: number; whence: number; start: bigint; len: bigint; pid: number }

/** struct flock for riscv64: l_type, l_whence (shorts), l_start, l_len (off_t), l_pid. 32 bytes. */
function readFlock(t: Thread, addr: number): Flock {
  t.proc.read(addr, 32);
  const dv = t.proc.dv;
  return {
    type: dv.getInt16(addr, true), whence: dv.getInt16(addr + 2, true),
    start: getI64(t, addr + 8), len: getI64(t, addr + 16), pid: dv.getInt32(addr + 24, true),
  };
}

/** flock_to_posix_lock's checks: a valid origin, a range that does not start before 0, a known type. */
function checkFlock(t: Thread, f: OpenFile, l: Flock, ofd: boolean): void {
  if (ofd && l.pid !== 0) throw new Errno(EINVAL);
  let base: bigint;
  switch (l.whence) {
    case 0: base = 0n; break;
    case 1: base = BigInt(Math.trunc(f.offset)); break;
    case 2: base = hostStat(t, f).size; break;
    default: throw new Errno(EINVAL);
  }
  const start = base + l.start;
  if (start < 0n || (l.len < 0n && start + l.len < 0n)) throw new Errno(EINVAL);
  if (l.type !== F_RDLCK && l.type !== F_WRLCK && l.type !== F_UNLCK) throw new Errno(EINVAL);
}

/**
 * POSIX record locks are advisory and per process, and a process's own locks never conflict
 * with each other: as one process, F_GETLK always finds the range free and F_SETLK(W) always
 * succeeds. (Locks held by other host processes are invisible to us: Node has no fcntl.)
 * OFD locks are treated the same way, though Linux would let two descriptions conflict.
 */
function recordLock(t: Thread, f: OpenFile, cmd: number, addr: number): number {
  const l = readFlock(t, addr);
  const ofd = cmd >= F_OFD_GETLK;
  if (cmd === F_GETLK || cmd === F_OFD_GETLK) {
    if (l.type !== F_RDLCK && l.type !== F_WRLCK) throw new Errno(EINVAL);
    checkFlock(t, f, l, ofd);
    t.proc.write(addr, 2);
    t.proc.dv.setInt16(addr, F_UNLCK, true);
    return 0;
  }
  checkFlock(t, f, l, ofd);
  if (l.type === F_RDLCK) checkReadable(f);
  if (l.type === F_WRLCK && (FdTable.accessMode(f.flags) === 0 || (f.flags & O_PATH))) throw new Errno(EBADF);
  return 0;
}

function pipeSize(t: Thread, f: OpenFile, arg: number | null): number {
  if (f.kind !== FileKind.Stream || !isFifo(hostStat(t, f).mode)) throw new Errno(EBADF);
  if (arg === null) return PIPE_SIZE;
  // The host pipe keeps its own size (and F_GETPIPE_SZ keeps saying 64 KiB); report the size
  // Linux would have rounded the request to: whole pages, a power of two of them.
  if (arg === 0) throw new Errno(EINVAL);
  if (arg > 1048576 && t.proc.host.info().euid !== 0) throw new Errno(EPERM); // above pipe-max-size
  return 4096 * 2 ** Math.ceil(Math.log2(Math.ceil(arg / 4096)));
}

sys('fcntl', 'fd i x', (t) => {
  const fd = t.int(0), cmd = t.int(1);
  const f = rawFileOf(t, fd);
  if ((f.flags & O_PATH) && !PATH_COMMANDS.has(cmd)) throw new Errno(EBADF);
  const fds = t.proc.fds;
  switch (cmd) {
    case F_DUPFD: return dupFrom(t, fd, t.uint(2), false);
    case F_DUPFD_CLOEXEC: return dupFrom(t, fd, t.uint(2), true);
    case F_GETFD: return fds.fdFlagsOf(fd);
    case F_SETFD:
      fds.setFdFlags(fd, t.int(2) & FD_CLOEXEC);
      return 0;
    case F_GETFL: return procfs.statusFlagsOf(t.proc, f);
    case F_SETFL: return setStatusFlags(t, f, t.int(2));
    case F_GETLK: case F_SETLK: case F_SETLKW: case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
      return recordLock(t, f, cmd, t.ulong(2));
    case F_GETOWN: return 0;
    case F_SETOWN: return 0;
    case F_GETSIG: return 0;
    case F_SETSIG:
      if (t.ulong(2) > 64) throw new Errno(EINVAL);
      return 0;
    case F_GETLEASE: return F_UNLCK;
    case F_GETPIPE_SZ: return pipeSize(t, f, null);
    case F_SETPIPE_SZ: return pipeSize(t, f, t.uint(2));
    default:
      throw new Errno(EINVAL);
  }
});

// ---- flock ----

const LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8, LOCK_MAND = 32;

/**
 * flock locks belong to open file descriptions, so two opens of one file conflict even inside
 * one process. We keep them per file (dev:ino), holder by host descriptor (one per description).
 * Other host processes' flock locks are invisible to us.
 */
const flocks = new Map<string, Map<number, number>>();
const flockAttached = new WeakSet<LinuxProcess>();

function releaseFlocks(hostFd: number): void {
  for (const [key, holders] of flocks) {
    holders.delete(hostFd);
    if (holders.size === 0) flocks.delete(key);
  }
}

function attachFlockRelease(proc: LinuxProcess): void {
  if (flockAttached.has(proc)) return;
  flockAttached.add(proc);
  const inner = proc.fds.onHostClose;
  proc.fds.onHostClose = (h) => {
    releaseFlocks(h);
    inner(h);
  };
}

function conflicts(holders: Map<number, number>, self: number, type: number): boolean {
  for (const [holder, held] of holders) if (holder !== self && (type === LOCK_EX || held === LOCK_EX)) return true;
  return false;
}

sys('flock', 'fd x', (t) => {
  const cmd = t.uint(1);
  if (cmd & LOCK_MAND) return 0; // ignored since Linux 5.15
  const op = cmd & ~LOCK_NB;
  if (op !== LOCK_SH && op !== LOCK_EX && op !== LOCK_UN) throw new Errno(EINVAL);
  const f = fileOf(t, t.int(0));
  attachFlockRelease(t.proc);
  const st = hostStat(t, f);
  const key = `${st.dev}:${st.ino}`;
  const holders = flocks.get(key) ?? new Map<number, number>();
  if (op === LOCK_UN) {
    holders.delete(f.hostFd);
    if (holders.size === 0) flocks.delete(key);
    return 0;
  }
  while (conflicts(holders, f.hostFd, op)) {
    if (cmd & LOCK_NB) throw new Errno(EAGAIN);
    // another guest thread may let go; a signal ends the wait, as in Linux
    if (!t.proc.blockingSleep(t, 1_000_000n)) throw new Errno(ERESTARTSYS);
  }
  holders.set(f.hostFd, op);
  flocks.set(key, holders);
  return 0;
});

// ---- ioctl ----

const TCGETS = 0x5401, TIOCGPGRP = 0x540f, TIOCGWINSZ = 0x5413, FIONREAD = 0x541b, FIONBIO = 0x5421,
  FIONCLEX = 0x5450, FIOCLEX = 0x5451;

function isTty(t: Thread, f: OpenFile): boolean {
  return f.kind === FileKind.Stream && t.proc.host.fs.isatty(f.hostFd);
}

/** struct termios (asm-generic) for a terminal in its usual cooked mode. */
function putTermios(t: Thread, arg: number): void {
  const b = t.proc.write(arg, 36);
  b.fill(0);
  const dv = t.proc.dv;
  dv.setUint32(arg, 0x500, true); // ICRNL | IXON
  dv.setUint32(arg + 4, 0x5, true); // OPOST | ONLCR
  dv.setUint32(arg + 8, 0xbf, true); // B38400 | CS8 | CREAD
  dv.setUint32(arg + 12, 0x8a3b, true); // ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN
  b.set([3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22], 17);
}

/** FIONREAD: bytes left before EOF for files; for pipes and terminals the host cannot tell us. */
function bytesReadable(t: Thread, f: OpenFile): number {
  if (f.kind === FileKind.Seekable) {
    const st = hostStat(t, f);
    if (!isReg(st.mode)) throw new Errno(ENOTTY);
    return Math.max(0, Number(st.size) - f.offset);
  }
  if (f.kind === FileKind.Stream && (isTty(t, f) || isFifo(hostStat(t, f).mode))) {
    return Math.max(0, t.proc.host.fs.available(f.hostFd));
  }
  throw new Errno(ENOTTY);
}

sys('ioctl', 'fd x p', (t) => {
  const fd = t.int(0);
  const f = fileOf(t, fd);
  const req = t.uint(1), arg = t.ulong(2);
  switch (req) {
    case FIOCLEX:
      t.proc.fds.setFdFlags(fd, FD_CLOEXEC);
      return 0;
    case FIONCLEX:
      t.proc.fds.setFdFlags(fd, 0);
      return 0;
    case FIONBIO: {
      const on = t.proc.getU32(arg) !== 0;
      return setStatusFlags(t, f, on ? f.flags | O_NONBLOCK : f.flags & ~O_NONBLOCK);
    }
    case FIONREAD:
      t.proc.putU32(arg, bytesReadable(t, f));
      return 0;
    case TCGETS:
      if (!isTty(t, f)) throw new Errno(ENOTTY);
      putTermios(t, arg);
      return 0;
    case TIOCGWINSZ: {
      const ws = f.kind === FileKind.Stream ? t.proc.host.fs.windowSize(f.hostFd) : null;
      if (!ws) throw new Errno(ENOTTY);
      t.proc.write(arg, 8).fill(0);
      t.proc.dv.setUint16(arg, ws.rows, true);
      t.proc.dv.setUint16(arg + 2, ws.cols, true);
      return 0;
    }
    case TIOCGPGRP:
      if (!isTty(t, f)) throw new Errno(ENOTTY);
      t.proc.putU32(arg, t.proc.pid); // we run as the foreground job of our terminal
      return 0;
    default:
      throw new Errno(ENOTTY);
  }
});
