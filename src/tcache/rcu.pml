/*
 * Promela model of the code-invalidation protocols in rcu.ts (RCU, and the exclusive
 * stop-the-world strategy). Keep it in step with rcu.ts: every shared word and every ordering
 * the code relies on appears here with the same name.
 *
 * What is modelled: NR vCPUs (readers), each with a private translation of one code range; one
 * writer that changes the range's bytes NW times (munmap/mprotect/flush_icache). A translation is
 * the version of the bytes it was made from.
 *
 * Properties (checked by `spin -a rcu.pml && gcc -o pan pan.c && ./pan -a -f`, see
 * scripts/check-model.mjs):
 *   safety   — once the writer's invalidating syscall has returned for version v, no vCPU
 *              executes a translation older than v (assertion in reader);
 *   liveness — every invalidation's grace period ends (ltl grace_ends), under weak fairness.
 *
 * Set EXCLUSIVE to 1 to check the stop-the-world strategy instead.
 */

#ifndef NR
#define NR 2
#endif
#ifndef NW
#define NW 2
#endif
#ifndef EXCLUSIVE
#define EXCLUSIVE 0
#endif
#ifndef LOOP_BUDGET
#define LOOP_BUDGET 2        /* 1024 in the code; a small bound keeps the state space small */
#endif

byte bytes_version = 0;      /* version of the guest code bytes */
byte returned_version = 0;   /* highest version whose invalidating syscall has returned */
byte epoch = 0;              /* W_EPOCH: entries in the invalidation log */
bool stop = 0;               /* W_STOP (exclusive) */
byte stop_gen = 0;           /* W_STOP_GEN */

bool in_code[NR];            /* R_IN_CODE */
byte reader_epoch[NR];       /* R_EPOCH */
byte parked[NR];             /* R_PARKED */
bool flush[NR];              /* R_FLUSH */
bool exit_request[NR];       /* S_EXIT_REQUEST of each vCPU */

bool in_grace = 0;           /* the writer is waiting for a grace period */

proctype reader(byte me) {
  byte translation = 255;    /* 255: nothing translated */
  byte seen = 0;             /* the epoch this vCPU's cache caught up to */
  byte now;
  byte budget;

runtime:
  /* ---- enterCode ---- */
#if EXCLUSIVE
  do
  :: in_code[me] = 1;
     if
     :: stop == 0 -> break
     :: else ->
        in_code[me] = 0;
        /* park */
        do
        :: stop != 0 -> parked[me] = stop_gen
        :: stop == 0 -> break
        od
     fi
  od;
  if
  :: flush[me] -> flush[me] = 0; translation = 255
  :: else -> skip
  fi;
#else
  in_code[me] = 1;
#endif
  now = epoch;
  if
  :: now != seen ->
     /* drop translations of every logged range (one range in this model) */
     translation = 255;
     reader_epoch[me] = now;
     seen = now
  :: else -> skip
  fi;
  /* a jump-cache miss translates from the current bytes */
  if
  :: translation == 255 -> translation = bytes_version
  :: else -> skip
  fi;

  /* ---- generated code runs: the dispatcher polls the exit request before each region it
     calls; a region returns to it at the latest after LOOP_BUDGET backward jumps
     (jit/emitter.ts backwardJump, vcpu/dispatcher.ts) ---- */
  do
  :: if
     :: exit_request[me] -> exit_request[me] = 0; break
     :: else -> skip
     fi;
     budget = LOOP_BUDGET;
     do
     :: assert(translation >= returned_version);   /* execute the region */
        if
        :: budget > 0 -> budget--    /* jumps backward: runs on */
        :: break                     /* back to the dispatcher: budget spent, or a jump out */
        fi
     od;
     if
     :: skip      /* the dispatcher calls the next region */
     :: break     /* leaves for the runtime: a syscall, a jump-cache miss */
     fi
  od;

  /* ---- leaveCode ---- */
  in_code[me] = 0;
  goto runtime
}

proctype writer() {
  byte r;
  byte v;
  do
  :: bytes_version < NW ->
     atomic { bytes_version++; v = bytes_version };   /* the mm change itself */
     in_grace = 1;
#if EXCLUSIVE
     /* invalidateExclusive */
     atomic { stop == 0 -> stop = 1 };
     stop_gen++;
     r = 0;
     do :: r < NR -> exit_request[r] = 1; r++ :: else -> break od;
     r = 0;
     do
     :: r < NR ->
        if
        :: parked[r] >= stop_gen || in_code[r] == 0 -> flush[r] = 1; r++
        :: else -> skip   /* Atomics.wait with timeout: look again */
        fi
     :: else -> break
     od;
     stop = 0;
#else
     /* invalidateRcu: append to the log (advances the epoch), kick, wait */
     epoch++;
     r = 0;
     do :: r < NR -> exit_request[r] = 1; r++ :: else -> break od;
     r = 0;
     do
     :: r < NR ->
        if
        :: in_code[r] == 0 || reader_epoch[r] >= epoch -> r++
        :: else -> skip
        fi
     :: else -> break
     od;
#endif
     in_grace = 0;
     returned_version = v          /* the syscall returns to the guest */
  :: else -> break
  od
}

init {
  byte i = 0;
  atomic {
    do
    :: i < NR -> run reader(i); i++
    :: else -> break
    od;
    run writer()
  }
}

/* Every grace period ends: the writer never waits forever. */
ltl grace_ends { [] (in_grace -> <> !in_grace) }
