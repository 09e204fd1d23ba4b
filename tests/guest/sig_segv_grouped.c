// rvjit-test: qemu
// Faults inside runs of loads or stores that share a base register. rvjit checks such a run once
// (jit/access-groups.ts) and, when the check fails, interprets the run access by access; the guest
// must still see each fault at the instruction that made it, with the accesses before it done and
// the ones after it not. The SIGSEGV handler records the pc (as an offset into the case), si_addr
// and the registers the case loads into, then skips the faulting instruction, so one call can
// fault more than once. Each case runs 100 times, so that it also runs as translated code.
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

// Each case: a0 = the base pointer, a1 = where to store the registers it loaded (or the value to
// store). 4-byte instructions only, so that the handler can skip one by adding 4 to the pc.
extern void case_loads(char *p, uint64_t *out);
extern void case_stores(char *p, uint64_t value);
extern void case_mixed(char *p, uint64_t *out);
extern void case_span(char *p, uint64_t *out);
__asm__(
    ".text\n"
    ".option push\n"
    ".option norvc\n"
    ".globl case_loads\n"
    "case_loads:\n"
    "  li t0, -1\n"
    "  li t1, -1\n"
    "  ld t0, 0(a0)\n"
    "  ld t1, 8(a0)\n"
    "  sd t0, 0(a1)\n"
    "  sd t1, 8(a1)\n"
    "  ret\n"
    ".globl case_stores\n"
    "case_stores:\n"
    "  sd a1, 0(a0)\n"
    "  sd a1, 8(a0)\n"
    "  sw a1, 16(a0)\n"
    "  ret\n"
    ".globl case_mixed\n"
    "case_mixed:\n"
    "  li t0, -1\n"
    "  li t3, -1\n"
    "  li t1, 0x11\n"
    "  li t2, 0x22\n"
    "  ld t0, 0(a0)\n"
    "  sd t1, 0(a0)\n"
    "  sd t2, 8(a0)\n"
    "  ld t3, 8(a0)\n"
    "  sd t0, 0(a1)\n"
    "  sd t3, 8(a1)\n"
    "  ret\n"
    ".globl case_span\n"
    "case_span:\n"
    "  li t0, -1\n"
    "  li t1, -1\n"
    "  ld t0, -2048(a0)\n"
    "  ld t1, 2040(a0)\n"
    "  sd t0, 0(a1)\n"
    "  sd t1, 8(a1)\n"
    "  ret\n"
    ".option pop\n");

#define MAX_FAULTS 4
static struct {
  long pc;
  long addr;
} faults[MAX_FAULTS];
static int nfaults;
static uintptr_t case_start;
static char *page;

static void on_segv(int sig, siginfo_t *si, void *ucv) {
  (void)sig;
  ucontext_t *uc = ucv;
  if (nfaults < MAX_FAULTS) {
    faults[nfaults].pc = (long)(uc->uc_mcontext.__gregs[REG_PC] - case_start);
    faults[nfaults].addr = (long)((char *)si->si_addr - page);
  }
  nfaults++;
  uc->uc_mcontext.__gregs[REG_PC] += 4;
}

static char report[256], first[256];

static void finish(const char *name, int round) {
  int n = snprintf(report, sizeof report, "%d fault(s):", nfaults);
  for (int k = 0; k < nfaults && k < MAX_FAULTS; k++)
    n += snprintf(report + n, sizeof report - n, " [pc +%ld, si_addr page+%ld]", faults[k].pc, faults[k].addr);
  if (round == 0) {
    strcpy(first, report);
    printf("%-28s %s\n", name, report);
  } else if (strcmp(first, report) != 0) {
    printf("%-28s round %d differs: %s\n", name, round, report);
  }
  nfaults = 0;
}

struct place {
  const char *name;
  long off;
};

/* Runs a case that loads two registers at `places`, 100 times each, and reports. */
static void run_loads(void (*fn)(char *, uint64_t *), const struct place *places, unsigned n) {
  for (unsigned c = 0; c < n; c++) {
    uint64_t out[2];
    case_start = (uintptr_t)fn;
    for (int round = 0; round < 100; round++) {
      fn(page + places[c].off, out);
      finish(places[c].name, round);
    }
    printf("  loaded %016llx %016llx\n", (unsigned long long)out[0], (unsigned long long)out[1]);
  }
}

static uint64_t word(long off) {
  uint64_t v;
  memcpy(&v, page + off, 8);
  return v;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGSEGV, &sa, 0);
  // Pages: 0 read-write, 1 none, 2 read-write, 3 read-only.
  page = mmap(0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  for (int i = 0; i < 4 * 4096; i++) page[i] = (char)(i * 7 + i / 4096);
  mprotect(page + 4096, 4096, PROT_NONE);
  mprotect(page + 3 * 4096, 4096, PROT_READ);

  const struct place loads[] = {
      {"loads, second faults", 4096 - 8},
      {"loads, first faults", 2 * 4096 - 8},
      {"loads, none fault", 100},
      {"loads, straddling second", 4096 - 12},
  };
  run_loads(case_loads, loads, sizeof loads / sizeof loads[0]);

  const struct place stores[] = {
      {"stores, second faults", 4 * 4096 - 4096 - 8},
      {"stores, third faults", 4 * 4096 - 4096 - 16},
      {"stores, first faults", 4096 + 100},
      {"stores, none fault", 200},
  };
  for (unsigned c = 0; c < sizeof stores / sizeof stores[0]; c++) {
    case_start = (uintptr_t)case_stores;
    for (int round = 0; round < 100; round++) {
      case_stores(page + stores[c].off, 0x0102030405060708ull + round);
      finish(stores[c].name, round);
    }
    long off = stores[c].off;
    if (off >= 4096 && off < 2 * 4096) continue;
    printf("  memory %016llx %016llx\n", (unsigned long long)word(off), (unsigned long long)word(off + 8));
  }

  {
    uint64_t out[2];
    case_start = (uintptr_t)case_mixed;
    for (int round = 0; round < 100; round++) {
      case_mixed(page + 3 * 4096 - 8, out);
      finish("loads and stores mixed", round);
    }
    printf("  loaded %016llx %016llx, memory %016llx\n", (unsigned long long)out[0], (unsigned long long)out[1],
           (unsigned long long)word(3 * 4096 - 8));
  }

  const struct place spans[] = {
      {"span of a page, inside", 2048},
      {"span of a page, faults", 2048 + 8},
      {"span of a page, faults low", 2 * 4096 + 2040},
  };
  run_loads(case_span, spans, sizeof spans / sizeof spans[0]);
  return 0;
}
