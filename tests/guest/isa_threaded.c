// rvjit-test: qemu
// Threaded code: a byte-code interpreter whose handlers end in computed jumps (GCC's `goto *`)
// to each other, the shape rvjit compiles into one wasm function that dispatches those jumps
// itself (jit/compile-region.ts, isThreaded). Handlers with loops of their own, a handler that
// calls out, jumps to addresses that are no handler's start (the end of the table: a jump out
// of the function), and a program that only stops when SIGALRM's handler sets a flag, so a
// vCPU spinning on computed jumps must still answer the signal.
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

enum { OP_PUSH, OP_ADD, OP_MUL, OP_DUP, OP_SWAP, OP_JNZ, OP_DEC, OP_MIX, OP_CALL, OP_STOPPED, OP_HALT, NOPS };

static volatile sig_atomic_t stop;
static uint64_t called;

__attribute__((noinline)) static uint64_t helper(uint64_t x) {
  called++;
  return x * 0x9e3779b97f4a7c15u ^ (x >> 29);
}

__attribute__((noinline)) static uint64_t run(const int32_t *code, uint64_t *out_steps) {
  static void *const table[NOPS] = {&&push, &&add, &&mul, &&dup, &&swap, &&jnz, &&dec, &&mix, &&call, &&stopped, &&halt};
  uint64_t stack[64];
  int sp = 0;
  uint64_t steps = 0;
  const int32_t *pc = code;
#define NEXT goto *table[*pc++]
  NEXT;
push:
  steps++;
  stack[sp++] = (uint64_t)(int64_t)*pc++;
  NEXT;
add:
  steps++;
  sp--;
  stack[sp - 1] += stack[sp];
  NEXT;
mul:
  steps++;
  sp--;
  stack[sp - 1] *= stack[sp] | 1;
  NEXT;
dup:
  steps++;
  stack[sp] = stack[sp - 1];
  sp++;
  NEXT;
swap: {
  steps++;
  uint64_t t = stack[sp - 1];
  stack[sp - 1] = stack[sp - 2];
  stack[sp - 2] = t;
  NEXT;
}
jnz: {
  steps++;
  int32_t off = *pc++;
  if (stack[--sp] != 0) pc += off;
  NEXT;
}
dec:
  steps++;
  stack[sp - 1]--;
  NEXT;
mix: {
  /* A loop inside a handler. */
  steps++;
  uint64_t v = stack[sp - 1];
  for (int i = 0; i < 7; i++) v = (v << 7 | v >> 57) ^ (uint64_t)i * 0x5851f42d4c957f2du;
  stack[sp - 1] = v;
  NEXT;
}
call:
  steps++;
  stack[sp - 1] = helper(stack[sp - 1]);
  NEXT;
stopped:
  /* Pushes 1 until SIGALRM's handler sets the flag, then 0. */
  steps++;
  stack[sp++] = stop ? 0 : 1;
  NEXT;
halt:
  *out_steps = steps;
  return sp > 0 ? stack[sp - 1] : 0;
}

/* acc = 1; n = N; do { acc = mix(acc * n + 3); if (n % 8 == 0) acc = helper(acc); } while (--n); */
static const int32_t counted[] = {
  OP_PUSH, 1,          /* acc */
  OP_PUSH, 20000,      /* n */
  /* loop: stack = acc n */
  OP_DUP,              /* acc n n */
  OP_SWAP,             /* acc n n (exercise swap) */
  OP_PUSH, 0, OP_ADD,  /* acc n n */
  OP_SWAP,             /* acc n n */
  OP_PUSH, 0, OP_MUL,  /* acc n n*1 */
  OP_SWAP,             /* acc n' n */
  OP_JNZ, 0,           /* acc n' (pop, fall through either way) */
  OP_SWAP,             /* n acc */
  OP_MIX,              /* n acc' */
  OP_CALL,             /* n acc'' */
  OP_SWAP,             /* acc n */
  OP_DEC,              /* acc n-1 */
  OP_DUP,              /* acc n-1 n-1 */
  OP_JNZ, -20,         /* back to loop while n-1 != 0 */
  OP_SWAP, OP_HALT,
};

/* Spins until the alarm: counter++ while stopped() says 1. */
static const int32_t spinning[] = {
  OP_PUSH, 0,
  OP_DEC,              /* loop: counter-- */
  OP_STOPPED,          /* counter flag */
  OP_JNZ, -4,          /* while the flag is 1 */
  OP_HALT,
};

static void on_alarm(int sig) {
  (void)sig;
  stop = 1;
}

int main(void) {
  uint64_t steps;
  uint64_t r = run(counted, &steps);
  printf("counted: result %016llx, %llu steps, helper called %llu times\n", (unsigned long long)r,
         (unsigned long long)steps, (unsigned long long)called);

  signal(SIGALRM, on_alarm);
  alarm(1);
  r = run(spinning, &steps);
  /* How far the spin got depends on speed; that it stopped, and consistently, does not. */
  printf("spinning: stopped after the alarm, counter and steps agree: %s\n",
         (uint64_t)0 - r == (steps - 1) / 3 ? "yes" : "no");
  return 0;
}
