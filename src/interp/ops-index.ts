// Registers every instruction family's interpreter handlers.
import './ops-int.js';
import './ops-control.js';
import './ops-mem.js';
import './ops-atomic.js';
import './ops-fp.js';
