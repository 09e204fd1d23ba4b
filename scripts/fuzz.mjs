#!/usr/bin/env node
// `npm run fuzz -- ...`: build (when the compiled fuzzer is missing or older than any source),
// then run dist/tools/fuzz/main.js with the same arguments.
import path from 'node:path';
import { runTool } from './run-tool.mjs';

runTool('fuzz', path.join('dist', 'tools', 'fuzz', 'main.js'), process.argv.slice(2));
