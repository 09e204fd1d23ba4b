#!/usr/bin/env node
// `npm run fuzz-syscalls -- ...`: build what is stale (TypeScript, the bundle rvjit runs from,
// the fuzz_syscalls guest), then run dist/tools/fuzz-syscalls/main.js with the same arguments.
import path from 'node:path';
import { buildAndRun } from './build-if-stale.mjs';

buildAndRun(path.join('dist', 'tools', 'fuzz-syscalls', 'main.js'), {
  name: 'fuzz-syscalls',
  bundle: true,
  extraBuild: [[path.join('scripts', 'build-guests.mjs'), 'fuzz_syscalls']],
});
