// rvjit-test: qemu
// Self-modifying code: functions written as instruction words into an RWX page, called, rewritten
// and called again, many times, flushing with __builtin___clear_cache (the riscv_flush_icache
// system call), a raw fence.i, or the system call with the LOCAL flag. Every call must return
// what the newest code says; a stale translation shows up as a wrong value. Covers rewriting one
// instruction in the middle of a longer function, two functions sharing a page, code that
// rewrites the instruction right after its own fence.i, a 32-bit instruction straddling two
// pages whose second half changes (flushing only the second page's bytes, which Linux allows
// since riscv_flush_icache flushes everything), a compressed instruction in the last halfword of
// a page, and a buffer spanning several pages rewritten wholesale.
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

typedef uint32_t insn;
typedef long (*fn0)(void);

#define A0 10
#define A1 11
#define A2 12
#define RET 0x00008067u
#define NOP 0x00000013u
#define FENCE_I 0x0000100fu

static insn lui(int rd, uint32_t hi20) { return (hi20 << 12) | (uint32_t)rd << 7 | 0x37; }
static insn addiw(int rd, int rs, int32_t imm) { return ((uint32_t)imm & 0xfff) << 20 | (uint32_t)rs << 15 | (uint32_t)rd << 7 | 0x1b; }
static insn addi(int rd, int rs, int32_t imm) { return ((uint32_t)imm & 0xfff) << 20 | (uint32_t)rs << 15 | (uint32_t)rd << 7 | 0x13; }
static insn sw(int rs2, int rs1, int32_t imm) {
  return ((uint32_t)imm >> 5 & 0x7f) << 25 | (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 | 2u << 12 | ((uint32_t)imm & 0x1f) << 7 | 0x23;
}
/* c.li rd, imm (imm in -32..31) */
static uint16_t c_li(int rd, int imm) { return (uint16_t)(0x4001 | ((imm >> 5) & 1) << 12 | rd << 7 | (imm & 0x1f) << 2); }

/* Writes `li a0, n; ret` (lui + addiw + jalr) at p; returns the number of words written. */
static int emit_li_ret(volatile insn *p, int32_t n) {
  uint32_t hi = ((uint32_t)n + 0x800u) >> 12 & 0xfffff;
  int32_t lo = (int32_t)((uint32_t)n - (hi << 12));
  p[0] = lui(A0, hi);
  p[1] = addiw(A0, A0, lo);
  p[2] = RET;
  return 3;
}

static void flush_syscall(void *start, void *end) { __builtin___clear_cache(start, end); }
static void flush_fence_i(void *start, void *end) { (void)start; (void)end; __asm__ volatile("fence.i" ::: "memory"); }
static void flush_local(void *start, void *end) { syscall(SYS_riscv_flush_icache, start, end, 1UL); }
static void (*const FLUSH[])(void *, void *) = {flush_syscall, flush_fence_i, flush_local};
static const char *const FLUSH_NAMES[] = {"__builtin___clear_cache", "fence.i", "riscv_flush_icache(LOCAL)"};

static uint8_t *page_rwx(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) { perror("mmap"); _exit(1); }
  return p;
}

static void rewrite_loop(uint8_t *page) {
  for (int f = 0; f < 3; f++) {
    long wrong = 0, sum = 0;
    for (int i = 0; i < 500; i++) {
      int32_t n = (int32_t)(i * 2654435761u) ^ (f << 28);
      int words = emit_li_ret((volatile insn *)page, n);
      FLUSH[f](page, page + 4 * words);
      long got = ((fn0)page)();
      if (got != (long)n) wrong++;
      sum += got;
    }
    printf("rewrite loop with %-26s: %ld wrong, sum %ld\n", FLUSH_NAMES[f], wrong, sum);
  }
}

/* A loop whose step constant is patched: only one word in the middle of the function changes. */
static void patch_middle(uint8_t *page) {
  volatile insn *p = (volatile insn *)(page + 256);
  p[0] = addi(A0, 0, 0);        /* a0 = 0 */
  p[1] = addi(11, 0, 100);      /* a1 = 100 */
  p[2] = addi(A0, A0, 1);       /* loop: a0 += step   <- patched */
  p[3] = addi(11, 11, -1);      /* a1 -= 1 */
  p[4] = 0xfe059ce3u;           /* bnez a1, loop (-8) */
  p[5] = RET;
  __builtin___clear_cache(page + 256, page + 256 + 24);
  long total = 0, wrong = 0;
  for (int step = 1; step <= 300; step++) {
    p[2] = addi(A0, A0, step);
    if (step & 1) __builtin___clear_cache((char *)&p[2], (char *)&p[3]);
    else __asm__ volatile("fence.i" ::: "memory");
    long got = ((fn0)(page + 256))();
    if (got != 100L * step) wrong++;
    total += got;
  }
  printf("patching one instruction of a loop: %ld wrong, total %ld\n", wrong, total);
}

/* Two functions in one page: rewriting one must not disturb calls to the other. */
static void two_functions(uint8_t *page) {
  fn0 f = (fn0)(page + 1024), g = (fn0)(page + 2048);
  emit_li_ret((volatile insn *)(page + 2048), 777);
  long wrong = 0;
  for (int i = 0; i < 200; i++) {
    emit_li_ret((volatile insn *)(page + 1024), i);
    __builtin___clear_cache(page + 1024, page + 1036);
    if (f() != i) wrong++;
    if (g() != 777) wrong++;
  }
  printf("two functions in a page: %ld wrong\n", wrong);
}

/* The function stores a new instruction word over the one after its fence.i and runs it:
     sw a1, 16(a0); fence.i; nop; nop; <addi a0, x0, k>; ret
   The store and the patched instruction are in the same block, so a translator that keeps
   executing the old block after fence.i returns the old constant. */
static void same_block(uint8_t *page) {
  volatile insn *p = (volatile insn *)(page + 3072);
  p[0] = sw(A1, A0, 16);
  p[1] = FENCE_I;
  p[2] = NOP;
  p[3] = NOP;
  p[4] = addi(A0, 0, 0);
  p[5] = RET;
  __builtin___clear_cache(page + 3072, page + 3072 + 24);
  long (*f)(volatile insn *, insn) = (long (*)(volatile insn *, insn))(page + 3072);
  long wrong = 0, sum = 0;
  for (int k = -300; k < 300; k += 3) {
    long got = f(p, addi(A0, 0, k));
    if (got != k) wrong++;
    sum += got;
  }
  printf("patching the next instruction after fence.i: %ld wrong, sum %ld\n", wrong, sum);
}

/* Code at the end of one page continuing into the next. */
static void page_boundary(void) {
  uint8_t *two = page_rwx(8192);
  uint8_t *second = two + 4096;
  /* The function starts 2 bytes before the page boundary: a lui straddling the boundary, then
     addiw and ret in the second page. */
  long wrong = 0, sum = 0;
  for (int i = 0; i < 300; i++) {
    int32_t n = (int32_t)(0x12345u * (uint32_t)i + 0x800u * (uint32_t)(i & 7));
    uint32_t hi = ((uint32_t)n + 0x800u) >> 12 & 0xfffff;
    int32_t lo = (int32_t)((uint32_t)n - (hi << 12));
    insn l = lui(A0, hi), a = addiw(A0, A0, lo);
    volatile uint16_t *h = (volatile uint16_t *)(two + 4092);
    h[1] = (uint16_t)l;               /* 4094: low half of the lui (opcode, rd, low immediate bits) */
    if (i == 0) {
      h[2] = (uint16_t)(l >> 16);     /* 4096: high half of the lui, in the second page */
      memcpy((void *)(second + 2), &a, 4);
      memcpy((void *)(second + 6), &(insn){RET}, 4);
      __builtin___clear_cache(two + 4092, second + 10);
    } else {
      /* Only the second page changes: the high half of the lui (which holds most of the
         constant) and the addiw. Flush just those bytes. */
      memcpy((void *)(second + 0), (const char *)&l + 2, 2);
      memcpy((void *)(second + 2), &a, 4);
      if (i & 1) __builtin___clear_cache(second, second + 6);
      else __asm__ volatile("fence.i" ::: "memory");
    }
    long got = ((fn0)(two + 4094))();
    if (got != (long)n) wrong++;
    sum += got;
  }
  printf("32-bit instruction straddling pages, second half rewritten: %ld wrong, sum %ld\n", wrong, sum);

  /* A compressed instruction in the last halfword of the first page, then ret on the next. */
  wrong = 0;
  memcpy(second, &(insn){RET}, 4);
  for (int k = -32; k < 32; k++) {
    *(volatile uint16_t *)(two + 4094) = c_li(A0, k);
    __builtin___clear_cache(two + 4094, two + 4096);
    if (((fn0)(two + 4094))() != k) wrong++;
  }
  printf("compressed instruction at a page end: %ld wrong\n", wrong);
  munmap(two, 8192);
}

/* A JIT-like buffer of several pages, filled with many small functions, rewritten wholesale. */
static void many_pages(void) {
  enum { PAGES = 5, STRIDE = 16 };
  uint8_t *buf = page_rwx(PAGES * 4096);
  long wrong = 0, sum = 0;
  for (int round = 0; round < 20; round++) {
    for (int off = 0; off + STRIDE <= PAGES * 4096; off += STRIDE) emit_li_ret((volatile insn *)(buf + off), off * 31 + round);
    __builtin___clear_cache(buf, buf + PAGES * 4096);
    for (int off = 0; off + STRIDE <= PAGES * 4096; off += STRIDE * 7) {
      long got = ((fn0)(buf + off))();
      if (got != off * 31 + round) wrong++;
      sum += got;
    }
  }
  printf("multi-page buffer rewritten 20 times: %ld wrong, sum %ld\n", wrong, sum);
  munmap(buf, PAGES * 4096);
}

int main(void) {
  uint8_t *page = page_rwx(4096);
  rewrite_loop(page);
  patch_middle(page);
  two_functions(page);
  same_block(page);
  page_boundary();
  many_pages();
  munmap(page, 4096);
  return 0;
}
