/*
 * sort: sorting (integer kernel).
 *
 * The same pseudo-random array is sorted with quicksort (median of three, insertion sort
 * for short ranges), heapsort, top-down merge sort and an LSD radix sort; every result is
 * checked against the others. Compare-and-swap loops with unpredictable branches plus
 * the indirect calls of libc's qsort on a smaller array.
 *
 * Usage: sort [rounds]   (default 14; each round sorts 100000 numbers four ways)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 100000

static uint32_t src[N], a[N], b[N], tmp[N];

static void insertion(uint32_t *v, long lo, long hi) {
  for (long i = lo + 1; i <= hi; i++) {
    uint32_t x = v[i];
    long j = i - 1;
    while (j >= lo && v[j] > x) { v[j + 1] = v[j]; j--; }
    v[j + 1] = x;
  }
}

static void swap(uint32_t *v, long i, long j) { uint32_t t = v[i]; v[i] = v[j]; v[j] = t; }

static void quick(uint32_t *v, long lo, long hi) {
  while (hi - lo > 16) {
    long mid = lo + (hi - lo) / 2;
    if (v[mid] < v[lo]) swap(v, mid, lo);
    if (v[hi] < v[lo]) swap(v, hi, lo);
    if (v[hi] < v[mid]) swap(v, hi, mid);
    uint32_t pivot = v[mid];
    long i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) swap(v, i++, j--);
    }
    /* recurse into the smaller half, loop on the larger: bounded stack depth */
    if (j - lo < hi - i) { quick(v, lo, j); lo = i; }
    else { quick(v, i, hi); hi = j; }
  }
  insertion(v, lo, hi);
}

static void sift(uint32_t *v, long root, long n) {
  for (;;) {
    long child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && v[child + 1] > v[child]) child++;
    if (v[root] >= v[child]) return;
    swap(v, root, child);
    root = child;
  }
}

static void heap(uint32_t *v, long n) {
  for (long i = n / 2 - 1; i >= 0; i--) sift(v, i, n);
  for (long end = n - 1; end > 0; end--) {
    swap(v, 0, end);
    sift(v, 0, end);
  }
}

static void merge_sort(uint32_t *v, long lo, long hi) { /* sorts v[lo, hi) */
  if (hi - lo < 2) return;
  long mid = lo + (hi - lo) / 2;
  merge_sort(v, lo, mid);
  merge_sort(v, mid, hi);
  long i = lo, j = mid, k = lo;
  while (i < mid && j < hi) tmp[k++] = v[j] < v[i] ? v[j++] : v[i++];
  while (i < mid) tmp[k++] = v[i++];
  while (j < hi) tmp[k++] = v[j++];
  memcpy(v + lo, tmp + lo, (size_t)(hi - lo) * sizeof *v);
}

static void radix(uint32_t *v, long n) {
  uint32_t *from = v, *to = tmp;
  for (int shift = 0; shift < 32; shift += 8) {
    long count[257] = {0};
    for (long i = 0; i < n; i++) count[((from[i] >> shift) & 0xff) + 1]++;
    for (int d = 0; d < 256; d++) count[d + 1] += count[d];
    for (long i = 0; i < n; i++) to[count[(from[i] >> shift) & 0xff]++] = from[i];
    uint32_t *t = from; from = to; to = t;
  }
  /* four passes: the result is back in v */
}

static int cmp_u32(const void *x, const void *y) {
  uint32_t p = *(const uint32_t *)x, q = *(const uint32_t *)y;
  return (p > q) - (p < q);
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 14;
  uint64_t s = 88172645463325252ull, check = 0;
  int bad = 0;
  for (int r = 0; r < rounds; r++) {
    for (long i = 0; i < N; i++) {
      s ^= s << 13; s ^= s >> 7; s ^= s << 17;
      /* a quarter of the rounds draw from a small range: many duplicate keys */
      src[i] = (r & 3) == 3 ? (uint32_t)(s % 1000) : (uint32_t)s;
    }
    memcpy(a, src, sizeof a); quick(a, 0, N - 1);
    memcpy(b, src, sizeof b); heap(b, N);
    if (memcmp(a, b, sizeof a)) bad++;
    memcpy(b, src, sizeof b); merge_sort(b, 0, N);
    if (memcmp(a, b, sizeof a)) bad++;
    memcpy(b, src, sizeof b); radix(b, N);
    if (memcmp(a, b, sizeof a)) bad++;
    memcpy(b, src, N / 4 * sizeof *b); qsort(b, N / 4, sizeof *b, cmp_u32);
    for (long i = 0; i < N; i += 97) check = check * 1000003 + a[i];
    check += b[N / 8];
  }
  printf("sort: rounds=%d n=%d bad=%d checksum=%016llx\n", rounds, N, bad, (unsigned long long)check);
  return bad != 0;
}
