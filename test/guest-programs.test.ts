// Every guest program in tests/guest/ with an `rvjit-test:` header runs here: under rvjit and
// qemu-riscv64 with the same arguments, stdin and a fresh working directory, comparing stdout
// and exit status ('qemu' mode), or against the expectations in its header ('expect' mode).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { GUEST_SRC, guest, readHeader, runNative, runQemu, runRvjit, tempDir } from './support/guest.js';

const only = process.env.RVJIT_GUEST_FILTER;

// Every program runs with the default tiers (interpret, then translate hot code). The ISA, fault
// and self-modifying-code programs also run entirely in each tier, so that both the JIT and the
// interpreter are held to qemu-riscv64 on every instruction and fault they exercise.
const TIER_OPTIONS: Record<string, string[]> = { mixed: [], jit: ['--jit-threshold=0'], interp: ['--jit-threshold=1000000000'] };
const tiersFor = (name: string) => (/^(isa|fault|smc|sig_segv)/.test(name) ? ['mixed', 'jit', 'interp'] : ['mixed']);

for (const file of fs.readdirSync(GUEST_SRC).sort()) {
  if (!/\.(c|cc|S)$/.test(file)) continue;
  const name = file.replace(/\.(c|cc|S)$/, '');
  if (only && !name.includes(only)) continue;
  const header = readHeader(path.join(GUEST_SRC, file));
  if (!header) continue;
  test(`guest program ${name}`, () => {
    const program = guest(name);
    assert.ok(fs.existsSync(program), `${program} is not built (npm test builds it)`);
    for (const tier of tiersFor(name))
    for (let run = 0; run < header.runs; run++) {
      const cwd = tempDir();
      const cwdQ = tempDir();
      try {
        const spec = { args: header.args, stdin: header.stdin, sysroot: header.sysroot };
        const got = runRvjit(program, { ...spec, cwd, rvjitOptions: TIER_OPTIONS[tier] });
        // Whatever the guest does, Node itself must stay quiet (a warning once leaked from fork).
        assert.doesNotMatch(got.stderr, /\(node:\d+\)|Warning:/, `Node printed on stderr (tier ${tier})`);
        if (header.mode === 'host') {
          const want = runNative(name, { ...spec, cwd: cwdQ });
          assert.equal(got.stdout, want.stdout, `stdout differs from the host build (run ${run}, tier ${tier}); rvjit stderr: ${got.stderr}`);
          assert.equal(got.status, want.status, `exit status differs from the host build; rvjit stderr: ${got.stderr}`);
        }
        if (header.mode === 'qemu') {
          const want = runQemu(program, { ...spec, cwd: cwdQ });
          assert.equal(got.stdout, want.stdout, `stdout differs from qemu-riscv64 (run ${run}, tier ${tier}); rvjit stderr: ${got.stderr}`);
          assert.equal(got.status, want.status, `exit status differs from qemu-riscv64 (tier ${tier}); rvjit stderr: ${got.stderr}`);
          if (header.compareStderr) assert.equal(got.stderr, want.stderr);
        }
        if (header.expectStatus !== null) assert.equal(got.status, header.expectStatus, `stderr: ${got.stderr}`);
        if (header.expectStdout !== null) assert.equal(got.stdout, header.expectStdout);
        if (header.expectStderr) assert.match(got.stderr, header.expectStderr);
      } finally {
        fs.rmSync(cwd, { recursive: true, force: true });
        fs.rmSync(cwdQ, { recursive: true, force: true });
      }
    }
  });
}
