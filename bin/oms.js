#!/usr/bin/env node
// Runs the TypeScript sources through tsx: one package, no build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/apps/cli.ts');
