// Data transfer on descriptors: read/write and their vectored and positioned forms, lseek,
// sendfile, copy_file_range, the sync calls, ftruncate, fallocate and fadvise64.
//
// File offsets live in the open file description (fdtable.ts) because Node has no lseek:
// regular files always use positioned host I/O. O_APPEND files are opened O_APPEND on the host
// too (fcntl keeps the two in step), so appends stay atomic against other writers.

import { sys } from './registry.js';
import {
  Errno, EAGAIN, EBADF, EFAULT, EFBIG, EINVAL, EISDIR, ENODEV, ENXIO, EOPNOTSUPP, ESPIPE, EOVERFLOW,
} from '../errno.js';
import { HostError } from '../../host/host.js';
import { FileKind, O_APPEND, O_NONBLOCK, type OpenFile } from '../fdtable.js';
import type { Thread } from '../thread.js';
import { eventfdRead, eventfdWrite } from './poll.js';
import {
  MAX_RW_COUNT, checkReadable, checkWritable, fileOf, getI64, guestSpan, hostStat, isChr, isDir,
  isFifo, isReg, loffArg, sharesHostOffset, swapHostFd,
} from './fs-common.js';

/** riscv64 TASK_SIZE under Sv39: a user range reaching past it fails access_ok() with EFAULT. */
const TASK_SIZE = 0x40_0000_0000;
/** Largest file size the common Linux file systems accept (MAX_LFS_FILESIZE). */
const MAX_FILE_SIZE = 2 ** 63 - 1;

function accessOk(addr: number, len: number): void {
  if (addr + len > TASK_SIZE) throw new Errno(EFAULT);
}

function isEagain(e: unknown): boolean {
  return e instanceof HostError && e.errno === EAGAIN;
}

/**
 * Whether positioned I/O (pread, pwrite, an lseek that moves) is allowed: FMODE_PREAD in Linux.
 * Pipes, sockets and terminals have none; other character devices (/dev/zero...) do.
 */
export function canPosition(t: Thread, f: OpenFile): boolean {
  if (f.kind !== FileKind.Stream) return true;
  const st = hostStat(t, f);
  return isChr(st.mode) && !t.proc.host.fs.isatty(f.hostFd);
}

/**
 * Reads from a pipe, terminal or device, honouring the guest's O_NONBLOCK rather than the host
 * fd's. A blocking read waits in the host's poll, so signals interrupt it (ERESTARTSYS).
 */
function readStream(t: Thread, f: OpenFile, buf: Uint8Array): number {
  const nonblock = (f.flags & O_NONBLOCK) !== 0;
  for (;;) {
    try {
      return t.proc.blockingRead(t, f.hostFd, buf, nonblock);
    } catch (e) {
      // The host descriptor is non-blocking (fcntl reopened it so) but the guest's is not:
      // another reader took the data between poll and read.
      if (!isEagain(e) || nonblock) throw e;
    }
  }
}

function writeStream(t: Thread, f: OpenFile, buf: Uint8Array): number {
  const nonblock = (f.flags & O_NONBLOCK) !== 0;
  let done = 0;
  while (done < buf.length) {
    try {
      done += t.proc.blockingWrite(t, f.hostFd, buf.subarray(done), nonblock);
      if (nonblock) return done;
    } catch (e) {
      // After a partial write, Linux reports what was written whatever stopped the rest (a
      // signal, EAGAIN, EPIPE): an error, or worse a restart, would lose or repeat the data.
      if (done > 0) return done;
      if (!isEagain(e) || nonblock) throw e;
    }
  }
  return done;
}

/** read(2) on an open file into `buf`, at `position` or at (and advancing) the file offset. */
export function readFile(t: Thread, f: OpenFile, buf: Uint8Array, position: number | null): number {
  if (f.kind === FileKind.Directory) throw new Errno(EISDIR);
  if (f.kind === FileKind.EventFd) return eventfdRead(t, f, buf);
  if (f.kind === FileKind.Epoll) throw new Errno(EINVAL);
  const fs = t.proc.host.fs;
  if (f.kind === FileKind.Seekable) {
    if (position === null && sharesHostOffset(f)) return fs.read(f.hostFd, buf, null);
    const pos = position ?? f.offset;
    const n = fs.read(f.hostFd, buf, pos);
    if (position === null) f.offset = pos + n;
    return n;
  }
  if (position !== null) return fs.read(f.hostFd, buf, position);
  return readStream(t, f, buf);
}

/** write(2) on an open file from `buf`, at `position` or at (and advancing) the file offset. */
export function writeFile(t: Thread, f: OpenFile, buf: Uint8Array, position: number | null): number {
  const fs = t.proc.host.fs;
  if (f.kind === FileKind.EventFd) return eventfdWrite(t, f, buf);
  if (f.kind === FileKind.Epoll) throw new Errno(EINVAL);
  if (f.kind === FileKind.Seekable) {
    if (position === null && sharesHostOffset(f)) return fs.write(f.hostFd, buf, null);
    if (f.flags & O_APPEND) {
      // The host fd is O_APPEND as well: it appends even for pwrite, as Linux does.
      const n = fs.write(f.hostFd, buf, null);
      if (position === null) f.offset = Number(fs.fstat(f.hostFd).size);
      return n;
    }
    const pos = position ?? f.offset;
    if (pos + buf.length > MAX_FILE_SIZE) throw new Errno(EFBIG);
    const n = fs.write(f.hostFd, buf, pos);
    if (position === null) f.offset = pos + n;
    return n;
  }
  if (position !== null) return fs.write(f.hostFd, buf, position);
  return writeStream(t, f, buf);
}

/** Reads into guest memory; a buffer that faults at once is EFAULT unless there is nothing to read. */
function readToGuest(t: Thread, f: OpenFile, addr: number, len: number, position: number | null): number {
  let buf: Uint8Array;
  try {
    buf = guestSpan(t, addr, len, true);
  } catch (e) {
    if (f.kind === FileKind.Seekable && (position ?? f.offset) >= Number(hostStat(t, f).size)) return 0;
    throw e;
  }
  return readFile(t, f, buf, position);
}

function writeFromGuest(t: Thread, f: OpenFile, addr: number, len: number, position: number | null): number {
  return writeFile(t, f, guestSpan(t, addr, len, false), position);
}

sys('read', 'fd rbuf u', (t) => {
  const f = fileOf(t, t.int(0));
  checkReadable(f);
  const addr = t.ulong(1), len = t.ulong(2);
  accessOk(addr, len);
  if (f.kind === FileKind.Directory) throw new Errno(EISDIR);
  if (len === 0) return 0;
  return readToGuest(t, f, addr, Math.min(len, MAX_RW_COUNT), null);
});

sys('write', 'fd buf u', (t) => {
  const f = fileOf(t, t.int(0));
  checkWritable(f);
  const addr = t.ulong(1), len = t.ulong(2);
  accessOk(addr, len);
  if (len === 0) return 0;
  return writeFromGuest(t, f, addr, Math.min(len, MAX_RW_COUNT), null);
});

/** A positioned transfer's checks, in Linux's order: offset, descriptor, seekability. */
/** Linux's rw_verify_area: a range whose end does not fit in a 64-bit signed offset is EINVAL. */
function checkRangeEnd(t: Thread, posArg: number, len: number): void {
  if (BigInt.asIntN(64, t.big(posArg)) + BigInt(len) > 0x7fffffffffffffffn) throw new Errno(EINVAL);
}

function positioned(t: Thread, fdArg: number, pos: number): OpenFile {
  if (pos < 0) throw new Errno(EINVAL);
  const f = fileOf(t, fdArg);
  if (!canPosition(t, f)) throw new Errno(ESPIPE);
  return f;
}

sys('pread64', 'fd rbuf u l', (t) => {
  const f = positioned(t, t.int(0), loffArg(t, 3));
  checkReadable(f);
  const addr = t.ulong(1), len = t.ulong(2);
  accessOk(addr, len);
  if (f.kind === FileKind.Directory) throw new Errno(EISDIR);
  checkRangeEnd(t, 3, len);
  if (len === 0) return 0;
  return readToGuest(t, f, addr, Math.min(len, MAX_RW_COUNT), loffArg(t, 3));
});

sys('pwrite64', 'fd buf u l', (t) => {
  const f = positioned(t, t.int(0), loffArg(t, 3));
  checkWritable(f);
  const addr = t.ulong(1), len = t.ulong(2);
  accessOk(addr, len);
  checkRangeEnd(t, 3, len);
  if (len === 0) return 0;
  return writeFromGuest(t, f, addr, Math.min(len, MAX_RW_COUNT), loffArg(t, 3));
});

// ---- vectored I/O ----

const UIO_MAXIOV = 1024;

/** Reads a struct iovec array (import_iovec): [base, len] pairs, the total clamped to MAX_RW_COUNT. */
export function iovecs(t: Thread, iov: number, n: number): [number, number][] {
  if (n > UIO_MAXIOV) throw new Errno(EINVAL);
  if (n === 0) return [];
  t.proc.read(iov, 16 * n);
  const out: [number, number][] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const base = Number(t.proc.getU64(iov + 16 * i));
    const raw = t.proc.getU64(iov + 16 * i + 8);
    if (raw >= 1n << 63n) throw new Errno(EINVAL);
    const len = Math.min(Number(raw), MAX_RW_COUNT - total);
    accessOk(base, len);
    out.push([base, len]);
    total += len;
  }
  return out;
}

/** The usable guest spans of an iovec list: up to the first fault, as the kernel's copy stops there. */
function iovSpans(t: Thread, segs: [number, number][], forWrite: boolean): Uint8Array[] {
  const spans: Uint8Array[] = [];
  for (const [base, len] of segs) {
    if (len === 0) continue;
    let span: Uint8Array;
    try {
      span = guestSpan(t, base, len, forWrite);
    } catch (e) {
      if (spans.length === 0) throw e;
      break;
    }
    spans.push(span);
    if (span.length < len) break;
  }
  return spans;
}

function totalOf(segs: [number, number][]): number {
  return segs.reduce((s, [, l]) => s + l, 0);
}

/** readv: one host read into a bounce buffer, then scattered, so a pipe is read once like Linux does. */
function readVector(t: Thread, f: OpenFile, segs: [number, number][], position: number | null): number {
  if (totalOf(segs) === 0) return 0;
  if (f.kind === FileKind.Directory) throw new Errno(EISDIR);
  let spans: Uint8Array[];
  try {
    spans = iovSpans(t, segs, true);
  } catch (e) {
    if (f.kind === FileKind.Seekable && (position ?? f.offset) >= Number(hostStat(t, f).size)) return 0;
    throw e;
  }
  const bounce = new Uint8Array(spans.reduce((s, b) => s + b.length, 0));
  const n = readFile(t, f, bounce, position);
  let off = 0;
  for (const span of spans) {
    if (off >= n) break;
    const k = Math.min(span.length, n - off);
    span.set(bounce.subarray(off, off + k));
    off += k;
  }
  return n;
}

/** writev: gathered into one host write, which keeps pipe writes up to PIPE_BUF atomic. */
function writeVector(t: Thread, f: OpenFile, segs: [number, number][], position: number | null): number {
  if (totalOf(segs) === 0) return 0;
  const spans = iovSpans(t, segs, false);
  const joined = new Uint8Array(spans.reduce((s, b) => s + b.length, 0));
  let off = 0;
  for (const span of spans) {
    joined.set(span, off);
    off += span.length;
  }
  return writeFile(t, f, joined, position);
}

sys('readv', 'fd p u', (t) => {
  const f = fileOf(t, t.int(0));
  checkReadable(f);
  return readVector(t, f, iovecs(t, t.ulong(1), t.ulong(2)), null);
});

sys('writev', 'fd p u', (t) => {
  const f = fileOf(t, t.int(0));
  checkWritable(f);
  return writeVector(t, f, iovecs(t, t.ulong(1), t.ulong(2)), null);
});

// preadv/pwritev(fd, iov, iovcnt, pos_l, pos_h): on a 64-bit kernel pos_l holds the whole offset.
sys('preadv', 'fd p u l', (t) => {
  const pos = loffArg(t, 3);
  const f = positioned(t, t.int(0), pos);
  checkReadable(f);
  return readVector(t, f, iovecs(t, t.ulong(1), t.ulong(2)), pos);
});

sys('pwritev', 'fd p u l', (t) => {
  const pos = loffArg(t, 3);
  const f = positioned(t, t.int(0), pos);
  checkWritable(f);
  return writeVector(t, f, iovecs(t, t.ulong(1), t.ulong(2)), pos);
});

// ---- lseek ----

const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2, SEEK_DATA = 3, SEEK_HOLE = 4;

/** generic_file_llseek on a regular file. SEEK_DATA/SEEK_HOLE see the file as one data extent. */
function seekFile(t: Thread, f: OpenFile, offset: number, whence: number): number {
  const size = () => Number(hostStat(t, f).size);
  let next: number;
  switch (whence) {
    case SEEK_SET: next = offset; break;
    case SEEK_CUR: next = f.offset + offset; break;
    case SEEK_END: next = size() + offset; break;
    case SEEK_DATA:
    case SEEK_HOLE: {
      const eof = size();
      if (offset < 0 || offset >= eof) throw new Errno(ENXIO);
      next = whence === SEEK_DATA ? offset : eof;
      break;
    }
    default: throw new Errno(EINVAL);
  }
  if (next < 0 || next > MAX_FILE_SIZE) throw new Errno(EINVAL);
  f.offset = next;
  return next;
}

/** A directory's offset is our getdents cursor (an entry index); only SET and CUR make sense. */
function seekDirectory(f: OpenFile, offset: number, whence: number): number {
  let next: number;
  if (whence === SEEK_SET) next = offset;
  else if (whence === SEEK_CUR) next = f.pos + offset;
  else throw new Errno(EINVAL);
  if (next < 0 || next > 0x7fffffff) throw new Errno(EINVAL);
  f.pos = next;
  return next;
}

/**
 * Seeking a file the host process shares with its parent (stdio redirected from or to a file).
 * Node cannot move a host offset, so a real move gives the description a host descriptor of its
 * own (reopened at the same file), which from then on keeps its offset here like any other.
 */
function seekShared(t: Thread, f: OpenFile, offset: number, whence: number): number {
  const fs = t.proc.host.fs;
  const here = fs.tell(f.hostFd) ?? f.offset;
  if (whence === SEEK_CUR && offset === 0) return here;
  f.offset = here;
  const next = seekFile(t, f, offset, whence);
  swapHostFd(t.proc, f, fs.reopen(f.hostFd, fs.statusFlags(f.hostFd) & (3 | O_APPEND)));
  return next;
}

sys('lseek', 'fd l i', (t) => {
  const f = fileOf(t, t.int(0));
  const offset = loffArg(t, 1), whence = t.uint(2);
  if (whence > SEEK_HOLE) throw new Errno(EINVAL);
  if (f.kind === FileKind.Seekable) return sharesHostOffset(f) ? seekShared(t, f, offset, whence) : seekFile(t, f, offset, whence);
  if (f.kind === FileKind.Directory) return seekDirectory(f, offset, whence);
  // Devices such as /dev/null accept any seek and stay at 0; pipes and terminals cannot seek.
  if (canPosition(t, f)) return 0;
  throw new Errno(ESPIPE);
});

// ---- copying between descriptors ----

const COPY_CHUNK = 1 << 20;

/**
 * Copies up to `count` bytes from `src` (at *pos, or its offset when pos is null) to `dst`.
 * Returns [bytes copied, final source position]. An error after some progress ends the copy.
 */
function copyData(t: Thread, src: OpenFile, dst: OpenFile, count: number, pos: number | null, dstPos: number | null): [number, number | null] {
  let done = 0;
  const chunk = new Uint8Array(Math.min(count, COPY_CHUNK));
  while (done < count) {
    const want = Math.min(count - done, chunk.length);
    let n: number, w: number;
    try {
      n = readFile(t, src, chunk.subarray(0, want), pos === null ? null : pos + done);
      if (n === 0) break;
      w = writeFile(t, dst, chunk.subarray(0, n), dstPos === null ? null : dstPos + done);
    } catch (e) {
      if (done > 0) break;
      throw e;
    }
    done += w;
    if (w < n) {
      if (pos === null && src.kind === FileKind.Seekable) src.offset -= n - w; // give back what was not written
      break;
    }
    if (src.kind !== FileKind.Seekable) break; // a pipe or device: one read's worth, as splice does
  }
  return [done, pos === null ? null : pos + done];
}

sys('sendfile', 'fd fd p u', (t) => {
  const outFd = t.int(0), inFd = t.int(1), offAddr = t.ulong(2);
  let pos: number | null = offAddr ? Number(getI64(t, offAddr)) : null;
  const src = fileOf(t, inFd);
  checkReadable(src);
  if (pos !== null && !canPosition(t, src)) throw new Errno(ESPIPE);
  if (pos !== null && pos < 0) throw new Errno(EINVAL);
  const dst = fileOf(t, outFd);
  checkWritable(dst);
  if (dst.flags & O_APPEND) throw new Errno(EINVAL);
  if (src.kind === FileKind.Directory || dst.kind === FileKind.Directory) throw new Errno(EINVAL);
  // Pipes and terminals have no splice_read, which sendfile is built on.
  if (src.kind === FileKind.Stream && !canPosition(t, src)) throw new Errno(EINVAL);
  const count = Math.min(t.ulong(3), MAX_RW_COUNT);
  if (count === 0) return 0;
  const [n, end] = copyData(t, src, dst, count, pos, null);
  pos = end;
  if (offAddr && pos !== null) t.proc.putU64(offAddr, pos);
  return n;
});

/** generic_file_rw_checks + generic_copy_file_checks for copy_file_range. */
function checkCopyRange(t: Thread, src: OpenFile, dst: OpenFile, posIn: number, posOut: number, len: number): number {
  const sIn = hostStat(t, src), sOut = hostStat(t, dst);
  if (isDir(sIn.mode) || isDir(sOut.mode)) throw new Errno(EISDIR);
  if (!isReg(sIn.mode) || !isReg(sOut.mode)) throw new Errno(EINVAL);
  checkReadable(src);
  checkWritable(dst);
  if (dst.flags & O_APPEND) throw new Errno(EBADF);
  if (posIn < 0 || posOut < 0) throw new Errno(EINVAL);
  if (posIn + len > MAX_FILE_SIZE || posOut + len > MAX_FILE_SIZE) throw new Errno(EOVERFLOW);
  const count = Math.max(0, Math.min(len, Number(sIn.size) - posIn));
  const sameFile = sIn.dev === sOut.dev && sIn.ino === sOut.ino;
  if (sameFile && posOut + count > posIn && posOut < posIn + count) throw new Errno(EINVAL);
  return count;
}

sys('copy_file_range', 'fd p fd p u x', (t) => {
  const offInAddr = t.ulong(1), offOutAddr = t.ulong(3), flags = t.uint(5);
  if (flags !== 0) throw new Errno(EINVAL);
  const src = fileOf(t, t.int(0));
  const dst = fileOf(t, t.int(2));
  const posIn = offInAddr ? Number(getI64(t, offInAddr)) : src.offset;
  const posOut = offOutAddr ? Number(getI64(t, offOutAddr)) : dst.offset;
  const len = Math.min(t.ulong(4), MAX_RW_COUNT);
  const count = checkCopyRange(t, src, dst, posIn, posOut, len);
  if (count === 0) return 0;
  const [n] = copyData(t, src, dst, count, posIn, dst.flags & O_APPEND ? null : posOut);
  if (offInAddr) t.proc.putU64(offInAddr, posIn + n);
  else src.offset = posIn + n;
  if (offOutAddr) t.proc.putU64(offOutAddr, posOut + n);
  else dst.offset = posOut + n;
  return n;
});

// ---- sync, size, allocation ----

sys('fsync', 'fd', (t) => {
  t.proc.host.fs.fsync(fileOf(t, t.int(0)).hostFd);
  return 0;
});

sys('fdatasync', 'fd', (t) => {
  t.proc.host.fs.fdatasync(fileOf(t, t.int(0)).hostFd);
  return 0;
});

// sync/syncfs: the host flushes on its own schedule; nothing the guest can observe differs.
sys('sync', '', () => 0);

sys('syncfs', 'fd', (t) => {
  fileOf(t, t.int(0));
  return 0;
});

sys('ftruncate', 'fd l', (t) => {
  const len = loffArg(t, 1);
  if (len < 0) throw new Errno(EINVAL);
  const f = fileOf(t, t.int(0));
  if (f.kind !== FileKind.Seekable || !isReg(hostStat(t, f).mode)) throw new Errno(EINVAL);
  try {
    checkWritable(f);
  } catch {
    throw new Errno(EINVAL);
  }
  if (len > MAX_FILE_SIZE) throw new Errno(EFBIG);
  t.proc.host.fs.ftruncate(f.hostFd, len);
  return 0;
});

const FALLOC_FL_KEEP_SIZE = 0x01, FALLOC_FL_PUNCH_HOLE = 0x02, FALLOC_FL_COLLAPSE_RANGE = 0x08,
  FALLOC_FL_ZERO_RANGE = 0x10, FALLOC_FL_INSERT_RANGE = 0x20, FALLOC_FL_UNSHARE_RANGE = 0x40,
  FALLOC_FL_WRITE_ZEROES = 0x80;
const FALLOC_FL_MODE_MASK = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE |
  FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_WRITE_ZEROES;

/** vfs_fallocate's mode checks: which combinations exist at all. */
function checkFallocMode(mode: number): void {
  if (mode & ~(FALLOC_FL_MODE_MASK | FALLOC_FL_KEEP_SIZE)) throw new Errno(EOPNOTSUPP);
  switch (mode & FALLOC_FL_MODE_MASK) {
    case 0:
    case FALLOC_FL_UNSHARE_RANGE:
    case FALLOC_FL_ZERO_RANGE:
      return;
    case FALLOC_FL_PUNCH_HOLE:
      if (!(mode & FALLOC_FL_KEEP_SIZE)) throw new Errno(EOPNOTSUPP);
      return;
    case FALLOC_FL_COLLAPSE_RANGE:
    case FALLOC_FL_INSERT_RANGE:
    case FALLOC_FL_WRITE_ZEROES:
      if (mode & FALLOC_FL_KEEP_SIZE) throw new Errno(EOPNOTSUPP);
      return;
    default:
      throw new Errno(EOPNOTSUPP);
  }
}

/** Writes zeros over [start, end) of a file: what a punched hole or zeroed range reads as. */
function zeroFill(t: Thread, f: OpenFile, start: number, end: number): void {
  const zeros = new Uint8Array(Math.min(COPY_CHUNK, Math.max(0, end - start)));
  for (let p = start; p < end; p += zeros.length) {
    t.proc.host.fs.write(f.hostFd, zeros.subarray(0, Math.min(zeros.length, end - p)), p);
  }
}

/**
 * fallocate without a host fallocate: allocation itself is invisible except in st_blocks, so
 * mode 0 only grows the file; punching and zeroing write zeros. Shifting ranges is unsupported.
 */
sys('fallocate', 'fd i l l', (t) => {
  const f = fileOf(t, t.int(0));
  const mode = t.int(1), offset = loffArg(t, 2), len = loffArg(t, 3);
  if (offset < 0 || len <= 0) throw new Errno(EINVAL);
  checkFallocMode(mode);
  checkWritable(f);
  const st = hostStat(t, f);
  if (isFifo(st.mode)) throw new Errno(ESPIPE);
  if (isDir(st.mode)) throw new Errno(EISDIR);
  if (f.kind !== FileKind.Seekable) throw new Errno(ENODEV);
  if (offset + len > MAX_FILE_SIZE) throw new Errno(EFBIG);
  const size = Number(st.size), end = offset + len;
  const keep = (mode & FALLOC_FL_KEEP_SIZE) !== 0;
  switch (mode & FALLOC_FL_MODE_MASK) {
    case 0:
      break;
    case FALLOC_FL_PUNCH_HOLE:
      zeroFill(t, f, offset, Math.min(end, size));
      return 0;
    case FALLOC_FL_ZERO_RANGE:
      zeroFill(t, f, offset, Math.min(end, size));
      break;
    default:
      throw new Errno(EOPNOTSUPP);
  }
  if (!keep && end > size) t.proc.host.fs.ftruncate(f.hostFd, end);
  return 0;
});

const POSIX_FADV_NOREUSE = 5;
sys('fadvise64', 'fd l l i', (t) => {
  const f = fileOf(t, t.int(0));
  const len = loffArg(t, 2), advice = t.int(3);
  if (f.kind === FileKind.Stream && isFifo(hostStat(t, f).mode)) throw new Errno(ESPIPE);
  if (len < 0 || advice < 0 || advice > POSIX_FADV_NOREUSE) throw new Errno(EINVAL);
  return 0; // advice only: the host's page cache does its own read-ahead
});
