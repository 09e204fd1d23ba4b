#!/usr/bin/env node
// Bundles the command line and the worker-thread entry into single files (dist/bundle/): loading
// one file is several times faster than resolving dozens of ES modules, and start-up counts.
import { build } from 'esbuild';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
await build({
  entryPoints: {
    cli: path.join(root, 'src/cli/main.ts'),
    'vcpu-worker': path.join(root, 'src/host/node/vcpu-worker.ts'),
  },
  outdir: path.join(root, 'dist/bundle'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
});
