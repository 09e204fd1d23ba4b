// Guest threads, service loops and child-process watchers on Node worker threads. Workers are
// pooled: when a job ends, its worker parks and takes the next one, so only the first threads pay
// a worker's start-up (tens of milliseconds). A spare worker is started ahead of need whenever
// the pool runs dry. Any JS thread can hand out work: the pool's state is a SharedArrayBuffer.
// A worker started by another worker is its child in Node and dies with it, so no worker exits
// before the guest process has completely exited (see vcpu-worker.ts).

import { workerThreads } from './lazy-modules.js';
import type { ProcessImage } from '../../linux/process.js';
import type { ChildLaunch } from '../../linux/fork.js';

const MAX_WORKERS = 512;
const ENTRY_WORDS = 8;
const W_STATE = 0, W_SLOT = 1, W_TID = 2, W_KIND = 3, W_RESULT = 4, W_MAIL_LEN = 5;
const MAILBOX_BYTES = 16 * 1024;

export const enum WorkerState {
  Unused = 0,
  Idle = 1,
  Assigned = 2,
  Running = 3,
}

export const enum JobKind {
  /** Run guest thread (slot, tid). */
  Thread = 0,
  /** Run the process's timer service. */
  Timers = 1,
  /** Start a child process (launch in the mailbox), report its pid, watch it until it ends. */
  Child = 2,
}

/** Result word while a child is being started. */
export const PENDING = 0x7fffffff;

export interface VcpuWorkerData {
  image: ProcessImage;
  pool: SharedArrayBuffer;
  entry: number;
}

/**
 * Set (to true) by scripts/bundle.mjs in the command's CommonJS bundle. Its workers then start
 * bin/worker.js, which loads that same bundle through its V8 code cache, as bin/rvjit.js does:
 * ~60 ms less per worker than loading an ES-module entry, which builds Node's ESM loader and
 * compiles the code from source in every worker.
 */
declare const __RVJIT_CJS_BUNDLE__: boolean | undefined;

function workerEntry(): URL {
  if (typeof __RVJIT_CJS_BUNDLE__ !== 'undefined' && __RVJIT_CJS_BUNDLE__) return new URL('../../bin/worker.js', import.meta.url);
  return new URL('./vcpu-worker.js', import.meta.url);
}

export interface Job {
  kind: JobKind;
  slot: number;
  tid: number;
  launch?: ChildLaunch;
}

export class ThreadPool {
  readonly sab: SharedArrayBuffer;
  readonly i32: Int32Array;
  private readonly mail: Uint8Array;

  constructor(sab?: SharedArrayBuffer) {
    this.sab = sab ?? new SharedArrayBuffer(MAX_WORKERS * (ENTRY_WORDS * 4 + MAILBOX_BYTES));
    this.i32 = new Int32Array(this.sab, 0, MAX_WORKERS * ENTRY_WORDS);
    this.mail = new Uint8Array(this.sab, MAX_WORKERS * ENTRY_WORDS * 4);
  }

  word(entry: number, field: number): number {
    return entry * ENTRY_WORDS + field;
  }

  /** Runs the process's timer service on a pooled worker. */
  spawnTimerService(image: ProcessImage): void {
    this.submit(image, { kind: JobKind.Timers, slot: -1, tid: 0 });
  }

  /** Runs guest thread (slot, tid) of the process described by `image` on a pooled worker. */
  spawn(image: ProcessImage, slot: number, tid: number): void {
    this.submit(image, { kind: JobKind.Thread, slot, tid });
  }

  /** Starts a child process from a pooled worker (which then watches it); returns pid or -errno. */
  spawnChild(image: ProcessImage, launch: ChildLaunch): number {
    const e = this.submit(image, { kind: JobKind.Child, slot: -1, tid: 0, launch });
    const w = this.word(e, W_RESULT);
    while (Atomics.load(this.i32, w) === PENDING) Atomics.wait(this.i32, w, PENDING, 100);
    return Atomics.load(this.i32, w);
  }

  /** The job waiting in entry `e` (for the worker that took it). */
  job(e: number): Job {
    const kind = Atomics.load(this.i32, this.word(e, W_KIND)) as JobKind;
    const job: Job = { kind, slot: Atomics.load(this.i32, this.word(e, W_SLOT)), tid: Atomics.load(this.i32, this.word(e, W_TID)) };
    if (kind === JobKind.Child) {
      const len = this.i32[this.word(e, W_MAIL_LEN)]!;
      const at = e * MAILBOX_BYTES;
      job.launch = JSON.parse(new TextDecoder().decode(this.mail.slice(at, at + len))) as ChildLaunch;
    }
    return job;
  }

  /** Publishes a child's pid (or -errno) to the thread waiting in spawnChild. */
  setResult(e: number, value: number): void {
    Atomics.store(this.i32, this.word(e, W_RESULT), value);
    Atomics.notify(this.i32, this.word(e, W_RESULT));
  }

  private write(e: number, job: Job): void {
    Atomics.store(this.i32, this.word(e, W_KIND), job.kind);
    Atomics.store(this.i32, this.word(e, W_SLOT), job.slot);
    Atomics.store(this.i32, this.word(e, W_TID), job.tid);
    Atomics.store(this.i32, this.word(e, W_RESULT), PENDING);
    if (job.launch) {
      const bytes = new TextEncoder().encode(JSON.stringify(job.launch));
      if (bytes.length > MAILBOX_BYTES) throw new RangeError('child launch description too large');
      this.mail.set(bytes, e * MAILBOX_BYTES);
      this.i32[this.word(e, W_MAIL_LEN)] = bytes.length;
    }
  }

  /** Gives `job` to an idle worker, or to a new one; returns the entry. */
  private submit(image: ProcessImage, job: Job): number {
    const i32 = this.i32;
    for (let e = 0; e < MAX_WORKERS; e++) {
      if (Atomics.compareExchange(i32, this.word(e, W_STATE), WorkerState.Idle, WorkerState.Running) !== WorkerState.Idle) continue;
      this.write(e, job);
      Atomics.store(i32, this.word(e, W_STATE), WorkerState.Assigned);
      Atomics.notify(i32, this.word(e, W_STATE));
      if (!this.hasIdle()) this.start(image, null);
      return e;
    }
    const e = this.start(image, job);
    this.start(image, null);
    return e;
  }

  private hasIdle(): boolean {
    for (let e = 0; e < MAX_WORKERS; e++) if (Atomics.load(this.i32, this.word(e, W_STATE)) === WorkerState.Idle) return true;
    return false;
  }

  /** Starts a worker, with a first job or as an idle spare; returns its entry. */
  private start(image: ProcessImage, first: Job | null): number {
    const i32 = this.i32;
    for (let e = 0; e < MAX_WORKERS; e++) {
      if (Atomics.compareExchange(i32, this.word(e, W_STATE), WorkerState.Unused, WorkerState.Running) !== WorkerState.Unused) continue;
      if (first) this.write(e, first);
      Atomics.store(i32, this.word(e, W_STATE), first ? WorkerState.Assigned : WorkerState.Idle);
      const data: VcpuWorkerData = { image, pool: this.sab, entry: e };
      // Descriptors belong to the guest process, not to the worker that opened them: without
      // trackUnmanagedFds: false, a worker closing one another thread opened printed a Node
      // warning on stderr, and a worker's exit would close the ones it opened.
      const w = new (workerThreads().Worker)(workerEntry(), { workerData: data, stdout: false, stderr: false, trackUnmanagedFds: false });
      // The process's lifetime is the guest's, not the workers': the main thread exits the
      // process when the guest exits.
      w.unref();
      return e;
    }
    throw new RangeError('too many worker threads');
  }
}
