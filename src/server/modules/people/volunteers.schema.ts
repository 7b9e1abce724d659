import type { Volunteer, VolunteerHours, HoursState, VolunteerStatus } from '../../../contracts/volunteers.ts';
import type { HoursRowWithName, VolunteerRowWithArea } from './volunteers.repository.ts';

// The shapes live in src/contracts/volunteers.ts (the web reads them too); this file maps rows to them.
export * from '../../../contracts/volunteers.ts';

export function toVolunteer(row: VolunteerRowWithArea, minutes: { verified: number; claimed: number } | undefined): Volunteer {
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name,
    name: row.name,
    hasAccount: row.user_id !== null,
    personId: row.person_id,
    skills: JSON.parse(row.skills) as string[],
    availability: row.availability,
    serviceAreas: JSON.parse(row.service_areas) as string[],
    status: (row.status ?? 'active') as VolunteerStatus,
    verifiedMinutes: minutes?.verified ?? 0,
    claimedMinutes: minutes?.claimed ?? 0,
    generated: Boolean(row.generated),
    createdAt: row.created_at,
    updatedAt: row.updated_at ?? null,
  };
}

export function toHours(row: HoursRowWithName): VolunteerHours {
  return {
    id: row.id,
    volunteerId: row.volunteer_id,
    volunteerName: row.volunteer_name,
    areaCode: row.area_code,
    serviceDate: row.service_date,
    minutes: row.minutes,
    activity: row.activity,
    state: row.state as HoursState,
    claimedAt: row.claimed_at,
    decidedAt: row.decided_at,
    decidedByName: row.decided_by_name,
    reason: row.reason,
    credited: row.transfer_id !== null,
  };
}
