#!/usr/bin/env node
// Entry point of the `rvjit` command (compiled sources live in dist/).
import { main } from '../dist/src/cli/main.js';

// Exit explicitly: worker threads running guest threads must not keep the process alive.
process.exit(main(process.argv.slice(2)));
