// rvjit-test: expect
// rvjit-expect-status: 135
// rvjit-expect-stdout: misaligned plain load ok: 1\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGBUS \(Bus error\) at pc 0x[0-9a-f]+, address 0x[0-9a-f]*[26ae]\n$
// A misaligned AMO. Linux emulates misaligned ordinary loads and stores for user programs, but not
// atomics: the address-misaligned trap becomes SIGBUS (BUS_ADRALN), status 128+7. qemu-riscv64
// 7.2 agrees (so does lr.d on a misaligned address); the message names the misaligned address.
#include <stdio.h>
#include <stdint.h>

static uint64_t buf[4];

int main(void) {
  volatile uint32_t *p = (volatile uint32_t *)((char *)buf + 2);
  *p = 1;
  printf("misaligned plain load ok: %u\n", *p);
  fflush(stdout);
  uint64_t r;
  __asm__ volatile("amoadd.w %0, %2, (%1)" : "=r"(r) : "r"(p), "r"(1L) : "memory");
  printf("amo returned %lu\n", (unsigned long)r);
  return 0;
}
