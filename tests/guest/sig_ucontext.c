// rvjit-test: qemu
// A signal handler reading and editing the interrupted context (ucontext_t, riscv64
// mcontext: __gregs[0] = pc, __gregs[n] = xn, __fpregs.__d.__f[n] = fn, __fcsr). rt_sigreturn
// must restore exactly what the handler left there:
//  - SIGILL from a reserved 32-bit opcode: the handler checks si_addr == pc, skips the
//    instruction (pc += 4) and changes a0;
//  - SIGTRAP from ebreak (and c.ebreak): skip 4 (or 2) bytes;
//  - at a raw ecall of kill(), the handler sees every callee-saved register (s0-s11) holding
//    the values set just before, and pc just after the ecall; it changes s2 and an FP register;
//  - redirecting the pc to another function with an argument in a0;
//  - adding a signal to uc_sigmask: it stays blocked after the handler returns.
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

static void install(int sig, void (*h)(int, siginfo_t *, void *)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = h;
  sa.sa_flags = SA_SIGINFO;
  sigaction(sig, &sa, NULL);
}

#define PC(uc) ((ucontext_t *)(uc))->uc_mcontext.__gregs[REG_PC]
#define X(uc, n) ((ucontext_t *)(uc))->uc_mcontext.__gregs[n]

static volatile int ill_code, trap_code;
static void *volatile ill_addr;

static void on_ill(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  ill_code = si->si_code;
  ill_addr = si->si_addr;
  CHECK((uintptr_t)si->si_addr == PC(uc));
  CHECK(*(uint32_t *)PC(uc) == 0x0000006bu);
  PC(uc) += 4;
  X(uc, 10) = 1234; /* a0 */
}

static void on_trap(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  trap_code = si->si_code;
  uint16_t low = *(uint16_t *)PC(uc);
  PC(uc) += (low & 3) == 3 ? 4 : 2; /* ebreak or c.ebreak */
  X(uc, 11) += 1;                   /* a1 counts the traps */
}

static uint64_t seen_s[12];
static uintptr_t seen_pc;
static void on_usr1(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)si;
  seen_pc = PC(uc);
  for (int i = 0; i < 12; i++) seen_s[i] = X(uc, i < 2 ? 8 + i : 16 + i); /* s0,s1 = x8,x9; s2..s11 = x18..x27 */
  X(uc, 18) = 0x5151515151515151UL;
  ucontext_t *u = uc;
  u->uc_mcontext.__fpregs.__d.__f[9] = 0x400921fb54442d18UL; /* fs1 = pi */
}

static long landed_with;
/* Entered from the signal return instead of the instruction after the ecall; returns to ra,
   which redirect_at_kill set to the end of its asm block. */
static void landing(long a0) { landed_with = a0; }
static void on_usr2(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)si;
  PC(uc) = (uintptr_t)landing;
  X(uc, 10) = 77;
}

static void on_hup(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)si;
  sigaddset(&((ucontext_t *)uc)->uc_sigmask, SIGWINCH);
}

/* Calls kill(getpid(), sig) through a raw ecall with s2..s11 holding known values, and
   returns the address after the ecall; saves what s2 and fs1 hold afterwards. */
static uint64_t after_s2;
static double after_fs1;
static __attribute__((noinline)) uintptr_t raw_kill(int sig) {
  uintptr_t after;
  long pid = getpid();
  __asm__ volatile(
      "li s2, 0x1202\n li s3, 0x1303\n li s4, 0x1404\n li s5, 0x1505\n li s6, 0x1606\n"
      "li s7, 0x1707\n li s8, 0x1808\n li s9, 0x1909\n li s10, 0x1a0a\n li s11, 0x1b0b\n"
      "fmv.d.x fs1, zero\n"
      "mv a0, %[pid]\n mv a1, %[sig]\n li a7, %[nr]\n"
      "ecall\n"
      "1: auipc %[after], 0\n"
      "sd s2, 0(%[s2p])\n fsd fs1, 0(%[f1p])\n"
      : [after] "=&r"(after)
      : [pid] "r"(pid), [sig] "r"((long)sig), [nr] "i"(SYS_kill), [s2p] "r"(&after_s2), [f1p] "r"(&after_fs1)
      : "a0", "a1", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "fs1", "memory");
  return after;
}

/* kill(getpid(), sig) by a raw ecall with ra pointing past a marker instruction that only runs
   if the handler did not redirect the pc. Returns 1 if that instruction ran. */
static __attribute__((noinline)) long redirect_at_kill(int sig) {
  long not_redirected = 0;
  long pid = getpid();
  __asm__ volatile(
      "la ra, 1f\n mv a0, %[pid]\n mv a1, %[sig]\n li a7, %[nr]\n ecall\n"
      "li %[nr_out], 1\n"
      "1:\n"
      : [nr_out] "+r"(not_redirected)
      : [pid] "r"(pid), [sig] "r"((long)sig), [nr] "i"(SYS_kill)
      : "ra", "a0", "a1", "a7", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a2", "a3", "a4", "a5", "a6", "memory");
  return not_redirected;
}

int main(void) {
  install(SIGILL, on_ill);
  long a0;
  __asm__ volatile("li a0, 5\n .4byte 0x0000006b\n mv %0, a0" : "=r"(a0) : : "a0");
  printf("SIGILL (%s): skipped, a0 set by the handler: %ld\n", ill_code == ILL_ILLOPC ? "ILL_ILLOPC" : "other code", a0);

  install(SIGTRAP, on_trap);
  long a1;
  __asm__ volatile(".option push\n .option norvc\n li a1, 0\n ebreak\n .option pop\n"
                   ".option push\n .option rvc\n c.ebreak\n .option pop\n mv %0, a1"
                   : "=r"(a1) : : "a1");
  printf("SIGTRAP (%s): ebreak and c.ebreak skipped, traps counted in a1: %ld\n", trap_code == TRAP_BRKPT ? "TRAP_BRKPT" : "other code", a1);

  install(SIGUSR1, on_usr1);
  uintptr_t after = raw_kill(SIGUSR1);
  static const uint64_t want[10] = {0x1202, 0x1303, 0x1404, 0x1505, 0x1606, 0x1707, 0x1808, 0x1909, 0x1a0a, 0x1b0b};
  int right = 0;
  for (int i = 0; i < 10; i++) right += seen_s[i + 2] == want[i];
  CHECK(right == 10);
  CHECK(seen_pc == after);
  CHECK(after_s2 == 0x5151515151515151UL);
  printf("registers in the frame: %d of 10 s-registers right, pc after the ecall: %s\n", right, seen_pc == after ? "yes" : "NO");
  printf("edited s2 = 0x%lx, fs1 = %.6f after return\n", (unsigned long)after_s2, after_fs1);

  install(SIGUSR2, on_usr2);
  long fell_through = redirect_at_kill(SIGUSR2);
  printf("pc redirected to another function: a0 = %ld, instruction after the ecall ran: %ld\n", landed_with, fell_through);

  install(SIGHUP, on_hup);
  raise(SIGHUP);
  sigset_t m;
  sigprocmask(SIG_BLOCK, NULL, &m);
  printf("uc_sigmask edited: SIGWINCH blocked after return %d, SIGHUP %d\n", sigismember(&m, SIGWINCH), sigismember(&m, SIGHUP));
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
