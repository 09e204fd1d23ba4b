// File metadata: fstat, newfstatat, statx, statfs, fstatfs, and changing modes and owners.

import { sys } from './registry.js';
import { Errno, EINVAL } from '../errno.js';
import type { HostStat, HostStatfs } from '../../host/host.js';
import type { OpenFile } from '../fdtable.js';
import * as procfs from '../procfs.js';
import type { Thread } from '../thread.js';
import { fileOf, rawFileOf } from './fs-common.js';
import {
  AT_EMPTY_PATH, AT_NO_AUTOMOUNT, AT_STATX_SYNC_TYPE, AT_SYMLINK_NOFOLLOW, hostPathFor, hostPathOfFd, readPath,
  resolveAt, type Target,
} from './fs-at.js';

/** What fstat reports for a descriptor: emulated /proc files show the metadata procfs would. */
export function statOfFile(t: Thread, f: OpenFile): HostStat {
  const fs = t.proc.host.fs;
  const stand = procfs.statPathOf(t.proc, f);
  if (stand) {
    try {
      return fs.stat(stand, true);
    } catch {
      // the stand-in vanished; the backing file's own metadata is the next best thing
    }
  }
  return fs.fstat(f.hostFd);
}

/** stat or lstat of a resolved *at() target. */
export function statTarget(t: Thread, target: Target, follow: boolean): HostStat {
  if (target.kind === 'fd') return statOfFile(t, target.file);
  return t.proc.host.fs.stat(hostPathFor(target, follow), follow);
}

/** struct stat for riscv64 (asm-generic layout, 128 bytes). */
export function putStat(t: Thread, addr: number, st: HostStat): void {
  const b = t.proc.write(addr, 128);
  b.fill(0);
  const dv = t.proc.dv;
  dv.setBigUint64(addr, st.dev, true);
  dv.setBigUint64(addr + 8, st.ino, true);
  dv.setUint32(addr + 16, st.mode, true);
  dv.setUint32(addr + 20, st.nlink, true);
  dv.setUint32(addr + 24, st.uid, true);
  dv.setUint32(addr + 28, st.gid, true);
  dv.setBigUint64(addr + 32, st.rdev, true);
  dv.setBigInt64(addr + 48, st.size, true);
  dv.setInt32(addr + 56, st.blksize, true);
  dv.setBigInt64(addr + 64, st.blocks, true);
  [st.atimeNs, st.mtimeNs, st.ctimeNs].forEach((ns, i) => {
    const [sec, nsec] = splitNs(ns);
    dv.setBigInt64(addr + 72 + 16 * i, sec, true);
    dv.setBigUint64(addr + 80 + 16 * i, nsec, true);
  });
}

/** Nanoseconds since the epoch -> (seconds, nanoseconds in [0, 1e9)), correct before 1970 too. */
function splitNs(ns: bigint): [bigint, bigint] {
  let sec = ns / 1_000_000_000n, nsec = ns % 1_000_000_000n;
  if (nsec < 0n) {
    sec -= 1n;
    nsec += 1_000_000_000n;
  }
  return [sec, nsec];
}

sys('fstat', 'fd p', (t) => {
  putStat(t, t.ulong(1), statOfFile(t, rawFileOf(t, t.int(0))));
  return 0;
});

const STAT_FLAGS = AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE;

sys('newfstatat', 'dfd s p x', (t) => {
  const dirfd = t.int(0), flags = t.int(3);
  const path = readPath(t, t.ulong(1));
  if (flags & ~STAT_FLAGS) throw new Errno(EINVAL);
  const target = resolveAt(t, dirfd, path, (flags & AT_EMPTY_PATH) !== 0);
  putStat(t, t.ulong(2), statTarget(t, target, !(flags & AT_SYMLINK_NOFOLLOW)));
  return 0;
});

// ---- statx ----

const STATX_BASIC_STATS = 0x7ff, STATX_BTIME = 0x800, STATX__RESERVED = 0x80000000;

/** struct statx (256 bytes): fills what a host stat provides. */
function putStatx(t: Thread, addr: number, st: HostStat): void {
  const b = t.proc.write(addr, 256);
  b.fill(0);
  const dv = t.proc.dv;
  const hasBtime = st.birthtimeNs !== 0n;
  dv.setUint32(addr, STATX_BASIC_STATS | (hasBtime ? STATX_BTIME : 0), true);
  dv.setUint32(addr + 4, st.blksize, true);
  dv.setUint32(addr + 16, st.nlink, true);
  dv.setUint32(addr + 20, st.uid, true);
  dv.setUint32(addr + 24, st.gid, true);
  dv.setUint16(addr + 28, st.mode, true);
  dv.setBigUint64(addr + 32, st.ino, true);
  dv.setBigUint64(addr + 40, st.size, true);
  dv.setBigUint64(addr + 48, st.blocks, true);
  // statx_timestamp { s64 tv_sec; u32 tv_nsec; s32 reserved }: atime, btime, ctime, mtime.
  [st.atimeNs, hasBtime ? st.birthtimeNs : 0n, st.ctimeNs, st.mtimeNs].forEach((ns, i) => {
    const [sec, nsec] = splitNs(ns);
    dv.setBigInt64(addr + 64 + 16 * i, sec, true);
    dv.setUint32(addr + 72 + 16 * i, Number(nsec), true);
  });
  dv.setUint32(addr + 128, procfs.devMajor(st.rdev), true);
  dv.setUint32(addr + 132, procfs.devMinor(st.rdev), true);
  dv.setUint32(addr + 136, procfs.devMajor(st.dev), true);
  dv.setUint32(addr + 140, procfs.devMinor(st.dev), true);
}

sys('statx', 'dfd s x x p', (t) => {
  const dirfd = t.int(0), flags = t.uint(2), mask = t.uint(3);
  const path = readPath(t, t.ulong(1));
  if (mask & STATX__RESERVED) throw new Errno(EINVAL);
  if ((flags & AT_STATX_SYNC_TYPE) === AT_STATX_SYNC_TYPE) throw new Errno(EINVAL);
  if (flags & ~STAT_FLAGS) throw new Errno(EINVAL);
  const target = resolveAt(t, dirfd, path, (flags & AT_EMPTY_PATH) !== 0);
  putStatx(t, t.ulong(4), statTarget(t, target, !(flags & AT_SYMLINK_NOFOLLOW)));
  return 0;
});

// ---- statfs ----

/** struct statfs for riscv64: the generic 64-bit layout, 120 bytes. f_fsid is not known to us. */
function putStatfs(t: Thread, addr: number, s: HostStatfs): void {
  const b = t.proc.write(addr, 120);
  b.fill(0);
  const words = [s.type, s.bsize, s.blocks, s.bfree, s.bavail, s.files, s.ffree, 0n, s.namelen, s.frsize, s.flags];
  words.forEach((v, i) => t.proc.dv.setBigUint64(addr + 8 * i, BigInt.asUintN(64, v), true));
}

sys('statfs', 's p', (t) => {
  const target = resolveAt(t, -100, readPath(t, t.ulong(0)));
  if (target.kind !== 'path') throw new Errno(EINVAL);
  const host = hostPathFor(target, true);
  putStatfs(t, t.ulong(1), t.proc.host.fs.statfs(host));
  return 0;
});

sys('fstatfs', 'fd p', (t) => {
  const f = rawFileOf(t, t.int(0));
  const host = procfs.statPathOf(t.proc, f) ?? hostPathOfFd(f);
  putStatfs(t, t.ulong(1), t.proc.host.fs.statfs(host));
  return 0;
});

// ---- modes and owners ----

sys('fchmod', 'fd o', (t) => {
  t.proc.host.fs.fchmod(fileOf(t, t.int(0)).hostFd, t.uint(1) & 0o7777);
  return 0;
});

sys('fchmodat', 'dfd s o', (t) => {
  const target = resolveAt(t, t.int(0), readPath(t, t.ulong(1)));
  if (target.kind !== 'path') throw new Errno(EINVAL);
  t.proc.host.fs.chmod(hostPathFor(target, true), t.uint(2) & 0o7777);
  return 0;
});

/** uid_t/gid_t -1 means "leave unchanged"; the host's chown takes it as -1 too. */
function idArg(t: Thread, i: number): number {
  const v = t.uint(i);
  return v === 0xffffffff ? -1 : v;
}

sys('fchown', 'fd i i', (t) => {
  t.proc.host.fs.fchown(fileOf(t, t.int(0)).hostFd, idArg(t, 1), idArg(t, 2));
  return 0;
});

sys('fchownat', 'dfd s i i x', (t) => {
  const flags = t.int(4);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) throw new Errno(EINVAL);
  const target = resolveAt(t, t.int(0), readPath(t, t.ulong(1)), (flags & AT_EMPTY_PATH) !== 0);
  const uid = idArg(t, 2), gid = idArg(t, 3);
  if (target.kind === 'fd') t.proc.host.fs.chown(hostPathOfFd(target.file), uid, gid, true);
  else {
    const follow = !(flags & AT_SYMLINK_NOFOLLOW);
    t.proc.host.fs.chown(hostPathFor(target, follow), uid, gid, follow);
  }
  return 0;
});
