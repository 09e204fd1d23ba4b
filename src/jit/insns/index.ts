// Loads every instruction family so that EMITTERS is complete.
import './int.js';
import './mem.js';
import './system.js';
import './atomic.js';
import './fp.js';

export { EMITTERS, missingEmitters } from './registry.js';
