// Go programs of our own (tests/go/), cross-built with Debian's golang-go (GOARCH=riscv64,
// CGO_ENABLED=0) into build/go/, run under rvjit and qemu-riscv64 with the same arguments and
// environment: stdout and exit status must agree. rtcheck exercises the runtime (goroutines on
// several OS threads, GC, timers, channels, the netpoller, SIGURG preemption, os/signal, faults
// turned into panics, file I/O); it prints one deterministic line per check.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, guest, runQemu, runRvjit, tempDir } from './support/guest.js';
import { parseElf } from '../src/linux/elf.js';

const SRC = path.join(ROOT, 'tests', 'go');
const OUT = path.join(ROOT, 'build', 'go');

function newest(dir: string): number {
  return Math.max(...fs.readdirSync(dir).map((f) => fs.statSync(path.join(dir, f)).mtimeMs));
}

before(() => {
  fs.mkdirSync(OUT, { recursive: true });
  for (const name of ['hello', 'rtcheck']) {
    const out = path.join(OUT, name);
    if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= newest(path.join(SRC, name))) continue;
    execFileSync('go', ['build', '-o', out, `./${name}`], {
      cwd: SRC, stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, GOARCH: 'riscv64', CGO_ENABLED: '0', GOFLAGS: '-mod=mod', GOCACHE: process.env.GOCACHE ?? path.join(ROOT, 'build', 'gocache') },
    });
  }
});

const CASES: { name: string; args: string[]; env: Record<string, string> }[] = [
  { name: 'hello', args: [], env: {} },
  { name: 'rtcheck', args: ['alpha', 'beta gamma'], env: { RVJIT_GO_TEST: 'hello-env' } },
];

for (const c of CASES) {
  test(`Go program ${c.name} agrees with qemu-riscv64`, () => {
    const program = path.join(OUT, c.name);
    const cwd = tempDir(), cwdQ = tempDir();
    try {
      const got = runRvjit(program, { args: c.args, env: c.env, cwd, timeoutMs: 180_000 });
      const want = runQemu(program, { args: c.args, env: c.env, cwd: cwdQ, timeoutMs: 180_000 });
      assert.equal(want.status, 0, `qemu-riscv64 itself failed: ${want.stdout}${want.stderr}`);
      assert.equal(got.stdout, want.stdout, `rvjit stderr: ${got.stderr}`);
      assert.equal(got.status, want.status, `rvjit stderr: ${got.stderr}`);
      assert.doesNotMatch(got.stdout, /FAIL/);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
      fs.rmSync(cwdQ, { recursive: true, force: true });
    }
  });
}

test('a Go program is known by its build ID note, and --stats counts all its threads', () => {
  // The note makes rvjit start the program's main thread on a worker (LinuxProcess.runSupervised):
  // Go's runtime installs its signal handlers at once, which would move it there anyway.
  assert.equal(parseElf(fs.readFileSync(path.join(OUT, 'hello'))).goBuildId, true);
  assert.equal(parseElf(fs.readFileSync(guest('hello'))).goBuildId, false);
  const r = runRvjit(path.join(OUT, 'hello'), { rvjitOptions: ['--stats'] });
  assert.equal(r.status, 0, r.stderr);
  const threads = /(\d+) guest threads ran/.exec(r.stderr);
  assert.ok(threads && Number(threads[1]) >= 2, `Go's runtime starts threads of its own:\n${r.stderr}`);
  const regions = /regions: (\d+) built/.exec(r.stderr);
  assert.ok(regions && Number(regions[1]) > 0, `its main thread's translations are counted:\n${r.stderr}`);
});
