// stream-client.mjs: one measured run of the official groq-sdk, for bench-stream's "sdk" mode
//
// Copyright 2026 The Brisk developers
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// node stream-client.mjs INSTALL_DIR BASE_URL
//
// Streams one reply through groq-sdk as an application would, and prints one line in the
// format of `bench-stream --client`:
//   result events=… bytes=… wall_us=… cpu_us=… maxrss_kib=… slices=… content_bytes=… content_hash=…
// bench-stream checks the counts and the hash, so a wrong stream fails there.

import { createRequire } from 'node:module';
import path from 'node:path';

const [installDir, baseURL] = process.argv.slice(2);
if (!installDir || !baseURL) {
  console.error('usage: node stream-client.mjs INSTALL_DIR BASE_URL');
  process.exit(2);
}

// The pinned package is installed in the build directory, not next to this script, and an
// ESM import only looks next to the script: resolve it from INSTALL_DIR instead.
const require = createRequire(path.join(path.resolve(installDir), 'package.json'));
const { default: Groq } = require('groq-sdk');

// The SDK does not say how many bytes it read; count them as they pass, for MB/s and the
// byte check. One stream hop per network read (tens of KiB), not per event.
let bodyBytes = 0;
const countingFetch = async (url, init) => {
  const response = await fetch(url, init);
  const counter = new TransformStream({
    transform (chunk, controller) {
      bodyBytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(counter), response);
};

const FNV_PRIME = 0x100000001b3n;
const encoder = new TextEncoder();

const client = new Groq({ apiKey: 'gsk_bench', baseURL, maxRetries: 0, fetch: countingFetch });

let events = 0;
let slices = 0;
let contentBytes = 0;
let hash = 0xcbf29ce484222325n;

// Measured like bench-stream's own runs: from just before the request to the end of the reply.
const cpuStart = process.cpuUsage();
const wallStart = process.hrtime.bigint();

const stream = await client.chat.completions.create({
  model: 'llama-3.3-70b-versatile',
  messages: [{ role: 'user', content: 'bench' }],
  stream: true,
});
for await (const chunk of stream) {
  const text = chunk.choices[0]?.delta?.content;

  events++;
  if (!text)
    continue;
  // The same count and FNV-1a 64 as the Brisk run, over the UTF-8 bytes of the text. BigInt,
  // as JS numbers lose 64-bit products; asUintN wraps at half the cost of a mask (the hash
  // then costs the SDK's run about 1% of its time).
  const bytes = encoder.encode(text);
  for (const byte of bytes)
    hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * FNV_PRIME);
  contentBytes += bytes.length;
  slices++;
}

const wallUs = (process.hrtime.bigint() - wallStart) / 1000n;
const cpu = process.cpuUsage(cpuStart);

console.log(`result events=${events} bytes=${bodyBytes} wall_us=${wallUs} ` +
            `cpu_us=${cpu.user + cpu.system} maxrss_kib=${process.resourceUsage().maxRSS} ` +
            `slices=${slices} content_bytes=${contentBytes} content_hash=${hash}`);
