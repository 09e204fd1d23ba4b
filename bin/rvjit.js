#!/usr/bin/env node
// Entry point of the `rvjit` command. Start-up time counts (issue #4), so it loads the
// single-file CommonJS bundle through vm.Script with a V8 code cache next to it: that skips
// parsing and compiling the ~400 KB of JavaScript on every run. Without the bundle (a plain
// `tsc` build) it imports the compiled modules instead.
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';

// rvjit sets these V8 flags when it starts (V8_FLAGS in src/host/node/index.ts says why). V8
// rejects a code cache made under different flags, so set them before compiling anything the
// cache covers.
setFlagsFromString('--experimental-wasm-relaxed-simd');
setFlagsFromString('--wasm-tiering-budget=18000000');

const bundle = fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url));
const cacheFile = bundle.replace(/\.cjs$/, '.v8cache');

function loadBundle() {
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch { /* first run after a build */ }
  const source = `(function (exports, require, module, __filename, __dirname, __rvjit_import_meta_url) {${readFileSync(bundle, 'utf8')}\n})`;
  const script = new vm.Script(source, { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, fileURLToPath(new URL('.', `file://${bundle}`)),
    new URL(`file://${bundle}`).href);
  // Made after the run, the cache also holds the functions compiled lazily while running.
  const refresh = () => {
    if (cachedData && !script.cachedDataRejected) return;
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch { /* a read-only installation: run without the cache */ }
  };
  return { main: module.exports.main, refresh };
}

const { main, refresh } = existsSync(bundle)
  ? loadBundle()
  : { ...(await import(new URL('../dist/src/cli/main.js', import.meta.url).href)), refresh: () => {} };
const code = await main(process.argv.slice(2));
refresh();
// Exit explicitly: worker threads running guest threads must not keep the process alive.
process.exit(code);
