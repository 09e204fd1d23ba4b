// Guest threads on Node worker threads. Workers are pooled: when a guest thread ends, its worker
// parks and takes the next new thread, so only the first threads pay a worker's start-up
// (tens of milliseconds). A spare worker is started ahead of need whenever the pool runs dry.
// Any JS thread can hand out work: the pool's state is a SharedArrayBuffer, and workers started
// by other workers live as long as the process (they never exit while it runs).

import { Worker } from 'node:worker_threads';
import type { ProcessImage } from '../../linux/process.js';

const MAX_WORKERS = 512;
const ENTRY_WORDS = 4;
const W_STATE = 0, W_SLOT = 1, W_TID = 2;

export const enum WorkerState {
  Unused = 0,
  Idle = 1,
  Assigned = 2,
  Running = 3,
}

export interface VcpuWorkerData {
  image: ProcessImage;
  pool: SharedArrayBuffer;
  entry: number;
}

const WORKER_URL = new URL('./vcpu-worker.js', import.meta.url);

export class ThreadPool {
  readonly sab: SharedArrayBuffer;
  readonly i32: Int32Array;

  constructor(sab?: SharedArrayBuffer) {
    this.sab = sab ?? new SharedArrayBuffer(MAX_WORKERS * ENTRY_WORDS * 4);
    this.i32 = new Int32Array(this.sab);
  }

  word(entry: number, field: number): number {
    return entry * ENTRY_WORDS + field;
  }

  /** Runs the process's timer service on a pooled worker (slot -1 marks the service). */
  spawnTimerService(image: ProcessImage): void {
    this.spawn(image, -1, 0);
  }

  /** Runs guest thread (slot, tid) of the process described by `image` on a pooled worker. */
  spawn(image: ProcessImage, slot: number, tid: number): void {
    const i32 = this.i32;
    for (let e = 0; e < MAX_WORKERS; e++) {
      if (Atomics.compareExchange(i32, this.word(e, W_STATE), WorkerState.Idle, WorkerState.Assigned) !== WorkerState.Idle) continue;
      Atomics.store(i32, this.word(e, W_SLOT), slot);
      Atomics.store(i32, this.word(e, W_TID), tid);
      Atomics.notify(i32, this.word(e, W_STATE));
      if (!this.hasIdle()) this.start(image, null);
      return;
    }
    this.start(image, { slot, tid });
    this.start(image, null);
  }

  private hasIdle(): boolean {
    for (let e = 0; e < MAX_WORKERS; e++) if (Atomics.load(this.i32, this.word(e, W_STATE)) === WorkerState.Idle) return true;
    return false;
  }

  /** Starts a worker, with a first thread to run or as an idle spare. */
  private start(image: ProcessImage, first: { slot: number; tid: number } | null): void {
    const i32 = this.i32;
    for (let e = 0; e < MAX_WORKERS; e++) {
      const want = first ? WorkerState.Assigned : WorkerState.Idle;
      if (Atomics.compareExchange(i32, this.word(e, W_STATE), WorkerState.Unused, want) !== WorkerState.Unused) continue;
      if (first) {
        Atomics.store(i32, this.word(e, W_SLOT), first.slot);
        Atomics.store(i32, this.word(e, W_TID), first.tid);
      }
      const data: VcpuWorkerData = { image, pool: this.sab, entry: e };
      const w = new Worker(WORKER_URL, { workerData: data, stdout: false, stderr: false });
      // The process's lifetime is the guest's, not the workers': the main thread exits the
      // process when the guest exits.
      w.unref();
      return;
    }
    throw new RangeError('too many worker threads');
  }
}
