// rvjit-test: expect
// rvjit-expect-status: 133
// rvjit-expect-stdout: breakpoint next\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGTRAP \(Trace/breakpoint trap\) at pc 0x[0-9a-f]+\n$
// ebreak without a debugger: SIGTRAP, status 128+5.
#include <stdio.h>

int main(void) {
  printf("breakpoint next\n");
  fflush(stdout);
  __asm__ volatile(".option push\n\t.option norvc\n\tebreak\n\t.option pop");
  printf("survived\n");
  return 0;
}
