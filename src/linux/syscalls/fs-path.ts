// Operations on names: mkdirat, unlinkat, renameat2, linkat, symlinkat, readlinkat,
// faccessat(2), chdir, fchdir, getcwd, truncate and utimensat.

import { sys } from './registry.js';
import { Errno, EINVAL, EISDIR, ENOENT, ENOTDIR, EPERM, ERANGE } from '../errno.js';
import { FileKind } from '../fdtable.js';
import { HostError } from '../../host/host.js';
import * as procfs from '../procfs.js';
import type { Thread } from '../thread.js';
import { fileOf, isDir, isLnk, isReg, loffArg, rawFileOf } from './fs-common.js';
import {
  AT_EACCESS, AT_EMPTY_PATH, AT_FDCWD, AT_REMOVEDIR, AT_SYMLINK_FOLLOW, AT_SYMLINK_NOFOLLOW, guestCwd, hostPathFor,
  hostPathOfFd, readPath, resolveAt, resolvePath, type PathTarget,
} from './fs-at.js';

const X_OK = 1;

sys('mkdirat', 'dfd s o', (t) => {
  const target = resolvePath(t, t.int(0), t.ulong(1));
  const host = hostPathFor(target, false);
  const fs = t.proc.host.fs;
  // mkdir keeps only the permission and sticky bits of the mode, then applies the umask.
  const want = t.uint(2) & 0o1777 & ~t.proc.umask;
  fs.mkdir(host, want);
  if (want & fs.umask()) {
    const inheritedSetgid = fs.stat(host, false).mode & 0o2000;
    fs.chmod(host, want | inheritedSetgid);
  }
  return 0;
});

const S_IFMT = 0o170000, S_IFREG = 0o100000, S_IFDIR = 0o040000, S_IFCHR = 0o020000, S_IFBLK = 0o060000,
  S_IFIFO = 0o010000, S_IFSOCK = 0o140000;

/** may_mknod(): which file types mknod makes (a directory is mkdir's job). */
function mknodType(mode: number): number {
  switch (mode & S_IFMT) {
    case 0:
    case S_IFREG: return S_IFREG;
    case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK: return mode & S_IFMT;
    case S_IFDIR: throw new Errno(EPERM);
    default: throw new Errno(EINVAL);
  }
}

sys('mknodat', 'dfd s o x', (t) => {
  const mode = t.uint(2), dev = t.uint(3);
  const type = mknodType(mode);
  const host = hostPathFor(resolvePath(t, t.int(0), t.ulong(1)), false);
  const perm = mode & 0o7777 & ~t.proc.umask;
  // new_decode_dev(): the 32-bit dev_t split.
  const major = (dev & 0xfff00) >>> 8, minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  t.proc.host.fs.mknod(host, type | perm, major, minor);
  return 0;
});

sys('unlinkat', 'dfd s x', (t) => {
  const flags = t.int(2);
  if (flags & ~AT_REMOVEDIR) throw new Errno(EINVAL);
  const host = hostPathFor(resolvePath(t, t.int(0), t.ulong(1)), false);
  if (flags & AT_REMOVEDIR) t.proc.host.fs.rmdir(host);
  else t.proc.host.fs.unlink(host);
  return 0;
});

const RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2, RENAME_WHITEOUT = 4;
sys('renameat2', 'dfd s dfd s x', (t) => {
  const flags = t.uint(4);
  if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) throw new Errno(EINVAL);
  if ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) && (flags & RENAME_EXCHANGE)) throw new Errno(EINVAL);
  // A whiteout is an overlayfs device node the host has no way to make for us.
  if (flags & RENAME_WHITEOUT) throw new Errno(EINVAL);
  const from = hostPathFor(resolvePath(t, t.int(0), t.ulong(1)), false);
  const to = hostPathFor(resolvePath(t, t.int(2), t.ulong(3)), false);
  t.proc.host.fs.rename(from, to, flags);
  return 0;
});

/** The host path a descriptor's file can be linked from (an unlinked file has none). */
function linkableFdPath(t: Thread, hostFd: number): string {
  const p = t.proc.hostPathOf(hostFd);
  if (!p.startsWith('/') || p.endsWith(' (deleted)')) throw new Errno(ENOENT);
  return p;
}

sys('linkat', 'dfd s dfd s x', (t) => {
  const flags = t.int(4);
  if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) throw new Errno(EINVAL);
  const old = resolveAt(t, t.int(0), readPath(t, t.ulong(1)), (flags & AT_EMPTY_PATH) !== 0);
  const to = hostPathFor(resolvePath(t, t.int(2), t.ulong(3)), false);
  const fs = t.proc.host.fs;
  let from: string;
  if (old.kind === 'fd') from = linkableFdPath(t, old.file.hostFd);
  else if (flags & AT_SYMLINK_FOLLOW) from = fs.realpath(hostPathFor(old, true)); // link(2) on the host never follows
  else from = hostPathFor(old, false);
  fs.link(from, to);
  return 0;
});

sys('symlinkat', 's dfd s', (t) => {
  const text = readPath(t, t.ulong(0));
  const target = resolvePath(t, t.int(1), t.ulong(2));
  if (text === '') throw new Errno(ENOENT);
  t.proc.host.fs.symlink(text, hostPathFor(target, false));
  return 0;
});

/** The text of a symbolic link named by a target; EINVAL when it is not one. */
function linkText(t: Thread, target: ReturnType<typeof resolveAt>): string {
  const fs = t.proc.host.fs;
  if (target.kind === 'fd') {
    // readlinkat(fd, "") reads the link an O_PATH|O_NOFOLLOW descriptor stands for.
    if (!isLnk(fs.fstat(target.file.hostFd).mode)) throw new Errno(ENOENT);
    return fs.readlink(t.proc.hostPathOf(target.file.hostFd));
  }
  if (target.node?.missing) throw new Errno(ENOENT);
  if (target.node?.link) return target.node.link();
  return fs.readlink(target.hostNoFollow);
}

sys('readlinkat', 'dfd s p i', (t) => {
  const bufsiz = t.int(3);
  if (bufsiz <= 0) throw new Errno(EINVAL);
  const path = readPath(t, t.ulong(1));
  const target = resolveAt(t, t.int(0), path, true);
  let text: string;
  try {
    text = linkText(t, target);
  } catch (e) {
    // An empty name that is not a symlink is ENOENT rather than EINVAL (it names no link at all).
    if (path === '' && e instanceof HostError && e.errno === EINVAL) throw new Errno(ENOENT);
    throw e;
  }
  const bytes = new TextEncoder().encode(text);
  const n = Math.min(bytes.length, bufsiz);
  t.proc.write(t.ulong(2), n).set(bytes.subarray(0, n));
  return n;
});

/** access(2) semantics; a symlink itself (AT_SYMLINK_NOFOLLOW) grants everything, as its mode is 0777. */
function accessAt(t: Thread, dirfd: number, pathAddr: number, mode: number, flags: number): number {
  if (mode & ~7) throw new Errno(EINVAL);
  if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) throw new Errno(EINVAL);
  const target = resolveAt(t, dirfd, readPath(t, pathAddr), (flags & AT_EMPTY_PATH) !== 0);
  const fs = t.proc.host.fs;
  if (target.kind === 'fd') {
    fs.access(hostPathOfFd(target.file), mode);
    return 0;
  }
  if (flags & AT_SYMLINK_NOFOLLOW) {
    const host = hostPathFor(target, false);
    if (isLnk(fs.stat(host, false).mode)) return 0;
    fs.access(host, mode);
    return 0;
  }
  fs.access(hostPathFor(target, true), mode);
  return 0;
}

sys('faccessat', 'dfd s i', (t) => accessAt(t, t.int(0), t.ulong(1), t.int(2), 0));
sys('faccessat2', 'dfd s i x', (t) => accessAt(t, t.int(0), t.ulong(1), t.int(2), t.int(3)));

// ---- the working directory ----

/** Makes a host directory the guest cwd after Linux's checks: it exists, is a directory, is searchable. */
function enterDirectory(t: Thread, host: string, cwd: () => string): void {
  const fs = t.proc.host.fs;
  if (!isDir(fs.stat(host, true).mode)) throw new Errno(ENOTDIR);
  fs.access(host, X_OK);
  t.proc.paths.cwd = cwd();
}

sys('chdir', 's', (t) => {
  const target: PathTarget = resolvePath(t, AT_FDCWD, t.ulong(0));
  const host = hostPathFor(target, true);
  // Like the kernel's d_path, the new cwd has no symlinks or dot components left.
  enterDirectory(t, host, () => (target.node ? target.guest : t.proc.host.fs.realpath(host)));
  return 0;
});

sys('fchdir', 'fd', (t) => {
  const f = rawFileOf(t, t.int(0));
  if (f.kind !== FileKind.Directory) throw new Errno(ENOTDIR);
  const host = hostPathOfFd(f);
  enterDirectory(t, host, () => procfs.guestDirOf(t.proc, f) ?? t.proc.hostPathOf(f.hostFd));
  return 0;
});

sys('getcwd', 'p u', (t) => {
  const size = t.ulong(1);
  try {
    t.proc.host.fs.stat(t.proc.paths.cwd, true);
  } catch {
    throw new Errno(ENOENT); // the directory was removed while we were in it
  }
  const bytes = new TextEncoder().encode(guestCwd(t) + '\0');
  if (bytes.length > size) throw new Errno(ERANGE);
  t.proc.write(t.ulong(0), bytes.length).set(bytes);
  return bytes.length;
});

sys('truncate', 's l', (t) => {
  const len = loffArg(t, 1);
  if (len < 0) throw new Errno(EINVAL);
  const host = hostPathFor(resolvePath(t, AT_FDCWD, t.ulong(0)), true);
  const mode = t.proc.host.fs.stat(host, true).mode;
  if (isDir(mode)) throw new Errno(EISDIR);
  if (!isReg(mode)) throw new Errno(EINVAL);
  t.proc.host.fs.truncate(host, len);
  return 0;
});

// ---- timestamps ----

const UTIME_NOW = 0x3fffffff, UTIME_OMIT = 0x3ffffffe;

interface Timespec { sec: bigint; nsec: bigint }

function readTimespec(t: Thread, addr: number): Timespec {
  return { sec: BigInt.asIntN(64, t.proc.getU64(addr)), nsec: BigInt.asIntN(64, t.proc.getU64(addr + 8)) };
}

function nsecValid(ts: Timespec): boolean {
  return ts.nsec === BigInt(UTIME_NOW) || ts.nsec === BigInt(UTIME_OMIT) || (ts.nsec >= 0n && ts.nsec <= 999_999_999n);
}

/** A timespec as nanoseconds for the host: null keeps the current value. */
function timeNs(t: Thread, ts: Timespec | null): bigint | null {
  if (ts === null || ts.nsec === BigInt(UTIME_NOW)) return t.proc.host.clock.realtimeNs();
  if (ts.nsec === BigInt(UTIME_OMIT)) return null;
  return ts.sec * 1_000_000_000n + ts.nsec;
}

/** utimensat; with a NULL path and a real dirfd it is futimens on that descriptor. */
sys('utimensat', 'dfd s p x', (t) => {
  const dirfd = t.int(0), pathAddr = t.ulong(1), timesAddr = t.ulong(2), flags = t.int(3);
  let times: [Timespec, Timespec] | null = null;
  if (timesAddr) {
    times = [readTimespec(t, timesAddr), readTimespec(t, timesAddr + 16)];
    // Both omitted: nothing to do, and Linux does not even look the path up.
    if (times[0].nsec === BigInt(UTIME_OMIT) && times[1].nsec === BigInt(UTIME_OMIT)) return 0;
  }
  const fs = t.proc.host.fs;
  const checkTimes = () => {
    if (times && (!nsecValid(times[0]) || !nsecValid(times[1]))) throw new Errno(EINVAL);
  };
  const a = () => timeNs(t, times?.[0] ?? null), m = () => timeNs(t, times?.[1] ?? null);
  if (pathAddr === 0 && dirfd !== AT_FDCWD) {
    if (flags) throw new Errno(EINVAL);
    const f = fileOf(t, dirfd);
    checkTimes();
    fs.futimes(f.hostFd, a(), m());
    return 0;
  }
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) throw new Errno(EINVAL);
  const target = resolveAt(t, dirfd, readPath(t, pathAddr), (flags & AT_EMPTY_PATH) !== 0);
  const follow = !(flags & AT_SYMLINK_NOFOLLOW);
  const host = target.kind === 'fd' ? hostPathOfFd(target.file) : hostPathFor(target, follow);
  fs.stat(host, follow || target.kind === 'fd');
  checkTimes();
  fs.utimes(host, a(), m(), follow || target.kind === 'fd');
  return 0;
});
