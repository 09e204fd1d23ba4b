/*
 * list: linked-list processing (integer kernel).
 *
 * Lists of small records in a node pool are built, searched, filtered, reversed and merge
 * sorted, over and over: pointer chasing with data-dependent branches, the kind of work
 * the "list" part of CoreMark-style suites measures.
 *
 * Usage: list [rounds]   (default 3000; each round works on a 2000-node list)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NODES 2000

struct node {
  struct node *next;
  uint32_t key;
  uint32_t value;
};

static struct node pool[NODES];

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void) {
  /* xorshift64*: fast, and enough to make the keys look random */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

/* Links pool[0..n) into a list in pool order, with fresh random keys. */
static struct node *build(int n) {
  struct node *head = NULL, **tail = &head;
  for (int i = 0; i < n; i++) {
    pool[i].key = rnd() % 10000;
    pool[i].value = (uint32_t)i;
    *tail = &pool[i];
    tail = &pool[i].next;
  }
  *tail = NULL;
  return head;
}

static struct node *reverse(struct node *l) {
  struct node *prev = NULL;
  while (l) {
    struct node *next = l->next;
    l->next = prev;
    prev = l;
    l = next;
  }
  return prev;
}

static struct node *find(struct node *l, uint32_t key) {
  while (l && l->key != key) l = l->next;
  return l;
}

/* Unlinks every node whose key is divisible by m; returns the number removed. */
static int remove_multiples(struct node **l, uint32_t m) {
  int removed = 0;
  while (*l) {
    if ((*l)->key % m == 0) {
      *l = (*l)->next;
      removed++;
    } else {
      l = &(*l)->next;
    }
  }
  return removed;
}

/* Stable merge of two key-sorted lists. */
static struct node *merge(struct node *a, struct node *b) {
  struct node head, *t = &head;
  while (a && b) {
    if (b->key < a->key) { t->next = b; b = b->next; }
    else { t->next = a; a = a->next; }
    t = t->next;
  }
  t->next = a ? a : b;
  return head.next;
}

/* Bottom-up merge sort by key: runs of width 1, 2, 4, ... merged pairwise. */
static struct node *sort(struct node *l) {
  int len = 0;
  for (struct node *p = l; p; p = p->next) len++;
  for (int width = 1; width < len; width *= 2) {
    struct node *rest = l, head, *tail = &head;
    while (rest) {
      struct node *a = rest, *b, *p = a;
      for (int i = 1; i < width && p->next; i++) p = p->next;
      b = p->next;
      p->next = NULL;
      p = b;
      for (int i = 1; i < width && p && p->next; i++) p = p->next;
      if (p) { rest = p->next; p->next = NULL; } else rest = NULL;
      tail->next = merge(a, b);
      while (tail->next) tail = tail->next;
    }
    l = head.next;
  }
  return l;
}

static uint32_t checksum(const struct node *l) {
  uint32_t h = 2166136261u;
  for (; l; l = l->next) h = (h ^ l->key ^ (l->value << 16)) * 16777619u;
  return h;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 3000;
  uint32_t total = 0;
  long found = 0, removed = 0, sorted_ok = 0;
  for (int r = 0; r < rounds; r++) {
    struct node *l = build(NODES);
    for (uint32_t k = 0; k < 40; k++)
      if (find(l, (k * 251 + (uint32_t)r) % 10000)) found++;
    l = reverse(l);
    removed += remove_multiples(&l, 7 + (uint32_t)(r % 5));
    l = sort(l);
    int ok = 1;
    for (struct node *p = l; p && p->next; p = p->next)
      if (p->key > p->next->key) ok = 0;
    sorted_ok += ok;
    l = reverse(l);
    total = total * 31 + checksum(l);
  }
  printf("list: rounds=%d found=%ld removed=%ld sorted=%ld checksum=%08x\n", rounds, found, removed, sorted_ok,
         total);
  return 0;
}
