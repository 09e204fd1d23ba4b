// The WebAssembly encoder (src/wasm/): LEB128 at its edges, and modules built with ModuleBuilder
// and Code that V8 must accept and run with the expected results. A wrong opcode, immediate or
// section layout makes the module invalid or the computed value wrong.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteWriter } from '../src/wasm/bytes.js';
import { Code, T } from '../src/wasm/code.js';
import { ModuleBuilder } from '../src/wasm/module.js';

const bytes = (w: ByteWriter) => [...w.buf.subarray(0, w.len)];

test('unsigned LEB128 of 32-bit values', () => {
  assert.deepEqual(bytes(new ByteWriter().u32(0)), [0]);
  assert.deepEqual(bytes(new ByteWriter().u32(127)), [0x7f]);
  assert.deepEqual(bytes(new ByteWriter().u32(128)), [0x80, 0x01]);
  assert.deepEqual(bytes(new ByteWriter().u32(624485)), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(bytes(new ByteWriter().u32(0xffffffff)), [0xff, 0xff, 0xff, 0xff, 0x0f]);
});

test('signed LEB128 of 32- and 64-bit values, including the sign-bit edges', () => {
  assert.deepEqual(bytes(new ByteWriter().s32(0)), [0]);
  assert.deepEqual(bytes(new ByteWriter().s32(63)), [0x3f]);
  assert.deepEqual(bytes(new ByteWriter().s32(64)), [0xc0, 0x00]); // bit 6 set: needs a second byte
  assert.deepEqual(bytes(new ByteWriter().s32(-64)), [0x40]);
  assert.deepEqual(bytes(new ByteWriter().s32(-65)), [0xbf, 0x7f]);
  assert.deepEqual(bytes(new ByteWriter().s32(-123456)), [0xc0, 0xbb, 0x78]);
  assert.deepEqual(bytes(new ByteWriter().s32(-0x80000000)), [0x80, 0x80, 0x80, 0x80, 0x78]);
  assert.deepEqual(bytes(new ByteWriter().s64(-(1n << 63n))), [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]);
  assert.deepEqual(bytes(new ByteWriter().s64((1n << 63n) - 1n)), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]);
  // s64n (exact JS numbers) and s64 (BigInt) agree across the range they share.
  for (const v of [0, 1, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 40 + 5, -(2 ** 53), 2 ** 53]) {
    assert.deepEqual(bytes(new ByteWriter().s64n(v)), bytes(new ByteWriter().s64(BigInt(v))), String(v));
  }
});

/** Builds a one-function module (params, result) from `body`, instantiates it and returns it. */
function fn(params: number[], result: number, body: (c: Code) => void, locals: [number, number][] = []): Function {
  const m = new ModuleBuilder();
  const c = new Code();
  body(c);
  const f = m.func({ type: m.type(params, [result]), locals, body: c.view() });
  m.export({ name: 'f', kind: 'func', index: f });
  const bin = m.build();
  assert.ok(WebAssembly.validate(bin), 'module does not validate');
  return new WebAssembly.Instance(new WebAssembly.Module(bin)).exports.f as Function;
}

test('i64 constants at the extremes survive the round trip through V8', () => {
  for (const v of [0n, -1n, 63n, 64n, -65n, 1n << 53n, (1n << 63n) - 1n, -(1n << 63n), 0x123456789abcdefn]) {
    assert.equal(fn([], T.i64, (c) => c.i64ConstBig(v))(), v);
  }
  for (const v of [0, -1, 2 ** 31, -(2 ** 33) + 7, 2 ** 52 + 1]) assert.equal(fn([], T.i64, (c) => c.i64Const(v))(), BigInt(v));
  for (const v of [0, 1, -1, 0x7fffffff, -0x80000000, 64, -65]) assert.equal(fn([], T.i32, (c) => c.i32Const(v))(), v);
});

test('arithmetic, comparisons and shifts', () => {
  const add = fn([T.i64, T.i64], T.i64, (c) => c.get(0).get(1).i64Add());
  assert.equal(add((1n << 63n) - 1n, 1n), -(1n << 63n));
  const ltu = fn([T.i64, T.i64], T.i32, (c) => c.get(0).get(1).i64LtU());
  assert.equal(ltu(-1n, 1n), 0);
  assert.equal(ltu(1n, -1n), 1);
  const shl = fn([T.i64, T.i64], T.i64, (c) => c.get(0).get(1).i64Shl());
  assert.equal(shl(1n, 65n), 2n); // wasm masks the shift amount to 6 bits, as RISC-V does
  const div = fn([T.i32, T.i32], T.i32, (c) => c.get(0).get(1).i32DivU());
  assert.equal(div(-1, 2), 0x7fffffff);
  const popcnt = fn([T.i64], T.i64, (c) => c.get(0).i64Popcnt());
  assert.equal(popcnt(-1n), 64n);
});

test('blocks, loops, if/else and br_table', () => {
  // sum 1..n with a loop and a conditional branch out of it
  const sum = fn([T.i32], T.i32, (c) => {
    c.block().loop();
    c.get(0).i32Eqz().brIf(1);
    c.get(1).get(0).i32Add().set(1);
    c.get(0).i32Const(1).i32Sub().set(0);
    c.br(0).end().end();
    c.get(1);
  }, [[1, T.i32]]);
  assert.equal(sum(100), 5050);
  const pick = fn([T.i32], T.i32, (c) => {
    c.block().block().block();
    c.get(0).brTable([0, 1], 2);
    c.end().i32Const(10).return_();
    c.end().i32Const(20).return_();
    c.end().i32Const(30);
  });
  assert.deepEqual([0, 1, 2, 99].map((i) => pick(i)), [10, 20, 30, 30]);
  const sign = fn([T.i32], T.i32, (c) => {
    c.get(0).i32Const(0).i32LtS();
    c.if_(T.i32).i32Const(-1).else_().i32Const(1).end();
  });
  assert.equal(sign(-5), -1);
  assert.equal(sign(5), 1);
});

test('memory accesses with offsets, widths and sign extension; imports and calls', () => {
  const m = new ModuleBuilder();
  m.import({ module: 'env', name: 'memory', kind: 'memory', min: 1, max: 1, shared: false });
  const twice = m.import({ module: 'js', name: 'twice', kind: 'func', type: m.type([T.i64], [T.i64]) });
  const c = new Code();
  // mem[16..24) = param; return sext(mem8[16 + 7]) + twice(zext(mem16[16 + 2]))
  c.i32Const(0).get(0).i64Store(16);
  c.i32Const(16).i64Load8s(7);
  c.i32Const(16).i64Load16u(2).call(twice);
  c.i64Add();
  const f = m.func({ type: m.type([T.i64], [T.i64]), locals: [], body: c.view() });
  m.export({ name: 'f', kind: 'func', index: f });
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(m.build()), { env: { memory }, js: { twice: (v: bigint) => v * 2n } });
  const r = (inst.exports.f as (v: bigint) => bigint)(0x80000000abcd0000n);
  assert.equal(r, -128n + 2n * 0xabcdn);
  assert.equal(new DataView(memory.buffer).getBigUint64(16, true), 0x80000000abcd0000n);
});

test('branch hints name the `if` they mark, counted from the start of the function body', () => {
  // V8 reads hints only under --experimental-wasm-branch-hinting and ignores ones that point
  // elsewhere, so a wrong offset would silently cost speed: decode the section and look.
  const m = new ModuleBuilder();
  m.import({ module: 'h', name: 'f', kind: 'func', type: m.type([], []) }); // shifts function indices
  const type = m.type([T.i32], [T.i32]);
  const c = new Code();
  c.get(0).i32Const(1).i32Add().set(0);
  const firstIf = c.len;
  c.get(0).i32Eqz().if_().i32Const(7).return_().end();
  c.get(0).i32Const(3).i32GtU();
  const secondIf = c.len; // the `if` opcode comes next
  c.if_().i32Const(9).return_().end();
  c.get(0);
  m.func({ type, locals: [[2, T.i64], [1, T.i32]], body: c.view(), unlikely: [firstIf + 3, secondIf] });
  const bin = m.build();
  new WebAssembly.Module(bin);
  const u32 = (at: number): [number, number] => {
    let v = 0, shift = 0, b: number;
    do {
      b = bin[at++]!;
      v |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    return [v >>> 0, at];
  };
  const sections = new Map<number | string, number>();
  for (let at = 8; at < bin.length; ) {
    const id = bin[at]!;
    const [size, start] = u32(at + 1);
    if (id === 0) {
      const [nameLen, nameAt] = u32(start);
      sections.set(new TextDecoder().decode(bin.subarray(nameAt, nameAt + nameLen)), nameAt + nameLen);
    } else sections.set(id, start);
    at = start + size;
  }
  let at = sections.get('metadata.code.branch_hint')!;
  assert.ok(at !== undefined, 'no branch hint section');
  let n: number, func: number, hints: number;
  [n, at] = u32(at);
  [func, at] = u32(at);
  [hints, at] = u32(at);
  assert.deepEqual([n, func, hints], [1, 1, 2]);
  let [count, bodyAt] = u32(sections.get(10)!);
  assert.equal(count, 1);
  [, bodyAt] = u32(bodyAt); // the body's size; the body starts after it
  for (let k = 0; k < hints; k++) {
    let pos: number, size: number;
    [pos, at] = u32(at);
    [size, at] = u32(at);
    assert.equal(size, 1);
    assert.equal(bin[at++], 0, 'unlikely');
    assert.equal(bin[bodyAt + pos], 0x04, `hint ${k} does not point at an if`);
  }
});
