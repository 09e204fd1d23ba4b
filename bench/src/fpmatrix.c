/*
 * fpmatrix: dense double-precision linear algebra (floating-point kernel).
 *
 * Builds a diagonally dominant n x n matrix, multiplies it by another (i-k-j loop order,
 * the cache-friendly one), LU-factorizes the product with partial pivoting, solves a
 * linear system with it and reports the residual. Streams of loads, multiply-adds and
 * stores over rows, like the inner loops of BLAS/LAPACK-style code.
 *
 * Usage: fpmatrix [n]   (default 420)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 420;
  double *A = malloc(sizeof(double) * n * n), *B = malloc(sizeof(double) * n * n);
  double *C = calloc((size_t)n * n, sizeof(double)), *LU = malloc(sizeof(double) * n * n);
  double *x = malloc(sizeof(double) * n), *b = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n);
  int *perm = malloc(sizeof(int) * n);
  uint32_t s = 7;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      s = s * 1664525u + 1013904223u;
      A[i * n + j] = (double)(s >> 8) / 16777216.0 - 0.5 + (i == j ? n : 0);
      s = s * 1664525u + 1013904223u;
      B[i * n + j] = (double)(s >> 8) / 16777216.0 - 0.5 + (i == j ? 2.0 : 0);
    }

  /* C = A * B */
  for (int i = 0; i < n; i++)
    for (int k = 0; k < n; k++) {
      double aik = A[i * n + k];
      for (int j = 0; j < n; j++) C[i * n + j] += aik * B[k * n + j];
    }

  /* LU = C with partial pivoting; perm records the row order */
  memcpy(LU, C, sizeof(double) * n * n);
  for (int i = 0; i < n; i++) perm[i] = i;
  for (int k = 0; k < n; k++) {
    int p = k;
    for (int i = k + 1; i < n; i++)
      if (fabs(LU[i * n + k]) > fabs(LU[p * n + k])) p = i;
    if (p != k) {
      for (int j = 0; j < n; j++) {
        double t = LU[k * n + j];
        LU[k * n + j] = LU[p * n + j];
        LU[p * n + j] = t;
      }
      int t = perm[k]; perm[k] = perm[p]; perm[p] = t;
    }
    double pivot = LU[k * n + k];
    for (int i = k + 1; i < n; i++) {
      double f = LU[i * n + k] /= pivot;
      for (int j = k + 1; j < n; j++) LU[i * n + j] -= f * LU[k * n + j];
    }
  }

  /* solve C x = b for b = C * (1, 2, 3, ...), by forward then back substitution */
  for (int i = 0; i < n; i++) {
    double sum = 0;
    for (int j = 0; j < n; j++) sum += C[i * n + j] * (j + 1);
    b[i] = sum;
  }
  for (int i = 0; i < n; i++) {
    double sum = b[perm[i]];
    for (int j = 0; j < i; j++) sum -= LU[i * n + j] * y[j];
    y[i] = sum;
  }
  for (int i = n - 1; i >= 0; i--) {
    double sum = y[i];
    for (int j = i + 1; j < n; j++) sum -= LU[i * n + j] * x[j];
    x[i] = sum / LU[i * n + i];
  }

  double err = 0, trace = 0, det_log = 0;
  for (int i = 0; i < n; i++) {
    err = fmax(err, fabs(x[i] - (i + 1)));
    trace += C[i * n + i];
    det_log += log2(fabs(LU[i * n + i]));
  }
  /* the error is only meaningful as a magnitude: print it coarsely */
  printf("fpmatrix: n=%d trace=%.6e log2|det|=%.6e solved=%s\n", n, trace, det_log, err < 1e-6 ? "yes" : "no");
  free(A); free(B); free(C); free(LU); free(x); free(b); free(y); free(perm);
  return 0;
}
