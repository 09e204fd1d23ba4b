// Signal syscalls. Until the signal layer lands (issue #6), dispositions are recorded and every
// signal takes its default action.

import { sys } from './registry.js';
import { Errno, EINVAL, ESRCH } from '../errno.js';
import { NSIG, SIGKILL, SIGSTOP, defaultAction } from '../signals.js';
import type { Thread } from '../thread.js';

const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
const UNBLOCKABLE = (1n << BigInt(SIGKILL - 1)) | (1n << BigInt(SIGSTOP - 1));

sys('rt_sigprocmask', 'i p p u', (t) => {
  const how = t.int(0), set = t.ulong(1), old = t.ulong(2), size = t.ulong(3);
  if (size !== 8) throw new Errno(EINVAL);
  if (old) t.proc.write(old, 8);
  let next = t.sigmask;
  if (set) {
    const v = t.proc.getU64(set);
    if (how === SIG_BLOCK) next = t.sigmask | v;
    else if (how === SIG_UNBLOCK) next = t.sigmask & ~v;
    else if (how === SIG_SETMASK) next = v;
    else throw new Errno(EINVAL);
  }
  if (old) t.proc.putU64(old, t.sigmask);
  t.sigmask = next & ~UNBLOCKABLE;
  return 0;
});

sys('rt_sigaction', 'sig p p u', (t) => {
  const sig = t.int(0), act = t.ulong(1), oldact = t.ulong(2), size = t.ulong(3);
  if (size !== 8 || sig < 1 || sig > NSIG) throw new Errno(EINVAL);
  if (act && (sig === SIGKILL || sig === SIGSTOP)) throw new Errno(EINVAL);
  const k = t.proc.kernel;
  if (oldact) t.proc.write(oldact, 32);
  const next = act ? t.proc.read(act, 32).slice() : null;
  if (oldact) {
    const cur = k.sigaction(sig);
    for (const [off, v] of [[0, cur.handler], [8, cur.flags], [16, cur.restorer], [24, cur.mask]] as const) t.proc.putU64(oldact + off, v);
  }
  if (next) {
    const dv = new DataView(next.buffer);
    k.setSigaction(sig, { handler: dv.getBigUint64(0, true), flags: dv.getBigUint64(8, true), restorer: dv.getBigUint64(16, true), mask: dv.getBigUint64(24, true) });
  }
  return 0;
});

function sendSignal(t: Thread, sig: number): number {
  if (sig < 0 || sig > NSIG) throw new Errno(EINVAL);
  if (sig === 0) return 0;
  t.proc.sendSignal(t, sig);
  return 0;
}

sys('kill', 'i sig', (t) => {
  const pid = t.int(0);
  if (pid !== t.proc.pid && pid !== 0 && pid !== -1 && pid !== -t.proc.pid) throw new Errno(ESRCH);
  return sendSignal(t, t.int(1));
});

sys('tgkill', 'i i sig', (t) => {
  if (t.int(0) !== t.proc.pid || t.proc.kernel.slotOfTid(t.int(1)) < 0) throw new Errno(ESRCH);
  return sendSignal(t, t.int(2));
});

sys('tkill', 'i sig', (t) => {
  if (t.proc.kernel.slotOfTid(t.int(0)) < 0) throw new Errno(ESRCH);
  return sendSignal(t, t.int(1));
});

export { defaultAction };
