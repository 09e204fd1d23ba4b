// poll(2) and lseek(2) on host descriptors, which Node's fs API does not offer, through Node's
// WASI implementation (uvwasi): a WASI instance whose stdin is the host descriptor runs
// poll_oneoff and fd_seek on it for us. One small instance per descriptor, cached until close.
//
// A poll with timeout 0 cannot be asked of poll_oneoff as a clock subscription of 0: uvwasi
// runs a libuv loop, and libuv (1.45 and later) runs due timers before it first polls, so a
// zero timer stops the descriptor's watch before it is ever polled and a ready descriptor is
// never reported. (poll_oneoff also returns only once every descriptor subscription has fired
// or the clock has, so another always-ready descriptor cannot end the call early either.) A
// look therefore uses the shortest timer libuv has, 1 ms: a ready descriptor is reported at
// once, one that is not costs about a millisecond. Even a 1 ms timer is due before the first
// poll when the millisecond clock ticks (or the thread is descheduled) between setting it and
// running the loop; to tell that from "not ready", a look also watches an always-writable
// private FIFO (the instance's stdout): its event is in the answer exactly when the loop did
// poll, and a look without it is repeated.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childProcess } from './lazy-modules.js';
import { randomHex } from './random.js';
import { createRequire } from 'node:module';
import { ModuleBuilder } from '../../wasm/module.js';
import { Code, T } from '../../wasm/code.js';
import { HostError } from '../host.js';

export const POLLIN = 0x001, POLLOUT = 0x004, POLLHUP = 0x010;

interface WasiLike {
  wasiImport: Record<string, Function>;
  initialize(instance: WebAssembly.Instance): void;
}

let WasiClass: (new (opts: object) => WasiLike) | null = null;

function wasiClass(): new (opts: object) => WasiLike {
  if (!WasiClass) {
    // Loading node:wasi prints an "experimental" warning; it is an implementation detail here.
    const emit = process.emitWarning;
    process.emitWarning = () => {};
    try {
      WasiClass = createRequire(import.meta.url)('node:wasi').WASI;
    } finally {
      process.emitWarning = emit;
    }
  }
  return WasiClass!;
}

let bridgeModule: WebAssembly.Module | null = null;

/** A module exporting poll(in, out, n, nevents) and seek(fd, offset, whence, result) over WASI. */
function bridge(): WebAssembly.Module {
  if (bridgeModule) return bridgeModule;
  const m = new ModuleBuilder();
  const pollT = m.type([T.i32, T.i32, T.i32, T.i32], [T.i32]);
  const seekT = m.type([T.i32, T.i64, T.i32, T.i32], [T.i32]);
  const pollImp = m.import({ module: 'wasi_snapshot_preview1', name: 'poll_oneoff', kind: 'func', type: pollT });
  const seekImp = m.import({ module: 'wasi_snapshot_preview1', name: 'fd_seek', kind: 'func', type: seekT });
  m.import({ module: 'env', name: 'memory', kind: 'memory', min: 1, max: 1, shared: false });
  const forward = (imp: number, type: number) => {
    const c = new Code();
    c.get(0).get(1).get(2).get(3).call(imp);
    return m.func({ type, locals: [], body: c.view() });
  };
  m.export({ name: 'poll', kind: 'func', index: forward(pollImp, pollT) });
  m.export({ name: 'seek', kind: 'func', index: forward(seekImp, seekT) });
  m.export({ name: '_initialize', kind: 'func', index: m.func({ type: m.type([], []), locals: [], body: new Uint8Array() }) });
  m.export({ name: 'memory', kind: 'memory', index: 0 });
  return (bridgeModule = new WebAssembly.Module(m.build()));
}

interface Bridge {
  poll: (inp: number, out: number, n: number, nevents: number) => number;
  seek: (fd: number, offset: bigint, whence: number, result: number) => number;
  dv: DataView;
}

const bridges = new Map<number, Bridge>();

let readyFd = -1;

/**
 * A host descriptor always ready for writing that epoll can watch: a FIFO opened read-write (it
 * is then its own reader, so opening does not block and it never hangs up), unlinked at once
 * and never written. One per JS thread, made on first use.
 */
function alwaysWritable(): number {
  if (readyFd >= 0) return readyFd;
  const p = path.join(os.tmpdir(), `rvjit-ready-${process.pid}-${randomHex(6)}`);
  childProcess().execFileSync('mkfifo', ['-m', '600', p], { stdio: 'ignore' }); // Node cannot call mkfifo(3)
  try {
    readyFd = fs.openSync(p, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
  } finally {
    fs.unlinkSync(p);
  }
  return readyFd;
}

/**
 * The bridge for `fd`; `look`: one whose stdout is the always-writable FIFO. Waits use a bridge
 * without it, so a program that only writes to pipes never pays for making the FIFO (a child
 * process running mkfifo, milliseconds at start-up).
 */
function bridgeFor(fd: number, look = false): Bridge {
  const key = look ? -1 - fd : fd;
  let b = bridges.get(key);
  if (b) return b;
  const W = wasiClass();
  const wasi = new W({ version: 'preview1', stdin: fd, ...(look ? { stdout: alwaysWritable() } : {}), returnOnExit: true });
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const inst = new WebAssembly.Instance(bridge(), { wasi_snapshot_preview1: wasi.wasiImport, env: { memory } });
  wasi.initialize(inst);
  const x = inst.exports as unknown as { poll: Bridge['poll']; seek: Bridge['seek'] };
  b = { poll: x.poll, seek: x.seek, dv: new DataView(memory.buffer) };
  bridges.set(key, b);
  return b;
}

/** Forgets what was cached for a host descriptor (call when it is closed). */
export function forgetDescriptor(fd: number): void {
  bridges.delete(fd);
  bridges.delete(-1 - fd);
}

const SUB = 0, OUT = 512, NEVENTS = 1000, SUB_BYTES = 48, EVENT_BYTES = 32;
const EVENTTYPE_CLOCK = 0, EVENTTYPE_FD_READ = 1, EVENTTYPE_FD_WRITE = 2;
const FD_READWRITE_HANGUP = 1;
/** userdata of the subscriptions other than the descriptor's own (those carry POLLIN or POLLOUT). */
const TAG_TIMEOUT = 0, TAG_POLLED = 0x10000;
/** WASI descriptor numbers in a bridge: the polled host descriptor, the always-writable FIFO. */
const WASI_TARGET = 0, WASI_READY = 1;
/** The timeout of a look, in ms: the shortest libuv has. */
const LOOK_MS = 1;

/**
 * Waits up to `timeoutMs` (0: just look) until host descriptor `fd` is ready for `events`
 * (POLLIN/POLLOUT); returns the ready events (POLLIN, POLLOUT, POLLHUP, POLLERR), 0 on timeout.
 */
export function pollDescriptor(fd: number, events: number, timeoutMs: number): number {
  if (timeoutMs >= 2) return pollOnce(bridgeFor(fd), events, timeoutMs, false) ?? 0;
  const b = bridgeFor(fd, true);
  // uvwasi watches a descriptor for the events of its first subscription only (a later one for
  // the same descriptor shares that watch and is never reported), so a look asks for each
  // event on its own. Waits shorter than 2 ms are looks too: libuv's timer has whole
  // milliseconds, and 1 ms may be due at once (see above).
  let r = 0;
  for (const ev of [POLLIN, POLLOUT]) {
    if (!(events & ev)) continue;
    let got: number | null = null;
    // The clock rarely ticks at just that moment twice running; after a few tries, say "not ready".
    for (let tries = 0; got === null && tries < 8; tries++) got = pollOnce(b, ev, LOOK_MS, true);
    r |= got ?? 0;
  }
  return r;
}

/**
 * One poll_oneoff for `events` of the bridge's descriptor, with a timeout. `look`: also watch
 * the always-writable FIFO, and return null if the loop never polled (see the file comment).
 */
function pollOnce(b: Bridge, events: number, timeoutMs: number, look: boolean): number | null {
  const dv = b.dv;
  new Uint8Array(dv.buffer, 0, 1024).fill(0);
  let n = 0;
  const sub = (type: number, userdata: number, fd: number) => {
    const o = SUB + n++ * SUB_BYTES;
    dv.setBigUint64(o, BigInt(userdata), true);
    dv.setUint8(o + 8, type);
    dv.setUint32(o + 16, fd, true); // a clock's id field: overwritten below
    return o;
  };
  if (events & POLLIN) sub(EVENTTYPE_FD_READ, POLLIN, WASI_TARGET);
  if (events & POLLOUT) sub(EVENTTYPE_FD_WRITE, POLLOUT, WASI_TARGET);
  if (look) sub(EVENTTYPE_FD_WRITE, TAG_POLLED, WASI_READY);
  const clock = sub(EVENTTYPE_CLOCK, TAG_TIMEOUT, 0);
  dv.setUint32(clock + 16, 1, true); // CLOCK_MONOTONIC
  dv.setBigUint64(clock + 24, BigInt(Math.max(0, Math.round(timeoutMs * 1e6))), true);
  // Descriptors the host cannot poll (character devices such as /dev/null, regular files) make
  // the call or the event fail: like Linux for such files, report them ready; the transfer
  // itself then says what is wrong, if anything.
  const rc = b.poll(SUB, OUT, n, NEVENTS);
  if (rc !== 0) return events & (POLLIN | POLLOUT);
  let revents = 0, polled = false;
  const count = dv.getUint32(NEVENTS, true);
  for (let k = 0; k < count; k++) {
    const o = OUT + k * EVENT_BYTES;
    const which = Number(dv.getBigUint64(o, true));
    if (which === TAG_TIMEOUT) continue;
    if (which === TAG_POLLED) {
      polled = true;
      continue;
    }
    revents |= which; // a failed event (error at offset 8) counts as ready too, as above
    if (dv.getUint16(o + 24, true) & FD_READWRITE_HANGUP) revents |= POLLHUP;
  }
  return look && !polled && !revents ? null : revents;
}

/** lseek on a host descriptor (moves the host's own file offset); returns the new offset. */
export function seekDescriptor(fd: number, offset: bigint, whence: number): bigint {
  const b = bridgeFor(fd);
  const rc = b.seek(0, offset, whence, 0);
  // WASI errno values differ from Linux's; the callers check kinds before seeking.
  if (rc !== 0) throw new HostError(rc === 70 ? 29 : 22, `fd_seek failed (${rc})`);
  return b.dv.getBigUint64(0, true);
}
