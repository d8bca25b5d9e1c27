// Leases on MongoDB and FerretDB, written so that only an insert into a unique index decides who
// wins — the one write both stores apply atomically (FerretDB 1.24 applies neither upserts nor
// conditional updates atomically under concurrency).
//
// A lease is a sequence of terms, one document each: `{_id: "<name>#<term>", name, term, owner,
// expiresAt}`. The latest term is the lease. Its owner renews it by updating `expiresAt` on its own
// term document, which nobody else writes. Once the latest term has expired, whoever wants the lease
// inserts term + 1: the unique `_id` lets exactly one contender in. Old terms are pruned.
import { Schema, type Connection, type Model } from 'mongoose';
import { type LeaseStore } from '../lease.js';
import { isDuplicateKeyError } from './duplicate-key.js';

interface LeaseTerm {
  _id: string;
  name: string;
  term: number;
  owner: string;
  expiresAt: Date;
}

const leaseSchema = (): Schema<LeaseTerm> => {
  const schema = new Schema<LeaseTerm>(
    {
      _id: { type: String, required: true },
      name: { type: String, required: true },
      term: { type: Number, required: true },
      owner: { type: String, required: true },
      expiresAt: { type: Date, required: true },
    },
    { versionKey: false, autoIndex: false, autoCreate: false, strict: true },
  );
  schema.index({ name: 1, term: -1 }, { name: 'latest_term' });
  return schema;
};

/** Terms kept behind the latest, for diagnosing take-overs. */
const KEEP_TERMS = 20;

export class MongoLeaseStore implements LeaseStore {
  private constructor(private readonly model: Model<LeaseTerm>) {}

  static async open(connection: Connection, options: { collection?: string } = {}): Promise<MongoLeaseStore> {
    const collection = options.collection ?? 'leases';
    const modelName = `leases:${collection}`;
    const model =
      (connection.models[modelName] as Model<LeaseTerm> | undefined) ??
      connection.model<LeaseTerm>(modelName, leaseSchema(), collection);
    await model.createIndexes();
    return new MongoLeaseStore(model);
  }

  async acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    const latest = await this.latest(name);
    if (latest && latest.expiresAt.getTime() > now.getTime()) {
      if (latest.owner !== owner) return false;
      // Our own unexpired term: nobody else may write it, so a plain update renews it.
      await this.model.updateOne({ _id: latest._id, owner }, { $set: { expiresAt } }).exec();
      return true;
    }
    const term = (latest?.term ?? 0) + 1;
    try {
      await this.model.collection.insertOne({ _id: `${name}#${term}`, name, term, owner, expiresAt } as never);
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
    if (term > KEEP_TERMS) await this.model.deleteMany({ name, term: { $lte: term - KEEP_TERMS } }).exec();
    return true;
  }

  async release(name: string, owner: string): Promise<void> {
    const latest = await this.latest(name);
    if (latest?.owner === owner) {
      await this.model.updateOne({ _id: latest._id, owner }, { $set: { expiresAt: new Date(0) } }).exec();
    }
  }

  async holder(name: string, now: Date): Promise<string | undefined> {
    const latest = await this.latest(name);
    return latest && latest.expiresAt.getTime() > now.getTime() ? latest.owner : undefined;
  }

  private async latest(name: string): Promise<LeaseTerm | null> {
    const found = await this.model.findOne({ name }).sort({ term: -1 }).lean<LeaseTerm>().exec();
    return found ? { ...found, expiresAt: new Date(found.expiresAt) } : null;
  }
}
