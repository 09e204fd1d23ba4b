// rvjit-test: qemu
// Floating point: results and accumulated flags of arithmetic, conversions, comparisons and
// fused multiply-add over special values, in every rounding mode.
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <fenv.h>

static const double D[] = {0.0, -0.0, 1.0, -1.0, 1.5, 0.1, 3.0, 1e308, -1e308, 4.9e-324, 2.2250738585072014e-308,
  1e-310, INFINITY, -INFINITY, NAN, 2147483647.5, -2147483648.5, 4294967295.7, 9.2233720368547758e18, 1.8446744073709552e19,
  123456789.123, -0.49999999999999994, 0.5, 2.5, -2.5, 6.02214076e23};
#define ND (sizeof D / sizeof D[0])
static const float F[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.1f, 3.0f, 3.4e38f, 1.4e-45f, 1.17549435e-38f, INFINITY, NAN, 2.5f, -2.5f, 16777217.0f, 0.3f};
#define NF (sizeof F / sizeof F[0])
static const int RM[] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};

static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static unsigned flags(void) { unsigned f; __asm__ volatile("frflags %0" : "=r"(f)); __asm__ volatile("fsflags zero"); return f; }

int main(void) {
  volatile double a, b, c; volatile float x, y, z;
  unsigned long h = 1469598103934665603ul;
#define MIX(v) do { h ^= (uint64_t)(v); h *= 1099511628211ul; } while (0)
  for (int r = 0; r < 4; r++) {
    fesetround(RM[r]);
    for (unsigned i = 0; i < ND; i++) for (unsigned j = 0; j < ND; j++) {
      a = D[i]; b = D[j]; c = D[(i + j) % ND];
      flags();
      MIX(bits(a + b)); MIX(flags()); MIX(bits(a - b)); MIX(flags()); MIX(bits(a * b)); MIX(flags());
      MIX(bits(a / b)); MIX(flags()); MIX(bits(fma(a, b, c))); MIX(flags()); MIX(bits(fma(-a, b, c))); MIX(flags());
      MIX(a < b); MIX(flags()); MIX(a <= b); MIX(flags()); MIX(a == b); MIX(flags());
      MIX(bits(fmin(a, b))); MIX(flags()); MIX(bits(fmax(a, b))); MIX(flags());
    }
    for (unsigned i = 0; i < ND; i++) {
      a = D[i];
      MIX(bits(sqrt(a))); MIX(flags()); MIX((long)a); MIX(flags()); MIX((unsigned long)a); MIX(flags());
      MIX((int)a); MIX(flags()); MIX((unsigned)a); MIX(flags()); MIX(lrint(a)); MIX(flags());
      MIX(fbits((float)a)); MIX(flags()); MIX(bits(rint(a))); MIX(flags());
      long l = (long)(a * 1e3); MIX(bits((double)l)); MIX(flags()); MIX(fbits((float)l)); MIX(flags());
      MIX(bits((double)(unsigned long)l)); MIX(flags());
    }
    for (unsigned i = 0; i < NF; i++) for (unsigned j = 0; j < NF; j++) {
      x = F[i]; y = F[j]; z = F[(i * 7 + j) % NF];
      MIX(fbits(x + y)); MIX(flags()); MIX(fbits(x - y)); MIX(flags()); MIX(fbits(x * y)); MIX(flags());
      MIX(fbits(x / y)); MIX(flags()); MIX(fbits(fmaf(x, y, z))); MIX(flags()); MIX(x < y); MIX(flags());
      MIX(fbits(fminf(x, y))); MIX(flags()); MIX(bits((double)x)); MIX(flags()); MIX(fbits(sqrtf(x))); MIX(flags());
      MIX((long)x); MIX(flags()); MIX((unsigned)x); MIX(flags());
    }
    printf("rounding mode %d: hash %016lx\n", r, h);
  }
  return 0;
}
