// A worker thread of the bundled command (src/host/node/threads.ts starts it): it runs the same
// bundle as the main thread, through the same code cache. The V8 flags bin/rvjit.js set are
// process-wide, so the cache made under them is accepted here too.
'use strict';
const { workerData } = require('node:worker_threads');
const { loadBundle } = require('./load-bundle.js');

loadBundle().exports.runPooledWorker(workerData);
