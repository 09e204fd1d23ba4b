#!/usr/bin/env node
// Entry point of the `rvjit` command. Start-up time counts (issue #4), so this file is CommonJS
// (bin/package.json says so): an ES-module entry costs Node's module loader about 10 ms more. It
// runs the single-file CommonJS bundle through its V8 code cache (bin/load-bundle.js). Without
// the bundle (a plain `tsc` build) it imports the compiled modules instead.
'use strict';
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { haveBundle, loadBundle } = require('./load-bundle.js');

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

async function start() {
  let main;
  let refresh = () => {};
  if (haveBundle()) ({ exports: { main }, refresh } = loadBundle());
  else ({ main } = await import(pathToFileURL(path.join(__dirname, '../dist/src/cli/main.js')).href));
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
