// rvjit-test: expect
// rvjit-expect-status: 0
// rvjit-expect-stdout: 400 remaps seen by 3 readers, 60000 calls\ncalls that ran another version's code: 0\nok\n
// (Compared with fixed output: qemu-riscv64 7.2 itself crashes with SIGSEGV on this program.)
// rvjit-cflags: -pthread
// Cross-thread code replacement through the memory-map calls: one thread replaces the code page
// at a fixed address, the others call into it after being told through an atomic flag. Each
// version k is mapped from a file (offset k % 16 pages) whose page returns k, alternately
//   - munmap, then mmap(MAP_FIXED) at the same address, and
//   - mmap(MAP_FIXED) straight over the live mapping,
// so no fence.i or riscv_flush_icache is involved: Linux makes a freshly mapped executable
// file page coherent by itself, and a translator must drop every thread's translations of the
// old page on munmap / MAP_FIXED. Readers call the function many times per version (so its
// translation is hot in each of them) and must always get exactly the announced version.
// The file's sixteen pages hold different code, so reusing an old translation shows.
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

typedef long (*fn1)(long);
enum { READERS = 3, VERSIONS = 400, FILE_PAGES = 16, PAGE = 4096 };

static void *page;
static int fd;
static atomic_long announced; /* version the page holds now; readers may call it */
static atomic_long acked[READERS];
static atomic_long wrong, calls;

/* Page for version slot s: a function at offset 0 returning a0 + 1000*s, reached through a
   jump to a second block in the same page, so each version is more than one block. */
static void fill_page(uint32_t *p, int s) {
  int32_t n = 1000 * s;
  uint32_t hi = ((uint32_t)n + 0x800u) >> 12 & 0xfffff;
  int32_t lo = (int32_t)((uint32_t)n - (hi << 12));
  p[0] = 0x0400006fu;                                              /* j +64 */
  p[16] = (hi << 12) | (5u << 7) | 0x37u;                          /* lui t0, hi */
  p[17] = ((uint32_t)lo & 0xfff) << 20 | 5u << 15 | 5u << 7 | 0x1bu; /* addiw t0, t0, lo */
  p[18] = 0x00550533u;                                             /* add a0, a0, t0 */
  p[19] = 0x00008067u;                                             /* ret */
}

static void map_version(long k, int unmap_first) {
  if (unmap_first && munmap(page, PAGE)) { perror("munmap"); _exit(2); }
  void *p = mmap(page, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, fd, (off_t)(k % FILE_PAGES) * PAGE);
  if (p != page) { perror("mmap"); _exit(2); }
}

static void *reader(void *arg) {
  int me = (int)(long)arg;
  fn1 f = (fn1)page;
  long seen = 0;
  while (seen < VERSIONS) {
    long k;
    while ((k = atomic_load_explicit(&announced, memory_order_acquire)) == seen) sched_yield();
    for (int i = 0; i < 50; i++) {
      long got = f(i);
      if (got != i + 1000 * (k % FILE_PAGES)) atomic_fetch_add(&wrong, 1);
    }
    atomic_fetch_add_explicit(&calls, 50, memory_order_relaxed);
    seen = k;
    atomic_store_explicit(&acked[me], k, memory_order_release); /* done with this version */
  }
  return NULL;
}

int main(void) {
  char name[] = "code-pages-XXXXXX";
  fd = mkstemp(name);
  if (fd < 0) { perror("mkstemp"); return 1; }
  unlink(name);
  static uint32_t buf[FILE_PAGES][PAGE / 4];
  for (int s = 0; s < FILE_PAGES; s++) fill_page(buf[s], s);
  if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) { perror("write"); return 1; }

  page = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
  if (page == MAP_FAILED) { perror("mmap"); return 1; }
  pthread_t r[READERS];
  for (long i = 0; i < READERS; i++) pthread_create(&r[i], NULL, reader, (void *)i);
  for (long k = 1; k <= VERSIONS; k++) {
    /* Nobody may be running the page while it is unmapped: wait for every reader's ack. */
    for (int i = 0; i < READERS; i++)
      while (atomic_load_explicit(&acked[i], memory_order_acquire) != k - 1) sched_yield();
    map_version(k, (int)(k & 1));
    atomic_store_explicit(&announced, k, memory_order_release);
  }
  for (int i = 0; i < READERS; i++) pthread_join(r[i], NULL);
  printf("%d remaps seen by %d readers, %ld calls\n", VERSIONS, READERS, (long)calls);
  printf("calls that ran another version's code: %ld\n", (long)wrong);
  printf("%s\n", wrong ? "FAILED" : "ok");
  return wrong != 0;
}
