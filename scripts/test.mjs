#!/usr/bin/env node
// `npm test`: make sure the tools the tests need are present (installing Debian packages when
// missing and we are allowed to), build, build the guest programs, run every test.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

const NEEDED = [
  ['riscv64-linux-gnu-gcc', 'gcc-riscv64-linux-gnu'],
  ['riscv64-linux-gnu-g++', 'g++-riscv64-linux-gnu'],
  ['qemu-riscv64', 'qemu-user'],
  ['go', 'golang-go'],
  ['spin', 'spin'],
  // The host compiler: 'host' guest tests and the bench's native builds compile the same C for x86-64.
  ['gcc', 'gcc'],
];

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const missing = NEEDED.filter(([cmd]) => !have(cmd)).map(([, pkg]) => pkg);
if (missing.length) {
  const root = process.getuid?.() === 0;
  const sudo = !root && have('sudo') ? ['sudo', '-n'] : [];
  if (!root && !sudo.length) {
    console.error(`npm test: missing Debian packages: ${missing.join(' ')} (install them with apt-get)`);
    process.exit(1);
  }
  console.log(`npm test: installing missing Debian packages: ${missing.join(' ')}`);
  const apt = (...args) => execFileSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], {
    stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  apt('update', '-qq');
  apt('install', '-y', '-qq', '--no-install-recommends', ...missing);
}

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
run(process.execPath, ['scripts/bundle.mjs']);
run(process.execPath, ['scripts/build-guests.mjs']);
const filter = process.argv.slice(2);
const tests = fs.readdirSync('dist/test').filter((f) => f.endsWith('.test.js')).map((f) => path.join('dist/test', f));
run(process.execPath, ['--test', '--test-concurrency=2', ...(filter.length ? filter : tests)]);
