// rvjit-test: qemu
// Integer-to-float conversions (fcvt.{d,s}.{w,wu,l,lu}) at the edges of exactness: integers around
// 2^24 and 2^53 (the significands of a single and a double), 2^54, 2^25 and 2^62, both signs, in
// all four rounding modes, with the flags read after each. Translated code decides exactness by
// an integer range test first (jit/insns/fp.ts fromInt); a hash of results and flags is printed.
#include <fenv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
static unsigned flags(void) { unsigned f; __asm__ volatile("frflags %0" : "=r"(f)); __asm__ volatile("fsflags zero"); return f; }
int main(void) {
  static const int RM[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  int64_t base[] = {1ll << 53, 1ll << 24, 1ll << 54, 1ll << 25, 1ll << 62};
  uint64_t h = 1469598103934665603ull;
  for (int r = 0; r < 4; r++) {
    fesetround(RM[r]);
    for (int rep = 0; rep < 200; rep++)
    for (int b = 0; b < 5; b++) for (int d = -3; d <= 3; d++) for (int s = -1; s <= 1; s += 2) {
      volatile int64_t v = s * (base[b] + d);
      volatile uint64_t u = (uint64_t)v;
      double x; float y; uint64_t bx; uint32_t by;
      flags();
      x = (double)v; memcpy(&bx, &x, 8); h = (h ^ bx) * 1099511628211ull; h = (h ^ flags()) * 1099511628211ull;
      y = (float)v; memcpy(&by, &y, 4); h = (h ^ by) * 1099511628211ull; h = (h ^ flags()) * 1099511628211ull;
      x = (double)u; memcpy(&bx, &x, 8); h = (h ^ bx) * 1099511628211ull; h = (h ^ flags()) * 1099511628211ull;
      y = (float)u; memcpy(&by, &y, 4); h = (h ^ by) * 1099511628211ull; h = (h ^ flags()) * 1099511628211ull;
      volatile int32_t w = (int32_t)v; volatile uint32_t wu = (uint32_t)v;
      x = (double)w; memcpy(&bx, &x, 8); h = (h ^ bx) * 1099511628211ull; h = (h ^ flags()) * 1099511628211ull;
      y = (float)w; memcpy(&by, &y, 4); h = (h ^ by) * 1099511628211ull; h = (h ^ flags()) * 1099511628211ull;
      y = (float)wu; memcpy(&by, &y, 4); h = (h ^ by) * 1099511628211ull; h = (h ^ flags()) * 1099511628211ull;
    }
  }
  printf("%016llx\n", (unsigned long long)h);
  return 0;
}
