// Shared by `npm run fuzz` and `npm run fuzz-syscalls`: build (when the compiled tool is missing
// or older than any source), then run the tool's compiled entry point with the same arguments.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds if needed and runs dist/<entry> with `args`; exits with its status. */
export function runTool(name, entry, args, extraBuild = []) {
  process.chdir(root);
  const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
  const sources = Math.max(newestSource('src'), newestSource('tools'), fs.statSync('tsconfig.json').mtimeMs);
  if (sources > built) {
    const r = spawnSync(process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
    // tsc still writes the JavaScript when there are type errors (others may be mid-edit in src/);
    // go on with what was emitted, but say so.
    if (r.status !== 0) {
      if (!fs.existsSync(entry)) process.exit(r.status ?? 1);
      console.error(`${name}: the build reported errors (above); running the emitted JavaScript anyway`);
    }
  }
  for (const step of extraBuild) {
    const r = spawnSync(process.execPath, step, { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const r = spawnSync(process.execPath, [entry, ...args], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
