export const ROLES = [
  'admin',
  'official',
  'communityWorker',
  'socialWorker',
  'agent',
  'organizationMember',
  'evaluator',
  'resident',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
