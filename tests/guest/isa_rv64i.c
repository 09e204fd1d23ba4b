// rvjit-test: qemu
// RV64I integer computation: every register-register and register-immediate ALU, shift and
// compare instruction (including the W forms) over edge values, immediates at the ends of their
// ranges, operands that are the same register, x0 as source and destination, and lui/auipc.
// Each instruction is written in inline assembly so the compiler cannot fold or replace it; one
// line per instruction prints a hash of all its results, so a difference names the instruction.
#include <stdio.h>
#include <stdint.h>

typedef uint64_t u64;

static const u64 V[] = {
  0, 1, 2, 3, 0xffffffffffffffff, 0xfffffffffffffffe, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff,
  0x100000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001, 0xffff8000, 0xffffffff7fffffff,
  0xffffffff80000000, 0x123456789abcdef0, 0xfedcba9876543210, 31, 32, 33, 63, 64, 65, 0x5555555555555555,
  0xaaaaaaaaaaaaaaaa, 0x80, 0xff, 0x7ff, 0x800, 0xfffffffffffff800,
};
#define NV (sizeof V / sizeof V[0])

typedef u64 (*op_fn)(u64, u64);
struct op { const char *name; op_fn fn; };

#define RR(fn, insn) \
  static u64 fn(u64 a, u64 b) { u64 r; __asm__ volatile(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
#define RI(fn, insn, imm) \
  static u64 fn(u64 a, u64 b) { u64 r; (void)b; __asm__ volatile(insn " %0, %1, " #imm : "=r"(r) : "r"(a)); return r; }

RR(op_add, "add") RR(op_sub, "sub") RR(op_sll, "sll") RR(op_srl, "srl") RR(op_sra, "sra")
RR(op_slt, "slt") RR(op_sltu, "sltu") RR(op_xor, "xor") RR(op_or, "or") RR(op_and, "and")
RR(op_addw, "addw") RR(op_subw, "subw") RR(op_sllw, "sllw") RR(op_srlw, "srlw") RR(op_sraw, "sraw")

RI(op_addi_m2048, "addi", -2048) RI(op_addi_m1, "addi", -1) RI(op_addi_0, "addi", 0) RI(op_addi_1, "addi", 1)
RI(op_addi_2047, "addi", 2047)
RI(op_slti_m2048, "slti", -2048) RI(op_slti_m1, "slti", -1) RI(op_slti_0, "slti", 0) RI(op_slti_1, "slti", 1)
RI(op_slti_2047, "slti", 2047)
/* sltiu sign-extends its immediate, then compares unsigned: -1 means 0xffff...ffff. */
RI(op_sltiu_m2048, "sltiu", -2048) RI(op_sltiu_m1, "sltiu", -1) RI(op_sltiu_0, "sltiu", 0)
RI(op_sltiu_1, "sltiu", 1) RI(op_sltiu_2047, "sltiu", 2047)
RI(op_xori_m1, "xori", -1) RI(op_xori_555, "xori", 0x555) RI(op_xori_m2048, "xori", -2048)
RI(op_ori_m1, "ori", -1) RI(op_ori_7ff, "ori", 0x7ff) RI(op_ori_m2048, "ori", -2048)
RI(op_andi_m1, "andi", -1) RI(op_andi_7ff, "andi", 0x7ff) RI(op_andi_m2048, "andi", -2048) RI(op_andi_0, "andi", 0)
RI(op_slli_0, "slli", 0) RI(op_slli_1, "slli", 1) RI(op_slli_31, "slli", 31) RI(op_slli_32, "slli", 32)
RI(op_slli_63, "slli", 63)
RI(op_srli_0, "srli", 0) RI(op_srli_1, "srli", 1) RI(op_srli_31, "srli", 31) RI(op_srli_32, "srli", 32)
RI(op_srli_63, "srli", 63)
RI(op_srai_0, "srai", 0) RI(op_srai_1, "srai", 1) RI(op_srai_31, "srai", 31) RI(op_srai_32, "srai", 32)
RI(op_srai_63, "srai", 63)
RI(op_addiw_m2048, "addiw", -2048) RI(op_addiw_0, "addiw", 0) RI(op_addiw_1, "addiw", 1) RI(op_addiw_2047, "addiw", 2047)
RI(op_slliw_0, "slliw", 0) RI(op_slliw_1, "slliw", 1) RI(op_slliw_31, "slliw", 31)
RI(op_srliw_0, "srliw", 0) RI(op_srliw_1, "srliw", 1) RI(op_srliw_31, "srliw", 31)
RI(op_sraiw_0, "sraiw", 0) RI(op_sraiw_1, "sraiw", 1) RI(op_sraiw_31, "sraiw", 31)

/* The same register as both sources and the destination: a translator must read before writing. */
#define SAME(fn, insn) static u64 fn(u64 a, u64 b) { (void)b; __asm__ volatile(insn " %0, %0, %0" : "+r"(a)); return a; }
SAME(same_add, "add") SAME(same_sub, "sub") SAME(same_sll, "sll") SAME(same_sra, "sra") SAME(same_slt, "slt")
SAME(same_xor, "xor") SAME(same_addw, "addw") SAME(same_subw, "subw") SAME(same_sraw, "sraw")
/* Destination equal to one source. */
static u64 dst_rs2_sub(u64 a, u64 b) { __asm__ volatile("sub %0, %1, %0" : "+r"(b) : "r"(a)); return b; }
static u64 dst_rs1_srl(u64 a, u64 b) { __asm__ volatile("srl %0, %0, %1" : "+r"(a) : "r"(b)); return a; }

/* x0 as a source reads zero; as a destination the result is discarded. */
static u64 x0_neg(u64 a, u64 b) { u64 r; (void)b; __asm__ volatile("sub %0, zero, %1" : "=r"(r) : "r"(a)); return r; }
static u64 x0_snez(u64 a, u64 b) { u64 r; (void)b; __asm__ volatile("sltu %0, zero, %1" : "=r"(r) : "r"(a)); return r; }
static u64 x0_seqz(u64 a, u64 b) { u64 r; (void)b; __asm__ volatile("sltiu %0, %1, 1" : "=r"(r) : "r"(a)); return r; }
static u64 x0_sltz(u64 a, u64 b) { u64 r; (void)b; __asm__ volatile("slt %0, %1, zero" : "=r"(r) : "r"(a)); return r; }
static u64 x0_sext(u64 a, u64 b) { u64 r; (void)b; __asm__ volatile("addw %0, %1, zero" : "=r"(r) : "r"(a)); return r; }
static u64 x0_dest(u64 a, u64 b) {
  u64 r;
  __asm__ volatile("add zero, %1, %2\n\taddi zero, %1, 5\n\tslli zero, %1, 3\n\tlui zero, 0x12345\n\tmv %0, zero"
                   : "=r"(r) : "r"(a), "r"(b));
  return r;
}
static u64 x0_shift(u64 a, u64 b) { u64 r; (void)b; __asm__ volatile("sll %0, zero, %1" : "=r"(r) : "r"(a)); return r; }

static const struct op OPS[] = {
  {"add", op_add}, {"sub", op_sub}, {"sll", op_sll}, {"srl", op_srl}, {"sra", op_sra}, {"slt", op_slt},
  {"sltu", op_sltu}, {"xor", op_xor}, {"or", op_or}, {"and", op_and}, {"addw", op_addw}, {"subw", op_subw},
  {"sllw", op_sllw}, {"srlw", op_srlw}, {"sraw", op_sraw},
  {"addi -2048", op_addi_m2048}, {"addi -1", op_addi_m1}, {"addi 0", op_addi_0}, {"addi 1", op_addi_1},
  {"addi 2047", op_addi_2047},
  {"slti -2048", op_slti_m2048}, {"slti -1", op_slti_m1}, {"slti 0", op_slti_0}, {"slti 1", op_slti_1},
  {"slti 2047", op_slti_2047},
  {"sltiu -2048", op_sltiu_m2048}, {"sltiu -1", op_sltiu_m1}, {"sltiu 0", op_sltiu_0}, {"sltiu 1", op_sltiu_1},
  {"sltiu 2047", op_sltiu_2047},
  {"xori -1", op_xori_m1}, {"xori 0x555", op_xori_555}, {"xori -2048", op_xori_m2048},
  {"ori -1", op_ori_m1}, {"ori 0x7ff", op_ori_7ff}, {"ori -2048", op_ori_m2048},
  {"andi -1", op_andi_m1}, {"andi 0x7ff", op_andi_7ff}, {"andi -2048", op_andi_m2048}, {"andi 0", op_andi_0},
  {"slli 0", op_slli_0}, {"slli 1", op_slli_1}, {"slli 31", op_slli_31}, {"slli 32", op_slli_32}, {"slli 63", op_slli_63},
  {"srli 0", op_srli_0}, {"srli 1", op_srli_1}, {"srli 31", op_srli_31}, {"srli 32", op_srli_32}, {"srli 63", op_srli_63},
  {"srai 0", op_srai_0}, {"srai 1", op_srai_1}, {"srai 31", op_srai_31}, {"srai 32", op_srai_32}, {"srai 63", op_srai_63},
  {"addiw -2048", op_addiw_m2048}, {"addiw 0", op_addiw_0}, {"addiw 1", op_addiw_1}, {"addiw 2047", op_addiw_2047},
  {"slliw 0", op_slliw_0}, {"slliw 1", op_slliw_1}, {"slliw 31", op_slliw_31},
  {"srliw 0", op_srliw_0}, {"srliw 1", op_srliw_1}, {"srliw 31", op_srliw_31},
  {"sraiw 0", op_sraiw_0}, {"sraiw 1", op_sraiw_1}, {"sraiw 31", op_sraiw_31},
  {"add rd=rs1=rs2", same_add}, {"sub rd=rs1=rs2", same_sub}, {"sll rd=rs1=rs2", same_sll},
  {"sra rd=rs1=rs2", same_sra}, {"slt rd=rs1=rs2", same_slt}, {"xor rd=rs1=rs2", same_xor},
  {"addw rd=rs1=rs2", same_addw}, {"subw rd=rs1=rs2", same_subw}, {"sraw rd=rs1=rs2", same_sraw},
  {"sub rd=rs2", dst_rs2_sub}, {"srl rd=rs1", dst_rs1_srl},
  {"neg (sub x0)", x0_neg}, {"snez", x0_snez}, {"seqz", x0_seqz}, {"sltz", x0_sltz}, {"sext.w", x0_sext},
  {"writes to x0", x0_dest}, {"sll x0", x0_shift},
};

static u64 hash_op(op_fn fn) {
  u64 h = 1469598103934665603ull;
  for (unsigned i = 0; i < NV; i++)
    for (unsigned j = 0; j < NV; j++) {
      h ^= fn(V[i], V[j]);
      h *= 1099511628211ull;
      h ^= h >> 29;
    }
  return h;
}

static void upper_immediates(void) {
  u64 r[6];
  __asm__ volatile("lui %0, 0x80000\n\tlui %1, 0xfffff\n\tlui %2, 0x7ffff\n\tlui %3, 0\n\tlui %4, 1\n\tlui %5, 0x12345"
                   : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]), "=r"(r[4]), "=r"(r[5]));
  for (int i = 0; i < 6; i++) printf("lui[%d] = %016llx\n", i, (unsigned long long)r[i]);
  /* auipc adds the sign-extended immediate to its own address; compare with an auipc 0 that
     follows 4 bytes later, so the output does not depend on where the code was loaded. */
  u64 a, b, label;
#define AUIPC(imm) \
  __asm__ volatile(".option push\n\t.option norvc\n\tauipc %0, " #imm "\n\tauipc %1, 0\n\t.option pop" : "=r"(a), "=r"(b)); \
  printf("auipc " #imm ": offset %016llx\n", (unsigned long long)(a - (b - 4)));
  AUIPC(0) AUIPC(1) AUIPC(0x7ffff) AUIPC(0x80000) AUIPC(0xfffff) AUIPC(0x12345)
  __asm__ volatile("1: auipc %0, 0\n\tlla %1, 1b" : "=r"(a), "=r"(label));
  printf("auipc 0 == its own address: %d\n", a == label);
  /* lui+addi and lui+addiw pairs as the assembler uses them for 32-bit constants. */
  __asm__ volatile("li %0, 0x7fffffff\n\tli %1, -0x80000000" : "=r"(a), "=r"(b));
  printf("li: %016llx %016llx\n", (unsigned long long)a, (unsigned long long)b);
  __asm__ volatile("li %0, 0x123456789abcdef0\n\tli %1, 0xffffffff" : "=r"(a), "=r"(b));
  printf("li: %016llx %016llx\n", (unsigned long long)a, (unsigned long long)b);
}

static void fences(void) {
  /* Fences and hints have no visible effect in a single-threaded program but must not trap. */
  __asm__ volatile("fence\n\tfence rw, rw\n\tfence r, r\n\tfence w, w\n\tfence iorw, iorw\n\tfence.tso\n\t"
                   ".insn i 0x0f, 0, x0, x0, 0x010\n\t" /* pause (Zihintpause), a fence hint */
                   "nop\n\taddi x0, x0, 1\n\t" ::: "memory");
  printf("fences ok\n");
}

int main(void) {
  for (unsigned i = 0; i < sizeof OPS / sizeof OPS[0]; i++) printf("%-16s %016llx\n", OPS[i].name, (unsigned long long)hash_op(OPS[i].fn));
  /* A few values printed directly, so a broken build of the table is also visible by eye. */
  printf("sra(-1<<63, 63) = %016llx\n", (unsigned long long)op_sra(0x8000000000000000ull, 63));
  printf("sraw(0x80000000, 31) = %016llx\n", (unsigned long long)op_sraw(0x80000000ull, 31));
  printf("srlw(0xffffffff80000000, 0) = %016llx\n", (unsigned long long)op_srlw(0xffffffff80000000ull, 0));
  printf("sllw(1, 31) = %016llx\n", (unsigned long long)op_sllw(1, 31));
  printf("sll(1, 65) = %016llx\n", (unsigned long long)op_sll(1, 65));
  printf("addw(0x7fffffff, 1) = %016llx\n", (unsigned long long)op_addw(0x7fffffff, 1));
  printf("sltiu(x, -1): %llu %llu\n", (unsigned long long)op_sltiu_m1(0xfffffffffffffffeull, 0),
         (unsigned long long)op_sltiu_m1(0xffffffffffffffffull, 0));
  upper_immediates();
  fences();
  return 0;
}
