// File-system and descriptor syscalls. The families live in their own modules; importing this
// one registers them all.

import './fs-io.js';
import './fs-open.js';
import './fs-stat.js';
import './fs-path.js';
import './fs-dir.js';
import './fs-ctl.js';

export { readFile, writeFile, iovecs } from './fs-io.js';
export { putStat } from './fs-stat.js';
