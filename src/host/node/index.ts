// The Node.js host: real host file descriptors through the synchronous fs API.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childProcess, tty } from './lazy-modules.js';
import { fillRandom, randomHex } from './random.js';
import { setV8Flag } from './v8-flags.js';
import { forgetDescriptor, pollDescriptor, seekDescriptor } from './poll.js';
import { makePipe } from './pipes.js';
import * as twins from './twins.js';
import { MEM_MAJOR } from './twins.js';
import {
  HostError, devMajor, type Host, type HostClock, type HostDirEntry, type HostFs, type HostInfo, type HostStat, type HostStatfs,
  type SyntheticEntry, type HostProcesses, type HostProgramStatus,
} from '../host.js';

const O_NONBLOCK = 0o4000;
const O_CREAT = 0o100, O_EXCL = 0o200, O_TRUNC = 0o1000, O_RDWR = 2;
const __O_TMPFILE = 0o20000000;

// Open-flag bits whose values differ between Linux architectures: [generic value, this host's].
// Every other bit has the same value everywhere, so it passes through untouched.
const ARCH_FLAGS: [number, number][] = [
  [0o200000, fs.constants.O_DIRECTORY], // O_DIRECTORY
  [0o400000, fs.constants.O_NOFOLLOW], // O_NOFOLLOW
  [0o40000, fs.constants.O_DIRECT ?? 0o40000], // O_DIRECT
  [0o100000, process.arch === 'arm64' || process.arch === 'arm' ? 0o400000 : 0o100000], // O_LARGEFILE
];
const ARCH_GENERIC_MASK = ARCH_FLAGS.reduce((m, [g]) => m | g, 0);
const ARCH_HOST_MASK = ARCH_FLAGS.reduce((m, [, h]) => m | h, 0);

/** Linux generic open flags -> the host's values. */
export function hostOpenFlags(flags: number): number {
  let out = flags & ~ARCH_GENERIC_MASK;
  for (const [g, h] of ARCH_FLAGS) if (flags & g) out |= h;
  return out;
}

/** The host's open/status flags -> Linux generic values. */
export function genericOpenFlags(flags: number): number {
  let out = flags & ~ARCH_HOST_MASK;
  for (const [g, h] of ARCH_FLAGS) if (flags & h) out |= g;
  return out;
}

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
  // Node's utimes takes seconds as a number (libuv keeps microseconds): whole seconds and the
  // fraction are converted apart so that the seconds stay exact.
  if (ns === null) return new Date();
  const sec = ns / 1_000_000_000n, frac = ns % 1_000_000_000n;
  return Number(sec) + Number(frac) / 1e9;
}

export class NodeFs implements HostFs {
  open(p: string, flags: number, mode: number): number {
    return wrap(() => fs.openSync(p, hostOpenFlags(flags), mode));
  }
  close(fd: number): void {
    twins.forget(fd);
    wrap(() => fs.closeSync(fd));
    forgetDescriptor(fd);
    const dir = syntheticDirs.get(fd);
    if (dir !== undefined) {
      syntheticDirs.delete(fd);
      removeTree(dir);
    }
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
  tryRead(fd: number, buf: Uint8Array): number {
    return wrap(() => twins.tryRead(fd, buf));
  }
  tryWrite(fd: number, buf: Uint8Array): number {
    return wrap(() => twins.tryWrite(fd, buf));
  }
  dropTwins(): void {
    twins.dropAll();
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
  mknod(p: string, mode: number, major: number, minor: number): void {
    wrap(() => {
      const type = mode & 0o170000, perm = mode & 0o7777;
      if (type === 0o100000) {
        const fd = fs.openSync(p, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, perm);
        try {
          fs.fchmodSync(fd, perm);
        } finally {
          fs.closeSync(fd);
        }
        return;
      }
      // Node has no mknod: the coreutils commands make FIFOs and device nodes. They run in
      // another process, where /proc/self/fd/N paths would name its descriptors, not ours.
      checkCreatable(p);
      const where = path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
      const octal = perm.toString(8);
      if (type === 0o010000) runNodeTool('mkfifo', ['-m', octal, '--', where]);
      else if (type === 0o020000 || type === 0o060000) {
        runNodeTool('mknod', ['-m', octal, '--', where, type === 0o020000 ? 'c' : 'b', String(major), String(minor)]);
      } else throw new HostError(1); // EPERM: no way to make a socket node from here
    });
  }
  unlink(p: string): void {
    wrap(() => fs.unlinkSync(p));
  }
  rmdir(p: string): void {
    wrap(() => fs.rmdirSync(p));
  }
  rename(from: string, to: string, flags: number): void {
    const RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2;
    wrap(() => {
      if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) throw new HostError(22);
      if (flags & RENAME_EXCHANGE) exchange(from, to);
      else if (flags & RENAME_NOREPLACE) renameNoReplace(from, to);
      else fs.renameSync(from, to);
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
      const st = followLinks ? fs.statSync(p, { bigint: true }) : fs.lstatSync(p, { bigint: true });
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
  seek(fd: number, offset: bigint, whence: number): bigint {
    return seekDescriptor(fd, offset, whence);
  }
  poll(fd: number, events: number, timeoutMs: number): number {
    return pollDescriptor(fd, events, timeoutMs);
  }
  pipe(): [number, number] {
    return wrap(makePipe);
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
    // Only character devices can be terminals, and not the memory devices (/dev/null...):
    // asking fstat first keeps node:tty unloaded when the standard streams are pipes, files or
    // /dev/null.
    try {
      const st = fs.fstatSync(fd, { bigint: true });
      if (!st.isCharacterDevice() || devMajor(st.rdev) === MEM_MAJOR) return false;
    } catch {
      return false;
    }
    return tty().isatty(fd);
  }
  windowSize(fd: number): { rows: number; cols: number } | null {
    if (!this.isatty(fd)) return null;
    const s = fd === 2 ? process.stderr : fd === 1 ? process.stdout : null;
    const ws = s as unknown as { rows?: number; columns?: number } | null;
    if (ws?.rows && ws.columns) return { rows: ws.rows, cols: ws.columns };
    return { rows: 24, cols: 80 };
  }
  statusFlags(fd: number): number {
    try {
      const link = fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1');
      const m = /flags:\s*([0-7]+)/.exec(link);
      return m ? genericOpenFlags(parseInt(m[1]!, 8)) : 0;
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
  reopen(fd: number, flags: number): number {
    // /proc/self/fd/N opens the very file (or pipe, or terminal) behind N, with fresh status flags.
    return wrap(() => fs.openSync(`/proc/self/fd/${fd}`, hostOpenFlags(flags & ~(O_CREAT | O_EXCL | O_TRUNC))));
  }
  tmpfile(dir: string | null, mode: number, name?: string): number {
    const where = dir ?? os.tmpdir();
    return wrap(() => {
      const fd = name === undefined ? anonymousFile(where) : createUnlinked(path.join(where, name));
      if ((mode & 0o7777) !== 0o600) fs.fchmodSync(fd, mode & 0o7777);
      return fd;
    });
  }
  syntheticDir(entries: SyntheticEntry[], name?: string): number {
    return wrap(() => {
      const dir = name === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'rvjit-dir-')) : path.join(os.tmpdir(), name);
      if (name !== undefined) fs.mkdirSync(dir, 0o700);
      try {
        for (const e of entries) {
          const p = path.join(dir, e.name);
          if (e.target === null) fs.writeFileSync(p, '');
          else fs.symlinkSync(e.target, p);
        }
        const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
        rememberSyntheticDir(fd, dir);
        return fd;
      } catch (e) {
        removeTree(dir);
        throw e;
      }
    });
  }
  statfs(p: string): HostStatfs {
    return wrap(() => {
      const s = fs.statfsSync(p, { bigint: true });
      return {
        type: s.type, bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail, files: s.files, ffree: s.ffree,
        // Node does not report these; 255 is every common Linux file system's NAME_MAX.
        namelen: 255n, frsize: s.bsize, flags: BigInt(mountFlags(p)),
      };
    });
  }
  umask(): number {
    hostUmask ??= readHostUmask();
    return hostUmask;
  }
  tell(fd: number): number | null {
    try {
      const m = /^pos:\s*(\d+)/m.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'));
      return m ? Number(m[1]) : null;
    } catch {
      return null;
    }
  }
}

let hostUmask: number | undefined;

function readHostUmask(): number {
  try {
    const m = /^Umask:\s*([0-7]+)/m.exec(fs.readFileSync('/proc/self/status', 'latin1'));
    if (m) return parseInt(m[1]!, 8);
  } catch {
    // no procfs: fall through
  }
  return 0o022;
}

/** Host directories that back synthetic directory descriptors; removed on close or exit. */
const syntheticDirs = new Map<number, string>();

function rememberSyntheticDir(fd: number, dir: string): void {
  if (syntheticDirs.size === 0 && !exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const d of syntheticDirs.values()) removeTree(d);
    });
  }
  syntheticDirs.set(fd, dir);
}
let exitHookInstalled = false;

function removeTree(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // best effort: a temp directory left behind is harmless
  }
}

/** rename(RENAME_NOREPLACE): a hard link fails atomically when the target exists. */
function renameNoReplace(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch (e) {
    const errno = toHostError(e).errno;
    // Directories and files we may not hard-link: check, then rename (not atomic).
    if (errno !== 1 && errno !== 31) throw e; // EPERM, EMLINK
    if (fs.existsSync(to) || isSymlink(to)) throw new HostError(17);
    fs.renameSync(from, to);
    return;
  }
  fs.unlinkSync(from);
}

/** rename(RENAME_EXCHANGE) through a temporary name: not atomic, but each name ends up on the other's file. */
function exchange(a: string, b: string): void {
  fs.lstatSync(a);
  fs.lstatSync(b);
  const tmp = path.join(path.dirname(b), `.rvjit-xchg-${process.pid}-${randomHex(6)}`);
  fs.renameSync(b, tmp);
  try {
    fs.renameSync(a, b);
  } catch (e) {
    fs.renameSync(tmp, b);
    throw e;
  }
  fs.renameSync(tmp, a);
}

const ST_VALID = 0x20;
const MOUNT_OPTION_FLAGS: Record<string, number> = {
  ro: 1, nosuid: 2, nodev: 4, noexec: 8, sync: 16, mand: 64, noatime: 1024, nodiratime: 2048, relatime: 4096,
  nosymfollow: 0x2000,
};

/** statfs f_flags: ST_VALID plus the options of the mount holding `p` (from mountinfo). */
function mountFlags(p: string): number {
  let real: string, dev: bigint;
  try {
    real = fs.realpathSync(p);
    dev = fs.statSync(p, { bigint: true }).dev;
  } catch {
    return ST_VALID;
  }
  const devId = `${Number((dev >> 8n) & 0xfffn) | Number((dev >> 32n) & ~0xfffn)}:${Number(dev & 0xffn) | Number((dev >> 12n) & ~0xffn)}`;
  let best: string[] | null = null;
  let bestLen = -1;
  try {
    for (const line of fs.readFileSync('/proc/self/mountinfo', 'latin1').split('\n')) {
      const f = line.split(' ');
      if (f.length < 10 || f[2] !== devId) continue;
      const mnt = f[4]!.replace(/\\040/g, ' ');
      const inside = mnt === '/' || real === mnt || real.startsWith(mnt + '/');
      if (inside && mnt.length > bestLen) {
        best = f;
        bestLen = mnt.length;
      }
    }
  } catch {
    return ST_VALID;
  }
  if (!best) return ST_VALID;
  const sep = best.indexOf('-');
  const opts = [...best[5]!.split(','), ...(best[sep + 3] ?? '').split(',')];
  return opts.reduce((m, o) => m | (MOUNT_OPTION_FLAGS[o] ?? 0), ST_VALID);
}

function anonymousFile(dir: string): number {
  try {
    return fs.openSync(dir, hostOpenFlags(__O_TMPFILE | 0o200000 | O_RDWR), 0o600);
  } catch (e) {
    // File systems without O_TMPFILE: a fresh name, unlinked at once.
    if (![95, 21, 22].includes(toHostError(e).errno)) throw e;
    return createUnlinked(path.join(dir, `.rvjit-tmp-${process.pid}-${randomHex(6)}`));
  }
}

function createUnlinked(p: string): number {
  const fd = fs.openSync(p, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  fs.unlinkSync(p);
  return fd;
}

/** The errors mknod(2) itself would report before creating anything. */
function checkCreatable(p: string): void {
  if (fs.existsSync(p) || isSymlink(p)) throw new HostError(17); // EEXIST
  const parent = fs.statSync(path.dirname(p));
  if (!parent.isDirectory()) throw new HostError(20); // ENOTDIR
}

function runNodeTool(cmd: string, args: string[]): void {
  try {
    childProcess().execFileSync(cmd, args, { stdio: 'ignore' });
  } catch {
    throw new HostError(getuidOrRoot() === 0 ? 13 : 1); // EACCES, or EPERM without privileges
  }
}

function getuidOrRoot(): number {
  return process.geteuid?.() ?? 0;
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
 * V8 flags rvjit runs with; they must be set before the first module is compiled (bin/rvjit.js
 * sets the same ones before loading its code cache, which V8 ties to the flags).
 * - Relaxed SIMD (for a fused multiply-add) is behind a flag in Node 20's V8 and shipped later.
 * - The tiering budget (roughly the bytes of wasm a function executes before V8 re-compiles it
 *   with TurboFan) at 10x the default: with the default, every vCPU's worker optimised hundreds of
 *   lukewarm region functions of a Go program (TurboFan compiling was a quarter of its CPU time);
 *   hot loops still reach the budget within milliseconds. Measured, CPU time with / without:
 *   gomix 20: 9.53 / 11.98 s, matrix 600: 1.94 / 2.26 s, hash 12: 1.38 / 1.54 s.
 * - Branch hints (a custom section, behind a flag in Node 20's V8) let region code mark the slow
 *   paths of its access checks unlikely, which V8 then moves out of line (RegionEmitter.unlikelyIf).
 */
export const V8_FLAGS = ['--experimental-wasm-relaxed-simd', '--wasm-tiering-budget=18000000', '--experimental-wasm-branch-hinting'];

export function enableWasmFeatures(): void {
  for (const f of V8_FLAGS) setV8Flag(f);
}

let rvjitBin: string | null = null;

/** The command that runs rvjit itself (for child processes): node and bin/rvjit.js. */
export function rvjitCommand(): string[] {
  if (!rvjitBin) {
    let dir = path.dirname(new URL(import.meta.url).pathname);
    while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    rvjitBin = path.join(dir, 'bin', 'rvjit.js');
  }
  return [process.execPath, rvjitBin];
}

export class NodeProcesses implements HostProcesses {
  runSync(path: string, argv: string[], env: string[], cwd: string, fds: (number | null)[]): HostProgramStatus {
    const envObj: Record<string, string> = {};
    for (const e of env) {
      const eq = e.indexOf('=');
      if (eq > 0) envObj[e.slice(0, eq)] = e.slice(eq + 1);
    }
    const stdio = Array.from({ length: Math.max(3, fds.length) }, (_, i) => fds[i] ?? 'ignore');
    const r = childProcess().spawnSync(path, argv.slice(1), { argv0: argv[0] ?? path, env: envObj, cwd, stdio: stdio as never });
    if (r.error) throw toHostError(r.error);
    const signal = r.signal ? (os.constants.signals[r.signal] ?? null) : null;
    return { code: r.status, signal };
  }
  kill(pid: number, signal: number): void {
    try {
      process.kill(pid, signal);
    } catch (e) {
      throw toHostError(e);
    }
  }
}

/** Linux signal number -> Node's signal name. */
function signalNameOf(sig: number): NodeJS.Signals | null {
  for (const [name, n] of Object.entries(os.constants.signals)) if (n === sig) return name as NodeJS.Signals;
  return null;
}

export class NodeHost implements Host {
  readonly fs = new NodeFs();
  readonly processes = new NodeProcesses();
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
      // availableParallelism, not cpus(): the latter parses /proc/cpuinfo (milliseconds at start-up).
      cpus: os.availableParallelism?.() ?? (os.cpus().length || 1),
      totalMem: os.totalmem(),
      freeMem: os.freemem(),
      uptimeSeconds: os.uptime(),
      loadavg: os.loadavg(),
    };
  }
  randomBytes(buf: Uint8Array): void {
    fillRandom(buf);
  }
  onSignal(signal: number, handler: () => void): void {
    const name = signalNameOf(signal);
    if (name) process.on(name, handler);
  }
  diagnostic(line: string): void {
    try {
      fs.writeSync(2, line.endsWith('\n') ? line : line + '\n');
    } catch {
      // stderr closed: nothing more to say
    }
  }
}
