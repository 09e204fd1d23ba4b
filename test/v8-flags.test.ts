// rvjit sets V8's wasm flags through Node's v8 binding rather than node:v8, which loads Node's
// streams at every start (src/host/node/v8-flags.ts). Checked in a fresh Node: the flag takes
// effect, and node:v8 is never loaded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

test('V8 flags are set without loading node:v8', () => {
  const module = path.join(here, '../src/host/node/v8-flags.js');
  // A module using relaxed SIMD (f64x2.relaxed_madd) validates only with the flag set.
  const script = `
    const { setV8Flag } = await import(${JSON.stringify(module)});
    const bytes = new Uint8Array([0,97,115,109,1,0,0,0, 1,7,1,96,2,124,124,1,124, 3,2,1,0, 7,5,1,1,102,0,0,
      10,22,1,20,0, 32,0,253,20, 32,1,253,20, 32,1,253,20, 253,135,2, 253,33,0, 11]);
    const before = WebAssembly.validate(bytes);
    setV8Flag('--experimental-wasm-relaxed-simd');
    const after = WebAssembly.validate(bytes);
    const v8Loaded = process.moduleLoadList.includes('NativeModule v8');
    console.log(JSON.stringify({ before, after, v8Loaded }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'no deprecation warning');
  assert.deepEqual(JSON.parse(r.stdout), { before: false, after: true, v8Loaded: false });
});
