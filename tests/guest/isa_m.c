// rvjit-test: qemu
// M extension: every multiply and divide instruction, including the cases RISC-V defines instead
// of trapping (division by zero gives all ones / the dividend; INT_MIN / -1 overflows to INT_MIN
// with remainder 0) and the W forms, which must ignore the upper 32 bits of their operands and
// sign-extend their 32-bit result. The edge cases are printed one by one; the full cross product
// of edge values is hashed per instruction.
#include <stdio.h>
#include <stdint.h>

typedef uint64_t u64;

static const u64 V[] = {
  0, 1, 2, 3, 7, 0xffffffffffffffff, 0xfffffffffffffffe, 0xfffffffffffffff9, 0x7fffffff, 0x80000000,
  0xffffffff, 0xffffffff80000000, 0x100000000, 0x1ffffffff, 0x7fffffffffffffff, 0x8000000000000000,
  0x8000000000000001, 0x123456789abcdef0, 0xfedcba9876543210, 0xdeadbeef00000000, 0x00000001ffffffff,
  0xffffffff00000001, 0xffffffff00000000, 0xcafebabe, 0x5555555555555555, 0xaaaaaaaaaaaaaaab,
};
#define NV (sizeof V / sizeof V[0])

#define RR(fn, insn) \
  static u64 fn(u64 a, u64 b) { u64 r; __asm__ volatile(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
RR(mul, "mul") RR(mulh, "mulh") RR(mulhsu, "mulhsu") RR(mulhu, "mulhu") RR(mulw, "mulw")
RR(div_, "div") RR(divu, "divu") RR(rem, "rem") RR(remu, "remu")
RR(divw, "divw") RR(divuw, "divuw") RR(remw, "remw") RR(remuw, "remuw")

/* rd = rs1 = rs2 and rd = rs1: operands must be read before the result is written. */
static u64 mulh_same(u64 a) { __asm__ volatile("mulh %0, %0, %0" : "+r"(a)); return a; }
static u64 div_same(u64 a) { __asm__ volatile("div %0, %0, %0" : "+r"(a)); return a; }
static u64 remu_same(u64 a) { __asm__ volatile("remu %0, %0, %0" : "+r"(a)); return a; }
/* Division by x0 directly. */
static u64 div_x0(u64 a) { u64 r; __asm__ volatile("div %0, %1, zero" : "=r"(r) : "r"(a)); return r; }
static u64 rem_x0(u64 a) { u64 r; __asm__ volatile("rem %0, %1, zero" : "=r"(r) : "r"(a)); return r; }
static u64 remuw_x0(u64 a) { u64 r; __asm__ volatile("remuw %0, %1, zero" : "=r"(r) : "r"(a)); return r; }

static const struct { const char *name; u64 (*fn)(u64, u64); } OPS[] = {
  {"mul", mul}, {"mulh", mulh}, {"mulhsu", mulhsu}, {"mulhu", mulhu}, {"mulw", mulw},
  {"div", div_}, {"divu", divu}, {"rem", rem}, {"remu", remu},
  {"divw", divw}, {"divuw", divuw}, {"remw", remw}, {"remuw", remuw},
};

#define P(expr) printf("%-44s = %016llx\n", #expr, (unsigned long long)(expr))

int main(void) {
  const u64 MIN64 = 0x8000000000000000ull, MIN32 = 0xffffffff80000000ull, M1 = ~0ull;
  /* Division by zero. */
  P(div_(7, 0)); P(div_(MIN64, 0)); P(divu(7, 0)); P(rem(7, 0)); P(rem(M1, 0)); P(remu(7, 0)); P(remu(M1, 0));
  P(divw(7, 0)); P(divw(0x123456789ull, 0)); P(divuw(7, 0)); P(remw(7, 0)); P(remw(0x1ffffffffull, 0));
  P(remw(0x180000000ull, 0)); P(remuw(0x80000000ull, 0)); P(remuw(0xffffffff7fffffffull, 0));
  /* Signed overflow. */
  P(div_(MIN64, M1)); P(rem(MIN64, M1)); P(divu(MIN64, M1)); P(remu(MIN64, M1));
  P(divw(MIN32, M1)); P(remw(MIN32, M1)); P(divw(0x80000000ull, 0xffffffffull)); P(remw(0x80000000ull, 0xffffffffull));
  P(divuw(0x80000000ull, 0xffffffffull)); P(remuw(0x80000000ull, 0xffffffffull));
  /* Signs of quotient and remainder (truncating division). */
  P(div_(-7ll, 2)); P(rem(-7ll, 2)); P(div_(7, -2ll)); P(rem(7, -2ll)); P(divw(-7ll, 2)); P(remw(-7ll, 2));
  P(divu(-7ll, 2)); P(remu(-7ll, 2)); P(divuw(-7ll, 2)); P(remuw(-7ll, 2));
  /* W forms ignore the upper halves of their operands. */
  P(divw(0xdead00000000000eull, 0xbeef000000000003ull)); P(mulw(0x1234567800000003ull, 0xffffffff00000005ull));
  P(mulw(0x10000ull, 0x10000ull)); P(mulw(0x7fffffffull, 2));
  /* High halves of products on sign edges. */
  P(mulh(MIN64, MIN64)); P(mulh(MIN64, M1)); P(mulh(M1, M1)); P(mulh(0x7fffffffffffffffull, 0x7fffffffffffffffull));
  P(mulh(MIN64, 0x7fffffffffffffffull)); P(mulh(M1, 1));
  P(mulhsu(M1, M1)); P(mulhsu(MIN64, M1)); P(mulhsu(1, M1)); P(mulhsu(M1, 1)); P(mulhsu(MIN64, MIN64));
  P(mulhsu(0x7fffffffffffffffull, M1));
  P(mulhu(M1, M1)); P(mulhu(MIN64, 2)); P(mulhu(M1, 2)); P(mulhu(0x100000000ull, 0x100000000ull));
  P(mul(MIN64, M1)); P(mul(0x123456789abcdef0ull, 0xfedcba9876543210ull));
  P(mulh_same(MIN64)); P(mulh_same(M1)); P(mulh_same(0x123456789abcdef0ull));
  P(div_same(0)); P(div_same(MIN64)); P(div_same(-5ll)); P(remu_same(0)); P(remu_same(99));
  P(div_x0(42)); P(rem_x0(42)); P(remuw_x0(0xffffffff80000000ull));
  for (unsigned k = 0; k < sizeof OPS / sizeof OPS[0]; k++) {
    u64 h = 1469598103934665603ull;
    for (unsigned i = 0; i < NV; i++)
      for (unsigned j = 0; j < NV; j++) {
        h ^= OPS[k].fn(V[i], V[j]);
        h *= 1099511628211ull;
        h ^= h >> 29;
      }
    printf("%-8s hash %016llx\n", OPS[k].name, (unsigned long long)h);
  }
  return 0;
}
