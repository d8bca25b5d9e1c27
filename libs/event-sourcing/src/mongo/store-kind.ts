// Which server a connection talks to. The code is the same on both (DESIGN §5); only how it spends
// reads differs: MongoDB answers filters from indexes, FerretDB 1.24 on SQLite scans the collection
// for every query (ADR 0006).
import { type Connection } from 'mongoose';
import { onceUnlessFailed } from '../once-unless-failed.js';

export type StoreKind = 'mongodb' | 'ferretdb';

const kinds = new WeakMap<Connection, () => Promise<StoreKind>>();

/**
 * `ferretdb` when the server's buildInfo names a FerretDB version; asked once per connection (and
 * asked again when the question failed: the store was away).
 */
export function storeKind(connection: Connection): Promise<StoreKind> {
  let ask = kinds.get(connection);
  if (!ask) {
    ask = onceUnlessFailed(() =>
      connection
        .asPromise()
        .then((c) => {
          if (!c.db) throw new Error('the store connection opened without a database');
          return c.db.admin().command({ buildInfo: 1 });
        })
        .then((info): StoreKind => (typeof info.ferretdbVersion === 'string' ? 'ferretdb' : 'mongodb')),
    );
    kinds.set(connection, ask);
  }
  return ask();
}
