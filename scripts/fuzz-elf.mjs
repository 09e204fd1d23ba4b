#!/usr/bin/env node
// `npm run fuzz-elf -- ...`: build (tsc and the bundle, when older than any source), then run
// dist/tools/fuzz-elf/main.js with the same arguments. The bundle matters here: the fuzzer runs
// the real `bin/rvjit.js`, which loads it.
import path from 'node:path';
import { buildAndRun } from './build-if-stale.mjs';

buildAndRun(path.join('dist', 'tools', 'fuzz-elf', 'main.js'), { name: 'fuzz-elf', bundle: true });
