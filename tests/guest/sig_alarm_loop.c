// rvjit-test: qemu
// Timer signals interrupting guest code that makes no system calls: a generated-code loop must
// notice the pending signal by itself (rvjit polls the exit request at backward jumps).
//  1. alarm(1) while a C loop spins on a volatile flag set by the handler.
//  2. setitimer(ITIMER_REAL, 50 ms) while spinning in an infinite loop that never checks
//     anything; the handler leaves with siglongjmp.
//  3. The same with a one-instruction loop written in assembly (`1: addi; j 1b` in one block,
//     which jumps to its own start).
//  4. A loop of two blocks made of conditional branches only (`bnez zero` falls through,
//     `beqz zero` jumps back).
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t fired;
static sigjmp_buf env;
static void set_flag(int sig) { (void)sig; fired = 1; }
static void jump_out(int sig) { (void)sig; fired++; siglongjmp(env, 1); }

static void arm_ms(long ms) {
  struct itimerval it;
  memset(&it, 0, sizeof it);
  it.it_value.tv_sec = ms / 1000;
  it.it_value.tv_usec = (ms % 1000) * 1000;
  setitimer(ITIMER_REAL, &it, NULL);
}

int main(void) {
  signal(SIGALRM, set_flag);
  alarm(1);
  volatile unsigned long spins = 0;
  while (!fired) spins++;
  printf("alarm(1) ended a flag loop: %s\n", spins > 0 ? "yes" : "no");

  signal(SIGALRM, jump_out);
  fired = 0;
  unsigned long x = 1;
  if (sigsetjmp(env, 1) == 0) {
    arm_ms(50);
    for (;;) x = x * 6364136223846793005UL + 1442695040888963407UL; /* no memory access at all */
  }
  printf("itimer interrupted an endless arithmetic loop: %d\n", (int)fired);

  fired = 0;
  if (sigsetjmp(env, 1) == 0) {
    arm_ms(50);
    __asm__ volatile("1: addi t0, t0, 1\n j 1b" ::: "t0");
  }
  printf("itimer interrupted a one-block self loop: %d\n", (int)fired);

  fired = 0;
  if (sigsetjmp(env, 1) == 0) {
    arm_ms(50);
    __asm__ volatile("1: bnez zero, 2f\n beqz zero, 1b\n 2:" ::);
  }
  printf("itimer interrupted a two-branch loop: %d\n", (int)fired);
  return 0;
}
