// The process's file-descriptor table and its open file descriptions, kept in a
// SharedArrayBuffer so that every vCPU thread sees one table (CLONE_FILES). An open file
// description (OFD) is what dup() shares: host descriptor, status flags and file offset.

import { Errno, EBADF, EMFILE } from './errno.js';
import { withWordLock } from '../host/word-lock.js';

export const enum FileKind {
  Free = 0,
  /** A host descriptor with a file offset we keep ourselves (regular files, block devices). */
  Seekable = 1,
  /** A host descriptor without an offset: pipes, terminals, character devices, sockets. */
  Stream = 2,
  /** A host directory descriptor; `pos` is the getdents cursor. */
  Directory = 3,
  /** eventfd: a 64-bit counter in the description (no host descriptor). */
  EventFd = 4,
  /** epoll instance: its interest list is in the epoll table (linux/epoll.ts). */
  Epoll = 5,
}

export const MAX_FDS = 1024; // RLIMIT_NOFILE's usual soft limit
const MAX_OFDS = 4096;
const OFD_WORDS = 16; // 64 bytes per description

// Int32 word offsets inside an OFD record. Words 10-15 are for emulated kinds (aux).
const W_REFS = 0, W_KIND = 1, W_HOSTFD = 2, W_FLAGS = 3, W_POS = 4, W_SERIAL = 5, W_AUX = 10;
// Float64 slot (index within the record viewed as f64s) of the file offset.
const F_OFFSET = 4;
const AUX_WORDS = 6;

const O_ACCMODE = 3;
export const O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0o100, O_EXCL = 0o200, O_NOCTTY = 0o400,
  O_TRUNC = 0o1000, O_APPEND = 0o2000, O_NONBLOCK = 0o4000, O_DSYNC = 0o10000, O_DIRECT = 0o40000,
  O_LARGEFILE = 0o100000, O_DIRECTORY = 0o200000, O_NOFOLLOW = 0o400000, O_NOATIME = 0o1000000,
  O_CLOEXEC = 0o2000000, O_PATH = 0o10000000, O_TMPFILE = 0o20000000 | O_DIRECTORY;
export const FD_CLOEXEC = 1;

export interface OpenFile {
  readonly id: number;
  /** Distinguishes successive descriptions that reuse the same id (for per-thread caches). */
  readonly serial: number;
  kind: FileKind;
  hostFd: number;
  flags: number;
  offset: number;
  pos: number;
}

/**
 * An open file description's words in the shared table. A class rather than an object literal
 * with accessors: every read and write syscall makes one, and literal accessors cost ~2 µs and
 * garbage each time.
 */
class SharedOpenFile implements OpenFile {
  readonly serial: number;
  private readonly w: number;
  constructor(private readonly ofd: Int32Array, private readonly f64: Float64Array, readonly id: number) {
    this.w = id * OFD_WORDS;
    this.serial = ofd[this.w + W_SERIAL]!;
  }
  get kind(): FileKind { return this.ofd[this.w + W_KIND] as FileKind; }
  set kind(v: FileKind) { this.ofd[this.w + W_KIND] = v; }
  get hostFd(): number { return this.ofd[this.w + W_HOSTFD]!; }
  set hostFd(v: number) { this.ofd[this.w + W_HOSTFD] = v; }
  get flags(): number { return this.ofd[this.w + W_FLAGS]!; }
  set flags(v: number) { this.ofd[this.w + W_FLAGS] = v; }
  get offset(): number { return this.f64[this.id * (OFD_WORDS / 2) + F_OFFSET]!; }
  set offset(v: number) { this.f64[this.id * (OFD_WORDS / 2) + F_OFFSET] = v; }
  get pos(): number { return this.ofd[this.w + W_POS]!; }
  set pos(v: number) { this.ofd[this.w + W_POS] = v; }
}

export class FdTable {
  readonly sab: SharedArrayBuffer;
  private readonly fdOfd: Int32Array; // fd -> ofd id + 1, 0 when free
  private readonly fdFlags: Int32Array;
  private readonly ofd: Int32Array;
  private readonly ofdF64: Float64Array;
  private readonly lockWord: Int32Array;
  private serials = 0;
  /**
   * Descriptions `get` referenced during this JS thread's current system call, released when it
   * returns (Linux's fdget/fdput); null while not holding. So a close by another guest thread
   * cannot close a host descriptor that a call is using — a read blocked on a pipe keeps the
   * pipe open, and no call polls a host descriptor that was closed and perhaps reused.
   */
  private held: number[] | null = null;
  /** Called when the last reference to a host descriptor goes away. */
  onHostClose: (hostFd: number) => void = () => {};
  /** Called when an open file description is gone (epoll entries watching it go too). */
  onFileFreed: (file: { id: number; serial: number }) => void = () => {};

  constructor(sab?: SharedArrayBuffer) {
    const bytes = 8 + MAX_FDS * 8 + MAX_OFDS * OFD_WORDS * 4;
    this.sab = sab ?? new SharedArrayBuffer(bytes);
    this.lockWord = new Int32Array(this.sab, 0, 2);
    this.fdOfd = new Int32Array(this.sab, 8, MAX_FDS);
    this.fdFlags = new Int32Array(this.sab, 8 + MAX_FDS * 4, MAX_FDS);
    const ofdBase = 8 + MAX_FDS * 8;
    this.ofd = new Int32Array(this.sab, ofdBase, MAX_OFDS * OFD_WORDS);
    this.ofdF64 = new Float64Array(this.sab, ofdBase, (MAX_OFDS * OFD_WORDS) / 2);
  }

  /** A short critical section; contention only between guest threads doing fd operations. */
  private locked<T>(f: () => T): T {
    return withWordLock(this.lockWord, 0, f);
  }

  private view(id: number): OpenFile {
    return new SharedOpenFile(this.ofd, this.ofdF64, id);
  }

  /** Creates an open file description with one reference; returns it (not yet in the table). */
  createFile(kind: FileKind, hostFd: number, flags: number): OpenFile {
    return this.locked(() => {
      for (let id = 0; id < MAX_OFDS; id++) {
        const w = id * OFD_WORDS;
        if (this.ofd[w + W_REFS] === 0) {
          const serial = this.ofd[w + W_SERIAL]!;
          this.ofd.fill(0, w, w + OFD_WORDS);
          this.ofd[w + W_SERIAL] = serial;
          this.ofd[w + W_REFS] = 1;
          this.ofd[w + W_KIND] = kind;
          this.ofd[w + W_HOSTFD] = hostFd;
          this.ofd[w + W_FLAGS] = flags;
          // Serials only need to differ between successive users of one id.
          this.ofd[w + W_SERIAL] = (this.ofd[w + W_SERIAL]! + 1 + this.serials++) | 0;
          return this.view(id);
        }
      }
      throw new Errno(23); // ENFILE
    });
  }

  /** Int32 index (in `auxWords`) of an emulated description's k-th auxiliary word (k < 6). */
  auxIndex(file: OpenFile, k: number): number {
    if (k < 0 || k >= AUX_WORDS) throw new RangeError('aux word out of range');
    return file.id * OFD_WORDS + W_AUX + k;
  }

  /** The words behind emulated descriptions' state, for Atomics (see auxIndex). */
  get auxWords(): Int32Array {
    return this.ofd;
  }

  /** Installs `file` at the lowest free fd >= minFd, consuming the caller's reference. */
  install(file: OpenFile, cloexec: boolean, minFd = 0, limit = MAX_FDS): number {
    return this.locked(() => {
      for (let fd = minFd; fd < Math.min(limit, MAX_FDS); fd++) {
        if (this.fdOfd[fd] === 0) {
          this.fdOfd[fd] = file.id + 1;
          this.fdFlags[fd] = cloexec ? FD_CLOEXEC : 0;
          return fd;
        }
      }
      this.unrefLocked(file.id);
      throw new Errno(EMFILE);
    });
  }

  /** Installs `file` at exactly `fd`, closing what was there (dup2/dup3 semantics). */
  installAt(file: OpenFile, fd: number, cloexec: boolean): void {
    if (fd < 0 || fd >= MAX_FDS) throw new Errno(EBADF);
    this.locked(() => {
      const old = this.fdOfd[fd]!;
      this.fdOfd[fd] = file.id + 1;
      this.fdFlags[fd] = cloexec ? FD_CLOEXEC : 0;
      if (old) this.unrefLocked(old - 1);
    });
  }

  /** The description behind `fd`; during a call that holds (beginCall), referenced until endCall. */
  get(fd: number): OpenFile {
    const held = this.held;
    if (held === null) return this.lookup(fd);
    return this.locked(() => {
      const f = this.lookup(fd);
      this.ofd[f.id * OFD_WORDS + W_REFS]!++;
      held.push(f.id);
      return f;
    });
  }

  /** The description behind `fd` now, without a reference; null if the fd is not open. */
  peek(fd: number): OpenFile | null {
    if (!Number.isInteger(fd) || fd < 0 || fd >= MAX_FDS) return null;
    const id = this.fdOfd[fd]! - 1; // one read: another thread may be closing it
    return id < 0 ? null : this.view(id);
  }

  private lookup(fd: number): OpenFile {
    if (!Number.isInteger(fd) || fd < 0 || fd >= MAX_FDS) throw new Errno(EBADF);
    const id = this.fdOfd[fd]! - 1;
    if (id < 0) throw new Errno(EBADF);
    return this.view(id);
  }

  /**
   * Starts a system call of this JS thread's guest thread. `hold` when other threads could close
   * descriptors under it (with one thread nothing can, and the call skips the locking).
   */
  beginCall(hold: boolean): void {
    this.held = hold ? [] : null;
  }

  /** Ends the system call: drops the references `get` took (closing what was closed meanwhile). */
  endCall(): void {
    const held = this.held;
    this.held = null;
    if (held !== null && held.length > 0) this.locked(() => held.forEach((id) => this.unrefLocked(id)));
  }

  isOpen(fd: number): boolean {
    return fd >= 0 && fd < MAX_FDS && this.fdOfd[fd] !== 0;
  }

  /** Adds a reference to the description behind `fd` (for dup). */
  ref(fd: number): OpenFile {
    return this.locked(() => {
      const f = this.lookup(fd);
      this.ofd[f.id * OFD_WORDS + W_REFS]!++;
      return f;
    });
  }

  close(fd: number): void {
    this.locked(() => {
      const f = this.lookup(fd);
      this.fdOfd[fd] = 0;
      this.fdFlags[fd] = 0;
      this.unrefLocked(f.id);
    });
  }

  private unrefLocked(id: number): void {
    const w = id * OFD_WORDS;
    if (--this.ofd[w + W_REFS]! === 0) {
      const host = this.ofd[w + W_HOSTFD]!;
      const kind = this.ofd[w + W_KIND]! as FileKind;
      this.ofd[w + W_KIND] = FileKind.Free;
      if (host >= 0 && kind !== FileKind.EventFd && kind !== FileKind.Epoll) this.onHostClose(host);
      this.onFileFreed({ id, serial: this.ofd[w + W_SERIAL]! });
    }
  }

  /** The live description with this id and serial, or null if it has gone. */
  byId(id: number, serial: number): OpenFile | null {
    const w = id * OFD_WORDS;
    if (this.ofd[w + W_REFS] === 0 || this.ofd[w + W_SERIAL] !== serial) return null;
    return this.view(id);
  }

  /**
   * Like byId, with a reference the caller gives back with `release` (epoll polls the files it
   * watches this way: the entries themselves hold none, as in Linux).
   */
  hold(id: number, serial: number): OpenFile | null {
    return this.locked(() => {
      const f = this.byId(id, serial);
      if (f) this.ofd[id * OFD_WORDS + W_REFS]!++;
      return f;
    });
  }

  release(file: OpenFile): void {
    this.locked(() => this.unrefLocked(file.id));
  }

  fdFlagsOf(fd: number): number {
    this.lookup(fd);
    return this.fdFlags[fd]!;
  }

  setFdFlags(fd: number, flags: number): void {
    this.lookup(fd);
    this.fdFlags[fd] = flags & FD_CLOEXEC;
  }

  /** All open fds, ascending. */
  openFds(): number[] {
    const out: number[] = [];
    for (let fd = 0; fd < MAX_FDS; fd++) if (this.fdOfd[fd]) out.push(fd);
    return out;
  }

  /** Closes every descriptor marked close-on-exec. */
  closeOnExec(): void {
    for (const fd of this.openFds()) if (this.fdFlags[fd]! & FD_CLOEXEC) this.close(fd);
  }

  static accessMode(flags: number): number {
    return flags & O_ACCMODE;
  }
}
