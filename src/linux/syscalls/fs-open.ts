// Creating and destroying descriptors: openat, close, close_range, dup, dup3, pipe2 and
// memfd_create.
//
// File creation modes: the guest's umask is ours to apply (mode & ~proc.umask), and the host
// process has a umask of its own that the host applies again on top. We leave the host umask
// alone (it is process-wide, and worker threads cannot change it) and instead fchmod a file we
// just created whenever the host umask took away a bit the guest asked for.

import { sys } from './registry.js';
import { Errno, EACCES, EBADF, EEXIST, EINVAL, ELOOP, ENOENT, ENOTDIR, EISDIR } from '../errno.js';
import { MemoryError } from '../../memory/address-space.js';
import {
  FdTable, FileKind, FD_CLOEXEC, O_CLOEXEC, O_CREAT, O_DIRECT, O_DIRECTORY, O_EXCL, O_LARGEFILE, O_NOCTTY,
  O_NOFOLLOW, O_NONBLOCK, O_PATH, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY,
} from '../fdtable.js';
import * as procfs from '../procfs.js';
import type { Thread } from '../thread.js';
import { fdLimit, installFile, installHostFd, kindOfMode } from './fs-common.js';
import { readPath, resolveAt, type PathTarget } from './fs-at.js';

const O_ACCMODE_MASK = 3;
const __O_TMPFILE = 0o20000000;
const O_TMPFILE = __O_TMPFILE | O_DIRECTORY;

/** build_open_flags(): the only combination openat(2) rejects is a malformed O_TMPFILE. */
function checkOpenFlags(flags: number): void {
  if (flags & __O_TMPFILE) {
    if ((flags & (O_TMPFILE | O_CREAT)) !== O_TMPFILE) throw new Errno(EINVAL);
    const acc = FdTable.accessMode(flags);
    if (acc !== O_WRONLY && acc !== O_RDWR) throw new Errno(EINVAL);
  }
}

/** What O_PATH keeps of the other flags (O_PATH_FLAGS minus O_CLOEXEC, which is per-fd). */
function pathOnly(flags: number): number {
  return flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW);
}

/**
 * The file status flags Linux keeps in f_flags for an open(2): no creation-time flags, no
 * O_CLOEXEC, and O_LARGEFILE forced on 64-bit kernels. F_GETFL reports exactly these.
 */
export function statusFlagsForOpen(flags: number): number {
  if (flags & O_PATH) return pathOnly(flags);
  return (flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)) | O_LARGEFILE;
}

function creates(flags: number): boolean {
  return !(flags & O_PATH) && ((flags & O_CREAT) !== 0 || (flags & __O_TMPFILE) !== 0);
}

function existsFollowing(t: Thread, hostPath: string): boolean {
  try {
    t.proc.host.fs.stat(hostPath, true);
    return true;
  } catch {
    return false;
  }
}

/** Opens a host path for the guest and installs it; returns the guest fd. */
export function openHost(t: Thread, hostPath: string, flags: number, mode: number): number {
  const fs = t.proc.host.fs;
  const create = creates(flags);
  const want = create ? mode & 0o7777 & ~t.proc.umask : 0;
  const hostMasks = create && (want & fs.umask()) !== 0;
  const existed = hostMasks && !(flags & (O_EXCL | __O_TMPFILE)) && existsFollowing(t, hostPath);
  const hostFlags = flags & O_PATH ? pathOnly(flags) : flags & ~O_CLOEXEC;
  const hostFd = fs.open(hostPath, hostFlags, want);
  let kind: FileKind;
  try {
    if (hostMasks && !existed) fs.fchmod(hostFd, want);
    kind = kindOfMode(fs.fstat(hostFd).mode);
  } catch (e) {
    fs.close(hostFd);
    throw e;
  }
  return installHostFd(t, hostFd, kind, statusFlagsForOpen(flags), (flags & O_CLOEXEC) !== 0);
}

/** An emulated regular file: its content, generated now, in an anonymous host file. */
function openGenerated(t: Thread, node: procfs.ProcNode, flags: number): number {
  if ((flags & O_CREAT) && (flags & O_EXCL)) throw new Errno(EEXIST);
  if (flags & O_DIRECTORY) throw new Errno(ENOTDIR);
  if (!(flags & O_PATH) && FdTable.accessMode(flags) !== O_RDONLY) throw new Errno(EACCES);
  const fs = t.proc.host.fs;
  const hostFd = fs.tmpfile(null, 0o444, procfs.label(t.proc, node.guest) ?? undefined);
  try {
    const data = node.content!();
    for (let off = 0; off < data.length;) off += fs.write(hostFd, data.subarray(off), off);
  } catch (e) {
    fs.close(hostFd);
    throw e;
  }
  const status = statusFlagsForOpen(flags & ~O_ACCMODE_MASK) | procfs.PROC_BACKED;
  return installHostFd(t, hostFd, FileKind.Seekable, status, (flags & O_CLOEXEC) !== 0);
}

/** The descriptor number the next install will pick (only a prediction if other threads race). */
function lowestFreeFd(t: Thread): number {
  const open = new Set(t.proc.fds.openFds());
  for (let fd = 0; fd < fdLimit(t); fd++) if (!open.has(fd)) return fd;
  return -1;
}

/** An emulated directory (/proc/self/fd): a host directory made to list the guest's entries. */
function openListing(t: Thread, node: procfs.ProcNode, flags: number): number {
  if ((flags & O_CREAT) && (flags & O_EXCL)) throw new Errno(EEXIST);
  if (!(flags & O_PATH) && FdTable.accessMode(flags) !== O_RDONLY) throw new Errno(EISDIR);
  const entries = node.listing!(lowestFreeFd(t));
  const hostFd = t.proc.host.fs.syntheticDir(entries, procfs.label(t.proc, node.guest) ?? undefined);
  const status = statusFlagsForOpen(flags) | procfs.PROC_BACKED;
  return installHostFd(t, hostFd, FileKind.Directory, status, (flags & O_CLOEXEC) !== 0);
}

function openProc(t: Thread, target: PathTarget, flags: number, mode: number): number {
  const node = target.node!;
  if (node.missing) throw new Errno(ENOENT);
  if (node.content) return openGenerated(t, node, flags);
  if (node.listing) return openListing(t, node, flags);
  if (node.link && (flags & O_NOFOLLOW)) {
    if (!(flags & O_PATH)) throw new Errno(ELOOP);
    return openHost(t, node.hostNoFollow, flags, mode);
  }
  const fd = openHost(t, node.host, flags, mode);
  const f = t.proc.fds.get(fd);
  // A directory under /proc used as a dirfd must keep resolving names through procfs.
  if (f.kind === FileKind.Directory) f.flags |= procfs.PROC_BACKED;
  return fd;
}

export function openAt(t: Thread, dirfd: number, pathAddr: number, flags: number, mode: number): number {
  checkOpenFlags(flags);
  const target = resolveAt(t, dirfd, readPath(t, pathAddr)) as PathTarget;
  if (target.node) return openProc(t, target, flags, mode);
  return openHost(t, target.host, flags, mode);
}

sys('openat', 'dfd s of o', (t) => openAt(t, t.int(0), t.ulong(1), t.int(2), t.uint(3)));

sys('close', 'fd', (t) => {
  t.proc.fds.close(t.int(0));
  return 0;
});

const CLOSE_RANGE_UNSHARE = 2, CLOSE_RANGE_CLOEXEC = 4;
sys('close_range', 'u u x', (t) => {
  const first = t.uint(0), last = t.uint(1), flags = t.uint(2);
  if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) throw new Errno(EINVAL);
  if (first > last) throw new Errno(EINVAL);
  const fds = t.proc.fds;
  for (const fd of fds.openFds()) {
    if (fd < first || fd > last) continue;
    if (flags & CLOSE_RANGE_CLOEXEC) fds.setFdFlags(fd, FD_CLOEXEC);
    else fds.close(fd);
  }
  return 0;
});

sys('dup', 'fd', (t) => installFile(t, t.proc.fds.ref(t.int(0)), false));

sys('dup3', 'fd fd of', (t) => {
  const oldfd = t.int(0), newfd = t.uint(1), flags = t.int(2);
  if (flags & ~O_CLOEXEC) throw new Errno(EINVAL);
  if (oldfd === newfd) throw new Errno(EINVAL);
  if (newfd >= fdLimit(t)) throw new Errno(EBADF);
  const f = t.proc.fds.ref(oldfd);
  t.proc.fds.installAt(f, newfd, (flags & O_CLOEXEC) !== 0);
  return newfd;
});

/** Gives a host pipe end the guest's O_NONBLOCK by reopening it (Node has no fcntl). */
function nonBlockingEnd(t: Thread, hostFd: number, acc: number): number {
  const fs = t.proc.host.fs;
  try {
    return fs.reopen(hostFd, acc | O_NONBLOCK);
  } finally {
    fs.close(hostFd);
  }
}

sys('pipe2', 'p of', (t) => {
  const addr = t.ulong(0), flags = t.int(1);
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) throw new Errno(EINVAL);
  t.proc.write(addr, 8);
  let [r, w] = t.proc.host.fs.pipe();
  if (flags & O_NONBLOCK) {
    r = nonBlockingEnd(t, r, O_RDONLY);
    w = nonBlockingEnd(t, w, O_WRONLY);
  }
  const cloexec = (flags & O_CLOEXEC) !== 0;
  const shared = flags & (O_NONBLOCK | O_DIRECT);
  let rfd: number;
  try {
    rfd = installHostFd(t, r, FileKind.Stream, O_RDONLY | shared, cloexec);
  } catch (e) {
    t.proc.host.fs.close(w);
    throw e;
  }
  let wfd: number;
  try {
    wfd = installHostFd(t, w, FileKind.Stream, O_WRONLY | shared, cloexec);
  } catch (e) {
    t.proc.fds.close(rfd);
    throw e;
  }
  t.proc.putU32(addr, rfd);
  t.proc.putU32(addr + 4, wfd);
  return 0;
});

const MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2, MFD_HUGETLB = 4, MFD_NOEXEC_SEAL = 8, MFD_EXEC = 0x10;
const MFD_NAME_MAX_LEN = 249; // NAME_MAX - strlen("memfd:")

function memfdName(t: Thread, addr: number): string {
  try {
    return new TextDecoder().decode(t.proc.mm.readCString(addr, MFD_NAME_MAX_LEN + 1));
  } catch (e) {
    if (e instanceof MemoryError && e.errno === 36) throw new Errno(EINVAL);
    throw e;
  }
}

/** memfd_create: an anonymous host file; readlink shows the name Linux would. */
sys('memfd_create', 's x', (t) => {
  const flags = t.uint(1);
  if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL | MFD_EXEC)) throw new Errno(EINVAL);
  if ((flags & MFD_EXEC) && (flags & MFD_NOEXEC_SEAL)) throw new Errno(EINVAL);
  void MFD_HUGETLB; // no hugetlbfs behind us: rejected with the unknown flags above
  const name = memfdName(t, t.ulong(0));
  // The host file carries the guest's name for readlink("/proc/self/fd/N") (see procfs.label).
  const label = procfs.label(t.proc, `/memfd:${name} (deleted)`) ?? undefined;
  const hostFd = t.proc.host.fs.tmpfile(null, flags & MFD_NOEXEC_SEAL ? 0o666 : 0o777, label);
  return installHostFd(t, hostFd, FileKind.Seekable, O_RDWR | O_LARGEFILE, (flags & MFD_CLOEXEC) !== 0);
});
