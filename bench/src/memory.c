/*
 * memory: a large working set with many pages touched (memory-heavy program).
 *
 * Allocates an array of the given size (fresh pages from mmap), fills it sequentially,
 * chases a pseudo-random cycle of indices through it (dependent loads that miss the caches
 * and the TLB), touches every page once per pass, copies half of it over the other half,
 * and finally churns through many short-lived megabyte-sized allocations (mmap/munmap and
 * first touches again). Page-fault, TLB and memory-system work rather than arithmetic.
 *
 * Usage: memory [megabytes]   (default 128; rounded down to a power of two)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 4096

int main(int argc, char **argv) {
  long mb = argc > 1 ? atol(argv[1]) : 128;
  if (mb < 1) mb = 1;
  size_t n = 1; /* elements: a power of two, so "& mask" is "mod n" */
  while (n * 2 * sizeof(uint32_t) <= (size_t)mb << 20) n *= 2;
  size_t mask = n - 1, words_per_page = PAGE / sizeof(uint32_t);
  uint32_t *a = malloc(n * sizeof *a);
  if (!a) { perror("malloc"); return 1; }

  /*
   * a[i] = (5 i + 12345) mod n. An LCG with multiplier = 1 mod 4 and an odd increment
   * visits every index of a power-of-two range once per period, so following a[] from
   * any index walks one cycle through the whole array in scattered order.
   */
  for (size_t i = 0; i < n; i++) a[i] = (uint32_t)((i * 5 + 12345) & mask);
  uint64_t chase = 0;
  size_t j = 0;
  for (size_t step = 0; step < n / 8; step++) {
    j = a[j];
    chase += j;
  }

  /* one write per page per pass: page-table work with almost no data reuse */
  for (uint32_t pass = 0; pass < 8; pass++)
    for (size_t p = 0; p < n; p += words_per_page) a[p + pass * 7] += pass;

  memcpy(a + n / 2, a, n / 2 * sizeof *a);
  uint64_t sum = 0;
  for (size_t i = 0; i < n; i += 61) sum += a[i] ^ (uint32_t)i;

  /* allocations above malloc's mmap threshold: each is a fresh mapping, touched and unmapped */
  uint64_t churn = 0;
  uint32_t s = 1;
  int rounds = (int)(mb / 8) + 1;
  for (int r = 0; r < rounds; r++) {
    uint8_t *blocks[16];
    size_t sizes[16];
    for (int k = 0; k < 16; k++) {
      s = s * 1103515245u + 12345u;
      sizes[k] = (256 << 10) + (s >> 8) % (2 << 20);
      blocks[k] = malloc(sizes[k]);
      memset(blocks[k], k + r, sizes[k]);
    }
    for (int k = 0; k < 16; k++) {
      for (size_t off = 0; off < sizes[k]; off += PAGE) churn += blocks[k][off];
      free(blocks[k]);
    }
  }
  printf("memory: mb=%ld elements=%zu chase=%llu sum=%llu churn=%llu\n", mb, n, (unsigned long long)chase,
         (unsigned long long)sum, (unsigned long long)churn);
  free(a);
  return 0;
}
