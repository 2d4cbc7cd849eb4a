// The floor for a one-round-trip command, for bench/startup.mjs: what a client written for nothing
// but start-up costs. Node's net and crypto only: ApiVersions, a SCRAM-SHA-512 login and one
// Metadata request, as kafkajs and Kafka's clients do them; no config file, no command line, no
// output formatting, no error handling beyond a failed login. Prints the broker count.
// BARE_BOOTSTRAP=host:port BARE_PASSWORD=... node bench/bare-client.cjs  (user "admin")
'use strict';
const net = require('node:net');
const crypto = require('node:crypto');

const [host, port] = process.env.BARE_BOOTSTRAP.split(':');
const socket = net.connect(Number(port), host);
socket.setNoDelay(true);
let pending = Buffer.alloc(0);
const waiting = [];
socket.on('data', (data) => {
  pending = Buffer.concat([pending, data]);
  while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
    const size = pending.readInt32BE(0);
    waiting.shift()(pending.subarray(4, 4 + size));
    pending = pending.subarray(4 + size);
  }
});

const int16 = (n) => { const b = Buffer.alloc(2); b.writeInt16BE(n); return b; };
const int32 = (n) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
const string = (s) => Buffer.concat([int16(Buffer.byteLength(s)), Buffer.from(s)]);
const bytes = (s) => Buffer.concat([int32(Buffer.byteLength(s)), Buffer.from(s)]);
let correlation = 0;
/** Request header v1; the response's body after its correlation id (response header v0). */
function request(apiKey, version, body) {
  const frame = Buffer.concat([int16(apiKey), int16(version), int32(++correlation), string('bare'), body]);
  socket.write(Buffer.concat([int32(frame.length), frame]));
  return new Promise((resolve) => waiting.push((response) => resolve(response.subarray(4))));
}

/** SaslAuthenticate v0's response: error code, error message, auth bytes. */
function authBytes(response) {
  if (response.readInt16BE(0) !== 0) throw new Error(`login refused (error ${response.readInt16BE(0)})`);
  const messageLength = response.readInt16BE(2);
  const at = 4 + Math.max(messageLength, 0);
  return response.subarray(at + 4, at + 4 + response.readInt32BE(at)).toString();
}

async function main() {
  await request(18, 0, Buffer.alloc(0)); // ApiVersions
  await request(17, 1, string('SCRAM-SHA-512')); // SaslHandshake
  const clientFirst = `n=admin,r=${crypto.randomBytes(18).toString('base64')}`;
  const serverFirst = authBytes(await request(36, 0, bytes(`n,,${clientFirst}`)));
  const fields = Object.fromEntries(serverFirst.split(',').map((field) => [field[0], field.slice(2)]));
  const salted = crypto.pbkdf2Sync(process.env.BARE_PASSWORD, Buffer.from(fields.s, 'base64'), Number(fields.i), 64, 'sha512');
  const clientKey = crypto.createHmac('sha512', salted).update('Client Key').digest();
  const storedKey = crypto.createHash('sha512').update(clientKey).digest();
  const withoutProof = `c=biws,r=${fields.r}`;
  const signature = crypto.createHmac('sha512', storedKey).update(`${clientFirst},${serverFirst},${withoutProof}`).digest();
  const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]));
  authBytes(await request(36, 0, bytes(`${withoutProof},p=${proof.toString('base64')}`)));
  // Metadata v4, all topics: throttle time, then the broker array.
  const metadata = await request(3, 4, Buffer.concat([int32(-1), Buffer.from([0])]));
  process.stdout.write(`${metadata.readInt32BE(4)} broker(s)\n`);
  socket.destroy();
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
  socket.destroy();
});
