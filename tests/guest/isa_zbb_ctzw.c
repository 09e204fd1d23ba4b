// rvjit-test: expect
// rvjit-cflags: -march=rv64gc_zbb
// rvjit-expect-status: 0
// rvjit-expect-stdout: 32 32 32 32 32 0 31 7\n
// ctzw counts the trailing zeros of the low 32-bit word only, so any value whose low word is
// zero gives 32 whatever the upper word holds. Expect mode because qemu-riscv64 7.2 gets this
// wrong (it returns the 64-bit count: 33 for 0x200000000, 63 for 1<<63); the values here follow
// the Zbb specification, which Linux on real hardware gives.
#include <stdio.h>
#include <stdint.h>

static uint64_t ctzw(uint64_t x) { uint64_t r; __asm__ volatile("ctzw %0, %1" : "=r"(r) : "r"(x)); return r; }

int main(void) {
  static volatile uint64_t v[] = {0x200000000ull, 0x8000000000000000ull, 0x100000000ull, 0xffffffff00000000ull, 0,
                                  0x8000000000000001ull, 0x80000000ull, 0x123456780ull};
  for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) printf(i ? " %llu" : "%llu", (unsigned long long)ctzw(v[i]));
  printf("\n");
  return 0;
}
