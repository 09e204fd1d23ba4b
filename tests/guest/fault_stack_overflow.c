// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: recursing\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x[0-9a-f]+, address 0x[0-9a-f]+\n$
// Unbounded recursion: the stack grows down to its limit (8 MiB by default) and the next push
// faults below it: SIGSEGV. Must neither hang nor crash the emulator.
#include <stdio.h>

static volatile long sink, stop = -1; /* never reached; keeps the compiler from seeing endless recursion */

static long down(long n) {
  volatile char frame[256];
  frame[n & 255] = (char)n;
  sink += frame[(n * 7) & 255];
  return n == stop ? 0 : down(n + 1) + frame[0];
}

int main(void) {
  printf("recursing\n");
  fflush(stdout);
  return (int)down(0);
}
