// rvjit-test: qemu
// A page that loses a permission faults at the very next access, even from a hot loop that has
// read it a thousand times through the same register: after mprotect or munmap made in the loop
// itself, and in another thread that learns of the revocation through memory while its vCPU
// stays in its loop (the grace period of Process.shootdown). Checks that remember what they
// passed (grouped checks, jit/access-groups.ts; the page memos tried in docs/design.md) are
// what this guards against.
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf back;
static volatile int progress;
static char *volatile fault_page;
static volatile uintptr_t fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)uc;
  fault_addr = (uintptr_t)si->si_addr;
  siglongjmp(back, 1);
}

// The second page of a two-page mapping: the checks' fast path covers a page together with the
// page before it.
static char *new_page(void) {
  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    perror("mmap");
    _exit(1);
  }
  memset(p, 7, 8192);
  return p + 4096;
}

enum { REVOKE_AT = 60 };

// Reads through p (a register the loop never changes) and revokes the page part way through.
static __attribute__((noinline)) long read_loop(volatile long *p, int how) {
  long s = 0;
  for (int i = 0; i < 200; i++) {
    s += *p;
    s += p[100];
    progress = i;
    if (i == REVOKE_AT) {
      if (how == 0) mprotect((void *)p, 4096, PROT_NONE);
      else munmap((void *)p, 4096);
    }
  }
  return s;
}

static __attribute__((noinline)) void write_loop(volatile long *p) {
  for (int i = 0; i < 200; i++) {
    p[3] = i;
    progress = i;
    if (i == REVOKE_AT) mprotect((void *)p, 4096, PROT_READ);
  }
}

static void single(const char *name, int kind) {
  char *page = new_page();
  fault_page = page;
  progress = -1;
  fault_addr = 0;
  if (sigsetjmp(back, 1) == 0) {
    if (kind < 2) printf("%s: no fault, sum %ld\n", name, read_loop((volatile long *)page, kind));
    else {
      write_loop((volatile long *)page);
      printf("%s: no fault\n", name);
    }
  } else {
    printf("%s: fault after iteration %d at page+%ld\n", name, progress, (long)(fault_addr - (uintptr_t)page));
  }
  munmap(page - 4096, 8192);
}

// The other thread: reads the page through a0, which its loop never changes, until it sees the
// revocation, then once more (in assembly, so that the pointer stays in one register).
static volatile int revoked, spins;
static volatile long reads_after;
extern void memo_reader(volatile long *p, volatile int *revoked, volatile long *reads_after, volatile int *spins);
__asm__(
    ".text\n"
    ".globl memo_reader\n"
    "memo_reader:\n"
    "  li a4, 0\n"
    "  li t3, 1000\n"
    "1:\n"
    "  lw t0, 0(a1)\n"
    "  fence r, rw\n"
    "  ld t1, 40(a0)\n"
    "  lw t2, 0(a3)\n"
    "  addi t2, t2, 1\n"
    "  sw t2, 0(a3)\n"
    "  beqz t0, 1b\n"
    "  addi a4, a4, 1\n"
    "  sd a4, 0(a2)\n"
    "  blt a4, t3, 1b\n"
    "  ret\n");

static void *reader(void *arg) {
  volatile long *p = arg;
  if (sigsetjmp(back, 1) != 0) {
    printf("thread: fault at page+%ld after %ld reads past the revocation\n", (long)(fault_addr - (uintptr_t)p), reads_after);
    return NULL;
  }
  memo_reader(p, &revoked, &reads_after, &spins);
  printf("thread: no fault after %ld reads past the revocation\n", reads_after);
  return NULL;
}

static void threaded(void) {
  char *page = new_page();
  pthread_t t;
  pthread_create(&t, NULL, reader, page);
  while (spins < 200000) sched_yield();
  mprotect(page, 4096, PROT_NONE);
  __atomic_store_n(&revoked, 1, __ATOMIC_SEQ_CST);
  pthread_join(t, NULL);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGSEGV, &sa, NULL);
  for (int round = 0; round < 3; round++) {
    single("mprotect none, read", 0);
    single("munmap, read", 1);
    single("mprotect read-only, write", 2);
  }
  threaded();
  return 0;
}
