// Node modules rvjit needs only sometimes, loaded on first use: node:child_process alone costs
// several milliseconds per isolate to load (main thread and each vCPU worker), and most runs
// never start a host process.

import { createRequire } from 'node:module';
import type * as ChildProcessModule from 'node:child_process';

const require = createRequire(import.meta.url);
let childProcessModule: typeof ChildProcessModule | null = null;

export function childProcess(): typeof ChildProcessModule {
  return (childProcessModule ??= require('node:child_process') as typeof ChildProcessModule);
}
