#!/usr/bin/env node
// Entry point of the `rvjit` command. Start-up time counts (issue #4), so this file is CommonJS
// (bin/package.json says so): an ES-module entry costs Node's module loader about 10 ms more. It
// loads the single-file CommonJS bundle through vm.Script with a V8 code cache next to it, which
// skips parsing and compiling the ~450 KB of JavaScript on every run. Without the bundle (a plain
// `tsc` build) it imports the compiled modules instead.
'use strict';
const { existsSync, readFileSync, writeFileSync, renameSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

// rvjit sets these V8 flags when it starts (V8_FLAGS in src/host/node/index.ts says why). V8
// rejects a code cache made under different flags, so set them before compiling anything the
// cache covers. Through the binding rather than node:v8, which loads Node's streams (3-5 ms):
// src/host/node/v8-flags.ts.
function flagSetter() {
  const quiet = process.noDeprecation;
  try {
    process.noDeprecation = true;
    const f = process.binding && process.binding('v8').setFlagsFromString;
    if (typeof f === 'function') return f;
  } catch { /* below */ } finally {
    process.noDeprecation = quiet;
  }
  return require('node:v8').setFlagsFromString;
}
const setFlagsFromString = flagSetter();
setFlagsFromString('--experimental-wasm-relaxed-simd');
setFlagsFromString('--wasm-tiering-budget=18000000');
setFlagsFromString('--experimental-wasm-branch-hinting');

const bundle = path.join(__dirname, '../dist/bundle/cli.cjs');
const cacheFile = bundle.replace(/\.cjs$/, '.v8cache');

function loadBundle() {
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch { /* first run after a build */ }
  const source = `(function (exports, require, module, __filename, __dirname, __rvjit_import_meta_url) {${readFileSync(bundle, 'utf8')}\n})`;
  const script = new vm.Script(source, { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle), pathToFileURL(bundle).href);
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

async function start() {
  const { main, refresh } = existsSync(bundle)
    ? loadBundle()
    : { ...(await import(pathToFileURL(path.join(__dirname, '../dist/src/cli/main.js')).href)), refresh: () => {} };
  const code = await main(process.argv.slice(2));
  refresh();
  // Exit explicitly: worker threads running guest threads must not keep the process alive.
  process.exit(code);
}

start().catch((e) => {
  // main() reports guest and user errors itself; this is only for a failure to load rvjit.
  process.stderr.write(`rvjit: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(70);
});
