// An error a user can cause. It names the rule broken and, where there is one, the field, so the
// HTTP layer can answer a clear 4xx (DESIGN §8.7). Nothing is appended when one is thrown.

export type DomainErrorKind =
  /** The command breaks a business rule or a field is invalid → 422. */
  | 'invalid'
  /** The case is not in a state that allows the command (reply twice, extend twice) → 409. */
  | 'conflict'
  /** The case does not exist → 404. */
  | 'not-found';

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  readonly field: string | undefined;

  constructor(
    /** A stable machine-readable rule id, e.g. `reply.already-replied`. */
    readonly rule: string,
    message: string,
    options: { field?: string; kind?: DomainErrorKind } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = options.kind ?? 'invalid';
    this.field = options.field;
  }
}
