// Worker entry of the plain tsc build (dist/src); the bundled command starts bin/worker.js instead.

import { workerData } from 'node:worker_threads';
import { runPooledWorker } from './worker-main.js';
import type { VcpuWorkerData } from './threads.js';

runPooledWorker(workerData as VcpuWorkerData);
