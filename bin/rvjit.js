#!/usr/bin/env node
// Entry point of the `rvjit` command. Loads the single-file bundle (fast start-up) when it has
// been built, else the compiled modules.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : new URL('../dist/src/cli/main.js', import.meta.url).href);
// Exit explicitly: worker threads running guest threads must not keep the process alive.
process.exit(await main(process.argv.slice(2)));
