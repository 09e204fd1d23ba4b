// File-system and descriptor syscalls (minimal core; extended by the fs family work).

import { sys } from './registry.js';
import { Errno, EBADF, EINVAL, ENOTTY, ESPIPE } from '../errno.js';
import { FdTable, FileKind, O_RDONLY, O_WRONLY, O_APPEND, type OpenFile } from '../fdtable.js';
import type { HostStat } from '../../host/host.js';
import type { Thread } from '../thread.js';

function readable(f: OpenFile): void {
  if (FdTable.accessMode(f.flags) === O_WRONLY) throw new Errno(EBADF);
}

function writable(f: OpenFile): void {
  if (FdTable.accessMode(f.flags) === O_RDONLY) throw new Errno(EBADF);
}

/** read(2) on an open file into a guest buffer, honouring and advancing the file offset. */
export function readFile(t: Thread, f: OpenFile, buf: Uint8Array, position: number | null): number {
  if (f.kind === FileKind.Directory) throw new Errno(21); // EISDIR
  const fs = t.proc.host.fs;
  if (f.kind === FileKind.Seekable) {
    const pos = position ?? f.offset;
    const n = fs.read(f.hostFd, buf, pos);
    if (position === null) f.offset = pos + n;
    return n;
  }
  if (position !== null) throw new Errno(ESPIPE);
  return t.proc.blockingRead(t, f.hostFd, buf);
}

export function writeFile(t: Thread, f: OpenFile, buf: Uint8Array, position: number | null): number {
  const fs = t.proc.host.fs;
  if (f.kind === FileKind.Seekable) {
    if (position === null && (f.flags & O_APPEND)) {
      const n = fs.write(f.hostFd, buf, null);
      f.offset = Number(fs.fstat(f.hostFd).size);
      return n;
    }
    const pos = position ?? f.offset;
    const n = fs.write(f.hostFd, buf, pos);
    if (position === null) f.offset = pos + n;
    return n;
  }
  if (position !== null) throw new Errno(ESPIPE);
  return t.proc.blockingWrite(t, f.hostFd, buf);
}

sys('read', 'fd rbuf u', (t) => {
  const f = t.proc.fds.get(t.int(0));
  readable(f);
  const len = t.ulong(2);
  if (len === 0) return 0;
  return readFile(t, f, t.proc.write(t.ulong(1), Math.min(len, 0x7ffff000)), null);
});

sys('write', 'fd buf u', (t) => {
  const f = t.proc.fds.get(t.int(0));
  writable(f);
  const len = t.ulong(2);
  if (len === 0) return 0;
  return writeFile(t, f, t.proc.read(t.ulong(1), Math.min(len, 0x7ffff000)), null);
});

/** Reads the iovec array at `iov` (count `n`) as [base, len] pairs. */
export function iovecs(t: Thread, iov: number, n: number): [number, number][] {
  if (n < 0 || n > 1024) throw new Errno(EINVAL);
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    out.push([Number(t.proc.getU64(iov + 16 * i)), Number(t.proc.getU64(iov + 16 * i + 8))]);
  }
  return out;
}

sys('writev', 'fd p i', (t) => {
  const f = t.proc.fds.get(t.int(0));
  writable(f);
  const parts = iovecs(t, t.ulong(1), t.int(2)).filter(([, l]) => l > 0).map(([b, l]) => t.proc.read(b, l));
  const total = parts.reduce((s, p) => s + p.length, 0);
  if (total === 0) return 0;
  const joined = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    joined.set(p, o);
    o += p.length;
  }
  return writeFile(t, f, joined, null);
});

sys('readv', 'fd p i', (t) => {
  const f = t.proc.fds.get(t.int(0));
  readable(f);
  let total = 0;
  for (const [b, l] of iovecs(t, t.ulong(1), t.int(2))) {
    if (l === 0) continue;
    const n = readFile(t, f, t.proc.write(b, l), null);
    total += n;
    if (n < l) break;
  }
  return total;
});

sys('close', 'fd', (t) => {
  t.proc.fds.close(t.int(0));
  return 0;
});

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
  const times = [st.atimeNs, st.mtimeNs, st.ctimeNs];
  times.forEach((ns, i) => {
    dv.setBigInt64(addr + 72 + 16 * i, ns / 1_000_000_000n, true);
    dv.setBigUint64(addr + 80 + 16 * i, ns % 1_000_000_000n, true);
  });
}

sys('fstat', 'fd p', (t) => {
  const f = t.proc.fds.get(t.int(0));
  putStat(t, t.ulong(1), t.proc.host.fs.fstat(f.hostFd));
  return 0;
});

const TCGETS = 0x5401, TIOCGWINSZ = 0x5413, FIONREAD = 0x541b;
sys('ioctl', 'fd x p', (t) => {
  const f = t.proc.fds.get(t.int(0));
  const req = t.uint(1), arg = t.ulong(2);
  const fs = t.proc.host.fs;
  switch (req) {
    case TCGETS: {
      if (f.kind !== FileKind.Stream || !fs.isatty(f.hostFd)) throw new Errno(ENOTTY);
      // struct termios (asm-generic): iflag, oflag, cflag, lflag, line, cc[19]. Typical cooked mode.
      const b = t.proc.write(arg, 36);
      b.fill(0);
      const dv = t.proc.dv;
      dv.setUint32(arg, 0x500, true); // ICRNL | IXON
      dv.setUint32(arg + 4, 0x5, true); // OPOST | ONLCR
      dv.setUint32(arg + 8, 0xbf, true); // B38400 | CS8 | CREAD
      dv.setUint32(arg + 12, 0x8a3b, true); // ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN
      b.set([3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22], 17);
      return 0;
    }
    case TIOCGWINSZ: {
      const ws = f.kind === FileKind.Stream ? fs.windowSize(f.hostFd) : null;
      if (!ws) throw new Errno(ENOTTY);
      const b = t.proc.write(arg, 8);
      b.fill(0);
      t.proc.dv.setUint16(arg, ws.rows, true);
      t.proc.dv.setUint16(arg + 2, ws.cols, true);
      return 0;
    }
    case FIONREAD: {
      let n = 0;
      if (f.kind === FileKind.Seekable) n = Math.max(0, Number(fs.fstat(f.hostFd).size) - f.offset);
      else n = Math.max(0, fs.available(f.hostFd));
      t.proc.putU32(arg, n);
      return 0;
    }
    default:
      throw new Errno(ENOTTY);
  }
});
