/**
 * The open-contracting face of the linkage (OCDS 1.1 release packages) and the public notice page
 * (公示) of a community: read models with no personal data, answered without an account.
 */
import { Type, type Static } from 'typebox';

export const ReleasesQuery = Type.Object(
  {
    ocid: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'one contracting process: the configured prefix, a hyphen, the project id' })),
    area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$', description: 'every process of the projects in this area (a county’s package)' })),
  },
  { additionalProperties: false },
);
export type ReleasesQuery = Static<typeof ReleasesQuery>;

/** An OCDS 1.1 release package; validated in tests against the published schema, not restated here. */
export const ReleasePackage = Type.Object(
  {
    uri: Type.String(),
    version: Type.String(),
    publishedDate: Type.String(),
    publisher: Type.Object({ name: Type.String() }, { additionalProperties: true }),
    releases: Type.Array(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

export const PublicNoticeParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{12}$', description: 'a community' }) }, { additionalProperties: false });

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const PublicNotice = Type.Object({
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  calls: Type.Array(
    Type.Object({ callId: Type.String(), projectId: Type.String(), projectTitle: Type.String(), mode: Type.String(), status: Type.String(), submissionDeadline: Type.String(), budgetCents: Type.Integer() }),
  ),
  awards: Type.Array(
    Type.Object({ callId: Type.String(), projectId: Type.String(), projectTitle: Type.String(), organization: Type.String(), amountCents: Nullable(Type.Integer()), awardedAt: Nullable(Type.String()), noticeUntil: Type.String() }),
  ),
  complaints: Type.Array(Type.Object({ id: Type.String(), projectTitle: Type.String(), subject: Type.String(), state: Type.String(), answer: Nullable(Type.String()), createdAt: Type.String() })),
  evaluations: Type.Array(
    Type.Object({ roundId: Type.String(), projectId: Type.String(), projectTitle: Type.String(), organization: Nullable(Type.String()), title: Type.String(), finalScore: Type.Number(), grade: Type.String(), closedAt: Type.String() }),
  ),
});
export type PublicNotice = Static<typeof PublicNotice>;
