#!/usr/bin/env node
// `npm run fuzz -- ...`: build (when the compiled fuzzer is missing or older than any source),
// then run dist/tools/fuzz/main.js with the same arguments.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const entry = path.join('dist', 'tools', 'fuzz', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
const sources = Math.max(newestSource('src'), newestSource('tools'), fs.statSync('tsconfig.json').mtimeMs);
if (sources > built) {
  const r = spawnSync(process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
  // tsc still writes the JavaScript when there are type errors (others may be mid-edit in src/);
  // go on with what was emitted, but say so.
  if (r.status !== 0) {
    if (!fs.existsSync(entry)) process.exit(r.status ?? 1);
    console.error('fuzz: the build reported errors (above); running the emitted JavaScript anyway');
  }
}
const r = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
