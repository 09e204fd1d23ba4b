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
static uint64_t h = 1469598103934665603ull;
static void mix(uint64_t v) { h = (h ^ v) * 1099511628211ull; }
/* Mixes a conversion's result bits, then the flags it raised. */
static void mix_double(double x) { uint64_t b; memcpy(&b, &x, 8); mix(b); mix(flags()); }
static void mix_float(float y) { uint32_t b; memcpy(&b, &y, 4); mix(b); mix(flags()); }
int main(void) {
  static const int RM[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  int64_t base[] = {1ll << 53, 1ll << 24, 1ll << 54, 1ll << 25, 1ll << 62};
  for (int r = 0; r < 4; r++) {
    fesetround(RM[r]);
    for (int rep = 0; rep < 200; rep++)
    for (int b = 0; b < 5; b++) for (int d = -3; d <= 3; d++) for (int s = -1; s <= 1; s += 2) {
      volatile int64_t v = s * (base[b] + d);
      volatile uint64_t u = (uint64_t)v;
      flags();
      mix_double((double)v);
      mix_float((float)v);
      mix_double((double)u);
      mix_float((float)u);
      volatile int32_t w = (int32_t)v; volatile uint32_t wu = (uint32_t)v;
      mix_double((double)w);
      mix_float((float)w);
      mix_float((float)wu);
    }
  }
  printf("%016llx\n", (unsigned long long)h);
  return 0;
}
