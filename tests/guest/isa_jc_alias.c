// rvjit-test: qemu
// Two functions exactly 64 KiB apart, called in turn from one loop. Their entry addresses agree
// in every bit from 1 to 15, so a jump cache indexed by those bits alone gives both one entry and
// each call evicts the other's (test/tiers.test.ts checks with --stats that the calls hit).
// Called 100,000 times each: few enough that neither becomes hot enough to be inlined.
#include <stdio.h>
#include <stdlib.h>

__attribute__((noipa, aligned(65536))) long first(long x) { return x * 3 + 1; }
__attribute__((noipa, aligned(65536))) long second(long x) { return x ^ (x >> 3); }

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000, s = 0;
  if ((char *)second - (char *)first != 65536 && (char *)first - (char *)second != 65536)
    printf("layout: functions %ld bytes apart\n", (long)((char *)second - (char *)first));
  for (long i = 0; i < n; i++) s = first(s) + second(s + i);
  printf("sum %lx\n", (unsigned long)s);
  return 0;
}
