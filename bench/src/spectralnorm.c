/*
 * spectralnorm: the spectral norm of an infinite matrix, truncated to n x n
 * (floating-point kernel).
 *
 * A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1). Ten rounds of the power method on
 * A^T A give the largest singular value of A. Almost all the time goes to
 * matrix-vector products whose entries are computed on the fly: a division and a
 * multiply-add per element.
 *
 * Usage: spectralnorm [n]   (default 1250)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static double a(long i, long j) { return 1.0 / (double)((i + j) * (i + j + 1) / 2 + i + 1); }

static void mul_a(const double *v, double *out, long n) {
  for (long i = 0; i < n; i++) {
    double sum = 0;
    for (long j = 0; j < n; j++) sum += a(i, j) * v[j];
    out[i] = sum;
  }
}

static void mul_at(const double *v, double *out, long n) {
  for (long i = 0; i < n; i++) {
    double sum = 0;
    for (long j = 0; j < n; j++) sum += a(j, i) * v[j];
    out[i] = sum;
  }
}

static void mul_ata(const double *v, double *out, double *tmp, long n) {
  mul_a(v, tmp, n);
  mul_at(tmp, out, n);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1250;
  double *u = malloc(n * sizeof *u), *v = malloc(n * sizeof *v), *tmp = malloc(n * sizeof *tmp);
  for (long i = 0; i < n; i++) u[i] = 1;
  for (int k = 0; k < 10; k++) {
    mul_ata(u, v, tmp, n);
    mul_ata(v, u, tmp, n);
  }
  double vbv = 0, vv = 0;
  for (long i = 0; i < n; i++) {
    vbv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  printf("spectralnorm: n=%ld %.9f\n", n, sqrt(vbv / vv));
  free(u); free(v); free(tmp);
  return 0;
}
