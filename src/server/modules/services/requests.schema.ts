/**
 * Service requests: rows → API shapes, and the small rules on a row's columns (its deciding unit,
 * its reference number, its clocks read from the columns).
 */
import { maskName } from '../../../engine/identity/name-mask.ts';
import type {
  Attachment,
  Channel,
  ClockStanding,
  Clocks,
  DecisionLevel,
  EventKind,
  EventVisibility,
  FormValues,
  MaterialLine,
  Outcome,
  RequestEvent,
  RequestStatus,
  ServiceRequestSummary,
} from '../../../contracts/service-requests.ts';
import type { WorkingCalendar } from '../../../engine/calendar/working-days.ts';
import { chinaDate, expectedAt, readClock, type ClockReading, type Pause } from '../../../engine/services/request-clocks.ts';
import type { AttachmentRow, EventRow, RequestRow, RequestRowWithNames } from './requests.repository.ts';

/** Working days a unit has to accept or refuse a request (the acceptance clock). */
export const ACCEPTANCE_DAYS = 2;

export interface ClockSettings {
  /** 0..1: share of a limit after which a clock warns. */
  warningShare: number;
  /** Working days after the due day before an overdue request goes to the level above. */
  escalateAboveAfterDays: number;
}

/** The deciding unit of an item at the applicant's level of the tree: their village, township or county. */
export function unitOf(communityCode: string, level: DecisionLevel): string {
  return level === 'village' ? communityCode : level === 'township' ? communityCode.slice(0, 9) : communityCode.slice(0, 6);
}

/** The reference people read and say on the phone: SR-<China date>-<last 8 hex digits of the id>. */
export function requestNumber(id: string, submittedAt: string): string {
  return `SR-${chinaDate(submittedAt).replaceAll('-', '')}-${id.replaceAll('-', '').slice(-8).toUpperCase()}`;
}

export const bool = (v: boolean | number | null | undefined): boolean => v === true || v === 1;

export function pausesOf(row: Pick<RequestRow, 'pauses'>): Pause[] {
  return JSON.parse(row.pauses) as Pause[];
}

export interface RowClocks {
  acceptance: ClockReading;
  processing: ClockReading;
}

/** Both clocks of a request, read from its columns at `now`. */
export function clocksOf(cal: WorkingCalendar, row: RequestRow, now: string, settings: ClockSettings): RowClocks {
  const acceptance = readClock(cal, { startedAt: row.arrived_at, stoppedAt: row.accepted_at ?? (row.open ? null : (row.closed_at ?? row.updated_at)), limitDays: row.acceptance_days }, now, settings.warningShare);
  const stopped = row.decided_at ?? (bool(row.open) ? null : row.updated_at);
  const processing = readClock(cal, { startedAt: row.accepted_at, stoppedAt: row.accepted_at === null ? null : stopped, limitDays: row.committed_days, pauses: pausesOf(row) }, now, settings.warningShare);
  return { acceptance, processing };
}

/** The clock that runs now (acceptance until accepted, then processing). */
export function runningClock(clocks: RowClocks): ClockReading {
  return clocks.processing.state === 'notStarted' ? clocks.acceptance : clocks.processing;
}

export function toClocks(cal: WorkingCalendar, clocks: RowClocks, row: RequestRow): Clocks {
  const clock = (c: ClockReading) => ({
    state: c.state,
    standing: c.standing,
    limitDays: c.limitDays,
    usedDays: c.usedDays,
    startedAt: c.startedAt,
    stoppedAt: c.stoppedAt,
    warnAt: c.warnAt,
    dueAt: c.dueAt,
    pausedDays: c.pausedDays,
  });
  const open = bool(row.open);
  return {
    acceptance: clock(clocks.acceptance),
    processing: clock(clocks.processing),
    expectedAt: open && row.decided_at === null ? expectedAt(cal, clocks.acceptance, clocks.processing, row.committed_days) : null,
    calendarFallback: bool(row.calendar_fallback) || clocks.acceptance.assumedYears.length > 0 || clocks.processing.assumedYears.length > 0,
  };
}

/** Standing of a request as the sweep has recorded it (stage), for lists that must not compute clocks per row. */
export function standingOf(row: RequestRow): ClockStanding {
  if (!bool(row.open)) return row.decided_on_time === null ? 'onTime' : bool(row.decided_on_time) ? 'onTime' : 'overdue';
  return row.stage >= 2 ? 'overdue' : row.stage === 1 ? 'warning' : 'onTime';
}


export function toSummary(row: RequestRowWithNames, options: { maskApplicant: boolean; queueUnit?: string }): ServiceRequestSummary {
  return {
    id: row.id,
    number: row.number,
    itemCode: row.item_code,
    itemName: row.item_name,
    status: row.status as RequestStatus,
    outcome: row.outcome as Outcome | null,
    channel: row.channel as Channel,
    communityCode: row.area_code,
    communityName: row.community_name,
    unitCode: row.unit_code,
    unitName: row.unit_name,
    applicantName: options.maskApplicant ? maskName(row.applicant_name) : row.applicant_name,
    assigneeId: row.assignee_user_id,
    assigneeName: row.assignee_name,
    submittedAt: row.submitted_at,
    dueAt: row.due_at,
    standing: standingOf(row),
    escalationLevel: row.stage >= 3 ? 2 : row.stage === 2 ? 1 : 0,
    escalatedToQueue: options.queueUnit !== undefined && row.unit_code !== options.queueUnit,
    generated: bool(row.generated),
  };
}

export function toEvent(row: EventRow): RequestEvent {
  return {
    id: row.id,
    kind: row.kind as EventKind,
    at: row.at,
    from: row.from_status as RequestStatus | null,
    to: row.to_status as RequestStatus | null,
    actor: row.actor_name,
    actorRole: row.actor_role,
    note: row.note,
    visibility: row.visibility as EventVisibility,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
  };
}

export function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    material: row.material,
    fileName: row.file_name,
    mediaType: row.media_type,
    size: Number(row.size),
    sha256: row.sha256,
    uploadedAt: row.uploaded_at,
    uploadedBy: row.uploaded_by_name,
  };
}

export interface StoredMaterial {
  material: string;
  received: boolean;
}

export function materialsOf(row: Pick<RequestRow, 'materials'>): StoredMaterial[] {
  return JSON.parse(row.materials) as StoredMaterial[];
}

export function formValuesOf(row: Pick<RequestRow, 'form_values'>): FormValues {
  return JSON.parse(row.form_values) as FormValues;
}

/** The checklist: every material of the item, ticked where received, with the attachments filed under it. */
export function materialLines(
  itemMaterials: readonly { key: string; name: string; required: boolean }[],
  stored: readonly StoredMaterial[],
  attachments: readonly AttachmentRow[],
): MaterialLine[] {
  const received = new Map(stored.map((m) => [m.material, m.received]));
  return itemMaterials.map((m) => ({
    material: m.key,
    name: m.name,
    required: m.required,
    received: received.get(m.key) ?? false,
    attachmentIds: attachments.filter((a) => a.material === m.key).map((a) => a.id),
  }));
}
