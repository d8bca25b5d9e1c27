// The applicants' personal data (name, ID number, contact), kept apart from the events: events carry
// only the pseudonymous `applicantRef`. Erasing an applicant's data removes it here and nowhere else
// — no event changes, so every statistic stays as it was. Personal data is never logged.
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#event-sourcing';
import { DOCUMENTS } from '#event-sourcing/nest';
import { type DocumentCollection, type DocumentCollections } from '#event-sourcing/read-model';

export interface ApplicantPersonalData {
  /** Name of the person, or of the organisation for 法人或其他组织. */
  readonly name: string;
  /** For an organisation: the person who acts for it. */
  readonly contactPerson?: string;
  /** 身份证号 or 统一社会信用代码. */
  readonly idNumber?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly address?: string;
}

export type ApplicantRecord =
  | {
      readonly applicantRef: string;
      readonly status: 'held';
      readonly personalData: ApplicantPersonalData;
      readonly recordedAt: string;
    }
  | {
      readonly applicantRef: string;
      readonly status: 'erased';
      readonly erasedAt: string;
      /** Who erased it (a user id, never personal data). */
      readonly erasedBy: string;
    };

export const APPLICANTS = 'applicants';

/** The reference a new applicant gets: derived from the request id, so a retried create reuses it. */
export const applicantRefFor = (requestId: string): string => `apl-${requestId}`;

@Injectable()
export class ApplicantsService {
  private readonly records: DocumentCollection<ApplicantRecord>;

  constructor(@Inject(DOCUMENTS) documents: DocumentCollections) {
    this.records = documents.collection<ApplicantRecord>(APPLICANTS);
  }

  /**
   * Stores the personal data behind `applicantRef`. With `keepExisting` (a create, maybe retried),
   * data already on file stays as it is: a reused Idempotency-Key cannot overwrite another person's
   * data, and a retry never brings back data erased meanwhile. That is one insert, refused when the
   * reference is on file (held or erased) — no read first, on the path of every new request.
   */
  async record(
    applicantRef: string,
    personalData: ApplicantPersonalData,
    now: Date,
    { keepExisting = false }: { keepExisting?: boolean } = {},
  ): Promise<void> {
    if (keepExisting) {
      const held: ApplicantRecord = { applicantRef, status: 'held', personalData, recordedAt: now.toISOString() };
      await this.records.insertIfAbsent(applicantRef, held);
      return;
    }
    const existing = await this.records.get(applicantRef);
    // A retry must never bring back data that was erased meanwhile.
    if (existing?.status === 'erased') return;
    await this.records.put(applicantRef, {
      applicantRef,
      status: 'held',
      personalData,
      recordedAt: existing?.status === 'held' ? existing.recordedAt : now.toISOString(),
    });
  }

  /** Refuses a reference that is unknown or whose data was erased (a new request needs the person). */
  async requireHeld(applicantRef: string): Promise<void> {
    const record = await this.records.get(applicantRef);
    if (record?.status !== 'held') {
      throw new DomainError(
        record ? 'applicant.erased' : 'applicant.unknown',
        record ? `the personal data of ${applicantRef} was erased` : `no applicant ${applicantRef}`,
        { field: 'applicantRef' },
      );
    }
  }

  async get(applicantRef: string): Promise<ApplicantRecord> {
    const record = await this.records.get(applicantRef);
    if (!record) throw new DomainError('applicant.unknown', `no applicant ${applicantRef}`, { kind: 'not-found' });
    return record;
  }

  /** Erases the personal data; the reference stays, marked erased. Erasing twice changes nothing. */
  async erase(applicantRef: string, actor: string, now: Date): Promise<ApplicantRecord> {
    const record = await this.get(applicantRef);
    if (record.status === 'erased') return record;
    const erased: ApplicantRecord = { applicantRef, status: 'erased', erasedAt: now.toISOString(), erasedBy: actor };
    await this.records.put(applicantRef, erased);
    return erased;
  }
}
