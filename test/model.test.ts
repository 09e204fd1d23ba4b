// The Promela model of code invalidation (src/tcache/rcu.pml) checked with spin: safety and
// liveness for both strategies, and a deliberately broken variant that must be caught.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './support/guest.js';

test('spin verifies the RCU and exclusive invalidation protocols', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'check-model.mjs')], { encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /ok {3}rcu: safety/);
  assert.match(r.stdout, /ok {3}exclusive: grace periods end/);
  assert.match(r.stdout, /ok {3}mutant .* is caught/);
});
