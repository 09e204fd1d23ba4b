// rvjit-test: qemu
// A extension: every AMO in .w and .d form (with and without .aq/.rl/.aqrl, which are different
// encodings), over sign-boundary values for amomin/amomax/amominu/amomaxu; the value returned in
// rd (sign-extended for .w) and the value left in memory are both checked, and a .w AMO must not
// touch the neighbouring word. Then lr/sc: success, failure without a reservation, failure on a
// different address, reservation cleared by sc; compiler-generated lr/sc loops (sub-word atomics,
// compare-and-swap); and a spinlock built on amoswap and one on lr/sc.
#include <stdio.h>
#include <stdint.h>

typedef uint64_t u64;
typedef uint32_t u32;

static const u64 V[] = {
  0, 1, 0xffffffffffffffff, 0x7fffffff, 0x80000000, 0xffffffff, 0xffffffff80000000, 0x7fffffffffffffff,
  0x8000000000000000, 0x8000000000000001, 0x100000000, 0x123456789abcdef0, 0x00000000fffffffe, 0xfffffffe00000001,
};
#define NV (sizeof V / sizeof V[0])

static u64 h = 1469598103934665603ull;
static void mix(u64 v) { h ^= v; h *= 1099511628211ull; h ^= h >> 29; }

/* The memory word sits inside a 16-byte block; the guards on both sides must survive. */
static volatile u64 block[4] __attribute__((aligned(16)));

#define AMO_D(fn, insn) \
  static u64 fn(u64 init, u64 v, u64 *after) { \
    block[0] = block[2] = 0x5a5a5a5a5a5a5a5aull; block[1] = init; u64 r; \
    __asm__ volatile(insn " %0, %2, (%1)" : "=r"(r) : "r"(&block[1]), "r"(v) : "memory"); \
    *after = block[1]; mix(block[0]); mix(block[2]); return r; }
/* .w operates on the low word of block[1]; the high word is a guard. */
#define AMO_W(fn, insn) \
  static u64 fn(u64 init, u64 v, u64 *after) { \
    block[0] = block[2] = 0x5a5a5a5a5a5a5a5aull; block[1] = (init & 0xffffffffull) | 0xa5a5a5a500000000ull; u64 r; \
    __asm__ volatile(insn " %0, %2, (%1)" : "=r"(r) : "r"(&block[1]), "r"(v) : "memory"); \
    *after = block[1]; mix(block[0]); mix(block[2]); return r; }

#define BOTH(op) AMO_D(op##_d, #op ".d") AMO_W(op##_w, #op ".w")
BOTH(amoswap) BOTH(amoadd) BOTH(amoxor) BOTH(amoand) BOTH(amoor) BOTH(amomin) BOTH(amomax) BOTH(amominu) BOTH(amomaxu)
AMO_D(amoadd_d_aq, "amoadd.d.aq") AMO_D(amoor_d_rl, "amoor.d.rl") AMO_D(amomax_d_aqrl, "amomax.d.aqrl")
AMO_W(amoswap_w_aq, "amoswap.w.aq") AMO_W(amominu_w_rl, "amominu.w.rl") AMO_W(amoxor_w_aqrl, "amoxor.w.aqrl")

typedef u64 (*amo_fn)(u64, u64, u64 *);
static const struct { const char *name; amo_fn fn; } OPS[] = {
#define E(op) {#op ".d", op##_d}, {#op ".w", op##_w},
  E(amoswap) E(amoadd) E(amoxor) E(amoand) E(amoor) E(amomin) E(amomax) E(amominu) E(amomaxu)
  {"amoadd.d.aq", amoadd_d_aq}, {"amoor.d.rl", amoor_d_rl}, {"amomax.d.aqrl", amomax_d_aqrl},
  {"amoswap.w.aq", amoswap_w_aq}, {"amominu.w.rl", amominu_w_rl}, {"amoxor.w.aqrl", amoxor_w_aqrl},
};

static void amos(void) {
  for (unsigned k = 0; k < sizeof OPS / sizeof OPS[0]; k++) {
    h = 1469598103934665603ull;
    for (unsigned i = 0; i < NV; i++)
      for (unsigned j = 0; j < NV; j++) {
        u64 after, r = OPS[k].fn(V[i], V[j], &after);
        mix(r); mix(after);
      }
    printf("%-14s %016llx\n", OPS[k].name, (unsigned long long)h);
  }
  /* Sign-boundary cases printed directly: (old value returned, new memory value). */
  u64 after, r;
#define SHOW(call) r = call; printf("%-44s -> rd %016llx mem %016llx\n", #call, (unsigned long long)r, (unsigned long long)after);
  SHOW(amomin_w(0x80000000, 0x7fffffff, &after)) SHOW(amomax_w(0x80000000, 0x7fffffff, &after))
  SHOW(amominu_w(0x80000000, 0x7fffffff, &after)) SHOW(amomaxu_w(0x80000000, 0x7fffffff, &after))
  SHOW(amomin_w(0xffffffff, 0x100000000, &after)) SHOW(amomaxu_w(0x1, 0xffffffff00000000ull, &after))
  SHOW(amomin_d(0x8000000000000000ull, 0x7fffffffffffffffull, &after))
  SHOW(amomax_d(0x8000000000000000ull, 0x7fffffffffffffffull, &after))
  SHOW(amominu_d(0x8000000000000000ull, 0x7fffffffffffffffull, &after))
  SHOW(amomaxu_d(0x8000000000000000ull, 0x7fffffffffffffffull, &after))
  SHOW(amomin_d(0xffffffffffffffffull, 0, &after)) SHOW(amominu_d(0xffffffffffffffffull, 0, &after))
  SHOW(amoadd_w(0x7fffffff, 1, &after)) SHOW(amoadd_d(0xffffffffffffffffull, 1, &after))
  SHOW(amoswap_w(0x80000000, 0x123456789ull, &after))
}

static void special_registers(void) {
  volatile u64 m = 10;
  u64 v = 5;
  /* rd = x0: memory is still updated. */
  __asm__ volatile("amoadd.d zero, %1, (%0)" : : "r"(&m), "r"(v) : "memory");
  printf("amoadd.d rd=x0: mem %llu\n", (unsigned long long)m);
  /* rd = rs2: the source is read before the old value is written back. */
  v = 7;
  __asm__ volatile("amoswap.d %0, %0, (%1)" : "+r"(v) : "r"(&m) : "memory");
  printf("amoswap.d rd=rs2: rd %llu mem %llu\n", (unsigned long long)v, (unsigned long long)m);
  /* rd = rs1: the address is used before rd is overwritten. */
  volatile u64 *p = &m;
  u64 a = (u64)p;
  __asm__ volatile("amoadd.d %0, %1, (%0)" : "+r"(a) : "r"(100ull) : "memory");
  printf("amoadd.d rd=rs1: rd %llu mem %llu\n", (unsigned long long)a, (unsigned long long)m);
  /* rs2 = x0: amoor with zero is an atomic load; amoswap with zero clears. */
  __asm__ volatile("amoor.d %0, zero, (%1)" : "=r"(a) : "r"(&m) : "memory");
  printf("amoor.d rs2=x0: rd %llu mem %llu\n", (unsigned long long)a, (unsigned long long)m);
  __asm__ volatile("amoswap.w %0, zero, (%1)" : "=r"(a) : "r"(&m) : "memory");
  printf("amoswap.w rs2=x0: rd %llu mem %llu\n", (unsigned long long)a, (unsigned long long)m);
}

/* lr/sc return the sc result (0 = success) and leave what the lr loaded in *loaded. */
static u64 lr_sc_w(volatile u32 *lr_addr, volatile u32 *sc_addr, u64 v, u64 *loaded) {
  u64 r, l;
  __asm__ volatile("lr.w %0, (%2)\n\tsc.w %1, %4, (%3)" : "=&r"(l), "=&r"(r) : "r"(lr_addr), "r"(sc_addr), "r"(v) : "memory");
  *loaded = l;
  return r;
}
static u64 lr_sc_d(volatile u64 *lr_addr, volatile u64 *sc_addr, u64 v, u64 *loaded) {
  u64 r, l;
  __asm__ volatile("lr.d.aq %0, (%2)\n\tsc.d.rl %1, %4, (%3)" : "=&r"(l), "=&r"(r) : "r"(lr_addr), "r"(sc_addr), "r"(v) : "memory");
  *loaded = l;
  return r;
}
static u64 sc_d(volatile u64 *addr, u64 v) {
  u64 r;
  __asm__ volatile("sc.d %0, %2, (%1)" : "=&r"(r) : "r"(addr), "r"(v) : "memory");
  return r;
}
static u64 sc_w(volatile u32 *addr, u64 v) {
  u64 r;
  __asm__ volatile("sc.w %0, %2, (%1)" : "=&r"(r) : "r"(addr), "r"(v) : "memory");
  return r;
}

static void lr_sc(void) {
  static volatile u64 d[2];
  static volatile u32 w[4];
  u64 loaded, r;
  /* Success: sc returns 0 and stores. lr.w sign-extends. sc.w stores only 32 bits. */
  w[0] = 0x80000001u; w[1] = 0xdddddddd;
  r = lr_sc_w(&w[0], &w[0], 0x1122334455667788ull, &loaded);
  printf("lr.w/sc.w same address: sc %s, loaded %016llx, mem %08x %08x\n", r == 0 ? "succeeded" : "failed",
         (unsigned long long)loaded, w[0], w[1]);
  d[0] = 0x8000000000000000ull;
  r = lr_sc_d(&d[0], &d[0], 42, &loaded);
  printf("lr.d/sc.d same address: sc %s, loaded %016llx, mem %llu\n", r == 0 ? "succeeded" : "failed",
         (unsigned long long)loaded, (unsigned long long)d[0]);
  /* The successful sc consumed the reservation: a second sc must fail and not store. */
  r = sc_d(&d[0], 43);
  printf("sc.d without reservation: sc %s, mem %llu\n", r == 0 ? "succeeded" : "failed", (unsigned long long)d[0]);
  r = sc_w(&w[0], 44);
  printf("sc.w without reservation: sc %s, mem %08x\n", r == 0 ? "succeeded" : "failed", w[0]);
  /* sc to an address other than the reserved one fails, stores nothing, and (as every sc) drops
     the reservation, so an sc to the reserved address afterwards fails too. */
  d[0] = 1; d[1] = 2;
  r = lr_sc_d(&d[0], &d[1], 99, &loaded);
  printf("lr.d A / sc.d B: sc %s, mem %llu %llu\n", r == 0 ? "succeeded" : "failed", (unsigned long long)d[0], (unsigned long long)d[1]);
  r = sc_d(&d[0], 98);
  printf("then sc.d A: sc %s, mem %llu\n", r == 0 ? "succeeded" : "failed", (unsigned long long)d[0]);
  w[2] = 5; w[3] = 6;
  r = lr_sc_w(&w[2], &w[3], 77, &loaded);
  printf("lr.w A / sc.w B: sc %s, mem %u %u\n", r == 0 ? "succeeded" : "failed", w[2], w[3]);
  /* A retry loop of the usual shape: lr, compute, sc, branch back on failure. */
  d[0] = 1000;
  for (int i = 0; i < 100; i++) {
    u64 tmp, fail;
    __asm__ volatile("1: lr.d %0, (%2)\n\taddi %0, %0, 3\n\tsc.d %1, %0, (%2)\n\tbnez %1, 1b"
                     : "=&r"(tmp), "=&r"(fail) : "r"(&d[0]) : "memory");
  }
  printf("lr/sc increment loop: %llu\n", (unsigned long long)d[0]);
}

/* A byte-wide atomic add written the way compilers expand sub-word atomics: a masked lr.w/sc.w
   loop on the containing aligned word. The other bytes of the word must be preserved. */
static uint8_t byte_fetch_add(volatile uint8_t *p, uint8_t v) {
  uintptr_t a = (uintptr_t)p;
  volatile u32 *word = (volatile u32 *)(a & ~(uintptr_t)3);
  unsigned shift = (a & 3) * 8;
  u32 mask = 0xffu << shift, inc = (u32)v << shift, old, tmp, fail;
  __asm__ volatile("1: lr.w.aqrl %0, (%3)\n\t"
                   "add %1, %0, %4\n\t"
                   "xor %1, %1, %0\n\t"
                   "and %1, %1, %5\n\t"
                   "xor %1, %1, %0\n\t"
                   "sc.w.rl %2, %1, (%3)\n\t"
                   "bnez %2, 1b"
                   : "=&r"(old), "=&r"(tmp), "=&r"(fail) : "r"(word), "r"(inc), "r"(mask) : "memory");
  return (uint8_t)((old & mask) >> shift);
}

static void compiler_atomics(void) {
  static volatile uint8_t b[8] __attribute__((aligned(8)));
  static volatile u64 x;
  static volatile u32 w;
  for (int i = 0; i < 8; i++) b[i] = (uint8_t)(0x10 * i + 0xf);
  unsigned sum = 0;
  for (int i = 0; i < 300; i++) sum += byte_fetch_add(&b[(i % 3) + 3], (uint8_t)(i | 1));
  printf("byte atomics (masked lr/sc): sum of old values %u, bytes", sum);
  for (int i = 0; i < 8; i++) printf(" %02x", b[i]);
  printf("\n");
  /* Compare-and-swap compiles to an lr/sc loop with an early exit when the value differs. */
  x = 5;
  int ok1 = __sync_bool_compare_and_swap(&x, 5, 6);
  int ok2 = __sync_bool_compare_and_swap(&x, 5, 7);
  u64 expected = 6;
  int ok3 = __atomic_compare_exchange_n(&x, &expected, 0xffffffffffffffffull, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  printf("cas: %d %d %d x=%016llx\n", ok1, ok2, ok3, (unsigned long long)x);
  /* The 32-bit CAS must compare the sign-extended value lr.w produces with a sign-extended expected value. */
  w = 0x80000000u;
  u32 ew = 0x80000000u;
  int ok4 = __atomic_compare_exchange_n(&w, &ew, 1u, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  ew = 0x80000000u;
  int ok5 = __atomic_compare_exchange_n(&w, &ew, 2u, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  printf("cas.w on a negative word: %d %d w=%u expected now %u\n", ok4, ok5, w, ew);
  printf("fetch_add/fetch_and (amoadd/amoand): %llu %llu %llu\n", (unsigned long long)__atomic_fetch_add(&x, 2, __ATOMIC_SEQ_CST),
         (unsigned long long)__atomic_fetch_and(&x, 0xff00, __ATOMIC_ACQUIRE), (unsigned long long)x);
}

/* Spinlocks: amoswap.w.aq to take, amoswap.w.rl to release; and an lr/sc test-and-set. */
static volatile u32 lock1, lock2;
static int try_amo(volatile u32 *l) {
  u32 old;
  __asm__ volatile("amoswap.w.aq %0, %2, (%1)" : "=r"(old) : "r"(l), "r"(1) : "memory");
  return old == 0;
}
static void unlock_amo(volatile u32 *l) { __asm__ volatile("amoswap.w.rl zero, zero, (%0)" : : "r"(l) : "memory"); }
static int try_lrsc(volatile u32 *l) {
  u32 old, fail;
  __asm__ volatile("1: lr.w.aq %0, (%2)\n\tbnez %0, 2f\n\tsc.w.rl %1, %3, (%2)\n\tbnez %1, 1b\n2:"
                   : "=&r"(old), "=&r"(fail) : "r"(l), "r"(1) : "memory");
  return old == 0;
}
static void unlock_store(volatile u32 *l) { __asm__ volatile("fence rw, w\n\tsw zero, 0(%0)" : : "r"(l) : "memory"); }

static void spinlocks(void) {
  long counter = 0, refused = 0;
  for (int i = 0; i < 1000; i++) {
    while (!try_amo(&lock1)) {}
    counter++;
    if (!try_amo(&lock1)) refused++; /* held: must be refused */
    unlock_amo(&lock1);
    while (!try_lrsc(&lock2)) {}
    counter += 2;
    if (!try_lrsc(&lock2)) refused++;
    unlock_store(&lock2);
  }
  printf("spinlocks: counter %ld, refused while held %ld, free at end %u %u\n", counter, refused, lock1, lock2);
}

int main(void) {
  amos();
  special_registers();
  lr_sc();
  compiler_atomics();
  spinlocks();
  return 0;
}
