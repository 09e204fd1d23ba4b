// Node modules rvjit needs only sometimes, loaded on first use. Each costs milliseconds per
// isolate to load (main thread and every vCPU worker; measured on the main thread: node:crypto
// ~10 ms, node:tty ~6 ms, node:worker_threads ~5 ms, node:child_process ~6 ms), and a short
// single-threaded run needs none of them.

import { createRequire } from 'node:module';
import type * as ChildProcessModule from 'node:child_process';
import type * as CryptoModule from 'node:crypto';
import type * as TtyModule from 'node:tty';
import type * as WorkerThreadsModule from 'node:worker_threads';

const require = createRequire(import.meta.url);

function lazy<M>(name: string): () => M {
  let m: M | null = null;
  return () => (m ??= require(name) as M);
}

export const childProcess = lazy<typeof ChildProcessModule>('node:child_process');
export const crypto = lazy<typeof CryptoModule>('node:crypto');
export const tty = lazy<typeof TtyModule>('node:tty');
export const workerThreads = lazy<typeof WorkerThreadsModule>('node:worker_threads');
