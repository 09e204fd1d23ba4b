// Signal numbers, names and default actions (Linux generic numbering, used by riscv64).

export const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7, SIGFPE = 8,
  SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15,
  SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22,
  SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29,
  SIGPWR = 30, SIGSYS = 31;
export const NSIG = 64;

const INFO: [string, string][] = [
  ['', ''], ['SIGHUP', 'Hangup'], ['SIGINT', 'Interrupt'], ['SIGQUIT', 'Quit'], ['SIGILL', 'Illegal instruction'],
  ['SIGTRAP', 'Trace/breakpoint trap'], ['SIGABRT', 'Aborted'], ['SIGBUS', 'Bus error'],
  ['SIGFPE', 'Floating point exception'], ['SIGKILL', 'Killed'], ['SIGUSR1', 'User defined signal 1'],
  ['SIGSEGV', 'Segmentation fault'], ['SIGUSR2', 'User defined signal 2'], ['SIGPIPE', 'Broken pipe'],
  ['SIGALRM', 'Alarm clock'], ['SIGTERM', 'Terminated'], ['SIGSTKFLT', 'Stack fault'], ['SIGCHLD', 'Child exited'],
  ['SIGCONT', 'Continued'], ['SIGSTOP', 'Stopped (signal)'], ['SIGTSTP', 'Stopped'], ['SIGTTIN', 'Stopped (tty input)'],
  ['SIGTTOU', 'Stopped (tty output)'], ['SIGURG', 'Urgent I/O condition'], ['SIGXCPU', 'CPU time limit exceeded'],
  ['SIGXFSZ', 'File size limit exceeded'], ['SIGVTALRM', 'Virtual timer expired'], ['SIGPROF', 'Profiling timer expired'],
  ['SIGWINCH', 'Window changed'], ['SIGIO', 'I/O possible'], ['SIGPWR', 'Power failure'], ['SIGSYS', 'Bad system call'],
];

export function signalName(sig: number): string {
  if (sig > 0 && sig < INFO.length) return INFO[sig]![0];
  if (sig >= 32 && sig <= NSIG) return sig === 32 ? 'SIGRTMIN' : `SIGRTMIN+${sig - 32}`;
  return `signal ${sig}`;
}

export function signalText(sig: number): string {
  if (sig > 0 && sig < INFO.length) return INFO[sig]![1];
  return `Real-time signal ${sig - 32}`;
}

export type DefaultAction = 'term' | 'core' | 'ign' | 'stop' | 'cont';

export function defaultAction(sig: number): DefaultAction {
  switch (sig) {
    case SIGCHLD: case SIGURG: case SIGWINCH:
      return 'ign';
    case SIGCONT:
      return 'cont';
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
      return 'stop';
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE: case SIGSEGV:
    case SIGXCPU: case SIGXFSZ: case SIGSYS:
      return 'core';
    default:
      return 'term';
  }
}
