import { readFileSync } from 'node:fs';

// This file sits one level below package.json in src/, dist/ and bundle/ alike.
export const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
