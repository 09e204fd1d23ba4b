/*
 * fuzz_syscalls: issues random system calls with structure-aware arguments, for the syscall
 * fuzzer in tools/fuzz-syscalls (see docs/fuzzing.md, "Syscall fuzzing"). It has no test header
 * on purpose: the fuzzer drives it, under rvjit and under qemu-riscv64.
 *
 *   fuzz_syscalls SEED COUNT [-x NAME]...   run COUNT calls drawn from SEED; -x leaves out a
 *                                           system call or a feature ("fifo") by name
 *   fuzz_syscalls --list                    print "number name" for every call it can issue
 *
 * Run it in an empty scratch directory, in a process group of its own: it creates its files
 * there and nothing it does may reach outside it, because the fuzzer runs as root in CI and
 * qemu-riscv64 passes most calls straight to the host kernel. So:
 *  - paths that calls may change things through are fixed names inside the scratch directory
 *    (symbolic links only to relative names without ".."), unterminated strings running into a
 *    guard page, or pointers nothing can be read from; never memory random calls wrote into,
 *    which could spell "/" or any absolute path. Calls that only look may also name "/", /proc...
 *  - signals go to this process, its own threads and children, its own group (0 or -pid: this
 *    process and its children), or to pids above PID_MAX_LIMIT (2^22) that no process can
 *    have; never -1 nor another group. Other processes (children) only get signals rvjit can
 *    forward from the host (Node receives no real-time signals).
 *  - no call that acts on the machine: no mount, reboot, module, swap, kexec, time setting,
 *    identity change (set*id), chroot, namespaces, ptrace, bpf, perf, keyctl, personality,
 *    device nodes (mknod makes only regular files, FIFOs and sockets), hostname, syslog...;
 *    they are simply not in CALLS.
 *  - bounded resources: mmap lengths up to 16 MiB (1 MiB populated), writes bounded by the
 *    buffers, fallocate/ftruncate on scratch descriptors only, at most MAX_CHILDREN forked
 *    children alive, FORKS_PER_RUN in all, each running CHILD_CALLS silent calls and exiting.
 *
 * Output: one line per call on descriptor 1 (moved to LOG_FD first, so random calls cannot
 * close or redirect it):  "<index> <name>(<args>) = <result>". Arguments are printed in a
 * symbolic form that is the same under every emulator ("&ok+3" is a pointer 3 bytes into a
 * fresh buffer, "&hole" one into an unmapped page); the result is the value, or -errno, or a
 * tag where the value legitimately differs between runs (pids, addresses). The description is
 * written before the call, so after a hang the last, unfinished line names the call.
 *
 * The process must survive every call, so the generator never asks for what would legitimately
 * end or freeze it: no exit, no successful execve or clone, no SIGKILL/SIGSTOP, no signal whose
 * action is to terminate (every catchable signal has a handler or is ignored), no munmap,
 * mprotect or MAP_FIXED outside memory that exists only to be mangled ("the victim"), no change
 * to the watchdog timer, the log descriptor or the signals a blocking call needs to be
 * interrupted. Every call runs with a periodic watchdog timer armed (WD_SIG, no SA_RESTART):
 * a call that blocks is interrupted within WATCHDOG_NS of starting, as Linux would do it.
 *
 * Only raw system calls and no heap: the program's own state must not depend on anything the
 * random calls can disturb.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef unsigned long UL;

static inline long sc6(long n, long a, long b, long c, long d, long e, long f)
{
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a3 __asm__("a3") = d;
    register long a4 __asm__("a4") = e;
    register long a5 __asm__("a5") = f;
    register long a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7) : "memory");
    return a0;
}
#define sc0(n) sc6(n, 0, 0, 0, 0, 0, 0)
#define sc1(n, a) sc6(n, (long)(a), 0, 0, 0, 0, 0)
#define sc2(n, a, b) sc6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define sc3(n, a, b, c) sc6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sc4(n, a, b, c, d) sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

/* riscv64 (asm-generic) system call numbers this program uses. */
enum {
    NR_getcwd = 17, NR_eventfd2 = 19, NR_epoll_create1 = 20, NR_epoll_ctl = 21, NR_epoll_pwait = 22,
    NR_dup = 23, NR_dup3 = 24, NR_fcntl = 25, NR_ioctl = 29, NR_ioprio_get = 31, NR_flock = 32,
    NR_mknodat = 33, NR_mkdirat = 34, NR_unlinkat = 35, NR_symlinkat = 36, NR_linkat = 37,
    NR_statfs = 43, NR_fstatfs = 44, NR_truncate = 45, NR_ftruncate = 46, NR_fallocate = 47,
    NR_faccessat = 48, NR_chdir = 49, NR_fchdir = 50, NR_fchmod = 52, NR_fchmodat = 53,
    NR_fchownat = 54, NR_fchown = 55, NR_openat = 56, NR_close = 57, NR_pipe2 = 59,
    NR_getdents64 = 61, NR_lseek = 62, NR_read = 63, NR_write = 64, NR_readv = 65, NR_writev = 66,
    NR_pread64 = 67, NR_pwrite64 = 68, NR_preadv = 69, NR_pwritev = 70, NR_sendfile = 71,
    NR_pselect6 = 72, NR_ppoll = 73, NR_readlinkat = 78, NR_newfstatat = 79, NR_fstat = 80,
    NR_sync = 81, NR_fsync = 82, NR_fdatasync = 83, NR_utimensat = 88, NR_capget = 90,
    NR_personality = 92, NR_exit_group = 94, NR_waitid = 95, NR_set_tid_address = 96,
    NR_futex = 98, NR_set_robust_list = 99, NR_get_robust_list = 100, NR_nanosleep = 101,
    NR_getitimer = 102, NR_setitimer = 103, NR_timer_create = 107, NR_timer_gettime = 108,
    NR_timer_getoverrun = 109, NR_timer_settime = 110, NR_timer_delete = 111,
    NR_clock_gettime = 113, NR_clock_getres = 114, NR_clock_nanosleep = 115,
    NR_sched_getscheduler = 120, NR_sched_getparam = 121, NR_sched_setaffinity = 122,
    NR_sched_getaffinity = 123, NR_sched_yield = 124, NR_sched_get_priority_max = 125,
    NR_sched_get_priority_min = 126, NR_kill = 129, NR_tkill = 130, NR_tgkill = 131,
    NR_sigaltstack = 132, NR_rt_sigsuspend = 133, NR_rt_sigaction = 134, NR_rt_sigprocmask = 135,
    NR_rt_sigpending = 136, NR_rt_sigtimedwait = 137, NR_rt_sigqueueinfo = 138,
    NR_getpriority = 141, NR_getresuid = 148, NR_getresgid = 150, NR_times = 153, NR_setpgid = 154,
    NR_getpgid = 155, NR_getsid = 156, NR_setsid = 157, NR_getgroups = 158, NR_uname = 160,
    NR_getrlimit = 163, NR_setrlimit = 164, NR_getrusage = 165, NR_umask = 166, NR_prctl = 167,
    NR_getcpu = 168, NR_gettimeofday = 169, NR_getpid = 172, NR_getppid = 173, NR_getuid = 174,
    NR_geteuid = 175, NR_getgid = 176, NR_getegid = 177, NR_gettid = 178, NR_sysinfo = 179,
    NR_brk = 214, NR_munmap = 215, NR_mremap = 216, NR_clone = 220, NR_execve = 221, NR_mmap = 222,
    NR_fadvise64 = 223, NR_mprotect = 226, NR_msync = 227, NR_mlockall = 230, NR_munlockall = 231,
    NR_mincore = 232, NR_madvise = 233, NR_rt_tgsigqueueinfo = 240, NR_riscv_hwprobe = 258,
    NR_riscv_flush_icache = 259, NR_wait4 = 260, NR_prlimit64 = 261, NR_syncfs = 267,
    NR_renameat2 = 276, NR_getrandom = 278, NR_memfd_create = 279, NR_execveat = 281,
    NR_membarrier = 283, NR_copy_file_range = 285, NR_statx = 291, NR_rseq = 293, NR_clone3 = 435,
    NR_close_range = 436, NR_faccessat2 = 439, NR_epoll_pwait2 = 441,
};

/* Constants, spelled out (Linux generic values) so that no header disagreement can change them. */
#define AT_FDCWD (-100)
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_CLOEXEC 02000000
#define O_PATH 010000000
#define O_TMPFILE 020200000
#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_PRIVATE 2
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_POPULATE 0x8000
#define MAP_FIXED_NOREPLACE 0x100000
#define SA_SIGINFO 4
#define SA_RESETHAND 0x80000000UL
#define SIG_DFL 0UL
#define SIG_IGN 1UL
#define SIGEV_SIGNAL 0
#define CLOCK_MONOTONIC 1
#define S_IFMT 0170000
#define S_IFDIR 0040000
#define S_IFREG 0100000
#define S_IFIFO 0010000
#define S_IFCHR 0020000
#define S_IFBLK 0060000
#define S_IFSOCK 0140000
#define EINTR 4

#define PAGE 4096UL
/* Where the log goes: out of reach of the small descriptor numbers random calls use. */
#define LOG_FD 1000
/* The scratch directory, to return to after chdir/fchdir. */
#define CWD_FD 1001
/* The watchdog's signal: never blocked, never given another action, never SA_RESTART. */
#define WD_SIG 40
#define WATCHDOG_NS 20000000L

/* ---- random numbers: splitmix64, the same sequence on every emulator ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static UL below(UL n) { return n ? rnd() % n : 0; }
static int chance(int percent) { return (int)below(100) < percent; }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(a) ((a)[below(COUNT(a))])

/* ---- output ---- */

static char line[16384];
static int line_len;

static void emit(const char *s)
{
    while (*s && line_len < (int)sizeof line - 2) line[line_len++] = *s++;
}

static void fmt_dec(char *b, long v)
{
    char t[24];
    int n = 0;
    UL u = v < 0 ? -(UL)v : (UL)v;
    do t[n++] = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) *b++ = '-';
    while (n) *b++ = t[--n];
    *b = 0;
}

static void fmt_hex(char *b, UL v)
{
    char t[20];
    int n = 0;
    do t[n++] = "0123456789abcdef"[v & 15]; while (v >>= 4);
    *b++ = '0';
    *b++ = 'x';
    while (n) *b++ = t[--n];
    *b = 0;
}

static void emit_dec(long v) { char b[24]; fmt_dec(b, v); emit(b); }

static int silent; /* set in forked children: the log is the parent's */

static void flush_line(void)
{
    int off = 0;
    if (silent) { line_len = 0; return; }
    while (off < line_len) {
        long n = sc3(NR_write, LOG_FD, line + off, line_len - off);
        if (n == -EINTR) continue;
        if (n <= 0) break;
        off += (int)n;
    }
    line_len = 0;
}

/* ---- argument descriptions: one buffer per argument, joined into the line at the end ---- */

static long A[6];
static int NA;
static char desc[6][700];
static char *dp, *dend;

static void arg(int i)
{
    dp = desc[i];
    dend = desc[i] + sizeof desc[i] - 1;
    *dp = 0;
    if (i + 1 > NA) NA = i + 1;
}

static void ds(const char *s)
{
    while (*s && dp < dend) *dp++ = *s++;
    *dp = 0;
}

static void dd(long v) { char b[24]; fmt_dec(b, v); ds(b); }
static void dx(UL v) { char b[24]; fmt_hex(b, v); ds(b); }

/* ---- memory: where pointers point ---- */

/*
 * The data area: fresh buffers for each call are carved from its first AREA bytes (AREA_RW),
 * followed by a guard page (PROT_NONE), a read-only page and an unmapped hole, so that the
 * kernel's writes past a buffer end in a fault, never in this program's own state.
 */
#define AREA_RW (192 * 1024)
static uint8_t *area, *guard_page, *ro_page, *hole_page;
static size_t bump;
/* Memory random calls may unmap, remap, protect or overwrite at will. */
#define VICTIM_SIZE (1024 * 1024)
static uint8_t *victim;
/* The alternate signal stack and the rseq area: a mapping of their own, out of reach of overruns. */
#define ALT_SIZE 32768
static uint8_t *special;
/* Other mappings random calls created (mmap, mremap): theirs to mangle too. */
static struct { UL start, len; } maps[64];
static int nmaps;

static UL take(size_t n)
{
    bump = (bump + 15) & ~(size_t)15;
    if (n > AREA_RW / 2) n = AREA_RW / 2;
    if (bump + n > AREA_RW) bump = 0;
    UL p = (UL)(area + bump);
    bump += n;
    return p;
}

static void fill_random(UL p, size_t n)
{
    uint8_t *b = (uint8_t *)p;
    for (size_t i = 0; i < n; i++) b[i] = (uint8_t)rnd();
}

static long code_marker(void) { return 0; }

/*
 * A pointer that is not a usable buffer. `readable` allows ones the kernel may be able to read
 * (read-only page, code, victim memory, the hole): not for structures whose content decides
 * what the kernel does to this process (signal actions, masks, limits), which must come from
 * the generator, nor for paths.
 */
static UL bad_ptr(int readable)
{
    static const UL high[] = {
        0xffffffffffff0000UL, 0x8000000000000000UL, ~0UL, 0x800000000000UL, 1UL << 38,
        0xf0000000UL - 8, 0xf0000000UL, 0xf0001000UL, 0xffffffffUL, 0x100000000UL,
    };
    /* addresses no mapping can ever cover: below mmap_min_addr, the kernel half, non-canonical */
    static const UL never[] = {1, 8, 0xfff, 0xffffffffffff0000UL, 0x8000000000000000UL, ~0UL, 1UL << 56};
    static const UL low[] = {1, 8, 0xfff, 0x1000, 0xffff};
    if (!readable) {
        /* nothing here can be read, now or after random mmap calls (which may fill the hole or
           land on a hint), so no string can be read from it */
        switch (below(4)) {
        case 0: ds("&guard"); return (UL)guard_page;
        case 1: ds("NULL"); return 0;
        default: { UL v = PICK(never); dx(v); return v; }
        }
    }
    for (;;) {
        switch (below(10)) {
        case 0: ds("&guard"); return (UL)guard_page;
        case 1: ds("&hole"); return (UL)hole_page + 8 * below(4);
        case 2: ds("NULL"); return 0;
        case 3: { UL v = PICK(low); dx(v); return v; }
        case 4: { UL v = PICK(high); dx(v); return v; }
        case 5: ds("&ok+4G"); return (UL)area + 0x100000000UL;
        case 6: {
            /* straddles the end of the data area: its first bytes are valid */
            UL k = 1 + below(7);
            ds("&strad-"); dd((long)k);
            return (UL)area + AREA_RW - k;
        }
        case 7: ds("&ro"); return (UL)ro_page + 8 * below(8);
        case 8: ds("&code"); return (UL)&code_marker;
        default:
            { UL off = PAGE * below(VICTIM_SIZE / PAGE); ds("&vict+"); dx(off); return (UL)victim + off; }
        }
    }
}

/*
 * A pointer argument: usually a fresh buffer of `want` bytes (random content when the kernel
 * will read it), else one of the ways pointers go wrong. *room: bytes usable from the pointer.
 */
static UL ptr_arg(size_t want, int fill, long *room)
{
    long dummy;
    if (!room) room = &dummy;
    *room = 0;
    int r = (int)below(100);
    if (r < 65) {
        UL p = take(want);
        if (fill) fill_random(p, want);
        *room = (long)((UL)area + AREA_RW - p);
        ds("&ok");
        return p;
    }
    if (r < 72) {
        UL mis = 1 + below(7);
        UL p = take(want + 8) + mis;
        if (fill) fill_random(p, want);
        *room = (long)((UL)area + AREA_RW - p);
        ds("&ok+"); dd((long)mis);
        return p;
    }
    if (r < 77 && want > 1) {
        /* straddles the data area's end: the first k bytes are valid, the rest is the guard */
        UL k = 1 + below(want - 1 < 64 ? want - 1 : 64);
        UL p = (UL)area + AREA_RW - k;
        if (fill) fill_random(p, k);
        *room = (long)k;
        ds("&strad-"); dd((long)k);
        return p;
    }
    return bad_ptr(1);
}

/* A structure argument: a fresh buffer to fill (returned) or a bad pointer (0 returned). */
static uint8_t *struct_arg(int i, size_t size, int readable_bad)
{
    arg(i);
    if (chance(80)) {
        UL p = take(size);
        memset((void *)p, 0, size);
        A[i] = (long)p;
        ds("&");
        return (uint8_t *)p;
    }
    A[i] = (long)bad_ptr(readable_bad);
    return 0;
}

/* ---- values ---- */

static const long INTS[] = {
    0, 1, 2, 3, -1, -2, 7, 8, 16, 64, 255, 256, 4096, 0x7fffffff, (long)0x80000000L, 0xffffffffL,
    0x100000000L, 0x7fffffffffffffffL, (long)0x8000000000000000UL,
};

static long pick_int(void)
{
    int r = (int)below(10);
    if (r < 6) return PICK(INTS);
    if (r < 9) return (long)below(64);
    return (long)rnd();
}

static long pick_flags(UL known)
{
    int r = (int)below(20);
    if (r < 3) return 0;
    if (r < 17) return (long)(rnd() & known);
    if (r < 18) return (long)known;
    return (long)rnd();
}

static long pick_size(long room)
{
    static const long sizes[] = {
        0, 1, 2, 7, 8, 16, 64, 100, 512, 4096, 65536, 0x7fffffff, (long)0x80000000L, 0xffffffffL, -1L,
        0x100000000L,
    };
    int r = (int)below(10);
    if (r < 3 && room > 0) return room - (long)below(2) + (long)below(2);
    if (r < 5) return (long)below(128);
    return PICK(sizes);
}

static void a_int(int i, long v) { arg(i); A[i] = v; dd(v); }
static void a_hex(int i, long v) { arg(i); A[i] = v; dx((UL)v); }
static void a_str(int i, long v, const char *name) { arg(i); A[i] = v; ds(name); }

/* A buffer and its length (lengths drawn relative to what is really there). */
static void a_buf(int ip, int in, int fill)
{
    long room;
    arg(ip);
    A[ip] = (long)ptr_arg(64 + below(4096), fill, &room);
    a_int(in, pick_size(room));
}

/* A buffer with a length that never asks for more than `cap` bytes of work. */
static void a_buf_capped(int ip, int in, int fill, long cap)
{
    long room;
    arg(ip);
    A[ip] = (long)ptr_arg(64 + below(4096), fill, &room);
    long n = pick_size(room);
    if ((UL)n > (UL)cap) n = (long)below((UL)cap + 1);
    a_int(in, n);
}

static void a_ptr(int i, size_t want, int fill)
{
    arg(i);
    A[i] = (long)ptr_arg(want, fill, 0);
}

/* ---- descriptors ---- */

enum { K_FILE, K_DIR, K_PIPE, K_EVENT, K_EPOLL, K_OTHER };
static struct { int fd; int kind; } fds[256];
static int nfds;

static int fd_kind(long fd)
{
    uint8_t st[128];
    if (sc2(NR_fstat, fd, st) < 0) return K_OTHER;
    unsigned mode = *(unsigned *)(st + 16);
    switch (mode & S_IFMT) {
    case S_IFREG: return K_FILE;
    case S_IFDIR: return K_DIR;
    case S_IFIFO: return K_PIPE;
    default: return K_OTHER;
    }
}

static void fd_add(long fd, int kind)
{
    if (fd < 0 || fd == LOG_FD || fd == CWD_FD) return;
    if (kind < 0) kind = fd_kind(fd);
    for (int i = 0; i < nfds; i++)
        if (fds[i].fd == fd) { fds[i].kind = kind; return; }
    if (nfds < (int)COUNT(fds)) { fds[nfds].fd = (int)fd; fds[nfds].kind = kind; nfds++; }
}

static void fd_del(long fd)
{
    for (int i = 0; i < nfds; i++)
        if (fds[i].fd == fd) { fds[i] = fds[--nfds]; return; }
}

/* Never hand out the log or the scratch directory, in any spelling the kernel reads as them. */
static int protected_fd(long v) { int fd = (int)v; return fd == LOG_FD || fd == CWD_FD; }

static long pick_fd_kind(int kind)
{
    long v;
    int r = (int)below(100);
    if (r < 70 && nfds) {
        v = fds[below(nfds)].fd;
        if (kind >= 0 && chance(70))
            for (int tries = 0; tries < 8; tries++) {
                int i = (int)below(nfds);
                if (fds[i].kind == kind) { v = fds[i].fd; break; }
            }
    } else if (r < 82) {
        v = (long)below(3);
    } else if (r < 87) {
        v = -1;
    } else {
        static const long bogus[] = {
            999, 1023, 1024, 65535, 0x7fffffff, (long)0x80000000L, AT_FDCWD, 0x100000000L + 3,
            0x100000000L,
        };
        v = chance(50) ? (long)(3 + below(30)) : PICK(bogus);
    }
    return protected_fd(v) ? -1 : v;
}

static void a_fd(int i) { a_int(i, pick_fd_kind(-1)); }
static void a_fdk(int i, int kind) { a_int(i, pick_fd_kind(kind)); }

static void a_dirfd(int i)
{
    int r = (int)below(10);
    if (r < 4) { a_str(i, AT_FDCWD, "AT_FDCWD"); return; }
    if (r < 5) { a_str(i, CWD_FD, "cwdfd"); return; }
    a_fdk(i, K_DIR);
}

/* ---- paths ---- */

/* Names inside the scratch directory: the only ones calls that change things may use. */
static const char *const RW_PATHS[] = {
    "f0", "f1", "f2", "d1", "d1/f3", "d1/d2", "d1/d2/f4", "l1", "l2", "l3", "nx", "d1/nx", "f0/x",
    "f0/", ".", "d1/..", "./f1", "d1/", "", "nx/x", "p1", "LONG255", "LONG256",
    "LONGPATH", "DEEP",
};
/* Extra names for calls that only look. */
static const char *const RO_PATHS[] = {
    "/", "/proc/self/maps", "/proc/self/exe", "/dev/null", "/proc/self/fd/0", "/proc/self", "/tmp",
    "/proc/self/status", "..", "/proc/self/cwd", "/nonexistent-rvjit-fuzz/x",
};
/* Symbolic link targets: relative names stay inside the scratch directory. */
static const char *const LINK_TARGETS[] = {
    "f0", "d1", "nx", "l1", "d1/f3", "nx/x", "", "f0/", "LONG255",
};

static char long255[256], long256[257], longpath[4200], deep[4000];
static int no_fifo, no_big_select;

static const char *expand(const char *p)
{
    if (!strcmp(p, "LONG255")) return long255;
    if (!strcmp(p, "LONG256")) return long256;
    if (!strcmp(p, "LONGPATH")) return longpath;
    if (!strcmp(p, "DEEP")) return deep;
    return p;
}

static void put_path_desc(const char *name)
{
    if (!strcmp(name, "LONG255") || !strcmp(name, "LONG256") || !strcmp(name, "LONGPATH") || !strcmp(name, "DEEP")) {
        ds(name);
        return;
    }
    ds("\"");
    ds(name);
    ds("\"");
}

/* A path: a name copied into a fresh buffer, or an unterminated string, or a bad pointer. */
static void a_path_from(int i, const char *const *names, size_t n)
{
    arg(i);
    int r = (int)below(100);
    if (r < 82) {
        const char *name;
        do name = names[below(n)]; while (no_fifo && !strcmp(name, "p1"));
        const char *s = expand(name);
        size_t len = strlen(s) + 1;
        UL p = take(len);
        memcpy((void *)p, s, len);
        A[i] = (long)p;
        put_path_desc(name);
        return;
    }
    if (r < 87) {
        /* runs into the guard page before any NUL */
        UL k = 1 + below(16);
        UL p = (UL)area + AREA_RW - k;
        memset((void *)p, 'a', k);
        A[i] = (long)p;
        ds("&unterminated-");
        dd((long)k);
        return;
    }
    /* not a readable pointer: random calls write into readable memory, which could then spell
       an absolute path ("/" is two bytes) for a call that changes things */
    A[i] = (long)bad_ptr(0);
}

static void a_path_rw(int i) { a_path_from(i, RW_PATHS, COUNT(RW_PATHS)); }

static void a_path_ro(int i)
{
    if (chance(20)) a_path_from(i, RO_PATHS, COUNT(RO_PATHS));
    else a_path_rw(i);
}

/* ---- signals ---- */

static volatile long signals_seen;

static void on_signal(int sig, void *info, void *uc)
{
    (void)sig; (void)info; (void)uc;
    signals_seen++;
}

static void on_signal2(int sig) { (void)sig; signals_seen++; }

/* Signals whose default action is harmless (ignore or continue). */
static int default_harmless(int sig) { return sig == 17 || sig == 18 || sig == 23 || sig == 28; }

/* Whether raising `sig` (as the kernel sees it: an int) cannot stop or end this process. */
static int safe_to_raise(long v)
{
    int sig = (int)v;
    if (sig <= 0 || sig > 64) return 1; /* invalid or "check only" */
    if (sig == 9 || sig == 19) return 0;
    UL old[3];
    if (sc4(NR_rt_sigaction, sig, 0, old, 8) < 0) return 0;
    return old[0] != SIG_DFL || default_harmless(sig);
}

/* A signal number to raise in this process: valid and harmless, 0, or invalid. */
static long pick_raise_sig(void)
{
    static const long invalid[] = {65, -1, 128, 0x7fffffff, 0x100000000L};
    for (int tries = 0; tries < 16; tries++) {
        long s;
        int r = (int)below(100);
        if (r < 10) s = 0;
        else if (r < 85) s = 1 + (long)below(64);
        else s = PICK(invalid);
        if (safe_to_raise(s)) return s;
    }
    return 0;
}

/* A signal set (8 bytes) that never blocks the watchdog's signal. */
static void a_sigset(int i, int allow_readable_bad)
{
    uint8_t *p = struct_arg(i, 8, allow_readable_bad);
    if (!p) return;
    static const UL masks[] = {0, ~0UL, 1UL << 13, 1UL << 1, 0xfffffffeUL, (1UL << 31) | (1UL << 32)};
    UL m = chance(50) ? PICK(masks) : rnd();
    m &= ~(1UL << (WD_SIG - 1));
    memcpy(p, &m, 8);
    dx(m);
}

static void a_sigsetsize(int i)
{
    static const long odd[] = {0, 4, 16, 128, -1};
    a_int(i, chance(85) ? 8 : PICK(odd));
}

/* ---- times ---- */

/* A timespec: mostly short, some invalid, a few long enough that only the watchdog ends the call. */
static void a_timespec(int i)
{
    uint8_t *p = struct_arg(i, 16, 1);
    if (!p) return;
    long ts[2];
    int r = (int)below(100);
    static const long short_ns[] = {0, 1, 1000, 1000000, 2000000};
    static const long bad[][2] = {{0, 1000000000}, {0, -1}, {-1, 0}, {(long)0x8000000000000000UL, 0}};
    static const long lng[][2] = {{1, 0}, {100, 0}, {0x7fffffffffffffffL, 999999999}};
    if (r < 75) { ts[0] = 0; ts[1] = PICK(short_ns); }
    else if (r < 90) { int k = (int)below(COUNT(bad)); ts[0] = bad[k][0]; ts[1] = bad[k][1]; }
    else if (r < 97) { int k = (int)below(COUNT(lng)); ts[0] = lng[k][0]; ts[1] = lng[k][1]; }
    else { ts[0] = (long)rnd(); ts[1] = (long)rnd(); }
    memcpy(p, ts, 16);
    ds("{"); dd(ts[0]); ds(","); dd(ts[1]); ds("}");
}

/* A timeval pair (itimerval) or timespec pair (itimerspec): intervals never shorter than 1 s. */
static void a_timer_value(int i, int nsec)
{
    uint8_t *p = struct_arg(i, 32, 1);
    if (!p) return;
    long unit = nsec ? 1000000000L : 1000000L;
    long v[4];
    static const long secs[] = {0, 1, 1000};
    int r = (int)below(100);
    /* interval */
    if (r < 60) { v[0] = 0; v[1] = 0; } else if (r < 85) { v[0] = PICK(secs); v[1] = 0; }
    else if (r < 95) { v[0] = 0; v[1] = unit; } else { v[0] = -1; v[1] = 0; }
    if (v[0] == 0 && v[1] > 0 && v[1] < unit) v[0] = 1;
    r = (int)below(100);
    /* first expiry: 0 disarms, 1 ms fires once soon */
    if (r < 30) { v[2] = 0; v[3] = 0; } else if (r < 55) { v[2] = 0; v[3] = unit / 1000; }
    else if (r < 80) { v[2] = PICK(secs); v[3] = 0; } else if (r < 92) { v[2] = 0; v[3] = unit; }
    else { v[2] = -1; v[3] = 5; }
    memcpy(p, v, 32);
    ds("{"); dd(v[0]); ds(","); dd(v[1]); ds(","); dd(v[2]); ds(","); dd(v[3]); ds("}");
}

/* ---- memory ranges for the calls that change mappings ---- */

/*
 * An address range that is this program's to destroy: inside the victim or a mapping random
 * calls made, or in places where nothing of ours lives (page 0, above rvjit's guest range,
 * beyond any user address space). *len gets a length that keeps the range where it is.
 */
static UL mm_range(UL *len)
{
    static const UL lens_small[] = {0, 1, 4095, 4096, 8192, 65536};
    static const UL lens_bad[] = {1UL << 62, ~0UL, ~0UL - 4095, 0x8000000000000000UL};
    int r = (int)below(100);
    if (r < 10 && chance(30)) { *len = PICK(lens_bad); ds("&vict"); return (UL)victim; }
    if (r < 60) {
        UL off = PAGE * below(VICTIM_SIZE / PAGE);
        if (chance(5)) off += 1 + below(PAGE - 1);
        UL room = VICTIM_SIZE - off;
        UL l = chance(50) ? PICK(lens_small) : PAGE * (1 + below(room / PAGE));
        if (l > room) l = room;
        *len = l;
        ds("&vict+"); dx(off);
        return (UL)victim + off;
    }
    if (r < 80 && nmaps) {
        int k = (int)below(nmaps);
        UL off = chance(70) ? 0 : PAGE * below(maps[k].len / PAGE);
        UL room = maps[k].len - off;
        UL l = chance(60) ? room : PICK(lens_small);
        if (l > room) l = room;
        *len = l;
        ds("&map"); dd(k); ds("+"); dx(off);
        return maps[k].start + off;
    }
    static const UL nowhere[] = {0, 0x1000, 0xf0000000UL, 0xf0001000UL, 0x100000000UL, 1UL << 56, 0xfffffffffffff000UL};
    UL a = PICK(nowhere);
    *len = chance(80) ? PICK(lens_small) : PICK(lens_bad);
    if (a < 0x10000 && *len > 0x4000) *len = 0x4000;
    if (a >= 0xf0000000UL && a < (1UL << 40) && *len > 0x10000) *len = 0x10000;
    dx(a);
    return a;
}

static void track_map(UL start, UL len)
{
    if (start >= (UL)victim && start < (UL)victim + VICTIM_SIZE) return;
    len = (len + PAGE - 1) & ~(PAGE - 1);
    if (nmaps < (int)COUNT(maps)) { maps[nmaps].start = start; maps[nmaps].len = len; nmaps++; }
}

static void untrack_range(UL start, UL len)
{
    for (int i = 0; i < nmaps; i++)
        if (maps[i].start >= start && maps[i].start < start + len) { maps[i] = maps[--nmaps]; i--; }
}

/* ---- the calls ---- */

struct call { int nr; const char *name; int weight; };

static const struct call CALLS[] = {
    {NR_getcwd, "getcwd", 6}, {NR_eventfd2, "eventfd2", 6}, {NR_epoll_create1, "epoll_create1", 5},
    {NR_epoll_ctl, "epoll_ctl", 12}, {NR_epoll_pwait, "epoll_pwait", 6}, {NR_epoll_pwait2, "epoll_pwait2", 4},
    {NR_dup, "dup", 8}, {NR_dup3, "dup3", 8}, {NR_fcntl, "fcntl", 20}, {NR_ioctl, "ioctl", 12},
    {NR_flock, "flock", 6}, {NR_mknodat, "mknodat", 5}, {NR_mkdirat, "mkdirat", 6},
    {NR_unlinkat, "unlinkat", 8}, {NR_symlinkat, "symlinkat", 5}, {NR_linkat, "linkat", 5},
    {NR_statfs, "statfs", 5}, {NR_fstatfs, "fstatfs", 5}, {NR_truncate, "truncate", 5},
    {NR_ftruncate, "ftruncate", 6}, {NR_fallocate, "fallocate", 5}, {NR_faccessat, "faccessat", 6},
    {NR_faccessat2, "faccessat2", 6}, {NR_chdir, "chdir", 4}, {NR_fchdir, "fchdir", 4},
    {NR_fchmod, "fchmod", 5}, {NR_fchmodat, "fchmodat", 5}, {NR_fchownat, "fchownat", 5},
    {NR_fchown, "fchown", 5}, {NR_openat, "openat", 30}, {NR_close, "close", 16}, {NR_close_range, "close_range", 3},
    {NR_pipe2, "pipe2", 8}, {NR_getdents64, "getdents64", 8}, {NR_lseek, "lseek", 12},
    {NR_read, "read", 25}, {NR_write, "write", 25}, {NR_readv, "readv", 8}, {NR_writev, "writev", 8},
    {NR_pread64, "pread64", 10}, {NR_pwrite64, "pwrite64", 10}, {NR_preadv, "preadv", 6},
    {NR_pwritev, "pwritev", 6}, {NR_sendfile, "sendfile", 6}, {NR_copy_file_range, "copy_file_range", 6},
    {NR_pselect6, "pselect6", 8}, {NR_ppoll, "ppoll", 10}, {NR_readlinkat, "readlinkat", 6},
    {NR_newfstatat, "newfstatat", 10}, {NR_fstat, "fstat", 10}, {NR_statx, "statx", 8},
    {NR_sync, "sync", 1}, {NR_fsync, "fsync", 3}, {NR_fdatasync, "fdatasync", 3}, {NR_syncfs, "syncfs", 2},
    {NR_utimensat, "utimensat", 6}, {NR_fadvise64, "fadvise64", 4}, {NR_renameat2, "renameat2", 6},
    {NR_memfd_create, "memfd_create", 5},
    {NR_waitid, "waitid", 4}, {NR_wait4, "wait4", 4},
    {NR_set_tid_address, "set_tid_address", 3}, {NR_futex, "futex", 14},
    {NR_set_robust_list, "set_robust_list", 3}, {NR_get_robust_list, "get_robust_list", 4},
    {NR_nanosleep, "nanosleep", 4}, {NR_clock_nanosleep, "clock_nanosleep", 4},
    {NR_getitimer, "getitimer", 4}, {NR_setitimer, "setitimer", 5},
    {NR_timer_create, "timer_create", 5}, {NR_timer_gettime, "timer_gettime", 4},
    {NR_timer_getoverrun, "timer_getoverrun", 3}, {NR_timer_settime, "timer_settime", 5},
    {NR_timer_delete, "timer_delete", 3}, {NR_clock_gettime, "clock_gettime", 6},
    {NR_clock_getres, "clock_getres", 4}, {NR_gettimeofday, "gettimeofday", 4}, {NR_times, "times", 3},
    {NR_sched_setaffinity, "sched_setaffinity", 3}, {NR_sched_getaffinity, "sched_getaffinity", 4},
    {NR_sched_yield, "sched_yield", 2}, {NR_kill, "kill", 5}, {NR_tkill, "tkill", 4}, {NR_tgkill, "tgkill", 4},
    {NR_sigaltstack, "sigaltstack", 5}, {NR_rt_sigsuspend, "rt_sigsuspend", 2},
    {NR_rt_sigaction, "rt_sigaction", 12}, {NR_rt_sigprocmask, "rt_sigprocmask", 10},
    {NR_rt_sigpending, "rt_sigpending", 4}, {NR_rt_sigtimedwait, "rt_sigtimedwait", 4},
    {NR_rt_sigqueueinfo, "rt_sigqueueinfo", 4}, {NR_rt_tgsigqueueinfo, "rt_tgsigqueueinfo", 3},
    {NR_getresuid, "getresuid", 3}, {NR_getresgid, "getresgid", 3}, {NR_setpgid, "setpgid", 3},
    {NR_getpgid, "getpgid", 3}, {NR_getsid, "getsid", 3}, {NR_setsid, "setsid", 2},
    {NR_getgroups, "getgroups", 3}, {NR_uname, "uname", 3}, {NR_getrlimit, "getrlimit", 4},
    {NR_setrlimit, "setrlimit", 4}, {NR_prlimit64, "prlimit64", 5}, {NR_getrusage, "getrusage", 4},
    {NR_umask, "umask", 3}, {NR_prctl, "prctl", 8}, {NR_getcpu, "getcpu", 3},
    {NR_getpid, "getpid", 1}, {NR_getppid, "getppid", 1}, {NR_getuid, "getuid", 1}, {NR_geteuid, "geteuid", 1},
    {NR_getgid, "getgid", 1}, {NR_getegid, "getegid", 1}, {NR_gettid, "gettid", 1}, {NR_sysinfo, "sysinfo", 3},
    {NR_brk, "brk", 6}, {NR_munmap, "munmap", 8}, {NR_mremap, "mremap", 8}, {NR_mmap, "mmap", 16},
    {NR_mprotect, "mprotect", 8}, {NR_msync, "msync", 4}, {NR_mlockall, "mlockall", 2},
    {NR_munlockall, "munlockall", 2}, {NR_mincore, "mincore", 5}, {NR_madvise, "madvise", 8},
    {NR_riscv_hwprobe, "riscv_hwprobe", 4}, {NR_riscv_flush_icache, "riscv_flush_icache", 3},
    {NR_getrandom, "getrandom", 5}, {NR_rseq, "rseq", 3}, {NR_execve, "execve", 3},
    {NR_execveat, "execveat", 3}, {NR_clone, "clone", 2}, {NR_clone3, "clone3", 2}, {-2, "fork", 2},
    /* Not implemented by rvjit (or only partly): harmless queries, and numbers no kernel knows. */
    {NR_getpriority, "getpriority", 1}, {NR_sched_getscheduler, "sched_getscheduler", 1},
    {NR_sched_getparam, "sched_getparam", 1}, {NR_sched_get_priority_max, "sched_get_priority_max", 1},
    {NR_sched_get_priority_min, "sched_get_priority_min", 1}, {NR_capget, "capget", 1},
    {NR_ioprio_get, "ioprio_get", 1}, {NR_membarrier, "membarrier", 1},
    {-1, "nosys", 4},
};

/* Calls whose result is a pid, tid, time or address: printed as a tag unless it is an error. */
static int nondeterministic(int nr)
{
    switch (nr) {
    case NR_getpid: case NR_getppid: case NR_gettid: case NR_set_tid_address: case NR_times:
    case NR_getpgid: case NR_getsid: case NR_setsid: case NR_getuid: case NR_geteuid: case NR_getgid:
    case NR_getegid: case NR_sched_getaffinity: case NR_getpriority: case NR_wait4:
        return 1;
    }
    return 0;
}

static long my_pid, my_tid, wd_timer = -1;
/* Children forked by the "fork" call: pids in fork order (reaped ones stay, as stale pids). */
#define FORKS_PER_RUN 3
#define CHILD_CALLS 30
static long children[FORKS_PER_RUN];
static int nchildren, in_child;
/* Timers random calls created (ids as the kernel reported them). */
static int timers[32];
static int ntimers;
static UL brk0, brk_now;
static const char *excluded[64];
static int nexcluded;

static int is_excluded(const char *name)
{
    for (int i = 0; i < nexcluded; i++)
        if (!strcmp(excluded[i], name)) return 1;
    return 0;
}

/*
 * Pids no process can have: above PID_MAX_LIMIT (2^22), so also no process group; INT_MIN, which
 * Linux refuses outright. Never -1 (every process) and never a small number (a real process).
 */
static const long NO_PIDS[] = {0x7ffffff0, 0x400001, -0x7ffffff0, -0x400001, (long)(int)0x80000000};

/* A pid argument: this process, 0 (this process, or its group) when allowed, or none at all. */
static long pick_pid(int allow_zero)
{
    int r = (int)below(10);
    if (r < 5) return my_pid;
    if (r < 7 && allow_zero) return 0;
    return PICK(NO_PIDS);
}

static int is_child_pid(long pid)
{
    for (int k = 0; k < nchildren; k++)
        if (pid == children[k]) return 1;
    return 0;
}

static void desc_pid(long pid)
{
    if (pid == my_pid) { ds("self"); return; }
    for (int k = 0; k < nchildren; k++)
        if (pid == children[k]) { ds("child"); dd(k); return; }
    dd(pid);
}

/* A pid argument, printed as "self" when it is this process. */
static void a_pid(int i, int allow_zero)
{
    long pid = pick_pid(allow_zero);
    arg(i);
    A[i] = pid;
    desc_pid(pid);
}

/*
 * Signals another process may get: those rvjit forwards from the host (Node cannot receive the
 * real-time ones, nor those it handles itself), all handled or harmless in this program and its
 * children. 0 checks only.
 */
static long pick_remote_sig(void)
{
    static const long sigs[] = {0, 1, 2, 3, 10, 12, 13, 14, 15, 17, 18, 20, 21, 22, 23, 24, 26, 27, 28, 29, 30, 31};
    return PICK(sigs);
}

static const char *cur_name;
static int cur_nr;

/* Fills A[] and the descriptions for call `c`; returns 0 to skip it. */
static int generate(const struct call *c)
{
    int nr = c->nr;
    switch (nr) {
    case NR_getcwd: a_buf(0, 1, 0); break;
    case NR_eventfd2: {
        static const long init[] = {0, 1, 0xfffffffeL, 0xffffffffL, 0x100000000L};
        a_int(0, PICK(init));
        a_hex(1, pick_flags(01 | O_NONBLOCK | O_CLOEXEC));
        break;
    }
    case NR_epoll_create1: a_hex(0, chance(80) ? (chance(50) ? O_CLOEXEC : 0) : pick_int()); break;
    case NR_epoll_ctl: {
        static const long ops[] = {1, 2, 3, 1, 3, 0, 4, -1};
        a_fdk(0, K_EPOLL);
        a_int(1, PICK(ops));
        a_fd(2);
        uint8_t *ev = struct_arg(3, 12, 1);
        if (ev) {
            uint32_t events = (uint32_t)pick_flags(0xf0002fffUL);
            memcpy(ev, &events, 4);
            UL data = rnd();
            memcpy(ev + 4, &data, 8);
            ds("{"); dx(events); ds("}");
        }
        break;
    }
    case NR_epoll_pwait: case NR_epoll_pwait2: {
        static const long maxev[] = {0, 1, 2, 8, 64, -1, 0x7fffffff};
        a_fdk(0, K_EPOLL);
        a_ptr(1, 12 * 64, 0);
        a_int(2, PICK(maxev));
        if (nr == NR_epoll_pwait) {
            static const long tmo[] = {0, 0, 1, 5, -1};
            a_int(3, PICK(tmo));
        } else {
            a_timespec(3);
        }
        if (chance(50)) a_str(4, 0, "NULL"); else a_sigset(4, 0);
        a_sigsetsize(5);
        break;
    }
    case NR_dup: a_fd(0); break;
    case NR_dup3: {
        static const long targets[] = {0, 1, 2, 3, 5, 10, 64, 999, 1023, 1024, 65536, -1, 0x7fffffff};
        a_fd(0);
        long nfd = chance(40) ? pick_fd_kind(-1) : PICK(targets);
        if (protected_fd(nfd)) nfd = 999;
        a_int(1, nfd);
        a_hex(2, chance(70) ? (chance(50) ? O_CLOEXEC : 0) : pick_int());
        break;
    }
    case NR_fcntl: {
        static const long cmds[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 16, 1024, 1025, 1026, 1030,
                                    1031, 1032, 1033, 1034, 36, 37, 38, 1035, 1036, 99, -1};
        a_fd(0);
        long cmd = PICK(cmds);
        a_int(1, cmd);
        switch (cmd) {
        case 0: case 1030: { /* F_DUPFD, F_DUPFD_CLOEXEC: a new descriptor, never on top of ours */
            static const long from[] = {0, 3, 10, 100, 999, 1000, 1023, 1024, -1, 0x7fffffff};
            a_int(2, PICK(from));
            break;
        }
        case 2: a_int(2, chance(80) ? (long)below(2) : pick_int()); break; /* F_SETFD */
        case 4: a_hex(2, pick_flags(O_APPEND | O_NONBLOCK | 020000 | 040000 | 01000000 | O_RDWR)); break;
        case 5: case 6: case 7: case 36: case 37: case 38: { /* record locks */
            uint8_t *fl = struct_arg(2, 32, 1);
            if (fl) {
                static const short types[] = {0, 1, 2, 3};
                static const short whences[] = {0, 1, 2, 3};
                static const long starts[] = {0, 1, 100, -1, 0x7fffffffffffffffL};
                static const long lens[] = {0, 1, 100, -1, 0x7fffffffffffffffL};
                short t = PICK(types), w = PICK(whences);
                long s = PICK(starts), l = PICK(lens);
                memcpy(fl, &t, 2);
                memcpy(fl + 2, &w, 2);
                memcpy(fl + 8, &s, 8);
                memcpy(fl + 16, &l, 8);
                ds("{"); dd(t); ds(","); dd(w); ds(","); dd(s); ds(","); dd(l); ds("}");
            }
            break;
        }
        case 8: { /* F_SETOWN: only this process, or one that does not exist (SIGIO goes there) */
            long pid = pick_pid(1);
            if (pid != my_pid && pid > 0 && chance(30)) pid = -pid; /* a process group that does not exist */
            a_str(2, pid, pid == my_pid ? "self" : "");
            if (pid != my_pid) dd(pid);
            break;
        }
        case 15: { /* F_SETOWN_EX */
            uint8_t *o = struct_arg(2, 8, 0);
            if (o) {
                int type = (int)below(4), pid = (int)pick_pid(1);
                if (type == 2 && pid > 0) pid = (int)my_pid; /* F_OWNER_PGRP: never another group */
                memcpy(o, &type, 4);
                memcpy(o + 4, &pid, 4);
                ds("{"); dd(type); ds(","); if (pid == my_pid) ds("self"); else dd(pid); ds("}");
            }
            break;
        }
        case 10: a_int(2, pick_raise_sig()); break; /* F_SETSIG */
        case 1031: { /* F_SETPIPE_SZ */
            static const long sizes[] = {0, 1, 4096, 65536, 1 << 20, -1, 0x7fffffff};
            a_int(2, PICK(sizes));
            break;
        }
        case 16: case 1035: case 1036: a_ptr(2, 16, 1); break;
        default: a_int(2, pick_int()); break;
        }
        break;
    }
    case NR_ioctl: {
        static const long reqs[] = {0x5401, 0x5402, 0x5413, 0x5414, 0x541B, 0x5421, 0x5451, 0x5450, 0x5452,
                                    0x540F, 0x5410, 0x80086601L, 2, 0x40049409, 0x5412, 0x80045430L, 0,
                                    0xdeadbeefL, -1};
        a_fd(0);
        long req = chance(90) ? PICK(reqs) : (long)(uint32_t)rnd();
        /* never FS_IOC_SETFLAGS / FS_IOC_FSSETXATTR: they could make a file undeletable */
        if ((uint32_t)req == 0x40086602 || (uint32_t)req == 0x401c5820) req = 0x5401;
        a_hex(1, req);
        if (chance(70)) a_ptr(2, 64, 1); else a_int(2, pick_int());
        break;
    }
    case NR_flock: {
        static const long ops[] = {1, 2, 8, 5, 6, 12, 0, 3, 0x7fffffff};
        a_fd(0);
        a_int(1, PICK(ops));
        break;
    }
    case NR_mknodat: {
        /* no S_IFCHR/S_IFBLK: device nodes (root may make them) are out, even harmless ones */
        static const long types[] = {S_IFREG, S_IFIFO, S_IFSOCK, S_IFDIR, 0, 0170000};
        a_dirfd(0);
        a_path_rw(1);
        long type = PICK(types);
        if (no_fifo && type == S_IFIFO) type = S_IFREG;
        long mode = type | (long)below(010000);
        a_str(2, mode, "");
        dx((UL)mode);
        a_hex(3, chance(80) ? 0 : 0x103); /* ignored for these types */
        break;
    }
    case NR_mkdirat: a_dirfd(0); a_path_rw(1); a_hex(2, (long)below(010000)); break;
    case NR_unlinkat: a_dirfd(0); a_path_rw(1); a_hex(2, pick_flags(0x200)); break;
    case NR_symlinkat: {
        a_path_from(0, LINK_TARGETS, COUNT(LINK_TARGETS));
        a_dirfd(1);
        a_path_rw(2);
        break;
    }
    case NR_linkat: a_dirfd(0); a_path_rw(1); a_dirfd(2); a_path_rw(3); a_hex(4, pick_flags(0x400 | 0x1000)); break;
    case NR_renameat2: a_dirfd(0); a_path_rw(1); a_dirfd(2); a_path_rw(3); a_hex(4, pick_flags(7)); break;
    case NR_statfs: a_path_ro(0); a_ptr(1, 120, 0); break;
    case NR_fstatfs: a_fd(0); a_ptr(1, 120, 0); break;
    case NR_truncate: case NR_ftruncate: {
        static const long lens[] = {0, 1, 100, 4096, 1 << 20, -1, 0x7fffffffffffffffL, (long)0x8000000000000000UL};
        if (nr == NR_truncate) a_path_rw(0); else a_fd(0);
        a_int(1, PICK(lens));
        break;
    }
    case NR_fallocate: {
        /* never a length that could fill the disk: at most 1 MiB, or invalid */
        static const long offs[] = {0, 1, 4096, 1 << 20, -1, 0x7fffffffffffffffL};
        static const long lens[] = {0, 1, 4096, 65536, 1 << 20, -1, (long)0x8000000000000000UL};
        a_fd(0);
        a_hex(1, pick_flags(0x7f));
        a_int(2, PICK(offs));
        a_int(3, PICK(lens));
        break;
    }
    case NR_faccessat: case NR_faccessat2:
        a_dirfd(0); a_path_ro(1); a_int(2, chance(80) ? (long)below(8) : pick_int());
        if (nr == NR_faccessat2) a_hex(3, pick_flags(0x200 | 0x100 | 0x1000));
        break;
    case NR_chdir: a_path_rw(0); break;
    case NR_fchdir: a_fdk(0, K_DIR); break;
    case NR_fchmod: a_fd(0); a_hex(1, chance(90) ? (long)below(010000) : pick_int()); break;
    case NR_fchmodat: a_dirfd(0); a_path_rw(1); a_hex(2, chance(90) ? (long)below(010000) : pick_int()); break;
    case NR_fchown: case NR_fchownat: {
        static const long ids[] = {0, 1000, 65534, -1, 0x7fffffff};
        int i = 0;
        if (nr == NR_fchown) { a_fd(0); i = 1; }
        else { a_dirfd(0); a_path_rw(1); i = 2; }
        a_int(i, PICK(ids));
        a_int(i + 1, PICK(ids));
        if (nr == NR_fchownat) a_hex(4, pick_flags(0x100 | 0x1000));
        break;
    }
    case NR_openat: {
        a_dirfd(0);
        a_path_rw(1);
        long flags = pick_flags(3 | O_CREAT | O_EXCL | 0400 | O_TRUNC | O_APPEND | O_NONBLOCK | 010000 | 020000 |
                                040000 | 0100000 | O_DIRECTORY | O_NOFOLLOW | 01000000 | O_CLOEXEC | O_PATH);
        if (chance(5)) flags = O_TMPFILE | O_RDWR;
        a_hex(2, flags);
        a_hex(3, chance(90) ? (long)below(010000) : pick_int());
        break;
    }
    case NR_close: {
        a_fd(0);
        break;
    }
    case NR_close_range: {
        static const long ends[] = {0, 2, 3, 10, 100, 999, 1002, 0x7fffffff, 0xffffffffL, -1};
        long first = chance(50) && nfds ? fds[below(nfds)].fd : PICK(ends);
        long last = chance(50) ? first + (long)below(4) : PICK(ends);
        /* keep LOG_FD and CWD_FD open: clip the range below them */
        if ((unsigned)first <= CWD_FD && (unsigned)last >= LOG_FD) {
            if ((unsigned)first < LOG_FD) last = LOG_FD - 1; else first = CWD_FD + 1;
        }
        a_int(0, first);
        a_int(1, last);
        a_hex(2, pick_flags(2 | 4));
        break;
    }
    case NR_pipe2: a_ptr(0, 8, 0); a_hex(1, pick_flags(O_CLOEXEC | O_NONBLOCK | 040000)); break;
    case NR_getdents64: a_fdk(0, K_DIR); a_buf(1, 2, 0); break;
    case NR_lseek: {
        static const long offs[] = {0, 1, -1, 4096, 1 << 20, 0x7fffffffffffffffL, (long)0x8000000000000000UL, 1L << 40};
        static const long whence[] = {0, 1, 2, 3, 4, 5, -1};
        a_fd(0);
        a_int(1, PICK(offs));
        a_int(2, PICK(whence));
        break;
    }
    case NR_read: case NR_write: a_fd(0); a_buf(1, 2, nr == NR_write); break;
    case NR_pread64: case NR_pwrite64: {
        static const long offs[] = {0, 1, 4096, 1 << 20, 16 << 20, -1, 0x7fffffffffffffffL, 0x7ffffffffffffff0L};
        a_fd(0);
        a_buf(1, 2, nr == NR_pwrite64);
        a_int(3, PICK(offs));
        break;
    }
    case NR_readv: case NR_writev: case NR_preadv: case NR_pwritev: {
        static const long counts[] = {0, 1, 2, 3, 8, 1024, 1025, -1};
        long cnt = chance(80) ? (long)below(5) : PICK(counts);
        long n = cnt > 0 && cnt <= 1024 ? cnt : 2;
        a_fd(0);
        uint8_t *iov = struct_arg(1, 16 * (size_t)n, 1);
        if (iov) {
            ds("[");
            for (long k = 0; k < n; k++) {
                long room;
                if (k < 4) { if (k) ds(","); }
                char *mark = dp;
                UL base = ptr_arg(64 + below(512), nr == NR_writev || nr == NR_pwritev, &room);
                long len = n > 8 ? (long)below(16) : pick_size(room);
                if (n <= 8 && (UL)len > 65536 && chance(70)) len = room > 0 ? room : 0;
                memcpy(iov + 16 * k, &base, 8);
                memcpy(iov + 16 * k + 8, &len, 8);
                if (k < 4) { ds(":"); dd(len); } else { dp = mark; *dp = 0; }
            }
            if (n > 4) ds(",...");
            ds("]");
        }
        a_int(2, cnt);
        if (nr == NR_preadv || nr == NR_pwritev) {
            static const long offs[] = {0, 1, 4096, 1 << 20, -1, 0x7fffffffffffffffL};
            a_int(3, PICK(offs));
        }
        break;
    }
    case NR_sendfile: {
        static const long counts[] = {0, 1, 100, 4096, 65536, 1 << 20};
        a_fd(0);
        a_fd(1);
        uint8_t *off = struct_arg(2, 8, 1);
        if (off) {
            static const long offs[] = {0, 1, 100, 4096, -1, 1L << 40};
            long o = PICK(offs);
            memcpy(off, &o, 8);
            ds("{"); dd(o); ds("}");
        } else if (chance(50)) {
            A[2] = 0; arg(2); ds("NULL");
        }
        a_int(3, PICK(counts));
        break;
    }
    case NR_copy_file_range: {
        static const long counts[] = {0, 1, 100, 4096, 65536, 1 << 20};
        static const long offs[] = {0, 1, 100, 4096, -1, 1L << 40};
        for (int k = 0; k < 2; k++) {
            a_fd(2 * k);
            uint8_t *off = struct_arg(2 * k + 1, 8, 1);
            if (off) { long o = PICK(offs); memcpy(off, &o, 8); ds("{"); dd(o); ds("}"); }
            else if (chance(50)) { A[2 * k + 1] = 0; arg(2 * k + 1); ds("NULL"); }
        }
        a_int(4, PICK(counts));
        a_hex(5, chance(90) ? 0 : pick_int());
        break;
    }
    case NR_pselect6: {
        static const long nfd[] = {0, 1, 4, 16, 64, 1000, 1024, 1025, -1, 0x7fffffff};
        long n = chance(60) ? (long)below(40) : PICK(nfd);
        /* qemu-riscv64 7.2 aborts on nfds > 1024 (its own fd_set): "-x big-select" for its runs */
        if (no_big_select && (unsigned long)n > 1024) n = 1024;
        a_int(0, n);
        for (int k = 1; k <= 3; k++) {
            if (chance(25)) { a_str(k, 0, "NULL"); continue; }
            uint8_t *set = struct_arg(k, 128, 1);
            if (!set) continue;
            /* bits for descriptors this process has, sometimes junk */
            if (chance(85)) {
                int bits = (int)below(4);
                for (int b = 0; b < bits && nfds; b++) {
                    int fd = fds[below(nfds)].fd;
                    if (fd < 1024) set[fd / 8] |= (uint8_t)(1 << (fd % 8));
                }
                if (chance(30)) set[0] |= (uint8_t)(1 << below(3));
            } else {
                fill_random((UL)set, 128);
            }
            ds("{..}");
        }
        a_timespec(4);
        if (chance(40)) { a_str(5, 0, "NULL"); break; }
        uint8_t *sm = struct_arg(5, 16, 0);
        if (sm) {
            /* struct { const sigset_t *ss; size_t ss_len; }, the set never blocking WD_SIG */
            UL ss = 0;
            if (chance(70)) {
                UL m = rnd() & ~(1UL << (WD_SIG - 1));
                ss = take(8);
                memcpy((void *)ss, &m, 8);
            }
            long size = chance(85) ? 8 : PICK(INTS);
            memcpy(sm, &ss, 8);
            memcpy(sm + 8, &size, 8);
            ds("{");
            ds(ss ? "&mask" : "NULL");
            ds(",");
            dd(size);
            ds("}");
        }
        break;
    }
    case NR_ppoll: {
        static const long counts[] = {0, 1, 2, 5, 16, 1025, 100000, -1};
        long n = chance(80) ? (long)below(6) : PICK(counts);
        long fill = n > 0 && n <= 64 ? n : 4;
        uint8_t *pf = struct_arg(0, 8 * (size_t)fill, 1);
        if (pf) {
            ds("[");
            for (long k = 0; k < fill; k++) {
                int fd = (int)pick_fd_kind(-1);
                short ev = (short)pick_flags(0x2fff);
                memcpy(pf + 8 * k, &fd, 4);
                memcpy(pf + 8 * k + 4, &ev, 2);
                if (k < 6) { if (k) ds(","); dd(fd); ds(":"); dx((uint16_t)ev); }
            }
            if (fill > 6) ds(",...");
            ds("]");
        }
        a_int(1, n);
        a_timespec(2);
        if (chance(50)) a_str(3, 0, "NULL"); else a_sigset(3, 0);
        a_sigsetsize(4);
        break;
    }
    case NR_readlinkat: {
        static const long sizes[] = {0, 1, 10, 4096, -1, 0x7fffffff};
        a_dirfd(0);
        a_path_ro(1);
        long room;
        arg(2);
        A[2] = (long)ptr_arg(4096, 0, &room);
        a_int(3, chance(30) && room > 0 ? room : PICK(sizes));
        break;
    }
    case NR_newfstatat: a_dirfd(0); a_path_ro(1); a_ptr(2, 128, 0); a_hex(3, pick_flags(0x100 | 0x800 | 0x1000)); break;
    case NR_fstat: a_fd(0); a_ptr(1, 128, 0); break;
    case NR_statx:
        a_dirfd(0); a_path_ro(1); a_hex(2, pick_flags(0x100 | 0x800 | 0x1000 | 0x6000));
        a_hex(3, chance(90) ? pick_flags(0x3fff) : (long)0x80000000L); a_ptr(4, 256, 0);
        break;
    case NR_sync: break;
    case NR_fsync: case NR_fdatasync: case NR_syncfs: a_fd(0); break;
    case NR_utimensat: {
        a_dirfd(0);
        if (chance(20)) a_str(1, 0, "NULL"); else a_path_rw(1);
        uint8_t *ts = struct_arg(2, 32, 1);
        if (ts) {
            static const long ns[] = {0, 1, 999999999, 1000000000, (1L << 30) - 1, (1L << 30) - 2, -1};
            static const long secs[] = {0, 1, 1700000000, -1, 0x7fffffffffffffffL};
            long v[4] = {PICK(secs), PICK(ns), PICK(secs), PICK(ns)};
            memcpy(ts, v, 32);
            ds("{"); dd(v[0]); ds(","); dd(v[1]); ds(","); dd(v[2]); ds(","); dd(v[3]); ds("}");
        } else if (chance(30)) {
            A[2] = 0; arg(2); ds("NULL");
        }
        a_hex(3, pick_flags(0x100 | 0x1000));
        break;
    }
    case NR_fadvise64: {
        static const long offs[] = {0, 1, 4096, -1, 0x7fffffffffffffffL};
        a_fd(0); a_int(1, PICK(offs)); a_int(2, PICK(offs)); a_int(3, chance(90) ? (long)below(7) : pick_int());
        break;
    }
    case NR_memfd_create: {
        static const char *const names[] = {"m", "", "memfd-with-a-rather-long-name-that-goes-on-and-on-for-more-than-249-bytes"};
        arg(0);
        if (chance(85)) {
            const char *s = PICK(names);
            size_t len = strlen(s) + 1;
            UL p = take(len);
            memcpy((void *)p, s, len);
            A[0] = (long)p;
            ds("\""); ds(s); ds("\"");
        } else {
            A[0] = (long)bad_ptr(1);
        }
        a_hex(1, pick_flags(1 | 2 | 4 | 8 | 0x10));
        break;
    }
    case NR_waitid: {
        static const long types[] = {0, 1, 2, 3, 7, -1};
        a_int(0, PICK(types));
        if (chance(50)) a_pid(1, 1); else a_fd(1);
        a_ptr(2, 128, 0);
        a_hex(3, pick_flags(1 | 2 | 4 | 8 | 0x1000000 | 0x20000000 | 0x40000000 | 0x80000000UL));
        a_ptr(4, 144, 0);
        break;
    }
    case NR_wait4: {
        static const long pids[] = {-1, 0, 0x7ffffff0, (long)0x80000000L};
        int r = (int)below(10);
        if (r < 4) a_str(0, my_pid, "self");
        else if (r < 7 && nchildren) { int k = (int)below(nchildren); a_str(0, children[k], "child"); dd(k); }
        else a_int(0, PICK(pids));
        a_ptr(1, 4, 0);
        a_hex(2, pick_flags(1 | 2 | 8 | 0x20000000 | 0x40000000 | 0x80000000UL));
        a_ptr(3, 144, 0);
        break;
    }
    case NR_set_tid_address: a_ptr(0, 4, 0); break;
    case NR_futex: {
        static const long cmds[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 99};
        arg(0);
        long room;
        UL uaddr = ptr_arg(8, 1, &room);
        int word_ok = room >= 4 && (uaddr & 3) == 0;
        uint32_t word = 0;
        if (word_ok) {
            static const uint32_t words[] = {0, 1, 0x80000000u, 0x40000000u, 0xffffffffu};
            word = chance(50) ? PICK(words) : (uint32_t)rnd();
            memcpy((void *)uaddr, &word, 4);
        }
        A[0] = (long)uaddr;
        long cmd = PICK(cmds);
        long op = cmd | (chance(50) ? 128 : 0) | (chance(20) ? 256 : 0);
        if (chance(3)) op = (long)(uint32_t)rnd();
        a_hex(1, op);
        long ecmd = op & 127; /* FUTEX_CMD_MASK */
        a_hex(2, word_ok && chance(50) ? (long)word : (long)(uint32_t)pick_int());
        if (ecmd == 6 || ecmd == 11 || ecmd == 13) {
            /* LOCK_PI, WAIT_REQUEUE_PI, LOCK_PI2 restart after signals (no EINTR): a timeout
               already in the past, so that they never wait */
            uint8_t *ts = struct_arg(3, 16, 0);
            if (ts) { long v[2] = {0, 1000000}; memcpy(ts, v, 16); ds("{0,1000000}"); }
            else if (A[3] == 0) { A[3] = (long)guard_page; arg(3); ds("&guard"); }
        } else if (ecmd == 0 || ecmd == 9) {
            a_timespec(3);
        } else {
            a_int(3, chance(80) ? (long)below(4) : pick_int());
        }
        a_ptr(4, 8, 1);
        a_hex(5, chance(50) ? (long)0xffffffffL : (long)(uint32_t)rnd());
        break;
    }
    case NR_set_robust_list: a_ptr(0, 24, 1); a_int(1, chance(80) ? 24 : pick_int()); break;
    case NR_get_robust_list: a_pid(0, 1); a_ptr(1, 8, 0); a_ptr(2, 8, 0); break;
    case NR_nanosleep: a_timespec(0); a_ptr(1, 16, 0); break;
    case NR_clock_nanosleep: {
        static const long clocks[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1, -6};
        a_int(0, PICK(clocks));
        a_hex(1, chance(70) ? (long)below(2) : pick_int());
        a_timespec(2);
        a_ptr(3, 16, 0);
        break;
    }
    case NR_getitimer: a_int(0, chance(90) ? (long)below(3) : pick_int()); a_ptr(1, 32, 0); break;
    case NR_setitimer: {
        a_int(0, chance(90) ? (long)below(3) : pick_int());
        a_timer_value(1, 0);
        if (chance(30)) a_str(2, 0, "NULL"); else a_ptr(2, 32, 0);
        break;
    }
    case NR_timer_create: {
        static const long clocks[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1, -6, 0x7fffffff};
        a_int(0, chance(70) ? (long)below(2) : PICK(clocks));
        if (chance(15)) {
            a_str(1, 0, "NULL"); /* SIGALRM on expiry: handled */
        } else {
            uint8_t *ev = struct_arg(1, 64, 0);
            if (ev) {
                static const int notify[] = {0, 1, 2, 4, 3, 0x7fffffff};
                UL value = rnd();
                int sig = (int)pick_raise_sig();
                int how = PICK(notify);
                int tid = chance(80) ? (int)my_tid : 0x7ffffff0;
                memcpy(ev, &value, 8);
                memcpy(ev + 8, &sig, 4);
                memcpy(ev + 12, &how, 4);
                memcpy(ev + 16, &tid, 4);
                ds("{sig="); dd(sig); ds(",notify="); dd(how); ds(",tid="); ds(tid == my_tid ? "self" : "bogus"); ds("}");
            }
        }
        a_ptr(2, 4, 0);
        break;
    }
    case NR_timer_gettime: case NR_timer_getoverrun: case NR_timer_settime: case NR_timer_delete: {
        static const long ids[] = {0, 1, 2, 3, -1, 0x7fffffff, 0x100000000L};
        long id;
        arg(0);
        if (ntimers && chance(75)) {
            int k = (int)below(ntimers);
            id = timers[k];
            ds("timer"); dd(k);
        } else {
            id = PICK(ids);
            /* never the watchdog (compared as the int the kernel reads) */
            if ((int)id == (int)wd_timer) id = 0x7fffffff;
            dd(id);
        }
        A[0] = id;
        if (nr == NR_timer_gettime) a_ptr(1, 32, 0);
        if (nr == NR_timer_settime) {
            a_hex(1, chance(70) ? (long)below(2) : pick_int());
            a_timer_value(2, 1);
            if (chance(30)) a_str(3, 0, "NULL"); else a_ptr(3, 32, 0);
        }
        break;
    }
    case NR_clock_gettime: case NR_clock_getres: {
        static const long clocks[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, -1, -6, -2, 0x7fffffff};
        a_int(0, PICK(clocks));
        a_ptr(1, 16, 0);
        break;
    }
    case NR_gettimeofday: a_ptr(0, 16, 0); if (chance(50)) a_str(1, 0, "NULL"); else a_ptr(1, 8, 0); break;
    case NR_times: a_ptr(0, 32, 0); break;
    case NR_sched_setaffinity: case NR_sched_getaffinity: {
        static const long lens[] = {0, 1, 7, 8, 16, 128, 4096, -1};
        a_pid(0, 1);
        a_int(1, PICK(lens));
        if (nr == NR_sched_setaffinity) {
            uint8_t *m = struct_arg(2, 128, 1);
            if (m) { UL bits = chance(50) ? 1 : rnd(); memcpy(m, &bits, 8); dx(bits); }
        } else {
            a_ptr(2, 128, 0);
        }
        break;
    }
    case NR_sched_yield: break;
    case NR_kill: {
        /* this process, a child, our own group (0 or -pid: this process and its children), or
           no process at all */
        int r = (int)below(100);
        long pid, sig;
        arg(0);
        if (r < 45) { pid = my_pid; ds("self"); }
        else if (r < 60 && nchildren) { int k = (int)below(nchildren); pid = children[k]; ds("child"); dd(k); }
        else if (r < 70) { pid = 0; ds("0"); }
        else if (r < 78) { pid = -my_pid; ds("-self"); }
        else { pid = PICK(NO_PIDS); dd(pid); }
        A[0] = pid;
        /* signals that can reach only this process may be any; others only those children take */
        int remote = nchildren && pid != my_pid && (pid <= 0 || is_child_pid(pid));
        sig = remote ? pick_remote_sig() : pick_raise_sig();
        a_int(1, sig);
        break;
    }
    case NR_tkill: {
        long tid = chance(70) ? my_tid : PICK(NO_PIDS);
        a_str(0, tid, tid == my_tid ? "self" : "");
        if (tid != my_tid) dd(tid);
        a_int(1, pick_raise_sig());
        break;
    }
    case NR_tgkill: {
        long pid = chance(80) ? my_pid : PICK(NO_PIDS);
        long tid = chance(80) ? my_tid : PICK(NO_PIDS);
        a_str(0, pid, pid == my_pid ? "self" : "");
        if (pid != my_pid) dd(pid);
        a_str(1, tid, tid == my_tid ? "self" : "");
        if (tid != my_tid) dd(tid);
        a_int(2, pick_raise_sig());
        break;
    }
    case NR_sigaltstack: {
        uint8_t *ss = chance(15) ? (a_str(0, 0, "NULL"), (uint8_t *)0) : struct_arg(0, 24, 0);
        if (ss) {
            /* an enabled stack is always the real one (a bad one turns the next signal into SIGSEGV) */
            static const int flags[] = {0, 2, 1, 4, (int)0x80000000, 0x7fffffff};
            static const long sizes[] = {0, 1024, 2048, 8192, ALT_SIZE};
            int fl = PICK(flags);
            long size = PICK(sizes);
            UL sp = (UL)special + PAGE;
            /* junk only where Linux ignores it (SS_DISABLE) or refuses the call (modes other
               than 0, SS_ONSTACK, SS_DISABLE; SS_AUTODISARM is a flag) */
            int mode = fl & ~(int)0x80000000;
            if (mode != 0 && mode != 1 && chance(50)) { sp = rnd(); size = (long)rnd(); }
            memcpy(ss, &sp, 8);
            memcpy(ss + 8, &fl, 4);
            memcpy(ss + 16, &size, 8);
            ds("{"); ds(sp == (UL)special + PAGE ? "&altstack" : "junk"); ds(","); dx((uint32_t)fl); ds(","); dd(size); ds("}");
        }
        a_ptr(1, 24, 0);
        break;
    }
    case NR_rt_sigsuspend: a_sigset(0, 0); a_sigsetsize(1); break;
    case NR_rt_sigaction: {
        static const long odd[] = {0, 65, -1, 9, 19, 0x100000000L + 15, 0x7fffffff};
        long sig = chance(85) ? 1 + (long)below(64) : PICK(odd);
        if ((int)sig == WD_SIG) sig = WD_SIG + 1;
        a_int(0, sig);
        int es = (int)sig;
        uint8_t *act = chance(10) ? (a_str(1, 0, "NULL"), (uint8_t *)0) : struct_arg(1, 24, 0);
        if (act) {
            UL h;
            const char *hn;
            int r = (int)below(100);
            if (r < 40) { h = (UL)&on_signal; hn = "handler"; }
            else if (r < 50) { h = (UL)&on_signal2; hn = "handler2"; }
            else if (r < 75) { h = SIG_IGN; hn = "SIG_IGN"; }
            else { h = SIG_DFL; hn = "SIG_DFL"; }
            /* SIG_DFL only where the default action is harmless (or the call must fail) */
            if (h == SIG_DFL && es >= 1 && es <= 64 && es != 9 && es != 19 && !default_harmless(es)) {
                h = SIG_IGN; hn = "SIG_IGN";
            }
            /* no SA_RESETHAND: the handler would turn back into SIG_DFL */
            UL flags = (UL)pick_flags(0x1 | 0x2 | 0x4 | 0x400 | 0x800 | 0x04000000 | 0x08000000 | 0x10000000 |
                                      0x40000000) & ~SA_RESETHAND;
            UL mask = chance(50) ? 0 : rnd();
            memcpy(act, &h, 8);
            memcpy(act + 8, &flags, 8);
            memcpy(act + 16, &mask, 8);
            ds("{"); ds(hn); ds(","); dx(flags); ds(","); dx(mask); ds("}");
        }
        a_ptr(2, 24, 0);
        a_sigsetsize(3);
        break;
    }
    case NR_rt_sigprocmask: {
        static const long how[] = {0, 1, 2, 3, -1};
        a_int(0, chance(90) ? (long)below(3) : PICK(how));
        if (chance(20)) a_str(1, 0, "NULL"); else a_sigset(1, 0);
        a_ptr(2, 8, 0);
        a_sigsetsize(3);
        break;
    }
    case NR_rt_sigpending: a_ptr(0, 8, 0); a_sigsetsize(1); break;
    case NR_rt_sigtimedwait: {
        uint8_t *set = struct_arg(0, 8, 1);
        if (set) { UL m = chance(50) ? rnd() : (1UL << (below(64))); memcpy(set, &m, 8); dx(m); }
        a_ptr(1, 128, 0);
        if (chance(15)) a_str(2, 0, "NULL"); else a_timespec(2);
        a_sigsetsize(3);
        break;
    }
    case NR_rt_sigqueueinfo: case NR_rt_tgsigqueueinfo: {
        int i = 0;
        long pid = chance(80) ? my_pid : PICK(NO_PIDS);
        a_str(i++, pid, pid == my_pid ? "self" : "");
        if (pid != my_pid) dd(pid);
        if (nr == NR_rt_tgsigqueueinfo) {
            long tid = chance(80) ? my_tid : PICK(NO_PIDS);
            a_str(i++, tid, tid == my_tid ? "self" : "");
            if (tid != my_tid) dd(tid);
        }
        long sig = pick_raise_sig();
        a_int(i++, sig);
        uint8_t *info = struct_arg(i, 128, 1);
        if (info) {
            static const int codes[] = {-1, 0, -6, -2, 1, 0x80, -60};
            int s = (int)sig, code = PICK(codes);
            memcpy(info, &s, 4);
            memcpy(info + 8, &code, 4);
            ds("{code="); dd(code); ds("}");
        }
        break;
    }
    case NR_getresuid: case NR_getresgid: a_ptr(0, 4, 0); a_ptr(1, 4, 0); a_ptr(2, 4, 0); break;
    case NR_setpgid: {
        /* under qemu, a child (not a group leader) would leave the process group the fuzzer
           kills at the end */
        if (in_child) return 0;
        long pid = pick_pid(1);
        a_str(0, pid, pid == my_pid ? "self" : "");
        if (pid != my_pid) dd(pid);
        long pg = chance(50) ? 0 : pick_pid(1);
        a_str(1, pg, pg == my_pid ? "self" : "");
        if (pg != my_pid) dd(pg);
        break;
    }
    case NR_getpgid: case NR_getsid: {
        long pid = pick_pid(1);
        a_str(0, pid, pid == my_pid ? "self" : "");
        if (pid != my_pid) dd(pid);
        break;
    }
    case NR_setsid: if (in_child) return 0; break;
    case NR_getgroups: {
        static const long sizes[] = {0, 1, 32, 65536, 65537, -1};
        a_int(0, PICK(sizes));
        a_ptr(1, 256, 0);
        break;
    }
    case NR_uname: a_ptr(0, 390, 0); break;
    case NR_getrlimit: case NR_setrlimit: case NR_prlimit64: {
        int i = 0;
        if (nr == NR_prlimit64) {
            long pid = pick_pid(1);
            a_str(i++, pid, pid == my_pid ? "self" : "");
            if (pid != my_pid) dd(pid);
        }
        long res = chance(90) ? (long)below(16) : (chance(50) ? 16 : -1);
        a_int(i++, res);
        if (nr == NR_getrlimit) { a_ptr(i, 16, 0); break; }
        if (nr == NR_prlimit64 && chance(40)) { a_str(i, 0, "NULL"); }
        else {
            /* a new limit is the current one, the hard limit as soft, or invalid: never lower */
            uint8_t *lim = struct_arg(i, 16, 0);
            if (lim) {
                UL cur[2] = {0, 0};
                long ok = sc4(NR_prlimit64, 0, res, 0, cur) == 0;
                int r = (int)below(3);
                /* RLIMIT_CORE stays where it is: a raised one would let qemu write core files */
                if (!ok) { cur[0] = ~0UL; cur[1] = 0; ds("{inf,0}"); }
                else if (r == 0 || res == 4) { ds("{current}"); }
                else if (r == 1) { cur[0] = cur[1]; ds("{hard,hard}"); }
                else { cur[0] = ~0UL; cur[1] = 0; ds("{inf,0}"); }
                memcpy(lim, cur, 16);
            }
        }
        if (nr == NR_prlimit64) a_ptr(i + 1, 16, 0);
        break;
    }
    case NR_getrusage: {
        static const long who[] = {0, -1, 1, 2, -2, 0x7fffffff};
        a_int(0, PICK(who));
        a_ptr(1, 144, 0);
        break;
    }
    case NR_umask: a_hex(0, chance(90) ? (long)below(01000) : pick_int()); break;
    case NR_prctl: {
        /* options that cannot hurt this process or the machine (no seccomp, PR_SET_MM, ...) */
        static const long opts[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 15, 16, 19, 21, 23, 29, 30, 31, 32, 34, 36,
                                    37, 38, 39, 40, 41, 42, 52, 0x53564d41, 0x41555856, 70, 66, 68, 0, 1000, -1};
        long opt = PICK(opts);
        a_int(0, opt);
        switch (opt) {
        case 1: a_int(1, pick_raise_sig()); break; /* PR_SET_PDEATHSIG */
        case 4: a_int(1, chance(80) ? (long)below(3) : pick_int()); break;
        case 15: case 16: a_ptr(1, 16, 1); break; /* PR_SET_NAME, PR_GET_NAME */
        case 29: { static const long slack[] = {0, 1, 50000, 1000000}; a_int(1, PICK(slack)); break; }
        case 38: a_int(1, chance(80) ? 1 : pick_int()); break;
        case 0x53564d41: { /* PR_SET_VMA, PR_SET_VMA_ANON_NAME */
            UL len;
            a_int(1, chance(90) ? 0 : 1);
            arg(2); A[2] = (long)mm_range(&len);
            a_int(3, (long)len);
            arg(4);
            if (chance(80)) {
                static const char *const names[] = {"fuzz", "", "bad\nname"};
                const char *s = PICK(names);
                UL p = take(strlen(s) + 1);
                memcpy((void *)p, s, strlen(s) + 1);
                A[4] = (long)p;
                ds(s[0] == 'b' ? "\"bad\\nname\"" : s[0] ? "\"fuzz\"" : "\"\"");
            } else {
                A[4] = (long)bad_ptr(1);
            }
            return 1;
        }
        case 0x41555856: a_buf(1, 2, 0); return 1; /* PR_GET_AUXV */
        case 2: case 40: a_ptr(1, 8, 0); break;
        default: a_int(1, chance(50) ? 0 : pick_int()); break;
        }
        a_int(2, chance(80) ? 0 : pick_int());
        a_int(3, chance(80) ? 0 : pick_int());
        a_int(4, chance(80) ? 0 : pick_int());
        break;
    }
    case NR_getcpu: a_ptr(0, 4, 0); a_ptr(1, 4, 0); a_ptr(2, 8, 0); break;
    case NR_getpid: case NR_getppid: case NR_getuid: case NR_geteuid: case NR_getgid:
    case NR_getegid: case NR_gettid: break;
    case NR_sysinfo: a_ptr(0, 112, 0); break;
    case NR_brk: {
        int r = (int)below(9);
        UL v;
        arg(0);
        switch (r) {
        case 0: v = 0; ds("0"); break;
        case 1: v = brk_now; ds("cur"); break;
        case 2: { UL k = 1 + below(64); v = brk_now + PAGE * k; ds("cur+"); dx(PAGE * k); break; }
        case 3: v = brk_now + 1 + below(PAGE); ds("cur+"); dx(v - brk_now); break;
        case 4: v = brk0; ds("start"); break;
        case 5: v = 0x1000; ds("0x1000"); break;
        case 6: v = (UL)&code_marker; ds("&code"); break;
        case 7: v = 1UL << 62; ds("1<<62"); break;
        default: v = ~0UL; ds("-1"); break;
        }
        A[0] = (long)v;
        break;
    }
    case NR_munmap: case NR_mprotect: case NR_madvise: case NR_msync: {
        UL len;
        arg(0);
        A[0] = (long)mm_range(&len);
        a_hex(1, (long)len);
        if (nr == NR_mprotect) a_hex(2, pick_flags(7 | 8 | 0x01000000 | 0x02000000));
        if (nr == NR_madvise) {
            /* never MADV_HWPOISON (100) or MADV_SOFT_OFFLINE (101): they act on the host's RAM */
            static const long adv[] = {0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                                       25, 26, 102, -1};
            a_int(2, PICK(adv));
        }
        if (nr == NR_msync) a_hex(2, pick_flags(7));
        break;
    }
    case NR_mincore: {
        UL len;
        arg(0);
        if (chance(70)) A[0] = (long)mm_range(&len);
        else { A[0] = (long)bad_ptr(1) & ~(long)(PAGE - 1); len = PAGE * below(64); }
        a_hex(1, (long)len);
        a_ptr(2, 256, 0);
        break;
    }
    case NR_mlockall: {
        /* MCL_ONFAULT always: locking (populating) everything qemu has mapped could take GiBs */
        static const long fl[] = {0, 8, 1 | 4, 2 | 4, 3 | 4, 16, 7, 1 | 2};
        long f = PICK(fl);
        if (f & 3) f |= 4;
        a_hex(0, f);
        break;
    }
    case NR_munlockall: break;
    case NR_mremap: {
        UL len;
        arg(0);
        A[0] = (long)mm_range(&len);
        a_hex(1, (long)len);
        static const long newlens[] = {0, 4096, 8192, 65536, 1 << 20, 1L << 62, -4096};
        a_hex(2, PICK(newlens));
        long flags = pick_flags(1 | 2 | 4);
        a_hex(3, flags);
        if (flags & 2) {
            /* MREMAP_FIXED replaces what is at the target: only inside the victim */
            UL off = PAGE * below(VICTIM_SIZE / PAGE);
            if ((UL)A[2] > VICTIM_SIZE - off) { A[2] = (long)(VICTIM_SIZE - off); arg(2); dx((UL)A[2]); }
            arg(4); A[4] = (long)(victim + off); ds("&vict+"); dx(off);
        } else {
            a_hex(4, chance(80) ? 0 : pick_int());
        }
        break;
    }
    case NR_mmap: {
        long flags = pick_flags(0x1 | 0x2 | 0x3 | MAP_FIXED | MAP_ANONYMOUS | 0x100 | 0x1000 | 0x2000 | 0x4000 |
                                MAP_POPULATE | 0x10000 | 0x20000 | 0x40000 | 0x80000 | MAP_FIXED_NOREPLACE);
        if (chance(40)) flags = MAP_PRIVATE | MAP_ANONYMOUS | (flags & (MAP_FIXED | MAP_POPULATE));
        static const long lens[] = {0, 1, 4095, 4096, 8192, 65536, 1 << 20, 16 << 20, 1L << 62, -1, -4096};
        long len = PICK(lens);
        UL addr;
        arg(0);
        if (flags & MAP_FIXED) {
            UL off = PAGE * below(VICTIM_SIZE / PAGE);
            if (chance(5)) off += 1 + below(100);
            addr = (UL)victim + off;
            if ((UL)len > VICTIM_SIZE - off) len = (long)(VICTIM_SIZE - off);
            ds("&vict+"); dx(off);
        } else {
            static const UL hints[] = {0, 0, 0, 0x10000, 0x2000, 0xf0000000UL, 1UL << 40, 0x7fff0000UL, ~0UL - 4095};
            addr = PICK(hints);
            dx(addr);
        }
        A[0] = (long)addr;
        if ((flags & MAP_POPULATE) && (UL)len > (1 << 20)) flags &= ~MAP_POPULATE;
        a_hex(1, len);
        a_hex(2, pick_flags(7 | 8 | 0x01000000 | 0x02000000));
        a_hex(3, flags);
        a_fd(4);
        static const long offs[] = {0, 0, 4096, 1, 1L << 40, -4096, 8192};
        a_hex(5, PICK(offs));
        break;
    }
    case NR_riscv_hwprobe: {
        static const long counts[] = {0, 1, 2, 5, 16, -1};
        long n = PICK(counts);
        long fill = n > 0 && n <= 16 ? n : 2;
        uint8_t *pairs = struct_arg(0, 16 * (size_t)fill, 0);
        if (pairs) {
            for (long k = 0; k < fill; k++) {
                long key = chance(85) ? (long)below(12) : pick_int();
                memcpy(pairs + 16 * k, &key, 8);
            }
            ds("[..]");
        }
        a_int(1, n);
        a_int(2, chance(60) ? 0 : (chance(50) ? 8 : pick_int()));
        a_ptr(3, 8, 1);
        a_hex(4, chance(80) ? 0 : pick_int());
        break;
    }
    case NR_riscv_flush_icache: {
        UL len;
        arg(0);
        A[0] = (long)mm_range(&len);
        a_hex(1, A[0] + (long)len);
        a_hex(2, chance(80) ? (long)below(2) : pick_int());
        break;
    }
    case NR_getrandom: a_buf_capped(0, 1, 0, 1 << 20); a_hex(2, pick_flags(7)); break;
    case NR_rseq: {
        /* glibc did not register an area (checked at start-up): a valid registration goes to the
           dedicated area in `special`, whose rseq_cs field stays 0 */
        static const long lens[] = {32, 32, 0, 31, 33, 64, 0x7fffffff};
        arg(0);
        if (chance(50)) { A[0] = (long)special; ds("&rseq"); }
        else A[0] = (long)bad_ptr(0);
        a_int(1, PICK(lens));
        a_hex(2, chance(70) ? (long)below(2) : pick_int());
        a_hex(3, chance(50) ? 0x53053053L : (long)(uint32_t)rnd());
        break;
    }
    case NR_execve: case NR_execveat: {
        /* only programs that cannot be run: the call must fail and the process go on */
        static const char *const paths[] = {"no-such-file", "/dev/null", "/", "/nonexistent-rvjit-fuzz/x"};
        int i = 0;
        if (nr == NR_execveat) a_dirfd(i++);
        arg(i);
        if (chance(80)) {
            const char *s = PICK(paths);
            UL p = take(strlen(s) + 1);
            memcpy((void *)p, s, strlen(s) + 1);
            A[i] = (long)p;
            ds("\""); ds(s); ds("\"");
        } else {
            A[i] = (long)bad_ptr(0);
        }
        i++;
        a_ptr(i++, 32, 1);
        a_ptr(i++, 32, 1);
        if (nr == NR_execveat) a_hex(i, pick_flags(0x100 | 0x800) /* never AT_EMPTY_PATH */);
        break;
    }
    case NR_clone: {
        /* flag combinations Linux refuses before creating anything */
        static const long bad[] = {0x800 /* SIGHAND without VM */, 0x10000 /* THREAD without SIGHAND */,
                                   0x200 | 0x10000000 /* FS with NEWNS */, 0x10000 | 0x800 /* THREAD|SIGHAND without VM */};
        a_hex(0, PICK(bad));
        a_hex(1, 0);
        a_ptr(2, 8, 0);
        a_hex(3, 0);
        a_ptr(4, 8, 0);
        break;
    }
    case -2: /* fork: clone(SIGCHLD); the child runs CHILD_CALLS silent calls and exits */
        if (in_child || nchildren >= FORKS_PER_RUN) return 0;
        cur_nr = NR_clone;
        a_hex(0, 17);
        break;
    case NR_clone3: {
        uint8_t *ca = struct_arg(0, 88, 0);
        if (ca) {
            static const UL bad[] = {0x800, 0x10000, 0x200 | 0x10000000, ~0UL};
            UL f = PICK(bad);
            memcpy(ca, &f, 8);
            ds("{flags="); dx(f); ds("}");
        }
        static const long sizes[] = {0, 8, 63, 64, 88, 4096};
        a_int(1, PICK(sizes));
        break;
    }
    case NR_getpriority: a_int(0, (long)below(4)); a_int(1, chance(80) ? 0 : pick_int()); break;
    case NR_sched_getscheduler: a_pid(0, 1); break;
    case NR_sched_getparam: a_pid(0, 1); a_ptr(1, 4, 0); break;
    case NR_sched_get_priority_max: case NR_sched_get_priority_min: a_int(0, chance(80) ? (long)below(8) : pick_int()); break;
    case NR_capget: a_ptr(0, 8, 1); a_ptr(1, 24, 0); break;
    case NR_ioprio_get: a_int(0, (long)below(4)); a_int(1, 0); break;
    case NR_membarrier: a_int(0, 0); a_int(1, 0); a_int(2, 0); break;
    case -1: {
        /* numbers no kernel implements: reserved gaps, the far end, negative, high bits */
        static const long nrs[] = {244, 250, 257, 295, 300, 400, 423, 451, 500, 1000, 0x7fffffff,
                                   0x100000000L + 63, -2, -1};
        cur_nr = (int)PICK(nrs);
        for (int k = 0; k < 6; k++) a_int(k, pick_int());
        break;
    }
    default:
        return 0;
    }
    return 1;
}

/* Bookkeeping after a call: remember descriptors, mappings and timers it created. */
static void after(int nr, long r)
{
    if (r < 0 && r > -4096) return;
    switch (nr) {
    case NR_openat: case NR_dup: case NR_eventfd2: case NR_epoll_create1: case NR_memfd_create:
        fd_add(r, nr == NR_eventfd2 ? K_EVENT : nr == NR_epoll_create1 ? K_EPOLL : -1);
        break;
    case NR_dup3: fd_add(A[1], -1); break;
    case NR_fcntl:
        if (A[1] == 0 || A[1] == 1030) fd_add(r, -1);
        break;
    case NR_close: fd_del(A[0]); break;
    case NR_close_range:
        if (!(A[2] & 4))
            for (int i = 0; i < nfds; i++)
                if ((unsigned)fds[i].fd >= (unsigned)A[0] && (unsigned)fds[i].fd <= (unsigned)A[1]) { fd_del(fds[i].fd); i--; }
        break;
    case NR_pipe2:
        if ((UL)A[0] >= (UL)area && (UL)A[0] + 8 <= (UL)area + AREA_RW) {
            int p[2];
            memcpy(p, (void *)A[0], 8);
            fd_add(p[0], K_PIPE);
            fd_add(p[1], K_PIPE);
        }
        break;
    case NR_mmap: track_map((UL)r, (UL)A[1]); break;
    case NR_mremap: if ((UL)r != (UL)A[0]) track_map((UL)r, (UL)A[2]); break;
    case NR_munmap: untrack_range((UL)A[0], (UL)A[1]); break;
    case NR_brk: brk_now = (UL)r; break;
    case NR_timer_create:
        if ((UL)A[2] >= (UL)area && (UL)A[2] + 4 <= (UL)area + AREA_RW && ntimers < (int)COUNT(timers)) {
            int id;
            memcpy(&id, (void *)A[2], 4);
            if (id != (int)wd_timer) timers[ntimers++] = id;
        }
        break;
    case NR_timer_delete:
        for (int i = 0; i < ntimers; i++)
            if (timers[i] == (int)A[0]) { timers[i] = timers[--ntimers]; break; }
        break;
    }
    /* A random close may have hit one of ours: forget what is gone (cheaply, now and then). */
    if (nr == NR_close_range || nr == NR_dup3)
        for (int i = 0; i < nfds; i++)
            if (sc3(NR_fcntl, fds[i].fd, 1, 0) < 0) { fd_del(fds[i].fd); i--; }
}

static void print_result(int nr, long r)
{
    emit(" = ");
    if (r < 0 && r > -4096) { emit_dec(r); return; }
    switch (nr) {
    case NR_mmap: case NR_mremap:
        if ((UL)r >= (UL)victim && (UL)r < (UL)victim + VICTIM_SIZE) {
            char b[24];
            fmt_hex(b, (UL)r - (UL)victim);
            emit("&vict+");
            emit(b);
        } else {
            emit("addr");
        }
        return;
    case NR_brk: {
        char b[24];
        emit("start+");
        fmt_hex(b, (UL)r - brk0);
        emit(b);
        return;
    }
    }
    if (nondeterministic(nr) || nr == -2) { emit("ok"); return; }
    emit_dec(r);
}

/* ---- set-up ---- */

static void die(const char *msg)
{
    line_len = 0;
    emit("setup failed: ");
    emit(msg);
    emit("\n");
    flush_line();
    sc1(NR_exit_group, 3);
}

static long must(long r, const char *what)
{
    if (r < 0 && r > -4096) die(what);
    return r;
}

static void write_file(const char *name, int size, int mode)
{
    long fd = must(sc4(NR_openat, AT_FDCWD, name, O_WRONLY | O_CREAT | O_TRUNC, mode), name);
    uint8_t buf[4096];
    for (int done = 0; done < size;) {
        int n = size - done > (int)sizeof buf ? (int)sizeof buf : size - done;
        for (int i = 0; i < n; i++) buf[i] = (uint8_t)('a' + (done + i) % 26);
        must(sc3(NR_write, fd, buf, n), name);
        done += n;
    }
    sc1(NR_close, fd);
}

static void setup(void)
{
    /* the log first, out of the way; then descriptors 1 and 2 become a scratch file */
    if (sc3(NR_dup3, 1, LOG_FD, O_CLOEXEC) != LOG_FD) sc1(NR_exit_group, 3);
    /* start from the same table under every emulator: nothing but 0-2 and the log */
    sc3(NR_close_range, 3, LOG_FD - 1, 0);
    sc3(NR_close_range, LOG_FD + 1, ~0U, 0);
    long out = must(sc4(NR_openat, AT_FDCWD, "o1", O_WRONLY | O_CREAT | O_TRUNC, 0644), "o1");
    must(sc3(NR_dup3, out, 1, 0), "dup3 1");
    must(sc3(NR_dup3, out, 2, 0), "dup3 2");
    sc1(NR_close, out);
    long cwd = must(sc4(NR_openat, AT_FDCWD, ".", O_RDONLY | O_DIRECTORY, 0), "cwd");
    must(sc3(NR_dup3, cwd, CWD_FD, O_CLOEXEC), "cwd fd");
    sc1(NR_close, cwd);

    /* the scratch directory's initial contents */
    write_file("f0", 5000, 0644);
    write_file("f1", 0, 0600);
    write_file("f2", 100, 0755);
    must(sc3(NR_mkdirat, AT_FDCWD, "d1", 0755), "d1");
    write_file("d1/f3", 10, 0644);
    must(sc3(NR_symlinkat, "f0", AT_FDCWD, "l1"), "l1");
    must(sc3(NR_symlinkat, "nonexistent-target", AT_FDCWD, "l3"), "l3");
    if (!no_fifo) must(sc4(NR_mknodat, AT_FDCWD, "p1", S_IFIFO | 0644, 0), "p1");
    memset(long255, 'a', 255);
    memset(long256, 'b', 256);
    memset(longpath, 'c', sizeof longpath - 1);
    for (size_t i = 0; i + 2 < sizeof deep; i += 2) { deep[i] = 'd'; deep[i + 1] = '/'; }

    /* memory */
    UL size = AREA_RW + 3 * PAGE;
    area = (uint8_t *)must(sc6(NR_mmap, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), "area");
    guard_page = area + AREA_RW;
    ro_page = guard_page + PAGE;
    hole_page = ro_page + PAGE;
    must(sc3(NR_mprotect, guard_page, PAGE, 0), "guard");
    /* the read-only page: a path string, then zeros (ASCII never sets bit 7, see a_sigset) */
    memcpy(ro_page, "f0", 3);
    must(sc3(NR_mprotect, ro_page, PAGE, PROT_READ), "ro");
    must(sc2(NR_munmap, hole_page, PAGE), "hole");
    victim = (uint8_t *)must(sc6(NR_mmap, 0, VICTIM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), "victim");
    /* a guard page below `special` keeps overruns of neighbouring mappings out */
    special = (uint8_t *)must(sc6(NR_mmap, 0, 2 * PAGE + ALT_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), "special");
    must(sc3(NR_mprotect, special, PAGE, 0), "special guard");
    special += PAGE;

    /* every catchable signal gets a handler, so nothing raised later can end the process */
    for (int sig = 1; sig <= 64; sig++) {
        if (sig == 9 || sig == 19) continue;
        UL act[3] = {(UL)&on_signal, SA_SIGINFO, 0};
        long r = sc4(NR_rt_sigaction, sig, act, 0, 8);
        /* the signals the generated calls can make the kernel raise must be covered */
        if (r < 0 && (sig == 13 || sig == 14 || sig == WD_SIG || sig == 23 || sig == 24 || sig == 25 ||
                      sig == 26 || sig == 27 || sig == 29)) die("rt_sigaction");
    }
    UL none = 0;
    must(sc4(NR_rt_sigprocmask, 2, &none, 0, 8), "sigprocmask");

    /* the watchdog: a one-shot timer armed around every call */
    int sev[16] = {0};
    sev[2] = WD_SIG;
    sev[3] = SIGEV_SIGNAL;
    int id = -1;
    must(sc3(NR_timer_create, CLOCK_MONOTONIC, sev, &id), "watchdog");
    wd_timer = id;

    my_pid = sc0(NR_getpid);
    my_tid = sc0(NR_gettid);
    brk0 = brk_now = (UL)sc1(NR_brk, 0);

    /* a few descriptors of each kind to start from */
    fd_add(0, -1);
    fd_add(1, -1);
    fd_add(2, -1);
    fd_add(sc4(NR_openat, AT_FDCWD, "f0", O_RDWR, 0), K_FILE);
    fd_add(sc4(NR_openat, AT_FDCWD, "d1", O_RDONLY | O_DIRECTORY, 0), K_DIR);
    int p[2];
    if (sc2(NR_pipe2, p, 0) == 0) { fd_add(p[0], K_PIPE); fd_add(p[1], K_PIPE); }
    fd_add(sc2(NR_eventfd2, 0, 0), K_EVENT);
    fd_add(sc1(NR_epoll_create1, 0), K_EPOLL);
    fd_add(sc2(NR_memfd_create, "m0", 0), K_FILE);
    line_len = 0;
    emit("setup fds");
    for (int i = 0; i < nfds; i++) { emit(" "); emit_dec(fds[i].fd); }
    emit("\n");
    flush_line();
}

/* Periodic, not one-shot: under load an expiry can come before the call starts (the handler
   runs, then the call blocks with nothing left to interrupt it, on Linux as well); the next one
   still interrupts it. 0 disarms. */
static void arm_watchdog(long ns)
{
    long its[4] = {0, ns, 0, ns};
    sc4(NR_timer_settime, wd_timer, 0, its, 0);
}

static const struct call *choose(int total_weight)
{
    for (;;) {
        long w = (long)below((UL)total_weight);
        for (size_t i = 0; i < COUNT(CALLS); i++) {
            w -= CALLS[i].weight;
            if (w < 0) {
                if (is_excluded(CALLS[i].name)) break;
                return &CALLS[i];
            }
        }
    }
}

static int total_weight;
static void one_call(long n);

/* A forked child: a watchdog of its own (timers are not inherited), a few silent calls, exit. */
static void child_main(void)
{
    in_child = 1;
    /* Descriptors of its own: with the parent's pipes shared, the child could drain one the
       parent is about to read, and rvjit's blocking pipe reads cannot be interrupted then (see
       docs/fuzzing.md); files in the scratch directory are opened afresh. */
    sc3(NR_close_range, 0, CWD_FD - 1, 0);
    sc3(NR_close_range, CWD_FD + 1, ~0U, 0);
    /* its log: child-N.log in the scratch directory (N: the fork's index), for reproductions */
    char name[] = "child-0.log";
    name[6] = (char)('0' + nchildren);
    long lfd = sc4(NR_openat, CWD_FD, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (lfd < 0 || sc3(NR_dup3, lfd, LOG_FD, O_CLOEXEC) != LOG_FD) silent = 1;
    if (lfd >= 0) sc1(NR_close, lfd);
    nfds = 0;
    fd_add(sc4(NR_openat, CWD_FD, "f0", O_RDWR, 0), K_FILE);
    fd_add(sc4(NR_openat, CWD_FD, "d1", O_RDONLY | O_DIRECTORY, 0), K_DIR);
    fd_add(sc2(NR_eventfd2, 0, 0), K_EVENT);
    my_pid = sc0(NR_getpid);
    my_tid = sc0(NR_gettid);
    nchildren = 0;
    ntimers = 0;
    int sev[16] = {0};
    sev[2] = WD_SIG;
    sev[3] = SIGEV_SIGNAL;
    int id = -1;
    if (sc3(NR_timer_create, CLOCK_MONOTONIC, sev, &id) < 0) sc1(NR_exit_group, 99);
    wd_timer = id;
    long calls = (long)below(CHILD_CALLS + 1);
    for (long n = 0; n < calls; n++) one_call(n);
    /* a Linux-like end of either kind: an exit status, or death by SIGKILL */
    if (chance(20)) sc2(NR_kill, my_pid, 9);
    sc1(NR_exit_group, (long)below(256));
}

static void one_call(long n)
{
    const struct call *c;
    do {
        c = choose(total_weight);
        cur_name = c->name;
        cur_nr = c->nr;
        NA = 0;
        bump = 0;
        for (int i = 0; i < 6; i++) { A[i] = 0; desc[i][0] = 0; }
    } while (!generate(c));
    line_len = 0;
    emit_dec(n);
    emit(" ");
    if (c->nr == -1) { emit("syscall_"); emit_dec(cur_nr); } else emit(cur_name);
    emit("(");
    for (int i = 0; i < NA; i++) {
        if (i) emit(", ");
        emit(desc[i]);
    }
    emit(")");
    flush_line();

    arm_watchdog(WATCHDOG_NS);
    long r = sc6(cur_nr, A[0], A[1], A[2], A[3], A[4], A[5]);
    arm_watchdog(0);
    if (c->nr == -2 && r == 0) child_main();
    if (c->nr == -2 && r > 0) children[nchildren++] = r;

    print_result(c->nr, r);
    emit("\n");
    flush_line();
    after(c->nr, r);
    /* undo what would change how later calls are read: the directory */
    if (c->nr == NR_chdir || c->nr == NR_fchdir) sc1(NR_fchdir, CWD_FD);
}

static unsigned long parse_u(const char *s)
{
    unsigned long v = 0;
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) { base = 16; s += 2; }
    for (; *s; s++) {
        int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;
        if (d < 0 || d >= base) break;
        v = v * (unsigned long)base + (unsigned long)d;
    }
    return v;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "--list")) {
        for (size_t i = 0; i < COUNT(CALLS); i++) {
            line_len = 0;
            emit_dec(CALLS[i].nr);
            emit(" ");
            emit(CALLS[i].name);
            emit("\n");
            int off = 0;
            while (off < line_len) { long n = sc3(NR_write, 1, line + off, line_len - off); if (n <= 0) break; off += (int)n; }
        }
        return 0;
    }
    if (argc < 3) {
        static const char usage[] = "usage: fuzz_syscalls SEED COUNT [-x NAME]... | --list\n";
        sc3(NR_write, 2, usage, sizeof usage - 1);
        return 2;
    }
    rng_state = parse_u(argv[1]);
    long count = (long)parse_u(argv[2]);
    for (int i = 3; i + 1 < argc; i += 2)
        if (!strcmp(argv[i], "-x") && nexcluded < (int)COUNT(excluded)) excluded[nexcluded++] = argv[i + 1];
    no_fifo = is_excluded("fifo");
    no_big_select = is_excluded("big-select");
    setup();

    for (size_t i = 0; i < COUNT(CALLS); i++) total_weight += CALLS[i].weight;

    for (long n = 0; n < count; n++) one_call(n);
    /* every child is waited for: one still running at the end is a bug of the emulator (the
       fuzzer's driver sees the hang), never something left behind */
    int reaped = 0;
    for (;;) {
        arm_watchdog(0);
        long r = sc4(NR_wait4, -1, 0, 0x40000000 /* __WALL */, 0);
        if (r == -EINTR) continue;
        if (r < 0) break;
        reaped++;
    }
    line_len = 0;
    emit("children ");
    emit_dec(nchildren);
    if (reaped > nchildren) emit(" (more reaped than forked)");
    emit("\n");
    flush_line();
    line_len = 0;
    emit("done ");
    emit_dec(count);
    emit("\n");
    flush_line();
    sc1(NR_exit_group, 0);
    return 0;
}
