// Worker-thread entry: runs batches sent by the campaign, one at a time. rvjit runs synchronously
// inside runBatch, so each worker keeps one core busy (plus the QEMU child it started).

import { parentPort } from 'node:worker_threads';
import { runBatch, type BatchJob } from './batch.js';
import { loadDisassembler } from './format.js';

export type ToWorker = { type: 'job'; jobId: number; job: BatchJob };
export type FromWorker =
  | { type: 'result'; jobId: number; result: import('./batch.js').BatchResult }
  | { type: 'alive'; jobId: number }
  | { type: 'failed'; jobId: number; error: string };

const port = parentPort;
if (port) {
  const ready = loadDisassembler();
  port.on('message', async (msg: ToWorker) => {
    await ready;
    try {
      const result = await runBatch(msg.job, () => port.postMessage({ type: 'alive', jobId: msg.jobId } satisfies FromWorker));
      port.postMessage({ type: 'result', jobId: msg.jobId, result } satisfies FromWorker);
    } catch (e) {
      const err = e as Error;
      port.postMessage({ type: 'failed', jobId: msg.jobId, error: err.stack ?? String(err) } satisfies FromWorker);
    }
  });
}
