// poll(2) and lseek(2) on host descriptors, which Node's fs API does not offer, through Node's
// WASI implementation (uvwasi): a WASI instance whose stdin is the host descriptor runs
// poll_oneoff and fd_seek on it for us. One small instance per descriptor, cached until close.

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

function bridgeFor(fd: number): Bridge {
  let b = bridges.get(fd);
  if (b) return b;
  const W = wasiClass();
  const wasi = new W({ version: 'preview1', stdin: fd, returnOnExit: true });
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const inst = new WebAssembly.Instance(bridge(), { wasi_snapshot_preview1: wasi.wasiImport, env: { memory } });
  wasi.initialize(inst);
  const x = inst.exports as unknown as { poll: Bridge['poll']; seek: Bridge['seek'] };
  b = { poll: x.poll, seek: x.seek, dv: new DataView(memory.buffer) };
  bridges.set(fd, b);
  return b;
}

/** Forgets what was cached for a host descriptor (call when it is closed). */
export function forgetDescriptor(fd: number): void {
  bridges.delete(fd);
}

const SUB = 0, OUT = 512, NEVENTS = 1000, SUB_BYTES = 48, EVENT_BYTES = 32;
const EVENTTYPE_CLOCK = 0, EVENTTYPE_FD_READ = 1, EVENTTYPE_FD_WRITE = 2;
const FD_READWRITE_HANGUP = 1;

/**
 * Waits up to `timeoutMs` (0: just look) until host descriptor `fd` is ready for `events`
 * (POLLIN/POLLOUT); returns the ready events (POLLIN, POLLOUT, POLLHUP, POLLERR), 0 on timeout.
 */
export function pollDescriptor(fd: number, events: number, timeoutMs: number): number {
  const b = bridgeFor(fd);
  const dv = b.dv;
  new Uint8Array(dv.buffer, 0, 1024).fill(0);
  let n = 0;
  const sub = (type: number, userdata: number) => {
    const o = SUB + n * SUB_BYTES;
    dv.setBigUint64(o, BigInt(userdata), true);
    dv.setUint8(o + 8, type);
    return o;
  };
  if (events & POLLIN) dv.setUint32(sub(EVENTTYPE_FD_READ, POLLIN) + 16, 0, true), n++;
  if (events & POLLOUT) dv.setUint32(sub(EVENTTYPE_FD_WRITE, POLLOUT) + 16, 0, true), n++;
  const clock = sub(EVENTTYPE_CLOCK, 0);
  dv.setUint32(clock + 16, 1, true); // CLOCK_MONOTONIC
  dv.setBigUint64(clock + 24, BigInt(Math.max(0, Math.round(timeoutMs * 1e6))), true);
  n++;
  // Descriptors the host cannot poll (character devices such as /dev/null, regular files) make
  // the call or the event fail: like Linux for such files, report them ready; the transfer
  // itself then says what is wrong, if anything.
  const rc = b.poll(SUB, OUT, n, NEVENTS);
  if (rc !== 0) return events & (POLLIN | POLLOUT);
  let revents = 0;
  const count = dv.getUint32(NEVENTS, true);
  for (let k = 0; k < count; k++) {
    const o = OUT + k * EVENT_BYTES;
    const which = Number(dv.getBigUint64(o, true));
    if (which === 0) continue; // the timeout
    revents |= which;
    if (dv.getUint16(o + 24, true) & FD_READWRITE_HANGUP) revents |= POLLHUP;
  }
  return revents;
}

/** lseek on a host descriptor (moves the host's own file offset); returns the new offset. */
export function seekDescriptor(fd: number, offset: bigint, whence: number): bigint {
  const b = bridgeFor(fd);
  const rc = b.seek(0, offset, whence, 0);
  // WASI errno values differ from Linux's; the callers check kinds before seeking.
  if (rc !== 0) throw new HostError(rc === 70 ? 29 : 22, `fd_seek failed (${rc})`);
  return b.dv.getBigUint64(0, true);
}
