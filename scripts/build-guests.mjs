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
fs.mkdirSync(outDir, { recursive: true });

const only = process.argv.slice(2);
const sources = fs.readdirSync(srcDir).filter((f) => /\.(c|cc|S)$/.test(f)).sort();
let built = 0;
for (const file of sources) {
  const name = file.replace(/\.(c|cc|S)$/, '');
  if (only.length && !only.includes(name)) continue;
  const src = path.join(srcDir, file);
  const out = path.join(outDir, name);
  const text = fs.readFileSync(src, 'utf8');
  const flags = (/rvjit-cflags:(.*)/.exec(text)?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
  const deps = [src, path.join(srcDir, 'common.h')].filter((f) => fs.existsSync(f));
  if (fs.existsSync(out) && deps.every((d) => fs.statSync(d).mtimeMs <= fs.statSync(out).mtimeMs)) continue;
  const cc = file.endsWith('.cc') ? 'riscv64-linux-gnu-g++' : 'riscv64-linux-gnu-gcc';
  const base = file.endsWith('.S') && /rvjit-nostdlib/.test(text) ? ['-nostdlib', '-static'] : ['-static', '-O2'];
  const args = [...base, '-Wall', '-o', out, src, ...flags];
  if (!file.endsWith('.S') && !flags.some((f) => f.startsWith('-l'))) args.push('-lm');
  try {
    execFileSync(cc, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    built++;
  } catch {
    console.error(`build-guests: failed to build ${file}`);
    process.exitCode = 1;
  }
}
if (built) console.log(`build-guests: built ${built} program(s) into build/guest/`);
