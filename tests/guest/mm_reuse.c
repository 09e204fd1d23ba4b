// rvjit-test: qemu
// Memory handed out again must not show what an earlier mapping held. A page at a fixed address
// is filled through different kinds of mappings (anonymous written, read-only file, private
// writable file, shared file, PROT_NONE after writing), unmapped, and mapped again there with
// MAP_FIXED as anonymous memory (must read zero) or as a file shorter than the page (must read
// zero after the end of the file).
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>

#define PG 4096

static int fd_full, fd_short;
static uint8_t *spot;

/* Returns the first non-zero offset at or after `from` in the page, or -1. */
static int first_nonzero(volatile uint8_t *p, int from) {
  for (int i = from; i < PG; i++) if (p[i]) return i;
  return -1;
}

static void fill_with(int how) {
  uint8_t *p;
  switch (how) {
    case 0: /* anonymous, written */
      p = mmap(spot, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
      memset(p, 0xab, PG);
      break;
    case 1: /* read-only file mapping: the contents arrive without any guest store */
      p = mmap(spot, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd_full, 0);
      break;
    case 2: /* private writable file mapping, written */
      p = mmap(spot, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd_full, 0);
      p[7] = 1;
      break;
    case 3: /* shared read-only file mapping */
      p = mmap(spot, PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd_full, 0);
      break;
    default: /* anonymous, written, then made inaccessible */
      p = mmap(spot, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
      memset(p, 0xcd, PG);
      mprotect(p, PG, PROT_NONE);
      break;
  }
  if (p != spot) printf("mapping %d landed elsewhere\n", how);
}

int main(void) {
  static uint8_t page[PG];
  memset(page, 'F', sizeof page);
  fd_full = open("full.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (write(fd_full, page, PG) != PG) return 1;
  fd_short = open("short.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (write(fd_short, "short", 5) != 5) return 1;
  spot = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  const char *kinds[] = {"anonymous", "read-only file", "private file", "shared file", "PROT_NONE"};
  for (int how = 0; how < 5; how++) {
    fill_with(how);
    munmap(spot, PG);
    volatile uint8_t *a = mmap(spot, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("after %-15s: new anonymous page, first non-zero byte %d\n", kinds[how], first_nonzero(a, 0));
    fill_with(how);
    /* MAP_FIXED straight over it, without munmap */
    volatile uint8_t *s = mmap(spot, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd_short, 0);
    printf("after %-15s: 5-byte file mapped over it reads \"%.5s\", first non-zero byte after EOF %d\n", kinds[how],
           (const char *)s, first_nonzero(s, 5));
  }
  unlink("full.bin");
  unlink("short.bin");
  return 0;
}
