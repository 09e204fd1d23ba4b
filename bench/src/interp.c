/*
 * interp: a byte-code interpreter loop (integer kernel).
 *
 * A small stack machine (locals, calls, a global memory) runs four byte-code programs
 * assembled at start-up: a prime sieve, recursive Fibonacci, Collatz step counting and a
 * sum of gcds. The same byte code runs under two dispatchers: a `switch` in a loop (one
 * indirect jump through a table) and GNU C computed gotos (an indirect jump at the end of
 * every handler). Either way nearly every guest instruction sequence ends in an indirect
 * branch whose target depends on the data, the case that stresses an emulator's
 * indirect-branch handling. Both dispatchers must agree.
 *
 * Usage: interp [rounds]   (default 10)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op {
  PUSH, POP, DUP, SWAP, ADD, SUB, MUL, MOD, AND, SHR, LT, EQ,
  JMP, JZ, JNZ, LOAD, STORE, INC, GLOAD, GSTORE, CALL, RET, ACC, HALT, NOPS
};

/* ---- assembler: emits code and resolves forward references to labels ---- */

#define MAXCODE 1024
#define MAXLABELS 64
static int32_t code[MAXCODE];
static int ncode;
static int label_at[MAXLABELS];
static struct { int at, label; } fixups[MAXLABELS * 4];
static int nfixups, nlabels;

static int new_label(void) { label_at[nlabels] = -1; return nlabels++; }
static void here(int l) { label_at[l] = ncode; }
static void op0(enum op o) { code[ncode++] = o; }
static void op1(enum op o, int32_t arg) { code[ncode++] = o; code[ncode++] = arg; }
static void jump(enum op o, int l) {
  code[ncode++] = o;
  fixups[nfixups].at = ncode;
  fixups[nfixups++].label = l;
  code[ncode++] = 0;
}
static void call(int l, int nargs) { jump(CALL, l); code[ncode++] = nargs; }
static void link(void) {
  for (int i = 0; i < nfixups; i++) code[fixups[i].at] = label_at[fixups[i].label];
}

/* ---- the programs ---- */

static int f_sieve, f_fib, f_collatz, f_gcd, f_gcdsum;

/* count primes below local0, using global memory as the composite flags */
static void asm_sieve(void) {
  int outer = new_label(), inner = new_label(), next = new_label(), done = new_label();
  here(f_sieve);
  op1(PUSH, 2); op1(STORE, 1);                 /* i = 2 */
  op1(PUSH, 0); op1(STORE, 2);                 /* count = 0 */
  here(outer);
  op1(LOAD, 1); op1(LOAD, 0); op0(LT); jump(JZ, done);
  op1(LOAD, 1); op0(GLOAD); jump(JNZ, next);
  op1(INC, 2);
  op1(LOAD, 1); op0(DUP); op0(MUL); op1(STORE, 3); /* j = i * i */
  here(inner);
  op1(LOAD, 3); op1(LOAD, 0); op0(LT); jump(JZ, next);
  op1(PUSH, 1); op1(LOAD, 3); op0(GSTORE);
  op1(LOAD, 3); op1(LOAD, 1); op0(ADD); op1(STORE, 3);
  jump(JMP, inner);
  here(next);
  op1(INC, 1); jump(JMP, outer);
  here(done);
  op1(LOAD, 2); op0(RET);
}

static void asm_fib(void) {
  int rec = new_label();
  here(f_fib);
  op1(LOAD, 0); op1(PUSH, 2); op0(LT); jump(JZ, rec);
  op1(LOAD, 0); op0(RET);
  here(rec);
  op1(LOAD, 0); op1(PUSH, 1); op0(SUB); call(f_fib, 1);
  op1(LOAD, 0); op1(PUSH, 2); op0(SUB); call(f_fib, 1);
  op0(ADD); op0(RET);
}

/* total Collatz steps to reach 1 from every x in 1..local0 */
static void asm_collatz(void) {
  int loop = new_label(), walk = new_label(), even = new_label(), count = new_label(), next = new_label(),
      done = new_label();
  here(f_collatz);
  op1(PUSH, 0); op1(STORE, 1);
  op1(PUSH, 1); op1(STORE, 2);
  here(loop);
  op1(LOAD, 0); op1(LOAD, 2); op0(LT); jump(JNZ, done);
  op1(LOAD, 2); op1(STORE, 3);
  here(walk);
  op1(LOAD, 3); op1(PUSH, 1); op0(EQ); jump(JNZ, next);
  op1(LOAD, 3); op1(PUSH, 1); op0(AND); jump(JZ, even);
  op1(LOAD, 3); op1(PUSH, 3); op0(MUL); op1(PUSH, 1); op0(ADD); op1(STORE, 3); jump(JMP, count);
  here(even);
  op1(LOAD, 3); op1(PUSH, 1); op0(SHR); op1(STORE, 3);
  here(count);
  op1(INC, 1); jump(JMP, walk);
  here(next);
  op1(INC, 2); jump(JMP, loop);
  here(done);
  op1(LOAD, 1); op0(RET);
}

static void asm_gcd(void) {
  int loop = new_label(), done = new_label();
  here(f_gcd);
  here(loop);
  op1(LOAD, 1); jump(JZ, done);
  op1(LOAD, 0); op1(LOAD, 1); op0(MOD);        /* t = a % b */
  op1(LOAD, 1); op1(STORE, 0); op1(STORE, 1);  /* a = b; b = t */
  jump(JMP, loop);
  here(done);
  op1(LOAD, 0); op0(RET);
}

/* sum of gcd(i, j) over 1 <= i, j <= local0 */
static void asm_gcdsum(void) {
  int li = new_label(), lj = new_label(), nexti = new_label(), done = new_label();
  here(f_gcdsum);
  op1(PUSH, 0); op1(STORE, 1);
  op1(PUSH, 1); op1(STORE, 2);
  here(li);
  op1(LOAD, 0); op1(LOAD, 2); op0(LT); jump(JNZ, done);
  op1(PUSH, 1); op1(STORE, 3);
  here(lj);
  op1(LOAD, 0); op1(LOAD, 3); op0(LT); jump(JNZ, nexti);
  op1(LOAD, 2); op1(LOAD, 3); call(f_gcd, 2);
  op1(LOAD, 1); op0(ADD); op1(STORE, 1);
  op1(INC, 3); jump(JMP, lj);
  here(nexti);
  op1(INC, 2); jump(JMP, li);
  here(done);
  op1(LOAD, 1); op0(RET);
}

/* main: arguments are patched into the PUSHes at the recorded offsets */
static int arg_at[4];
static void assemble(void) {
  f_sieve = new_label(); f_fib = new_label(); f_collatz = new_label(); f_gcd = new_label(); f_gcdsum = new_label();
  op1(PUSH, 0); arg_at[0] = ncode - 1; call(f_sieve, 1); op0(ACC);
  op1(PUSH, 0); arg_at[1] = ncode - 1; call(f_fib, 1); op0(ACC);
  op1(PUSH, 0); arg_at[2] = ncode - 1; call(f_collatz, 1); op0(ACC);
  op1(PUSH, 0); arg_at[3] = ncode - 1; call(f_gcdsum, 1); op0(ACC);
  op0(HALT);
  asm_sieve(); asm_fib(); asm_collatz(); asm_gcd(); asm_gcdsum();
  link();
}

/* ---- the machine ---- */

#define MEMSIZE 65536
#define DEPTH 256
#define NLOCALS 4
static uint8_t mem[MEMSIZE];

/*
 * Every instruction's semantics, written once and expanded into both dispatchers.
 * uint64_t arithmetic wraps instead of overflowing. A call moves its arguments from the
 * operand stack into a fresh frame of locals; a return leaves the result on the stack.
 */
#define OPS(X)                                                                  \
  X(PUSH, st[sp++] = (uint64_t)code[pc++];)                                     \
  X(POP, sp--;)                                                                 \
  X(DUP, st[sp] = st[sp - 1]; sp++;)                                            \
  X(SWAP, { uint64_t t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; }) \
  X(ADD, sp--; st[sp - 1] += st[sp];)                                           \
  X(SUB, sp--; st[sp - 1] -= st[sp];)                                           \
  X(MUL, sp--; st[sp - 1] *= st[sp];)                                           \
  X(MOD, sp--; st[sp - 1] = st[sp] ? st[sp - 1] % st[sp] : 0;)                  \
  X(AND, sp--; st[sp - 1] &= st[sp];)                                           \
  X(SHR, sp--; st[sp - 1] >>= (st[sp] & 63);)                                   \
  X(LT, sp--; st[sp - 1] = st[sp - 1] < st[sp];)                                \
  X(EQ, sp--; st[sp - 1] = st[sp - 1] == st[sp];)                               \
  X(JMP, pc = code[pc];)                                                        \
  X(JZ, pc = st[--sp] == 0 ? code[pc] : pc + 1;)                                \
  X(JNZ, pc = st[--sp] != 0 ? code[pc] : pc + 1;)                               \
  X(LOAD, st[sp++] = fp[code[pc++]];)                                           \
  X(STORE, fp[code[pc++]] = st[--sp];)                                          \
  X(INC, fp[code[pc++]]++;)                                                     \
  X(GLOAD, st[sp - 1] = mem[st[sp - 1] % MEMSIZE];)                             \
  X(GSTORE, sp -= 2; mem[st[sp + 1] % MEMSIZE] = (uint8_t)st[sp];)              \
  X(CALL, {                                                                     \
    int target = code[pc];                                                      \
    int nargs = code[pc + 1];                                                   \
    ret[depth++] = pc + 2;                                                      \
    fp += NLOCALS;                                                              \
    for (int i = nargs - 1; i >= 0; i--) fp[i] = st[--sp];                      \
    pc = target;                                                                \
  })                                                                            \
  X(RET, pc = ret[--depth]; fp -= NLOCALS;)                                     \
  X(ACC, acc = acc * 1000003u + st[--sp];)                                      \
  X(HALT, return acc;)

static uint64_t run_switch(void) {
  uint64_t st[DEPTH], frames[DEPTH * NLOCALS], *fp = frames, acc = 0;
  int ret[DEPTH], depth = 0, sp = 0, pc = 0;
  for (;;) {
    switch ((enum op)code[pc++]) {
#define CASE(name, body) case name: body break;
      OPS(CASE)
#undef CASE
    default: return ~0ull;
    }
  }
}

static uint64_t run_threaded(void) {
  uint64_t st[DEPTH], frames[DEPTH * NLOCALS], *fp = frames, acc = 0;
  int ret[DEPTH], depth = 0, sp = 0, pc = 0;
#define ADDR(name, body) [name] = &&L_##name,
  static void *const handlers[NOPS] = { OPS(ADDR) };
#undef ADDR
#define NEXT goto *handlers[code[pc++]]
  NEXT;
#define LABEL(name, body) L_##name: body NEXT;
  OPS(LABEL)
#undef LABEL
#undef NEXT
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 10;
  assemble();
  uint64_t check = 0;
  int mismatches = 0;
  for (int r = 0; r < rounds; r++) {
    code[arg_at[0]] = 40000 + r * 100; /* sieve limit (< MEMSIZE) */
    code[arg_at[1]] = 18 + r % 3;      /* fib(n) */
    code[arg_at[2]] = 2000 + r * 10;   /* Collatz range */
    code[arg_at[3]] = 40 + r % 5;      /* gcd-sum range */
    memset(mem, 0, sizeof mem);
    uint64_t a = run_switch();
    memset(mem, 0, sizeof mem);
    uint64_t b = run_threaded();
    if (a != b) mismatches++;
    check = check * 31 + a;
  }
  printf("interp: rounds=%d mismatches=%d checksum=%016llx\n", rounds, mismatches, (unsigned long long)check);
  return mismatches != 0;
}
