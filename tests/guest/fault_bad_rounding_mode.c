// rvjit-test: expect
// rvjit-expect-status: 132
// rvjit-expect-stdout: frm = 5\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGILL \(Illegal instruction\) at pc 0x[0-9a-f]+\n$
// frm accepts the reserved values 5-7, but a floating-point instruction that uses the dynamic
// rounding mode while frm holds one of them is an illegal instruction: SIGILL.
#include <stdio.h>

int main(void) {
  unsigned long frm;
  __asm__ volatile("fsrmi 5\n\tfrrm %0" : "=r"(frm));
  printf("frm = %lu\n", frm);
  fflush(stdout);
  volatile double a = 1.0, b = 3.0;
  double q;
  __asm__ volatile("fdiv.d %0, %1, %2, dyn" : "=f"(q) : "f"(a), "f"(b));
  printf("%g\n", q);
  return 0;
}
