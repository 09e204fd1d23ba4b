// rvjit-test: qemu
// Control transfer: beq/bne/blt/bge/bltu/bgeu (and the x0 pseudo-forms) over signed and unsigned
// edge values with both outcomes; jal with rd = x0, ra and another register; jalr with rd = x0,
// ra, another register and rd = rs1, offsets at both ends of the range and odd targets (bit 0 is
// cleared); jumps and branches that cross 4 KiB pages (each page is its own translation region),
// including a branch in the last word of a page, a 32-bit instruction straddling two pages and a
// compressed one in the last halfword; indirect calls, jump tables and deep recursion.
#include <stdio.h>
#include <stdint.h>

typedef uint64_t u64;

static const u64 V[] = {
  0, 1, 2, 0xffffffffffffffff, 0xfffffffffffffffe, 0x7fffffffffffffff, 0x8000000000000000, 0x80000000,
  0xffffffff80000000, 0x7fffffff, 0xffffffff, 0x100000000,
};
#define NV (sizeof V / sizeof V[0])

#define BR(fn, insn) \
  static int fn(u64 a, u64 b) { int r; \
    __asm__ volatile("li %0, 1\n\t" insn " %1, %2, 1f\n\tli %0, 0\n1:" : "=&r"(r) : "r"(a), "r"(b)); return r; }
BR(beq_, "beq") BR(bne_, "bne") BR(blt_, "blt") BR(bge_, "bge") BR(bltu_, "bltu") BR(bgeu_, "bgeu")
BR(bgt_, "bgt") BR(ble_, "ble") BR(bgtu_, "bgtu") BR(bleu_, "bleu")
#define BZ(fn, insn) \
  static int fn(u64 a, u64 b) { int r; (void)b; \
    __asm__ volatile("li %0, 1\n\t" insn " %1, 1f\n\tli %0, 0\n1:" : "=&r"(r) : "r"(a)); return r; }
BZ(beqz_, "beqz") BZ(bnez_, "bnez") BZ(bltz_, "bltz") BZ(bgez_, "bgez") BZ(blez_, "blez") BZ(bgtz_, "bgtz")
/* Same register on both sides: beq/bge/bgeu always taken, bne/blt/bltu never. */
#define BSAME(fn, insn) \
  static int fn(u64 a, u64 b) { int r; (void)b; \
    __asm__ volatile("li %0, 1\n\t" insn " %1, %1, 1f\n\tli %0, 0\n1:" : "=&r"(r) : "r"(a)); return r; }
BSAME(beq_same, "beq") BSAME(bne_same, "bne") BSAME(blt_same, "blt") BSAME(bgeu_same, "bgeu")

static const struct { const char *name; int (*fn)(u64, u64); } BRS[] = {
  {"beq", beq_}, {"bne", bne_}, {"blt", blt_}, {"bge", bge_}, {"bltu", bltu_}, {"bgeu", bgeu_},
  {"bgt", bgt_}, {"ble", ble_}, {"bgtu", bgtu_}, {"bleu", bleu_}, {"beqz", beqz_}, {"bnez", bnez_},
  {"bltz", bltz_}, {"bgez", bgez_}, {"blez", blez_}, {"bgtz", bgtz_}, {"beq same", beq_same},
  {"bne same", bne_same}, {"blt same", blt_same}, {"bgeu same", bgeu_same},
};

static void branches(void) {
  for (unsigned k = 0; k < sizeof BRS / sizeof BRS[0]; k++) {
    printf("%-10s", BRS[k].name);
    int taken = 0;
    for (unsigned i = 0; i < NV; i++) {
      unsigned row = 0;
      for (unsigned j = 0; j < NV; j++) { int t = BRS[k].fn(V[i], V[j]); row |= (unsigned)t << j; taken += t; }
      printf(" %03x", row);
    }
    printf("  taken %d/%d\n", taken, (int)(NV * NV));
  }
}

static void jumps(void) {
  u64 r, link, expect, trace;
  /* jal x0 (j): skips the instruction after it. */
  __asm__ volatile("li %0, 1\n\tj 1f\n\tli %0, 2\n1:" : "=&r"(r));
  printf("j: %llu\n", (unsigned long long)r);
  /* jal t0: links pc+4 in t0, not ra. */
  __asm__ volatile("li ra, 0\n\tjal t0, 1f\n2:\tnop\n1:\tlla t1, 2b\n\tsub %0, t0, t1\n\tmv %1, ra"
                   : "=r"(link), "=r"(r) : : "t0", "t1", "ra");
  printf("jal t0: link-(pc+4) = %lld, ra untouched = %llu\n", (long long)link, (unsigned long long)r);
  /* jal ra / jalr x0, 0(ra): call and return. */
  __asm__ volatile("li %0, 0\n\tjal ra, 3f\n\taddi %0, %0, 10\n\tj 4f\n3:\taddi %0, %0, 1\n\tjalr x0, 0(ra)\n4:"
                   : "=&r"(r) : : "ra");
  printf("jal ra + ret: %llu\n", (unsigned long long)r);
  /* jalr with rd = another register and a positive offset (norvc: every instruction is 4 bytes,
     so 8 bytes past label 1 is the third instruction). */
  __asm__ volatile(".option push\n\t.option norvc\n\t"
                   "lla t0, 1f\n\tjalr t1, 8(t0)\n2:\tli %0, 99\n\tj 3f\n1:\tli %0, 98\n\tj 3f\n\tli %0, 5\n\tlla t2, 2b\n\tsub %1, t1, t2\n3:\n\t"
                   ".option pop"
                   : "=&r"(r), "=&r"(link) : : "t0", "t1", "t2");
  printf("jalr t1, 8(t0): %llu link-(pc+4) = %lld\n", (unsigned long long)r, (long long)link);
  /* jalr with rd = rs1: the target is computed from the old value. */
  __asm__ volatile("lla t0, 1f\n\tjalr t0, 0(t0)\n2:\tli %0, 1\n\tj 3f\n1:\tlla t1, 2b\n\tsub %0, t0, t1\n\taddi %0, %0, 100\n3:"
                   : "=&r"(r) : : "t0", "t1");
  printf("jalr t0, 0(t0): %llu\n", (unsigned long long)r);
  /* Odd targets: jalr clears bit 0 of rs1+offset. */
  trace = 0;
  __asm__ volatile("lla t0, 1f\n\tjalr ra, 1(t0)\n\tj 2f\n1:\taddi %0, %0, 1\n\tret\n2:" : "+r"(trace) : : "t0", "ra");
  __asm__ volatile("lla t0, 1f\n\taddi t0, t0, 1\n\tjalr ra, 0(t0)\n\tj 2f\n1:\taddi %0, %0, 10\n\tret\n2:" : "+r"(trace) : : "t0", "ra");
  __asm__ volatile("lla t0, 1f\n\taddi t0, t0, -2\n\tjalr x0, 3(t0)\n\tli %0, 0\n1:\taddi %0, %0, 100" : "+r"(trace) : : "t0");
  __asm__ volatile("lla t0, 1f\n\taddi t0, t0, 2\n\tjalr x0, -1(t0)\n\tli %0, 0\n1:\taddi %0, %0, 1000" : "+r"(trace) : : "t0");
  printf("odd jalr targets: %llu\n", (unsigned long long)trace);
  /* Offsets at the ends of the 12-bit range. */
  __asm__ volatile("lla t0, 1f\n\taddi t0, t0, 2047\n\taddi t0, t0, 1\n\tjalr x0, -2048(t0)\n\tli %0, 0\n\tj 2f\n1:\tli %0, 7\n2:"
                   : "=&r"(r) : : "t0");
  __asm__ volatile("lla t0, 1f\n\taddi t0, t0, -2047\n\tjalr x0, 2047(t0)\n\tli %0, 0\n\tj 2f\n1:\taddi %0, %0, 30\n2:"
                   : "+r"(r) : : "t0");
  printf("jalr offsets -2048 and 2047: %llu\n", (unsigned long long)r);
  /* jal links pc+4 even when the target is the very next instruction. */
  __asm__ volatile("jal t0, 1f\n1:\tlla %1, 1b\n\tmv %0, t0" : "=r"(link), "=r"(expect) : : "t0");
  printf("jal to next: link ok %d\n", link == expect);
}

/* Jumps and branches across 4 KiB pages. The .skip filler is zero bytes (illegal instructions)
   that are never executed: reaching one would end the program with SIGILL. */
static void page_crossing(void) {
  u64 r = 0;
  __asm__ volatile(
      "j 1f\n\t"
      ".balign 4096\n\t"
      ".skip 4088\n"
      /* page offset 4088: a branch in the last word of the page, taken then not taken */
      "1:\taddi %0, %0, 1\n\t"
      ".option push\n\t.option norvc\n\t"
      "andi t0, %0, 1\n\t"          /* 4092: fall through to the next page when r is odd... */
      "bnez t0, 3f\n\t"
      "j 4f\n"
      "3:\tj 1b\n"                  /* ...back across the boundary once */
      "4:\t.option pop\n\t"
      "j 5f\n\t"
      ".balign 4096\n\t"
      ".skip 4094\n"
      /* a 32-bit instruction that starts 2 bytes before a page boundary */
      "5:\t.option push\n\t.option norvc\n\taddi %0, %0, 100\n\t.option pop\n\t"
      "j 6f\n\t"
      ".balign 4096\n\t"
      ".skip 4094\n"
      /* a compressed instruction in the last halfword of a page */
      "6:\tc.addi %0, 10\n\t"
      "addi %0, %0, 1000\n\t"
      /* a far jump forward over two pages and back */
      "jal t1, 7f\n\t"
      "j 8f\n\t"
      ".skip 8192\n"
      "7:\taddi %0, %0, 2000\n\t"
      "jr t1\n"
      "8:"
      : "+r"(r) : : "t0", "t1");
  printf("page crossing: %llu\n", (unsigned long long)r);
}

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static int depth(int n) { return n == 0 ? 0 : 1 + depth(n - 1) * 1; }
static int f0(int x) { return x + 1; }
static int f1(int x) { return x * 3; }
static int f2(int x) { return x ^ 0x55; }
static int f3(int x) { return x - 7; }
static int (*const FNS[])(int) = {f0, f1, f2, f3};

__attribute__((noinline)) static int jump_table(int op, int x) {
  switch (op) {
    case 0: return x + 3;
    case 1: return x * 5;
    case 2: return x - 11;
    case 3: return x ^ 0x3c;
    case 4: return x << 2;
    case 5: return x >> 1;
    case 6: return ~x;
    case 7: return x & 0x7777;
    case 8: return x | 0x100;
    default: return x;
  }
}

static void indirect(void) {
  int x = 1;
  for (int i = 0; i < 100000; i++) x = FNS[(i ^ (i >> 3)) & 3](x) & 0xffffff;
  printf("indirect calls: %d\n", x);
  x = 7;
  for (int i = 0; i < 100000; i++) x = jump_table((i * 7) % 10, x) & 0xffff;
  printf("jump table: %d\n", x);
  printf("fib(24) = %d, recursion depth 20000 = %d\n", fib(24), depth(20000));
}

int main(void) {
  branches();
  jumps();
  page_crossing();
  indirect();
  return 0;
}
