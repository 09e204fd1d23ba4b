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
// Known-wrong variants must be caught (safety violated), so the model has teeth.
function mutate(source, from, to) {
  const out = source.replace(from, to);
  if (out === source) throw new Error('mutant pattern not found: keep scripts/check-model.mjs in step with rcu.pml');
  return out;
}
const KICK = '     do :: r < NR -> exit_request[r] = 1; r++ :: else -> break od;\n';
const RCU_KICK = `     epoch++;\n     r = 0;\n${KICK}`;
const RCU_WAIT_END = '     :: else -> break\n     od;\n#endif';
const mutants = [
  // Reading the epoch before announcing "in code" lets a writer miss a vCPU. On its own this is
  // covered twice over: the writer raises every exit request before it looks at in_code, and the
  // dispatcher polls before it calls the first region (docs/rcu.md). With the exit requests raised
  // only after the wait, the order is all that is left, and breaking it must be caught.
  ['epoch read before in_code, vCPUs kicked after the wait', (src) =>
    mutate(
      mutate(mutate(src, '#else\n  in_code[me] = 1;\n#endif\n  now = epoch;', '#else\n  now = epoch;\n  in_code[me] = 1;\n#endif'), RCU_KICK, '     epoch++;\n'),
      RCU_WAIT_END, `     :: else -> break\n     od;\n     r = 0;\n${KICK}#endif`,
    )],
  // A writer that returns without waiting for the grace period.
  ['no grace period', (src) => mutate(src, '        :: in_code[r] == 0 || reader_epoch[r] >= epoch -> r++', '        :: true -> r++')],
];
for (const [name, make] of mutants) {
  const m = check(`mutant (${name}) is caught`, make(model), ['EXCLUSIVE=0'], false);
  m.errors = m.errors > 0 ? 0 : 1;
  results.push(m);
}

let failed = 0;
for (const r of results) {
  console.log(`${r.errors === 0 ? 'ok  ' : 'FAIL'} ${r.name} (${r.states} states)`);
  if (r.errors !== 0) failed++;
}
fs.rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
