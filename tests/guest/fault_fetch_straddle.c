// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: code at 0x20000ffa\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x20000ffe, address 0x20001000\n$
// A 32-bit instruction whose second half lies in an unmapped page: fetching it faults. The trap
// is taken at the instruction (pc 0x20000ffe) with the address of the missing half (0x20001000),
// as the hardware reports it (sepc / stval, which Linux passes on as si_addr) and as
// qemu-riscv64 does.
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

int main(void) {
  uint8_t *p = mmap((void *)0x20000000, 8192, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (p != (uint8_t *)0x20000000) return 1;
  /* 0xffa: li a0, 1 (4 bytes); 0xffe: first half of addi a0, a0, 1 (0x00150513), second half at
     0x1000 in the next page, which is then unmapped. */
  static const uint16_t halves[] = {0x0513, 0x0010, 0x0513, 0x0015};
  memcpy(p + 0xffa, halves, sizeof halves);
  munmap(p + 4096, 4096);
  __builtin___clear_cache((char *)p, (char *)p + 4096);
  printf("code at %p\n", (void *)(p + 0xffa));
  fflush(stdout);
  ((void (*)(void))(p + 0xffa))();
  printf("returned\n");
  return 0;
}
