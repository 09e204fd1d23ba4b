// rvjit-test: qemu
// Fused multiply-adds with the accrued flags cleared before each one, so that translated code
// must decide NX inline (jit/insns/fp.ts fmaIsExact: exact products and sums are proven exact,
// anything else goes to the slow path). Operands have few significant bits, so that many results
// are exact, at exponents that make products tiny (around 2^-969, where the product's rounding
// error stops being representable, and below the normal range), huge, or cancel against the
// addend; plus zeros, infinities and NaNs. Prints a hash of every result and flag set, and how
// many results raised NX, per instruction and rounding mode.
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t state = 0x9e3779b97f4a7c15u;
static uint64_t next(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

static double from_bits(uint64_t u) {
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}

static uint64_t to_bits(double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return u;
}

/* A value with `bits` significant bits and binary exponent `exp` (may be subnormal or zero). */
static double value(int bits, int exp) {
  uint64_t m = (next() | 1) & ((bits >= 64 ? ~0ull : (1ull << bits) - 1) | 1);
  m |= 1ull << (bits - 1); /* the leading bit */
  double d = ldexp((double)m, exp - (bits - 1)); /* may round into the subnormals: any value will do */
  return next() & 1 ? -d : d;
}

static const int BITS[] = {1, 2, 3, 5, 8, 12, 26, 27, 53};
static const int EXPS[] = {0, 1, -1, 3, -5, 20, -30, 60, -484, -485, -486, -500, -520, -540, -1000, -1030, -1060, 500, 511, 512, 1000};

static double operand(void) {
  uint64_t r = next() % 64;
  if (r == 0) return 0.0;
  if (r == 1) return -0.0;
  if (r == 2) return from_bits(0x7ff0000000000000ull);
  if (r == 3) return from_bits(0x7ff8000000000000ull);
  return value(BITS[next() % (sizeof BITS / sizeof BITS[0])], EXPS[next() % (sizeof EXPS / sizeof EXPS[0])]);
}

static unsigned flags_after_clear_run(int op, double a, double b, double c, double *out) {
  unsigned f;
  double r;
  __asm__ volatile("fsflags zero");
  switch (op) {
    case 0: __asm__ volatile("fmadd.d %0, %1, %2, %3" : "=f"(r) : "f"(a), "f"(b), "f"(c)); break;
    case 1: __asm__ volatile("fmsub.d %0, %1, %2, %3" : "=f"(r) : "f"(a), "f"(b), "f"(c)); break;
    case 2: __asm__ volatile("fnmsub.d %0, %1, %2, %3" : "=f"(r) : "f"(a), "f"(b), "f"(c)); break;
    default: __asm__ volatile("fnmadd.d %0, %1, %2, %3" : "=f"(r) : "f"(a), "f"(b), "f"(c)); break;
  }
  __asm__ volatile("frflags %0" : "=r"(f));
  *out = r;
  return f;
}

int main(void) {
  static const int MODES[] = {FE_TONEAREST, FE_UPWARD};
  static const char *const NAMES[] = {"fmadd.d", "fmsub.d", "fnmsub.d", "fnmadd.d"};
  for (int m = 0; m < 2; m++) {
    fesetround(MODES[m]);
    for (int op = 0; op < 4; op++) {
      uint64_t h = 1469598103934665603ull;
      unsigned inexact = 0;
      for (int k = 0; k < 8000; k++) {
        double a = operand(), b = operand(), c;
        switch (next() % 4) {
          case 0: c = operand(); break;
          case 1: c = -(a * b); break;                            /* cancels the rounded product */
          case 2: c = -(a * b) + value(3, EXPS[next() % 8]); break; /* nearly cancels */
          default: c = value(2, 0); break;                          /* a small exact offset */
        }
        double r;
        unsigned f = flags_after_clear_run(op, a, b, c, &r);
        inexact += (f & 1) != 0;
        h = (h ^ to_bits(r)) * 1099511628211ull;
        h = (h ^ f) * 1099511628211ull;
      }
      printf("%s %s: %u of 8000 inexact, hash %016llx\n", NAMES[op], m ? "rup" : "rne", inexact, (unsigned long long)h);
    }
  }
  return 0;
}
