#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';
import { exitAfterOutput } from '../dist/src/cli/terminal/terminal-io.js';

await exitAfterOutput(await main(process.argv));
