// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: writing address 8\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x[0-9a-f]+, address 0x8\n$
// A store through a null struct pointer (field at offset 8): SIGSEGV naming address 0x8.
#include <stdio.h>

struct s { long a, b; };

int main(void) {
  printf("writing address 8\n");
  fflush(stdout);
  volatile struct s *p = 0;
  p->b = 1;
  printf("wrote\n");
  return 0;
}
