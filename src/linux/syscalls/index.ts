// Registers every syscall family.
import './proc.js';
import './mm.js';
import './time.js';
import './fs.js';
import './signal.js';
import './thread.js';
import './timer.js';
import './poll.js';
import './execve.js';
import './children.js';
