// rvjit-test: qemu
// A switch compiled to a jump table (a computed jump, `jr`) inside a hot loop: rvjit learns the
// targets such a jump takes and dispatches them inside the region's wasm (jit/plan.ts,
// compile-region.ts emitLearnedJump). Cases with loops of their own, a case that calls out, a
// case that restarts the loop, cases that are first taken only late in the run (learned after
// the page's region was built, so the page is rebuilt), and a loop that only stops when
// SIGALRM's handler sets a flag, so a vCPU dispatching learned jumps must still answer it.
// `./isa_switch_loop N S` runs N steps of the first loop and spins for S seconds (default 300000
// and 1; the stats test in tiers.test.ts counts the dispatcher's work for N steps and no spin).
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static uint64_t called;

__attribute__((noinline)) static uint64_t helper(uint64_t x) {
  called++;
  return x * 0x9e3779b97f4a7c15u ^ (x >> 31);
}

/* `late` widens the states in use from 0..7 to 0..11 half-way through the run. */
__attribute__((noinline)) static uint64_t machine(uint64_t steps, uint64_t counts[12]) {
  uint64_t acc = 1, x = 0x2545f4914f6cdd1du;
  for (uint64_t i = 0; i < steps; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    unsigned state = (unsigned)(x >> 40) % (i < steps / 2 ? 8u : 12u);
    counts[state]++;
    switch (state) {
      case 0: acc += x; break;
      case 1: acc ^= x >> 3; break;
      case 2: acc = acc * 3 + 1; break;
      case 3:
        for (int k = 0; k < (int)(x & 7); k++) acc = (acc << 5 | acc >> 59) + (uint64_t)k;
        break;
      case 4: acc = helper(acc); break;
      case 5:
        if (acc & 1) continue; /* back to the loop head without the common tail */
        acc >>= 1;
        break;
      case 6: acc -= x & 0xffff; break;
      case 7: acc = ~acc; break;
      case 8: acc += 8; break;
      case 9: {
        uint64_t t = acc;
        while (t > 1000) t /= 7;
        acc += t;
        break;
      }
      case 10: acc *= 0x100000001b3u; break;
      case 11: acc ^= acc >> 17; break;
    }
    acc += i;
  }
  return acc;
}

/* Switches until the alarm: each state leads back to the switch; only the flag ends it. The
 * successor table is a global the compiler cannot assume constant, so the switch stays a switch. */
unsigned next_state[6] = {3, 4, 5, 1, 2, 0};

__attribute__((noinline)) static uint64_t spin(void) {
  uint64_t n = 0;
  unsigned state = 0;
  for (;;) {
    switch (state) {
      case 0: n++; break;
      case 1: n += 2; break;
      case 2: n += 3; break;
      case 3: n ^= 1; break;
      case 4: n += 5; break;
      case 5:
        if (stop) return n;
        break;
    }
    state = next_state[state];
  }
}

static void on_alarm(int sig) {
  (void)sig;
  stop = 1;
}

int main(int argc, char **argv) {
  uint64_t steps = argc > 1 ? strtoull(argv[1], 0, 10) : 300000;
  uint64_t counts[12] = {0};
  uint64_t acc = machine(steps, counts);
  printf("steps %llu acc %016llx helper calls %llu\n", (unsigned long long)steps, (unsigned long long)acc,
         (unsigned long long)called);
  for (int s = 0; s < 12; s++) printf("state %d: %llu\n", s, (unsigned long long)counts[s]);
  unsigned seconds = argc > 2 ? (unsigned)atoi(argv[2]) : 1;
  if (seconds > 0) {
    signal(SIGALRM, on_alarm);
    alarm(seconds);
    uint64_t n = spin();
    printf("spin stopped by SIGALRM: %s\n", n > 0 ? "yes" : "no");
  }
  return 0;
}
