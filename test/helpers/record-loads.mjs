// Loaded with `node --import`: registers record-loads-hooks.mjs, which writes every ES module file
// the process loads to $SOFAKAFKA_TEST_LOAD_LOG (one file: URL a line).
import { register } from 'node:module';
import { URL } from 'node:url';

register(new URL('./record-loads-hooks.mjs', import.meta.url));
