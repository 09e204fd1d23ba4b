#!/usr/bin/env node
// `npm run fuzz -- ...`: build (when the compiled fuzzer is missing or older than any source),
// then run dist/tools/fuzz/main.js with the same arguments.
import path from 'node:path';
import { buildAndRun } from './build-if-stale.mjs';

buildAndRun(path.join('dist', 'tools', 'fuzz', 'main.js'), { name: 'fuzz' });
