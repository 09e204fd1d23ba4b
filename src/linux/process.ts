// A guest Linux process, as seen from one JS thread. The process-wide state lives in shared
// buffers (guest memory, kernel state, mappings, descriptors, code-invalidation log) so that each
// guest thread — a vCPU on its own JS thread — attaches its own LinuxProcess view to the same
// process. A view handles every exit of its vCPUs' generated code: syscalls, faults, traps.

import { AddressSpace, MemoryError } from '../memory/address-space.js';
import { SharedRegions } from '../tcache/shared-regions.js';
import { COUNTERS, addCounters, readCounters, zeroCounters, type Counters } from '../vcpu/counters.js';
import { MmShared } from '../memory/mm-shared.js';
import { MEMORY_BYTES, PERM_R, PERM_W, WASM_PAGES, vcpuBase } from '../memory/layout.js';
import { ExitReason, S_EXIT_REQUEST } from '../jit/state.js';
import { Vcpu, DEFAULT_JIT_THRESHOLD, WORKER_JIT_THRESHOLD, type ExitHandler } from '../vcpu/vcpu.js';
import { Registers } from '../vcpu/registers.js';
import { FutexTable } from './futex.js';
import { TimerTable } from './timers.js';
import { EpollTable } from './epoll.js';
import type { ChildLaunch } from './fork.js';
import { decodeMemory, rlimitsFromJson, sigactionFromJson, type ChildSpec } from './child-spec.js';
import { waitStatus, CLD_EXITED, CLD_KILLED } from './syscalls/children.js';
import { prepareProgram } from './exec.js';
import { SIGCHLD } from './signals.js';
import { CodeInvalidation, type InvalidationStrategy } from '../tcache/rcu.js';
import type { Host } from '../host/host.js';
import { HostError } from '../host/host.js';
import { FdTable, FileKind } from './fdtable.js';
import { Errno, ENOSYS, EIO, EPIPE, EINTR, ESRCH, ERESTARTSYS, ERESTARTNOHAND, errnoName, errnoText } from './errno.js';
import {
  Signals, faultSiginfo, siginfo, userSiginfo, SEGV_MAPERR, SEGV_ACCERR, BUS_ADRALN, ILL_ILLOPC, TRAP_BRKPT, SI_USER,
} from './signal-delivery.js';
import { SYSCALLS, NO_RETURN } from './syscalls/registry.js';
import { SYSCALL_NAMES } from './sysnums.js';
import { formatSyscall, SavedArgs } from './strace.js';
import { Thread } from './thread.js';
import { loadProgram, installProgram, ExecError, type ExecInfo, type PreparedProgram } from './exec.js';
import { PathResolver } from './paths.js';
import { KernelShared, MAX_THREADS, PROCESS_QUEUE, ThreadField, type RlimitPair } from './shared.js';
import { signalName, signalText, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGPIPE } from './signals.js';
import { waitHostReady, POLLIN, POLLOUT } from './readiness.js';
import './syscalls/index.js';
import { elapsedMs } from '../host/elapsed.js';

export interface ProcessOptions {
  /** Host path of the program (unused for a child started from a spec). */
  program: string;
  argv: string[];
  env: string[];
  sysroot: string | null;
  strace: boolean;
  stats: boolean;
  invalidation?: InvalidationStrategy;
  /** Block entries interpreted before translation; 0 = translate on first execution. */
  jitThreshold?: number;
  /** Install the host's descriptors 0-2 as the guest's (not for children, which get theirs from the spec). */
  inheritStdio?: boolean;
  host: Host;
}

export interface ExitStatus {
  /** Exit code as a shell reports it (128+signal when killed). */
  code: number;
  signal: number | null;
}

/** Everything a new JS thread needs to attach to a running process (structured-cloneable). */
export interface ProcessImage {
  memory: WebAssembly.Memory;
  kernel: SharedArrayBuffer;
  mm: SharedArrayBuffer;
  fds: SharedArrayBuffer;
  rcu: SharedArrayBuffer;
  futex: SharedArrayBuffer;
  timers: SharedArrayBuffer;
  epoll: SharedArrayBuffer;
  regions: SharedArrayBuffer;
  pid: number;
  ppid: number;
  options: Omit<ProcessOptions, 'host'>;
}

const INHERITED_STDIO = new Set([0, 1, 2]);

/** RVJIT_TRACE=1: lifecycle events on stderr (for hunting races). */
const TRACING = typeof process !== 'undefined' && !!process.env?.RVJIT_TRACE;
/** Synchronous, so that a trace survives a thread that later blocks forever. */
let traceSink: ((line: string) => void) | null = null;
function trace(msg: string): void {
  if (traceSink) traceSink(`[rvjit ${elapsedMs().toFixed(1)} ${threadLabel}] ${msg}`);
}
let threadLabel = 'main';

/** Signals that can come from outside the process and that a host process can catch. */
const HOST_FORWARDED = new Set([1, 2, 3, 10, 12, 13, 14, 15, 17, 18, 20, 21, 22, 23, 24, 26, 27, 28, 29, 30, 31]);

export class LinuxProcess implements ExitHandler {
  readonly memory: WebAssembly.Memory;
  readonly mm: AddressSpace;
  /** A view of all of guest memory; callers check access through mm first. */
  readonly dv: DataView;
  readonly kernel: KernelShared;
  readonly fds: FdTable;
  readonly code: CodeInvalidation;
  readonly futexes: FutexTable;
  readonly timers: TimerTable;
  readonly epoll: EpollTable;
  /** Translations the process's vCPUs offer each other (tcache/shared-regions.ts). */
  readonly sharedRegions: SharedRegions;
  /** Guest memory as 32-bit words, for futexes and atomics. */
  readonly guestI32: Int32Array;
  readonly paths: PathResolver;
  readonly signals: Signals;
  readonly host: Host;
  readonly pid: number;
  readonly ppid: number;
  readonly options: Omit<ProcessOptions, 'host'>;
  private execCache: ExecInfo | null = null;
  private execCacheVersion = -1;
  /** The guest threads this view runs, by tid. */
  readonly threads = new Map<number, Thread>();
  private readonly vcpus: Vcpu[] = [];
  private readonly byCpu = new Map<Vcpu, Thread>();
  /** Starts guest threads on other JS threads (set by the host's threading layer). */
  spawnThread: ((image: ProcessImage, slot: number, tid: number) => void) | null = null;
  /** Starts a child process (fork, exec after vfork); returns its pid or -errno (host layer). */
  spawnChildProcess: ((launch: ChildLaunch) => number) | null = null;
  /** Set in a vfork child: where to tell the parent it may go on (the status file). */
  vforkRelease: number | null = null;
  /** Set in a child: the status file to report the final status in. */
  statusFd: number | null = null;

  /** Starts the process's timer service on another JS thread (set by the host's threading layer). */
  spawnTimerService: ((image: ProcessImage) => void) | null = null;

  /** Makes sure the timer service runs (called when a timer is armed). */
  ensureTimerService(): void {
    if (this.timers.claimService()) this.spawnTimerService?.(this.image());
  }

  /** The timer service's loop (on its own JS thread). */
  serveTimers(): void {
    this.timers.serve(this, () => Number(this.host.clock.monotonicNs()) / 1e6);
  }

  /** Whether this view runs on a worker (made from another thread's image), not on the main thread. */
  private readonly onWorker: boolean;

  constructor(options: ProcessOptions, image?: ProcessImage) {
    if (TRACING) {
      traceSink = (line) => options.host.diagnostic(line);
      MmShared.onLongWait = (owner) => trace(`waiting for the mm lock held by ${owner}`);
    }
    const { host, ...plain } = options;
    this.host = host;
    this.options = plain;
    this.onWorker = image !== undefined;
    if (image) {
      this.memory = image.memory;
      this.kernel = new KernelShared(image.kernel);
      this.mm = new AddressSpace(this.memory, new MmShared(image.mm));
      this.fds = new FdTable(image.fds);
      this.code = new CodeInvalidation(MAX_THREADS, image.rcu);
      this.futexes = new FutexTable(image.futex);
      this.timers = new TimerTable(image.timers);
      this.epoll = new EpollTable(image.epoll);
      this.sharedRegions = new SharedRegions(image.regions);
      this.pid = image.pid;
      this.ppid = image.ppid;
    } else {
      this.memory = new WebAssembly.Memory({ initial: WASM_PAGES, maximum: WASM_PAGES, shared: true });
      if (this.memory.buffer.byteLength !== MEMORY_BYTES) throw new Error('could not reserve 4 GiB of wasm memory');
      this.kernel = new KernelShared();
      this.mm = new AddressSpace(this.memory);
      this.fds = new FdTable();
      this.code = new CodeInvalidation(MAX_THREADS);
      this.futexes = new FutexTable();
      this.timers = new TimerTable();
      this.epoll = new EpollTable();
      this.sharedRegions = new SharedRegions();
      const info = host.info();
      this.pid = info.pid;
      this.ppid = info.ppid;
      this.kernel.cwd = info.cwd;
      this.kernel.umask = 0o022;
      defaultRlimits().forEach((r, i) => this.kernel.setRlimit(i, r));
    }
    this.dv = new DataView(this.memory.buffer);
    this.guestI32 = new Int32Array(this.memory.buffer);
    this.futexWake = (addr, n) => this.futexes.wake(this.kernel, addr, n, -1);
    this.paths = new PathResolver(host, this.kernel, options.sysroot);
    this.signals = new Signals(this);
    this.fds.onHostClose = (hostFd) => {
      // The host's own stdio stays open: the emulator still reports on it.
      if (INHERITED_STDIO.has(hostFd)) return;
      try {
        this.host.fs.close(hostFd);
      } catch {
        // already gone
      }
      // Closing a pipe end makes the other end ready (POLLHUP, POLLERR): let pollers look.
      this.kernel.notifyPollers();
    };
    this.fds.onFileFreed = (f) => this.epoll.forget(f);
    this.mm.lockOwner = () => this.running?.tid ?? 0x7fff_0000;
    this.mm.sink = {
      codeInvalidated: (start, end) => this.invalidateCode(this.currentThread(), start, end),
      permissionsNarrowed: () => this.shootdown(this.currentThread()),
    };
    if (!image && options.inheritStdio !== false) this.inheritStdio();
  }

  /** What the current program is (changes with execve; kept in the shared kernel block). */
  get exec(): ExecInfo {
    if (this.execCacheVersion !== this.kernel.execVersion || !this.execCache) {
      this.execCacheVersion = this.kernel.execVersion;
      const raw = JSON.parse(this.kernel.execInfo()) as Omit<ExecInfo, 'auxv'> & { auxv: number[] };
      this.execCache = { ...raw, auxv: Uint8Array.from(raw.auxv) };
    }
    return this.execCache;
  }

  set exec(info: ExecInfo) {
    this.kernel.setExecInfo(JSON.stringify({ ...info, auxv: [...info.auxv] }));
  }

  /** The shareable description of this process, for starting threads elsewhere. */
  image(): ProcessImage {
    return {
      memory: this.memory, kernel: this.kernel.sab, mm: this.mm.shared.sab, fds: this.fds.sab, rcu: this.code.sab,
      futex: this.futexes.sab, timers: this.timers.sab, epoll: this.epoll.sab,
      regions: this.sharedRegions.sab, pid: this.pid, ppid: this.ppid, options: this.options,
    };
  }

  /** Descriptors 0-2 are the host's, with their access mode and status flags, as after a shell's exec. */
  private inheritStdio(): void {
    for (const fd of INHERITED_STDIO) {
      let kind = FileKind.Stream;
      try {
        const st = this.host.fs.fstat(fd);
        if ((st.mode & 0o170000) === 0o100000) kind = FileKind.Seekable;
      } catch {
        continue; // closed in the host process: closed for the guest too
      }
      const f = this.fds.createFile(kind, fd, this.host.fs.statusFlags(fd));
      this.fds.installAt(f, fd, false);
    }
  }

  // ---- process-wide settings (shared by all threads) ----

  get umask(): number {
    return this.kernel.umask;
  }

  set umask(v: number) {
    this.kernel.umask = v;
  }

  /** Resource limits [soft, hard] per RLIMIT_* (Infinity = RLIM_INFINITY); a snapshot. */
  get rlimits(): RlimitPair[] {
    return Array.from({ length: 16 }, (_, i) => this.kernel.rlimit(i));
  }

  setRlimit(resource: number, v: RlimitPair): void {
    this.kernel.setRlimit(resource, v);
  }

  /** Number of live threads in the process (all views). */
  threadCount(): number {
    return this.kernel.liveThreads;
  }

  // ---- threads ----

  /** Loads the program and creates the main thread; returns it ready to run. */
  start(): Thread {
    const { slot, tid } = this.kernel.allocThread(this.pid, true);
    new Registers(this.memory, slot).reset();
    const main = this.addThread(slot, tid);
    this.exec = loadProgram(this, main, this.options.program, this.options.argv, this.options.env);
    this.kernel.setThreadI32(slot, ThreadField.State, 2);
    return main;
  }

  /** Creates this view's Thread (and vCPU) for thread slot `slot`. */
  addThread(slot: number, tid: number): Thread {
    const threshold = this.options.jitThreshold ?? (this.onWorker ? WORKER_JIT_THRESHOLD : DEFAULT_JIT_THRESHOLD);
    const cpu = new Vcpu(this.memory, slot, this, {
      countJumpCacheHits: this.options.stats, jitThreshold: threshold, sharedRegions: this.sharedRegions,
    });
    const t = new Thread(this, cpu, tid, slot);
    t.seenEpoch = this.code.epoch;
    this.code.resetReader(slot, t.seenEpoch);
    this.vcpus.push(cpu);
    this.byCpu.set(cpu, t);
    this.threads.set(tid, t);
    if (this.options.stats) this.kernel.statsThreadStarted();
    return t;
  }

  /**
   * Fills thread slot `slot`'s register state from `parent` (clone); the caller adjusts the
   * registers that differ.
   */
  prepareThreadState(parent: Thread, slot: number): Registers {
    const regs = new Registers(this.memory, slot);
    regs.reset();
    regs.copyFrom(parent.cpu);
    return regs;
  }

  /** Per-thread kernel state of a new thread. */
  initThreadSlot(slot: number, clearChildTid: number, sigmask: bigint): void {
    this.kernel.setThreadF64(slot, ThreadField.ClearChildTid, clearChildTid);
    this.kernel.setThreadU64(slot, ThreadField.SigMask, sigmask);
  }

  /**
   * Blocks `t` until `cond()` holds ('condition'), a signal must be delivered or the process is
   * exiting ('interrupted'), or `deadline` (elapsedMs() scale) passes ('timeout').
   */
  waitUntil(t: Thread, deadline: number | null, cond: () => boolean): 'condition' | 'interrupted' | 'timeout' {
    const i32 = this.kernel.i32;
    const word = t.wakeWord;
    return t.blocking(() => {
      for (;;) {
        const w0 = Atomics.load(i32, word);
        if (cond()) return 'condition';
        if (this.interrupted(t)) return 'interrupted';
        const now = elapsedMs();
        if (deadline !== null && now >= deadline) return 'timeout';
        Atomics.wait(i32, word, w0, deadline === null ? Infinity : deadline - now);
      }
    });
  }

  /**
   * kill() to other processes. Guest processes are host processes (children are started as
   * new rvjit processes), so this is the host's kill; a guest that catches the signal gets it
   * through its supervisor. Process groups are this process and its children.
   */
  killOther(t: Thread, pid: number, sig: number): number {
    if (pid > 0) {
      this.host.processes.kill(pid, sig);
      return 0;
    }
    const children = this.kernel.childPids();
    if (pid < -1) {
      // Another process group. Each child leads its own (getpgid), so it is one of them or none;
      // in particular it is not ours (INT_MIN, whose negation overflows, included).
      if (!children.includes(-pid)) throw new Errno(ESRCH);
      this.host.processes.kill(-pid, sig);
      return 0;
    }
    // 0: our group, this process and its children. -1: every process we may signal but the
    // caller (Linux leaves it out), so ESRCH when there is none.
    if (pid === -1 && children.length === 0) throw new Errno(ESRCH);
    for (const p of children) this.host.processes.kill(p, sig);
    if (pid === 0 && sig !== 0) this.signals.send(PROCESS_QUEUE, userSiginfo(sig, SI_USER, this.pid, this.host.info().uid));
    void t;
    return 0;
  }

  /** Whether a blocking call of `t` must give up now: process exit or exec, or a signal to deliver. */
  interrupted(t: Thread): boolean {
    return this.kernel.exiting !== 0 || this.killedByExec(t) || this.signals.deliverable(t) !== 0n;
  }

  // ---- children ----

  /** A child process ended (host layer): it becomes a zombie and the process gets SIGCHLD. */
  childExited(pid: number, code: number | null, signal: number | null): void {
    const act = this.kernel.sigaction(SIGCHLD);
    // SIGCHLD ignored or SA_NOCLDWAIT: children are reaped at once, as in Linux.
    const reap = act.handler === 1n || (act.flags & 2n) !== 0n;
    if (!this.kernel.childEnded(pid, waitStatus(code, signal), reap)) return;
    const info = siginfo(SIGCHLD, signal !== null ? CLD_KILLED : CLD_EXITED, (dv) => {
      dv.setInt32(16, pid, true);
      dv.setUint32(20, this.host.info().uid, true);
      dv.setInt32(24, signal ?? code ?? 0, true);
    });
    this.signals.send(PROCESS_QUEUE, info);
    this.kernel.notifyPollers();
  }

  /** CLONE_VFORK: blocks the parent until the child has exec'd or exited. */
  waitForVforkRelease(t: Thread, pid: number, statusFd: number): void {
    const buf = new Uint8Array(8);
    const released = () => this.host.fs.read(statusFd, buf, 0) > 0 || this.kernel.takeChild(pid, true) !== 'running';
    while (!released()) {
      if (this.waitUntil(t, elapsedMs() + 2, () => false) === 'interrupted' && this.kernel.exiting) return;
    }
  }

  /** In a child: records how the process ended, for the parent (see linux/fork.ts). */
  reportStatus(text: string): void {
    if (this.statusFd === null) return;
    try {
      this.host.fs.ftruncate(this.statusFd, 0);
      this.host.fs.write(this.statusFd, new TextEncoder().encode(text), 0);
    } catch {
      // the parent is gone
    }
  }

  /**
   * Rebuilds a process from its parent's spec (fork: memory, registers; exec: a fresh program)
   * and returns its main thread, ready to run. Descriptors arrive at their guest numbers.
   */
  adoptSpec(spec: ChildSpec): Thread {
    const k = this.kernel;
    k.cwd = spec.cwd;
    k.umask = spec.umask;
    rlimitsFromJson(spec.rlimits).forEach((r, i) => k.setRlimit(i, r));
    for (const a of spec.sigactions) k.setSigaction(a.sig, sigactionFromJson(a));
    for (const f of spec.fds) {
      const file = this.fds.createFile(f.kind, f.hostFd ?? f.fd, f.flags);
      file.offset = f.offset;
      file.pos = f.pos;
      this.fds.installAt(file, f.fd, f.cloexec);
    }
    this.statusFd = Number(spec.statusPath);
    if (spec.vfork) this.vforkRelease = this.statusFd;
    const { slot, tid } = k.allocThread(this.pid, true);
    const main = this.addThread(slot, tid);
    main.sigmask = BigInt(spec.sigmask);
    if (spec.mode === 'exec' && spec.exec) {
      const p = prepareProgram(this, spec.exec.program);
      this.exec = installProgram(this, main, p, spec.exec.argv, spec.exec.env, spec.exec.execfn);
      main.name = spec.exec.execfn.split('/').pop()!.slice(0, 15);
    } else if (spec.fork) {
      const f = spec.fork;
      const memFd = Number(f.memoryPath);
      const st = this.host.fs.fstat(memFd);
      const image = new Uint8Array(Number(st.size));
      for (let done = 0; done < image.length; ) {
        const n = this.host.fs.read(memFd, image.subarray(done), done);
        if (n <= 0) break;
        done += n;
      }
      this.host.fs.close(memFd);
      this.mm.mmapBase = f.mmapBase;
      for (const v of f.vmas) this.mm.map(v.start, v.end - v.start, v.prot, { ...v, writeback: -1 });
      for (const run of decodeMemory(image)) this.mm.kernelWritable(run.start, run.start + run.bytes.length).set(run.bytes);
      this.mm.shared.brkStart = f.brkStart;
      this.mm.shared.brkCurrent = f.brkCurrent;
      this.kernel.setExecInfo(f.execInfo);
      this.mm.u8.set(Buffer.from(f.state, 'base64'), main.cpu.base);
      main.cpu.setResAddrNone();
      main.name = f.name;
      this.signals.setAltstack(main, f.altstack[0], f.altstack[1], f.altstack[2]);
      if (f.childTid > 0) this.putU32(f.childTid, this.pid);
      if (f.childTid < 0) main.clearChildTid = -f.childTid;
    }
    this.kernel.setThreadI32(slot, ThreadField.State, 2);
    return main;
  }

  /** Runs a child process's main thread; returns when the process has exited. */
  runChild(main: Thread): ExitStatus {
    main.cpu.run();
    const status = this.waitForExit();
    this.reportStatus(status.signal !== null ? `signal ${status.signal}` : `exit ${status.code}`);
    return status;
  }

  /** Runs the main thread; returns when the process has exited. */
  run(): ExitStatus {
    const main = this.start();
    main.cpu.run();
    return this.waitForExit();
  }

  // ---- the supervisor: host signals ----

  /**
   * Whether this view's JS thread may become the supervisor: the one that receives the host's
   * signals (only the main JS thread can) once the guest cares about them.
   */
  canSupervise = false;
  /** Set when the guest thread running here should move to a worker (see runSupervised). */
  private migrateRequested = false;

  /**
   * A signal disposition changed: if the guest now catches or ignores a signal that can arrive
   * from outside, host signals must reach it. The main JS thread is the only one that receives
   * them, and it cannot while it runs guest code, so its guest thread moves to a worker.
   */
  dispositionChanged(sig: number, handler: bigint): void {
    if (this.canSupervise && handler !== 0n && HOST_FORWARDED.has(sig) && this.threads.size > 0) {
      this.migrateRequested = true;
      for (const t of this.threads.values()) this.kickVcpu(t.slot);
    }
  }

  /**
   * Runs the main thread here until the process exits — or until it must move to a worker, in
   * which case this thread forwards host signals to the guest and waits for the exit.
   */
  async runSupervised(): Promise<ExitStatus> {
    this.canSupervise = true;
    const main = this.start();
    // A program that will catch signals at once would move to a worker within its first
    // milliseconds, after this thread had warmed up and translated its start for nothing.
    if (this.exec.catchesSignalsAtStart) this.migrateRequested = true;
    else main.cpu.run();
    trace(`main vCPU left the main thread: migrate=${this.migrateRequested} exiting=${this.kernel.exiting}`);
    if (this.migrateRequested && this.kernel.exiting === 0) {
      this.forget(main);
      this.launchThread(main.slot, main.tid);
      this.forwardHostSignals();
    }
    return this.waitForExitAsync();
  }

  /** A child process's main thread, supervised the same way. */
  async runChildSupervised(main: Thread): Promise<ExitStatus> {
    this.canSupervise = true;
    // Dispositions inherited through fork never pass through sigaction, so check them here: a
    // child that catches or ignores a host signal starts on a worker at once (it never runs
    // here), or Node's own defaults would get the signal (SIGUSR1 opens the inspector, SIGTERM
    // ends the process).
    const inherited = [...HOST_FORWARDED].some((sig) => this.kernel.sigaction(sig).handler !== 0n);
    if (inherited || this.exec.catchesSignalsAtStart) this.migrateRequested = true;
    else main.cpu.run();
    if (this.migrateRequested && this.kernel.exiting === 0) {
      this.forget(main);
      this.launchThread(main.slot, main.tid);
      this.forwardHostSignals();
    }
    const status = await this.waitForExitAsync();
    this.reportStatus(status.signal !== null ? `signal ${status.signal}` : `exit ${status.code}`);
    return status;
  }

  private forwardHostSignals(): void {
    for (const sig of HOST_FORWARDED) {
      this.host.onSignal(sig, () => this.signals.send(PROCESS_QUEUE, userSiginfo(sig, SI_USER, 0, 0)));
    }
  }

  private async waitForExitAsync(): Promise<ExitStatus> {
    await this.kernel.waitForExitAsync();
    const sig = this.kernel.exitSignal;
    return { code: this.kernel.exitCode, signal: sig === 0 ? null : sig };
  }

  /** Runs a thread created by clone on this JS thread until it exits. */
  runThread(slot: number, tid: number): void {
    threadLabel = `tid ${tid}`;
    trace(`runThread tid=${tid} slot=${slot}`);
    const t = this.addThread(slot, tid);
    this.kernel.setThreadI32(slot, ThreadField.State, 2);
    if (this.kernel.exiting === 0) t.cpu.run();
    this.forget(t);
  }

  /** Waits until the process has exited (other threads may still be finishing it). */
  waitForExit(): ExitStatus {
    this.kernel.waitForExit();
    const sig = this.kernel.exitSignal;
    return { code: this.kernel.exitCode, signal: sig === 0 ? null : sig };
  }

  private forget(t: Thread): void {
    this.threads.delete(t.tid);
    this.byCpu.delete(t.cpu);
    this.addCounters(t.cpu);
  }

  /** --stats: a vCPU leaving this view adds its counters to the process's totals. */
  private addCounters(cpu: Vcpu): void {
    if (!this.options.stats || cpu.countersAdded) return;
    cpu.countersAdded = true;
    this.kernel.addStats(readCounters(cpu));
  }

  /**
   * --stats: the counters of every guest thread the process ran. Threads on other workers add
   * theirs as they stop, which at the process's exit may take a moment (or, for one blocked in
   * a host call, forever: it is left out after `timeoutMs`).
   */
  statsTotals(timeoutMs = 1000): Counters {
    const here = this.vcpus.filter((cpu) => !cpu.countersAdded);
    const totals = addCounters(zeroCounters(), this.kernel.statsTotals(COUNTERS.length, here.length, timeoutMs));
    for (const cpu of here) addCounters(totals, readCounters(cpu));
    return totals;
  }

  private currentThread(): Thread | null {
    return this.running;
  }

  /** Thread slot of the thread this view is running a syscall for, or -1. */
  runningSlot(): number {
    return this.running?.slot ?? -1;
  }

  /** The thread whose exit this view is handling (for code invalidation by its syscalls). */
  private running: Thread | null = null;

  // ---- exits from generated code ----

  enterCode(cpu: Vcpu): void {
    const t = this.byCpu.get(cpu)!;
    if (this.migrateRequested) {
      cpu.stop();
      return;
    }
    if (this.killedByExec(t)) {
      this.finishThread(t, false);
      return;
    }
    if (this.kernel.exiting === 0 && (t.restart || this.kernel.queueCount(t.slot) || this.kernel.queueCount(PROCESS_QUEUE))) {
      this.running = t;
      try {
        this.signals.deliver(t);
      } finally {
        this.running = null;
      }
    }
    if (this.kernel.exiting !== 0) {
      cpu.stop();
      return;
    }
    t.seenEpoch = this.code.enterCode(t.slot, t.seenEpoch, t.cacheHooks);
  }

  leaveCode(cpu: Vcpu): void {
    this.code.leaveCode(this.byCpu.get(cpu)!.slot);
  }

  handleExit(cpu: Vcpu, reason: ExitReason): void {
    const t = this.byCpu.get(cpu);
    if (!t) throw new Error('exit from an unknown vCPU');
    this.running = t;
    try {
      this.dispatchExit(t, reason);
    } finally {
      this.running = null;
    }
    if (this.kernel.exiting !== 0) cpu.stop();
  }

  private dispatchExit(t: Thread, reason: ExitReason): void {
    const cpu = t.cpu;
    switch (reason) {
      case ExitReason.Ecall:
        this.syscall(t);
        break;
      case ExitReason.LoadFault:
        this.segv(t, cpu.faultingByte(PERM_R));
        break;
      case ExitReason.StoreFault:
        this.segv(t, cpu.faultingByte(PERM_W));
        break;
      case ExitReason.FetchFault:
        // From a region: the address that failed (pc + 2 for a straddling instruction).
        this.segv(t, cpu.faultAddr);
        break;
      case ExitReason.Misaligned:
        this.raiseFault(t, faultSiginfo(SIGBUS, BUS_ADRALN, cpu.faultAddr), cpu.faultAddr);
        break;
      case ExitReason.Illegal:
        this.raiseFault(t, faultSiginfo(SIGILL, ILL_ILLOPC, cpu.pc), cpu.pc);
        break;
      case ExitReason.Ebreak:
        this.raiseFault(t, faultSiginfo(SIGTRAP, TRAP_BRKPT, cpu.pc), cpu.pc);
        break;
      case ExitReason.FenceI:
        // fence.i orders this hart's own stores before its own fetches: only its cache.
        cpu.cache.revalidate();
        cpu.pc += 4;
        break;
      case ExitReason.ExitRequest:
        cpu.clearExitRequest();
        break;
      default:
        throw new Error(`unexpected exit reason ${reason} at pc 0x${cpu.pc.toString(16)}`);
    }
  }

  private syscall(t: Thread): void {
    const cpu = t.cpu;
    const nr = cpu.xs(17);
    const def = nr >= 0 && nr < SYSCALLS.length ? SYSCALLS[nr] : undefined;
    const saved = new SavedArgs([0, 1, 2, 3, 4, 5].map((i) => cpu.x(10 + i)));
    const tracing = this.options.strace;
    let result: number | bigint;
    if (!def) {
      result = -ENOSYS;
    } else {
      const fds = this.fds;
      fds.beginCall(!this.singleThreaded());
      try {
        const r = def.handler(t);
        if (r === NO_RETURN) {
          if (tracing) this.trace(t, saved, nr, null);
          return;
        }
        result = r;
      } catch (e) {
        result = -errnoOf(e, def.name, this.host);
      } finally {
        fds.endCall();
      }
    }
    if (result === -ERESTARTSYS || result === -ERESTARTNOHAND) {
      // Interrupted by a signal: the delivery decides between a restart and EINTR.
      t.restart = { code: -result, a0: saved.raw(0) };
      if (tracing) this.trace(t, saved, nr, result);
      cpu.setXn(10, -EINTR);
      cpu.pc += 4;
      return;
    }
    if (typeof result === 'bigint') cpu.setX(10, result);
    else cpu.setXn(10, result);
    cpu.pc += 4;
    if (tracing) this.trace(t, saved, nr, result);
  }

  private trace(t: Thread, args: SavedArgs, nr: number, result: number | bigint | null): void {
    const name = SYSCALL_NAMES[nr] ?? `syscall_${nr}`;
    const def = SYSCALLS[nr];
    let line = `${t.tid} ${formatSyscall(this, args, name, def?.args ?? ['x', 'x', 'x', 'x', 'x', 'x'], result)}`;
    if (result === null) line += ' = ?';
    else if (typeof result === 'number' && result < 0 && result > -4096) line += ` = -1 ${errnoName(-result)} (${errnoText(-result)})`;
    else line += ` = ${typeof result === 'bigint' ? result : formatResult(name, result)}`;
    this.host.diagnostic(line);
  }

  // ---- execve ----

  /** A vfork child that execs lets its parent run on (Linux's vfork_done). */
  private releaseVforkParent(): void {
    if (this.vforkRelease === null) return;
    this.reportStatus('exec');
    this.vforkRelease = null;
  }

  /** Ends every thread but `t` (execve's de_thread); returns when they are gone. */
  private killOtherThreads(t: Thread): void {
    const k = this.kernel;
    k.execSlot = t.slot;
    for (const slot of k.liveSlots()) {
      if (slot === t.slot) continue;
      this.kickVcpu(slot);
      k.wakeThread(slot);
    }
    while (k.liveThreads > 1 && k.exiting === 0) Atomics.wait(k.i32, t.wakeWord, Atomics.load(k.i32, t.wakeWord), 1);
    k.execSlot = -1;
  }

  /** Whether `t` must end because another thread is exec'ing. */
  private killedByExec(t: Thread): boolean {
    const s = this.kernel.execSlot;
    return s >= 0 && s !== t.slot;
  }

  /**
   * execve of a riscv64 program: past the point of no return the old image is gone, so a failure
   * to map the new one kills the process (as Linux does with SIGSEGV).
   */
  execInPlace(t: Thread, p: PreparedProgram, argv: string[], env: string[], execfn: string): void {
    this.killOtherThreads(t);
    this.releaseVforkParent();
    this.flushSharedMaps(0, Number.MAX_SAFE_INTEGER);
    this.mm.unmapRange(0, 0xf000_0000);
    this.closeUnusedWriteback();
    t.cpu.cache.flushAll();
    this.fds.closeOnExec();
    this.signals.resetForExec(t);
    this.timers.deletePosixTimers();
    t.clearChildTid = 0;
    t.robustList = 0;
    t.robustListLen = 0;
    t.rseq = 0;
    t.restart = null;
    t.suspendMask = null;
    t.name = execfn.split('/').pop()!.slice(0, 15);
    try {
      this.exec = installProgram(this, t, p, argv, env, execfn);
    } catch (e) {
      if (!(e instanceof ExecError)) throw e;
      this.terminateBySignal(SIGSEGV, `(exec of ${execfn} failed: ${e.message})`);
    }
  }

  /** execve of a host program: it runs with the guest's descriptors; we exit with its status. */
  execOnHost(t: Thread, hostPath: string, argv: string[], env: string[]): void {
    this.killOtherThreads(t);
    this.releaseVforkParent();
    this.flushSharedMaps(0, Number.MAX_SAFE_INTEGER);
    const fds: (number | null)[] = [];
    for (const fd of this.fds.openFds()) {
      if (this.fds.fdFlagsOf(fd) & 1 /* FD_CLOEXEC */) continue;
      const f = this.fds.get(fd);
      if (f.hostFd >= 0) fds[fd] = f.hostFd;
    }
    const status = t.blocking(() => this.host.processes.runSync(hostPath, argv, env, this.paths.cwd, fds));
    if (status.signal !== null) this.exitAll({ code: 128 + status.signal, signal: status.signal });
    else this.exitAll({ code: status.code ?? 0, signal: null });
  }

  // ---- exits ----

  /** Ends one thread; the process ends with its last thread. */
  exitThread(t: Thread, code: number): void {
    if (this.kernel.liveThreads <= 1) {
      this.exitAll({ code, signal: null });
      return;
    }
    this.finishThread(t);
  }

  /**
   * A thread is done: clear and wake its clear-child-tid word (unless the image is being
   * replaced), free its slot, stop its vCPU.
   */
  finishThread(t: Thread, clearTid = true): void {
    trace(`finishThread tid=${t.tid} slot=${t.slot} live=${this.kernel.liveThreads}`);
    const ctid = clearTid ? t.clearChildTid : 0;
    if (ctid) {
      try {
        this.putU32(ctid, 0);
        this.futexWake(ctid, 1);
      } catch {
        // an unmapped clear-child-tid word is ignored, as in Linux
      }
    }
    this.code.resetReader(t.slot, this.code.epoch);
    const left = this.kernel.releaseThread(t.slot);
    t.cpu.stop();
    if (left === 0) this.exitAll({ code: 0, signal: null });
  }

  /** Ends the whole process with `status`: every thread stops at its next exit from generated code. */
  exitAll(status: ExitStatus): void {
    trace(`exitAll ${JSON.stringify(status)} first=${this.kernel.exiting === 0}`);
    if (this.kernel.beginExit(status.code, status.signal ?? 0)) {
      // finishExit must happen whatever the write-back meets: the supervisor waits for it.
      trace('exitAll: flushing shared maps');
      try {
        this.flushSharedMaps(0, Number.MAX_SAFE_INTEGER);
      } finally {
        for (const slot of this.kernel.liveSlots()) {
          this.kickVcpu(slot);
          this.kernel.wakeThread(slot);
        }
        this.kernel.finishExit();
        trace('exit finished');
      }
    }
    for (const t of this.threads.values()) t.cpu.stop();
  }

  /** Raises the exit request of the vCPU in thread slot `slot` (any JS thread may). */
  kickVcpu(slot: number): void {
    const i32 = new Int32Array(this.memory.buffer, vcpuBase(slot) + S_EXIT_REQUEST, 1);
    Atomics.store(i32, 0, 1);
  }

  // ---- futex wake used by thread exit (the futex family lives in syscalls/futex.ts) ----

  futexWake: (addr: number, n: number) => number = () => 0;

  // ---- signals (default actions; handlers arrive with the signal layer) ----

  /** A memory fault: SEGV_MAPERR where nothing is mapped, SEGV_ACCERR where the protection forbids. */
  private segv(t: Thread, addr: number): void {
    const code = this.mm.find(addr) ? SEGV_ACCERR : SEGV_MAPERR;
    this.raiseFault(t, faultSiginfo(SIGSEGV, code, addr), addr);
  }

  /** A synchronous fault of `t`, delivered at the faulting instruction. */
  raiseFault(t: Thread, info: Uint8Array, addr: number): void {
    const sig = new DataView(info.buffer).getInt32(0, true);
    const where = `at pc ${hex64(t.cpu.pc)}${sig === SIGSEGV || sig === SIGBUS ? `, address ${hex64(addr)}` : ''}`;
    this.signals.force(t, info, where);
  }

  terminateBySignal(sig: number, detail = ''): void {
    if (this.kernel.exiting === 0) {
      this.host.diagnostic(`rvjit: program terminated by ${signalName(sig)} (${signalText(sig)})${detail ? ' ' + detail : ''}`);
    }
    this.exitAll({ code: 128 + sig, signal: sig });
  }

  /** Raw rt_sigaction records (riscv64 struct sigaction: handler, flags, mask) per signal; a snapshot. */
  get sigactions(): (Uint8Array | undefined)[] {
    const out: (Uint8Array | undefined)[] = [];
    for (let sig = 1; sig <= 64; sig++) {
      const a = this.kernel.sigaction(sig);
      const b = new Uint8Array(24);
      const dv = new DataView(b.buffer);
      dv.setBigUint64(0, a.handler, true);
      dv.setBigUint64(8, a.flags, true);
      dv.setBigUint64(16, a.mask, true);
      out[sig] = b;
    }
    return out;
  }

  /** Sends `sig` to the whole process, as kill(getpid(), sig) from thread `t` would. */
  sendSignal(t: Thread, sig: number): void {
    this.signals.send(PROCESS_QUEUE, userSiginfo(sig, SI_USER, this.pid, this.host.info().uid));
    void t;
  }

  // ---- blocking host operations ----

  /**
   * Whether a read or write may be tried without blocking first (HostFs.tryRead): the host keeps
   * twins of pipes for that, which only the one thread doing I/O may hold (launchThread).
   */
  private singleThreaded(): boolean {
    return this.kernel.liveThreads === 1;
  }

  /** Starts guest thread `tid` on a worker, after this JS thread has let go of its twins. */
  launchThread(slot: number, tid: number): void {
    this.sharedRegions.activate();
    this.host.fs.dropTwins();
    this.spawnThread!(this.image(), slot, tid);
  }

  /** Sleeps `ns`; a signal to deliver cuts it short (returns false). */
  blockingSleep(t: Thread, ns: bigint): boolean {
    return this.waitUntil(t, elapsedMs() + Number(ns) / 1e6, () => false) === 'timeout';
  }

  /**
   * read(2) on a host pipe, terminal or device. Waits for data in the host's poll (a slice at a
   * time, so a signal interrupts the wait: ERESTARTSYS) before reading; `nonblock` reads at once.
   */
  blockingRead(t: Thread, hostFd: number, buf: Uint8Array, nonblock = false): number {
    let n = !nonblock && this.singleThreaded() ? this.host.fs.tryRead(hostFd, buf) : -1;
    if (n < 0) {
      if (!nonblock && waitHostReady(t, hostFd, POLLIN) === 'interrupted') throw new Errno(ERESTARTSYS);
      n = t.blocking(() => this.host.fs.read(hostFd, buf, null));
    }
    // Room freed in a pipe makes its write end ready for writers waiting in poll.
    if (n > 0) {
      this.epoll.changed();
      this.kernel.notifyPollers();
    }
    return n;
  }

  blockingWrite(t: Thread, hostFd: number, buf: Uint8Array, nonblock = false): number {
    try {
      let n = !nonblock && this.singleThreaded() ? this.host.fs.tryWrite(hostFd, buf) : -1;
      if (n < 0) {
        if (!nonblock && waitHostReady(t, hostFd, POLLOUT) === 'interrupted') throw new Errno(ERESTARTSYS);
        n = t.blocking(() => this.host.fs.write(hostFd, buf, null));
      }
      // Readers of this pipe in other guest threads may be waiting in poll: let them look.
      this.epoll.changed();
      this.kernel.notifyPollers();
      return n;
    } catch (e) {
      if (e instanceof HostError && e.errno === EPIPE) {
        this.signals.send(t.slot, userSiginfo(SIGPIPE, SI_USER, this.pid, this.host.info().uid));
      }
      throw e;
    }
  }

  // ---- files ----

  /** The host path a host descriptor refers to (for /proc/self/fd and mmap names). */
  hostPathOf(hostFd: number): string {
    try {
      return this.host.fs.readlink(`/proc/self/fd/${hostFd}`);
    } catch {
      return '';
    }
  }

  /** Writes shared, writable file mappings in [start, end) back to their files (msync, munmap, exit). */
  flushSharedMaps(start: number, end: number): void {
    for (const v of this.mm.vmas) {
      if (v.writeback < 0) continue;
      const s = Math.max(v.start, start), e = Math.min(v.end, end);
      if (s >= e) continue;
      try {
        const fileSize = Number(this.host.fs.fstat(v.writeback).size);
        const offset = v.offset + (s - v.start);
        const upto = Math.min(e, s + Math.max(0, fileSize - offset));
        if (upto > s) this.host.fs.write(v.writeback, this.mm.u8.subarray(s, upto), offset);
      } catch {
        // the file went away; nothing to write back to
      }
    }
  }

  /** Closes write-back descriptors no mapping uses any more. */
  closeUnusedWriteback(): void {
    const used = new Set(this.mm.vmas.map((v) => v.writeback));
    for (const fd of this.writebackFds) {
      if (used.has(fd)) continue;
      this.writebackFds.delete(fd);
      try {
        this.host.fs.close(fd);
      } catch {
        // already closed
      }
    }
    for (const fd of used) if (fd >= 0) this.writebackFds.add(fd);
  }

  private readonly writebackFds = new Set<number>();

  /** Shared writable file mappings, as {start, size, hostFd, offset} (derived from the mappings). */
  get sharedFileMaps(): { start: number; size: number; hostFd: number; offset: number }[] {
    return this.mm.vmas.filter((v) => v.writeback >= 0).map((v) => ({ start: v.start, size: v.end - v.start, hostFd: v.writeback, offset: v.offset }));
  }

  // ---- code changes ----

  /**
   * Translations of [start, end) became stale (munmap, mprotect -X, mmap over code,
   * riscv_flush_icache): no vCPU may run them once the calling syscall returns.
   */
  invalidateCode(t: Thread | null, start: number, end: number): void {
    t?.cpu.cache.invalidateRange(start, end);
    const others = this.otherSlots(t);
    if (this.options.invalidation === 'exclusive') {
      this.code.invalidateExclusive(t?.slot ?? -1, others, (s) => this.kickVcpu(s), () => t?.cpu.cache.flushAll());
    } else {
      this.gracePeriod(t, start, end, others);
    }
  }

  /** The live vCPUs other than `t`'s. */
  private otherSlots(t: Thread | null): number[] {
    const self = t?.slot ?? -1;
    return this.kernel.liveSlots().filter((s) => s !== self);
  }

  /** Logs [start, end) for `others` to drop and waits until each has caught up or left code. */
  private gracePeriod(t: Thread | null, start: number, end: number, others: number[]): void {
    const epoch = this.code.invalidateRcu(start, end, t?.slot ?? -1, others, (s) => this.kickVcpu(s));
    if (t) t.seenEpoch = Math.max(t.seenEpoch, epoch);
  }

  /**
   * Waits until every other vCPU has left the generated code it was in (a grace period with
   * nothing to invalidate), whichever the invalidation strategy: a page lost a permission, and a
   * block that checked a run of its accesses before must not make them after the syscall returns.
   */
  private shootdown(t: Thread | null): void {
    const others = this.otherSlots(t);
    if (others.length > 0) this.gracePeriod(t, 0, 0, others);
  }

  /** riscv_flush_icache: all harts, or only the caller's when `localOnly`. */
  flushIcache(t: Thread, start: number, end: number, localOnly: boolean): void {
    if (localOnly) t.cpu.cache.invalidateRange(start, end);
    else this.invalidateCode(t, start, end);
  }

  // ---- helpers for syscall families ----

  /** Reads guest bytes for a syscall, or throws EFAULT. */
  read(addr: number, len: number): Uint8Array {
    return this.mm.readable(addr, len);
  }

  write(addr: number, len: number): Uint8Array {
    return this.mm.writable(addr, len);
  }

  readString(addr: number): string {
    return new TextDecoder().decode(this.mm.readCString(addr));
  }

  /** Writes a little-endian u64/i64 to guest memory. */
  putU64(addr: number, v: number | bigint): void {
    this.mm.writable(addr, 8);
    this.dv.setBigUint64(addr, BigInt.asUintN(64, BigInt(v)), true);
  }

  putU32(addr: number, v: number): void {
    this.mm.writable(addr, 4);
    this.dv.setUint32(addr, v >>> 0, true);
  }

  getU64(addr: number): bigint {
    this.mm.readable(addr, 8);
    return this.dv.getBigUint64(addr, true);
  }

  getU32(addr: number): number {
    this.mm.readable(addr, 4);
    return this.dv.getUint32(addr, true);
  }
}

/** A register value as the unsigned 64-bit hex a debugger would show. */
function hex64(v: number): string {
  return `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}`;
}

function formatResult(name: string, r: number): string {
  return ['mmap', 'brk', 'mremap'].includes(name) ? `0x${r.toString(16)}` : String(r);
}

/** Maps an exception from a syscall handler to an errno; unexpected ones are reported once. */
function errnoOf(e: unknown, name: string, host: Host): number {
  if (e instanceof Errno) return e.errno;
  if (e instanceof MemoryError) return e.errno;
  if (e instanceof HostError) return e.errno;
  host.diagnostic(`rvjit: internal error in ${name}: ${(e as Error)?.message ?? e}`);
  if (host.debug) host.diagnostic(String((e as Error)?.stack));
  return EIO;
}

function defaultRlimits(): RlimitPair[] {
  const inf = Infinity;
  const l: RlimitPair[] = Array.from({ length: 16 }, () => [inf, inf] as RlimitPair);
  l[3] = [8 * 1024 * 1024, inf]; // RLIMIT_STACK
  l[4] = [0, inf]; // RLIMIT_CORE
  l[7] = [1024, 1024 * 1024]; // RLIMIT_NOFILE
  l[8] = [8 * 1024 * 1024, 8 * 1024 * 1024]; // RLIMIT_MEMLOCK
  l[6] = [63704, 63704]; // RLIMIT_NPROC
  l[11] = [63704, 63704]; // RLIMIT_SIGPENDING
  l[12] = [819200, 819200]; // RLIMIT_MSGQUEUE
  return l;
}
