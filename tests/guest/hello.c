// rvjit-test: qemu
// rvjit-args: a b
#include <stdio.h>
int main(int argc, char **argv) {
  printf("hello from riscv64, argc=%d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  return 3;
}
