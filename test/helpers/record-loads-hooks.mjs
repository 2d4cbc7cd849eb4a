// Module loader hooks (they run on the loader's own thread): record each file before loading it.
import { appendFileSync } from 'node:fs';
import process from 'node:process';

export async function load(url, context, nextLoad) {
  if (process.env.SOFAKAFKA_TEST_LOAD_LOG && url.startsWith('file:')) appendFileSync(process.env.SOFAKAFKA_TEST_LOAD_LOG, `${url}\n`);
  return nextLoad(url, context);
}
