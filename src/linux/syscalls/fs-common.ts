// Pieces every file-system syscall family shares: descriptor lookup with Linux's fdget() rules,
// installing new descriptors under RLIMIT_NOFILE, file-type tests, and guest buffers that
// behave like copy_to_user/copy_from_user (a fault part-way gives a short transfer).

import { Errno, EBADF, EFAULT } from '../errno.js';
import { FdTable, FileKind, MAX_FDS, O_PATH, O_RDONLY, O_WRONLY, type OpenFile } from '../fdtable.js';
import { PAGE_SIZE, PERM_R, PERM_W } from '../../memory/layout.js';
import type { HostStat } from '../../host/host.js';
import type { LinuxProcess } from '../process.js';
import type { Thread } from '../thread.js';

export const S_IFMT = 0o170000, S_IFSOCK = 0o140000, S_IFLNK = 0o120000, S_IFREG = 0o100000, S_IFBLK = 0o060000,
  S_IFDIR = 0o040000, S_IFCHR = 0o020000, S_IFIFO = 0o010000;

/** Linux's MAX_RW_COUNT: the most one read/write transfers. */
export const MAX_RW_COUNT = 0x7ffff000;

export const isDir = (mode: number): boolean => (mode & S_IFMT) === S_IFDIR;
export const isReg = (mode: number): boolean => (mode & S_IFMT) === S_IFREG;
export const isFifo = (mode: number): boolean => (mode & S_IFMT) === S_IFIFO;
export const isChr = (mode: number): boolean => (mode & S_IFMT) === S_IFCHR;
export const isLnk = (mode: number): boolean => (mode & S_IFMT) === S_IFLNK;

/** How we drive a host descriptor of this file type (see fdtable.ts). */
export function kindOfMode(mode: number): FileKind {
  if (isDir(mode)) return FileKind.Directory;
  if (isReg(mode) || (mode & S_IFMT) === S_IFBLK) return FileKind.Seekable;
  return FileKind.Stream;
}

/** fdget(): an open descriptor, but not an O_PATH one (those only name a file). */
export function fileOf(t: Thread, fd: number): OpenFile {
  const f = t.proc.fds.get(fd);
  if (f.flags & O_PATH) throw new Errno(EBADF);
  return f;
}

/** fdget_raw(): any open descriptor, O_PATH ones included. */
export function rawFileOf(t: Thread, fd: number): OpenFile {
  return t.proc.fds.get(fd);
}

export function checkReadable(f: OpenFile): void {
  if (FdTable.accessMode(f.flags) === O_WRONLY || (f.flags & O_PATH)) throw new Errno(EBADF);
}

export function checkWritable(f: OpenFile): void {
  if (FdTable.accessMode(f.flags) === O_RDONLY || (f.flags & O_PATH)) throw new Errno(EBADF);
}

export function hostStat(t: Thread, f: OpenFile): HostStat {
  return t.proc.host.fs.fstat(f.hostFd);
}

/** One past the highest descriptor number the process may use (RLIMIT_NOFILE). */
export function fdLimit(t: Thread): number {
  return Math.min(MAX_FDS, t.proc.rlimits[7]![0]);
}

/** Puts a new open file description in the table at the lowest free slot >= minFd. */
export function installFile(t: Thread, file: OpenFile, cloexec: boolean, minFd = 0): number {
  return t.proc.fds.install(file, cloexec, minFd, fdLimit(t));
}

/** Wraps a fresh host descriptor in an open file description and gives it a guest fd. */
export function installHostFd(t: Thread, hostFd: number, kind: FileKind, flags: number, cloexec: boolean): number {
  let file: OpenFile;
  try {
    file = t.proc.fds.createFile(kind, hostFd, flags);
  } catch (e) {
    t.proc.host.fs.close(hostFd);
    throw e;
  }
  if (kind === FileKind.Seekable) file.offset = 0;
  return installFile(t, file, cloexec);
}

/** How many bytes from `addr` the guest may access with `perm`, up to `len`. */
function accessiblePrefix(t: Thread, addr: number, len: number, perm: number): number {
  const mm = t.proc.mm;
  let done = 0;
  while (done < len) {
    const pageLeft = PAGE_SIZE - ((addr + done) % PAGE_SIZE);
    const step = Math.min(pageLeft, len - done);
    if (!mm.accessible(addr + done, step, perm)) break;
    done += step;
  }
  return done;
}

/**
 * The part of a guest buffer a transfer can use: everything up to the first inaccessible page.
 * A fault at the very start is EFAULT, as when copy_to_user copies nothing.
 */
export function guestSpan(t: Thread, addr: number, len: number, forWrite: boolean): Uint8Array {
  if (len === 0) return new Uint8Array(0);
  const n = accessiblePrefix(t, addr, len, forWrite ? PERM_W : PERM_R);
  if (n === 0) throw new Errno(EFAULT);
  return forWrite ? t.proc.write(addr, n) : t.proc.read(addr, n);
}

/** Reads a signed 64-bit value (loff_t) from guest memory. */
export function getI64(t: Thread, addr: number): bigint {
  return BigInt.asIntN(64, t.proc.getU64(addr));
}

/** A syscall argument holding a loff_t, as a JS number (offsets beyond 2^53 are not representable). */
export function loffArg(t: Thread, i: number): number {
  return Number(BigInt.asIntN(64, t.big(i)));
}

/**
 * Host descriptors 0-2 are the host process's own stdio, whose open file descriptions (and so
 * file offsets) are shared with the shell and with whatever runs after us. For those the host
 * keeps the offset: we must not pwrite at an offset of our own.
 */
export function sharesHostOffset(f: OpenFile): boolean {
  return f.hostFd <= 2;
}

/** Points an open file description at a new host descriptor and lets go of the old one. */
export function swapHostFd(proc: LinuxProcess, f: OpenFile, next: number): void {
  const old = f.hostFd;
  f.hostFd = next;
  const mapped = proc.sharedFileMaps.some((m) => m.hostFd === old);
  if (old > 2 && !mapped) proc.host.fs.close(old); // a MAP_SHARED mapping still writes back through it
}

/** The host's access mode of a descriptor (the guest's record says O_RDWR for inherited stdio). */
export function hostAccessMode(t: Thread, f: OpenFile): number {
  return f.hostFd > 2 ? FdTable.accessMode(f.flags) : FdTable.accessMode(t.proc.host.fs.statusFlags(f.hostFd));
}
