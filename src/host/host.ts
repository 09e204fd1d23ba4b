// What the emulator needs from the machine it runs on. The Linux layer talks only to these
// interfaces; host/node implements them with Node's APIs, and a browser host can implement them
// over an in-memory file system and Web Workers.

/** A failed host operation, carrying the Linux errno it maps to. */
export class HostError extends Error {
  constructor(readonly errno: number, message?: string) {
    super(message ?? `errno ${errno}`);
  }
}

export interface HostStat {
  dev: bigint;
  ino: bigint;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: bigint;
  size: bigint;
  blksize: number;
  blocks: bigint;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  birthtimeNs: bigint;
}

/** statfs(2) of the file system holding a file (struct statfs fields Node can supply). */
export interface HostStatfs {
  type: bigint;
  bsize: bigint;
  blocks: bigint;
  bfree: bigint;
  bavail: bigint;
  files: bigint;
  ffree: bigint;
  namelen: bigint;
  frsize: bigint;
  /** ST_* mount flags (ST_VALID set when known). */
  flags: bigint;
}

/** An entry of a directory made up by the emulator (see HostFs.syntheticDir). */
export interface SyntheticEntry {
  name: string;
  /** A symbolic link to this target, or a regular empty file when null. */
  target: string | null;
}

export interface HostDirEntry {
  name: string;
  /** DT_* type code. */
  type: number;
  ino: bigint;
}

/**
 * Synchronous file-system access on host file descriptors. Paths are host paths (already
 * resolved by the Linux layer). Open and status flags use Linux's generic (riscv64) O_* values;
 * the host translates them to its own. Methods throw HostError.
 */
export interface HostFs {
  open(path: string, flags: number, mode: number): number;
  close(fd: number): void;
  /** position null: use and advance the descriptor's own offset. */
  read(fd: number, buf: Uint8Array, position: number | null): number;
  write(fd: number, buf: Uint8Array, position: number | null): number;
  /**
   * read/write at the descriptor's offset if that cannot block: a pipe that has data or room,
   * /dev/null and the like. -1 when it would block or the host cannot tell (poll, then read or
   * write). May keep a second open description of a pipe ("twin") until the descriptor is
   * closed or dropTwins is called; callers use this only while one thread does I/O.
   */
  tryRead(fd: number, buf: Uint8Array): number;
  tryWrite(fd: number, buf: Uint8Array): number;
  /** Closes every twin tryRead/tryWrite made (another thread may now close descriptors). */
  dropTwins(): void;
  fstat(fd: number): HostStat;
  stat(path: string, followLinks: boolean): HostStat;
  readlink(path: string): string;
  /** Entries of the directory open as `fd`, in the host's order, excluding "." and "..". */
  readdir(fd: number): HostDirEntry[];
  mkdir(path: string, mode: number): void;
  /**
   * mknod(2): a regular file, FIFO or device node with exactly `mode` (type and permissions; no
   * umask applied). `major`/`minor` are for devices.
   */
  mknod(path: string, mode: number, major: number, minor: number): void;
  unlink(path: string): void;
  rmdir(path: string): void;
  rename(from: string, to: string, flags: number): void;
  link(from: string, to: string): void;
  symlink(target: string, path: string): void;
  access(path: string, mode: number): void;
  chmod(path: string, mode: number): void;
  fchmod(fd: number, mode: number): void;
  chown(path: string, uid: number, gid: number, followLinks: boolean): void;
  fchown(fd: number, uid: number, gid: number): void;
  truncate(path: string, len: number): void;
  ftruncate(fd: number, len: number): void;
  fsync(fd: number): void;
  fdatasync(fd: number): void;
  utimes(path: string, atimeNs: bigint | null, mtimeNs: bigint | null, followLinks: boolean): void;
  futimes(fd: number, atimeNs: bigint | null, mtimeNs: bigint | null): void;
  /** Seeks a host descriptor (its own, shared file offset); whence as in Linux. Returns the new offset. */
  seek(fd: number, offset: bigint, whence: number): bigint;
  /**
   * poll(2) on one host descriptor: waits up to `timeoutMs` (0 = just look) for POLLIN/POLLOUT
   * in `events`; returns the ready events (with POLLHUP/POLLERR), 0 on timeout.
   */
  poll(fd: number, events: number, timeoutMs: number): number;
  /** Creates a pipe; returns [readFd, writeFd]. */
  pipe(): [number, number];
  /** Bytes available to read without blocking (FIONREAD), or -1 if unknown. */
  available(fd: number): number;
  isatty(fd: number): boolean;
  /** Terminal window size, or null. */
  windowSize(fd: number): { rows: number; cols: number } | null;
  /** fcntl(F_GETFL)-style status flags of a host descriptor. */
  statusFlags(fd: number): number;
  setNonBlocking(fd: number, on: boolean): void;
  realpath(path: string): string;
  exists(path: string): boolean;
  /**
   * A second host descriptor for the file `fd` is open on, opened afresh with `flags` (a new
   * open file description: how status flags that the host cannot change in place get changed).
   */
  reopen(fd: number, flags: number): number;
  /**
   * An anonymous (already unlinked) regular file open O_RDWR, in `dir` or the host's temp dir.
   * With a `name`, the file is created under that name before being unlinked, so the host's
   * view of the descriptor (/proc/self/fd link) ends in "/<name> (deleted)".
   */
  tmpfile(dir: string | null, mode: number, name?: string): number;
  /**
   * A directory descriptor listing exactly `entries`; what backs it goes away when it is
   * closed. With a `name`, the host's view of the descriptor ends in "/<name>" (see tmpfile).
   */
  syntheticDir(entries: SyntheticEntry[], name?: string): number;
  statfs(path: string): HostStatfs;
  /** The host process's file-creation mask (applied by the host on top of the guest's). */
  umask(): number;
  /** The file offset of a host descriptor (lseek(fd, 0, SEEK_CUR)), or null if it cannot be known. */
  tell(fd: number): number | null;
}

export interface HostClock {
  /** CLOCK_REALTIME in nanoseconds. */
  realtimeNs(): bigint;
  /** CLOCK_MONOTONIC in nanoseconds. */
  monotonicNs(): bigint;
  /** CPU time of the whole emulator process in nanoseconds. */
  processCpuNs(): bigint;
  /** Blocks the calling thread for `ns` nanoseconds, or until `wake` is notified (returns true). */
  sleep(ns: bigint, wake?: { array: Int32Array; index: number; value: number }): boolean;
}

export interface HostInfo {
  pid: number;
  ppid: number;
  uid: number;
  gid: number;
  euid: number;
  egid: number;
  hostname: string;
  /** Host kernel release, used as a base for uname. */
  release: string;
  cwd: string;
  cpus: number;
  totalMem: number;
  freeMem: number;
  uptimeSeconds: number;
  loadavg: number[];
}

export interface HostProgramStatus {
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  /** The signal that ended it (Linux numbering), or null. */
  signal: number | null;
}

/** Running host programs (execve of a program that is not for riscv64). */
export interface HostProcesses {
  /**
   * Runs `path` with `argv` (argv[0] included) and `env` in `cwd`; `fds[i]` is the host
   * descriptor the program gets as its descriptor i (missing: closed). Waits for it to end.
   */
  runSync(path: string, argv: string[], env: string[], cwd: string, fds: (number | null)[]): HostProgramStatus;
  /** kill(2) on a host process (Linux signal numbers); throws HostError (ESRCH, EPERM). */
  kill(pid: number, signal: number): void;
}

export interface Host {
  fs: HostFs;
  processes: HostProcesses;
  clock: HostClock;
  info(): HostInfo;
  randomBytes(buf: Uint8Array): void;
  /** Calls `handler` when the host process receives `signal` (only on the main JS thread). */
  onSignal(signal: number, handler: () => void): void;
  /** Writes a diagnostic line to the emulator's own stderr. */
  diagnostic(line: string): void;
  /** Print internal stack traces (RVJIT_DEBUG). */
  debug: boolean;
}

/** Major number of a Linux device number (glibc's dev_t split, the one Linux's new_encode_dev uses). */
export function devMajor(dev: bigint): number {
  return Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
}

/** Minor number of a Linux device number (glibc's gnu_dev_minor). */
export function devMinor(dev: bigint): number {
  return Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
}
