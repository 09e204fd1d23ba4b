#!/usr/bin/env node
// Bundles the command line, worker threads included, into one file (dist/bundle/cli.cjs): loading
// one file is several times faster than resolving dozens of ES modules, and start-up counts.
import { build } from 'esbuild';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// Whitespace and syntax are minified (a third less to read and parse: about 4 ms of start-up);
// identifiers are not, so stack traces under RVJIT_DEBUG stay readable.
//
// The command line as CommonJS, which bin/rvjit.js loads through vm.Script with a V8 code cache
// (ES modules cannot use one on Node 20); its worker threads load it the same way (bin/worker.js).
// import.meta.url becomes a parameter of the wrapper bin/load-bundle.js puts around it.
await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outfile: path.join(root, 'dist/bundle/cli.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { 'import.meta.url': '__rvjit_import_meta_url', __RVJIT_CJS_BUNDLE__: 'true' },
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
