// Reads a request body line by line as it arrives, so a batch of 100,000 rows is never held as one
// string, and refuses a body larger than the limit (HTTP 413) without reading the rest.
import { type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { PayloadTooLargeException } from '@nestjs/common';

export async function* requestLines(body: Readable | string, maxBytes: number): AsyncGenerator<string> {
  if (typeof body === 'string') {
    if (Buffer.byteLength(body) > maxBytes) throw tooLarge(maxBytes);
    yield* body.split('\n');
    return;
  }
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let pending = '';
  for await (const chunk of body) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += buf.length;
    if (bytes > maxBytes) {
      body.destroy();
      throw tooLarge(maxBytes);
    }
    pending += decoder.write(buf);
    let start = 0;
    let at: number;
    while ((at = pending.indexOf('\n', start)) >= 0) {
      yield pending.slice(start, at);
      start = at + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending.length > 0) yield pending;
}

const tooLarge = (maxBytes: number): PayloadTooLargeException =>
  new PayloadTooLargeException({
    statusCode: 413,
    error: 'Payload Too Large',
    message: `a batch body is at most ${Math.round(maxBytes / 1024 / 1024)} MiB: split it`,
    violations: [{ field: '(body)', rule: 'batch.too-large', message: 'body too large' }],
  });
