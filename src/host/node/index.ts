// The Node.js host: real host file descriptors through the synchronous fs API.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import tty from 'node:tty';
import { execFileSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { HostError, type Host, type HostClock, type HostDirEntry, type HostFs, type HostInfo, type HostStat } from '../host.js';

const O_NONBLOCK = 0o4000;

/** Converts a Node error (err.errno is -errno on Linux) into a HostError. */
export function toHostError(e: unknown): HostError {
  if (e instanceof HostError) return e;
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.errno === 'number' && err.errno < 0) return new HostError(-err.errno, err.message);
  const byCode: Record<string, number> = { ENOENT: 2, EACCES: 13, EEXIST: 17, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, EBADF: 9 };
  if (err?.code && byCode[err.code]) return new HostError(byCode[err.code]!, err.message);
  return new HostError(5, String((e as Error)?.message ?? e)); // EIO
}

function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw toHostError(e);
  }
}

function toStat(s: fs.BigIntStats): HostStat {
  return {
    dev: s.dev, ino: s.ino, mode: Number(s.mode), nlink: Number(s.nlink), uid: Number(s.uid), gid: Number(s.gid),
    rdev: s.rdev, size: s.size, blksize: Number(s.blksize), blocks: s.blocks,
    atimeNs: s.atimeNs, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs, birthtimeNs: s.birthtimeNs,
  };
}

const DT: [(d: fs.Dirent) => boolean, number][] = [
  [(d) => d.isFIFO(), 1], [(d) => d.isCharacterDevice(), 2], [(d) => d.isDirectory(), 4],
  [(d) => d.isBlockDevice(), 6], [(d) => d.isFile(), 8], [(d) => d.isSymbolicLink(), 10], [(d) => d.isSocket(), 12],
];

function nsToTime(ns: bigint | null): number | Date {
  // Node's utimes takes seconds as a number; sub-microsecond precision is lost.
  return ns === null ? new Date() : Number(ns) / 1e9;
}

export class NodeFs implements HostFs {
  open(p: string, flags: number, mode: number): number {
    return wrap(() => fs.openSync(p, flags, mode));
  }
  close(fd: number): void {
    wrap(() => fs.closeSync(fd));
  }
  read(fd: number, buf: Uint8Array, position: number | null): number {
    for (;;) {
      try {
        return fs.readSync(fd, buf, 0, buf.length, position);
      } catch (e) {
        const he = toHostError(e);
        // A descriptor another party made non-blocking: the guest asked for a blocking read.
        if (he.errno === 11 && !(this.statusFlags(fd) & O_NONBLOCK)) continue;
        throw he;
      }
    }
  }
  write(fd: number, buf: Uint8Array, position: number | null): number {
    return wrap(() => fs.writeSync(fd, buf, 0, buf.length, position));
  }
  fstat(fd: number): HostStat {
    return wrap(() => toStat(fs.fstatSync(fd, { bigint: true })));
  }
  stat(p: string, followLinks: boolean): HostStat {
    return wrap(() => toStat(followLinks ? fs.statSync(p, { bigint: true }) : fs.lstatSync(p, { bigint: true })));
  }
  readlink(p: string): string {
    return wrap(() => fs.readlinkSync(p));
  }
  readdir(fd: number): HostDirEntry[] {
    return wrap(() => {
      const dirPath = `/proc/self/fd/${fd}`;
      const dir = fs.opendirSync(dirPath);
      const out: HostDirEntry[] = [];
      try {
        for (let d = dir.readSync(); d; d = dir.readSync()) {
          let ino = 0n;
          try {
            ino = fs.lstatSync(path.join(dirPath, d.name), { bigint: true }).ino;
          } catch {
            // vanished between readdir and lstat: keep the entry with inode 0
          }
          out.push({ name: d.name, type: DT.find(([f]) => f(d))?.[1] ?? 0, ino });
        }
      } finally {
        dir.closeSync();
      }
      return out;
    });
  }
  mkdir(p: string, mode: number): void {
    wrap(() => fs.mkdirSync(p, { mode }));
  }
  unlink(p: string): void {
    wrap(() => fs.unlinkSync(p));
  }
  rmdir(p: string): void {
    wrap(() => fs.rmdirSync(p));
  }
  rename(from: string, to: string, flags: number): void {
    const RENAME_NOREPLACE = 1;
    wrap(() => {
      if (flags & ~RENAME_NOREPLACE) throw new HostError(22);
      if (flags & RENAME_NOREPLACE) {
        // Not atomic on Node: link-then-unlink gives the EEXIST check for regular files.
        if (fs.existsSync(to) || isSymlink(to)) throw new HostError(17);
      }
      fs.renameSync(from, to);
    });
  }
  link(from: string, to: string): void {
    wrap(() => fs.linkSync(from, to));
  }
  symlink(target: string, p: string): void {
    wrap(() => fs.symlinkSync(target, p));
  }
  access(p: string, mode: number): void {
    wrap(() => fs.accessSync(p, mode));
  }
  chmod(p: string, mode: number): void {
    wrap(() => fs.chmodSync(p, mode));
  }
  fchmod(fd: number, mode: number): void {
    wrap(() => fs.fchmodSync(fd, mode));
  }
  chown(p: string, uid: number, gid: number, followLinks: boolean): void {
    wrap(() => (followLinks ? fs.chownSync(p, uid, gid) : fs.lchownSync(p, uid, gid)));
  }
  fchown(fd: number, uid: number, gid: number): void {
    wrap(() => fs.fchownSync(fd, uid, gid));
  }
  truncate(p: string, len: number): void {
    wrap(() => fs.truncateSync(p, len));
  }
  ftruncate(fd: number, len: number): void {
    wrap(() => fs.ftruncateSync(fd, len));
  }
  fsync(fd: number): void {
    wrap(() => fs.fsyncSync(fd));
  }
  fdatasync(fd: number): void {
    wrap(() => fs.fdatasyncSync(fd));
  }
  utimes(p: string, atimeNs: bigint | null, mtimeNs: bigint | null, followLinks: boolean): void {
    wrap(() => {
      const st = fs.statSync(p, { bigint: true });
      const a = nsToTime(atimeNs ?? st.atimeNs), m = nsToTime(mtimeNs ?? st.mtimeNs);
      if (followLinks) fs.utimesSync(p, a, m);
      else fs.lutimesSync(p, a, m);
    });
  }
  futimes(fd: number, atimeNs: bigint | null, mtimeNs: bigint | null): void {
    wrap(() => {
      const st = fs.fstatSync(fd, { bigint: true });
      fs.futimesSync(fd, nsToTime(atimeNs ?? st.atimeNs), nsToTime(mtimeNs ?? st.mtimeNs));
    });
  }
  seek(): bigint {
    // Node has no lseek; the Linux layer keeps offsets itself (see linux/fdtable.ts).
    throw new HostError(29); // ESPIPE
  }
  pipe(): [number, number] {
    // Node cannot call pipe(2); a FIFO opened at both ends and unlinked is the same kernel object.
    const p = path.join(os.tmpdir(), `rvjit-pipe-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
    return wrap(() => {
      execFileSync('mkfifo', ['-m', '600', p], { stdio: 'ignore' });
      try {
        const probe = fs.openSync(p, fs.constants.O_RDONLY | O_NONBLOCK);
        const w = fs.openSync(p, fs.constants.O_WRONLY);
        // Reopen the read end without O_NONBLOCK (Node has no fcntl); a writer exists, so it does not block.
        const r = fs.openSync(`/proc/self/fd/${probe}`, fs.constants.O_RDONLY);
        fs.closeSync(probe);
        return [r, w] as [number, number];
      } finally {
        fs.unlinkSync(p);
      }
    });
  }
  available(fd: number): number {
    try {
      const st = fs.fstatSync(fd);
      if (st.isFile()) return -1;
    } catch {
      return -1;
    }
    return -1;
  }
  isatty(fd: number): boolean {
    return tty.isatty(fd);
  }
  windowSize(fd: number): { rows: number; cols: number } | null {
    if (!tty.isatty(fd)) return null;
    const s = fd === 2 ? process.stderr : fd === 1 ? process.stdout : null;
    const ws = s as unknown as { rows?: number; columns?: number } | null;
    if (ws?.rows && ws.columns) return { rows: ws.rows, cols: ws.columns };
    return { rows: 24, cols: 80 };
  }
  statusFlags(fd: number): number {
    try {
      const link = fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1');
      const m = /flags:\s*([0-7]+)/.exec(link);
      return m ? parseInt(m[1]!, 8) : 0;
    } catch {
      return 0;
    }
  }
  setNonBlocking(): void {
    throw new HostError(95); // EOPNOTSUPP: handled by reopening in the Linux layer
  }
  realpath(p: string): string {
    return wrap(() => fs.realpathSync(p));
  }
  exists(p: string): boolean {
    try {
      fs.lstatSync(p);
      return true;
    } catch {
      return false;
    }
  }
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export class NodeClock implements HostClock {
  private readonly epochOffsetNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  realtimeNs(): bigint {
    return process.hrtime.bigint() + this.epochOffsetNs;
  }
  monotonicNs(): bigint {
    return process.hrtime.bigint();
  }
  processCpuNs(): bigint {
    const u = process.cpuUsage();
    return BigInt(u.user + u.system) * 1000n;
  }
  sleep(ns: bigint, wake?: { array: Int32Array; index: number; value: number }): boolean {
    const ms = Number(ns) / 1e6;
    if (wake) return Atomics.wait(wake.array, wake.index, wake.value, ms) === 'ok';
    Atomics.wait(sleeper, 0, 0, ms);
    return false;
  }
}

/**
 * Relaxed SIMD (for a fused multiply-add) is behind a flag in Node 20's V8 and shipped later;
 * it must be on before the first module that uses it is compiled.
 */
export function enableWasmFeatures(): void {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
}

export class NodeHost implements Host {
  readonly fs = new NodeFs();
  readonly debug = !!process.env.RVJIT_DEBUG;

  constructor() {
    enableWasmFeatures();
  }
  readonly clock = new NodeClock();
  info(): HostInfo {
    const ui = process.getuid?.() ?? 0;
    return {
      pid: process.pid,
      ppid: process.ppid,
      uid: ui,
      gid: process.getgid?.() ?? 0,
      euid: process.geteuid?.() ?? ui,
      egid: process.getegid?.() ?? 0,
      hostname: os.hostname(),
      release: os.release(),
      cwd: process.cwd(),
      cpus: os.cpus().length || 1,
      totalMem: os.totalmem(),
      freeMem: os.freemem(),
      uptimeSeconds: os.uptime(),
      loadavg: os.loadavg(),
    };
  }
  randomBytes(buf: Uint8Array): void {
    crypto.randomFillSync(buf);
  }
  diagnostic(line: string): void {
    try {
      fs.writeSync(2, line.endsWith('\n') ? line : line + '\n');
    } catch {
      // stderr closed: nothing more to say
    }
  }
}
