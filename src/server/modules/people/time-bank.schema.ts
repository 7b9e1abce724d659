import type { TimeBankAccountRow, TimeBankRow } from '../../db/tables/volunteers.ts';
import { maskName } from '../../../engine/identity/name-mask.ts';
import type { Account, Post, TimeBank } from '../../../contracts/volunteers.ts';
import type { PostRowWithHolder } from './time-bank.repository.ts';

// The shapes live in src/contracts/volunteers.ts; this file maps rows to them.
export * from '../../../contracts/volunteers.ts';

/** A community that has never set its time bank runs none: no credit line, no ceiling. */
export const DEFAULT_BANK = { active: false, min_balance: 0, max_balance: null, credit_volunteer_hours: true, version: 0 } as const;

export function toTimeBank(areaCode: string, areaName: string | null, row: TimeBankRow | undefined, members: number): TimeBank {
  const b = row ?? DEFAULT_BANK;
  return {
    areaCode,
    areaName,
    active: Boolean(b.active),
    minBalance: b.min_balance,
    maxBalance: b.max_balance,
    creditVolunteerHours: Boolean(b.credit_volunteer_hours),
    members,
    version: b.version,
  };
}

export function toAccount(row: TimeBankAccountRow, balance: number, bank: TimeBankRow | undefined): Account {
  const member = row.kind === 'member';
  return {
    id: row.id,
    areaCode: row.area_code,
    kind: row.kind as Account['kind'],
    holderName: row.holder_name,
    volunteerId: row.volunteer_id,
    balance,
    minBalance: member ? (bank?.min_balance ?? 0) : Number.MIN_SAFE_INTEGER,
    maxBalance: member ? (bank?.max_balance ?? null) : null,
    openedAt: row.opened_at,
  };
}

/** `maskOthers`: the reader is a member of the public (a resident), who sees other posters' names masked. */
export function toPost(row: PostRowWithHolder, userId: string, maskOthers = false): Post {
  const mine = row.user_id === userId;
  return {
    id: row.id,
    areaCode: row.area_code,
    kind: row.kind as Post['kind'],
    accountId: row.account_id,
    holderName: maskOthers && !mine ? maskName(row.holder_name) : row.holder_name,
    title: row.title,
    description: row.description,
    minutes: row.minutes,
    status: row.status as Post['status'],
    mine,
    createdAt: row.created_at,
  };
}
