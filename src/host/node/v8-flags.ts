// Setting V8 flags without loading node:v8. Its setFlagsFromString is a thin wrapper over Node's
// internal v8 binding, but loading the module loads Node's streams with it: 3-5 ms of every
// rvjit start. process.binding still hands out that binding (deprecated, so its warning is
// silenced for the one call); a Node without it gets node:v8. bin/rvjit.js does the same.

import { createRequire } from 'node:module';

type SetFlags = (flags: string) => void;

let setter: SetFlags | null = null;

export function setV8Flag(flag: string): void {
  (setter ??= flagSetter())(flag);
}

function flagSetter(): SetFlags {
  const proc = process as unknown as { binding?: (name: string) => { setFlagsFromString?: SetFlags }; noDeprecation?: boolean };
  const quiet = proc.noDeprecation;
  try {
    proc.noDeprecation = true;
    const f = proc.binding?.('v8').setFlagsFromString;
    if (typeof f === 'function') return f;
  } catch {
    // No such binding any more: below.
  } finally {
    proc.noDeprecation = quiet;
  }
  return (createRequire(import.meta.url)('node:v8') as { setFlagsFromString: SetFlags }).setFlagsFromString;
}
