// The rvjit command line: --version/--help, usage errors (exit 2, one "rvjit: " line), argument,
// environment, stdin and exit-status passthrough, --strace and --stats output on stderr, and the
// order and placement of guest output on the host's stdout/stderr (pipes and files).
// The guest is test/fixtures/cli-guest.c, compiled at test time with the riscv64 cross compiler.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, RVJIT, guest, tempDir } from './support/guest.js';

const TIMEOUT_MS = 60_000;
let dir = '';
let prog = '';

before(() => {
  dir = tempDir('rvjit-cli-');
  prog = path.join(dir, 'cli-guest');
  execFileSync('riscv64-linux-gnu-gcc', ['-static', '-O2', '-o', prog, path.join(ROOT, 'test', 'fixtures', 'cli-guest.c')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Result { status: number | null; stdout: string; stderr: string }

function rvjit(args: string[], opts: { input?: string; env?: Record<string, string | undefined> } = {}): Result {
  const env = { ...process.env, ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, [RVJIT, ...args], {
    input: opts.input ?? '', encoding: 'latin1', timeout: TIMEOUT_MS, env, maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.error, undefined, `rvjit ${args.join(' ')} did not finish: ${r.error}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a shell command line with $0 = node, $1 = bin/rvjit.js, $2 = the guest. */
function shell(script: string, extra: string[] = []): Result {
  const r = spawnSync('bash', ['-c', script, process.execPath, RVJIT, prog, ...extra], { encoding: 'latin1', timeout: TIMEOUT_MS });
  assert.equal(r.error, undefined, `shell command did not finish: ${r.error}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A usage error: status 2, nothing on stdout, one "rvjit: " line (plus at most the standard
    "Try 'rvjit --help'" hint), no stack trace. Returns the message line. */
function usageError(args: string[]): string {
  const r = rvjit(args);
  assert.equal(r.status, 2, `rvjit ${args.join(' ')}: status (stderr: ${r.stderr})`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.match(lines[0] ?? '', /^rvjit: \S/, r.stderr);
  const rest = lines.slice(1);
  assert.ok(rest.length === 0 || (rest.length === 1 && /^Try 'rvjit --help'/.test(rest[0]!)), `more than one message line:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /^\s+at /m);
  return lines[0]!;
}

// ---- information ----

test('--version prints the version from package.json', () => {
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
  const r = rvjit(['--version']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, `rvjit ${version}\n`);
  assert.equal(r.stderr, '');
});

test('--help and -h print usage and exit 0', () => {
  for (const flag of ['--help', '-h']) {
    const r = rvjit([flag]);
    assert.equal(r.status, 0, flag);
    assert.match(r.stdout, /^usage: rvjit run \[options\] <program> \[args\.\.\.\]/);
    for (const opt of ['--strace', '--stats', '-E', '-U', '--version']) assert.ok(r.stdout.includes(opt), `${flag} output mentions ${opt}`);
    assert.equal(r.stderr, '');
  }
});

// ---- usage errors ----

test('no arguments', () => {
  usageError([]);
});

test('unknown command', () => {
  assert.match(usageError(['frobnicate']), /frobnicate/);
});

test('unknown option', () => {
  assert.match(usageError(['run', '--bogus', prog]), /--bogus/);
});

test('run without a program', () => {
  usageError(['run']);
  usageError(['run', '--strace']);
  usageError(['run', '--']);
});

test('-E without =', () => {
  assert.match(usageError(['run', '-E', 'NOEQUALS', prog]), /NOEQUALS/);
  usageError(['run', '-E', '=value', prog]);
  usageError(['run', '-E']); // no value at all
});

test('-U with = or without a value', () => {
  usageError(['run', '-U', 'A=b', prog]);
  usageError(['run', '-U']);
});

// ---- passthrough ----

test('arguments after the program belong to the guest, even when they look like options', () => {
  const args = ['args', '--help', '-x', '--version', '-E', 'A=b', '--', 'with space', '', 'ünïcødé'];
  const r = rvjit(['run', prog, ...args]);
  assert.equal(r.status, 0, r.stderr);
  const expected = [prog, ...args].map((a, i) => `[${i}]=${a}\n`).join('');
  assert.equal(Buffer.from(r.stdout, 'latin1').toString('utf8'), expected);
  assert.equal(r.stderr, '');
});

test('-- ends the options', () => {
  const r = rvjit(['run', '--', prog, 'args', '--strace']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `[0]=${prog}\n[1]=args\n[2]=--strace\n`);
  assert.equal(r.stderr, '', 'the guest argument --strace must not turn tracing on');
});

test('-E and -U edit the guest environment', () => {
  const r = rvjit(['run', '-E', 'RVJIT_A=b', '-U', 'HOME', '-ERVJIT_C=x=y', '-E', 'RVJIT_KEEP=new', '-U', 'RVJIT_NOT_SET', prog,
    'env', 'RVJIT_A', 'HOME', 'RVJIT_C', 'RVJIT_KEEP', 'RVJIT_INHERITED', 'RVJIT_EMPTY'], {
    env: { HOME: '/home/somebody', RVJIT_KEEP: 'old', RVJIT_INHERITED: 'from host', RVJIT_EMPTY: '' },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'RVJIT_A=b\nHOME unset\nRVJIT_C=x=y\nRVJIT_KEEP=new\nRVJIT_INHERITED=from host\nRVJIT_EMPTY=\n');
});

test('the guest sees the host environment otherwise unchanged', () => {
  const env = { RVJIT_ONE: '1', RVJIT_TWO: 'two words' };
  const r = rvjit(['run', prog, 'environ'], { env });
  assert.equal(r.status, 0, r.stderr);
  const guestEnv = r.stdout.split('\n').filter(Boolean);
  assert.ok(guestEnv.includes('RVJIT_ONE=1'));
  assert.ok(guestEnv.includes('RVJIT_TWO=two words'));
  assert.equal(guestEnv.filter((e) => e.startsWith('RVJIT_ONE=')).length, 1, 'no duplicates');
});

for (const code of [0, 1, 3, 42, 255]) {
  test(`exit status ${code} is passed through`, () => {
    const r = rvjit(['run', prog, 'exit', String(code)]);
    assert.equal(r.status, code, r.stderr);
    assert.equal(r.stderr, '');
  });
}

test('exit status is taken modulo 256, as by a shell', () => {
  assert.equal(rvjit(['run', prog, 'exit', '256']).status, 0);
  assert.equal(rvjit(['run', prog, 'exit', '-1']).status, 255);
});

test('stdin is passed through', () => {
  const text = 'line one\nline two\n\nlast line without newline';
  const r = rvjit(['run', prog, 'echo'], { input: text });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, text);
});

test('large and binary stdin is passed through intact', () => {
  const bytes = Buffer.alloc(3 * 1024 * 1024 + 17);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + (i >> 9)) & 0xff;
  const input = bytes.toString('latin1');
  const r = rvjit(['run', prog, 'echo'], { input });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.length, input.length);
  assert.ok(r.stdout === input, 'stdout differs from stdin');
});

test('empty stdin gives end-of-file at once', () => {
  const r = rvjit(['run', prog, 'echo'], { input: '' });
  assert.equal(r.status, 0);
  assert.equal(r.stdout, '');
});

// ---- diagnostics ----

test('--strace prints system calls on stderr and leaves stdout alone', () => {
  const plain = rvjit(['run', prog, 'hello']);
  const traced = rvjit(['run', '--strace', prog, 'hello']);
  assert.equal(traced.status, 0);
  assert.equal(traced.stdout, plain.stdout);
  assert.equal(traced.stdout, 'hello, strace\n');
  assert.match(traced.stderr, /^(\d+ )?write\(1, "hello, strace\\n", 14\) = 14$/m);
  assert.match(traced.stderr, /^(\d+ )?exit_group\(0\) = \?$/m);
  assert.equal(plain.stderr, '');
});

test('--stats prints the statistics block on stderr, showing code ran from translated regions', () => {
  const r = rvjit(['run', '--stats', prog, 'interleave', '50']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, Array.from({ length: 50 }, (_, i) => `out ${i}\n`).join(''));
  const stats = r.stderr.slice(r.stderr.indexOf('rvjit stats:'));
  assert.match(stats, /^rvjit stats:$/m);
  const regions = /regions: (\d+) built/.exec(stats);
  assert.ok(regions && Number(regions[1]) > 0, `regions built > 0:\n${stats}`);
  const insns = /translated: (\d+) blocks, (\d+) guest instructions/.exec(stats);
  assert.ok(insns && Number(insns[1]) > 0 && Number(insns[2]) > 0, `translated instructions > 0:\n${stats}`);
  const jc = /jump cache: ([\d.]+)% hits \((\d+) hits, (\d+) misses\)/.exec(stats);
  assert.ok(jc, `jump cache line:\n${stats}`);
  assert.ok(Number(jc[1]) >= 0 && Number(jc[1]) <= 100);
  const exits = /exits to the runtime: (\d+) \((\d+)\/s\)/.exec(stats);
  assert.ok(exits && Number(exits[1]) > 0, `exits line:\n${stats}`);
  // Without --stats there is no block.
  assert.doesNotMatch(rvjit(['run', prog, 'exit', '0']).stderr, /rvjit stats/);
});

test('--stats adds up every guest thread, on whichever worker it ran', () => {
  // Three threads run 100,000 iterations of a 4-instruction loop the main thread never runs;
  // all interpreted, so each iteration counts.
  const r = rvjit(['run', '--stats', '--jit-threshold=1000000000', guest('thr_work'), '100000']);
  assert.equal(r.status, 0, r.stderr);
  const stats = r.stderr.slice(r.stderr.indexOf('rvjit stats:'));
  assert.match(stats, /time: [\d.]+ ms wall; 4 guest threads ran [\d.]+ ms in all = /);
  const interpreted = /interpreted: (\d+) guest instructions/.exec(stats);
  assert.ok(interpreted && Number(interpreted[1]) >= 3 * 100_000 * 4, `the threads' loops are counted:\n${stats}`);
  assert.match(stats, /ms of it blocked in system calls/, 'the main thread waits in pthread_join');
});

test('--stats counts the regions a thread adopted from another (same code, run one thread after another)', () => {
  const r = rvjit(['run', '--stats', guest('thr_share_rewrite')]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /[1-9]\d* wrong/);
  const adopted = /regions: \d+ built .*; (\d+) of them adopted from other threads/.exec(r.stderr);
  assert.ok(adopted && Number(adopted[1]) > 0, `the second thread adopts the first one's translation:\n${r.stderr}`);
});

test('a vCPU never adopts its own published regions (its rebuilds are for what it learned since)', () => {
  // smc_inlined_callee rebuilds pages whose code it rewrote back and forth, and pages to inline
  // callees that turned hot: taking its own earlier regions back would undo the latter.
  const r = rvjit(['run', '--stats', guest('smc_inlined_callee')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /regions: \d+ built \((\d+) rebuilt/);
  assert.doesNotMatch(r.stderr, /adopted from other threads/);
});

// ---- where the output goes ----

const interleaved = (n: number) => Array.from({ length: n }, (_, i) => `out ${i}\nerr ${i}\n`).join('');

test('unbuffered stdout and stderr writes keep their order on a shared pipe', () => {
  const r = shell('exec "$0" "$1" run "$2" interleave 40 2>&1');
  assert.equal(r.status, 0);
  assert.equal(r.stdout, interleaved(40));
});

test('stdout and stderr redirected to the same file keep their order', () => {
  const file = path.join(dir, 'both.txt');
  const r = shell('"$0" "$1" run "$2" interleave 40 > "$3" 2>&1', [file]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(fs.readFileSync(file, 'latin1'), interleaved(40));
});

test('guest output to a file continues at the shell\'s file offset', () => {
  // The guest inherits an open file description whose offset other processes have moved.
  const file = path.join(dir, 'sequence.txt');
  const r = shell('{ echo BEGIN; "$0" "$1" run "$2" hello; echo END; } > "$3"', [file]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(fs.readFileSync(file, 'latin1'), 'BEGIN\nhello, strace\nEND\n');
});

test('guest output appended to a file (>>)', () => {
  const file = path.join(dir, 'append.txt');
  fs.writeFileSync(file, 'existing line\n');
  const r = shell('"$0" "$1" run "$2" hello >> "$3"', [file]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(fs.readFileSync(file, 'latin1'), 'existing line\nhello, strace\n');
});

test('writing to a closed pipe ends the guest by SIGPIPE (status 141), without a stack trace', () => {
  const r = shell('"$0" "$1" run "$2" yes | head -n 1 > /dev/null; echo "status ${PIPESTATUS[0]}"');
  assert.equal(r.stdout, 'status 141\n');
  assert.doesNotMatch(r.stderr, /^\s+at /m);
  assert.doesNotMatch(r.stderr, /internal error/);
});
