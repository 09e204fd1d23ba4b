// The syscall fuzzer (tools/fuzz-syscalls): a fixed-seed campaign of random system calls under
// rvjit that must end every run the way Linux would (the guest's own exit status, no internal
// error, no JavaScript stack trace, no hang, no crash, no process left behind) and must stay
// inside its confinement (confine.ts). The generator's confinement checker itself is tested too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCampaign } from '../tools/fuzz-syscalls/campaign.js';
import { describeBug } from '../tools/fuzz-syscalls/main.js';
import { confinementProblems } from '../tools/fuzz-syscalls/confine.js';
import { childLogTails, GUEST } from '../tools/fuzz-syscalls/run.js';

test('the confinement checker catches signals and paths that leave the process tree', () => {
  const bad = [
    '1 kill(123, 9) = 0', '2 kill(-1, 0) = 0', '3 tgkill(self, 5, 1) = -3', '4 rt_sigqueueinfo(1, 10, &{code=-1}) = 0',
    '5 unlinkat(AT_FDCWD, "/etc", 0x0) = -2', '6 fchmodat(cwdfd, "../x", 0x1ff) = -2', '7 tkill(300, 10) = -3',
  ];
  assert.equal(confinementProblems(bad).length, bad.length);
  const good = [
    '1 kill(self, 9) = 0', '2 kill(child0, 15) = 0', '3 kill(0, 1) = 0', '4 kill(-self, 1) = 0', '5 kill(2147483632, 1) = -3',
    '6 kill(-2147483648, 10) = -3', '7 tgkill(self, self, 40) = 0', '8 newfstatat(AT_FDCWD, "/proc/self/maps", &ok, 0x0) = 0',
    '9 unlinkat(AT_FDCWD, "d1/f3", 0x0) = 0', '10 openat(AT_FDCWD, "d1/..", 0x0, 0x0) = 3',
  ];
  assert.deepEqual(confinementProblems(good), []);
});

test('a hang report names the call each forked child was in', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rvjit-fz-test-'));
  try {
    fs.writeFileSync(path.join(dir, 'child-0.log'), '0 getpid() = ok\n1 close(3) = 0\n');
    fs.writeFileSync(path.join(dir, 'child-1.log'), '0 getpid() = ok\n1 readv(2, &[&ok:8], 1)');
    fs.writeFileSync(path.join(dir, 'f0'), 'not a log');
    assert.deepEqual(childLogTails(dir), ['child-0.log: 1 close(3) = 0', 'child-1.log: 1 readv(2, &[&ok:8], 1) (unfinished)']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--run-seed: every run uses the given guest seed', { timeout: 120_000 }, async (t) => {
  if (!fs.existsSync(GUEST)) {
    t.skip(`${GUEST} is not built (node scripts/build-guests.mjs)`);
    return;
  }
  const seeds: string[] = [];
  const result = await runCampaign({
    seed: 1, first: 0, runs: 2, calls: 20, jobs: 1, qemu: false, exclude: ['fifo'], timeoutMs: 60_000, outDir: null,
    runSeed: '0x3b32fcb6dbf67ab6', onRun: (r) => seeds.push(r.spec.seed),
  });
  assert.deepEqual(seeds, ['0x3b32fcb6dbf67ab6', '0x3b32fcb6dbf67ab6']);
  assert.equal(result.bugs.length, 0, result.bugs.flatMap(describeBug).join('\n'));
});

// 16 runs x 500 calls (8,000 calls, up to 48 forked children), 2 at a time: see docs/fuzzing.md
// for how long it takes.
test('fixed-seed syscall fuzzing: every run ends as Linux would, nothing escapes', { timeout: 600_000 }, async (t) => {
  if (!fs.existsSync(GUEST)) {
    t.skip(`${GUEST} is not built (node scripts/build-guests.mjs)`);
    return;
  }
  const result = await runCampaign({
    seed: 20261128, first: 0, runs: 16, calls: 500, jobs: 2, qemu: false, exclude: ['fifo'], timeoutMs: 60_000,
    outDir: null,
  });
  const report = result.bugs.flatMap(describeBug).join('\n');
  assert.equal(result.runs, 16);
  assert.equal(result.bugs.length, 0, `rvjit failed ${result.bugs.length} run(s):\n${report}`);
  // the runs did get through their calls (a guest that stops early is a failure above anyway)
  assert.equal(result.calls, 16 * 500);
});
