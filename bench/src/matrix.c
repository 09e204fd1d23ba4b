/*
 * matrix: integer matrix arithmetic (integer kernel).
 *
 * Small 16-bit-input matrices are multiplied into 32-bit results, scaled, added to,
 * multiplied with vectors and reduced with bit-field extraction, like the matrix part of
 * CoreMark-style suites: tight nested loops of multiply-accumulate.
 *
 * Usage: matrix [rounds]   (default 1000; each round works on 64x64 matrices)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 64

static int16_t A[N][N], B[N][N];
static int32_t C[N][N];
static int32_t vec[N], out[N];

static void fill(uint32_t seed) {
  uint32_t s = seed;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      s = s * 1103515245u + 12345u;
      A[i][j] = (int16_t)((s >> 16) % 200) - 100;
      s = s * 1103515245u + 12345u;
      B[i][j] = (int16_t)((s >> 16) % 200) - 100;
    }
  for (int i = 0; i < N; i++) vec[i] = (int32_t)((seed + (uint32_t)i * 7u) % 31u) - 15;
}

/* C = A * B */
static void mul_mat(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      int32_t sum = 0;
      for (int k = 0; k < N; k++) sum += (int32_t)A[i][k] * B[k][j];
      C[i][j] = sum;
    }
}

/* out = C * vec, with wrap-around arithmetic done in unsigned to stay defined */
static void mul_vec(void) {
  for (int i = 0; i < N; i++) {
    uint32_t sum = 0;
    for (int j = 0; j < N; j++) sum += (uint32_t)C[i][j] * (uint32_t)vec[j];
    out[i] = (int32_t)sum;
  }
}

static void add_const(int16_t v) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) A[i][j] = (int16_t)(A[i][j] + v);
}

/* C = A * B, keeping only bits 2..13 of each product before accumulating */
static void mul_bitfield(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      int32_t sum = 0;
      for (int k = 0; k < N; k++) {
        int32_t p = (int32_t)A[i][k] * B[k][j];
        sum += (p >> 2) & 0xfff;
      }
      C[i][j] = sum;
    }
}

static void transpose_b(void) {
  for (int i = 0; i < N; i++)
    for (int j = i + 1; j < N; j++) {
      int16_t t = B[i][j];
      B[i][j] = B[j][i];
      B[j][i] = t;
    }
}

static uint32_t sum_c(void) {
  uint32_t s = 0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) s = (s << 1 | s >> 31) ^ (uint32_t)C[i][j];
  return s;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 1000;
  uint32_t check = 0;
  fill(12345u);
  for (int r = 0; r < rounds; r++) {
    if (r % 64 == 0) fill((uint32_t)r + 1u);
    mul_mat();
    check = check * 33 + sum_c();
    mul_vec();
    for (int i = 0; i < N; i++) check ^= (uint32_t)out[i] << (i & 15);
    add_const((int16_t)((r & 7) - 3));
    mul_bitfield();
    check = check * 33 + sum_c();
    transpose_b();
  }
  printf("matrix: rounds=%d checksum=%08x\n", rounds, check);
  return 0;
}
