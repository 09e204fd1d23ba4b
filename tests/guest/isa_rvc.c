// rvjit-test: qemu
// C extension: every RV64C instruction except c.ebreak, written with explicit c.* mnemonics so the
// assembler must emit the 16-bit encoding, with immediates at the ends of their ranges:
// c.addi4spn, c.fld, c.lw, c.ld, c.fsd, c.sw, c.sd, c.nop, c.addi, c.addiw, c.li, c.addi16sp,
// c.lui, c.srli, c.srai, c.andi, c.sub, c.xor, c.or, c.and, c.subw, c.addw, c.j, c.beqz, c.bnez,
// c.slli, c.fldsp, c.lwsp, c.ldsp, c.jr, c.mv, c.jalr, c.add, c.fsdsp, c.swsp, c.sdsp.
// The register-register forms are hashed over a table of edge values; everything else prints.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef uint64_t u64;

#define RVC_BEGIN ".option push\n\t.option rvc\n\t"
#define RVC_END "\n\t.option pop"

static const u64 V[] = {
  0, 1, 2, 0xffffffffffffffff, 0x7fffffff, 0x80000000, 0xffffffff, 0xffffffff80000000, 0x100000000,
  0x7fffffffffffffff, 0x8000000000000000, 0x123456789abcdef0, 0xfedcba9876543210, 31, 32, 63, 0x5555555555555555,
};
#define NV (sizeof V / sizeof V[0])

/* c.sub and friends only take x8-x15 (s0, s1, a0-a5): pin the operands to a0 and a1. */
#define CRR(fn, insn) \
  static u64 fn(u64 a, u64 b) { u64 r; \
    __asm__ volatile("mv a0, %1\n\tmv a1, %2\n\t" RVC_BEGIN insn " a0, a1" RVC_END "\n\tmv %0, a0" \
                     : "=r"(r) : "r"(a), "r"(b) : "a0", "a1"); return r; }
CRR(c_sub, "c.sub") CRR(c_xor, "c.xor") CRR(c_or, "c.or") CRR(c_and, "c.and") CRR(c_subw, "c.subw")
CRR(c_addw, "c.addw") CRR(c_add, "c.add") CRR(c_mv, "c.mv")
/* Register-immediate forms, again on a0. */
#define CRI(fn, insn, imm) \
  static u64 fn(u64 a, u64 b) { u64 r; (void)b; \
    __asm__ volatile("mv a0, %1\n\t" RVC_BEGIN insn " a0, " #imm RVC_END "\n\tmv %0, a0" : "=r"(r) : "r"(a) : "a0"); return r; }
CRI(c_addi_m32, "c.addi", -32) CRI(c_addi_31, "c.addi", 31) CRI(c_addi_1, "c.addi", 1)
CRI(c_addiw_m32, "c.addiw", -32) CRI(c_addiw_0, "c.addiw", 0) CRI(c_addiw_31, "c.addiw", 31)
CRI(c_slli_1, "c.slli", 1) CRI(c_slli_31, "c.slli", 31) CRI(c_slli_32, "c.slli", 32) CRI(c_slli_63, "c.slli", 63)
CRI(c_srli_1, "c.srli", 1) CRI(c_srli_31, "c.srli", 31) CRI(c_srli_32, "c.srli", 32) CRI(c_srli_63, "c.srli", 63)
CRI(c_srai_1, "c.srai", 1) CRI(c_srai_31, "c.srai", 31) CRI(c_srai_32, "c.srai", 32) CRI(c_srai_63, "c.srai", 63)
CRI(c_andi_m32, "c.andi", -32) CRI(c_andi_31, "c.andi", 31) CRI(c_andi_0, "c.andi", 0) CRI(c_andi_m1, "c.andi", -1)
/* c.slli/c.add/c.mv also work on registers outside x8-x15: use t0 and t1. */
static u64 c_add_t(u64 a, u64 b) {
  u64 r;
  __asm__ volatile("mv t0, %1\n\tmv t1, %2\n\t" RVC_BEGIN "c.add t0, t1\n\tc.slli t0, 3\n\tc.add t0, t0" RVC_END "\n\tmv %0, t0"
                   : "=r"(r) : "r"(a), "r"(b) : "t0", "t1");
  return r;
}

static const struct { const char *name; u64 (*fn)(u64, u64); } OPS[] = {
  {"c.sub", c_sub}, {"c.xor", c_xor}, {"c.or", c_or}, {"c.and", c_and}, {"c.subw", c_subw}, {"c.addw", c_addw},
  {"c.add", c_add}, {"c.mv", c_mv}, {"c.addi -32", c_addi_m32}, {"c.addi 31", c_addi_31}, {"c.addi 1", c_addi_1},
  {"c.addiw -32", c_addiw_m32}, {"c.addiw 0", c_addiw_0}, {"c.addiw 31", c_addiw_31},
  {"c.slli 1", c_slli_1}, {"c.slli 31", c_slli_31}, {"c.slli 32", c_slli_32}, {"c.slli 63", c_slli_63},
  {"c.srli 1", c_srli_1}, {"c.srli 31", c_srli_31}, {"c.srli 32", c_srli_32}, {"c.srli 63", c_srli_63},
  {"c.srai 1", c_srai_1}, {"c.srai 31", c_srai_31}, {"c.srai 32", c_srai_32}, {"c.srai 63", c_srai_63},
  {"c.andi -32", c_andi_m32}, {"c.andi 31", c_andi_31}, {"c.andi 0", c_andi_0}, {"c.andi -1", c_andi_m1},
  {"c.add/c.slli t0", c_add_t},
};

static void constants(void) {
  u64 r[8];
  __asm__ volatile(RVC_BEGIN "c.li a0, -32\n\tc.li a1, 31\n\tc.li a2, 0\n\tc.lui a3, 1\n\tc.lui a4, 31\n\t"
                   "c.lui a5, 0xfffe0\n\tc.lui t0, 0xfffff\n\tc.li t1, -1" RVC_END "\n\t"
                   "mv %0, a0\n\tmv %1, a1\n\tmv %2, a2\n\tmv %3, a3\n\tmv %4, a4\n\tmv %5, a5\n\tmv %6, t0\n\tmv %7, t1"
                   : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]), "=r"(r[4]), "=r"(r[5]), "=r"(r[6]), "=r"(r[7])
                   : : "a0", "a1", "a2", "a3", "a4", "a5", "t0", "t1");
  const char *names[] = {"c.li -32", "c.li 31", "c.li 0", "c.lui 1", "c.lui 31", "c.lui 0xfffe0", "c.lui 0xfffff", "c.li -1"};
  for (int i = 0; i < 8; i++) printf("%-14s = %016llx\n", names[i], (unsigned long long)r[i]);
  u64 n;
  __asm__ volatile("li %0, 77\n\t" RVC_BEGIN "c.nop" RVC_END : "=r"(n));
  printf("c.nop: %llu\n", (unsigned long long)n);
}

/* c.addi16sp and c.addi4spn at the ends of their ranges, measured against sp itself. */
static void stack_pointer(void) {
  u64 d16[3], d4[3];
  __asm__ volatile("mv t0, sp\n\t" RVC_BEGIN "c.addi16sp sp, -512" RVC_END "\n\tsub %0, t0, sp\n\t"
                   RVC_BEGIN "c.addi16sp sp, 496" RVC_END "\n\tsub %1, t0, sp\n\t"
                   RVC_BEGIN "c.addi16sp sp, 16" RVC_END "\n\tsub %2, t0, sp"
                   : "=r"(d16[0]), "=r"(d16[1]), "=r"(d16[2]) : : "t0", "memory");
  __asm__ volatile(RVC_BEGIN "c.addi4spn a0, sp, 4\n\tc.addi4spn a1, sp, 1020\n\tc.addi4spn s1, sp, 512" RVC_END "\n\t"
                   "sub %0, a0, sp\n\tsub %1, a1, sp\n\tsub %2, s1, sp"
                   : "=r"(d4[0]), "=r"(d4[1]), "=r"(d4[2]) : : "a0", "a1", "s1");
  printf("c.addi16sp: sp moved by -%lld, then -%lld, then -%lld\n", (long long)d16[0], (long long)d16[1], (long long)d16[2]);
  printf("c.addi4spn: sp+%lld sp+%lld sp+%lld\n", (long long)d4[0], (long long)d4[1], (long long)d4[2]);
}

/* sp-relative loads and stores at their largest offsets, inside a 512-byte frame made with c.addi16sp. */
static void stack_memory(void) {
  u64 out[8];
  double f = 0;
  u64 big = 0x80000000fedcba98ull, w = 0x9abcdef087654321ull;
  double in = -2.5;
  __asm__ volatile(RVC_BEGIN "c.addi16sp sp, -512\n\t"
                   "c.sdsp %[big], 504(sp)\n\tc.sdsp %[w], 0(sp)\n\tc.swsp %[w], 252(sp)\n\tc.swsp %[big], 8(sp)\n\t"
                   "c.fsdsp %[in], 496(sp)\n\t"
                   "c.ldsp t0, 504(sp)\n\tc.ldsp t1, 0(sp)\n\tc.lwsp t2, 252(sp)\n\tc.lwsp t3, 8(sp)\n\t"
                   "c.fldsp %[f], 496(sp)\n\tc.ldsp t4, 496(sp)\n\tc.ldsp t5, 248(sp)\n\t"
                   "c.addi16sp sp, 496\n\tc.addi16sp sp, 16" RVC_END "\n\t"
                   "sd t0, 0(%[out])\n\tsd t1, 8(%[out])\n\tsd t2, 16(%[out])\n\tsd t3, 24(%[out])\n\tsd t4, 32(%[out])\n\t"
                   "srli t5, t5, 32\n\tsd t5, 40(%[out])"
                   : [f] "=&f"(f)
                   : [big] "r"(big), [w] "r"(w), [in] "f"(in), [out] "r"(out)
                   : "t0", "t1", "t2", "t3", "t4", "t5", "memory");
  printf("c.ldsp 504: %016llx  c.ldsp 0: %016llx\n", (unsigned long long)out[0], (unsigned long long)out[1]);
  printf("c.lwsp 252 (sign-extends): %016llx  c.lwsp 8: %016llx\n", (unsigned long long)out[2], (unsigned long long)out[3]);
  printf("c.fldsp: %g  bits %016llx  c.swsp high half at 248+4: %08llx\n", f, (unsigned long long)out[4], (unsigned long long)out[5]);
}

/* Register-based loads and stores (x8-x15 only) at offsets 0 and the maximum. */
static void reg_memory(void) {
  static u64 buf[40];
  u64 out[6];
  double fd, fin = 1e300;
  memset(buf, 0, sizeof buf);
  __asm__ volatile("mv a0, %[buf]\n\t" RVC_BEGIN
                   "c.li a1, -3\n\tc.sd a1, 248(a0)\n\tc.sw a1, 124(a0)\n\tc.sw a1, 0(a0)\n\t"
                   "c.li a2, 17\n\tc.sd a2, 8(a0)\n\tc.fsd %[fin], 240(a0)\n\t"
                   "c.ld a3, 248(a0)\n\tc.lw a4, 124(a0)\n\tc.ld a5, 0(a0)\n\tc.ld s1, 8(a0)\n\tc.fld %[fd], 240(a0)\n\t"
                   "c.lw a2, 8(a0)" RVC_END "\n\t"
                   "sd a3, 0(%[out])\n\tsd a4, 8(%[out])\n\tsd a5, 16(%[out])\n\tsd s1, 24(%[out])\n\tsd a2, 32(%[out])"
                   : [fd] "=&f"(fd) : [buf] "r"(buf), [out] "r"(out), [fin] "f"(fin)
                   : "a0", "a1", "a2", "a3", "a4", "a5", "s1", "memory");
  printf("c.ld 248: %016llx  c.lw 124: %016llx  c.ld 0: %016llx  c.ld 8: %llu  c.lw 8: %016llx  c.fld: %g\n",
         (unsigned long long)out[0], (unsigned long long)out[1], (unsigned long long)out[2], (unsigned long long)out[3],
         (unsigned long long)out[4], fd);
}

/* Control transfer: c.j forward and backward, c.beqz/c.bnez with both outcomes, c.jr, c.jalr. */
static void control(void) {
  u64 trace = 0, zero = 0, nonzero = 5;
  /* Each taken path shifts in a different digit; the not-taken paths add others. */
  __asm__ volatile("mv a0, %1\n\tmv a1, %2\n\tli t0, 0\n\t" RVC_BEGIN
                   "c.beqz a0, 1f\n\t"       /* taken */
                   "addi t0, t0, 100\n"      /* skipped */
                   "1: c.bnez a0, 2f\n\t"    /* not taken */
                   "addi t0, t0, 1\n"
                   "2: c.beqz a1, 3f\n\t"    /* not taken */
                   "addi t0, t0, 10\n"
                   "3: c.bnez a1, 4f\n\t"    /* taken */
                   "addi t0, t0, 1000\n"
                   "4: c.j 6f\n"             /* forward */
                   "5: addi t0, t0, 200\n\t"
                   "c.j 7f\n"
                   "6: addi t0, t0, 300\n\t"
                   "c.j 5b\n"                /* backward */
                   "7:" RVC_END "\n\tmv %0, t0"
                   : "=r"(trace) : "r"(zero), "r"(nonzero) : "a0", "a1", "t0");
  printf("compressed branches: %llu\n", (unsigned long long)trace);

  /* A countdown loop closed by c.bnez: the backward branch runs many times. */
  u64 count = 0;
  __asm__ volatile("li a0, 1000\n\tli t0, 0\n" RVC_BEGIN "1: c.addi t0, 3\n\tc.addi a0, -1\n\tc.bnez a0, 1b" RVC_END "\n\tmv %0, t0"
                   : "=r"(count) : : "a0", "t0");
  printf("c.bnez loop: %llu\n", (unsigned long long)count);

  /* c.jr to a label; c.jalr links the address of the next (2-byte) instruction. */
  u64 jr = 0, link_ok = 0, link_off = 0;
  __asm__ volatile("lla t0, 1f\n\tli %0, 1\n\t" RVC_BEGIN "c.jr t0" RVC_END "\n\tli %0, 2\n1:"
                   : "=&r"(jr) : : "t0");
  __asm__ volatile("lla t1, 1f\n\t" RVC_BEGIN "c.jalr t1\n2: c.nop" RVC_END "\n1:\n\t"
                   "lla t2, 2b\n\tsub %1, ra, t2\n\tseqz %0, %1"
                   : "=r"(link_ok), "=r"(link_off) : : "t1", "t2", "ra");
  printf("c.jr: %llu  c.jalr links pc+2: %llu (offset %lld)\n", (unsigned long long)jr, (unsigned long long)link_ok, (long long)link_off);

  /* c.jalr through a function pointer, as calls through a register compile. */
  u64 ret = 0;
  __asm__ volatile("lla t1, 3f\n\t" RVC_BEGIN "c.jalr t1" RVC_END "\n\tc.j 4f\n"
                   "3: li %0, 1234\n\t" RVC_BEGIN "c.jr ra" RVC_END "\n4:"
                   : "=&r"(ret) : : "t1", "ra");
  printf("c.jalr call and c.jr ra return: %llu\n", (unsigned long long)ret);
}

/* 32-bit instructions at addresses that are 2 mod 4, after a compressed one. */
static void mixed_alignment(void) {
  u64 r;
  __asm__ volatile(".balign 4\n\t" RVC_BEGIN "c.li t0, 1" RVC_END "\n\t"
                   ".option push\n\t.option norvc\n\taddi t0, t0, 1000\n\tslli t0, t0, 2\n\t.option pop\n\t"
                   "mv %0, t0" : "=r"(r) : : "t0");
  printf("32-bit instructions at 2 mod 4: %llu\n", (unsigned long long)r);
}

/* HINT encodings (rd = x0, or c.nop with a non-zero immediate) are reserved for hints and must
   execute as no-ops, not trap. The assembler refuses most of them, so they are written as data. */
static void hints(void) {
  long r = 7;
  __asm__ volatile("li a0, 5\n\t" RVC_BEGIN
                   ".2byte 0x0005\n\t"  /* c.nop 1 (c.addi x0, 1) */
                   ".2byte 0x4005\n\t"  /* c.li x0, 1 */
                   ".2byte 0x802a\n\t"  /* c.mv x0, a0 */
                   ".2byte 0x902a\n\t"  /* c.add x0, a0 */
                   ".2byte 0x0006\n\t"  /* c.slli x0, 1 */
                   ".2byte 0x6005"        /* c.lui x0, 1 */
                   RVC_END "\n\tmv %0, zero" : "+r"(r) : : "a0");
  printf("compressed hints ran as no-ops, x0 = %ld\n", r);
}

int main(void) {
  for (unsigned k = 0; k < sizeof OPS / sizeof OPS[0]; k++) {
    u64 h = 1469598103934665603ull;
    for (unsigned i = 0; i < NV; i++)
      for (unsigned j = 0; j < NV; j++) {
        h ^= OPS[k].fn(V[i], V[j]);
        h *= 1099511628211ull;
        h ^= h >> 29;
      }
    printf("%-16s %016llx\n", OPS[k].name, (unsigned long long)h);
  }
  constants();
  stack_pointer();
  stack_memory();
  reg_memory();
  control();
  mixed_alignment();
  hints();
  return 0;
}
