// rvjit-test: qemu
// Loads and stores of every width (lb/lh/lw/ld/lbu/lhu/lwu, sb/sh/sw/sd, flw/fld/fsw/fsd) at
// every alignment, with sign and zero extension; misaligned accesses that straddle a page
// boundary; 12-bit offsets at both ends of their range; a load whose destination is its base
// register; loads into x0; and NaN-boxing of single-precision values loaded with flw.
// (Linux handles misaligned scalar accesses for user programs, so none of these may fault.)
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

typedef uint64_t u64;

#define LOAD(fn, insn) static u64 fn(const volatile void *p) { u64 r; __asm__ volatile(insn " %0, 0(%1)" : "=r"(r) : "r"(p) : "memory"); return r; }
LOAD(lb, "lb") LOAD(lh, "lh") LOAD(lw, "lw") LOAD(ld, "ld") LOAD(lbu, "lbu") LOAD(lhu, "lhu") LOAD(lwu, "lwu")
#define STORE(fn, insn) static void fn(volatile void *p, u64 v) { __asm__ volatile(insn " %1, 0(%0)" : : "r"(p), "r"(v) : "memory"); }
STORE(sb, "sb") STORE(sh, "sh") STORE(sw, "sw") STORE(sd, "sd")
static u64 flw_bits(const volatile void *p) {
  u64 r; float f;
  /* fmv.x.d shows the NaN-boxing: a value loaded by flw has all ones in the upper 32 bits. */
  __asm__ volatile("flw %1, 0(%2)\n\tfmv.x.d %0, %1" : "=r"(r), "=&f"(f) : "r"(p) : "memory");
  return r;
}
static u64 fld_bits(const volatile void *p) {
  u64 r; double d;
  __asm__ volatile("fld %1, 0(%2)\n\tfmv.x.d %0, %1" : "=r"(r), "=&f"(d) : "r"(p) : "memory");
  return r;
}
static void fsw_bits(volatile void *p, u64 v) {
  float f;
  __asm__ volatile("fmv.w.x %0, %2\n\tfsw %0, 0(%1)" : "=&f"(f) : "r"(p), "r"(v) : "memory");
}
static void fsd_bits(volatile void *p, u64 v) {
  double d;
  __asm__ volatile("fmv.d.x %0, %2\n\tfsd %0, 0(%1)" : "=&f"(d) : "r"(p), "r"(v) : "memory");
}

static u64 (*const LOADS[])(const volatile void *) = {lb, lh, lw, ld, lbu, lhu, lwu, flw_bits, fld_bits};
static const char *const LOAD_NAMES[] = {"lb", "lh", "lw", "ld", "lbu", "lhu", "lwu", "flw", "fld"};
static void (*const STORES[])(volatile void *, u64) = {sb, sh, sw, sd, fsw_bits, fsd_bits};
static const char *const STORE_NAMES[] = {"sb", "sh", "sw", "sd", "fsw", "fsd"};

static const uint8_t PATTERN[24] = {0x80, 0x7f, 0xff, 0x01, 0x00, 0x80, 0xfe, 0x7f, 0x81, 0x00, 0xff, 0xff,
                                    0x00, 0x00, 0x00, 0x80, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};

static void dump(const char *what, const volatile uint8_t *b, int n) {
  printf("%s:", what);
  for (int i = 0; i < n; i++) printf(" %02x", b[i]);
  printf("\n");
}

static void every_alignment(void) {
  static volatile uint8_t buf[32] __attribute__((aligned(16)));
  for (int l = 0; l < 9; l++) {
    printf("%-4s", LOAD_NAMES[l]);
    for (int off = 0; off < 8; off++) {
      for (int i = 0; i < 24; i++) buf[i] = PATTERN[i];
      printf(" %llx", (unsigned long long)LOADS[l](buf + off + 8));
    }
    printf("\n");
  }
  for (int s = 0; s < 6; s++)
    for (int off = 0; off < 8; off++) {
      memset((void *)buf, 0xcc, sizeof buf);
      STORES[s](buf + 8 + off, 0x8899aabbccddeeffull);
      char what[32];
      snprintf(what, sizeof what, "%-3s at +%d", STORE_NAMES[s], off);
      dump(what, buf + 6, 20);
    }
}

/* Accesses that start in one page and end in the next. */
static void page_crossing(void) {
  uint8_t *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) { perror("mmap"); return; }
  for (int i = 0; i < 8192; i++) p[i] = (uint8_t)(i * 37 + 11);
  for (int back = 1; back < 8; back++) {
    volatile uint8_t *at = p + 4096 - back;
    printf("crossing -%d: lh %llx lhu %llx lw %llx lwu %llx ld %llx fld %llx flw %llx\n", back,
           (unsigned long long)lh(at), (unsigned long long)lhu(at), (unsigned long long)lw(at),
           (unsigned long long)lwu(at), (unsigned long long)ld(at), (unsigned long long)fld_bits(at),
           (unsigned long long)flw_bits(at));
  }
  for (int back = 1; back < 8; back++) {
    volatile uint8_t *at = p + 4096 - back;
    sd(at, 0x0102030405060708ull + (u64)back);
    sw(at - 16, 0xa1a2a3a4u);
    dump("after sd across the boundary", p + 4096 - 8, 16);
  }
  fsd_bits(p + 4093, 0xfff0000000000001ull);
  dump("after fsd across the boundary", p + 4096 - 8, 16);
  munmap(p, 8192);
}

static void offsets_and_registers(void) {
  static volatile uint8_t big[8192] __attribute__((aligned(8)));
  for (int i = 0; i < 8192; i++) big[i] = (uint8_t)(i ^ (i >> 8));
  volatile uint8_t *mid = big + 4096;
  u64 lo, hi, lo2, hi2;
  __asm__ volatile("ld %0, -2048(%2)\n\tlbu %1, 2047(%2)" : "=&r"(lo), "=&r"(hi) : "r"(mid) : "memory");
  __asm__ volatile("sd %2, -2048(%1)\n\tsb %2, 2047(%1)\n\tld %0, -2048(%1)" : "=&r"(lo2) : "r"(mid), "r"(0x1122334455667788ull) : "memory");
  hi2 = big[4096 + 2047];
  printf("offset -2048: %016llx then %016llx; +2047: %02llx then %02llx\n", (unsigned long long)lo,
         (unsigned long long)lo2, (unsigned long long)hi, (unsigned long long)hi2);
  /* Base and destination the same register (pointer chasing). */
  static volatile u64 chain[4];
  chain[0] = (u64)&chain[2];
  chain[2] = (u64)&chain[3];
  chain[3] = 0xabcdef;
  u64 p = (u64)&chain[0];
  __asm__ volatile("ld %0, 0(%0)\n\tld %0, 0(%0)\n\tld %0, 0(%0)" : "+r"(p) : : "memory");
  printf("ld rd=rs1 chain: %llx\n", (unsigned long long)p);
  /* A load into x0 is performed and discarded; x0 stays zero. */
  u64 z;
  __asm__ volatile("ld zero, 0(%1)\n\tlw zero, 4(%1)\n\tlbu zero, 1(%1)\n\tmv %0, zero" : "=r"(z) : "r"(&chain[3]) : "memory");
  printf("load into x0: %llu\n", (unsigned long long)z);
  /* Storing x0 writes zeros. */
  chain[1] = ~0ull;
  __asm__ volatile("sw zero, 2(%0)\n\tsb zero, 7(%0)" : : "r"(&chain[1]) : "memory");
  printf("store x0: %016llx\n", (unsigned long long)chain[1]);
}

static void store_load_widths(void) {
  /* A wide store read back narrower at each byte (little-endian), and narrow stores read back wide. */
  static volatile u64 w;
  w = 0xf1e2d3c4b5a69788ull;
  for (int i = 0; i < 8; i++) printf("%llx/%llx ", (unsigned long long)lb((volatile uint8_t *)&w + i), (unsigned long long)lbu((volatile uint8_t *)&w + i));
  printf("\n");
  w = 0;
  for (int i = 0; i < 8; i++) sb((volatile uint8_t *)&w + i, 0x10u * (unsigned)i + 0x108u); /* sb keeps only the low byte */
  sh((volatile uint8_t *)&w + 3, 0xfedcba98u);
  printf("narrow stores: %016llx\n", (unsigned long long)ld(&w));
}

int main(void) {
  every_alignment();
  page_crossing();
  offsets_and_registers();
  store_load_widths();
  return 0;
}
