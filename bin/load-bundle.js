// Loads the single-file CommonJS bundle (dist/bundle/cli.cjs) through vm.Script with the V8 code
// cache next to it, which skips parsing and compiling its JavaScript. Used by the command's main
// thread (bin/rvjit.js) and by its worker threads (bin/worker.js), which share the cache.
'use strict';
const { existsSync, readFileSync, writeFileSync, renameSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const bundle = path.join(__dirname, '../dist/bundle/cli.cjs');
const cacheFile = bundle.replace(/\.cjs$/, '.v8cache');

/** Whether there is a bundle (there is none in a plain `tsc` build). */
function haveBundle() {
  return existsSync(bundle);
}

/**
 * Runs the bundle; returns its exports, and `refresh`, which writes a new code cache when there
 * was none or V8 rejected it. Call it after the run: the cache then also holds the functions
 * compiled lazily while running.
 */
function loadBundle() {
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch { /* first run after a build */ }
  const source = `(function (exports, require, module, __filename, __dirname, __rvjit_import_meta_url) {${readFileSync(bundle, 'utf8')}\n})`;
  const script = new vm.Script(source, { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle), pathToFileURL(bundle).href);
  const refresh = () => {
    if (cachedData && !script.cachedDataRejected) return;
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch { /* a read-only installation: run without the cache */ }
  };
  return { exports: module.exports, refresh };
}

module.exports = { haveBundle, loadBundle };
