#!/usr/bin/env node
// Builds the guest test programs in tests/guest/ (C, C++ and assembly) into build/guest/ with
// Debian's riscv64 cross toolchain. A source can carry build flags in a header line:
//   // rvjit-cflags: -O1 -march=rv64gc_zba_zbb_zbs
// Rebuilds only what is out of date. Usage: node scripts/build-guests.mjs [name...]
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const srcDir = path.join(root, 'tests', 'guest');
const outDir = path.join(root, 'build', 'guest');
const hostDir = path.join(root, 'build', 'host');
fs.mkdirSync(outDir, { recursive: true });

const only = process.argv.slice(2);
const sources = fs.readdirSync(srcDir).filter((f) => /\.(c|cc|S)$/.test(f)).sort();
let built = 0;
for (const file of sources) {
  const name = file.replace(/\.(c|cc|S)$/, '');
  if (only.length && !only.includes(name)) continue;
  const src = path.join(srcDir, file);
  const out = path.join(outDir, name);
  const outFile = /^lib.*\.c$/.test(file) ? out + '.so' : out;
  const text = fs.readFileSync(src, 'utf8');
  const flags = (/rvjit-cflags:(.*)/.exec(text)?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
  const deps = [src, path.join(srcDir, 'common.h')].filter((f) => fs.existsSync(f));
  if (fs.existsSync(outFile) && deps.every((d) => fs.statSync(d).mtimeMs <= fs.statSync(outFile).mtimeMs)) continue;
  const cc = file.endsWith('.cc') ? 'riscv64-linux-gnu-g++' : 'riscv64-linux-gnu-gcc';
  // lib*.c are shared libraries for the dynamic-linking tests; `rvjit-link: dynamic` programs
  // link against the sysroot's shared libc.
  const isLib = /^lib.*\.c$/.test(file);
  const dynamic = isLib || /rvjit-link:\s*dynamic/.test(text);
  const base = file.endsWith('.S') && /rvjit-nostdlib/.test(text) ? ['-nostdlib', '-static']
    : isLib ? ['-shared', '-fPIC', '-O2'] : dynamic ? ['-O2'] : ['-static', '-O2'];
  const target = isLib ? out + '.so' : out;
  const args = [...base, '-Wall', '-o', target, src, ...flags];
  if (!file.endsWith('.S') && !flags.some((f) => f.startsWith('-l'))) args.push('-lm');
  try {
    execFileSync(cc, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    // `rvjit-test: host` programs are also built for the host: their native run is the oracle
    // where qemu-riscv64 cannot run the case (riscv64 children without binfmt).
    if (/rvjit-test:\s*host/.test(text)) {
      fs.mkdirSync(hostDir, { recursive: true });
      execFileSync(file.endsWith('.cc') ? 'g++' : 'gcc', ['-O2', '-Wall', '-o', path.join(hostDir, name), src, ...flags.filter((f) => !f.startsWith('-march'))], { stdio: ['ignore', 'inherit', 'inherit'] });
    }
    built++;
  } catch {
    console.error(`build-guests: failed to build ${file}`);
    process.exitCode = 1;
  }
}
if (built) console.log(`build-guests: built ${built} program(s) into build/guest/`);
