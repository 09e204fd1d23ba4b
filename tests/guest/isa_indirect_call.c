// rvjit-test: qemu
// Calls through a function pointer (jalr ra) from a hot loop to small functions on pages of
// their own. rvjit learns the targets such a call takes and inlines hot ones into the caller's
// translation (jit/plan.ts inlineCallees; test/tiers.test.ts checks with --stats that it does),
// comparing the actual target at each call: the pointer here changes between three functions,
// in runs and call by call, and every call must reach the function it names. With an argument N
// it runs the loop N times (1,000 calls each) through the first function only.
#include <stdio.h>
#include <stdlib.h>

#define PAGE 4096

typedef long (*fn)(long);

__attribute__((noipa, aligned(PAGE))) long add_one(long x) { return x + 1; }
__attribute__((noipa, aligned(PAGE))) long twice(long x) { return x * 2; }
__attribute__((noipa, aligned(PAGE))) long flip(long x) { return x ^ 5; }

__attribute__((noipa, aligned(PAGE))) long loop(fn const *f, long n, long mask) {
  long s = 0;
  for (long i = 0; i < n; i++) s = s * 31 + f[i & mask](i);
  return s;
}

int main(int argc, char **argv) {
  fn one[1] = {add_one};
  if (argc > 1) {
    long sum = 0;
    for (int k = atoi(argv[1]); k > 0; k--) sum ^= loop(one, 1000, 0);
    printf("%ld\n", sum);
    return 0;
  }
  fn table[4] = {add_one, twice, flip, add_one};
  long sum = 0;
  // Runs of one target, long enough to be hot and inlined, then another.
  for (int k = 0; k < 300; k++) sum ^= loop(one, 1000, 0);
  printf("add_one: %ld\n", sum);
  fn other[1] = {twice};
  for (int k = 0; k < 300; k++) sum ^= loop(other, 1000, 0);
  printf("twice: %ld\n", sum);
  // Every call a different target.
  for (int k = 0; k < 300; k++) sum ^= loop(table, 1000 + k, 3);
  printf("mixed: %ld\n", sum);
  fn last[1] = {flip};
  for (int k = 0; k < 300; k++) sum ^= loop(last, 1000, 0);
  printf("flip: %ld\n", sum);
  return 0;
}
