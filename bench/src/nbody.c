/*
 * nbody: gravitational n-body simulation (floating-point kernel).
 *
 * A heavy central body and five planets on roughly circular, slightly inclined orbits
 * (our own made-up system, in units where G = 1) are advanced with a symplectic Euler
 * integrator; the total energy is printed before and after. Per step: all pairwise
 * distances, a square root and a division per pair, then the position updates.
 *
 * Usage: nbody [steps]   (default 250000)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define BODIES 6

struct body {
  double x, y, z, vx, vy, vz, mass;
};

static struct body sys[BODIES];

static void setup(void) {
  static const double radius[BODIES] = {0, 5.0, 8.5, 13.0, 19.0, 27.0};
  static const double mass[BODIES] = {1000.0, 0.9, 0.35, 0.6, 0.15, 0.4};
  sys[0].mass = mass[0];
  for (int i = 1; i < BODIES; i++) {
    /*
     * Spread the planets around their orbits and tilt each orbit a little. Sines and
     * cosines come from the rational parametrization (t = tan(angle / 2)) rather than
     * libm, so the riscv64 and x86-64 builds start from bit-identical states.
     */
    double t = 0.55 * i - 1.4, u = 0.01 * i;
    double c = (1 - t * t) / (1 + t * t), s = 2 * t / (1 + t * t);
    double ct = (1 - u * u) / (1 + u * u), st = 2 * u / (1 + u * u);
    double r = radius[i], v = sqrt(mass[0] / r);
    sys[i] = (struct body){r * c, r * s * ct, r * s * st, -v * s, v * c * ct, v * c * st, mass[i]};
  }
  /* give the central body the opposite of the planets' momentum: the system stays put */
  double px = 0, py = 0, pz = 0;
  for (int i = 1; i < BODIES; i++) {
    px += sys[i].vx * sys[i].mass;
    py += sys[i].vy * sys[i].mass;
    pz += sys[i].vz * sys[i].mass;
  }
  sys[0].vx = -px / sys[0].mass;
  sys[0].vy = -py / sys[0].mass;
  sys[0].vz = -pz / sys[0].mass;
}

static double energy(void) {
  double e = 0;
  for (int i = 0; i < BODIES; i++) {
    struct body *b = &sys[i];
    e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
    for (int j = i + 1; j < BODIES; j++) {
      double dx = b->x - sys[j].x, dy = b->y - sys[j].y, dz = b->z - sys[j].z;
      e -= b->mass * sys[j].mass / sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

static void advance(double dt) {
  for (int i = 0; i < BODIES; i++) {
    struct body *a = &sys[i];
    for (int j = i + 1; j < BODIES; j++) {
      struct body *b = &sys[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * sqrt(d2));
      a->vx -= dx * b->mass * mag;
      a->vy -= dy * b->mass * mag;
      a->vz -= dz * b->mass * mag;
      b->vx += dx * a->mass * mag;
      b->vy += dy * a->mass * mag;
      b->vz += dz * a->mass * mag;
    }
  }
  for (int i = 0; i < BODIES; i++) {
    sys[i].x += dt * sys[i].vx;
    sys[i].y += dt * sys[i].vy;
    sys[i].z += dt * sys[i].vz;
  }
}

int main(int argc, char **argv) {
  long steps = argc > 1 ? atol(argv[1]) : 250000;
  setup();
  printf("nbody: steps=%ld\n%.9f\n", steps, energy());
  for (long s = 0; s < steps; s++) advance(0.001);
  printf("%.9f\n", energy());
  return 0;
}
