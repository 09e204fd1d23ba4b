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

export interface HostDirEntry {
  name: string;
  /** DT_* type code. */
  type: number;
  ino: bigint;
}

/**
 * Synchronous file-system access on host file descriptors. Paths are host paths (already
 * resolved by the Linux layer). Methods throw HostError.
 */
export interface HostFs {
  open(path: string, flags: number, mode: number): number;
  close(fd: number): void;
  /** position null: use and advance the descriptor's own offset. */
  read(fd: number, buf: Uint8Array, position: number | null): number;
  write(fd: number, buf: Uint8Array, position: number | null): number;
  fstat(fd: number): HostStat;
  stat(path: string, followLinks: boolean): HostStat;
  readlink(path: string): string;
  /** Entries of the directory open as `fd`, in the host's order, excluding "." and "..". */
  readdir(fd: number): HostDirEntry[];
  mkdir(path: string, mode: number): void;
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
  /** Seeks a host descriptor; whence as in Linux. Returns the new offset. */
  seek(fd: number, offset: bigint, whence: number): bigint;
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

export interface Host {
  fs: HostFs;
  clock: HostClock;
  info(): HostInfo;
  randomBytes(buf: Uint8Array): void;
  /** Writes a diagnostic line to the emulator's own stderr. */
  diagnostic(line: string): void;
  /** Print internal stack traces (RVJIT_DEBUG). */
  debug: boolean;
}
