// rvjit-test: qemu
// rvjit-expect-status: 139
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV
// A fault while SIGSEGV is blocked kills the process even though a handler is installed (Linux
// force_sig_info: a blocked synchronous signal is unblocked and reset to the default action).
// The first fault is handled and left with siglongjmp to a sigsetjmp(env, 0) point, which does
// not restore the mask, so SIGSEGV stays blocked; the second fault must end the process with
// status 128+11 rather than loop or hang.
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static sigjmp_buf env;
static volatile int *volatile bad = (volatile int *)16;
static void on_segv(int sig) { (void)sig; siglongjmp(env, 1); }

int main(void) {
  signal(SIGSEGV, on_segv);
  if (sigsetjmp(env, 0) == 0) {
    (void)*bad;
  }
  sigset_t cur;
  sigprocmask(SIG_BLOCK, NULL, &cur);
  printf("first fault handled; SIGSEGV blocked now: %s\n", sigismember(&cur, SIGSEGV) ? "yes" : "no");
  fflush(stdout);
  (void)*bad;
  printf("second fault survived\n");
  return 0;
}
