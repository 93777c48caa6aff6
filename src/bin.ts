#!/usr/bin/env node
// Entry point of the `simdnet` command (see cli.ts).
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
