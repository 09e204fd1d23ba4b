// Signal syscalls: dispositions, masks, pending sets, waiting for signals, the alternate stack,
// sending (kill, tgkill, tkill, rt_sigqueueinfo, rt_tgsigqueueinfo) and rt_sigreturn.

import { sys, NO_RETURN } from './registry.js';
import { Errno, EAGAIN, EINVAL, EPERM, ESRCH, ENOMEM, EINTR, ERESTARTNOHAND } from '../errno.js';
import { NSIG, SIGKILL, SIGSTOP } from '../signals.js';
import { PROCESS_QUEUE } from '../shared.js';
import {
  Signals, SendKind, sigbit, userSiginfo, SI_USER, SI_TKILL, SS_ONSTACK, SS_DISABLE, SS_AUTODISARM, MINSIGSTKSZ,
} from '../signal-delivery.js';
import { getTimespec } from './time.js';
import type { Thread } from '../thread.js';
import { elapsedMs } from '../../host/elapsed.js';

const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
const UNBLOCKABLE = sigbit(SIGKILL) | sigbit(SIGSTOP);
const SIGSET_BYTES = 8;

function checkSigsetSize(size: number): void {
  if (size !== SIGSET_BYTES) throw new Errno(EINVAL);
}

function checkSignal(sig: number): void {
  if (sig < 1 || sig > NSIG) throw new Errno(EINVAL);
}

sys('rt_sigprocmask', 'i p p u', (t) => {
  const how = t.int(0), set = t.ulong(1), old = t.ulong(2);
  checkSigsetSize(t.ulong(3));
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

const SIGACTION_BYTES = 24; // riscv64: handler, flags, mask (no sa_restorer field)

sys('rt_sigaction', 'sig p p u', (t) => {
  const sig = t.int(0), act = t.ulong(1), oldact = t.ulong(2);
  checkSigsetSize(t.ulong(3));
  checkSignal(sig);
  if (act && (sig === SIGKILL || sig === SIGSTOP)) throw new Errno(EINVAL);
  const proc = t.proc;
  const k = proc.kernel;
  const next = act ? { handler: proc.getU64(act), flags: proc.getU64(act + 8), mask: proc.getU64(act + 16) } : null;
  if (oldact) {
    proc.write(oldact, SIGACTION_BYTES);
    const cur = k.sigaction(sig);
    proc.putU64(oldact, cur.handler);
    proc.putU64(oldact + 8, cur.flags);
    proc.putU64(oldact + 16, cur.mask);
  }
  if (next) {
    next.mask &= ~UNBLOCKABLE;
    k.setSigaction(sig, next);
    if (Signals.ignores(sig, next.handler)) proc.signals.flushIgnored(sig);
    proc.dispositionChanged(sig, next.handler);
  }
  return 0;
});

sys('rt_sigpending', 'p u', (t) => {
  checkSigsetSize(t.ulong(1));
  t.proc.putU64(t.ulong(0), t.proc.signals.pending(t));
  return 0;
});

/**
 * rt_sigsuspend: waits with a temporary mask until a signal is delivered. The original mask comes
 * back when the handler returns (the frame saves it), so it is restored here only for delivery.
 */
sys('rt_sigsuspend', 'p u', (t) => {
  checkSigsetSize(t.ulong(1));
  const tmp = t.proc.getU64(t.ulong(0)) & ~UNBLOCKABLE;
  const saved = t.sigmask;
  t.sigmask = tmp;
  t.proc.waitUntil(t, null, () => false);
  // The frame for the handler must record the original mask: deliver now, with the temporary
  // mask in force, then put the original back into the frame's saved mask.
  t.suspendMask = saved;
  throw new Errno(ERESTARTNOHAND);
});

/** rt_sigtimedwait: takes a pending signal from `set` without running its handler. */
sys('rt_sigtimedwait', 'p p p u', (t) => {
  checkSigsetSize(t.ulong(3));
  const proc = t.proc;
  const set = proc.getU64(t.ulong(0)) & ~UNBLOCKABLE;
  const infoAddr = t.ulong(1), timeout = t.ulong(2);
  let deadline: number | null = null;
  if (timeout) deadline = elapsedMs() + Number(getTimespec(t, timeout)) / 1e6;
  for (;;) {
    const info = proc.signals.take(t, set);
    if (info) {
      if (infoAddr) proc.write(infoAddr, 128).set(info);
      return new DataView(info.buffer).getInt32(0, true);
    }
    if (deadline !== null && elapsedMs() >= deadline) throw new Errno(EAGAIN);
    // As Linux does (real_blocked), the waited set is unblocked while the thread sleeps, so a
    // process-directed signal in it picks this thread and wakes it. The mask comes back before
    // anything can be delivered; a signal of `set` that arrived is then taken, not handled.
    const saved = t.sigmask;
    t.sigmask = saved & ~set;
    let woke;
    try {
      woke = proc.waitUntil(t, deadline, () => (proc.signals.pendingAny(t) & set) !== 0n);
    } finally {
      t.sigmask = saved;
    }
    if (woke === 'interrupted' && (proc.signals.pendingAny(t) & set) === 0n) throw new Errno(EINTR);
  }
});

sys('sigaltstack', 'p p', (t) => {
  const ss = t.ulong(0), old = t.ulong(1);
  const sig = t.proc.signals;
  const sp = t.cpu.xu(2);
  const cur = sig.altstack(t);
  const onStack = sig.onAltStack(t, sp);
  let next: { sp: number; size: number; flags: number } | null = null;
  if (ss) {
    const nsp = Number(t.proc.getU64(ss)), flags = t.proc.dv.getInt32(ss + 8, true), size = Number(t.proc.getU64(ss + 16));
    if (onStack) throw new Errno(EPERM);
    const mode = flags & ~SS_AUTODISARM;
    if (mode !== 0 && mode !== SS_DISABLE && mode !== SS_ONSTACK) throw new Errno(EINVAL);
    if (mode === SS_DISABLE) next = { sp: 0, size: 0, flags: SS_DISABLE };
    else {
      if (size < MINSIGSTKSZ) throw new Errno(ENOMEM);
      next = { sp: nsp, size, flags: flags & SS_AUTODISARM };
    }
  }
  if (old) {
    t.proc.write(old, 24).fill(0);
    t.proc.putU64(old, cur.sp);
    t.proc.dv.setInt32(old + 8, cur.size === 0 ? SS_DISABLE : onStack ? SS_ONSTACK : cur.flags, true);
    t.proc.putU64(old + 16, cur.size);
  }
  if (next) sig.setAltstack(t, next.sp, next.size, next.flags);
  return 0;
});

sys('rt_sigreturn', '', (t) => {
  t.proc.signals.sigreturn(t);
  return NO_RETURN;
});

// ---- sending ----

function senderInfo(t: Thread, sig: number, code: number): Uint8Array {
  return userSiginfo(sig, code, t.proc.pid, t.proc.host.info().uid);
}

sys('kill', 'i sig', (t) => {
  const pid = t.int(0), sig = t.int(1);
  if (sig < 0 || sig > NSIG) throw new Errno(EINVAL);
  // -pid is our own process group: this process and its children, as kill(0, sig)
  if (pid !== t.proc.pid) return t.proc.killOther(t, pid === -t.proc.pid ? 0 : pid, sig);
  if (sig !== 0) t.proc.signals.send(PROCESS_QUEUE, senderInfo(t, sig, SI_USER));
  return 0;
});

function threadSignal(t: Thread, tid: number, sig: number, info: Uint8Array): number {
  if (sig < 0 || sig > NSIG) throw new Errno(EINVAL);
  if (tid <= 0) throw new Errno(EINVAL);
  const slot = t.proc.kernel.slotOfTid(tid);
  if (slot < 0) throw new Errno(ESRCH);
  if (sig !== 0) t.proc.signals.send(slot, info, SendKind.Queue);
  return 0;
}

sys('tgkill', 'i i sig', (t) => {
  if (t.int(0) <= 0) throw new Errno(EINVAL);
  if (t.int(0) !== t.proc.pid) throw new Errno(ESRCH);
  return threadSignal(t, t.int(1), t.int(2), senderInfo(t, t.int(2), SI_TKILL));
});

sys('tkill', 'i sig', (t) => threadSignal(t, t.int(0), t.int(1), senderInfo(t, t.int(1), SI_TKILL)));

/** The caller's siginfo for rt_(tg)sigqueueinfo; Linux refuses to let it pose as the kernel. */
function queuedInfo(t: Thread, sig: number, addr: number): Uint8Array {
  const info = t.proc.read(addr, 128).slice();
  const dv = new DataView(info.buffer);
  const code = dv.getInt32(8, true);
  if (code >= 0 || code === SI_TKILL) throw new Errno(EPERM);
  dv.setInt32(0, sig, true);
  return info;
}

sys('rt_sigqueueinfo', 'i sig p', (t) => {
  const pid = t.int(0), sig = t.int(1);
  checkSignal(sig);
  const info = queuedInfo(t, sig, t.ulong(2));
  if (pid !== t.proc.pid) throw new Errno(ESRCH);
  t.proc.signals.send(PROCESS_QUEUE, info, SendKind.Queue);
  return 0;
});

sys('rt_tgsigqueueinfo', 'i i sig p', (t) => {
  const sig = t.int(2);
  checkSignal(sig);
  if (t.int(0) !== t.proc.pid) throw new Errno(ESRCH);
  return threadSignal(t, t.int(1), sig, queuedInfo(t, sig, t.ulong(3)));
});
