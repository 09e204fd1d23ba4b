// Shared by the `npm run fuzz*` launchers: rebuild (tsc, and the bundle bin/rvjit.js loads when
// asked) when `entry` is missing or older than any TypeScript source, then run it with the
// launcher's arguments and exit with its status.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** `extraBuild`: further build steps (node script arguments), run every time before the tool. */
export function buildAndRun(entry, { name, bundle = false, extraBuild = [] }) {
  process.chdir(root);
  const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
  const bundled = path.join('dist', 'bundle', 'cli.cjs');
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
  // The command under test is bin/rvjit.js, which prefers the bundle: it must be as new as src/.
  if (bundle && (!fs.existsSync(bundled) || newestSource('src') > fs.statSync(bundled).mtimeMs)) {
    const r = spawnSync(process.execPath, [path.join('scripts', 'bundle.mjs')], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  for (const step of extraBuild) {
    const r = spawnSync(process.execPath, step, { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const r = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
