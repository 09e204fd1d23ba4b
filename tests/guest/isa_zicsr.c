// rvjit-test: qemu
// Zicsr on the user-visible floating-point CSRs: fflags (0x001), frm (0x002) and fcsr (0x003),
// through every instruction form (csrrw, csrrs, csrrc, csrrwi, csrrsi, csrrci and the csrr/csrw/
// csrs/csrc/csrwi/csrsi/csrci/frflags/fsflags/frrm/fsrm/frcsr/fscsr aliases). Checks the old
// value each returns, that fcsr is frm<<5|fflags, that bits outside the fields read as zero,
// that rs1=x0 / rd=x0 forms neither write nor read, and that FP instructions accumulate fflags
// and honour a dynamic rounding mode set through frm. Also that the time CSR counts up.
#include <stdio.h>
#include <stdint.h>

typedef unsigned long ul;

static ul rd_fcsr(void) { ul v; __asm__ volatile("csrr %0, fcsr" : "=r"(v)); return v; }
static ul rd_fflags(void) { ul v; __asm__ volatile("csrr %0, fflags" : "=r"(v)); return v; }
static ul rd_frm(void) { ul v; __asm__ volatile("csrr %0, frm" : "=r"(v)); return v; }

static void show(const char *what, ul old) {
  printf("%-34s old %3lx -> fcsr %3lx fflags %2lx frm %lx\n", what, old, rd_fcsr(), rd_fflags(), rd_frm());
}

int main(void) {
  ul old;
  __asm__ volatile("csrw fcsr, zero");
  show("start", 0);
  /* Register forms on each CSR. Writes of bits outside the field must be dropped. */
  __asm__ volatile("csrrw %0, fcsr, %1" : "=r"(old) : "r"(0xffffffffffffffffUL)); show("csrrw fcsr, ~0", old);
  __asm__ volatile("csrrc %0, fcsr, %1" : "=r"(old) : "r"(0x0aUL)); show("csrrc fcsr, 0x0a", old);
  __asm__ volatile("csrrs %0, fcsr, %1" : "=r"(old) : "r"(0x100UL)); show("csrrs fcsr, 0x100", old);
  __asm__ volatile("csrrw %0, fflags, %1" : "=r"(old) : "r"(0x1234UL)); show("csrrw fflags, 0x1234", old);
  __asm__ volatile("csrrs %0, fflags, %1" : "=r"(old) : "r"(0x3UL)); show("csrrs fflags, 3", old);
  __asm__ volatile("csrrc %0, fflags, %1" : "=r"(old) : "r"(0x10UL)); show("csrrc fflags, 0x10", old);
  __asm__ volatile("csrrw %0, frm, %1" : "=r"(old) : "r"(0x2aUL)); show("csrrw frm, 0x2a", old);
  __asm__ volatile("csrrs %0, frm, %1" : "=r"(old) : "r"(0x1UL)); show("csrrs frm, 1", old);
  __asm__ volatile("csrrc %0, frm, %1" : "=r"(old) : "r"(0x2UL)); show("csrrc frm, 2", old);
  /* Immediate forms (5-bit zero-extended immediate). */
  __asm__ volatile("csrrwi %0, fcsr, 31" : "=r"(old)); show("csrrwi fcsr, 31", old);
  __asm__ volatile("csrrci %0, fcsr, 5" : "=r"(old)); show("csrrci fcsr, 5", old);
  __asm__ volatile("csrrsi %0, fcsr, 16" : "=r"(old)); show("csrrsi fcsr, 16", old);
  __asm__ volatile("csrrwi %0, fflags, 21" : "=r"(old)); show("csrrwi fflags, 21", old);
  __asm__ volatile("csrrsi %0, fflags, 10" : "=r"(old)); show("csrrsi fflags, 10", old);
  __asm__ volatile("csrrci %0, fflags, 31" : "=r"(old)); show("csrrci fflags, 31", old);
  __asm__ volatile("csrrwi %0, frm, 3" : "=r"(old)); show("csrrwi frm, 3", old);
  __asm__ volatile("csrrsi %0, frm, 4" : "=r"(old)); show("csrrsi frm, 4", old);
  __asm__ volatile("csrrci %0, frm, 1" : "=r"(old)); show("csrrci frm, 1", old);
  /* Aliases with rd = x0 (write only) and rs1 = x0 / uimm = 0 (read only). */
  __asm__ volatile("csrw fcsr, %0" : : "r"(0x65UL)); show("csrw fcsr, 0x65", 0);
  __asm__ volatile("csrs fflags, %0" : : "r"(0x2UL)); show("csrs fflags, 2", 0);
  __asm__ volatile("csrc frm, %0" : : "r"(0x1UL)); show("csrc frm, 1", 0);
  __asm__ volatile("csrwi frm, 7"); show("csrwi frm, 7", 0);
  __asm__ volatile("csrsi fflags, 8"); show("csrsi fflags, 8", 0);
  __asm__ volatile("csrci fcsr, 0x1f"); show("csrci fcsr, 0x1f", 0);
  __asm__ volatile("csrrs %0, fcsr, zero" : "=r"(old)); show("csrrs fcsr, x0 (read only)", old);
  __asm__ volatile("csrrc %0, frm, zero" : "=r"(old)); show("csrrc frm, x0 (read only)", old);
  __asm__ volatile("csrrsi %0, fflags, 0" : "=r"(old)); show("csrrsi fflags, 0 (read only)", old);
  __asm__ volatile("csrrci %0, fcsr, 0" : "=r"(old)); show("csrrci fcsr, 0 (read only)", old);
  /* rd = rs1: the old value lands in the register that supplied the new one. */
  ul v = 0x9f;
  __asm__ volatile("csrrw %0, fcsr, %0" : "+r"(v)); show("csrrw rd=rs1", v);
  v = 0x3;
  __asm__ volatile("csrrs %0, fflags, %0" : "+r"(v)); show("csrrs rd=rs1", v);
  /* The F-extension aliases. */
  __asm__ volatile("fscsr %0, %1" : "=r"(old) : "r"(0x41UL)); show("fscsr 0x41", old);
  __asm__ volatile("fsflags %0, %1" : "=r"(old) : "r"(0x1eUL)); show("fsflags 0x1e", old);
  __asm__ volatile("fsrm %0, %1" : "=r"(old) : "r"(0x1UL)); show("fsrm 1", old);
  __asm__ volatile("fsflagsi %0, 4" : "=r"(old)); show("fsflagsi 4", old);
  __asm__ volatile("fsrmi %0, 2" : "=r"(old)); show("fsrmi 2", old);
  __asm__ volatile("frcsr %0" : "=r"(old)); printf("frcsr %lx frflags %lx frrm %lx\n", old, rd_fflags(), rd_frm());

  /* FP instructions set flags (sticky) and use frm for the dynamic rounding mode. */
  volatile double one = 1.0, three = 3.0, zero = 0.0, big = 1e308;
  double q;
  const char *modes[] = {"rne", "rtz", "rdn", "rup", "rmm"};
  for (ul rm = 0; rm < 5; rm++) {
    __asm__ volatile("fsrm %0\n\tfsflags zero" : : "r"(rm));
    __asm__ volatile("fdiv.d %0, %1, %2" : "=f"(q) : "f"(one), "f"(three));
    double neg;
    __asm__ volatile("fdiv.d %0, %1, %2" : "=f"(neg) : "f"(-one), "f"(three));
    union { double d; uint64_t u; } a = {q}, b = {neg};
    printf("frm=%s: 1/3 = %016llx, -1/3 = %016llx, fflags %lx\n", modes[rm], (unsigned long long)a.u, (unsigned long long)b.u, rd_fflags());
  }
  __asm__ volatile("fsrm zero\n\tfsflags zero");
  __asm__ volatile("fdiv.d %0, %1, %2" : "=f"(q) : "f"(one), "f"(zero)); printf("1/0: fflags %lx\n", rd_fflags());
  __asm__ volatile("fmul.d %0, %1, %1" : "=f"(q) : "f"(big)); printf("then overflow: fflags %lx\n", rd_fflags());
  __asm__ volatile("fdiv.d %0, %1, %1" : "=f"(q) : "f"(zero)); printf("then 0/0: fflags %lx fcsr %lx\n", rd_fflags(), rd_fcsr());
  /* A static rounding mode in the instruction overrides frm. */
  __asm__ volatile("fsrm %0" : : "r"(3UL));
  __asm__ volatile("fdiv.d %0, %1, %2, rdn" : "=f"(q) : "f"(one), "f"(three));
  union { double d; uint64_t u; } c = {q};
  printf("static rdn with frm=rup: %016llx\n", (unsigned long long)c.u);
  __asm__ volatile("fscsr zero");

  /* The time CSR (rdtime) is readable from user mode on Linux and never goes backwards. */
  ul t0, t1;
  __asm__ volatile("rdtime %0" : "=r"(t0));
  for (volatile int i = 0; i < 100000; i++) {}
  __asm__ volatile("rdtime %0" : "=r"(t1));
  printf("rdtime monotonic: %d\n", t1 >= t0);
  return 0;
}
