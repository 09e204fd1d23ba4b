#!/usr/bin/env node
// Model-checks the code-invalidation protocol (src/tcache/rcu.pml) with spin: safety (no vCPU
// runs stale code after an invalidating syscall returns) and liveness (grace periods end), for
// both strategies; then checks that a known-wrong variant is caught, so the model has teeth.
// Usage: node scripts/check-model.mjs   (needs Debian's spin and a C compiler)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const model = fs.readFileSync(path.join(root, 'src', 'tcache', 'rcu.pml'), 'utf8');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rvjit-spin-'));

function check(name, source, defines, liveness) {
  fs.writeFileSync(path.join(dir, 'm.pml'), source);
  execFileSync('spin', [...defines.map((d) => `-D${d}`), '-a', 'm.pml'], { cwd: dir, stdio: 'pipe' });
  // Safety runs without the never claim (plain reachability with assertions); liveness with it.
  execFileSync('gcc', ['-O2', '-DNFAIR=3', ...(liveness ? [] : ['-DNOCLAIM']), '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'pipe' });
  const args = liveness ? ['-a', '-f'] : [];
  const out = execFileSync('./pan', args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  const errors = Number(/errors: (\d+)/.exec(out)?.[1] ?? -1);
  const states = /(\d+) states, stored/.exec(out)?.[1] ?? '?';
  return { name, errors, states, out };
}

const results = [];
for (const [label, ex] of [['rcu', 0], ['exclusive', 1]]) {
  results.push(check(`${label}: safety`, model, [`EXCLUSIVE=${ex}`], false));
  results.push(check(`${label}: grace periods end`, model, [`EXCLUSIVE=${ex}`], true));
}
// Reading the epoch before announcing "in code" lets a writer miss a vCPU: must be caught.
const mutant = model.replace('#else\n  in_code[me] = 1;\n#endif\n  now = epoch;', '#else\n  now = epoch;\n  in_code[me] = 1;\n#endif');
if (mutant === model) throw new Error('mutant pattern not found: keep scripts/check-model.mjs in step with rcu.pml');
const m = check('mutant (epoch read before in_code) is caught', mutant, ['EXCLUSIVE=0'], false);
m.errors = m.errors > 0 ? 0 : 1;
results.push(m);

let failed = 0;
for (const r of results) {
  console.log(`${r.errors === 0 ? 'ok  ' : 'FAIL'} ${r.name} (${r.states} states)`);
  if (r.errors !== 0) failed++;
}
fs.rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
