#!/usr/bin/env node
// `npm run fuzz-syscalls -- ...`: build what is stale (TypeScript, the bundle rvjit runs from,
// the fuzz_syscalls guest), then run dist/tools/fuzz-syscalls/main.js with the same arguments.
import path from 'node:path';
import { runTool } from './run-tool.mjs';

runTool('fuzz-syscalls', path.join('dist', 'tools', 'fuzz-syscalls', 'main.js'), process.argv.slice(2), [
  [path.join('scripts', 'bundle.mjs')],
  [path.join('scripts', 'build-guests.mjs'), 'fuzz_syscalls'],
]);
