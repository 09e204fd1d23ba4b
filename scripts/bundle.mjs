#!/usr/bin/env node
// Bundles the worker-thread entry and the command line into single files (dist/bundle/): loading
// one file is several times faster than resolving dozens of ES modules, and start-up counts.
import { build } from 'esbuild';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// Whitespace and syntax are minified (a third less to read and parse: about 4 ms of start-up);
// identifiers are not, so stack traces under RVJIT_DEBUG stay readable.
await build({
  entryPoints: {
    'vcpu-worker': path.join(root, 'src/host/node/vcpu-worker.ts'),
  },
  outdir: path.join(root, 'dist/bundle'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  logLevel: 'warning',
});
// The command line once more as CommonJS, which bin/rvjit.js loads through vm.Script with a V8
// code cache (ES modules cannot use one on Node 20). import.meta.url becomes a parameter of the
// wrapper bin/rvjit.js puts around it.
await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outfile: path.join(root, 'dist/bundle/cli.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { 'import.meta.url': '__rvjit_import_meta_url' },
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  logLevel: 'warning',
});
// A new bundle invalidates the cache; the first run makes a new one. Make it now, with a guest
// that touches the common paths, so the first real run already starts fast.
rmSync(path.join(root, 'dist/bundle/cli.v8cache'), { force: true });
const warm = spawnSync(process.execPath, [path.join(root, 'bin/rvjit.js'), 'run', path.join(root, 'examples/hello')], { stdio: 'ignore' });
if (warm.status !== 0) console.warn('bundle: warming the code cache with examples/hello failed (status ' + warm.status + ')');
