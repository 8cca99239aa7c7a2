#!/usr/bin/env node
// The compiled CLI: `npm install` builds dist/ (its prepare step), as does `npm run build`.
import '../dist/apps/cli.js';
