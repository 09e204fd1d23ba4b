// A mutex in one Int32 word of shared memory, for the short critical sections that guest threads
// on different JS threads share (fd table, epoll lists, RCU log, translation store, kernel state).
// The word is 0 when free, 1 when held, 2 when held and someone may be asleep on it: unlocking a
// lock nobody waits for then costs no notify.

const SPINS = 100;
/** Sleeps are bounded so that a holder that died (a worker torn down) cannot hang a waiter for ever. */
const WAIT_MS = 2;

export function lockWord(i32: Int32Array, index: number): void {
  let c = Atomics.compareExchange(i32, index, 0, 1);
  for (let spins = 0; c !== 0 && spins < SPINS; spins++) c = Atomics.compareExchange(i32, index, 0, 1);
  if (c === 0) return;
  // Announce a sleeper, then sleep until the word is handed back; whoever frees it wakes one.
  if (c !== 2) c = Atomics.exchange(i32, index, 2);
  while (c !== 0) {
    Atomics.wait(i32, index, 2, WAIT_MS);
    c = Atomics.exchange(i32, index, 2);
  }
}

export function unlockWord(i32: Int32Array, index: number): void {
  if (Atomics.exchange(i32, index, 0) === 2) Atomics.notify(i32, index, 1);
}

/** Runs `f` holding the lock in word `index`. */
export function withWordLock<T>(i32: Int32Array, index: number, f: () => T): T {
  lockWord(i32, index);
  try {
    return f();
  } finally {
    unlockWord(i32, index);
  }
}
