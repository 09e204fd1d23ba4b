// What a mutated PT_INTERP may name, and the files those names need. Relative names resolve
// against the working directory of the run, where prepareFixtures() put them; absolute ones are
// host paths (or, for the loader's own names, files of the riscv64 sysroot given with -L), so a
// (seed, case) pair names the same files on any machine.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Prng } from '../fuzz/prng.js';

/** Names the fixtures directory provides (see prepareFixtures). */
const RELATIVE = [
  'interp-text', 'interp-dir', 'interp-empty', 'interp-static', 'interp-script', 'interp-loop', 'interp-fifo',
  'interp-noperm', 'interp-missing', './interp-static', 'interp-dir/', 'lib/ld-linux-riscv64-lp64d.so.1',
];

const ABSOLUTE = [
  '/lib/ld-linux-riscv64-lp64d.so.1', // the real one (from the sysroot)
  '/lib/libc.so.6', // a shared library with an entry point, from the sysroot
  '/nonexistent/ld.so', '/etc/passwd', '/tmp', '/', '/dev/null', '/dev/zero', '/bin/ls', '/proc/self/exe',
];

/** A path for PT_INTERP and how its bytes end; returns the bytes and a description. */
export function interpPath(r: Prng): { bytes: Uint8Array; what: string } {
  const enc = (s: string) => new TextEncoder().encode(s);
  const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
  switch (r.below(6)) {
    case 0:
    case 1: {
      const name = r.pick([...RELATIVE, ...ABSOLUTE]);
      return { bytes: enc(`${name}\0`), what: JSON.stringify(name) };
    }
    case 2: {
      const name = r.pick(ABSOLUTE);
      return { bytes: enc(name), what: `${JSON.stringify(name)} without its NUL` };
    }
    case 3:
      return r.chance(0.5) ? { bytes: enc('\0'), what: 'empty' } : { bytes: enc('\0\0\0\0'), what: 'NULs only' };
    case 4: {
      // Long paths: past NAME_MAX (255) in one component, around PATH_MAX (4096) in all.
      const n = r.pick([255, 256, 1000, 4094, 4095, 4096, 4097, 5000]);
      if (r.chance(0.5)) return { bytes: enc(`/${'a'.repeat(n)}\0`), what: `one ${n}-byte component` };
      const prefix = '/.'.repeat(Math.ceil(n / 2));
      return { bytes: enc(`${prefix}/lib/ld-linux-riscv64-lp64d.so.1\0`), what: `the real ld.so behind ${n} bytes of "/."` };
    }
    default:
      return { bytes: cat(enc('/lib/ld-linux-riscv64-lp64d.so.1'), new Uint8Array([0]), r.bytes(r.range(1, 16))), what: 'real ld.so, NUL, garbage' };
  }
}

/** Creates the files RELATIVE names in `dir`; `staticSeed` is a static program (an ET_EXEC interpreter). */
export function prepareFixtures(dir: string, staticSeed: string): void {
  const put = (name: string, text: string, mode = 0o755) => {
    fs.writeFileSync(path.join(dir, name), text);
    fs.chmodSync(path.join(dir, name), mode);
  };
  put('interp-text', 'not an interpreter\n');
  put('interp-empty', '');
  put('interp-script', '#!/bin/sh\nexit 0\n');
  put('interp-noperm', 'unreadable\n', 0);
  fs.mkdirSync(path.join(dir, 'interp-dir'));
  fs.copyFileSync(staticSeed, path.join(dir, 'interp-static'));
  fs.symlinkSync('interp-loop', path.join(dir, 'interp-loop'));
  try {
    execFileSync('mkfifo', [path.join(dir, 'interp-fifo')], { stdio: 'ignore' });
  } catch {
    put('interp-fifo', ''); // no mkfifo: an empty file in its place
  }
}
