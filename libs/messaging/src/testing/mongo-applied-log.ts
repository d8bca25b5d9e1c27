// The applied log of the crash scenario in MongoDB, so a consumer in another process can write it.
// Ordered by a sub-millisecond wall-clock stamp: the doomed process writes strictly before it is
// killed and the restarted consumer after, so the stamps order the two processes' entries too.
import { type Connection } from 'mongoose';
import { type AppliedLog } from './doomed-consumer.js';

interface AppliedDoc {
  eventId: string;
  at: number;
}

export class MongoAppliedLog implements AppliedLog {
  constructor(
    private readonly connection: Connection,
    readonly collection: string,
  ) {}

  async append(eventId: string): Promise<void> {
    await this.connection
      .collection<AppliedDoc>(this.collection)
      .insertOne({ eventId, at: performance.timeOrigin + performance.now() });
  }

  async entries(): Promise<string[]> {
    const docs = await this.connection.collection<AppliedDoc>(this.collection).find().sort({ at: 1 }).toArray();
    return docs.map((d) => d.eventId);
  }
}
