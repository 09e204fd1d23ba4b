// A pooled worker thread: runs guest threads of one process, one after another.

import { workerData } from 'node:worker_threads';
import { NodeHost } from './index.js';
import { ThreadPool, WorkerState, type VcpuWorkerData } from './threads.js';
import { LinuxProcess } from '../../linux/process.js';

const { image, pool: poolSab, entry } = workerData as VcpuWorkerData;
const host = new NodeHost();
const proc = new LinuxProcess({ ...image.options, host }, image);
const pool = new ThreadPool(poolSab);
proc.spawnThread = (img, slot, tid) => pool.spawn(img, slot, tid);
proc.spawnTimerService = (img) => pool.spawnTimerService(img);
const i32 = pool.i32;
const stateWord = pool.word(entry, 0);

for (;;) {
  // Wait for a thread to run (or for the process to end).
  while (Atomics.load(i32, stateWord) !== WorkerState.Assigned) {
    if (proc.kernel.exiting !== 0) process.exit(0);
    Atomics.wait(i32, stateWord, WorkerState.Idle, 200);
  }
  Atomics.store(i32, stateWord, WorkerState.Running);
  const slot = Atomics.load(i32, pool.word(entry, 1));
  const tid = Atomics.load(i32, pool.word(entry, 2));
  try {
    if (slot < 0) proc.serveTimers();
    else proc.runThread(slot, tid);
  } catch (e) {
    host.diagnostic(`rvjit: internal error in thread ${tid}: ${(e as Error)?.message ?? e}`);
    if (host.debug) host.diagnostic(String((e as Error)?.stack));
    proc.exitAll({ code: 70, signal: null });
  }
  if (proc.kernel.exiting !== 0) process.exit(0);
  Atomics.store(i32, stateWord, WorkerState.Idle);
}
