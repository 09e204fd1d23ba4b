// Random bytes for the guest (AT_RANDOM, getrandom) and for rvjit's own temporary names. They
// come from the kernel's generator through /dev/urandom: every run needs some (AT_RANDOM), and
// node:crypto costs about 10 ms of start-up to load. node:crypto is the fallback where
// /dev/urandom cannot be read.

import fs from 'node:fs';
import { crypto } from './lazy-modules.js';

export function fillRandom(buf: Uint8Array): void {
  let fd = -1;
  try {
    fd = fs.openSync('/dev/urandom', 'r');
    for (let done = 0; done < buf.length; ) {
      const n = fs.readSync(fd, buf, done, buf.length - done, null);
      if (n <= 0) throw new Error('short read');
      done += n;
    }
  } catch {
    crypto().randomFillSync(buf);
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

/** `bytes` random bytes as hex, for unique file names. */
export function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  fillRandom(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}
