/* A CPU-bound guest program: counts primes below N with a sieve, N from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000000;
  if (n < 2) n = 2;
  char *composite = calloc(n, 1);
  if (!composite) return 1;
  long count = 0;
  for (long i = 2; i < n; i++) {
    if (composite[i]) continue;
    count++;
    for (long j = i * i; j < n; j += i) composite[j] = 1;
  }
  printf("%ld primes below %ld\n", count, n);
  free(composite);
  return 0;
}
