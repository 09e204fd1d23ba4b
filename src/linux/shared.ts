// Process-wide kernel state that every guest thread (each on its own JS thread) must see the same:
// kept in one SharedArrayBuffer, with short spin-then-wait locks for the parts that change
// together. Per-thread JS objects (LinuxProcess views, Thread, caches) are rebuilt from this in
// each worker; nothing here refers to JS objects.

import { withWordLock } from '../host/word-lock.js';

/** Locks, one word each. */
export const enum Lock {
  Mm = 0,
  Fs = 1,
  Signals = 2,
  Threads = 3,
  Futex = 4,
  EventFd = 5,
  Stats = 6,
  Count = 8,
}

export const MAX_THREADS = 512;
const CWD_BYTES = 4096;
const NSIG = 64;

// Int32 word offsets of the scalar fields.
const W_LOCKS = 0;
const W_EXITING = 8; // 0 running, 1 exiting (exit_group or fatal signal in progress), 2 exited
const W_EXIT_CODE = 9;
const W_EXIT_SIGNAL = 10;
const W_UMASK = 11;
const W_CWD_LEN = 12;
const W_NEXT_TID = 13;
const W_LIVE_THREADS = 14;
/** Bumped on every change of signal dispositions (views cache them). */
const W_SIGACTION_VERSION = 15;
/** Thread slot doing an execve (every other thread must go), or -1. */
const W_EXEC_SLOT = 16;
/** Version and length of the exec information blob (what the current program is). */
const W_EXEC_VERSION = 17;
const W_EXEC_LEN = 18;
/** Guest threads that have run and not yet added their counters (under --stats). */
const W_STATS_PENDING = 19;
/** Bitmap (one bit per thread slot) of threads waiting in poll/select/epoll_wait. */
const W_POLLING = 32; // 16 words
const SCALARS = 64; // words reserved for scalars

// Float64 slots (index in the f64 view) after the scalars.
const F_BASE = SCALARS / 2;
const F_RLIMITS = F_BASE; // 16 x [soft, hard]
/** --stats: the counters of the guest threads that have finished, added up (vcpu/counters.ts). */
const F_STATS = F_RLIMITS + 32;
export const MAX_STAT_COUNTERS = 32;
const F_END = F_STATS + MAX_STAT_COUNTERS;

// Byte offsets of the variable parts.
const CWD_OFFSET = F_END * 8;
const SIGACTION_OFFSET = CWD_OFFSET + CWD_BYTES; // 65 x 24 bytes: handler, flags, mask
const SIGACTION_BYTES = 24;
const EXEC_INFO_OFFSET = SIGACTION_OFFSET + (NSIG + 1) * SIGACTION_BYTES;
const EXEC_INFO_BYTES = 256 * 1024;
const THREAD_OFFSET = EXEC_INFO_OFFSET + EXEC_INFO_BYTES;
const THREAD_BYTES = 128;
/** Children of the process: {pid, state, wait status}. */
const CHILD_OFFSET = THREAD_OFFSET + MAX_THREADS * THREAD_BYTES;
export const MAX_CHILDREN = 512;
const CHILD_WORDS = 4;
/** Queued signals: one queue per thread slot plus one for the process (index MAX_THREADS). */
const QUEUE_OFFSET = CHILD_OFFSET + MAX_CHILDREN * CHILD_WORDS * 4;
export const SIGINFO_BYTES = 128;
/** POSIX timers a process can have (timers.ts adds the three interval timers' slots). */
export const MAX_POSIX_TIMERS = 61;
/**
 * Entries of a signal queue that RT signals queued by users (sigqueue, tgkill, kill) may fill;
 * beyond it sigqueue and tgkill fail with EAGAIN, as at Linux's RLIMIT_SIGPENDING.
 */
export const USER_RT_ENTRIES = 64;
/**
 * Linux never loses a standard signal (a second one merges with the pending one), nor a POSIX
 * timer's (its siginfo is allocated with the timer), nor an RT signal sent by kill() (past the
 * limit it stays pending without its own siginfo). So a queue also has room for one entry of
 * each standard signal (31), one of each RT signal (33: kill past the limit keeps one) and one
 * per POSIX timer (a timer has at most one signal queued): with 32 entries in all, RT signals a
 * program kept blocked filled the queue and the watchdog timer's signal of the syscall fuzzer
 * was dropped, leaving a blocking read waiting forever.
 */
const QUEUE_ENTRIES = USER_RT_ENTRIES + 31 + 33 + MAX_POSIX_TIMERS;
const QUEUE_BYTES = 8 + QUEUE_ENTRIES * SIGINFO_BYTES; // count (i32) + pad, then siginfo records
export const PROCESS_QUEUE = MAX_THREADS;
const TOTAL = QUEUE_OFFSET + (MAX_THREADS + 1) * QUEUE_BYTES;

/** Per-thread slot layout (offsets in bytes within the slot). */
export const enum ThreadField {
  /** 0 free, 1 starting, 2 running, 3 exited (zombie until reaped), as i32. */
  State = 0,
  Tid = 4,
  /** Word a thread sleeps on in blocking calls; others notify it (signals, exit). */
  Wake = 8,
  /** Non-zero while the thread is blocked in a syscall (a quiescent state for RCU). */
  Blocked = 12,
  /** f64 fields */
  ClearChildTid = 16,
  RobustList = 24,
  RobustLen = 32,
  /** Blocked and pending signal sets (u64 each, as two u32). */
  SigMask = 40,
  SigPending = 48,
  /** sigaltstack: sp (f64), size (f64), flags (i32). */
  AltSp = 56,
  AltSize = 64,
  AltFlags = 72,
}

export type RlimitPair = [number, number];

export const enum ChildState {
  Free = 0,
  Running = 1,
  Zombie = 2,
}

/** struct sigaction as riscv64 Linux has it: handler, flags, mask (no sa_restorer field). */
export interface SigactionRecord {
  handler: bigint;
  flags: bigint;
  mask: bigint;
}

export class KernelShared {
  readonly sab: SharedArrayBuffer;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly u8: Uint8Array;
  private readonly dv: DataView;

  constructor(sab?: SharedArrayBuffer) {
    this.sab = sab ?? new SharedArrayBuffer(TOTAL);
    this.i32 = new Int32Array(this.sab);
    this.f64 = new Float64Array(this.sab);
    this.u8 = new Uint8Array(this.sab);
    this.dv = new DataView(this.sab);
    if (!sab) this.i32[W_EXEC_SLOT] = -1;
  }

  // ---- exec ----

  /** The thread slot in the middle of an execve, or -1. */
  get execSlot(): number {
    return Atomics.load(this.i32, W_EXEC_SLOT);
  }

  set execSlot(slot: number) {
    Atomics.store(this.i32, W_EXEC_SLOT, slot);
  }

  /** Publishes what the current program is (JSON text), for every thread's view. */
  setExecInfo(json: string): void {
    const bytes = new TextEncoder().encode(json);
    if (bytes.length > EXEC_INFO_BYTES) throw new RangeError('exec information too large');
    this.locked(Lock.Fs, () => {
      this.u8.set(bytes, EXEC_INFO_OFFSET);
      this.i32[W_EXEC_LEN] = bytes.length;
      Atomics.add(this.i32, W_EXEC_VERSION, 1);
    });
  }

  get execVersion(): number {
    return Atomics.load(this.i32, W_EXEC_VERSION);
  }

  execInfo(): string {
    return this.locked(Lock.Fs, () => new TextDecoder().decode(this.u8.slice(EXEC_INFO_OFFSET, EXEC_INFO_OFFSET + this.i32[W_EXEC_LEN]!)));
  }

  // ---- --stats ----

  /** A guest thread starts running somewhere: the totals are not complete until it adds its counters. */
  statsThreadStarted(): void {
    Atomics.add(this.i32, W_STATS_PENDING, 1);
  }

  /** Adds a finished guest thread's counters to the process's totals. */
  addStats(counters: ArrayLike<number>): void {
    if (counters.length > MAX_STAT_COUNTERS) throw new RangeError('too many counters');
    this.locked(Lock.Stats, () => {
      for (let i = 0; i < counters.length; i++) this.f64[F_STATS + i] += counters[i]!;
    });
    Atomics.sub(this.i32, W_STATS_PENDING, 1);
    Atomics.notify(this.i32, W_STATS_PENDING);
  }

  /**
   * The totals of the first `n` counters, once at most `pending` threads have yet to add theirs
   * (or after `timeoutMs`: a thread blocked in a host call may never get there).
   */
  statsTotals(n: number, pending: number, timeoutMs: number): Float64Array {
    const deadline = Date.now() + timeoutMs;
    for (let left; (left = Atomics.load(this.i32, W_STATS_PENDING)) > pending && Date.now() < deadline; ) {
      Atomics.wait(this.i32, W_STATS_PENDING, left, Math.max(1, deadline - Date.now()));
    }
    return this.locked(Lock.Stats, () => this.f64.slice(F_STATS, F_STATS + n));
  }

  // ---- locks ----

  /** Runs `f` holding lock `l`. Critical sections are short; waiters sleep rather than spin long. */
  locked<T>(l: Lock, f: () => T): T {
    return withWordLock(this.i32, W_LOCKS + l, f);
  }

  // ---- exit ----

  get exiting(): number {
    return Atomics.load(this.i32, W_EXITING);
  }

  /** Records the process's exit status once; returns false if another thread got there first. */
  beginExit(code: number, signal: number): boolean {
    if (Atomics.compareExchange(this.i32, W_EXITING, 0, 1) !== 0) return false;
    this.i32[W_EXIT_CODE] = code;
    this.i32[W_EXIT_SIGNAL] = signal;
    return true;
  }

  /** Marks the exit complete and wakes whoever waits for it. */
  finishExit(): void {
    Atomics.store(this.i32, W_EXITING, 2);
    Atomics.notify(this.i32, W_EXITING);
  }

  /**
   * Resolves once the exit is complete (for the main JS thread, which must keep running its
   * event loop to receive host signals). A timer keeps the loop alive: a pending waitAsync
   * does not.
   */
  async waitForExitAsync(): Promise<void> {
    // Most runs end with the guest already gone (its main thread ran here): answer at once, not
    // at the polling timer's first tick, which cost its whole period at the end of every run.
    if (Atomics.load(this.i32, W_EXITING) === 2) return;
    return new Promise((resolve) => {
      const timer = setInterval(() => {
        if (Atomics.load(this.i32, W_EXITING) === 2) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
  }

  waitForExit(): void {
    while (Atomics.load(this.i32, W_EXITING) !== 2) Atomics.wait(this.i32, W_EXITING, Atomics.load(this.i32, W_EXITING), 1000);
  }

  get exitCode(): number {
    return this.i32[W_EXIT_CODE]!;
  }

  get exitSignal(): number {
    return this.i32[W_EXIT_SIGNAL]!;
  }

  // ---- file-system context (CLONE_FS) ----

  get umask(): number {
    return Atomics.load(this.i32, W_UMASK);
  }

  set umask(v: number) {
    Atomics.store(this.i32, W_UMASK, v & 0o777);
  }

  get cwd(): string {
    return this.locked(Lock.Fs, () => {
      const len = this.i32[W_CWD_LEN]!;
      return new TextDecoder().decode(this.u8.slice(CWD_OFFSET, CWD_OFFSET + len));
    });
  }

  set cwd(p: string) {
    const bytes = new TextEncoder().encode(p);
    if (bytes.length > CWD_BYTES) throw new RangeError('working directory path too long');
    this.locked(Lock.Fs, () => {
      this.u8.set(bytes, CWD_OFFSET);
      this.i32[W_CWD_LEN] = bytes.length;
    });
  }

  // ---- resource limits ----

  rlimit(resource: number): RlimitPair {
    return [this.f64[F_RLIMITS + 2 * resource]!, this.f64[F_RLIMITS + 2 * resource + 1]!];
  }

  setRlimit(resource: number, v: RlimitPair): void {
    this.f64[F_RLIMITS + 2 * resource] = v[0];
    this.f64[F_RLIMITS + 2 * resource + 1] = v[1];
  }

  // ---- signal dispositions (CLONE_SIGHAND) ----

  sigaction(sig: number): SigactionRecord {
    const o = SIGACTION_OFFSET + sig * SIGACTION_BYTES;
    return {
      handler: this.dv.getBigUint64(o, true),
      flags: this.dv.getBigUint64(o + 8, true),
      mask: this.dv.getBigUint64(o + 16, true),
    };
  }

  setSigaction(sig: number, a: SigactionRecord): void {
    const o = SIGACTION_OFFSET + sig * SIGACTION_BYTES;
    this.dv.setBigUint64(o, a.handler, true);
    this.dv.setBigUint64(o + 8, a.flags, true);
    this.dv.setBigUint64(o + 16, a.mask, true);
    Atomics.add(this.i32, W_SIGACTION_VERSION, 1);
  }

  // ---- children (Lock.Threads) ----

  private childWord(k: number, f: number): number {
    return (CHILD_OFFSET >> 2) + k * CHILD_WORDS + f;
  }

  /** Records a new child process (running). */
  addChild(pid: number): void {
    this.locked(Lock.Threads, () => {
      for (let k = 0; k < MAX_CHILDREN; k++) {
        if (this.i32[this.childWord(k, 1)] !== ChildState.Free) continue;
        this.i32[this.childWord(k, 0)] = pid;
        this.i32[this.childWord(k, 1)] = ChildState.Running;
        this.i32[this.childWord(k, 2)] = 0;
        return;
      }
      throw new RangeError('too many children');
    });
  }

  /** A child ended with wait status `status`; it becomes a zombie (or goes away when `reap`). */
  childEnded(pid: number, status: number, reap: boolean): boolean {
    return this.locked(Lock.Threads, () => {
      for (let k = 0; k < MAX_CHILDREN; k++) {
        if (this.i32[this.childWord(k, 0)] !== pid || this.i32[this.childWord(k, 1)] !== ChildState.Running) continue;
        this.i32[this.childWord(k, 2)] = status;
        this.i32[this.childWord(k, 1)] = reap ? ChildState.Free : ChildState.Zombie;
        return true;
      }
      return false;
    });
  }

  /**
   * Finds a child matching `want` (a pid, or -1 for any): a zombie if there is one (reaped
   * unless `keep`), 'running' if only running ones match, null if none matches at all.
   */
  takeChild(want: number, keep: boolean): { pid: number; status: number } | 'running' | null {
    return this.locked(Lock.Threads, () => {
      let running = false;
      for (let k = 0; k < MAX_CHILDREN; k++) {
        const pid = this.i32[this.childWord(k, 0)]!;
        const st = this.i32[this.childWord(k, 1)]!;
        if (st === ChildState.Free || (want !== -1 && pid !== want)) continue;
        if (st === ChildState.Running) {
          running = true;
          continue;
        }
        const status = this.i32[this.childWord(k, 2)]!;
        if (!keep) this.i32[this.childWord(k, 1)] = ChildState.Free;
        return { pid, status };
      }
      return running ? 'running' : null;
    });
  }

  /** Live (not reaped) children, for kill(0/-1) and the like. */
  childPids(): number[] {
    const out: number[] = [];
    for (let k = 0; k < MAX_CHILDREN; k++) {
      if (this.i32[this.childWord(k, 1)] === ChildState.Running) out.push(this.i32[this.childWord(k, 0)]!);
    }
    return out;
  }

  // ---- signal queues (Lock.Signals) ----

  /** Appends a siginfo to queue `q` (a thread slot or PROCESS_QUEUE); false when full. */
  enqueueSignal(q: number, info: Uint8Array): boolean {
    const base = QUEUE_OFFSET + q * QUEUE_BYTES;
    const n = this.dv.getInt32(base, true);
    if (n >= QUEUE_ENTRIES) return false;
    this.u8.set(info.subarray(0, SIGINFO_BYTES), base + 8 + n * SIGINFO_BYTES);
    this.dv.setInt32(base, n + 1, true);
    return true;
  }

  /** Signals with an entry in queue `q`, as a mask (bit sig-1). */
  queuedMask(q: number): bigint {
    const base = QUEUE_OFFSET + q * QUEUE_BYTES;
    const n = this.dv.getInt32(base, true);
    let m = 0n;
    for (let k = 0; k < n; k++) m |= 1n << BigInt(this.dv.getInt32(base + 8 + k * SIGINFO_BYTES, true) - 1);
    return m;
  }

  /** Whether queue `q` already holds `sig` (standard signals are not queued twice). */
  isQueued(q: number, sig: number): boolean {
    return (this.queuedMask(q) & (1n << BigInt(sig - 1))) !== 0n;
  }

  /** Removes and returns the oldest entry for `sig` from queue `q`, or null. */
  dequeueSignal(q: number, sig: number): Uint8Array | null {
    const base = QUEUE_OFFSET + q * QUEUE_BYTES;
    const n = this.dv.getInt32(base, true);
    for (let k = 0; k < n; k++) {
      const at = base + 8 + k * SIGINFO_BYTES;
      if (this.dv.getInt32(at, true) !== sig) continue;
      const info = this.u8.slice(at, at + SIGINFO_BYTES);
      this.u8.copyWithin(at, at + SIGINFO_BYTES, base + 8 + n * SIGINFO_BYTES);
      this.dv.setInt32(base, n - 1, true);
      return info;
    }
    return null;
  }

  /** Empties queue `q` (a thread slot being reused). */
  clearQueue(q: number): void {
    this.dv.setInt32(QUEUE_OFFSET + q * QUEUE_BYTES, 0, true);
  }

  /** Pending-signal hint words: non-zero when a queue may hold something (cheap to poll). */
  queueCount(q: number): number {
    return Atomics.load(this.i32, (QUEUE_OFFSET + q * QUEUE_BYTES) >> 2);
  }

  // ---- threads ----

  /** Allocates a thread slot (its index is also the vCPU index) and a tid. */
  allocThread(pid: number, mainThread: boolean): { slot: number; tid: number } {
    return this.locked(Lock.Threads, () => {
      for (let slot = 0; slot < MAX_THREADS; slot++) {
        if (this.threadI32(slot, ThreadField.State) !== 0) continue;
        this.u8.fill(0, this.threadBase(slot), this.threadBase(slot) + THREAD_BYTES);
        this.clearQueue(slot);
        // tids: the main thread's is the pid, others count up from pid + 1, as a fresh process would see.
        const tid = mainThread ? pid : pid + 1 + this.i32[W_NEXT_TID]!++;
        this.setThreadI32(slot, ThreadField.State, 1);
        this.setThreadI32(slot, ThreadField.Tid, tid);
        Atomics.add(this.i32, W_LIVE_THREADS, 1);
        return { slot, tid };
      }
      throw new RangeError('too many threads');
    });
  }

  /** Marks a thread gone; returns the number of threads still alive. */
  releaseThread(slot: number): number {
    return this.locked(Lock.Threads, () => {
      this.setThreadI32(slot, ThreadField.State, 0);
      return Atomics.sub(this.i32, W_LIVE_THREADS, 1) - 1;
    });
  }

  get liveThreads(): number {
    return Atomics.load(this.i32, W_LIVE_THREADS);
  }

  /** Slot of the live thread with `tid`, or -1. */
  slotOfTid(tid: number): number {
    for (let slot = 0; slot < MAX_THREADS; slot++) {
      const st = this.threadI32(slot, ThreadField.State);
      if ((st === 1 || st === 2) && this.threadI32(slot, ThreadField.Tid) === tid) return slot;
    }
    return -1;
  }

  /** Slots of all live threads. */
  liveSlots(): number[] {
    const out: number[] = [];
    for (let slot = 0; slot < MAX_THREADS; slot++) {
      const st = this.threadI32(slot, ThreadField.State);
      if (st === 1 || st === 2) out.push(slot);
    }
    return out;
  }

  threadBase(slot: number): number {
    return THREAD_OFFSET + slot * THREAD_BYTES;
  }

  /** Int32 index of a thread field (for Atomics). */
  threadWord(slot: number, field: ThreadField): number {
    return (this.threadBase(slot) + field) >> 2;
  }

  threadI32(slot: number, field: ThreadField): number {
    return Atomics.load(this.i32, this.threadWord(slot, field));
  }

  setThreadI32(slot: number, field: ThreadField, v: number): void {
    Atomics.store(this.i32, this.threadWord(slot, field), v);
  }

  threadF64(slot: number, field: ThreadField): number {
    return this.f64[(this.threadBase(slot) + field) >> 3]!;
  }

  setThreadF64(slot: number, field: ThreadField, v: number): void {
    this.f64[(this.threadBase(slot) + field) >> 3] = v;
  }

  threadU64(slot: number, field: ThreadField): bigint {
    return this.dv.getBigUint64(this.threadBase(slot) + field, true);
  }

  setThreadU64(slot: number, field: ThreadField, v: bigint): void {
    this.dv.setBigUint64(this.threadBase(slot) + field, BigInt.asUintN(64, v), true);
  }

  /** Marks thread `slot` as waiting (or no longer waiting) for readiness. */
  setPolling(slot: number, on: boolean): void {
    const w = W_POLLING + (slot >> 5), bit = 1 << (slot & 31);
    if (on) Atomics.or(this.i32, w, bit);
    else Atomics.and(this.i32, w, ~bit);
  }

  /** Wakes every thread waiting for readiness (something they may watch changed). */
  notifyPollers(): void {
    for (let i = 0; i < MAX_THREADS / 32; i++) {
      let bits = Atomics.load(this.i32, W_POLLING + i);
      while (bits) {
        const b = 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        this.wakeThread(i * 32 + b);
      }
    }
  }

  /** Wakes a thread sleeping in a blocking call (it re-checks why it slept). */
  wakeThread(slot: number): void {
    const w = this.threadWord(slot, ThreadField.Wake);
    Atomics.add(this.i32, w, 1);
    Atomics.notify(this.i32, w);
  }
}
