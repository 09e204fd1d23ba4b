// rvjit's public API.
export { runProgram, runProgramSync, RvjitError, type RunOptions, type RunResult } from './api/run.js';
export { formatStats, type RunStats } from './api/stats.js';
export type { Host, HostFs, HostClock, HostInfo, HostStat } from './host/host.js';
export { NodeHost } from './host/node/index.js';
export { VERSION } from './version.js';
