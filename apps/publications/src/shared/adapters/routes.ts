// What the publications routes document alike.
import { type ApiHeaderOptions } from '@nestjs/swagger';

/** The Idempotency-Key header of a publications create route, as its document describes it. */
export const RETRY_RETURNS_FIRST: ApiHeaderOptions = {
  name: 'Idempotency-Key',
  required: false,
  description: 'a retry with the same key returns the first result',
};
