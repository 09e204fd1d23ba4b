// Sending and delivering signals the way the riscv64 Linux kernel does: per-thread and
// process-wide queues of siginfo, dispositions shared by all threads, signal frames laid out as
// arch/riscv/kernel/signal.c lays them out (struct rt_sigframe: siginfo, then a ucontext whose
// mcontext holds pc, x1-x31, f0-f31 and fcsr), a return through the vDSO-like sigreturn
// trampoline, and restarts of interrupted system calls.

import { Lock, PROCESS_QUEUE, SIGINFO_BYTES, ThreadField, USER_RT_ENTRIES, type SigactionRecord } from './shared.js';
import { SIGKILL, SIGSTOP, SIGCONT, SIGSEGV, defaultAction, signalName, signalText, NSIG } from './signals.js';
import { Errno, EAGAIN, ERESTARTSYS, ERESTARTNOHAND, EINTR } from './errno.js';
import type { LinuxProcess } from './process.js';
import type { Thread } from './thread.js';

export const SIG_DFL = 0n, SIG_IGN = 1n;
export const SA_NOCLDSTOP = 1n, SA_NOCLDWAIT = 2n, SA_SIGINFO = 4n, SA_ONSTACK = 0x08000000n,
  SA_RESTART = 0x10000000n, SA_NODEFER = 0x40000000n, SA_RESETHAND = 0x80000000n, SA_RESTORER = 0x04000000n;
export const SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TIMER = -2, SI_TKILL = -6;
export const SEGV_MAPERR = 1, SEGV_ACCERR = 2, BUS_ADRALN = 1, ILL_ILLOPC = 1, TRAP_BRKPT = 1;
export const SS_ONSTACK = 1, SS_DISABLE = 2, SS_AUTODISARM = 1 << 31;
export const MINSIGSTKSZ = 2048;

// struct rt_sigframe layout (riscv64, D extension): offsets from the frame base.
const F_INFO = 0;
const F_UC = 128;
const UC_FLAGS = F_UC, UC_LINK = F_UC + 8, UC_STACK = F_UC + 16, UC_SIGMASK = F_UC + 40;
/** uc_mcontext is 16-byte aligned (its FP union holds 16-byte aligned Q state). */
const UC_MCONTEXT = F_UC + 176;
const MC_REGS = UC_MCONTEXT; // pc, then x1..x31
const MC_FPREGS = UC_MCONTEXT + 256; // f0..f31, then fcsr
const MC_FCSR = MC_FPREGS + 256;
/** sizeof(struct rt_sigframe): siginfo 128 + ucontext (176 + 256 + 528). */
export const FRAME_BYTES = 128 + 176 + 256 + 528;

const UNBLOCKABLE = (1n << BigInt(SIGKILL - 1)) | (1n << BigInt(SIGSTOP - 1));

/** Who raises a signal, which decides what happens to an RT signal when the queue is full. */
export const enum SendKind {
  /** kill() and the like: past USER_RT_ENTRIES, an RT signal already pending is merged. */
  Kill = 0,
  /** sigqueue, tgkill, tkill: past USER_RT_ENTRIES, an RT signal fails with EAGAIN. */
  Queue = 1,
  /** A timer (a POSIX timer has at most one signal queued): always queued. */
  Kernel = 2,
}

const SIGRTMIN = 32;

export function sigbit(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

/** A siginfo_t with the common fields; `fill` writes the union. */
export function siginfo(sig: number, code: number, fill?: (dv: DataView) => void): Uint8Array {
  const b = new Uint8Array(SIGINFO_BYTES);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, sig, true);
  dv.setInt32(8, code, true);
  fill?.(dv);
  return b;
}

/** siginfo for kill/tgkill: si_pid, si_uid. */
export function userSiginfo(sig: number, code: number, pid: number, uid: number): Uint8Array {
  return siginfo(sig, code, (dv) => {
    dv.setInt32(16, pid, true);
    dv.setUint32(20, uid, true);
  });
}

/** siginfo for a fault: si_addr. */
export function faultSiginfo(sig: number, code: number, addr: number): Uint8Array {
  return siginfo(sig, code, (dv) => dv.setBigUint64(16, BigInt(addr), true));
}

export class Signals {
  constructor(private readonly proc: LinuxProcess) {}

  private get kernel() {
    return this.proc.kernel;
  }

  /** Whether `sig` would be discarded on arrival (ignored, and not blocked by `mask`). */
  private discarded(sig: number, mask: bigint): boolean {
    if (mask & sigbit(sig)) return false;
    const h = this.kernel.sigaction(sig).handler;
    return h === SIG_IGN || (h === SIG_DFL && defaultAction(sig) === 'ign');
  }

  /**
   * Queues `info` for thread slot `slot`, or for the process when `slot` is PROCESS_QUEUE, and
   * makes a thread that can take it notice. Throws EAGAIN for an RT signal of kind Queue past
   * the users' share of the queue; the rest of the queue is kept for signals Linux never drops
   * (see QUEUE_ENTRIES in shared.ts), so that enqueueing them cannot fail.
   */
  send(slot: number, info: Uint8Array, kind = SendKind.Kill): boolean {
    const sig = new DataView(info.buffer, info.byteOffset).getInt32(0, true);
    const k = this.kernel;
    if (sig === SIGKILL) {
      this.proc.terminateBySignal(SIGKILL);
      return false;
    }
    if (sig === SIGCONT || sig === SIGSTOP) {
      // No job control here: SIGSTOP would stop the emulator itself; SIGCONT just continues.
      if (sig === SIGSTOP) return false;
    }
    let target = slot;
    let queued = false, full = false;
    k.locked(Lock.Signals, () => {
      const mask = slot === PROCESS_QUEUE ? 0n : k.threadU64(slot, ThreadField.SigMask);
      if (this.discarded(sig, mask)) {
        target = -1;
        return;
      }
      // Standard signals do not queue: a second one while one is pending is merged.
      if (sig < SIGRTMIN && k.isQueued(slot, sig)) return;
      if (sig >= SIGRTMIN && kind !== SendKind.Kernel && k.queueCount(slot) >= USER_RT_ENTRIES) {
        if (kind === SendKind.Queue) {
          full = true;
          return;
        }
        if (k.isQueued(slot, sig)) return;
      }
      queued = k.enqueueSignal(slot, info);
      if (slot === PROCESS_QUEUE) target = this.pickThread(sig);
    });
    if (full) throw new Errno(EAGAIN);
    if (target >= 0 && target !== PROCESS_QUEUE) this.notify(target);
    return queued;
  }

  /** A live thread that does not block `sig`, for a process-directed signal; -1 if none. */
  private pickThread(sig: number): number {
    const k = this.kernel;
    const current = this.proc.runningSlot();
    const slots = k.liveSlots();
    const ok = (s: number) => (k.threadU64(s, ThreadField.SigMask) & sigbit(sig)) === 0n;
    if (current >= 0 && slots.includes(current) && ok(current)) return current;
    return slots.find(ok) ?? -1;
  }

  /** Makes thread `slot` come back to the runtime (from code or from a blocking call). */
  notify(slot: number): void {
    this.proc.kickVcpu(slot);
    this.kernel.wakeThread(slot);
  }

  /** Signals deliverable to `t` now (pending in its queue or the process's, and not blocked). */
  deliverable(t: Thread): bigint {
    const k = this.kernel;
    if (k.queueCount(t.slot) === 0 && k.queueCount(PROCESS_QUEUE) === 0) return 0n;
    return k.locked(Lock.Signals, () => (k.queuedMask(t.slot) | k.queuedMask(PROCESS_QUEUE)) & ~t.sigmask);
  }

  /** Pending signals of `t` (rt_sigpending): its own and the process's, blocked or not. */
  pending(t: Thread): bigint {
    const k = this.kernel;
    return k.locked(Lock.Signals, () => (k.queuedMask(t.slot) | k.queuedMask(PROCESS_QUEUE)) & t.sigmask);
  }

  /** Every queued signal for `t`, blocked or not. */
  pendingAny(t: Thread): bigint {
    const k = this.kernel;
    if (k.queueCount(t.slot) === 0 && k.queueCount(PROCESS_QUEUE) === 0) return 0n;
    return k.locked(Lock.Signals, () => k.queuedMask(t.slot) | k.queuedMask(PROCESS_QUEUE));
  }

  /** Removes one instance of a signal in `set` for `t` (own queue first); returns its siginfo. */
  take(t: Thread, set: bigint): Uint8Array | null {
    const k = this.kernel;
    return k.locked(Lock.Signals, () => {
      const avail = (k.queuedMask(t.slot) | k.queuedMask(PROCESS_QUEUE)) & set;
      if (avail === 0n) return null;
      // Lowest-numbered first, as Linux does for the synchronous signals 1..31.
      let sig = 1;
      while (!(avail & sigbit(sig))) sig++;
      const info = k.dequeueSignal(t.slot, sig) ?? k.dequeueSignal(PROCESS_QUEUE, sig);
      if (info) this.proc.timers.dequeued(info);
      return info;
    });
  }

  /**
   * The disposition of `sig` became "ignore" (SIG_IGN, or SIG_DFL for a signal ignored by
   * default): Linux discards it from every queue, pending or blocked.
   */
  flushIgnored(sig: number): void {
    const k = this.kernel;
    k.locked(Lock.Signals, () => {
      for (const q of [PROCESS_QUEUE, ...k.liveSlots()]) {
        let info: Uint8Array | null;
        while ((info = k.dequeueSignal(q, sig))) this.proc.timers.dequeued(info);
      }
    });
  }

  /** Whether the disposition `handler` ignores `sig`. */
  static ignores(sig: number, handler: bigint): boolean {
    return handler === SIG_IGN || (handler === SIG_DFL && defaultAction(sig) === 'ign');
  }

  /**
   * Delivers pending signals to `t` before it returns to guest code: default actions, or a
   * handler frame. Also finishes interrupted syscalls (restart or EINTR).
   */
  deliver(t: Thread): void {
    let handled = false;
    for (;;) {
      const set = this.deliverable(t);
      if (set === 0n) break;
      const info = this.take(t, set);
      if (!info) break;
      const sig = new DataView(info.buffer).getInt32(0, true);
      const act = this.kernel.sigaction(sig);
      if (act.handler === SIG_IGN) continue;
      if (act.handler === SIG_DFL) {
        const what = defaultAction(sig);
        if (what === 'ign' || what === 'cont' || what === 'stop') continue;
        this.proc.terminateBySignal(sig);
        return;
      }
      this.finishSyscall(t, act);
      this.setupFrame(t, sig, info, act);
      if (this.kernel.exiting !== 0) return;
      // As Linux does before returning to user mode: with the handler's mask now in force, the
      // next deliverable signal gets its frame on top of this one (so it runs first). With a
      // full sa_mask nothing more is deliverable and the rest waits for rt_sigreturn.
      handled = true;
      continue;
    }
    if (handled) return;
    this.finishSyscall(t, null);
    // rt_sigsuspend ran no handler: its temporary mask ends here.
    if (t.suspendMask !== null) {
      t.sigmask = t.suspendMask;
      t.suspendMask = null;
    }
  }

  /**
   * An interrupted syscall returned ERESTART*: restart it (pc back on the ecall, a0 restored)
   * or make it fail with EINTR, depending on the handler about to run.
   */
  private finishSyscall(t: Thread, act: SigactionRecord | null): void {
    const r = t.restart;
    if (!r) return;
    t.restart = null;
    const restart = act === null || (r.code === ERESTARTSYS && (act.flags & SA_RESTART) !== 0n);
    if (restart) {
      t.cpu.setX(10, r.a0);
      t.cpu.pc -= 4;
    } else {
      t.cpu.setXn(10, -EINTR);
    }
  }

  /** Builds a struct rt_sigframe on the (alternate) stack and enters the handler. */
  setupFrame(t: Thread, sig: number, info: Uint8Array, act: SigactionRecord): void {
    const cpu = t.cpu;
    const proc = this.proc;
    const k = this.kernel;
    const oldSp = cpu.xu(2);
    let sp = oldSp;
    const alt = this.altstack(t);
    if ((act.flags & SA_ONSTACK) && alt.size > 0 && !(alt.flags & SS_DISABLE) && !this.onAltStack(t, oldSp)) {
      sp = alt.sp + alt.size;
    }
    const frame = sp - FRAME_BYTES - ((sp - FRAME_BYTES) % 16);
    if (!proc.mm.accessible(frame, FRAME_BYTES, 2 /* PERM_W */)) {
      // Cannot build the frame: Linux forces SIGSEGV with the default action.
      proc.terminateBySignal(sig === SIGSEGV ? SIGSEGV : SIGSEGV, `(could not deliver ${signalName(sig)}: bad signal stack)`);
      return;
    }
    const dv = proc.dv;
    proc.mm.writable(frame, FRAME_BYTES).fill(0);
    proc.mm.u8.set(info.subarray(0, SIGINFO_BYTES), frame + F_INFO);
    dv.setBigUint64(frame + UC_FLAGS, 0n, true);
    dv.setBigUint64(frame + UC_LINK, 0n, true);
    dv.setBigUint64(frame + UC_STACK, BigInt(alt.sp), true);
    dv.setInt32(frame + UC_STACK + 8, alt.size === 0 ? SS_DISABLE : this.onAltStack(t, oldSp) ? SS_ONSTACK : alt.flags & ~SS_AUTODISARM, true);
    dv.setBigUint64(frame + UC_STACK + 16, BigInt(alt.size), true);
    // After rt_sigsuspend the frame keeps the mask from before the call, as Linux's saved_sigmask.
    dv.setBigUint64(frame + UC_SIGMASK, t.suspendMask ?? t.sigmask, true);
    t.suspendMask = null;
    dv.setBigUint64(frame + MC_REGS, BigInt(cpu.pc), true);
    for (let r = 1; r < 32; r++) dv.setBigUint64(frame + MC_REGS + 8 * r, BigInt.asUintN(64, cpu.x(r)), true);
    for (let r = 0; r < 32; r++) dv.setBigUint64(frame + MC_FPREGS + 8 * r, cpu.f(r), true);
    dv.setUint32(frame + MC_FCSR, (cpu.frm << 5) | cpu.fflags, true);
    if (alt.flags & SS_AUTODISARM) this.setAltstack(t, 0, 0, SS_DISABLE);

    let mask = t.sigmask | act.mask;
    if (!(act.flags & SA_NODEFER)) mask |= sigbit(sig);
    t.sigmask = mask & ~UNBLOCKABLE;
    // Linux (SA_ONESHOT) only resets the handler; sa_flags and sa_mask stay as they were.
    if (act.flags & SA_RESETHAND) k.setSigaction(sig, { handler: SIG_DFL, flags: act.flags, mask: act.mask });

    cpu.setResAddrNone();
    cpu.setXn(2, frame);
    cpu.setXn(10, sig);
    cpu.setXn(11, frame + F_INFO);
    cpu.setXn(12, frame + F_UC);
    cpu.setXn(1, proc.exec.sigreturn);
    cpu.pc = Number(act.handler);
  }

  /** rt_sigreturn: restores everything the frame at sp holds (possibly edited by the handler). */
  sigreturn(t: Thread): void {
    const cpu = t.cpu;
    const proc = this.proc;
    const frame = cpu.xu(2);
    if (!proc.mm.accessible(frame, FRAME_BYTES, 1 /* PERM_R */)) {
      proc.terminateBySignal(SIGSEGV, '(bad signal frame in rt_sigreturn)');
      return;
    }
    const dv = proc.dv;
    cpu.pc = Number(dv.getBigUint64(frame + MC_REGS, true));
    for (let r = 1; r < 32; r++) cpu.setX(r, dv.getBigUint64(frame + MC_REGS + 8 * r, true));
    for (let r = 0; r < 32; r++) cpu.setF(r, dv.getBigUint64(frame + MC_FPREGS + 8 * r, true));
    const fcsr = dv.getUint32(frame + MC_FCSR, true);
    cpu.fflags = fcsr & 0x1f;
    cpu.frm = (fcsr >> 5) & 7;
    t.sigmask = dv.getBigUint64(frame + UC_SIGMASK, true) & ~UNBLOCKABLE;
    // restore_altstack: an invalid stack_t is ignored, as Linux does.
    const ssSp = Number(dv.getBigUint64(frame + UC_STACK, true));
    const ssFlags = dv.getInt32(frame + UC_STACK + 8, true);
    const ssSize = Number(dv.getBigUint64(frame + UC_STACK + 16, true));
    if (!this.onAltStack(t, cpu.xu(2)) && (ssFlags & SS_DISABLE || ssSize >= MINSIGSTKSZ)) {
      this.setAltstack(t, ssFlags & SS_DISABLE ? 0 : ssSp, ssFlags & SS_DISABLE ? 0 : ssSize, ssFlags & ~SS_ONSTACK);
    }
  }

  /** execve: caught signals go back to their default action; ignored ones stay ignored. */
  resetForExec(t: Thread): void {
    const k = this.kernel;
    for (let sig = 1; sig <= NSIG; sig++) {
      const a = k.sigaction(sig);
      if (a.handler !== SIG_IGN && (a.handler !== SIG_DFL || a.flags !== 0n || a.mask !== 0n)) {
        k.setSigaction(sig, { handler: SIG_DFL, flags: 0n, mask: 0n });
      }
    }
    this.setAltstack(t, 0, 0, SS_DISABLE);
  }

  // ---- sigaltstack ----

  altstack(t: Thread): { sp: number; size: number; flags: number } {
    const k = this.kernel;
    return {
      sp: k.threadF64(t.slot, ThreadField.AltSp),
      size: k.threadF64(t.slot, ThreadField.AltSize),
      flags: k.threadI32(t.slot, ThreadField.AltFlags),
    };
  }

  setAltstack(t: Thread, sp: number, size: number, flags: number): void {
    const k = this.kernel;
    k.setThreadF64(t.slot, ThreadField.AltSp, sp);
    k.setThreadF64(t.slot, ThreadField.AltSize, size);
    k.setThreadI32(t.slot, ThreadField.AltFlags, flags);
  }

  onAltStack(t: Thread, sp: number): boolean {
    const a = this.altstack(t);
    return a.size > 0 && !(a.flags & SS_DISABLE) && sp > a.sp && sp <= a.sp + a.size;
  }

  /**
   * A synchronous fault in `t` (SIGSEGV, SIGBUS, SIGILL, SIGTRAP): delivered at once to a
   * handler; when the signal is blocked or ignored, Linux resets it to the default action, which
   * ends the process.
   */
  force(t: Thread, info: Uint8Array, detail: string): void {
    const sig = new DataView(info.buffer).getInt32(0, true);
    const act = this.kernel.sigaction(sig);
    const blocked = (t.sigmask & sigbit(sig)) !== 0n;
    if (act.handler === SIG_DFL || act.handler === SIG_IGN || blocked) {
      this.proc.terminateBySignal(sig, detail);
      return;
    }
    this.finishSyscall(t, act);
    this.setupFrame(t, sig, info, act);
  }

  describe(sig: number): string {
    return `${signalName(sig)} (${signalText(sig)})`;
  }
}

export { NSIG, ERESTARTNOHAND };
