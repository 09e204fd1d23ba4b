/*
 * mandelbrot: the Mandelbrot set on a square grid (floating-point kernel).
 *
 * Each point c of [-1.5, 0.5] x [-1, 1] is iterated z = z^2 + c up to 50 times; the
 * points that never leave |z| <= 2 are in the set. Prints how many are, and a hash of the
 * bitmap. Multiply-add chains and a compare per iteration.
 *
 * Usage: mandelbrot [size]   (default 880: an 880 x 880 grid)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 880;
  long inside = 0;
  uint32_t hash = 2166136261u;
  for (int y = 0; y < n; y++) {
    double ci = 2.0 * y / n - 1.0;
    uint32_t bits = 0;
    for (int x = 0; x < n; x++) {
      double cr = 2.0 * x / n - 1.5, zr = 0, zi = 0, zr2 = 0, zi2 = 0;
      int i = 0;
      for (; i < 50 && zr2 + zi2 <= 4.0; i++) {
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        zr2 = zr * zr;
        zi2 = zi * zi;
      }
      bits = bits << 1 | (i == 50);
      inside += i == 50;
      /* fold every 32 pixels into the hash, like packing the bitmap into words */
      if ((x & 31) == 31 || x == n - 1) { hash = (hash ^ bits) * 16777619u; bits = 0; }
    }
  }
  printf("mandelbrot: size=%d inside=%ld hash=%08x\n", n, inside, hash);
  return 0;
}
