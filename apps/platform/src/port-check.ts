// Whether `npm start` can have its HTTP port, asked before the seven services are built: a busy port
// is then told in one sentence at once, instead of after start-up and beside Nest's own error log.
import net from 'node:net';
import { listenError } from './cli.js';

/** Resolves when `port` on loopback can be listened on now; rejects with listenError's UsageError if not. */
export function checkPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err) => reject(listenError(err, port) ?? err));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
